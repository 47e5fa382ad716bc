"""`Text`: a human-readable field of the data, one string per language.

A mapping from language code to text, in the order the languages were given (the configured languages,
Corpus.languages from config/languages.yaml, when the model is assembled). Asking for a language the text
does not hold is an error, never a quiet fallback to another language. `de` and `en` name the two
languages every corpus publishes; outputs written in one language only (STIX, MISP, the rules) read `en`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, init=False, eq=False)
class Text(Mapping[str, str]):
    _items: tuple[tuple[str, str], ...]

    def __init__(self, values: Mapping[str, str] | None = None, /, **by_lang: str) -> None:
        merged = {**(values or {}), **by_lang}
        object.__setattr__(self, "_items", tuple(merged.items()))

    def __getitem__(self, lang: str) -> str:
        for code, text in self._items:
            if code == lang:
                return text
        raise KeyError(f"no text in language {lang!r} (have: {', '.join(self)})")

    def __iter__(self) -> Iterator[str]:
        return (code for code, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and dict(self._items) == dict(other._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items))

    def __repr__(self) -> str:
        return "Text(" + ", ".join(f"{code}={text!r}" for code, text in self._items) + ")"

    def ordered(self) -> dict[str, str]:
        """The texts as a dict, German and English first (in that order), then the other languages."""
        first = [lang for lang in ("de", "en") if lang in self]
        return {lang: self[lang] for lang in (*first, *(lang for lang in self if lang not in first))}

    @property
    def de(self) -> str:
        return self["de"]

    @property
    def en(self) -> str:
        return self["en"]
