"""The docs tree mkdocs builds: the hand-written pages of site/ plus the pages made from the corpus.

Pure apart from reading site/, schemas/, the build checker template and the artifacts in dist/:
the same inputs give the same tree, byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final

from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.emit import BuildContext
from compiler.model import Corpus
from compiler.safepath import LinkRefused
from compiler.site import advisory as advisory_page
from compiler.site.checker import render_checker
from compiler.site.downloads import (
    Download,
    LeakScanner,
    by_advisory,
    forbidden_values,
    human_size,
    names_of,
    public_advisories,
    public_sets,
    scan,
)
from compiler.site.labels import labels
from compiler.site.listing import feed_path, newest_first, render_feed, render_index
from compiler.site.markdown import inline
from compiler.site.page import PageSpot, download_link, front_matter
from compiler.site.reference import render_codes, render_outputs, render_schemas
from compiler.vocab import LANGS, Lang

SKIPPED_SITE_DIRS: Final = frozenset({"overrides"})
CHECKER_SCRIPT: Final = "assets/javascripts/build-checker.js"
# Site search indexes the indicator tables of a page up to this many rows. Material's search plugin
# parses every tag of every page, and at 1,000 rows per page that is most of the build time; larger
# tables are put in after indexing and found with their own filter box (and in the CSV).
SEARCH_INDEX_ROWS: Final = 400
_QUERY_FOLDERS: Final = ("kql", "splunk", "elastic", "spl", "lucene", "esql")


@dataclass(frozen=True, slots=True, kw_only=True)
class DocsTree:
    files: Mapping[str, bytes]  # path in the docs folder -> content
    nav: tuple[Any, ...]
    downloads: tuple[Download, ...]  # copied to <site>/files/ after the build
    extra_javascript: tuple[str, ...]
    notes: tuple[Diagnostic, ...]
    fragments: Mapping[str, str]  # marker key -> HTML put into the page after Markdown
    unindexed: frozenset[str] = frozenset()  # keys put in after the search index was made


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


def _queries(downloads: tuple[Download, ...], names: frozenset[str]) -> dict[str, tuple[Download, ...]]:
    """Query files per rule name: rules/<target>/<rule name or id>.<ext>."""
    found: dict[str, list[Download]] = {}
    for d in downloads:
        parts = PurePosixPath(d.path).parts
        if len(parts) >= 3 and parts[0] == "rules" and parts[1] in _QUERY_FOLDERS:
            stem = parts[-1].split(".", 1)[0]
            if stem in names:
                found.setdefault(stem, []).append(d)
    return {k: tuple(v) for k, v in sorted(found.items())}


def _downloads_page(downloads: tuple[Download, ...], spot: PageSpot) -> str:
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
        parts.append(
            "\n".join(
                f"- {download_link(spot.root, d.site_path, d.path)} ({inline(human_size(d.size))})"
                for d in items
            )
        )
    if not downloads:
        parts.append(inline(t["no_downloads"]))
    return "\n\n".join(parts) + "\n"


def generate(
    corpus: Corpus,
    ctx: BuildContext,
    dist_dir: Path | None,
    *,
    site_src: Path,
    schema_dir: Path,
    site_url: str,
    site_name: str,
) -> DocsTree:
    files, notes = hand_written(site_src)
    fragments: dict[str, str] = {}
    unindexed: set[str] = set()
    scanner = LeakScanner(forbidden_values(corpus))
    downloads: list[Download] = []
    for d in scan(dist_dir):
        leaked = scanner.find(d.source.read_bytes())
        if leaked is None:
            downloads.append(d)
            continue
        msg = f"dist/{d.path} holds content marked above TLP:CLEAR and is left off the site"
        notes.append(diagnostic("IOC581", Location(path=f"dist/{d.path}"), msg))
    all_downloads = tuple(downloads)
    advisories = newest_first(public_advisories(corpus))
    names_by_adv = {adv.id: names_of(public_sets(corpus, adv.id)) for adv in advisories}
    owned = by_advisory(all_downloads, names_by_adv)
    for adv in advisories:
        sets = public_sets(corpus, adv.id)
        names = names_by_adv[adv.id]
        own = owned[adv.id]
        checker: dict[Lang, str] = {}
        for lang in LANGS:
            spot = PageSpot(stem=f"advisories/{adv.id}", lang=lang)
            html, found = render_checker(adv, own, spot, ctx.root)
            notes.extend(found)
            if html:
                checker[lang] = html
        inputs = advisory_page.AdvisoryInputs(
            advisory=adv,
            sets=sets,
            downloads=own,
            queries=_queries(own, names),
            checker=checker,
            as_of=ctx.as_of,
        )
        for lang in LANGS:
            spot = PageSpot(stem=f"advisories/{adv.id}", lang=lang)
            mine: dict[str, str] = {}
            files[spot.src] = advisory_page.render(inputs, spot, mine).encode("utf-8")
            fragments.update(mine)
            if sum(html.count("<tr>") for html in mine.values()) > SEARCH_INDEX_ROWS:
                unindexed.update(mine)
    for lang in LANGS:
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
        files[spot.src] = _downloads_page(all_downloads, spot).encode("utf-8")
    nav: tuple[Any, ...] = (
        "index.md",
        {"Advisories": ["advisories/index.md", *(f"advisories/{a.id}.md" for a in advisories)]},
        "feeds.md",
        "downloads.md",
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
    )
