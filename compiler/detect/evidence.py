"""The evidence corpus: sample sets that prove rules, read and checked like the rest of the corpus.

    evidence/<advisory-id>/<set-id>/manifest.yaml   true positives of one advisory
    evidence/baseline/<set-id>/manifest.yaml        a normal Exchange server: nothing may fire

A manifest is read by compiler.corpus.load and checked against schemas/evidence.schema.json; the sample files
lie beside it. A new advisory's samples are new folders: nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final

from compiler.corpus.load import Document, LoadError, load_file
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.validate.schema import validate

EVIDENCE: Final = "evidence"
BASELINE: Final = "baseline"
MANIFEST: Final = "manifest.yaml"
MAX_SAMPLE_BYTES: Final = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Expectation:
    rule: str | None  # a rule's name, or None for an atomic indicator
    set_id: str | None
    value: str | None
    lines: tuple[int, ...]
    pointer: str  # where the expectation stands in the manifest

    @property
    def key(self) -> str:
        return f"rule:{self.rule}" if self.rule else f"indicator:{self.set_id}/{self.value}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    file: str  # relative to the set's folder
    path: Path  # on disk
    format: str
    expect: tuple[Expectation, ...]
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceSet:
    id: str
    advisory: str | None  # None for the baseline
    folder: Path
    manifest: Document
    server: str
    description: dict[str, str]
    samples: tuple[Sample, ...]

    @property
    def baseline(self) -> bool:
        return self.advisory is None

    @property
    def rel(self) -> str:
        return self.manifest.path.rsplit("/", 1)[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    sets: tuple[EvidenceSet, ...]
    diagnostics: tuple[Diagnostic, ...]


def discover(root: Path) -> list[Path]:
    base = root / EVIDENCE
    if not base.is_dir():
        return []
    return sorted(p for p in base.glob(f"*/*/{MANIFEST}") if p.is_file())


def load_evidence(root: Path, advisories: set[str]) -> Evidence:
    """Every manifest under evidence/, checked; a set with an error in its manifest is left out."""
    from compiler.config.languages import read_languages

    sets: list[EvidenceSet] = []
    diags: list[Diagnostic] = []
    languages = read_languages(root).languages
    for path in discover(root):
        rel = path.relative_to(root).as_posix()
        try:
            doc = load_file(path, rel)
        except LoadError as exc:
            diags.append(exc.diagnostic)
            continue
        found = validate(doc, languages)
        if found:
            diags.extend(found)
            continue
        one, problems = _build(doc, path.parent, advisories)
        diags.extend(problems)
        if one is not None:
            sets.append(one)
    return Evidence(sets=tuple(sets), diagnostics=tuple(diags))


def _build(doc: Document, folder: Path, advisories: set[str]) -> tuple[EvidenceSet | None, list[Diagnostic]]:
    data: dict[str, Any] = doc.data
    owner = folder.parent.name
    problems: list[Diagnostic] = []
    if data["id"] != folder.name:
        problems.append(
            diagnostic(
                "IOC711", doc.locate("/id"), f"id {data['id']!r} differs from its folder {folder.name!r}"
            )
        )
    if owner != BASELINE and owner not in advisories:
        problems.append(
            diagnostic(
                "IOC711",
                Location(doc.path),
                f"evidence/{owner}/ names no advisory; use evidence/<advisory-id>/ or evidence/baseline/",
            )
        )
    samples: list[Sample] = []
    for i, raw in enumerate(data["samples"]):
        pointer = f"/samples/{i}"
        file_path = folder / PurePosixPath(raw["file"])
        problem = _file_problem(file_path, folder)
        if problem:
            problems.append(diagnostic("IOC701", doc.locate(f"{pointer}/file"), f"{raw['file']}: {problem}"))
            continue
        expects = tuple(
            Expectation(
                rule=e.get("rule"),
                set_id=e.get("set"),
                value=e.get("value"),
                lines=tuple(e.get("lines", ())),
                pointer=f"{pointer}/expect/{j}",
            )
            for j, e in enumerate(raw.get("expect", ()))
        )
        if owner == BASELINE and expects:
            problems.append(
                diagnostic(
                    "IOC703",
                    doc.locate(f"{pointer}/expect"),
                    "a baseline sample stands for a normal server and expects nothing",
                )
            )
        samples.append(
            Sample(file=raw["file"], path=file_path, format=raw["format"], expect=expects, pointer=pointer)
        )
    if any(p.code == "IOC711" for p in problems):
        return None, problems
    return (
        EvidenceSet(
            id=data["id"],
            advisory=None if owner == BASELINE else owner,
            folder=folder,
            manifest=doc,
            server=str(data.get("server", folder.name)),
            description=dict(data["description"]),
            samples=tuple(samples),
        ),
        problems,
    )


def _file_problem(path: Path, folder: Path) -> str | None:
    """Why a sample file cannot be used, or None. Links are never followed out of the folder."""
    try:
        resolved = path.resolve()
        resolved.relative_to(folder.resolve())
    except (OSError, ValueError):
        return "the file lies outside the sample set's folder"
    if path.is_symlink():
        return "the file is a link; samples are plain files"
    if not path.is_file():
        return "no such file"
    size = path.stat().st_size
    if size > MAX_SAMPLE_BYTES:
        return f"the file is {size} bytes; the bound for a sample is {MAX_SAMPLE_BYTES}"
    return None
