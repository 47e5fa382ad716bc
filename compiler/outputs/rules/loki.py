"""Loki / THOR Lite IOC files: `rules/loki/hash-iocs.txt`, `filename-iocs.txt`, `c2-iocs.txt`.

Formats as Loki reads them (signature-base/iocs): `#` starts a comment, and the last comment before a
value is its description; `hash;comment`; `regex;score` (Python regex on the full path, case-sensitive
unless it says `(?i)`; Loki replaces `%VAR%` with the environment's value); c2 lines hold a domain, an IP
address or a CIDR network. Fields never hold `;` (Loki splits there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from compiler.corpus.kinds import atomic, kind
from compiler.corpus.kinds.kind import Loki
from compiler.corpus.model import Corpus, Indicator
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic
from compiler.outputs.artifact import Artifact, BuildContext, Emission, item_ids, strictest
from compiler.outputs.escape import breaks_lines, loki_field, loki_regex
from compiler.outputs.rules.notes import left_out, not_expressed
from compiler.outputs.rules.select import Live, live

_FILES: Final = {
    "hash": "hash-iocs.txt",
    "path": "filename-iocs.txt",
    "name": "filename-iocs.txt",
    "c2": "c2-iocs.txt",
}
_HEAD: Final = {
    "hash-iocs.txt": "# FORMAT: hash;comment (MD5, SHA-1 or SHA-256)",
    "filename-iocs.txt": "# FORMAT: regex;score (the regex matches the full path; (?i) = any case)",
    "c2-iocs.txt": "# FORMAT: one domain, IP address or CIDR network a line",
}


def filename_regex(ind: Indicator) -> str:
    """A regex for a file path (anchored at the end; at the start too unless it begins with %VAR%) or a
    file name (after any folder). Windows paths match in any case, like Windows does."""
    value = ind.value
    windows = not value.startswith("/")
    flags = "(?i)" if windows else ""
    form = kind(ind.type).loki
    if isinstance(form, Loki) and form.line == "name":
        return flags + r"[\\/]" + loki_regex(value) + "$"
    anchor = "" if value.startswith("%") else "^"
    return flags + anchor + loki_regex(value) + "$"


def score(confidence: int) -> int:
    """Loki scores: 40 notable, 60 warning, 75 and up alert. Confidence maps onto that scale."""
    return max(40, min(100, confidence))


def _section(lv: Live, kinds: tuple[str, ...], line: Callable[[Indicator], str]) -> list[str]:
    out: list[str] = []
    last_set = ""
    for ind in sorted(lv.of_type(*kinds), key=lambda i: (i.set_id, i.type, i.value)):
        if breaks_lines(ind.value):  # refused at check (IOC107); never split a line of this file
            continue
        if ind.set_id != last_set:
            s = lv.set_of(ind)
            marking = lv.marking(ind).value.upper()
            out.extend(["", f"# {loki_field(f'{lv.advisory.id} / {s.id}: {s.title.en} (TLP:{marking})')}"])
            last_set = ind.set_id
        out.append(line(ind))
    return out


def _hash_line(lv: Live) -> Callable[[Indicator], str]:
    def line(ind: Indicator) -> str:
        what = ind.description.en if ind.description else lv.set_of(ind).title.en
        return f"{ind.value};{loki_field(f'{lv.advisory.id}: {what}')}"

    return line


def kinds_in(file: str) -> tuple[str, ...]:
    """The types whose values go to one of Loki's files (their declarations' `Loki` entry)."""
    return tuple(k.name for k in atomic() if isinstance(k.loki, Loki) and _FILES[k.loki.line] == file)


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    files: dict[str, list[str]] = {name: [] for name in _HEAD}
    kinds = {name: kinds_in(name) for name in _HEAD}
    held: dict[str, list[Indicator]] = {name: [] for name in _HEAD}
    levels: dict[str, list[Tlp]] = {name: [] for name in _HEAD}
    notes: list[Diagnostic] = []
    for lv in live(corpus, ctx):
        for name, types in kinds.items():
            found = lv.of_type(*types)
            held[name] += found
            levels[name] += [lv.marking(i) for i in found]
        files["hash-iocs.txt"].extend(_section(lv, kinds["hash-iocs.txt"], _hash_line(lv)))
        files["filename-iocs.txt"].extend(
            _section(lv, kinds["filename-iocs.txt"], lambda i: f"{filename_regex(i)};{score(i.confidence)}")
        )
        short = [i for i in lv.of_type(*kinds["c2-iocs.txt"]) if len(i.value) < 4]
        notes.extend(
            left_out("loki", lv.set_of(i), i, "Loki ignores c2 values under 4 characters") for i in short
        )
        files["c2-iocs.txt"].extend(_section(lv, kinds["c2-iocs.txt"], lambda i: i.value))
        notes.extend(not_expressed("loki", lv.sets, lv.indicators, advisory=lv.advisory.id))
    artifacts = []
    for name, lines in files.items():
        head = ["# iocc IOC file for Loki and THOR Lite; generated from the reviewed corpus", _HEAD[name]]
        data = ("\n".join(head + lines) + "\n").encode("utf-8")
        artifacts.append(
            Artifact(
                f"rules/loki/{name}",
                data,
                advisory=None,
                items=item_ids(held[name]),
                tlp=strictest(levels[name]),
            )
        )
    return Emission(artifacts=tuple(artifacts), notes=tuple(notes))
