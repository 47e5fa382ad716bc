"""The gettext catalogs of the interface strings (compiler/locale/<lang>/LC_MESSAGES/iocc.po).

Every language has the same messages, none empty or fuzzy, with the same placeholders; the files are what
Babel writes, so Poedit or pybabel can edit them without reformatting; and the reader refuses a catalog
a translator has left half done.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from compiler import package_path
from compiler.corpus.vocab import LANGS
from compiler.i18n import catalog as catalog_module
from compiler.i18n.catalog import CatalogError, MissingMessage, areas, catalog

_PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def _po(lang: str) -> Path:
    return package_path("locale", lang, "LC_MESSAGES", "iocc.po")


def _names(lang: str) -> dict[str, set[str]]:
    return {area: set(messages) for area, messages in areas(lang).items()}


def test_every_language_has_a_catalog_with_the_same_messages() -> None:
    first, *others = LANGS
    for lang in others:
        assert _names(lang) == _names(first), lang


@pytest.mark.parametrize("lang", LANGS)
def test_no_entry_is_empty_fuzzy_or_without_area(lang: str) -> None:
    with _po(lang).open("rb") as handle:
        read = read_po(handle, locale=lang)
    entries = [m for m in read if m.id]
    assert entries
    for m in entries:
        assert isinstance(m.string, str) and m.string.strip(), m.id
        assert not m.fuzzy, m.id
        assert m.context, m.id
    assert not read.fuzzy, "the header is marked fuzzy"
    assert str(read.locale) == lang
    assert not read.obsolete


def test_placeholders_agree_across_languages() -> None:
    first, *others = LANGS
    for lang in others:
        for area, messages in areas(first).items():
            for name, text in messages.items():
                found = sorted(_PLACEHOLDER.findall(areas(lang)[area][name]))
                assert found == sorted(_PLACEHOLDER.findall(text)), (lang, area, name)


@pytest.mark.parametrize("lang", LANGS)
def test_the_file_is_what_babel_writes(lang: str) -> None:
    """Read and written back with Babel, the catalog is byte for byte the same (but for the line naming
    the Babel version), so a standard tool leaves only the translator's changes in a diff."""
    original = _po(lang).read_bytes()
    buffer = io.BytesIO()
    write_po(buffer, read_po(io.BytesIO(original), locale=lang), width=76)

    def same(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(b'"Generated-By:')]

    assert same(buffer.getvalue()) == same(original)


def test_a_missing_message_is_named() -> None:
    with pytest.raises(MissingMessage, match="no message 'nonesuch' in 'site'"):
        catalog("de", "site")["nonesuch"]
    with pytest.raises(MissingMessage, match="no area 'nonesuch'"):
        catalog("en", "nonesuch")
    assert catalog("en", "site").get("nonesuch", "fallback") == "fallback"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda po: po.replace(
                'msgctxt "ui"\nmsgid "subject"\n', '#, fuzzy\nmsgctxt "ui"\nmsgid "subject"\n'
            ),
            "fuzzy",
        ),
        (lambda po: po.replace('msgstr "Betreff"', 'msgstr ""'), "not translated"),
        (lambda po: po.replace('msgctxt "ui"\nmsgid "subject"\n', 'msgid "subject"\n'), "no msgctxt"),
    ],
)
def test_a_half_done_catalog_is_refused(
    change: object, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "compiler"
    shutil.copytree(package_path("locale"), root / "locale")
    po = root / "locale" / "de" / "LC_MESSAGES" / "iocc.po"
    assert callable(change)
    changed = change(po.read_text(encoding="utf-8"))
    assert changed != po.read_text(encoding="utf-8")
    po.write_text(changed, encoding="utf-8")
    monkeypatch.setattr(catalog_module, "package_path", lambda *parts: root.joinpath(*parts))
    areas.cache_clear()
    try:
        with pytest.raises(CatalogError, match=reason):
            areas("de")
    finally:
        areas.cache_clear()


def test_a_language_without_catalog_is_refused() -> None:
    with pytest.raises(CatalogError, match="no catalog for language 'xx'"):
        areas("xx")
