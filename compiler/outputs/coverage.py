"""Coverage: `coverage/<advisory>.json` and `coverage/<advisory>.<lang>.md`, from the proof on evidence, of
the sets the build's TLP allows.

The proof (compiler.detect.prove) runs every rule over the evidence corpus; its failures are reported by
`iocc test` and `iocc check`'s companion in CI. Here only the table is made: an advisory without
evidence gets none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from compiler.corpus.kinds import is_rule
from compiler.corpus.model import Advisory, Corpus
from compiler.detect.plan import Target
from compiler.detect.prove import Proof
from compiler.i18n.catalog import catalog
from compiler.outputs.artifact import Artifact, BuildContext, Emission, strictest
from compiler.outputs.markdown import inline


def rows(proof: Proof, adv: Advisory, sets: frozenset[str] | None = None) -> Iterator[dict[str, object]]:
    """The table's rows: per CVE each rule and proven value of the advisory (of `sets` only, when given:
    the sets the build's TLP allows)."""
    proven: dict[str, list[str]] = {}
    for p in proof.proven:
        lines = ",".join(str(n) for n in p.lines if n)
        proven.setdefault(p.key, []).append(f"{p.evidence}:{lines}" if lines else p.evidence)
    targets = sorted(
        (
            t
            for t in proof.plan.targets.values()
            if t.advisory == adv.id and (sets is None or t.set_id in sets)
        ),
        key=lambda t: (t.kind, t.set_id, t.name),
    )
    cves = [v.cve for v in adv.vulnerabilities]
    for t in targets:
        if t.kind not in ("sigma", "yara") and t.key not in proven:
            continue  # atomic values are listed when a sample carries them; the set's count is in the JSON
        for cve in [c for c in t.cves if c in cves] or [""]:
            yield {"cve": cve, "key": t.key, "kind": t.kind, "name": t.name, "set": t.set_id, "weak": t.weak,
                   "samples": sorted(proven.get(t.key, []))}  # fmt: skip


def as_json(proof: Proof, adv: Advisory, sets: frozenset[str] | None = None) -> bytes:
    doc = {
        "advisory": adv.id,
        "vulnerabilities": [
            {
                "cve": v.cve,
                "evidence": v.evidence.ordered() if v.evidence else None,
            }
            for v in adv.vulnerabilities
        ],
        "rows": list(rows(proof, adv, sets)),
        "context": sorted(
            {
                (c.key, c.evidence)
                for c in proof.context
                if c.key.split("/", 1)[0].endswith(adv.id)
                and (
                    sets is None
                    or c.key not in proof.plan.targets
                    or proof.plan.targets[c.key].set_id in sets
                )
            }
        ),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _cell(text: str) -> str:
    return inline(text).replace("|", "\\|").replace("\n", " ")


def as_markdown(proof: Proof, adv: Advisory, lang: str, sets: frozenset[str] | None = None) -> bytes:
    t = catalog(lang, "coverage")
    all_rows = list(rows(proof, adv, sets))
    out = [f"# {_cell(t['title'])}: {_cell(adv.title[lang])}", "", _cell(t["intro"]), ""]
    for vuln in [*adv.vulnerabilities, None]:
        cve = vuln.cve if vuln else ""
        mine = [r for r in all_rows if r["cve"] == cve]
        if not mine:
            continue
        out.append(f"## {_cell(cve) if cve else _cell(t['post'])}")
        out.append("")
        if vuln is not None and vuln.evidence is not None:
            out.append(f"**{_cell(t['evidence'])}:** {_cell(vuln.evidence[lang])}")
            out.append("")
        out.append(f"| {t['rule']} | {t['kind']} | {t['samples']} |")
        out.append("|---|---|---|")
        for r in mine:
            listed = r["samples"] if isinstance(r["samples"], list) else []
            samples = "<br>".join(f"`{_cell(str(s))}`" for s in listed) or _cell(t["none"])
            name = f"`{_cell(str(r['name']))}`"
            if r["weak"]:
                name += f" ({_cell(t['context'])})"
            out.append(f"| {name} | {_cell(str(r['kind']))} | {samples} |")
        out.append("")
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")


def _item(row: dict[str, object]) -> str:
    """A row's rule or value as an item id (Indicator.item_id)."""
    kind = str(row["kind"])
    return f"{row['set']}/{row['name']}" if is_rule(kind) else f"{row['set']}/{kind}:{row['name']}"


def label(target: Target) -> str:
    return target.name


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    proof = ctx.evidence  # proven by the pipeline on this corpus (compiler.outputs.context.prove_evidence)
    if proof is None:
        return Emission(artifacts=())
    artifacts: list[Artifact] = []
    with_evidence = {ev.advisory for ev in proof.sets if ev.advisory}
    for adv in sorted(corpus.advisories, key=lambda a: a.id):
        if adv.id not in with_evidence or not ctx.tlp.allows(adv.tlp) or adv.status == "withdrawn":
            continue
        allowed = [s for s in corpus.sets_of(adv.id) if ctx.tlp.allows(s.tlp)]
        sets = frozenset(s.id for s in allowed)
        table = list(rows(proof, adv, sets))
        items = tuple(sorted({_item(r) for r in table}))
        tlp = strictest([adv.tlp, *(s.tlp for s in allowed if any(r["set"] == s.id for r in table))])
        files = [(f"coverage/{adv.id}.json", as_json(proof, adv, sets))]
        files += [
            (f"coverage/{adv.id}.{lang}.md", as_markdown(proof, adv, lang, sets)) for lang in corpus.languages
        ]
        artifacts += [Artifact(path, data, advisory=adv.id, items=items, tlp=tlp) for path, data in files]
    return Emission(artifacts=tuple(artifacts))
