"""CSV per advisory (`csv/<advisory>.csv`) and plain blocklists per type (`blocklists/<type>.txt`).

The CSV is UTF-8 with a byte order mark (so Excel reads umlauts right), RFC 4180 quoting, and every
cell that a spreadsheet would read as a formula (starting with = + - @, tab or CR) prefixed with `'`.
Blocklists hold one canonical value a line, all advisories together, sorted, for firewalls and proxies;
a value that holds a line break cannot be a line and is left out with a note.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from compiler.corpus.kinds import atomic_names
from compiler.corpus.model import Corpus, Indicator
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic
from compiler.outputs.artifact import Artifact, BuildContext, Emission, item_ids, strictest
from compiler.outputs.escape import breaks_lines, csv_cell
from compiler.outputs.rules.notes import left_out
from compiler.outputs.rules.select import Live, live

COLUMNS: Final = (
    "value", "type", "description_en", "description_de", "first_seen", "valid_from", "valid_until",
    "confidence", "tlp", "source", "set", "advisory", "tags",
)  # fmt: skip


def _rows(lv: Live, atomic: list[Indicator]) -> list[list[str]]:
    per_set: dict[str, tuple[str, str, str]] = {}
    rows = []
    for ind in atomic:
        if ind.set_id not in per_set:
            s = lv.set_of(ind)
            per_set[ind.set_id] = (
                "TLP:" + lv.marking(ind).value.upper(),
                csv_cell(s.source.name),
                csv_cell(s.id),
            )
        tlp, source, set_id = per_set[ind.set_id]
        text = ind.description
        rows.append([
            csv_cell(ind.value),
            ind.type,
            csv_cell(text.en) if text else "",
            csv_cell(text.de) if text else "",
            ind.first_seen or "",
            ind.valid_from,
            ind.valid_until or "",
            str(ind.confidence),
            tlp,
            source,
            set_id,
            lv.advisory.id,
            " ".join(ind.tags),
        ])  # fmt: skip
    return rows


def render(lv: Live) -> bytes | None:
    order = {name: n for n, name in enumerate(atomic_names())}
    atomic = sorted((i for i in lv.indicators if not i.is_rule), key=lambda i: (order[i.type], i.value))
    if not atomic:
        return None
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    writer.writerows(_rows(lv, atomic))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    artifacts = []
    notes: list[Diagnostic] = []
    types = atomic_names()  # every atomic type has a blocklist (compiler.outputs.targets)
    blocklists: dict[str, set[str]] = {t: set() for t in types}
    held: dict[str, list[Indicator]] = {t: [] for t in types}  # what each blocklist holds, and
    levels: dict[str, list[Tlp]] = {t: [] for t in types}  # its markings
    for lv in live(corpus, ctx):
        data = render(lv)
        if data is not None:
            artifacts.append(
                lv.artifact(f"csv/{lv.advisory.id}.csv", data, [i for i in lv.indicators if not i.is_rule])
            )
        for ind in lv.indicators:
            if ind.is_rule:
                continue
            if breaks_lines(ind.value):
                notes.append(
                    left_out("blocklist", lv.set_of(ind), ind, "a line break cannot be in a one-line list")
                )
                continue
            blocklists[ind.type].add(ind.value)
            held[ind.type].append(ind)
            levels[ind.type].append(lv.marking(ind))
    for kind, values in blocklists.items():
        if values:
            text = "".join(v + "\n" for v in sorted(values))
            artifacts.append(
                Artifact(
                    f"blocklists/{kind}.txt",
                    text.encode("utf-8"),
                    advisory=None,
                    items=item_ids(held[kind]),
                    tlp=strictest(levels[kind]),
                )
            )
    return Emission(artifacts=tuple(artifacts), notes=tuple(notes))
