"""The proof: every rule fires on its positives and on nothing of the baseline (`iocc test`).

All sample files of all sets run through one detection plan in one engine run. Each positive sample is
compared with its manifest (complete accounting: what it expects must match, what matches must be
expected); each baseline hit is a false positive of the rule that fired; every rule must be proven by a
positive, every indicator set by at least one value. Findings carry stable codes (IOC7xx).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from compiler.corpus.load import Document
from compiler.corpus.model import Corpus
from compiler.detect.engine import run
from compiler.detect.evidence import EvidenceSet, Sample, load_evidence
from compiler.detect.plan import HASHES, KINDS, Plan, Target, build_plan, indicator_key, rule_key
from compiler.detect.sources import Collector, Match, Source
from compiler.diagnostics import Diagnostic, diagnostic


@dataclass(frozen=True, slots=True, kw_only=True)
class Proven:
    """A target matched on a positive sample, as its manifest expects."""

    key: str
    evidence: str  # evidence/<advisory>/<set>/<file>
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Proof:
    plan: Plan
    sets: tuple[EvidenceSet, ...]
    proven: tuple[Proven, ...]
    context: tuple[Proven, ...]  # weak context seen on samples (baseline included)
    diagnostics: tuple[Diagnostic, ...]
    documents: tuple[Document, ...]  # the manifests, for locating findings


def prove(corpus: Corpus, root: Path) -> Proof:
    evidence = load_evidence(root, {a.id for a in corpus.advisories})
    plan = build_plan(corpus, root)
    diags: list[Diagnostic] = [*evidence.diagnostics, *plan.diagnostics]
    with tempfile.TemporaryDirectory(prefix="iocc-test-") as tmp:
        collector = Collector(Path(tmp))
        owner: dict[int, tuple[EvidenceSet, Sample]] = {}
        sources: list[Source] = []
        for ev in evidence.sets:
            for sample in ev.samples:
                rel = PurePosixPath(sample.file).parts
                for src in collector.collect_file(sample.path, f"{ev.rel}/{sample.file}", rel, ev.server):
                    owner[src.index] = (ev, sample)
                    sources.append(src)
        matches = run(plan, sources, Path(tmp))
    by_source: dict[int, list[Match]] = {}
    for m in matches:
        by_source.setdefault(m.source, []).append(m)
    proven: list[Proven] = []
    context: list[Proven] = []
    for src in sources:
        ev, sample = owner[src.index]
        where = f"{ev.rel}/{sample.file}"
        if src.format != sample.format:
            diags.append(diagnostic("IOC702", ev.manifest.locate(f"{sample.pointer}/format"),
                                    f"{sample.file}: the content is {src.format}, not {sample.format}"))  # fmt: skip
        found = by_source.get(src.index, [])
        weak = [m for m in found if plan.targets[m.key].weak]
        context.extend(Proven(key=k, evidence=where, lines=ls) for k, ls in _lines_by_key(weak).items())
        hits = _lines_by_key([m for m in found if not plan.targets[m.key].weak])
        if ev.baseline:
            diags.extend(_false_positives(plan, hits, where))
        else:
            ok, problems = _account(plan, ev, sample, hits, where)
            proven.extend(ok)
            diags.extend(problems)
    diags.extend(_unproven(plan, {p.key for p in proven}))
    return Proof(plan=plan, sets=evidence.sets, proven=tuple(proven), context=tuple(context),
                 diagnostics=tuple(diags), documents=tuple(ev.manifest for ev in evidence.sets))  # fmt: skip


def _lines_by_key(matches: Iterable[Match]) -> dict[str, tuple[int, ...]]:
    out: dict[str, set[int]] = {}
    for m in matches:
        out.setdefault(m.key, set()).add(m.line)
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


def _shown(lines: tuple[int, ...]) -> str:
    lines = tuple(n for n in lines if n)
    return f" at line {', '.join(map(str, lines))}" if lines else ""


def _false_positives(plan: Plan, hits: dict[str, tuple[int, ...]], where: str) -> list[Diagnostic]:
    out = []
    for key, lines in hits.items():
        target = plan.targets[key]
        out.append(diagnostic(
            "IOC706", target.source,
            f"{_label(target)} matched the baseline: {where}{_shown(lines)}",
            hint="narrow the rule, or add the benign case as a filter; the baseline stands for a normal server",
        ))  # fmt: skip
    return out


def _label(target: Target) -> str:
    return (
        f"rule {target.name}"
        if target.kind in ("sigma", "yara")
        else f"{target.kind} {target.name!r} of set {target.set_id}"
    )


def _account(
    plan: Plan, ev: EvidenceSet, sample: Sample, hits: dict[str, tuple[int, ...]], where: str
) -> tuple[list[Proven], list[Diagnostic]]:
    assert ev.advisory is not None
    proven: list[Proven] = []
    problems: list[Diagnostic] = []
    expected: set[str] = set()
    for exp in sample.expect:
        key = (
            rule_key(ev.advisory, exp.rule)
            if exp.rule
            else indicator_key(ev.advisory, exp.set_id or "", exp.value or "")
        )
        here = ev.manifest.locate(exp.pointer)
        if key not in plan.targets:
            what = f"rule {exp.rule!r}" if exp.rule else f"value {exp.value!r} in set {exp.set_id!r}"
            problems.append(diagnostic("IOC703", here, f"advisory {ev.advisory} has no live {what}"))
            continue
        expected.add(key)
        got = hits.get(key)
        if got is None:
            problems.append(
                diagnostic("IOC704", here, f"{_label(plan.targets[key])} did not match {sample.file}")
            )
        elif exp.lines and tuple(sorted(exp.lines)) != got:
            problems.append(diagnostic("IOC704", here, f"{_label(plan.targets[key])} matched {sample.file}"
                                       f"{_shown(got) or ' (no line)'}, expected line(s) {', '.join(map(str, sorted(exp.lines)))}"))  # fmt: skip
        else:
            proven.append(Proven(key=key, evidence=where, lines=got))
    for key, lines in hits.items():
        target = plan.targets[key]
        if target.advisory == ev.advisory and key not in expected:
            problems.append(diagnostic(
                "IOC705", ev.manifest.locate(f"{sample.pointer}/file"),
                f"{_label(target)} matched {sample.file}{_shown(lines)}, which the manifest does not expect",
            ))  # fmt: skip
    return proven, problems


def _unproven(plan: Plan, proven: set[str]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    sets: dict[tuple[str, str], list[Target]] = {}
    for target in plan.targets.values():
        if target.kind in ("sigma", "yara"):
            if target.key not in proven:
                out.append(diagnostic("IOC707", target.source, f"rule {target.name} has no positive sample that proves it",
                                      hint="add a sample under evidence/<advisory>/ and expect the rule in its manifest"))  # fmt: skip
        elif target.kind in KINDS:
            sets.setdefault((target.advisory, target.set_id), []).append(target)
    for (_, set_id), targets in sorted(sets.items()):
        if any(t.key in proven for t in targets):
            continue
        first = min(targets, key=lambda t: t.source.pointer)
        where = first.source.__class__(first.source.path, 1, 1, "/indicators")
        if all(t.kind in HASHES for t in targets):
            out.append(
                diagnostic("IOC709", where, f"set {set_id} holds only file hashes; no sample can carry them")
            )
        else:
            out.append(diagnostic("IOC708", where, f"set {set_id} has no value proven on a positive sample"))
    return out
