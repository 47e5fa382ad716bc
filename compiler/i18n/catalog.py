"""The interface strings of each language, read from its gettext catalog.

One catalog per language, `compiler/locale/<lang>/LC_MESSAGES/iocc.po`, shipped as package data and read with
Babel once per process (no compiled .mo files: the .po file is the source and the only copy). An entry's
msgid is the message's name, its msgctxt the area that uses it (`site`, `mail`, `csaf`, ...), its msgstr the
text; so a maintainer edits the words with any gettext tool (Poedit, pybabel) and the code asks for a name.

A repository may carry catalogs of languages the package has none of (`locale/<lang>/LC_MESSAGES/iocc.po`
beside `config/`); the check reads them, without following a link, when it reads config/languages.yaml
(compiler.config.languages) and hands them to `use_repository_catalogs`. The package's catalog of a language
always wins, so a repository cannot change the German or English words of iocc.

A catalog is all or nothing: a fuzzy, untranslated or context-less entry is an error when the catalog is read,
and asking for a message the catalog lacks raises an error that names it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import read_po

from compiler import package_path

__all__ = [
    "CatalogError",
    "Messages",
    "MissingMessage",
    "areas",
    "catalog",
    "catalog_path",
    "has_catalog",
    "use_repository_catalogs",
]

# lang -> (the file's path relative to the repository, its bytes): catalogs a repository carries.
_REPOSITORY: dict[str, tuple[str, bytes]] = {}


class CatalogError(ValueError):
    """A catalog that cannot be used as it is: missing, or with a fuzzy, untranslated or context-less entry."""


class MissingMessage(KeyError):
    """A message (or area) the catalog does not hold. A KeyError, so `in` and `.get()` work as on a dict."""

    def __str__(self) -> str:
        return str(self.args[0])


class Messages(Mapping[str, str]):
    """The messages of one area in one language; a missing one raises MissingMessage with its name."""

    __slots__ = ("_area", "_lang", "_texts")

    def __init__(self, *, lang: str, area: str, texts: Mapping[str, str]) -> None:
        self._lang = lang
        self._area = area
        self._texts = MappingProxyType(dict(texts))

    def __getitem__(self, name: str) -> str:
        try:
            return self._texts[name]
        except KeyError:
            raise MissingMessage(
                f"the {self._lang} catalog has no message {name!r} in {self._area!r} ({catalog_path(self._lang)})"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"Messages(lang={self._lang!r}, area={self._area!r}, {len(self)} messages)"


def catalog_path(lang: str) -> str:
    if not _package_catalog(lang).is_file() and lang in _REPOSITORY:
        return _REPOSITORY[lang][0]
    return f"compiler/locale/{lang}/LC_MESSAGES/iocc.po"


def _package_catalog(lang: str) -> Path:
    return package_path("locale", lang, "LC_MESSAGES", "iocc.po")


def has_catalog(lang: str) -> bool:
    """Whether the package or the repository carries a catalog of the language."""
    return lang in _REPOSITORY or _package_catalog(lang).is_file()


def use_repository_catalogs(found: Mapping[str, tuple[str, bytes]]) -> None:
    """Make the catalogs of the repository being checked (language -> its path and bytes) the ones `areas`
    knows besides the package's; those of a repository checked before in this process are forgotten."""
    if dict(found) != _REPOSITORY:
        _REPOSITORY.clear()
        _REPOSITORY.update(found)
        areas.cache_clear()


@cache
def areas(lang: str) -> Mapping[str, Messages]:
    """Every area of the language's catalog, in the catalog's order."""
    path = _package_catalog(lang)
    if path.is_file():
        data = path.read_bytes()
    elif lang in _REPOSITORY:
        data = _REPOSITORY[lang][1]
    else:
        raise CatalogError(f"no catalog for language {lang!r} ({catalog_path(lang)})")
    try:
        read = read_po(io.BytesIO(data), locale=lang, abort_invalid=True)
    except Exception as exc:  # Babel raises PoFileError, or ValueError/UnknownLocaleError for the locale
        raise CatalogError(f"{catalog_path(lang)}: {exc}") from None
    found: dict[str, dict[str, str]] = {}
    for message in read:
        if not message.id:
            continue  # the header
        name, text, area = message.id, message.string, message.context
        where = f"{catalog_path(lang)}:{message.lineno}"
        if not isinstance(name, str) or not isinstance(text, str):
            raise CatalogError(f"{where}: {name!r} has plural forms; iocc's messages have none")
        if message.fuzzy or not text:
            raise CatalogError(f"{where}: {name!r} is {'fuzzy' if message.fuzzy else 'not translated'}")
        if not area:
            raise CatalogError(f"{where}: {name!r} has no msgctxt (the area that uses it)")
        found.setdefault(area, {})[name] = text
    return MappingProxyType(
        {area: Messages(lang=lang, area=area, texts=texts) for area, texts in found.items()}
    )


def catalog(lang: str, area: str) -> Messages:
    """The messages of one area (`site`, `mail`, ...) in one language."""
    try:
        return areas(lang)[area]
    except KeyError:
        raise MissingMessage(f"the {lang} catalog has no area {area!r} ({catalog_path(lang)})") from None
