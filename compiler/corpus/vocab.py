"""The vocabularies of the data model, in one place. The schemas hold the same enums; a test keeps both equal."""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal


class Tlp(StrEnum):
    """TLP 2.0 levels, least to most restrictive."""

    CLEAR = "clear"
    GREEN = "green"
    AMBER = "amber"
    AMBER_STRICT = "amber+strict"
    RED = "red"

    @property
    def rank(self) -> int:
        return _TLP_ORDER.index(self)

    def allows(self, other: Tlp) -> bool:
        """True when content marked `other` may appear in an output of this level."""
        return other.rank <= self.rank


_TLP_ORDER: Final = (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED)

Status = Literal["draft", "final", "withdrawn"]
Severity = Literal["low", "medium", "high", "critical"]
StepKind = Literal["patch", "hunt", "false-positives", "mitigate", "other"]
ResourceKind = Literal["advisory", "blog", "guidance", "tool", "update", "indicators", "faq"]
Audience = Literal["customer", "partner", "technical"]
ReleaseKind = Literal["rtm", "sp", "cu", "ru", "su", "hu"]
Deployment = Literal["on-premises", "cloud"]
# A language code (`de`, `en`, `fr`): the languages a corpus publishes are configured in config/languages.yaml
# (compiler.config.languages) and carried on the assembled model (Corpus.languages); LANGS is the default.
Lang = str
LANGS: Final[tuple[Lang, ...]] = ("de", "en")
LANG_PATTERN: Final = r"^[a-z]{2,3}$"
