"""What every check receives: the schema-valid documents and the context of the run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from compiler.corpus.load import Document
from compiler.corpus.vocab import LANGS
from compiler.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True, kw_only=True)
class Docs:
    """The schema-valid documents, by kind, sorted by path."""

    advisories: tuple[Document, ...]
    sets: tuple[Document, ...]
    products: tuple[Document, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckContext:
    root: Path  # repository root: where config files and locks live
    languages: tuple[str, ...] = LANGS  # what every text holds (config/languages.yaml)


Check = Callable[[Docs, CheckContext], Iterable[Diagnostic]]
