"""Collections to sources: every file found, opened plain, gzip or zip, with its format and server.

Nothing here writes into the evidence: zip members are copied into a work folder that the caller owns
(and removes), a member at a time in bounded chunks. Links are never followed out of the given folders.
A server is named by the first folder below a given path (a collection holds one folder per server) or
by `server` when the path is one server's folder; a file below a folder named like a drive letter
(`C`, `D`, ...) stands for that file on the server (`C/inetpub/x.aspx` is `C:\\inetpub\\x.aspx`).
"""

from __future__ import annotations

import gzip
import os
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from compiler.detect.formats import SNIFF_BYTES, Format, sniff

_CHUNK: Final = 1 << 20
MAX_MEMBER_BYTES: Final = 8 << 30  # a zip member larger than this (uncompressed) is skipped and reported


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    index: int
    display: str  # the path findings show: as given, zip members as archive.zip!member
    path: Path  # what is read (a zip member: its copy in the work folder)
    format: Format
    fields: tuple[str, ...]
    gzip: bool
    server: str
    win_path: str  # the file on the server it stands for ("" when unknown)


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    display: str
    reason: str


def _head(path: Path, is_gzip: bool) -> bytes:
    if is_gzip:
        with gzip.open(path, "rb") as handle:
            return handle.read(SNIFF_BYTES)
    with path.open("rb") as handle:
        return handle.read(SNIFF_BYTES)


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def windows_path(parts: tuple[str, ...]) -> str:
    """`C:\\a\\b` for parts (..., "C", "a", "b"): the last folder named like a drive letter starts it."""
    for i in range(len(parts) - 1, -1, -1):
        name = parts[i]
        if len(name) in (1, 2) and name[0].isalpha() and name[1:] in ("", "$") and i < len(parts) - 1:
            return name[0].upper() + ":\\" + "\\".join(parts[i + 1 :])
    return ""


class Collector:
    """Walks the given paths and yields sources; zip members go to `workdir`."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.skipped: list[Skipped] = []
        self._count = 0

    def collect(self, paths: list[Path], *, server: str | None = None) -> list[Source]:
        found: list[Source] = []
        for given in paths:
            if given.is_dir():
                for file in walk(given):
                    rel = file.relative_to(given).parts
                    host = server or (rel[0] if len(rel) > 1 else given.resolve().name)
                    found.extend(self._file(file, file.as_posix(), rel, host))
            elif given.is_file():
                found.extend(self._file(given, given.as_posix(), (given.name,), server or ""))
            else:
                self.skipped.append(Skipped(display=str(given), reason="no such file or folder"))
        return found

    def _next(self) -> int:
        self._count += 1
        return self._count - 1

    def collect_file(self, path: Path, display: str, rel: tuple[str, ...], server: str) -> list[Source]:
        """One file (a zip: its members) whose path below its collection folder is `rel`."""
        return list(self._file(path, display, rel, server))

    def _file(self, path: Path, display: str, rel: tuple[str, ...], server: str) -> Iterator[Source]:
        try:
            if zipfile.is_zipfile(path):
                yield from self._zip(path, display, rel, server)
                return
            packed = _is_gzip(path)
            head = _head(path, packed)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            self.skipped.append(Skipped(display=display, reason=f"cannot read: {exc}"))
            return
        sniffed = sniff(head)
        logical = (*rel[:-1], rel[-1][:-3]) if packed and rel[-1].lower().endswith(".gz") else rel
        yield Source(index=self._next(), display=display, path=path, format=sniffed.format, fields=sniffed.fields,
                     gzip=packed, server=server, win_path=windows_path(logical))  # fmt: skip

    def _zip(self, path: Path, display: str, rel: tuple[str, ...], server: str) -> Iterator[Source]:
        with zipfile.ZipFile(path) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.is_dir():
                    continue
                member = PurePosixPath(info.filename)
                if member.is_absolute() or ".." in member.parts:
                    self.skipped.append(
                        Skipped(display=f"{display}!{info.filename}", reason="unsafe member name")
                    )
                    continue
                if info.file_size > MAX_MEMBER_BYTES:
                    self.skipped.append(
                        Skipped(display=f"{display}!{info.filename}", reason="member too large")
                    )
                    continue
                target = self.workdir / f"z{self._count:06d}" / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, _CHUNK)
                inner_rel = rel[:-1] + member.parts
                host = server or (member.parts[0] if len(member.parts) > 1 and len(rel) == 1 else server)
                yield from self._file(target, f"{display}!{info.filename}", inner_rel, host)


def walk(folder: Path) -> Iterator[Path]:
    """Every regular file below `folder`, sorted, not following links."""
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(current) / name
            if not path.is_symlink() and path.is_file():
                yield path


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    key: str  # plan target key
    source: int  # Source.index
    line: int  # 0 = the whole file
    table: str  # or "file"
    row: dict[str, str]
    text: str = ""  # the line as written (bounded), when the match is a line
