"""File lists on the site say what each file holds (from what the emitters said about it), its format, its
size and its SHA-256; the home page lists the newest advisories and updates. On the site fixture."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from compiler.corpus.model import Corpus
from compiler.corpus.vocab import LANGS, Lang, Tlp
from compiler.i18n import format_date
from compiler.outputs.context import build_context
from compiler.outputs.markdown import inline
from compiler.pipeline import load_corpus
from compiler.site.downloads import human_size, offered, public_advisories
from compiler.site.filelist import describe, file_format, rule_titles
from compiler.site.generate import DocsTree, generate
from compiler.site.listing import LATEST_MARKER, newest_first
from tests.site_support import DEMO, FIXTURE, ROOT, fake_artifacts

RULE = "demo-rules/demo-proxy-serverinfo"
RULE_TITLE = "Demo ServerInfo AnchorMailbox in Web Server Log"  # the fixture's Sigma rule


@pytest.fixture(scope="module")
def tree() -> tuple[Corpus, DocsTree]:
    corpus = load_corpus(FIXTURE)
    ctx = build_context(ROOT, tlp=Tlp.CLEAR, as_of="2024-06-01")
    return corpus, generate(
        corpus,
        ctx,
        fake_artifacts(),
        site_src=ROOT / "site",
        schema_dir=ROOT / "schemas",
        site_url="",
        site_name="",
    )


@pytest.mark.parametrize(
    ("path", "lang", "expected"),
    [
        (
            "rules/kql/0d5b1e3c-8a55-4f8e-9b3f-0c2d1e4f5a6b.kql",
            "en",
            f"Query from the Sigma rule: {RULE_TITLE}",
        ),
        (
            "rules/kql/0d5b1e3c-8a55-4f8e-9b3f-0c2d1e4f5a6b.kql",
            "de",
            f"Abfrage aus der Sigma-Regel: {RULE_TITLE}",
        ),
        (f"email/de/{DEMO}.customer.txt", "de", "Kundenmail (Deutsch)"),
        (f"email/en/{DEMO}.customer.eml", "de", "Kundenmail (Englisch)"),
        (f"email/de/{DEMO}.partner.txt", "en", "Partner mail (German)"),
        (f"csv/{DEMO}.csv", "de", "Alle Indikatoren dieses Advisorys"),
        (f"stix/{DEMO}.json", "en", "STIX bundle of this advisory"),
        ("misp/manifest.json", "en", "MISP feed: manifest of the events"),
    ],
)
def test_a_file_is_named_by_what_it_holds(path: str, lang: Lang, expected: str) -> None:
    corpus = load_corpus(FIXTURE)
    downloads, _ = offered(fake_artifacts(), corpus)
    titles = rule_titles(corpus, downloads)
    assert titles[RULE] == RULE_TITLE
    found = next(d for d in downloads if d.path == path)
    assert describe(found, lang, titles) == expected


def test_formats() -> None:
    assert file_format("rules/sigma/x.yml") == "Sigma (YAML)"
    assert file_format("rules/kql/sentinel/x.kql") == "KQL · Microsoft Sentinel"
    assert file_format("csaf/white/2024/x-de.json") == "CSAF 2.0 · JSON"
    assert file_format("csaf/white/2024/x-de.json.sha256") == "SHA-256"
    assert file_format("csaf/white/changes.csv") == "CSV"
    assert file_format("email/de/x.customer.eml") == "E-Mail (.eml)"


@pytest.mark.parametrize("lang", LANGS)
def test_every_listed_file_shows_its_size_and_sha256(tree: tuple[Corpus, DocsTree], lang: str) -> None:
    _, docs = tree
    pages = [docs.page(f"advisories/{DEMO}.{lang}.md").decode(), docs.files[f"downloads.{lang}.md"].decode()]
    for page in pages:
        tables = re.findall(r'<table class="iocc-table iocc-files">.*?</table>', page, re.S)
        rows = [row for table in tables for row in table.split("<tr>")[2:]]
        assert rows
        for row in rows:
            (path,) = re.findall(r'href="[^"]*files/([^"]+)" download>', row)
            data = next(a.data for a in fake_artifacts() if a.path == path)
            assert hashlib.sha256(data).hexdigest() in row
            assert human_size(len(data)) in row
    assert RULE_TITLE in pages[0]


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_lists_the_newest_advisories_and_updates(
    tree: tuple[Corpus, DocsTree], lang: Lang
) -> None:
    corpus, docs = tree
    home = docs.files[f"index.{lang}.md"].decode()
    assert LATEST_MARKER not in home
    for adv in newest_first(public_advisories(corpus))[:5]:
        assert f"](advisories/{adv.id}.md)" in home and inline(format_date(adv.published, lang)) in home
        for up in adv.updates:
            assert f"](advisories/{adv.id}.md#update-{up.date}" in home


def test_the_home_pages_carry_the_marker() -> None:
    for lang in LANGS:
        assert LATEST_MARKER in (Path(ROOT) / "site" / f"index.{lang}.md").read_text(encoding="utf-8")
