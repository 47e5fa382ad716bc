"""What the language checks look for in one text: the words and forms, and the parts of a text they skip.

Pure functions over one string of one language; compiler.validate.checks.language decides which rules a
field gets (by its audience) and reports. Each finder returns (what it found, a hint) pairs, in order.

Skipped everywhere: code spans and blocks, URLs and link targets (values, paths and addresses are written
as they are). The register and term rules also skip quotations and italics: a partner text may quote what
the customer mail says, and a German text may cite an English title (*Protecting on-premises Exchange
Servers against recent attacks*).
"""

from __future__ import annotations

import re
from typing import Final

Finding = tuple[str, str]  # (the words found, what to write instead)

_CODE_BLOCK: Final = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.M | re.S)
_CODE_SPAN: Final = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_LINK_TARGET: Final = re.compile(r"\]\([^)]*\)")
_URL: Final = re.compile(r"\b(?:https?|mailto|ftp):[^\s)>\]]+")
_QUOTED: Final = re.compile(r"„[^“”\"]*[“”\"]|“[^”]*”|\"[^\"\n]*\"|‚[^‘’]*[‘’]|»[^«]*«")
_ITALIC: Final = re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+\*(?!\*)|(?<![_\w])_(?!_)[^_\n]+_(?!_)")


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """The text with every match replaced by spaces of the same length (positions stay)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def prose(text: str) -> str:
    """The running text: code, URLs and link targets blanked out."""
    for pattern in (_CODE_BLOCK, _CODE_SPAN, _LINK_TARGET, _URL):
        text = _blank(pattern, text)
    return text


def own_words(text: str) -> str:
    """The running text without quotations and italics (what the author writes in their own voice)."""
    text = prose(text)
    for pattern in (_QUOTED, _ITALIC):
        text = _blank(pattern, text)
    return text


# ---- register (German) ----

_FORMAL: Final = re.compile(r"(?<![\w-])(Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)(?![\w-])")
_INFORMAL: Final = re.compile(
    r"(?<![\w-])(?:(?:[Ee]uch|[Ee]uer|[Ee]ure[mnrs]?|du|dich|dein(?:e[mnrs]?)?)"
    r"|ihr\s+(?:[a-zäöüß]+t|seid)|Ihr\s+(?:[a-zäöüß]+t|seid))(?![\w-])"
)
_OPENERS: Final = "*_„\"“‚'»([ \t"


def _sentence_start(text: str, at: int) -> bool:
    """Whether the word at `at` opens a sentence (or a list item, heading or line), where German
    capitalises any word: there a capital Sie or Ihr may be the third person or the informal plural."""
    before = text[:at].rstrip(_OPENERS)
    if not before or before.endswith((".", "!", "?", ":", ";", "\n")):
        return True
    line = before.rsplit("\n", 1)[-1].strip()
    return re.fullmatch(r"(?:[-+*>#]+|\d+[.)])", line) is not None


def formal_address(text: str) -> list[Finding]:
    """The formal Sie (and Ihnen, Ihr, ...) where it can only be the formal address: inside a sentence."""
    words = own_words(text)
    found = []
    for m in _FORMAL.finditer(words):
        if m.group(1) == "Ihnen" or not _sentence_start(words, m.start()):
            found.append((m.group(0), "partners are addressed with ihr, euch, euer"))
    return found


def informal_address(text: str) -> list[Finding]:
    """The informal ihr, euch, euer (and du) addressing the reader."""
    return [
        (" ".join(m.group(0).split()), "customers are addressed with Sie, Ihnen, Ihr")
        for m in _INFORMAL.finditer(own_words(text))
    ]


# ---- dates ----

_ISO_DATE: Final = re.compile(r"(?<![\w/])\d{4}-\d{2}-\d{2}(?!\d)")


def iso_dates(text: str) -> list[Finding]:
    """Dates written as YYYY-MM-DD in running text."""
    return [
        (m.group(0), "write the date as the language does (2. März 2021, 2 March 2021)")
        for m in _ISO_DATE.finditer(prose(text))
    ]


# ---- forum wording ----

_FORUM: Final = {
    "de": re.compile(
        r"(?<![\w-])(?:(?:hier im |im |in diesem |ins )?(?:Partner-)?Thread|Forum"
        r"|(?:ersten|letzten|vorigen|vorherigen|obigen|diesem|nächsten) Beitrag|Beitrag (?:oben|unten))(?![\w-])"
    ),
    "en": re.compile(
        r"(?<![\w-])(?:(?:here in the |in the |in this )?(?:partner )?thread|forum"
        r"|(?:first|last|previous|earlier|next|this) post|post (?:above|below)|reply (?:here|below))(?![\w-])",
        re.I,
    ),
}


def forum_wording(text: str, lang: str) -> list[Finding]:
    """Words of a forum thread (the thread, a post above) that an advisory page and a mail do not have."""
    return [
        (m.group(0), "the site and the mails have no thread: name the page, the update or the contact")
        for m in (
            _FORUM[lang].finditer(prose(text)) if lang in _FORUM else ()
        )  # a language without patterns: unchecked
    ]


# ---- Microsoft's German terms ----

GERMAN_TERMS: Final = (
    (re.compile(r"(?<![\w-])Cumulative Updates?(?![\w-])"), "kumulatives Update (CU)"),
    (re.compile(r"(?<![\w-])Security Updates?(?![\w-])(?! Guide)"), "Sicherheitsupdate (SU)"),
)


def english_terms(text: str) -> list[Finding]:
    """English product terms in German text where Microsoft's German documentation has German ones."""
    words = own_words(text)
    found = [
        (m.start(), m.group(0), german) for pattern, german in GERMAN_TERMS for m in pattern.finditer(words)
    ]
    return [(term, f"Microsoft's German documentation writes {german}") for _, term, german in sorted(found)]
