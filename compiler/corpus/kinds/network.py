"""Names and headers seen on the network: domains (IDNA A-labels, lower case), URLs (refanged, lower-case
scheme and host, characters a URI may not hold percent-encoded), e-mail addresses, user agents (as sent)."""

from __future__ import annotations

import ipaddress
import re
from typing import Final
from urllib.parse import quote, urlsplit, urlunsplit

from compiler.corpus.kinds.addresses import ipv6
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
    YaraStrings,
)
from compiler.corpus.values import CONTROL, refang

_LABEL: Final = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_EMAIL_LOCAL: Final = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}")
# RFC 3986: unreserved and sub-delimiters, ':' and '@' (pchar), '/' and '?', and '%' of escapes already there.
_URI_SAFE: Final = "-._~!$&'()*+,;=:@/?%"
_LONE_PERCENT: Final = re.compile(r"%(?![0-9A-Fa-f]{2})")


def domain(value: str) -> str:
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
        return "[" + ipv6(host[1:-1]) + "]"
    if ":" in host:  # urlsplit's hostname drops the brackets of an IPv6 address
        return "[" + ipv6(host) + "]"
    return domain(host)


def url(value: str) -> str:
    v = refang(value.strip())
    if CONTROL.search(v) or " " in v:
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


def _uri_chars(part: str) -> str:
    """Characters a URI may not hold (brackets, quotes, non-ASCII ...) percent-encoded as UTF-8, so the
    canonical value is a valid URI for every consumer (STIX `url` objects must be)."""
    return _LONE_PERCENT.sub("%25", quote(part, safe=_URI_SAFE))


def email(value: str) -> str:
    v = refang(value.strip())
    local, sep, host = v.rpartition("@")
    if not sep or not _EMAIL_LOCAL.fullmatch(local):
        raise ValueError("not an e-mail address (local@domain)")
    return f"{local}@{domain(host)}"


def user_agent(value: str) -> str:
    if CONTROL.search(value):
        raise ValueError("not a user agent: it holds control characters")
    if value != value.strip():
        raise ValueError("not a user agent: leading or trailing whitespace")
    return value


_CHANGED_HANDS: Final = "Legitimate use of a domain after it changed hands"
_NETWORK: Final = Chirp(how="network plugin (ips)", plugin="network")

DOMAIN: Final = Atomic(
    name="domain",
    names={"de": "Domains", "en": "Domains"},
    canonical=domain,
    example="evil.example",
    stix=Stix(label="Domain", shape="value", object="domain-name"),
    misp=Misp(category="Network activity", type="domain"),
    yara=YaraStrings(
        how="ascii/wide string rule (for logs, scripts, binaries)", modifiers="ascii wide", label="Domains"
    ),
    sigma=Sigma(
        label="Domains",
        fields=(
            SigmaField(logsource="dns_query", fields=("QueryName",)),
            SigmaField(logsource="proxy", fields=("cs-host",)),
        ),
        false_positives=_CHANGED_HANDS,
    ),
    suricata=Suricata(
        how="dns.query and tls.sni rules (datasets for large lists)", group="domain", dataset="string"
    ),
    loki=Loki(how="c2-iocs.txt", line="c2"),
    chirp=_NETWORK,
    gate=Gate(misp=("domain", "hostname", "domain|ip")),
    scan=Scan(table="domain"),
    aliases=Aliases(
        names=("domainname", "domain", "hostname", "fqdn", "domain-name"),
        misp=("domain", "hostname"),
        stix=("domain-name:value",),
    ),
)
URL: Final = Atomic(
    name="url",
    names={"de": "URLs", "en": "URLs"},
    canonical=url,
    example="https://evil.example/a",
    stix=Stix(label="URL", shape="value", object="url"),
    misp=Misp(category="Network activity", type="url"),
    yara=YaraStrings(how="ascii/wide string rule", modifiers="ascii wide", label="URLs"),
    sigma=Sigma(
        label="URLs",
        fields=(SigmaField(logsource="proxy", fields=("c-uri",)),),
        false_positives=_CHANGED_HANDS,
    ),
    suricata=Suricata(how="http.host and http.uri.raw rule (clear-text HTTP only)", group="url"),
    loki=NotExpressible(why="Loki's c2-iocs matches hosts and addresses, not URLs"),
    chirp=NotExpressible(why="CHIRP's network plugin reads the DNS cache and netstat only"),
    gate=Gate(misp=("url", "uri"), host=True),
    scan=Scan(table="url"),
    aliases=Aliases(names=("url", "uri", "link"), misp=("url", "link"), stix=("url:value",)),
)
USER_AGENT: Final = Atomic(
    name="user-agent",
    names={"de": "User-Agents", "en": "User agents"},
    canonical=user_agent,
    example="ua/1.0",
    stix=Stix(label="User agent", shape="header", header="User-Agent", indicator_type="anomalous-activity"),
    misp=Misp(category="Network activity", type="user-agent"),
    yara=YaraStrings(
        how="ascii/wide string rule as sent, plus the IIS log form (spaces as +)",
        modifiers="ascii wide",
        label="User agents",
        iis=True,
    ),
    sigma=Sigma(
        label="User Agents",
        fields=(
            SigmaField(logsource="webserver", fields=("cs-user-agent",), iis=True),
            SigmaField(logsource="proxy", fields=("c-useragent",)),
        ),
        false_positives="Legitimate clients, crawlers and scripts that send the same user agent",
    ),
    suricata=Suricata(
        how="http.user_agent rule (dataset for large lists)", group="user-agent", dataset="string"
    ),
    loki=NotExpressible(why="Loki does not read web logs"),
    chirp=NotExpressible(why="CHIRP has no web log plugin"),
    gate=Gate(lists=("crawler-user-agents",)),
    scan=Scan(table="user-agent"),
    aliases=Aliases(
        names=("useragent", "user-agent", "user_agent"),
        misp=("user-agent",),
        stix=("network-traffic:*request_header.user-agent",),
    ),
)
EMAIL: Final = Atomic(
    name="email",
    names={"de": "E-Mail-Adressen", "en": "E-mail addresses"},
    canonical=email,
    example="a@evil.example",
    stix=Stix(label="E-mail address", shape="value", object="email-addr"),
    misp=Misp(category="Payload delivery", type="email-src"),
    yara=NotExpressible(why="no scanner use for e-mail addresses in file content; see CSV"),
    sigma=NotExpressible(why="Sigma has no standard log source for mail traffic"),
    suricata=NotExpressible(why="SMTP envelope matching is not part of our rule set"),
    loki=NotExpressible(why="Loki has no e-mail IOC file"),
    chirp=NotExpressible(why="CHIRP has no mail plugin"),
    gate=Gate(misp=("email-src", "email-dst", "target-email")),
    scan=NotExpressible(why="no log the detection engine reads holds mail traffic"),
    aliases=Aliases(
        names=("email", "email-addr", "email-src", "email-dst"),
        misp=("email", "email-src", "email-dst"),
        stix=("email-addr:value",),
    ),
)
