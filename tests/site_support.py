"""Shared helpers of the site tests: build a corpus into a site, check its links, serve it."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from compiler.corpus.model import Corpus
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic
from compiler.outputs.artifact import Artifact
from compiler.outputs.context import build_context
from compiler.pipeline import as_of_date, emit_all, load_corpus
from compiler.site import build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"
DEMO = "site-demo-2024"

# Values that only TLP:AMBER records of the fixture hold.
AMBER_VALUES = (
    "amber-secret-okapi.example",
    "198.51.100.77",
    "aaaabbbbccccddddeeeeffff00001111222233334444555566667777888899ff",
    "okapi-dropper-77.aspx",
    "Okapi",
    "site-internal-2024",
    "Zanzibar",
    "zanzibar-internal-c2.example",
)


def _artifact(
    path: str, text: str, advisory: str | None = DEMO, items: tuple[str, ...] = (), tlp: Tlp = Tlp.CLEAR
) -> Artifact:
    return Artifact(path, text.encode("utf-8"), advisory=advisory, items=items, tlp=tlp)


def fake_artifacts() -> list[Artifact]:
    """Artifacts as the emitters would make them for the fixture, each saying what it is; one marked
    TLP:AMBER, and one an emitter marked TLP:CLEAR by mistake although it holds an AMBER value."""
    return [
        _artifact(
            f"email/de/{DEMO}.customer.txt",
            "Betreff: Demo\n\nSehr geehrte Damen und Herren,\n```\nnicht schließen\n",
        ),
        _artifact(f"email/de/{DEMO}.customer.eml", "Subject: Demo\n\nText\n"),
        _artifact(f"email/de/{DEMO}.partner.txt", "Liebe Partner,\n\n<script>alert('mail')</script>\n"),
        _artifact(f"email/en/{DEMO}.customer.txt", "Subject: Demo\n\nDear customer,\n"),
        _artifact(f"email/en/{DEMO}.customer.eml", "Subject: Demo\n\nText\n"),
        _artifact(
            f"csv/{DEMO}.csv", "value,type\n203.0.113.7,ipv4\n", items=("public-iocs/ipv4:203.0.113.7",)
        ),
        _artifact(f"stix/{DEMO}.json", '{"type": "bundle"}\n'),
        _artifact(
            "rules/kql/0d5b1e3c-8a55-4f8e-9b3f-0c2d1e4f5a6b.kql",
            "W3CIISLog\n| where csUriQuery contains 'ServerInfo~'\n",
            items=("demo-rules/demo-proxy-serverinfo",),
        ),
        _artifact("stix/all-amber.json", '{"objects": []}\n', advisory=None, tlp=Tlp.AMBER),
        _artifact("stix/all-internal.json", '{"objects": ["amber-secret-okapi.example"]}\n', advisory=None),
        _artifact("misp/manifest.json", "{}\n", advisory=None),
    ]


def build(corpus_root: Path, dist: Path, *, tlp: Tlp = Tlp.CLEAR) -> tuple[Diagnostic, ...]:
    """The site of the fixture corpus with fake_artifacts() as the downloads, into dist/site."""
    corpus = load_corpus(corpus_root)
    ctx = build_context(ROOT, tlp=tlp, as_of=as_of_date(corpus))
    artifacts = fake_artifacts()
    for artifact in artifacts:
        target = dist / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(artifact.data)
    return build_site(corpus, ctx, dist, artifacts)


def build_real(corpus: Corpus, dist: Path) -> Path:
    """The site of a real corpus (every registered emitter's artifacts as downloads) into dist/site; fails
    the calling test on any note of the site build."""
    ctx = build_context(ROOT, as_of=as_of_date(corpus), proven=corpus)
    artifacts = emit_all(corpus, ctx).artifacts
    for artifact in artifacts:
        target = dist / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(artifact.data)
    notes = build_site(corpus, ctx, dist, artifacts)
    assert [(n.code, n.message) for n in notes] == []
    return dist / "site"


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as its URL path below the root ("" for the home page, "en/scan/", ...)."""
    found = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site)
        if rel.parts[:1] != ("files",):
            found.append("" if rel == Path(".") else rel.as_posix() + "/")
    return found


def site_bytes(site: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of the built site, with .gz files also decompressed."""
    for file in sorted(site.rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            yield file.relative_to(site).as_posix(), data
            if file.suffix == ".gz":
                yield file.relative_to(site).as_posix() + "!", gzip.decompress(data)


@dataclass
class _Page(HTMLParser):
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        for key in ("href", "src"):
            if values.get(key) and tag in ("a", "link", "script", "img"):
                self.links.append(str(values[key]))


@functools.cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target_file(site: Path, url_path: str) -> Path:
    rel = unquote(url_path).lstrip("/")
    target = site / rel
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """Internal links and anchors of every HTML page that lead nowhere: 'page -> href (why)'."""
    problems = []
    for page_file in sorted(site.rglob("*.html")):
        page_url = "/" + page_file.relative_to(site).as_posix()
        for href in _parse(page_file).links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto", "data") or parts.netloc:
                continue
            if parts.scheme:
                problems.append(f"{page_url} -> {href} (scheme)")
                continue
            absolute = urlsplit(urljoin(page_url, href))
            target = _target_file(site, absolute.path)
            if not target.is_file():
                problems.append(f"{page_url} -> {href} (no file)")
                continue
            fragment = unquote(absolute.fragment)
            if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                problems.append(f"{page_url} -> {href} (no anchor)")
    return problems


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve the folder on 127.0.0.1 with a free port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
