"""Suricata: `rules/suricata/<advisory>.rules`, with dataset files beside it for large value lists.

IP addresses and networks match in both directions; domains match the DNS query and the TLS SNI exactly
(case-insensitive); URLs match HTTP host and raw URI (clear-text HTTP only); user agents match the
User-Agent header exactly, as the corpus holds it: as sent on the wire. Above `dataset_threshold` values of one kind (config/suricata.yaml), the
values go into a dataset file (`load` is relative to the rules file; strings base64-encoded) and one
rule per buffer reads it. SIDs come from the reserved range through locks/suricata.lock.json.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Final
from urllib.parse import urlsplit

from compiler.config import SuricataConfig
from compiler.corpus.kinds import atomic
from compiler.corpus.kinds.kind import Suricata
from compiler.corpus.model import Corpus, Indicator
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.engines.suricata import SIDREV, authored_text
from compiler.locks import LockState
from compiler.locks.content import Change, LockError
from compiler.locks.suricata import LOCK_PATH, Entry, RangeExhausted, assign, digest, lock_bytes
from compiler.outputs.artifact import Artifact, BuildContext, Emission
from compiler.outputs.escape import ascii_line, suricata_content, suricata_msg
from compiler.outputs.rules.notes import not_expressed
from compiler.outputs.rules.select import Live, live

_MAX_CONTENT: Final = 2048  # escaped pattern length; the whole rule must stay under Suricata's 8 KiB


def groups() -> dict[str, tuple[str, ...]]:
    """Rule group -> its types (their declarations' `Suricata` entry), both in registry order."""
    found: dict[str, tuple[str, ...]] = {}
    for k in atomic():
        if isinstance(k.suricata, Suricata):
            found[k.suricata.group] = (*found.get(k.suricata.group, ()), k.name)
    return found


def datasets() -> dict[str, str]:
    """Rule group -> the dataset type its values go to above the threshold (groups with datasets only)."""
    return {
        k.suricata.group: k.suricata.dataset
        for k in atomic()
        if isinstance(k.suricata, Suricata) and k.suricata.dataset
    }


def _all() -> tuple[str, ...]:
    return tuple(t for types in groups().values() for t in types)


@dataclass(frozen=True, slots=True)
class Spec:
    key: str  # lock key
    text: str  # the rule with SIDREV where sid and rev go
    digest: str


def exact_match(value: str) -> str:
    """Keywords matching a whole sticky buffer exactly. Suricata reads a rule of at most 8 KiB, so a long
    value is matched by its SHA-256 (transform to_sha256) instead of its escaped bytes."""
    content = suricata_content(value)
    if len(content) <= _MAX_CONTENT:
        return f"content:{content}; startswith; endswith;"
    digest_hex = hashlib.sha256(value.encode("utf-8")).hexdigest().upper()
    return 'to_sha256; content:"|' + " ".join(digest_hex[i : i + 2] for i in range(0, 64, 2)) + '|";'


def _tail(lv: Live, cfg: SuricataConfig, tlp: Tlp, extra: str = "") -> str:
    meta = f"iocc_advisory {lv.advisory.id}, tlp {tlp.value}" + extra
    return f"classtype:{cfg.classtype}; {SIDREV} metadata: {meta};)"


Rules = list[tuple[str, str]]  # (lock key suffix, rule text with SIDREV)


def _address(ind: Indicator, msg: Callable[[str], str], tail: str) -> Rules:
    v = ind.value
    return [(f"{ind.type}/{v}", f"alert ip [{v}] any <> any any (msg:{msg(ind.type)}; {tail}")]


def _domain(ind: Indicator, msg: Callable[[str], str], tail: str) -> Rules:
    v = ind.value
    exact = f"content:{suricata_content(v)}; nocase; startswith; endswith;"
    return [
        (f"dns/{v}", f"alert dns any any -> any any (msg:{msg('domain in DNS query')}; dns.query; {exact} {tail}"),
        (f"tls-sni/{v}", f"alert tls any any -> any any (msg:{msg('domain in TLS SNI')}; tls.sni; {exact} {tail}"),
    ]  # fmt: skip


def _url(ind: Indicator, msg: Callable[[str], str], tail: str) -> Rules:
    v = ind.value
    parts = urlsplit(v)
    uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = (parts.hostname or "").lower()
    return [(
        f"url/{v}",
        f"alert http any any -> any any (msg:{msg('URL')}; http.host; content:{suricata_content(host)}; "
        f"startswith; endswith; http.uri.raw; {exact_match(uri)} {tail}",
    )]  # fmt: skip


def _user_agent(ind: Indicator, msg: Callable[[str], str], tail: str) -> Rules:
    v = ind.value
    return [(
        f"user-agent/{v}",
        f"alert http any any -> any any (msg:{msg('user agent')}; http.user_agent; {exact_match(v)} {tail}",
    )]  # fmt: skip


# The rule forms of the groups the declarations name (compiler.corpus.kinds, `Suricata.group`).
VALUE_RULES: Final[dict[str, Callable[[Indicator, Callable[[str], str], str], Rules]]] = {
    "ip": _address,
    "cidr": _address,
    "domain": _domain,
    "url": _url,
    "user-agent": _user_agent,
}


def _dataset_ip(what: str, use: str, tail: str) -> Rules:
    return [(f"dataset/ip-{d}", f"alert ip any any -> any any (msg:{suricata_msg(f'{what} ({d})')}; "
             f"ip.{d}; {use} {tail}") for d in ("src", "dst")]  # fmt: skip


def _dataset_domain(what: str, use: str, tail: str) -> Rules:
    return [(f"dataset/domain-{p}", f"alert {p} any any -> any any (msg:{suricata_msg(f'{what} ({buf})')}; "
             f"{buf}; to_lowercase; {use} {tail}") for p, buf in (("dns", "dns.query"), ("tls", "tls.sni"))]  # fmt: skip


def _dataset_user_agent(what: str, use: str, tail: str) -> Rules:
    return [("dataset/user-agent", f"alert http any any -> any any (msg:{suricata_msg(what)}; "
             f"http.user_agent; {use} {tail}")]  # fmt: skip


# The dataset rules of the groups whose declarations give a dataset type.
DATASET_RULES: Final[dict[str, Callable[[str, str, str], Rules]]] = {
    "ip": _dataset_ip,
    "domain": _dataset_domain,
    "user-agent": _dataset_user_agent,
}


def _value_rules(lv: Live, kind: str, ind: Indicator, cfg: SuricataConfig) -> Rules:
    """(key suffix, rule text) for one value."""
    s = lv.set_of(ind)
    tlp = lv.marking(ind)
    tail = _tail(lv, cfg, tlp, f", iocc_set {s.id}, confidence {ind.confidence}")

    def msg(what: str) -> str:
        return suricata_msg(f"IOCC {lv.advisory.id} {what} {ind.value}")

    return VALUE_RULES[kind](ind, msg, tail)


def dataset_name(advisory_id: str, kind: str) -> str:
    return f"iocc-{hashlib.sha256(advisory_id.encode()).hexdigest()[:10]}-{kind}"


def _dataset(
    lv: Live, kind: str, dataset: str, values: list[Indicator], cfg: SuricataConfig
) -> tuple[list[Spec], Artifact]:
    adv = lv.advisory.id
    file = f"{adv}.{kind}.lst"
    if dataset == "ip":
        lines = sorted(i.value for i in values)
    else:
        lines = sorted(base64.b64encode(i.value.encode("utf-8")).decode("ascii") for i in values)
    data = ("\n".join(lines) + "\n").encode("ascii")
    use = f"dataset:isset,{dataset_name(adv, kind)},type {dataset},load {file};"
    tail = _tail(lv, cfg, lv.tlp_of(values))
    what = f"IOCC {adv} {kind} from dataset {file}"
    rules = DATASET_RULES[kind](what, use, tail)
    specs = [Spec(f"{adv}/{k}", t, digest(t, data)) for k, t in rules]
    return specs, lv.artifact(f"rules/suricata/{file}", data, values)


def specs(lv: Live, cfg: SuricataConfig) -> tuple[list[Spec], list[Artifact]]:
    out: list[Spec] = []
    files: list[Artifact] = []
    adv = lv.advisory.id
    for ind in sorted(lv.of_type("suricata"), key=lambda i: (i.set_id, i.name or "")):
        text = authored_text(ind.value)
        out.append(Spec(f"{adv}/authored/{ind.set_id}/{ind.name}", text, digest(text)))
    with_datasets = datasets()
    for kind, types in groups().items():
        values = sorted(lv.of_type(*types), key=lambda i: (i.type, i.value))
        if kind in with_datasets and len(values) > cfg.dataset_threshold:
            found, data = _dataset(lv, kind, with_datasets[kind], values, cfg)
            out.extend(found)
            files.append(data)
            values = []
        for ind in values:
            for suffix, text in _value_rules(lv, kind, ind, cfg):
                out.append(Spec(f"{adv}/{suffix}", text, digest(text)))
    return out, files


def _plan(
    corpus: Corpus, ctx: BuildContext, cfg: SuricataConfig
) -> list[tuple[Live, list[Spec], list[Artifact]]]:
    return [(lv, *specs(lv, cfg)) for lv in live(corpus, ctx)]


def lock_entries(corpus: Corpus, ctx: BuildContext) -> tuple[Mapping[str, Entry], dict[str, Entry]]:
    """(lock as the build read it, lock after this corpus). SIDs are planned over everything the corpus
    holds (any TLP), so a public build and a restricted one never give one SID to two rules."""
    cfg = ctx.settings.suricata
    full = replace(ctx, tlp=Tlp.RED)
    contents = {s.key: s.digest for _, found, _ in _plan(corpus, full, cfg) for s in found}
    old = ctx.locks.suricata.get()
    return old, assign(contents, old, cfg)


def lock_state(corpus: Corpus, ctx: BuildContext) -> LockState:
    """What locks/suricata.lock.json should hold (the lock keeper of the `suricata` output)."""
    old, entries = lock_entries(corpus, ctx)
    changes = tuple(
        Change(key, "new" if key not in old else "changed", ("", ""))
        for key, e in entries.items()
        if old.get(key) != e
    )
    return LockState(
        name=LOCK_PATH, label="Suricata", data=lock_bytes(entries, ctx.settings.suricata), changes=changes
    )


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    cfg = ctx.settings.suricata
    notes: list[Diagnostic] = []
    lock_at = Location("locks/suricata.lock.json", 1, 1, "/rules")
    try:
        old, entries = lock_entries(corpus, ctx)
    except RangeExhausted as exc:
        return Emission(artifacts=(), notes=(diagnostic("IOC533", lock_at, str(exc)),))
    except LockError as exc:
        return Emission(artifacts=(), notes=(diagnostic("IOC504", lock_at, str(exc)),))
    if entries != old:
        changed = sum(1 for k, e in entries.items() if old.get(k) != e)
        notes.append(diagnostic("IOC532", lock_at, f"{changed} rule(s) are new or changed since the lock"))
    artifacts: list[Artifact] = []
    for lv, found, files in _plan(corpus, ctx, cfg):
        notes.extend(not_expressed("suricata", lv.sets, lv.indicators, advisory=lv.advisory.id))
        if not found:
            continue
        lines = [
            f"# iocc Suricata rules for advisory {lv.advisory.id}",
            f"# {ascii_line(lv.advisory.title.en)}",
            f"# TLP:{lv.tlp_of(lv.of_type('suricata', *_all())).value.upper()}",
            "# Generated from the reviewed corpus; SIDs from locks/suricata.lock.json. Dataset files load",
            "# from the folder of this file.",
            "",
        ]
        for spec in found:
            e = entries[spec.key]
            lines.append(spec.text.replace(SIDREV, f"sid:{e.sid}; rev:{e.rev};"))
        held = lv.of_type("suricata", *_all())  # with the values it reads from its dataset files
        artifacts.append(
            lv.artifact(
                f"rules/suricata/{lv.advisory.id}.rules", ("\n".join(lines) + "\n").encode("utf-8"), held
            )
        )
        artifacts.extend(files)
    return Emission(artifacts=tuple(artifacts), notes=tuple(notes))
