"""How the texts read: register by audience, dates, forum wording, Microsoft's German terms.

Every {de, en} text that ships (all of an advisory's, an indicator set's and a product's texts except the
maintainers' own `date_note`) is read as prose (compiler.validate.checks.wording says what is skipped):

* IOC312 register (German). Partners are addressed informally (ihr, euch, euer), customers formally (Sie,
  Ihnen, Ihr). A customer field (a step's `customer_body` and `customer_priority`, the customer mail's
  `email` subject and preheader) holds no ihr, euch, euer; a field both mails show (the title, step
  titles, vulnerability titles, the reasons a product is not affected, the titles of customer resources)
  addresses nobody; every other field is the partners' and holds no formal Sie.
* IOC313 a date written YYYY-MM-DD in running text, German or English: dates that come from the data are
  rendered by each output as its language writes them; in prose, write them out.
* IOC314 forum wording ("hier im Thread", "Partner-Thread", "in the thread", "the post above"): an
  advisory is a page with dated updates and a mail, not a thread.
* IOC315 an English term in German text where Microsoft's German documentation has a German one
  ("Cumulative Update": kumulatives Update; "Security Update": Sicherheitsupdate).

CONTRIBUTING.md ("How we write") states the same conventions for authors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final, Literal

from compiler.corpus.load import Document, join_pointer
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.validate.checks import wording
from compiler.validate.checks.base import CheckContext, Docs

Role = Literal["partner", "customer", "shared"]

# Fields of an advisory by who reads them (JSON pointers with * for a list index).
CUSTOMER_FIELDS: Final = ("/steps/*/customer_body", "/steps/*/customer_priority", "/email/*")
SHARED_FIELDS: Final = (
    "/title",
    "/steps/*/title",
    "/vulnerabilities/*/title",
    "/products/not_affected/*/reason",
)
NOT_SHIPPED: Final = ("date_note",)  # editorial notes for maintainers and reviewers; no output shows them


def _matches(path: list[str | int], pattern: str) -> bool:
    parts = pattern.strip("/").split("/")
    return len(parts) == len(path) and all(p == "*" or p == str(q) for p, q in zip(parts, path, strict=True))


def role(doc: Document, path: list[str | int]) -> Role:
    """Who reads the text at `path` (the pointer of its {de, en} map)."""
    if doc.kind != "advisory":
        return "partner"
    if any(_matches(path, p) for p in CUSTOMER_FIELDS):
        return "customer"
    if any(_matches(path, p) for p in SHARED_FIELDS):
        return "shared"
    if len(path) == 3 and path[0] == "resources" and path[2] == "title":
        resource = doc.data["resources"][path[1]]
        return (
            "shared" if isinstance(resource, dict) and resource.get("audience") == "customer" else "partner"
        )
    return "partner"


Finder = Callable[[str], list[wording.Finding]]


def _rules(lang: str, who: Role) -> list[tuple[str, Finder]]:
    rules: list[tuple[str, Finder]] = [
        ("IOC313", wording.iso_dates),
        ("IOC314", lambda text: wording.forum_wording(text, lang)),
    ]
    if lang == "de":
        if who in ("partner", "shared"):
            rules.append(("IOC312", wording.formal_address))
        if who in ("customer", "shared"):
            rules.append(("IOC312", wording.informal_address))
        rules.append(("IOC315", wording.english_terms))
    return rules


_WHAT: Final = {
    "IOC312": "{who} text addresses the reader with {found!r}",
    "IOC313": "a date in running text is written {found!r}",
    "IOC314": "{found!r} refers to a forum thread",
    "IOC315": "German text uses the English term {found!r}",
}
_WHO: Final = {
    "partner": "a partner",
    "customer": "a customer",
    "shared": "a text both mails show (neutral):",
}


def check_language(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Register by audience, ISO dates in prose, forum wording and Microsoft's German terms in every text
    that ships (see the module docstring)."""
    for doc in (*docs.advisories, *docs.sets, *docs.products):
        for path, lang, text in _texts(doc.data, [], ctx.languages):
            who = role(doc, path)
            where = doc.locate(join_pointer([*path, lang]))
            for code, find in _rules(lang, who):
                for found, hint in find(text):
                    message = _WHAT[code].format(who=_WHO[who], found=found)
                    yield diagnostic(code, where, f"{message} ({lang})", hint=hint)


def _texts(
    node: Any, path: list[str | int], langs: tuple[str, ...]
) -> Iterator[tuple[list[str | int], str, str]]:
    """(pointer of the text map, language, text) for every text map that ships, in each configured language."""
    if isinstance(node, dict):
        if set(node) == set(langs) and all(isinstance(v, str) for v in node.values()):
            for lang in langs:
                yield path, lang, node[lang]
            return
        for key, value in node.items():
            if key not in NOT_SHIPPED and key != "rule" and isinstance(value, dict | list):
                yield from _texts(value, [*path, key], langs)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict | list):  # a scalar is never a text map: no walk into it
                yield from _texts(item, [*path, i], langs)
