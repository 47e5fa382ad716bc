"""A Markdown extension that drops unsafe link targets and event-handler attributes.

Listed in mkdocs.yml as `compiler.site.sanitize`. It runs last among the tree processors, so it sees
every element the Markdown produced, whatever syntax made it (inline links, reference links,
images, attr_list). Allowed targets: http, https, mailto and relative URLs (paths and #anchors).
Raw HTML never reaches this tree from the data: `compiler.outputs.markdown.prose` escapes it first.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from typing import Any, Final

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES: Final = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES: Final = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset")
_SCHEME: Final = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED: Final = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str) -> bool:
    """True for http(s), mailto and relative URLs; false for javascript:, data:, vbscript: and the rest."""
    cleaned = _IGNORED.sub("", html.unescape(url)).lower()
    m = _SCHEME.match(cleaned)
    return m is None or m.group(1) in SAFE_SCHEMES


class _Sanitize(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                lowered = name.lower()
                if lowered.startswith("on") or lowered == "srcdoc":
                    del element.attrib[name]
                elif lowered in URL_ATTRIBUTES and not safe_url(element.attrib[name]):
                    # The link or image becomes plain text: mkdocs expects every <a> to keep an href.
                    element.attrib.clear()
                    element.tag = "span"
                    element.set("class", "iocc-link-removed")
                    break


class SanitizeExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Sanitize(md), "iocc_sanitize", 0.1)


def makeExtension(**kwargs: Any) -> SanitizeExtension:
    return SanitizeExtension(**kwargs)
