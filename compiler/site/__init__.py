"""The bilingual partner site (mkdocs-material + mkdocs-static-i18n), generated from the corpus.

`build_site(corpus, ctx, dist_dir)` builds it into dist_dir/site; the `iocc` mkdocs plugin
(compiler.site.plugin) makes `mkdocs serve` preview YAML edits live.
"""

from __future__ import annotations

from compiler.site.build import build_site

__all__ = ["build_site"]
