"""Data Markdown on the site: rendered with the site's extensions, but never raw HTML or script links."""

from __future__ import annotations

import html as html_module
import re
from html.parser import HTMLParser

import markdown
import pytest
import yaml

from compiler.outputs.markdown import fence, inline, prose
from compiler.site.sanitize import safe_url
from tests.site_support import ROOT


def _render(text: str) -> str:
    """Render with the Markdown extensions mkdocs.yml lists, in the same order and with the same options."""
    raw = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names: list[str] = []
    options: dict[str, dict[str, object]] = {}
    for entry in raw["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, opts), *_ = entry.items()
            names.append(name)
            options[name] = {
                k: (v == "true" if v in ("true", "false") else v) for k, v in (opts or {}).items()
            }
        else:
            names.append(entry)
    return markdown.markdown(text, extensions=names, extension_configs=options)


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](  JaVa\tScRiPt:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "<javascript:alert(1)>",
    '[ok](https://example.com){: onclick="alert(1)" }',
    "text {: onmouseover=alert(1) }",
    "```js {onclick=alert(1)}\nx\n```",
    '<a href="https://example.com" onclick="x()">a</a>',
    "<iframe src=https://evil.example></iframe>",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_data_renders_without_markup_or_script(text: str) -> None:
    html = _render(prose(text))
    for tag, attrs in _tags(html).tags:
        assert tag not in ("script", "img", "iframe", "object", "embed"), html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            if name in ("href", "src"):
                assert safe_url(value or ""), html


def test_without_prose_the_same_input_would_be_markup() -> None:
    """The renderer passes raw HTML through: the escaping in `prose` is what the tests above measure."""
    assert "<script>" in _render("<script>alert(1)</script>")
    assert 'id="x"' in _render("para\n{: #x }")
    assert 'id="x"' not in _render(prose("para\n{: #x }"))


def test_markdown_still_works() -> None:
    html = _render(
        prose("**bold**, *em*, `a<b>`, [link](https://example.com/a_(b))\n\n- one\n- two\n\n> quoted")
    )
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert "<code>a&lt;b&gt;</code>" in html
    assert 'href="https://example.com/a_(b)"' in html
    assert "<li>one</li>" in html and "<blockquote>" in html


def test_code_keeps_its_characters_exactly_once_escaped() -> None:
    html = _render(prose("Pfad `C:\\x\\<Protokoll>\\*.log` und\n\n```text\n<script>ok</script>\n```"))
    code = re.search(r"<code>(.*?)</code>", html)
    assert code is not None and html_module.unescape(code.group(1)) == "C:\\x\\<Protokoll>\\*.log"
    assert "&lt;script&gt;ok&lt;/script&gt;" in html and "&amp;lt;" not in html


def test_data_headings_do_not_become_headings() -> None:
    html = _render(prose("# Title\n\n## Sub\n\ntext"))
    assert "<h1" not in html and "<h2" not in html and "# Title" in html


def test_an_unclosed_fence_is_closed() -> None:
    out = prose("```\nnever closed")
    assert out.endswith("```")


def test_inline_values_are_plain_text() -> None:
    for value in ["*not em*", "[x](javascript:y)", "<b>x</b>", "a|b", "`code`", "{: #id }", "#1", "a_b_c"]:
        parsed = _tags(_render(inline(value)))
        assert [tag for tag, _ in parsed.tags] == ["p"], value
        assert "".join(parsed.text) == value


def test_fence_is_longer_than_any_backtick_run() -> None:
    block = fence("a ```` b", "text")
    assert block.startswith("`````text\n") and block.endswith("\n`````")
    assert "a ```` b" in _render(block)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com", True),
        ("mailto:a@example.com", True),
        ("../files/x.csv", True),
        ("#anchor", True),
        ("javascript:alert(1)", False),
        (" java\nscript:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_safe_url(url: str, ok: bool) -> None:
    assert safe_url(url) is ok
