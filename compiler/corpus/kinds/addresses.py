"""IP addresses and networks: compressed, refanged (`1[.]2[.]3[.]4`), networks without host bits."""

from __future__ import annotations

import ipaddress
from typing import Final

from compiler.corpus.kinds.kind import (
    Aliases,
    Atomic,
    Chirp,
    Gate,
    Loki,
    Misp,
    NotExpressible,
    Scan,
    Sigma,
    SigmaField,
    Stix,
    Suricata,
)
from compiler.corpus.values import refang


def ipv4(value: str) -> str:
    v = refang(value.strip())
    try:
        return str(ipaddress.IPv4Address(v))
    except ValueError:
        raise ValueError("not an IPv4 address (four decimal numbers 0-255, no leading zeros)") from None


def ipv6(value: str) -> str:
    v = refang(value.strip()).strip("[]")
    try:
        return ipaddress.IPv6Address(v).compressed
    except ValueError:
        raise ValueError("not an IPv6 address") from None


def cidr(value: str) -> str:
    v = refang(value.strip())
    try:
        net = ipaddress.ip_network(v, strict=True)
    except ValueError as exc:
        if "host bits set" in str(exc):
            raise ValueError("not a network: the address has host bits set beyond the prefix") from None
        raise ValueError("not a CIDR network (address/prefix)") from None
    return net.compressed


# Names that mean an address of one of the three types, the value deciding which
# (compiler.authoring.readers.ip_type): feeds say `ip`, MISP `ip-src`, STIX patterns compare
# `ipv4-addr:value` with a network too (ISSUBSET).
ANY_ADDRESS: Final = Aliases(
    names=("ip", "ipaddress", "ip_address", "ip-src", "ip-dst"),
    misp=("ip-src", "ip-dst"),
    stix=("ipv4-addr:value", "ipv6-addr:value"),
)

_FIELDS: Final = (
    SigmaField(logsource="webserver", fields=("c-ip",)),
    SigmaField(logsource="network_connection", fields=("DestinationIp", "SourceIp")),
)
_FALSE_POSITIVES: Final = "Shared hosting, VPN or proxy addresses that legitimate clients use too"
_NO_FILES: Final = NotExpressible(why="YARA scans files; addresses go to Suricata, Sigma and Loki c2-iocs")
_MISP: Final = Misp(category="Network activity", type="ip-src")
_C2: Final = Loki(how="c2-iocs.txt", line="c2")
_GATE: Final = Gate(misp=("ip-src", "ip-dst", "domain|ip"), ranges=True)


def _address(version: int, german: str, english: str) -> Atomic:
    name = f"ipv{version}"
    return Atomic(
        name=name,
        names={"de": german, "en": english},
        canonical=ipv4 if version == 4 else ipv6,
        example="198.51.100.1" if version == 4 else "2001:db8::1",
        stix=Stix(label=f"IPv{version} address", shape="value", object=f"{name}-addr"),
        misp=_MISP,
        yara=_NO_FILES,
        sigma=Sigma(label=f"IPv{version} Addresses", fields=_FIELDS, false_positives=_FALSE_POSITIVES),
        suricata=Suricata(how="ip rule (dataset for large lists)", group="ip", dataset="ip"),
        loki=_C2,
        chirp=Chirp(how="network plugin (ips)", plugin="network"),
        gate=_GATE,
        scan=Scan(table="ip"),
        aliases=Aliases(names=(name, f"{name}-addr")),
    )


IPV4: Final = _address(4, "IPv4-Adressen", "IPv4 addresses")
IPV6: Final = _address(6, "IPv6-Adressen", "IPv6 addresses")
CIDR: Final = Atomic(
    name="cidr",
    names={"de": "Netze (CIDR)", "en": "Networks (CIDR)"},
    canonical=cidr,
    example="198.51.100.0/24",
    stix=Stix(label="Network", shape="network"),
    misp=_MISP,
    yara=NotExpressible(why="YARA cannot match a network range"),
    sigma=Sigma(
        label="IP Networks",
        fields=tuple(SigmaField(logsource=f.logsource, fields=f.fields, modifier="cidr") for f in _FIELDS),
        false_positives=_FALSE_POSITIVES,
    ),
    suricata=Suricata(how="ip rule with the network", group="cidr"),
    loki=_C2,
    chirp=NotExpressible(why="CHIRP's network plugin matches strings, not ranges"),
    gate=_GATE,
    scan=NotExpressible(why="the detection engine compares single values; it looks up no ranges"),
    aliases=Aliases(names=("cidr", "network")),
)
