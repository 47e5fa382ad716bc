"""Hostile corpora for the hostile-input suite: values and texts an attacker would propose in a pull request.

Every vector that would run script calls `alert("xss-N")` or sets `window.__xss`, so a browser test catches
it however it gets in (a dialog, a marker, an inline script element that was not ours).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).parent / "fixtures"
SITE_FIXTURE = FIXTURES / "site"
DEMO = "site-demo-2024"

# Prose (Markdown fields): raw HTML, script links, attributes, and code spans whose backticks are in
# different blocks (paragraphs, list items, quotes, headings), which Markdown never pairs.
XSS_PROSE: tuple[str, ...] = (
    "`a\n\n<script>alert('xss-1')</script>\n\n`",
    "Text `x\n\n<img src=x onerror=alert('xss-2')>\n\nmore` end",
    "- `a\n- <script>alert('xss-3')</script> `",
    "> `a\n\n> <svg onload=alert('xss-4')> `",
    "# `a\n\n<script>alert('xss-5')</script>`",
    "``a`\n\n<script>alert('xss-6')</script>``",
    "\\`<script>alert('xss-7')</script>\\`",
    "1. `a\n2. <details open ontoggle=alert('xss-8')>`",
    "`a`\n\n    `b\n\n<script>alert('xss-9')</script>`",
    "```\n`a\n```\n<script>alert('xss-10')</script>`",
    "| a | `b |\n|---|---|\n| <script>alert('xss-11')</script> | ` |",
    "<script>alert('xss-12')</script>",
    "<img src=x onerror=alert('xss-13')>",
    "[a](javascript:alert('xss-14'))",
    "[a][r]\n\n[r]: javascript:alert('xss-15')",
    "<javascript:alert('xss-16')>",
    "![x](https://example.com/x.png\" onerror=\"alert('xss-17'))",
    "[a](https://example.com){: onclick=\"alert('xss-18')\" }",
    "<iframe srcdoc=\"<script>alert('xss-19')</script>\"></iframe>",
    "<<script>alert('xss-20');//<</script>",
    "<!--`-->\n\n<script>alert('xss-21')</script>`",
    "*`a*\n\n<script>alert('xss-22')</script>`",
    "<style>@import 'javascript:alert(\"xss-23\")';</style>",
    "&lt;script&gt;alert('xss-24')&lt;/script&gt; &#60;script&#62;alert('xss-24b')&#60;/script&#62;",
    "<svg><script>alert('xss-25')</script></svg>",
    "`a\n\n<a href=\"javascript:alert('xss-26')\">x</a>\n\n`",
    "[x]( javascript:alert('xss-27') ) [y](JAVASCRIPT&#58;alert('xss-27b'))",
    "``\n\n<script>alert('xss-28')</script>\n\n``",
)
# One-line fields (titles, names): they reach navigation, <title>, meta tags, feeds and mails.
XSS_LINES: tuple[str, ...] = (
    "<script>alert('xss-30')</script>",
    "</title><script>alert('xss-31')</script>",
    "\"><img src=x onerror=alert('xss-32')>",
    "'><svg onload=alert('xss-33')>",
    "<b>bold</b> & <i onmouseover=alert('xss-34')>x</i>",
    "</script><script>alert('xss-35')</script>",
    "`a` <img src=x onerror=alert('xss-36')> `b`",
    "{{ 7*7 }} {% raw %} ${alert('xss-37')}",
    "</textarea><script>alert('xss-38')</script>",
    "<!-- <script>alert('xss-39')</script> -->",
)
MARKERS = tuple(f"xss-{n}" for n in (*range(1, 29), *range(30, 40)))


def _dump(path: Path, data: dict[str, Any], schema: str) -> None:
    """JSON is YAML: every string is written with escapes, so no vector is mangled on the way."""
    text = (
        f"# yaml-language-server: $schema={schema}\n" + json.dumps(data, indent=1, ensure_ascii=True) + "\n"
    )
    path.write_text(text, encoding="utf-8")


def _text(i: int, pool: tuple[str, ...]) -> dict[str, str]:
    return {"de": pool[i % len(pool)], "en": pool[(i + 1) % len(pool)]}


def hostile_site_corpus(dest: Path) -> Path:
    """The site fixture with every title, name and prose field of its public advisory made hostile."""
    root = dest / "hostile-site"
    shutil.copytree(SITE_FIXTURE, root)
    adv_path = root / "advisories" / "2024" / f"{DEMO}.yaml"
    adv = yaml.safe_load(adv_path.read_text(encoding="utf-8"))
    prose = iter(range(1000))
    lines = iter(range(1000))
    adv["title"] = {"de": XSS_LINES[1] + " " + XSS_LINES[0], "en": XSS_LINES[2] + " " + XSS_LINES[5]}
    adv["summary"] = {"de": XSS_LINES[3], "en": XSS_LINES[4]}  # a summary becomes the page's meta description
    adv["announcement"] = {"de": "\n\n".join(XSS_PROSE), "en": "\n\n".join(reversed(XSS_PROSE))}
    for vuln in adv["vulnerabilities"]:
        vuln["title"] = _text(next(lines), XSS_LINES)
        vuln["description"] = _text(next(prose), XSS_PROSE)
        vuln["evidence"] = _text(next(prose), XSS_PROSE)
    for entry in adv["products"]["affected"] + adv["products"]["not_affected"]:  # the catalog's names
        product_path = root / "products" / f"{entry['product']}.yaml"
        product = yaml.safe_load(product_path.read_text(encoding="utf-8"))
        product["name"] = XSS_LINES[next(lines) % len(XSS_LINES)]
        product["vendor"] = XSS_LINES[next(lines) % len(XSS_LINES)]
        for release in product["releases"]:
            release["name"] = XSS_LINES[next(lines) % len(XSS_LINES)]
        _dump(product_path, product, "../schemas/product.schema.json")
    for product in adv["products"]["not_affected"]:
        product["reason"] = _text(next(prose), XSS_PROSE)
    for step in adv["steps"]:
        step["title"] = _text(next(lines), XSS_LINES)
        step["body"] = _text(next(prose), XSS_PROSE)
        step["priority"] = _text(next(prose), XSS_PROSE)
    for res in adv["resources"]:
        res["title"] = _text(next(lines), XSS_LINES)
    adv["threat_actors"] = [
        {"id": "hostile-actor", "name": XSS_LINES[next(lines) % len(XSS_LINES)], "aliases": [XSS_LINES[5]],
         "description": _text(next(prose), XSS_PROSE), "attribution": _text(next(prose), XSS_PROSE)}
    ]  # fmt: skip
    adv["malware"] = [
        {"id": "hostile-shell", "name": XSS_LINES[next(lines) % len(XSS_LINES)], "types": ["webshell"],
         "aliases": [XSS_LINES[6]], "description": _text(next(prose), XSS_PROSE)}
    ]  # fmt: skip
    adv["attack_patterns"] = [{"id": "T1190", "name": XSS_LINES[9], "tactic": "initial-access"}]
    for up in adv["updates"]:
        up["title"] = _text(next(lines), XSS_LINES)
        up["body"] = _text(next(prose), XSS_PROSE)
    _dump(adv_path, adv, "../../../../../schemas/advisory.schema.json")
    for set_path in sorted((root / "indicators" / DEMO).glob("*.yaml")):
        data = yaml.safe_load(set_path.read_text(encoding="utf-8"))
        if data["tlp"] != "clear":
            continue
        data["title"] = _text(next(lines), XSS_LINES)
        data["description"] = _text(next(prose), XSS_PROSE)
        data["source"]["name"] = XSS_LINES[next(lines) % len(XSS_LINES)]
        for ind in data["indicators"]:
            ind["description"] = _text(next(prose), XSS_PROSE)
        if set_path.stem == "public-iocs":  # values that are valid and hostile, shown in the value tables
            data["indicators"] += [
                {"type": "url", "value": "http://evil.example/<script>alert('xss-43')</script>"},
                {"type": "file-name", "value": "<img src=x onerror=alert('xss-44')>.js"},
                {"type": "user-agent", "value": "\"><svg onload=alert('xss-45')>"},
            ]
        _dump(set_path, data, "../../../../../schemas/indicator-set.schema.json")
    return root
