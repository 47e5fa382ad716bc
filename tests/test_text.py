"""`Text`, a field in every configured language: a mapping with no quiet fallback to another language."""

from __future__ import annotations

import pytest

from compiler.corpus.model import Text


def test_a_text_is_a_mapping_over_its_languages() -> None:
    text = Text({"de": "Hallo", "en": "Hello", "fr": "Bonjour"})
    assert list(text) == ["de", "en", "fr"] and len(text) == 3
    assert (text["fr"], text.de, text.en) == ("Bonjour", "Hallo", "Hello")
    assert dict(text) == {"de": "Hallo", "en": "Hello", "fr": "Bonjour"}


def test_a_missing_language_is_an_error_not_english() -> None:
    text = Text(de="Hallo", en="Hello")
    with pytest.raises(KeyError, match="'fr'"):
        text["fr"]
    assert text.get("fr") is None


def test_equal_texts_are_equal_in_any_order_and_hash_alike() -> None:
    one, other = Text(de="a", en="b"), Text(en="b", de="a")
    assert one == other and hash(one) == hash(other) and len({one, other}) == 1
    assert one != Text(de="a", en="c") and one != {"de": "a", "en": "b"}
    with pytest.raises(AttributeError):
        one._items = ()  # type: ignore[misc]
