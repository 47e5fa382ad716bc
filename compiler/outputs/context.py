"""A build's context for one repository: config/ and locks/ read once, here, and the evidence proven when
the coverage output is wanted. The pipeline makes one per build; `iocc diff`, the site preview and the tests
make theirs the same way. Emitters only ever receive one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from compiler.corpus.model import Corpus
from compiler.corpus.vocab import Tlp
from compiler.locks.held import read_locks
from compiler.outputs.artifact import BuildContext
from compiler.outputs.settings import read_settings

if TYPE_CHECKING:
    from compiler.detect.prove import Proof


def build_context(
    root: Path,
    *,
    tlp: Tlp = Tlp.CLEAR,
    as_of: str = "1970-01-01",
    preview: bool = False,
    options: dict[str, str] | None = None,
    proven: Corpus | None = None,
) -> BuildContext:
    """The context of a build of the repository at `root`. With `proven` (the corpus the build publishes),
    every rule is proven on evidence/ for the coverage output."""
    return BuildContext(
        root=root,
        settings=read_settings(root),
        locks=read_locks(root),
        tlp=tlp,
        as_of=as_of,
        preview=preview,
        options=dict(options or {}),
        evidence=prove_evidence(proven, root) if proven is not None else None,
    )


def prove_evidence(corpus: Corpus, root: Path) -> Proof | None:
    """The proof of every rule on evidence/ (compiler.detect.prove), or None when the repository has none."""
    from compiler.detect.evidence import discover
    from compiler.detect.prove import prove

    return prove(corpus, root) if discover(root) else None
