"""Which server each collected file comes from: the layout of a collection (docs/SCAN.md).

    collection/                       what `iocc scan` is given
      EXCH01/                         one folder per server, named after the server
        Logging/HttpProxy/Ecp/...     %ExchangeInstallPath%Logging, as copied
        inetpub/logs/LogFiles/...     the IIS logs
        events/Application.jsonl      exported event logs (JSON lines)
        C/inetpub/wwwroot/...         files below a drive-letter folder stand for that file on the server
      EXCH02.zip                      a zip is read as the folder it unpacks into, named like the archive

A folder is one server's own when one of its entries is a folder of that layout (`Logging`, `inetpub`,
`events`, a drive letter, ...); then its own name is the server. Otherwise each folder (or zip) in it is
a server. `--server NAME` says that everything given is one server's. A file given on its own, or lying
loose beside server folders, names no server: its findings take the host name its log line carries
(IIS `s-computername`, HttpProxy `ServerHostName`, an event's `Computer`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from compiler.detect.sources import Collector, Skipped, Source, walk

LAYOUT_FOLDERS: Final = frozenset(
    {"logging", "inetpub", "events", "eventlogs", "v15", "v14", "exchange server", "program files",
     "programdata", "windows", "frontend", "clientaccess"}
)  # fmt: skip


def is_drive(name: str) -> bool:
    return len(name) in (1, 2) and name[0].isalpha() and name[1:] in ("", "$")


def one_server(names: list[str]) -> bool:
    """Whether entries with these names make up one server's collection."""
    return any(n.lower() in LAYOUT_FOLDERS or is_drive(n) for n in names)


@dataclass(frozen=True, slots=True, kw_only=True)
class Collected:
    sources: tuple[Source, ...]
    skipped: tuple[Skipped, ...]
    servers: tuple[str, ...]  # every server the collection names, sorted (also those with no findings)


def _zip_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return sorted({PurePosixPath(n).parts[0] for n in archive.namelist() if PurePosixPath(n).parts})
    except (OSError, zipfile.BadZipFile):
        return []


def _zip_server(path: Path, server: str | None) -> str:
    """The server of a zip given as a server (or as a collection: "", its top folders are the servers)."""
    if server is not None:
        return server
    return _stem(path.name) if one_server(_zip_names(path)) else ""


def _stem(name: str) -> str:
    return name[:-4] if name.lower().endswith(".zip") else name


def collect(paths: list[Path], workdir: Path, *, server: str | None = None) -> Collected:
    """Every file below the given paths, as sources that name their server. Zip members are copied to
    `workdir`; nothing is written anywhere else, and links below a given folder are not followed."""
    collector = Collector(workdir)
    found: list[Source] = []
    for given in paths:
        if given.is_dir():
            children = sorted(p.name for p in given.iterdir())
            single = server is not None or one_server(children)
            for file in walk(given):
                rel = file.relative_to(given).parts
                if single:
                    host = server if server is not None else given.resolve().name
                elif len(rel) > 1:
                    host = rel[0]
                elif zipfile.is_zipfile(file):
                    host = _stem(rel[0]) if one_server(_zip_names(file)) else ""
                else:
                    host = ""
                found.extend(collector.collect_file(file, file.as_posix(), rel, host))
        elif given.is_file():
            host = _zip_server(given, server) if zipfile.is_zipfile(given) else (server or "")
            found.extend(collector.collect_file(given, given.as_posix(), (given.name,), host))
        else:
            collector.skipped.append(Skipped(display=str(given), reason="no such file or folder"))
    named = {s.server for s in found if s.server}
    return Collected(sources=tuple(found), skipped=tuple(collector.skipped), servers=tuple(sorted(named)))
