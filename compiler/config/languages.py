"""The languages a corpus publishes: config/languages.yaml, read once by the check.

The file holds one list, `languages`, of lowercase language codes in the order the outputs name them
(German, the site's default language, first). Without the file a corpus publishes
`compiler.corpus.vocab.LANGS` (German and English); both are required (REQUIRED says why).

Every language needs an interface catalog: the package's (`compiler/locale/<lang>/LC_MESSAGES/iocc.po`) or
one the repository carries (`locale/<lang>/LC_MESSAGES/iocc.po`, read without following a link and handed to
compiler.i18n.catalog). A language iocc cannot publish is IOC013, located at its entry in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from compiler.corpus.load import LoadError, compose, read_text, to_data
from compiler.corpus.vocab import LANG_PATTERN, LANGS
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.files.safepath import LinkRefused, read_bytes
from compiler.i18n.catalog import CatalogError, areas, has_catalog, use_repository_catalogs

__all__ = ["LANGUAGES_FILE", "Languages", "read_languages"]

LANGUAGES_FILE = "config/languages.yaml"
# English is the original of CSAF, STIX, MISP and the rules; German is the site's default language and
# the second column of the CSV export and of STIX's descriptions. Every corpus publishes both.
REQUIRED = ("de", "en")


@dataclass(frozen=True, slots=True, kw_only=True)
class Languages:
    """The configured languages (LANGS when none can be read) and what was wrong with the file."""

    languages: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


def _at(node: yaml.Node | None, pointer: str) -> Location:
    if node is None:
        return Location(LANGUAGES_FILE, 1, 1, pointer)
    return Location(LANGUAGES_FILE, node.start_mark.line + 1, node.start_mark.column + 1, pointer)


def _entries(root: yaml.Node) -> list[yaml.Node] | None:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "languages":
                return list(value.value) if isinstance(value, yaml.SequenceNode) else None
    return None


def _repository_catalog(root: Path, lang: str) -> tuple[str, bytes] | None:
    rel = f"locale/{lang}/LC_MESSAGES/iocc.po"
    path = root / rel
    try:
        return (rel, read_bytes(path, root)) if path.is_file() else None
    except (LinkRefused, OSError):
        return None


def read_languages(root: Path) -> Languages:
    """The languages under `root`, with every problem of the file as a located diagnostic (IOC013)."""
    path = root / LANGUAGES_FILE
    if not path.is_file():
        use_repository_catalogs({})
        return Languages(languages=LANGS)
    try:
        node = compose(read_text(path, LANGUAGES_FILE), LANGUAGES_FILE)
        data = to_data(node, LANGUAGES_FILE)
    except LoadError as exc:
        return Languages(languages=LANGS, diagnostics=tuple(exc.args[:1]))
    entries = _entries(node)
    if not isinstance(data, dict) or entries is None or not isinstance(data.get("languages"), list):
        found = diagnostic("IOC013", _at(node, ""), "expected a mapping with a list `languages`")
        return Languages(languages=LANGS, diagnostics=(found,))
    problems: list[Diagnostic] = []
    langs: list[str] = []
    catalogs = {
        lang: catalog
        for lang in data["languages"]
        if isinstance(lang, str) and re.fullmatch(LANG_PATTERN, lang)
        if (catalog := _repository_catalog(root, lang)) is not None
    }
    use_repository_catalogs(catalogs)
    for i, (value, where) in enumerate(zip(data["languages"], entries, strict=True)):
        at = _at(where, f"/languages/{i}")
        if not isinstance(value, str) or not re.fullmatch(LANG_PATTERN, value):
            problems.append(
                diagnostic("IOC013", at, f"{value!r} is not a lowercase language code (de, en, fr)")
            )
        elif value in langs:
            problems.append(diagnostic("IOC013", at, f"{value!r} is named twice"))
        elif (problem := _catalog_problem(value)) is not None:
            problems.append(diagnostic("IOC013", at, problem, hint=f"add locale/{value}/LC_MESSAGES/iocc.po"))
        else:
            langs.append(value)
    for lang in REQUIRED:
        if lang not in data["languages"]:
            first = _at(entries[0] if entries else node, "/languages")
            problems.append(
                diagnostic("IOC013", first, f"{lang!r} is missing; every corpus publishes de and en")
            )
    if problems:
        return Languages(languages=LANGS, diagnostics=tuple(problems))
    return Languages(languages=tuple(langs))


def _catalog_problem(lang: str) -> str | None:
    """Why the language's catalog cannot be used, or None when it can."""
    if not has_catalog(lang):
        return (
            f"no interface catalog for {lang!r} (compiler/locale/{lang}/ or the repository's locale/{lang}/)"
        )
    try:
        areas(lang)
    except CatalogError as exc:
        return str(exc)
    return None
