"""The `iocc` mkdocs plugin: puts the pages made from the corpus into the build.

Registered as the entry point `mkdocs.plugins: iocc`, listed first in mkdocs.yml. Two ways in:

* `iocc build` (the pipeline) calls `compiler.site.build.build_site`, which makes the docs tree from
  the corpus it already checked and hands it to this plugin (`prepared`); the plugin only points
  mkdocs at it.
* `mkdocs serve` or `mkdocs build` run by hand: the plugin loads and checks the corpus itself (drafts
  left out, as in a public build), runs the emitters for the downloads, writes the tree to
  `.build/site-docs/` (only files whose bytes changed, so the watcher is not retriggered) and watches
  advisories/, indicators/, site/ and schemas/: editing YAML refreshes the browser.

mkdocs-static-i18n rebuilds once per language and calls on_config again each time; generation is
skipped when no input changed since the last run.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from compiler.files.safepath import refuse_links
from compiler.site.generate import FRAGMENT, DocsTree
from compiler.validate.schema import SCHEMA_DIR

log = logging.getLogger("mkdocs.plugins.iocc")

WATCHED = ("advisories", "indicators", "site", "schemas")


class IoccConfig(Config):  # type: ignore[no-untyped-call]
    staging = config_options.Type(str, default=".build/site-docs")


class IoccPlugin(BasePlugin[IoccConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        super().__init__()
        self.prepared: tuple[DocsTree, Path] | None = None  # set by build_site: (tree, docs folder)
        self._fingerprint: tuple[tuple[str, int, int], ...] | None = None
        self._served: tuple[DocsTree, Path] | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        tree, docs = self.prepared or self._from_repository(config)
        config.docs_dir = str(docs)
        config.nav = list(tree.nav)
        config.extra["iocc_preview"] = tree.preview  # site/overrides/main.html shows the banner
        known = {str(s) for s in config.extra_javascript}
        for script in tree.extra_javascript:
            if script not in known:
                config.extra_javascript.append(config_options.ExtraScriptValue(script))
        return config

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).resolve().parent
        for name in WATCHED:
            if (root / name).is_dir():
                server.watch(str(root / name))
        return server

    def on_page_content(self, html: str, /, *, page: Any, config: MkDocsConfig, files: Any) -> str:
        """Tables go in before the search index is made, unless they are too large to index."""
        return self._fill(html, indexed=True)

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        return self._fill(output, indexed=False)

    def _fill(self, html: str, *, indexed: bool) -> str:
        tree = (self.prepared or self._served or (None, None))[0]
        if tree is None or 'class="iocc-fragment"' not in html:
            return html

        def swap(m: re.Match[str]) -> str:
            key = m.group(1)
            if (key in tree.unindexed) == indexed:
                return m.group(0)
            return tree.fragments.get(key, "")

        return FRAGMENT.sub(swap, html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.prepared is None and self._served is not None:  # `iocc build` links them in itself
            copy_downloads(self._served[0], Path(config.site_dir))

    def _from_repository(self, config: MkDocsConfig) -> tuple[DocsTree, Path]:
        root = Path(config.config_file_path).resolve().parent
        staging = root / self.config.staging
        fingerprint = _fingerprint(root)
        if self._served is not None and fingerprint == self._fingerprint:
            return self._served
        tree = _generate_from(root, config)
        write_changed(tree.files, staging)
        self._served, self._fingerprint = (tree, staging), fingerprint
        return tree, staging


def _generate_from(root: Path, config: MkDocsConfig) -> DocsTree:
    from compiler.corpus.asof import reference_date
    from compiler.corpus.model import Corpus
    from compiler.corpus.view import published
    from compiler.outputs.context import build_context
    from compiler.outputs.registry import emitters
    from compiler.site.generate import generate
    from compiler.validate.run import CorpusError, load_corpus

    try:
        corpus = published(load_corpus(root))  # drafts only in `iocc build --include-drafts`
    except CorpusError as err:
        for d in err.diagnostics:
            log.warning(
                "%s:%d: %s[%s] %s", d.location.path, d.location.line, d.severity.value, d.code, d.message
            )
        corpus = Corpus(advisories=(), sets=())
    ctx = build_context(root, as_of=reference_date(corpus), proven=corpus)
    artifacts = [a for _, emit in sorted(emitters().items()) for a in emit(corpus, ctx).artifacts]
    return generate(
        corpus,
        ctx,
        artifacts,
        site_src=root / "site",
        schema_dir=SCHEMA_DIR,
        site_url=config.site_url or "",
        site_name=config.site_name,
    )


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    entries = []
    for name in (*WATCHED, "config", "locks"):
        base = root / name
        if base.is_dir():
            for p in base.rglob("*"):
                if p.is_file():
                    st = p.stat()
                    entries.append((p.relative_to(root).as_posix(), st.st_mtime_ns, st.st_size))
    return tuple(sorted(entries))


def write_changed(files: dict[str, bytes] | Any, folder: Path) -> None:
    """Make `folder` hold exactly `files`, touching only files whose bytes differ. A link on the way to the
    folder (below the repository, which holds mkdocs.yml) is refused: LinkRefused."""
    refuse_links(folder, folder.parent.parent)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set(files)
    for existing in sorted(folder.rglob("*"), reverse=True):
        rel = existing.relative_to(folder).as_posix()
        if existing.is_file() and rel not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    for rel, data in files.items():
        target = folder / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def copy_downloads(tree: DocsTree, site_dir: Path, dist_dir: Path | None = None) -> None:
    """Put every download into the site: a hard link to the file in `dist_dir` where there is one and the
    file system allows (outputs are written once, never in place), else the artifact's bytes."""
    for d in tree.downloads:
        target = site_dir / d.site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        source = dist_dir / d.path if dist_dir is not None else None
        if target.exists():
            if source is not None and source.is_file() and os.path.samefile(source, target):
                continue
            target.unlink()
        if source is not None and source.is_file():
            try:
                os.link(source, target)
                continue
            except OSError:
                pass
        target.write_bytes(d.artifact.data)
