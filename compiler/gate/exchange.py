"""Our own known-good list: files and folders of a clean Exchange installation (config/).

A `file-path` hits when it names a listed file in its listed folder, or is one of the listed
folders itself; a `file-name` hits when it is a listed file's name. Case is ignored, and
`%ExchangeInstallPath%` matches any folder ending in `\\Exchange Server\\V15\\` (or V14).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.corpus.load import compose, read_text, to_data

SLUG = "exchange-legitimate-files"
FILE = Path("config") / f"{SLUG}.yaml"
_INSTALL = re.compile(r"^%exchangeinstallpath%\\?", re.I)
_INSTALL_DIR = r"(?:%exchangeinstallpath%\\?|.*\\exchange server\\v1[45]\\)"
_BUILD = r"\d+\.\d+\.\d+\.\d+"


@dataclass(frozen=True, slots=True)
class KnownGood:
    slug: str
    name: str
    files: tuple[tuple[re.Pattern[str], frozenset[str]], ...]  # folder pattern, file names (lower case)
    folders: tuple[re.Pattern[str], ...]  # folders every installation has
    names: frozenset[str]

    def matches(self, kind: str, value: str) -> bool:
        v = value.strip().replace("/", "\\").lower()
        if kind == "file-name":
            return v in self.names
        if kind != "file-path":
            return False
        v = v.rstrip("\\")
        folder, _, name = v.rpartition("\\")
        if any(f.fullmatch(v) for f in self.folders):
            return True
        return any(pattern.fullmatch(folder) and name in names for pattern, names in self.files)


def _folder_pattern(path: str) -> str:
    p = path.strip().replace("/", "\\").rstrip("\\").lower()
    if _INSTALL.match(p):
        return _INSTALL_DIR + re.escape(_INSTALL.sub("", p))
    p = re.sub(r"^(?:c:|%systemdrive%)", "", p)
    return r"(?:c:|%systemdrive%)" + re.escape(p)


def parse(data: Any) -> KnownGood:
    files: list[tuple[re.Pattern[str], frozenset[str]]] = []
    folders: list[re.Pattern[str]] = []
    names: set[str] = set()
    for entry in data.get("folders", []):
        base = _folder_pattern(str(entry["path"]))
        listed = frozenset(str(f).lower() for f in entry.get("files", []))
        names |= listed
        if listed:
            files.append((re.compile(base), listed))
        folders.append(re.compile(base))
        for sub in entry.get("folders", []):
            sub_pattern = _BUILD if sub == "<build>" else re.escape(str(sub).lower())
            folders.append(re.compile(base + r"\\" + sub_pattern))
    return KnownGood(
        slug=str(data.get("name", SLUG)),
        name=str(data.get("title", SLUG)),
        files=tuple(files),
        folders=tuple(folders),
        names=frozenset(names),
    )


def load(root: Path) -> KnownGood | None:
    """The list in `root`/config, or None when the repository has none."""
    path = root / FILE
    if not path.is_file():
        return None
    rel = FILE.as_posix()
    return parse(to_data(compose(read_text(path, rel), rel), rel))
