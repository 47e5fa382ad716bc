"""The site built from the fixture corpus: TLP, neutralised markup, links, content, feeds, reproducibility."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compiler.corpus.vocab import LANGS, Lang, Tlp
from compiler.i18n import format_date
from compiler.pipeline import load_corpus
from compiler.site.downloads import public_sets
from tests.site_support import AMBER_VALUES, DEMO, FIXTURE, ROOT, broken_links, build, site_bytes

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[object, ...]]:
    dist = tmp_path_factory.mktemp("dist")
    notes = build(FIXTURE, dist, tlp=Tlp.AMBER)
    return dist / "site", notes


def _page(site: Path, lang: str) -> str:
    prefix = "" if lang == "de" else f"{lang}/"
    return (site / f"{prefix}advisories/{DEMO}/index.html").read_text(encoding="utf-8")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.parts).append(data)


def _parsed(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def test_the_build_is_clean_apart_from_the_leaking_download(built: tuple[Path, tuple[object, ...]]) -> None:
    site, notes = built
    codes = sorted((n.code, n.location.path) for n in notes)  # type: ignore[attr-defined]
    assert codes == [("IOC581", "dist/stix/all-amber.json"), ("IOC581", "dist/stix/all-internal.json")]
    assert not (site / "files/stix/all-internal.json").exists()
    assert not (site / "files/stix/all-amber.json").exists()
    assert (site / f"files/stix/{DEMO}.json").is_file()


def test_no_amber_value_reaches_any_file_of_the_site(built: tuple[Path, tuple[object, ...]]) -> None:
    site, _ = built
    files = dict(site_bytes(site))
    assert "search/search_index.json" in files and "sitemap.xml.gz!" in files
    assert b"203.0.113.7" in files["search/search_index.json"]  # the public value is indexed ...
    leaks = [(name, v) for name, data in files.items() for v in AMBER_VALUES if v.encode() in data]
    assert leaks == []  # ... no AMBER value anywhere, decompressed sitemap included


def test_only_clear_sets_are_shown() -> None:
    corpus = load_corpus(FIXTURE)
    assert [s.id for s in public_sets(corpus, DEMO)] == ["demo-rules", "public-iocs"]


@pytest.mark.parametrize("lang", LANGS)
def test_raw_html_and_script_links_from_the_data_are_neutralised(
    built: tuple[Path, tuple[object, ...]], lang: str
) -> None:
    site, _ = built
    html = _page(site, lang)
    parsed = _parsed(html)
    for tag, attrs in parsed.tags:
        assert tag not in ("iframe", "img"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src") and value:
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (tag, value)
    assert not any("xss" in s for s in parsed.scripts)
    text = "".join(parsed.parts)
    assert '<script>alert("xss-announcement")</script>' in text  # shown as text, not run
    assert "<iframe src='https://evil.example/'></iframe>" in text
    assert "<kept as code>" in text and "&lt;kept" not in text  # escaped once, not twice
    assert "<ServerInfo~*/*>" in text
    assert html.count("<h1") == 1  # "# Not a heading" in an update body stays text
    assert 'class="iocc-link-removed"' in html
    assert 'href="https://example.com/vendor"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_holds_every_step_update_cve_and_product(
    built: tuple[Path, tuple[object, ...]], lang: Lang
) -> None:
    site, _ = built
    adv = load_corpus(FIXTURE).advisory(DEMO)
    text = " ".join("".join(_parsed(_page(site, lang)).parts).split())
    expected = [s.title[lang] for s in adv.steps]
    expected += [format_date(u.date, lang) for u in adv.updates]
    expected += (
        [v.cve for v in adv.vulnerabilities]
        + [p.product.name for p in adv.affected]
        + [p.product.name for p in adv.not_affected]
    )
    expected += ["15.0.200.9", "KB5000002", "203.0.113.7", "public-c2.example", "ServerInfo~"]
    missing = [e for e in expected if e not in text]
    assert missing == []
    steps = re.findall(r'<h3 id="step-(\d)"', _page(site, lang))
    assert steps == ["1", "2", "3"]


def test_every_internal_link_and_anchor_resolves(built: tuple[Path, tuple[object, ...]]) -> None:
    site, _ = built
    assert broken_links(site) == []


def test_downloads_mail_text_and_queries_are_on_the_page(built: tuple[Path, tuple[object, ...]]) -> None:
    site, _ = built
    html = _page(site, "de")
    assert f'href="../../files/email/de/{DEMO}.customer.eml" download' in html
    assert "Sehr geehrte Damen und Herren" in html and "&lt;script&gt;alert('mail')" in html
    assert "csUriQuery" in html  # the KQL built from the Sigma rule
    en = _page(site, "en")
    assert f'href="../../../files/email/en/{DEMO}.customer.eml" download' in en
    text = "".join(_parsed(en).parts)
    assert "No mail was built for this language and audience." in text  # no partner mail in the fixture


@pytest.mark.parametrize("lang", LANGS)
def test_the_atom_feed_lists_the_advisory_and_each_update(
    built: tuple[Path, tuple[object, ...]], lang: str
) -> None:
    site, _ = built
    root = ET.fromstring((site / f"feed-{lang}.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == 3 and len(set(ids)) == 3
    updated = [e.findtext(f"{ATOM}updated", "") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == "2024-05-20T00:00:00Z"
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert all(f"advisories/{DEMO}/" in str(link) for link in links)


def test_two_builds_give_identical_bytes(
    built: tuple[Path, tuple[object, ...]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, _ = built
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    dist = tmp_path / "dist"
    build(FIXTURE, dist, tlp=Tlp.AMBER)
    first, second = dict(site_bytes(site)), dict(site_bytes(dist / "site"))
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert b"<lastmod>2024-05-20</lastmod>" in first["sitemap.xml"]


def test_mkdocs_itself_builds_the_site_strictly_through_the_plugin(tmp_path: Path) -> None:
    """`mkdocs build --strict` run by hand: the iocc entry point makes the pages from the repository."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr
    assert (tmp_path / "site/advisories/index.html").is_file()
    assert (tmp_path / "site/en/reference/codes/index.html").is_file()


def test_tables_too_large_to_index_are_on_the_page_but_not_in_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import compiler.site.generate as generate

    monkeypatch.setattr(generate, "SEARCH_INDEX_ROWS", 1)
    dist = tmp_path / "dist"
    build(FIXTURE, dist)
    site = dist / "site"
    assert b"203.0.113.7" not in (site / "search/search_index.json").read_bytes()
    for lang in LANGS:
        html = _page(site, lang)
        assert "<code>203.0.113.7</code>" in html and 'class="iocc-fragment"' not in html


def test_a_broken_build_checker_template_is_reported_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compiler.site import checker
    from compiler.site.page import PageSpot

    (tmp_path / checker.TEMPLATE.name).write_text("<div>\n{{ no_such_field }}\n</div>\n", encoding="utf-8")
    monkeypatch.setattr(checker, "TEMPLATE_DIR", tmp_path)
    adv = load_corpus(FIXTURE).advisories[0]
    html, found = checker.render_checker(adv, (), PageSpot(stem=f"advisories/{adv.id}", lang="de"), FIXTURE)
    assert html is None
    assert [(d.code, d.location.path, d.location.line) for d in found] == [
        ("IOC582", checker.TEMPLATE.as_posix(), 2)
    ]


def test_a_page_lists_what_its_advisory_owns_and_each_rule_its_queries() -> None:
    """Ownership and items come from the artifacts (what each emitter said), never from names or bytes."""
    from compiler.outputs.artifact import Artifact
    from compiler.outputs.context import build_context
    from compiler.site.generate import generate

    corpus = load_corpus(FIXTURE)

    def art(path: str, advisory: str | None, items: tuple[str, ...] = ()) -> Artifact:
        return Artifact(
            path, b"query text " + path.encode() + b"\n", advisory=advisory, items=items, tlp=Tlp.CLEAR
        )

    artifacts = [
        art(f"csv/{DEMO}.csv", DEMO),  # named after the advisory and owned by it
        art("misp/0b9e3f7a.json", DEMO),  # named after nothing, owned all the same
        art(f"blocklists/{DEMO}.txt", None),  # named after the advisory, but corpus-wide
        art("rules/kql/anything.kql", "another-2024", ("demo-rules/demo-proxy-serverinfo",)),
    ]
    ctx = build_context(ROOT, as_of="2024-06-01")
    tree = generate(
        corpus, ctx, artifacts, site_src=ROOT / "site", schema_dir=ROOT / "schemas", site_url="", site_name=""
    )
    page = tree.files[f"advisories/{DEMO}.en.md"].decode()
    listed = set(re.findall(r"files/([^)\s\"]+)", page))
    assert {f"csv/{DEMO}.csv", "misp/0b9e3f7a.json"} <= listed
    assert f"blocklists/{DEMO}.txt" not in listed and "rules/kql/anything.kql" not in listed
    assert "query text rules/kql/anything.kql" in page  # shown under the rule it was made from
    downloads = tree.files["downloads.en.md"].decode()
    assert all(a.path in downloads for a in artifacts)
    assert tree.owners[f"advisories/{DEMO}.de.md"] == DEMO and "downloads.en.md" not in tree.owners


@pytest.mark.parametrize("lang", LANGS)
def test_expired_values_are_struck_through_and_others_say_until_when(lang: Lang) -> None:
    from dataclasses import replace

    from compiler.site.indicators import indicator_tables
    from compiler.site.labels import labels
    from compiler.site.page import PageSpot

    corpus = load_corpus(FIXTURE)
    s = next(x for x in public_sets(corpus, DEMO) if any(not i.is_rule for i in x.indicators))
    atomic = [i for i in s.indicators if not i.is_rule and i.withdrawn is None][:2]
    old, new = replace(atomic[0], valid_until="2021-03-31"), replace(atomic[1], valid_until="2021-04-30")
    fragments: dict[str, str] = {}
    indicator_tables([replace(s, indicators=(old, new))], PageSpot(stem=f"advisories/{DEMO}", lang=lang),
                     None, fragments, "2021-04-15")  # fmt: skip
    html = "".join(fragments.values())
    t = labels(lang)
    expired = f"{t['valid_until']} {format_date('2021-03-31', lang)}, {t['expired']}"
    assert expired in html
    assert html.index("<del>") < html.index(expired)
    assert f"<small>{t['valid_until']} {format_date('2021-04-30', lang)}</small>" in html
    assert html.count("<del>") == 1


@pytest.mark.parametrize("lang", LANGS)
def test_the_schema_reference_covers_every_schema_and_property(lang: Lang) -> None:
    import json

    from compiler.site.page import PageSpot, anchor
    from compiler.site.reference import render_schemas

    schemas = ROOT / "schemas"
    text = render_schemas(schemas, PageSpot(stem="reference/schemas", lang=lang))
    files = sorted(schemas.rglob("*.schema.json"))
    assert len(files) >= 7
    for path in files:
        key = path.stem if path.parent == schemas else f"config-{path.stem}"
        assert f'id="schema-{anchor(key)}"' in text, path
        for name in json.loads(path.read_text(encoding="utf-8")).get("properties", {}):
            assert f"<code>{name}</code>" in text, (path.name, name)
