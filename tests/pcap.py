"""Tiny hand-made pcap files for Suricata tests: a DNS query, a TLS ClientHello with SNI, an HTTP request.

Checksums are left zero; the tests run Suricata with `-k none`.
"""

from __future__ import annotations

import ipaddress
import struct

CLIENT = "10.0.0.5"
_ETH_IP4 = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"


def _ip(src: str, dst: str, proto: int, payload: bytes) -> bytes:
    header = struct.pack(
        "!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0,
        ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed,
    )  # fmt: skip
    return _ETH_IP4 + header + payload


def _udp(src: str, dst: str, sport: int, dport: int, data: bytes) -> bytes:
    return _ip(src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data)


def _tcp(
    src: str, dst: str, sport: int, dport: int, seq: int, ack: int, flags: int, data: bytes = b""
) -> bytes:
    return _ip(
        src, dst, 6, struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + data
    )


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def tcp_session(
    server: str, port: int, request: bytes, response: bytes = b"", sport: int = 40000
) -> list[bytes]:
    c, s = 1000, 5000
    packets = [
        _tcp(CLIENT, server, sport, port, c, 0, SYN),
        _tcp(server, CLIENT, port, sport, s, c + 1, SYN | ACK),
        _tcp(CLIENT, server, sport, port, c + 1, s + 1, ACK),
        _tcp(CLIENT, server, sport, port, c + 1, s + 1, PSH | ACK, request),
        _tcp(server, CLIENT, port, sport, s + 1, c + 1 + len(request), ACK),
    ]
    if response:
        packets.append(_tcp(server, CLIENT, port, sport, s + 1, c + 1 + len(request), PSH | ACK, response))
        packets.append(_tcp(CLIENT, server, sport, port, c + 1 + len(request), s + 1 + len(response), ACK))
    return packets


def dns_query(name: str, server: str = "192.0.2.53", sport: int = 53000) -> bytes:
    qname = b"".join(bytes([len(label)]) + label.encode("ascii") for label in name.split(".")) + b"\x00"
    message = struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + qname + struct.pack("!HH", 1, 1)
    return _udp(CLIENT, server, sport, 53, message)


def client_hello(sni: str) -> bytes:
    name = sni.encode("ascii")
    server_name = struct.pack("!HBH", len(name) + 3, 0, len(name)) + name
    extensions = struct.pack("!HH", 0, len(server_name)) + server_name
    body = (
        b"\x03\x03" + bytes(32) + b"\x00" + struct.pack("!H", 2) + b"\x00\x2f" + b"\x01\x00"
        + struct.pack("!H", len(extensions)) + extensions
    )  # fmt: skip
    handshake = b"\x01" + len(body).to_bytes(3, "big") + body
    return b"\x16\x03\x01" + struct.pack("!H", len(handshake)) + handshake


def http_request(host: str, uri: bytes, user_agent: bytes) -> bytes:
    return (
        b"GET "
        + uri
        + b" HTTP/1.1\r\nHost: "
        + host.encode()
        + b"\r\nUser-Agent: "
        + user_agent
        + b"\r\n\r\n"
    )


HTTP_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


def pcap(packets: list[bytes]) -> bytes:
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    for n, packet in enumerate(packets):
        out.append(struct.pack("<IIII", 1_700_000_000 + n, 0, len(packet), len(packet)) + packet)
    return b"".join(out)
