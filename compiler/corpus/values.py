"""Canonical forms of atomic indicator values, one function per type.

`canonical(type, value)` returns the canonical value or raises ValueError with a message that
says what is wrong. Canonical means: lower-case hashes, compressed IP addresses, refanged and
lower-case domains in their IDNA (A-label) form, refanged URLs with lower-case scheme and host.
Ids are made from canonical values, so equivalent input always gives the same id.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Final
from urllib.parse import quote, urlsplit, urlunsplit

_HEX: Final = re.compile(r"[0-9a-f]+")
_HASH_LEN: Final = {"md5": 32, "sha1": 40, "sha256": 64}
_HASH_NAME: Final = {"md5": "MD5", "sha1": "SHA-1", "sha256": "SHA-256"}
_LABEL: Final = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")
_WIN_PATH: Final = re.compile(r"(?:[A-Za-z]:\\|\\\\[^\\/]+\\[^\\/]+|%[A-Za-z_][A-Za-z0-9_()]*%\\?)")
_BAD_PATH_CHARS: Final = re.compile(r'[<>"|?*]')
_EMAIL_LOCAL: Final = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}")

# Defanging conventions seen in advisories and feeds, undone before anything else.
_REFANG: Final = (
    (re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}", re.I), "."),
    (re.compile(r"\[:\]"), ":"),
    (re.compile(r"\[@\]|\[at\]|\(at\)", re.I), "@"),
    (re.compile(r"\[/\]"), "/"),
)
_MAYBE_FANGED: Final = re.compile(r"[\[({]|^h[x*]", re.I)
_SCHEME_FANG: Final = re.compile(r"^(?:hxxp|hXXp|h\*\*p|hxp|hxxxp)(s?)(?:\[:\]|:)", re.I)


def refang(value: str) -> str:
    """Undo common defanging: hxxp, [.], (dot), [:], [at]."""
    if not _MAYBE_FANGED.search(value):
        return value
    out = _SCHEME_FANG.sub(lambda m: f"http{m.group(1).lower()}:", value)
    for pattern, repl in _REFANG:
        out = pattern.sub(repl, out)
    return out


def _hash(kind: str) -> Callable[[str], str]:
    length = _HASH_LEN[kind]

    def canon(value: str) -> str:
        v = value.strip().lower()
        if len(v) != length or not _HEX.fullmatch(v):
            raise ValueError(f"not a {_HASH_NAME[kind]} hash: expected {length} hexadecimal digits")
        return v

    return canon


def _ipv4(value: str) -> str:
    v = refang(value.strip())
    try:
        return str(ipaddress.IPv4Address(v))
    except ValueError:
        raise ValueError("not an IPv4 address (four decimal numbers 0-255, no leading zeros)") from None


def _ipv6(value: str) -> str:
    v = refang(value.strip()).strip("[]")
    try:
        return ipaddress.IPv6Address(v).compressed
    except ValueError:
        raise ValueError("not an IPv6 address") from None


def _cidr(value: str) -> str:
    v = refang(value.strip())
    try:
        net = ipaddress.ip_network(v, strict=True)
    except ValueError as exc:
        if "host bits set" in str(exc):
            raise ValueError("not a network: the address has host bits set beyond the prefix") from None
        raise ValueError("not a CIDR network (address/prefix)") from None
    return net.compressed


def _domain(value: str) -> str:
    v = refang(value.strip()).rstrip(".")
    if not v:
        raise ValueError("not a domain name: empty")
    try:
        ascii_name = v.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError("not a domain name: a label is empty, too long or not valid IDNA") from None
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise ValueError("not a domain name: it needs at least two labels (name.tld)")
    if len(ascii_name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError("not a domain name: labels are letters, digits and inner hyphens, 1-63 characters")
    if labels[-1].isdigit():
        raise ValueError("not a domain name: the top-level label is numeric (an IP address?)")
    return ascii_name


def _host(host: str) -> str:
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        pass
    if host.startswith("[") and host.endswith("]"):
        return "[" + _ipv6(host[1:-1]) + "]"
    if ":" in host:  # urlsplit's hostname drops the brackets of an IPv6 address
        return "[" + _ipv6(host) + "]"
    return _domain(host)


def _url(value: str) -> str:
    v = refang(value.strip())
    if _CONTROL.search(v) or " " in v:
        raise ValueError("not a URL: it holds spaces or control characters")
    parts = urlsplit(v)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https", "ftp") or not parts.hostname:
        raise ValueError("not a URL: expected http://, https:// or ftp:// and a host")
    host = _host(parts.hostname)
    netloc = host
    if parts.port is not None:
        netloc += f":{parts.port}"
    if parts.username is not None:
        auth = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{auth}@{netloc}"
    path, query, fragment = (_uri_chars(p) for p in (parts.path or "/", parts.query, parts.fragment))
    return urlunsplit((scheme, netloc, path, query, fragment))


# RFC 3986: unreserved and sub-delimiters, ':' and '@' (pchar), '/' and '?', and '%' of escapes already there.
_URI_SAFE: Final = "-._~!$&'()*+,;=:@/?%"


def _uri_chars(part: str) -> str:
    """Characters a URI may not hold (brackets, quotes, non-ASCII ...) percent-encoded as UTF-8, so the
    canonical value is a valid URI for every consumer (STIX `url` objects must be)."""
    return _LONE_PERCENT.sub("%25", quote(part, safe=_URI_SAFE))


_LONE_PERCENT: Final = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _email(value: str) -> str:
    v = refang(value.strip())
    local, sep, domain = v.rpartition("@")
    if not sep or not _EMAIL_LOCAL.fullmatch(local):
        raise ValueError("not an e-mail address (local@domain)")
    return f"{local}@{_domain(domain)}"


def _file_path(value: str) -> str:
    v = value.strip()
    if _CONTROL.search(v):
        raise ValueError("not a file path: it holds control characters")
    if v.startswith("/"):
        return v
    if not _WIN_PATH.match(v):
        raise ValueError(r"not an absolute Windows path (C:\..., \\server\share\..., %VAR%\...)")
    if _BAD_PATH_CHARS.search(v[2:]):
        raise ValueError('not a file path: it holds one of < > " | ? *')
    return v


def _file_name(value: str) -> str:
    v = value.strip()
    if not v or _CONTROL.search(v) or "/" in v or "\\" in v:
        raise ValueError("not a file name: it is empty or holds a path separator or control character")
    return v


def _user_agent(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("not a user agent: it holds control characters")
    if value != value.strip():
        raise ValueError("not a user agent: leading or trailing whitespace")
    return value


CANONICAL: Final[dict[str, Callable[[str], str]]] = {
    "sha256": _hash("sha256"),
    "sha1": _hash("sha1"),
    "md5": _hash("md5"),
    "ipv4": _ipv4,
    "ipv6": _ipv6,
    "cidr": _cidr,
    "domain": _domain,
    "url": _url,
    "email": _email,
    "file-path": _file_path,
    "file-name": _file_name,
    "user-agent": _user_agent,
}


def canonical(kind: str, value: str) -> str:
    """The canonical form of `value` as an indicator of type `kind`; ValueError when invalid."""
    result = _canonical_or_error(kind, value)
    if isinstance(result, _Invalid):
        raise ValueError(result.message)
    return result


class _Invalid:
    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


# Characters no value holds, whatever its type (see compiler.validate.text, IOC107): control characters,
# line and paragraph separators, bidirectional controls. Refused before any stripping or refanging, so a
# trailing newline or a bidi override never becomes part of, or disappears from, a canonical value.
_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def unsafe(value: str) -> bool:
    """True when the value holds a character no value may hold (reported as IOC107 where it is read)."""
    return _UNSAFE.search(value) is not None


@lru_cache(maxsize=1 << 18)
def _canonical_or_error(kind: str, value: str) -> str | _Invalid:
    # check, the duplicate check, build and fmt all ask for the same values: compute each once.
    bad = _UNSAFE.search(value)
    if bad:
        return _Invalid(f"holds U+{ord(bad.group(0)):04X}, a control, line-separator or bidi character")
    try:
        return CANONICAL[kind](value)
    except ValueError as exc:
        return _Invalid(str(exc))


def dedupe_key(kind: str, canonical_value: str) -> tuple[str, str]:
    """Two indicators are the same when this key is equal (Windows paths and names ignore case)."""
    if kind in ("file-path", "file-name") and not canonical_value.startswith("/"):
        return (kind, canonical_value.casefold())
    return (kind, canonical_value)
