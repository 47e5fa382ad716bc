"""Files by path or name. Windows paths are absolute (`C:\\...`, `\\\\server\\share\\...`, `%VAR%\\...`) and
the same indicator in any case, as Windows treats them; POSIX paths (`/...`) keep their case."""

from __future__ import annotations

import re
from typing import Final

from compiler.corpus.kinds.kind import (
    Aliases,
    Atomic,
    Gate,
    Loki,
    Misp,
    NotExpressible,
    Scan,
    Sigma,
    SigmaField,
    Stix,
)
from compiler.corpus.values import CONTROL

_WIN_PATH: Final = re.compile(r"(?:[A-Za-z]:\\|\\\\[^\\/]+\\[^\\/]+|%[A-Za-z_][A-Za-z0-9_()]*%\\?)")
_BAD_PATH_CHARS: Final = re.compile(r'[<>"|?*]')


def file_path(value: str) -> str:
    v = value.strip()
    if CONTROL.search(v):
        raise ValueError("not a file path: it holds control characters")
    if v.startswith("/"):
        return v
    if not _WIN_PATH.match(v):
        raise ValueError(r"not an absolute Windows path (C:\..., \\server\share\..., %VAR%\...)")
    if _BAD_PATH_CHARS.search(v[2:]):
        raise ValueError('not a file path: it holds one of < > " | ? *')
    return v


def file_name(value: str) -> str:
    v = value.strip()
    if not v or CONTROL.search(v) or "/" in v or "\\" in v:
        raise ValueError("not a file name: it is empty or holds a path separator or control character")
    return v


def windows_case(value: str) -> str:
    """A Windows path or name in any case is the same indicator; a POSIX path keeps its case."""
    return value if value.startswith("/") else value.casefold()


_NO_CONTENT: Final = NotExpressible(
    why="YARA matches file content; names and paths go to Loki filename-iocs, Sigma and CSV"
)
_NETWORK_ONLY: Final = NotExpressible(why="Suricata sees network traffic, not files on disk")
_EVERY_FILE: Final = NotExpressible(
    why="CHIRP's yara plugin runs every rule on every file, so a presence rule would match all"
)
_FALSE_POSITIVES: Final = "Legitimate files that carry the same name"
_MISP: Final = Misp(category="Artifacts dropped", type="filename")
_GATE: Final = Gate(lists=("exchange-legitimate-files",))

FILE_PATH: Final = Atomic(
    name="file-path",
    names={"de": "Dateipfade", "en": "File paths"},
    canonical=file_path,
    example="C:\\x\\y.exe",
    same=windows_case,
    stix=Stix(label="File path", shape="file-path"),
    misp=_MISP,
    yara=_NO_CONTENT,
    sigma=Sigma(
        label="File Paths",
        fields=(SigmaField(logsource="file_event", fields=("TargetFilename",)),),
        false_positives=_FALSE_POSITIVES,
    ),
    suricata=_NETWORK_ONLY,
    loki=Loki(how="filename-iocs.txt (regex;score)", line="path"),
    chirp=_EVERY_FILE,
    gate=_GATE,
    scan=Scan(table="file-path"),
    aliases=Aliases(names=("filepath", "file_path", "file-path", "path"), stix=("directory:path",)),
)
FILE_NAME: Final = Atomic(
    name="file-name",
    names={"de": "Dateinamen", "en": "File names"},
    canonical=file_name,
    example="y.exe",
    same=windows_case,
    stix=Stix(label="File name", shape="value", object="file", property="name"),
    misp=_MISP,
    yara=_NO_CONTENT,
    sigma=Sigma(
        label="File Names",
        fields=(
            SigmaField(logsource="file_event", fields=("TargetFilename",), modifier="endswith", prefix="\\"),
        ),
        false_positives=_FALSE_POSITIVES,
    ),
    suricata=_NETWORK_ONLY,
    loki=Loki(how="filename-iocs.txt (regex;score)", line="name"),
    chirp=_EVERY_FILE,
    gate=_GATE,
    scan=Scan(table="file-name"),
    aliases=Aliases(names=("filename", "file_name", "file-name"), misp=("filename",), stix=("file:name",)),
)
