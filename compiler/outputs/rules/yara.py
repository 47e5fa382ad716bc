"""YARA: `rules/yara/<advisory>.yar` per advisory.

Hash rules use the `hash` module (one rule per value, so a match names the value); authored rules are
copied as written, their `import` lines hoisted to the top; domains, URLs and user agents become string
rules for scanning logs, scripts and binaries. String modifiers are chosen per type on purpose:
`nocase` makes large rule sets slow to compile and is not used; canonical domains and URLs are
lower-case already, and `wide` also finds them in UTF-16 (.NET binaries, PowerShell).
"""

from __future__ import annotations

import hashlib
import re
from typing import Final

from compiler.config import RulesConfig
from compiler.corpus.ids import stable_uuid
from compiler.corpus.kinds import atomic
from compiler.corpus.kinds.kind import YaraHash, YaraStrings
from compiler.corpus.model import Corpus, Indicator
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic
from compiler.engines.agents import iis_form
from compiler.outputs.artifact import BuildContext, Emission
from compiler.outputs.escape import ascii_line, yara_hex, yara_identifier, yara_string
from compiler.outputs.rules.notes import not_expressed
from compiler.outputs.rules.select import Live, live

_IMPORT: Final = re.compile(r'^[ \t]*import[ \t]+"([A-Za-z0-9_]+)"[ \t]*\r?\n?', re.M)


def tlp_label(tlp: Tlp) -> str:
    return "TLP:" + tlp.value.upper()


def rule_prefix(advisory_id: str, longest_suffix: int) -> str:
    """The advisory part of rule names; shortened to a digest when names would pass YARA's 128 chars."""
    prefix = yara_identifier(advisory_id)
    if len(prefix) + longest_suffix > 128:
        prefix = "a" + hashlib.sha256(advisory_id.encode()).hexdigest()[:12]
    return prefix


def split_imports(text: str) -> tuple[list[str], str]:
    """An authored rule's `import` modules and its text without those lines."""
    return _IMPORT.findall(text), _IMPORT.sub("", text).strip("\n")


def _meta(pairs: list[tuple[str, str | int]]) -> list[str]:
    lines = ["    meta:"]
    for key, value in pairs:
        shown = str(value) if isinstance(value, int) else yara_string(value)
        lines.append(f"        {key} = {shown}")
    return lines


def hashes() -> tuple[str, ...]:
    """The types with one hash rule per value (their declarations' `YaraHash`), in registry order."""
    return tuple(k.name for k in atomic() if isinstance(k.yara, YaraHash))


def strings() -> dict[str, YaraStrings]:
    """The types matched as strings, with their form, in registry order."""
    return {k.name: k.yara for k in atomic() if isinstance(k.yara, YaraStrings)}


def _hash_rules(hashes: list[Indicator], lv: Live, prefix: str, functions: dict[str, str]) -> list[str]:
    """One rule per hash. Per-set parts are escaped once: this runs once per value."""
    per_set: dict[str, tuple[str, str, str]] = {}
    out = []
    adv = lv.advisory.id
    for ind in hashes:
        if ind.set_id not in per_set:
            s = lv.set_of(ind)
            per_set[ind.set_id] = (
                yara_string(ascii_line(s.title.en)),
                yara_string(ascii_line(s.source.name)),
                tlp_label(lv.marking(ind)),
            )
        title, source, tlp = per_set[ind.set_id]
        description = yara_string(ascii_line(ind.description.en)) if ind.description else title
        ident = stable_uuid("yara-rule", {"advisory": adv, "type": ind.type, "value": ind.value})
        out.append(
            f"rule {prefix}_{ind.type}_{ind.value}\n{{\n    meta:\n"
            f"        description = {description}\n"
            f'        advisory = "{adv}"\n'
            f'        id = "{ident}"\n'
            f'        tlp = "{tlp}"\n'
            f"        source = {source}\n"
            f'        date = "{ind.valid_from[:10]}"\n'
            f"        confidence = {ind.confidence}\n"
            f"    condition:\n"
            f'        hash.{functions[ind.type]}(0, filesize) == "{ind.value}"\n}}\n'
        )
    return out


def _string_rule(
    kind: str, form: YaraStrings, part: list[Indicator], n: int, total: int, lv: Live, prefix: str
) -> list[str]:
    sources = sorted({lv.set_of(i).source.name for i in part})
    strings = []
    for k, ind in enumerate(part):
        if ind.value.isascii():
            strings.append(f"        $v{k} = {yara_string(ind.value)} {form.modifiers}")
        else:
            # `wide` interleaves zero bytes, which is UTF-16 only for ASCII: write UTF-16LE as hex.
            strings.append(f"        $v{k} = {yara_string(ind.value)} ascii")
            strings.append(f"        $v{k}w = {yara_hex(ind.value.encode('utf-16-le'))}")
        if form.iis and iis_form(ind.value) != ind.value:  # as IIS logs it, too
            strings.append(f"        $v{k}i = {yara_string(iis_form(ind.value))} ascii")
    name = f"{prefix}_{kind.replace('-', '_')}_{n}"
    ident = stable_uuid("yara-rule", {"advisory": lv.advisory.id, "type": kind, "part": n})
    return [
        f"rule {name}",
        "{",
        *_meta(
            [
                ("description", f"{form.label} of advisory {lv.advisory.id} (part {n} of {total})"),
                ("advisory", lv.advisory.id),
                ("id", str(ident)),
                ("tlp", tlp_label(lv.tlp_of(part))),
                ("source", ascii_line("; ".join(sources))),
                ("date", min(i.valid_from[:10] for i in part)),
                ("confidence", max(i.confidence for i in part)),
            ]
        ),
        "    strings:",
        *strings,
        "    condition:",
        "        any of them",
        "}",
        "",
    ]


def _functions() -> dict[str, str]:
    return {k.name: k.yara.function for k in atomic() if isinstance(k.yara, YaraHash)}


def render(lv: Live, cfg: RulesConfig) -> str | None:
    """The rule file of one advisory, or None when nothing of it reaches YARA."""
    kinds = hashes()
    forms = strings()
    found = sorted(lv.of_type(*kinds), key=lambda i: (kinds.index(i.type), i.value))
    authored = sorted(lv.of_type("yara"), key=lambda i: (i.set_id, i.name or ""))
    if not found and not authored and not lv.of_type(*forms):
        return None
    prefix = rule_prefix(lv.advisory.id, len("_sha256_") + 64)
    imports = {"hash"} if found else set()
    body: list[str] = _hash_rules(found, lv, prefix, _functions())
    for ind in authored:
        mods, text = split_imports(ind.value)
        imports.update(mods)
        marking = tlp_label(lv.marking(ind))
        body.extend([f"// authored rule {ind.set_id}/{ind.name} ({marking})", text, ""])
    for kind, form in forms.items():
        values = sorted(lv.of_type(kind), key=lambda i: i.value)
        parts = [values[i : i + cfg.chunk] for i in range(0, len(values), cfg.chunk)]
        for n, part in enumerate(parts, 1):
            body.extend(_string_rule(kind, form, part, n, len(parts), lv, prefix))
    head = [
        f"// iocc YARA rules for advisory {lv.advisory.id}",
        f"// {ascii_line(lv.advisory.title.en)}",
        f"// {tlp_label(lv.tlp_of([*found, *authored, *lv.of_type(*forms)]))}",
        "// Generated from the reviewed corpus; edit the indicator sets, not this file.",
        "",
        *(f'import "{m}"' for m in sorted(imports)),
        "",
    ]
    return "\n".join(head + body).rstrip("\n") + "\n"


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    cfg = ctx.settings.rules
    artifacts = []
    notes: list[Diagnostic] = []
    for lv in live(corpus, ctx):
        text = render(lv, cfg)
        if text is not None:
            held = [*lv.of_type(*hashes()), *lv.of_type("yara"), *lv.of_type(*strings())]
            artifacts.append(lv.artifact(f"rules/yara/{lv.advisory.id}.yar", text.encode("utf-8"), held))
        notes.extend(not_expressed("yara", lv.sets, lv.indicators, advisory=lv.advisory.id))
    return Emission(artifacts=tuple(artifacts), notes=tuple(notes))
