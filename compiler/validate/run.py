"""Checking a corpus: load -> validate -> assemble, as one call that every verb and the site plugin share.

All findings are collected, sorted and returned together; the Corpus is assembled only when none of
them is an error, so emitters only ever see valid data.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from compiler.config.languages import read_languages
from compiler.corpus.assemble import build
from compiler.corpus.load import CORPUS_FOLDERS, Document, discover, load_paths, relative
from compiler.corpus.memory import paused_gc
from compiler.corpus.model import Corpus
from compiler.diagnostics import Diagnostic, has_errors, sort_key
from compiler.validate.checks import CheckContext, Docs, all_checks, local_checks
from compiler.validate.schema import validate


class CorpusError(Exception):
    """The corpus has errors; `diagnostics` says which."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__(f"{len(diagnostics)} finding(s) in the corpus")
        self.diagnostics = diagnostics


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    documents: tuple[Document, ...]
    diagnostics: tuple[Diagnostic, ...]  # sorted by (file, line, column, code)
    corpus: Corpus | None  # None when any error was found


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder upwards holding advisories/, indicators/ or products/ (the
    schemas come with the package, so a repository that uses iocc need not carry them)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / top).is_dir() for top in CORPUS_FOLDERS):
            return folder
    return here


def check(root: Path, paths: Iterable[Path] = ()) -> CheckResult:
    """Validate the whole corpus under `root`. With `paths`, those files are checked in the context of the
    corpus (references resolve against it) and only their findings are reported."""
    with paused_gc():
        return _check(root, paths)


def _check(root: Path, paths: Iterable[Path]) -> CheckResult:
    explicit = [Path(os.path.abspath(p)) for p in paths]  # a link is reported, not followed
    files = sorted({*discover(root), *explicit})
    loaded = load_paths(files, root)
    configured = read_languages(root)
    diagnostics = [*loaded.diagnostics, *configured.diagnostics]
    valid: list[Document] = []
    for doc in loaded.documents:
        found = validate(doc, configured.languages)
        diagnostics.extend(found)
        if not found:
            valid.append(doc)
    docs = Docs(
        advisories=tuple(d for d in valid if d.kind == "advisory"),
        sets=tuple(d for d in valid if d.kind == "indicator-set"),
        products=tuple(d for d in valid if d.kind == "product"),
    )
    ctx = CheckContext(root=root, languages=configured.languages)
    every = Docs(
        advisories=tuple(d for d in loaded.documents if d.kind == "advisory"),
        sets=tuple(d for d in loaded.documents if d.kind == "indicator-set"),
        products=tuple(d for d in loaded.documents if d.kind == "product"),
    )
    for run_check in local_checks():  # on every document read: one report holds all findings of a file
        diagnostics.extend(run_check(every, ctx))
    for run_check in all_checks():
        diagnostics.extend(run_check(docs, ctx))
    if explicit:
        wanted = {relative(p, root) for p in explicit}
        diagnostics = [d for d in diagnostics if d.location.path in wanted]
    diagnostics.sort(key=sort_key)
    failed = has_errors(diagnostics) or len(valid) != len(loaded.documents) or bool(loaded.diagnostics)
    failed = failed or bool(configured.diagnostics)
    corpus = None if failed else build(loaded.documents, configured.languages)
    return CheckResult(documents=loaded.documents, diagnostics=tuple(diagnostics), corpus=corpus)


def relocate(diagnostics: Iterable[Diagnostic], documents: Iterable[Document]) -> list[Diagnostic]:
    """Give findings that only know their file and JSON pointer (the emitters see the model, not the
    source) the line and column of that pointer in the loaded document."""
    by_path = {d.path: d for d in documents}
    out: list[Diagnostic] = []
    for diag in diagnostics:
        where = diag.location
        doc = by_path.get(where.path)
        if doc is not None and where.pointer and (where.line, where.column) == (1, 1):
            found = doc.locate(where.pointer)
            diag = replace(diag, location=replace(where, line=found.line, column=found.column))
        out.append(diag)
    return out


def load_corpus(root: Path) -> Corpus:
    """The valid corpus under `root`, or CorpusError with every finding."""
    result = check(root)
    if result.corpus is None:
        raise CorpusError(tuple(d for d in result.diagnostics))
    return result.corpus
