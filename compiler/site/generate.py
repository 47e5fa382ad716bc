"""The docs tree mkdocs builds: the hand-written pages of site/ plus the pages made from the corpus.

Pure apart from reading site/, schemas/ and the build checker template: the same corpus and artifacts
give the same tree, byte for byte. The artifacts are the build's (compiler.outputs.artifact): what the
site offers for download and which advisory each belongs to come from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from compiler.corpus.model import Corpus
from compiler.corpus.vocab import Lang
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.files.safepath import LinkRefused
from compiler.outputs.artifact import Artifact, BuildContext
from compiler.outputs.markdown import inline
from compiler.site import advisory as advisory_page
from compiler.site.checker import FLEET_STEM, render_checker, render_fleet_checker
from compiler.site.downloads import (
    Download,
    offered,
    owned,
    public_advisories,
    public_sets,
    queries_by_item,
)
from compiler.site.filelist import files_table, rule_titles
from compiler.site.labels import labels
from compiler.site.listing import (
    LATEST_MARKER,
    feed_path,
    newest_first,
    render_feed,
    render_index,
    render_latest,
)
from compiler.site.page import PageSpot, front_matter
from compiler.site.reference import render_codes, render_outputs, render_schemas

SKIPPED_SITE_DIRS: Final = frozenset({"overrides"})
CHECKER_SCRIPT: Final = "assets/javascripts/build-checker.js"
# Site search indexes the indicator tables of a page up to this many rows. Material's search plugin
# parses every tag of every page, and at 1,000 rows per page that is most of the build time; larger
# tables are put in after indexing and found with their own filter box (and in the CSV).
SEARCH_INDEX_ROWS: Final = 400
_QUERY_FOLDERS: Final = ("kql", "splunk", "elastic", "spl", "lucene", "esql")
FRAGMENT: Final = re.compile(r'<div class="iocc-fragment" data-key="([^"]+)"></div>')


@dataclass(frozen=True, slots=True, kw_only=True)
class DocsTree:
    files: Mapping[str, bytes]  # path in the docs folder -> content
    nav: tuple[Any, ...]
    downloads: tuple[Download, ...]  # copied to <site>/files/ after the build
    extra_javascript: tuple[str, ...]
    notes: tuple[Diagnostic, ...]
    fragments: Mapping[str, str]  # marker key -> HTML put into the page after Markdown
    unindexed: frozenset[str] = frozenset()  # keys put in after the search index was made
    preview: bool = False  # a preview build (--include-drafts): every page carries a banner saying so
    owners: Mapping[str, str] = field(default_factory=dict)  # page made for one advisory -> its id

    def page(self, path: str) -> bytes:
        """A page as the site shows it: its Markdown with the fragments it marks, in place."""
        text = self.files[path].decode("utf-8", errors="replace")
        return FRAGMENT.sub(lambda m: self.fragments.get(m.group(1), ""), text).encode("utf-8")


def hand_written(site_src: Path) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The pages and assets of site/, and IOC011 for each symbolic link there, theme overrides included
    (never followed: a link to a file outside the repository would publish that file)."""
    out: dict[str, bytes] = {}
    refused: list[Diagnostic] = []
    if site_src.is_symlink():
        msg = LinkRefused(site_src).describe(site_src.parent)
        return out, [diagnostic("IOC011", Location(path=site_src.name), msg)]
    if not site_src.is_dir():
        return out, refused
    for file in sorted(site_src.rglob("*")):
        rel = file.relative_to(site_src)
        if file.is_symlink():  # theme overrides included: mkdocs reads them
            msg = LinkRefused(file).describe(site_src.parent)
            refused.append(diagnostic("IOC011", Location(path=f"{site_src.name}/{rel.as_posix()}"), msg))
        elif rel.parts[0] in SKIPPED_SITE_DIRS or rel.name.startswith("."):
            continue
        elif file.is_file():
            out[rel.as_posix()] = file.read_bytes()
    return out, refused


def _downloads_page(downloads: tuple[Download, ...], spot: PageSpot, titles: Mapping[str, str]) -> str:
    t = labels(spot.lang)
    parts = [
        front_matter(title=t["downloads_title"]),
        f"# {inline(t['downloads_title'])}",
        inline(t["downloads_page_intro"]),
    ]
    groups: dict[str, list[Download]] = {}
    for d in downloads:
        groups.setdefault(d.path.split("/", 1)[0], []).append(d)
    for group, items in groups.items():
        parts.append(f"## {inline(group)} {{#files-{group.replace('.', '-')}}}")
        parts.append(files_table(items, spot.root, spot.lang, titles))
    if not downloads:
        parts.append(inline(t["no_downloads"]))
    return "\n\n".join(parts) + "\n"


def _fleet_page(html: str | None, spot: PageSpot) -> str:
    t = labels(spot.lang)
    parts = [front_matter(title=t["fleet_title"]), f"# {inline(t['fleet_title'])}", inline(t["fleet_intro"])]
    parts.append(html.strip() if html else inline(t["fleet_missing"]))
    parts.append(inline(t["fleet_cli"]))
    return "\n\n".join(parts) + "\n"


def generate(
    corpus: Corpus,
    ctx: BuildContext,
    artifacts: Iterable[Artifact],
    *,
    site_src: Path,
    schema_dir: Path,
    site_url: str,
    site_name: str,
) -> DocsTree:
    files, notes = hand_written(site_src)
    fragments: dict[str, str] = {}
    unindexed: set[str] = set()
    all_downloads, found = offered(artifacts, corpus)
    notes.extend(found)
    owners: dict[str, str] = {}
    queries = queries_by_item(all_downloads, _QUERY_FOLDERS)
    titles = rule_titles(corpus, all_downloads)
    advisories = newest_first(public_advisories(corpus))
    for adv in advisories:
        sets = public_sets(corpus, adv.id)
        own = owned(all_downloads, adv.id)
        checker: dict[Lang, str] = {}
        for lang in corpus.languages:
            spot = PageSpot(stem=f"advisories/{adv.id}", lang=lang)
            html, found = render_checker(adv, own, spot, ctx.root)
            notes.extend(found)
            if html:
                checker[lang] = html
        inputs = advisory_page.AdvisoryInputs(
            advisory=adv,
            sets=sets,
            downloads=own,
            queries=queries,
            checker=checker,
            as_of=ctx.as_of,
            titles=titles,
        )
        for lang in corpus.languages:
            spot = PageSpot(stem=f"advisories/{adv.id}", lang=lang)
            mine: dict[str, str] = {}
            files[spot.src] = advisory_page.render(inputs, spot, mine).encode("utf-8")
            owners[spot.src] = adv.id
            fragments.update(mine)
            if sum(html.count("<tr>") for html in mine.values()) > SEARCH_INDEX_ROWS:
                unindexed.update(mine)
    for lang in corpus.languages:
        home = PageSpot(stem="index", lang=lang).src
        if home in files and LATEST_MARKER.encode() in files[home]:
            latest = render_latest(advisories, lang).encode("utf-8")
            files[home] = files[home].replace(LATEST_MARKER.encode(), latest, 1)
        files[PageSpot(stem="advisories/index", lang=lang).src] = render_index(
            advisories, PageSpot(stem="advisories/index", lang=lang)
        ).encode("utf-8")
        files[feed_path(lang)] = render_feed(advisories, lang, site_url, site_name)
        for stem, render in (
            ("reference/outputs", render_outputs),
            ("reference/codes", render_codes),
        ):
            files[PageSpot(stem=stem, lang=lang).src] = render(PageSpot(stem=stem, lang=lang)).encode("utf-8")
        spot = PageSpot(stem="reference/schemas", lang=lang)
        files[spot.src] = render_schemas(schema_dir, spot).encode("utf-8")
        spot = PageSpot(stem="downloads", lang=lang)
        files[spot.src] = _downloads_page(all_downloads, spot, titles).encode("utf-8")
        spot = PageSpot(stem=FLEET_STEM, lang=lang)
        html, found = render_fleet_checker(all_downloads, spot)
        notes.extend(found)
        files[spot.src] = _fleet_page(html, spot).encode("utf-8")
    nav: tuple[Any, ...] = (
        "index.md",
        {"Advisories": ["advisories/index.md", *(f"advisories/{a.id}.md" for a in advisories)]},
        f"{FLEET_STEM}.md",
        "feeds.md",
        "downloads.md",
        "scan.md",
        "contribute.md",
        {"Reference": ["reference/outputs.md", "reference/schemas.md", "reference/codes.md"]},
    )
    scripts = (CHECKER_SCRIPT,) if CHECKER_SCRIPT in files else ()
    return DocsTree(
        files=dict(sorted(files.items())),
        nav=nav,
        downloads=all_downloads,
        extra_javascript=scripts,
        notes=tuple(notes),
        fragments=fragments,
        unindexed=frozenset(unindexed),
        preview=ctx.preview,
        owners=owners,
    )


def with_downloads(tree: DocsTree, artifacts: Iterable[Artifact], corpus: Corpus) -> DocsTree:
    """The tree with more corpus-wide files offered on the downloads page (changes.json, made after the
    tree because it compares the tree's pages with the last release's)."""
    extra, found = offered(artifacts, corpus)
    downloads = tuple(sorted((*tree.downloads, *extra), key=lambda d: d.path))
    files = dict(tree.files)
    titles = rule_titles(corpus, downloads)
    for lang in corpus.languages:
        spot = PageSpot(stem="downloads", lang=lang)
        files[spot.src] = _downloads_page(downloads, spot, titles).encode("utf-8")
    return replace(tree, files=files, downloads=downloads, notes=(*tree.notes, *found))
