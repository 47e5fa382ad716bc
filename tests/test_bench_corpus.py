"""The benchmark's synthetic corpora are valid corpora of today's model: `make bench` measures work that
succeeds (a generator left behind by a model change would make every figure meaningless)."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate
from compiler.diagnostics import has_errors
from compiler.pipeline import check


def test_a_generated_corpus_passes_check_with_its_values(tmp_path: Path) -> None:
    root = generate(tmp_path / "corpus", 400, files=4, advisories=2)
    result = check(root)
    assert not has_errors(result.diagnostics), [d.message for d in result.diagnostics[:5]]
    assert result.corpus is not None
    assert len(result.corpus.advisories) == 2
    assert sum(len(s.indicators) for s in result.corpus.sets) == 400
