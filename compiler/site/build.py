"""`build_site`: the partner site from the corpus and the build's artifacts, already in the staging dist/.

Called by the pipeline after every emitter wrote its files into `dist_dir`. Makes the docs tree
(compiler.site.generate; `docs_tree`, which the build also calls earlier to compare the pages with the
last release), writes it to a temporary folder, and runs mkdocs programmatically in strict mode into
`dist_dir / "site"`; the `iocc` plugin points mkdocs at the tree, and the downloads are linked in.

Reproducible: SOURCE_DATE_EPOCH is set for the build (from the environment when given, else from the
latest `modified` date of the published advisories), so the sitemap dates and the gzip header of
sitemap.xml.gz come from the data, not the clock. mkdocs's warnings become IOC580 diagnostics; any
warning fails the strict build, and the function then returns the error instead of raising.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from compiler.corpus.load import relative
from compiler.corpus.model import Corpus
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.files.safepath import LinkRefused, first_link
from compiler.outputs.artifact import Artifact, BuildContext
from compiler.outputs.siteinfo import CONFIG_NAME, site_settings
from compiler.site.downloads import public_advisories
from compiler.site.generate import DocsTree, generate
from compiler.site.plugin import IoccPlugin, copy_downloads, write_changed
from compiler.validate.schema import SCHEMA_DIR


def source_date_epoch(corpus: Corpus) -> str:
    given = os.environ.get("SOURCE_DATE_EPOCH", "")
    if given.isdigit():
        return given
    dates = [a.modified for a in public_advisories(corpus)]
    latest = max(dates) if dates else "1970-01-01"
    return str(int(datetime.fromisoformat(latest[:10]).replace(tzinfo=UTC).timestamp()))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _environment(epoch: str) -> Iterator[_Collect]:
    saved = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def docs_tree(corpus: Corpus, ctx: BuildContext, artifacts: Iterable[Artifact]) -> DocsTree:
    """The site's pages for this corpus and these artifacts (raises OSError or ValueError when the
    site's own sources cannot be read)."""
    url, name = site_settings(ctx.root)
    return generate(
        corpus,
        ctx,
        artifacts,
        site_src=ctx.root / "site",
        schema_dir=SCHEMA_DIR,
        site_url=ctx.options.get("site_url") or url,
        site_name=name,
    )


def build_site(
    corpus: Corpus,
    ctx: BuildContext,
    dist_dir: Path,
    artifacts: Iterable[Artifact],
    tree: DocsTree | None = None,
) -> tuple[Diagnostic, ...]:
    """Build the site into dist_dir/site from `tree` (else made here from `artifacts`, which are in
    dist_dir). Returns notes and, on failure, IOC580 errors."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = ctx.root / CONFIG_NAME
    where = Location(path=CONFIG_NAME)
    notes: list[Diagnostic] = []
    for own in (config_file, ctx.root / "site", ctx.root / "schemas"):  # mkdocs reads these itself
        link = first_link(own, ctx.root)
        if link is not None:
            return (
                diagnostic(
                    "IOC011", Location(path=relative(link, ctx.root)), LinkRefused(link).describe(ctx.root)
                ),
            )
    with (
        _environment(source_date_epoch(corpus)) as collected,
        tempfile.TemporaryDirectory(prefix="iocc-site-") as tmp,
    ):
        try:
            config = load_config(str(config_file), site_dir=str(dist_dir / "site"), strict=True)
            plugin = config.plugins.get("iocc")
            if not isinstance(plugin, IoccPlugin):
                return (diagnostic("IOC580", where, "mkdocs.yml does not list the iocc plugin"),)
            tree = tree or docs_tree(corpus, ctx, artifacts)
            notes.extend(tree.notes)
            docs = Path(tmp) / "docs"
            write_changed(tree.files, docs)
            plugin.prepared = (tree, docs)
            build(config)
            copy_downloads(tree, dist_dir / "site", dist_dir)
        except (MkDocsException, OSError, ValueError) as exc:
            notes.append(diagnostic("IOC580", where, f"the site was not built: {exc}"))
        except Exception as exc:  # a plugin or extension failed inside mkdocs: report, do not crash
            notes.append(diagnostic("IOC580", where, f"the site was not built: {type(exc).__name__}: {exc}"))
        for record in collected.records:
            notes.append(diagnostic("IOC580", where, f"mkdocs: {record.getMessage()}"))
    return tuple(notes)
