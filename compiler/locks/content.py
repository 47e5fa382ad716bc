"""Versioning by content: a lock file records, per object, a hash of its content and its version.

`modified` moves only when the content hash moves. The rules, all deterministic:
- unchanged content keeps the locked `created` and `modified`;
- a new object is dated from the data: `modified` = `created` (or its withdrawal date when withdrawn);
- changed content gets `modified` = the build's as-of date (--as-of, SOURCE_DATE_EPOCH or the newest
  advisory date), and never less than one tick (1 ms; 1 s for MISP) after the locked version;
- an object that left the corpus is republished revoked, dated like a change; the lock keeps its last
  content (`stub`) for ever, so every later build still carries the revoked version;
- a revoked object has no later versions (STIX): its return, or a change after revocation, is reported
  and the revoked version stays.
`iocc lock` writes what a build computes; a build whose lock would change reports the lock as stale.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final, Literal, NamedTuple

import orjson

from compiler.corpus.vocab import Tlp

LOCK_FORMAT: Final = 1
ChangeKind = Literal["new", "changed", "removed", "revived", "frozen", "metadata"]
NOT_STALE: Final = frozenset({"revived", "frozen"})


class LockError(Exception):
    """The lock file cannot be read."""


# Entry, Record and Version are NamedTuples: immutable like frozen dataclasses, and several times cheaper
# to create, which counts with a few hundred thousand objects per build.
class Entry(NamedTuple):
    hash: str
    created: str
    modified: str
    tlp: Tlp
    advisories: tuple[str, ...]
    stub: dict[str, Any]
    revoked: bool = False

    def as_json(self, strip: frozenset[str] = frozenset()) -> dict[str, Any]:
        out: dict[str, Any] = {
            "hash": self.hash,
            "created": self.created,
            "modified": self.modified,
            "tlp": self.tlp.value,
            "advisories": list(self.advisories),
            "stub": {k: v for k, v in self.stub.items() if k not in strip},
        }
        if self.revoked:
            out["revoked"] = True
        return out


class Record(NamedTuple):
    """One object of this build, as the versioning needs it."""

    id: str
    hash: str  # of the content without created/modified, with the revoked flag
    created: str
    revoked_at: str | None
    tlp: Tlp
    advisories: tuple[str, ...]
    stub: dict[str, Any]
    origin: tuple[str, str]


class Version(NamedTuple):
    created: str
    modified: str


class Change(NamedTuple):
    id: str
    kind: ChangeKind
    origin: tuple[str, str]


@dataclass(slots=True)
class Versioning:
    versions: dict[str, Version] = field(default_factory=dict)  # per record of this build
    tombstones: dict[str, Entry] = field(default_factory=dict)  # locked objects published revoked
    lock: dict[str, Entry] = field(default_factory=dict)  # what `iocc lock` writes
    changes: list[Change] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        return any(c.kind not in NOT_STALE for c in self.changes)


def version(
    records: Iterable[Record], old: Mapping[str, Entry], as_of: str, *, seconds: bool = False
) -> Versioning:
    """Date every record against the lock `old`; `as_of` is a STIX timestamp."""
    out = Versioning()
    seen: set[str] = set()
    for rec in records:
        seen.add(rec.id)
        prev = old.get(rec.id)
        if prev is not None and prev.revoked and (rec.revoked_at is None or rec.hash != prev.hash):
            # A revoked object has no later versions: the revoked one stays, and the attempt is reported.
            out.tombstones[rec.id] = prev
            out.lock[rec.id] = prev
            out.changes.append(Change(rec.id, "revived" if rec.revoked_at is None else "frozen", rec.origin))
            continue
        if prev is None:
            created = modified = rec.created
            if rec.revoked_at is not None and rec.revoked_at > created:
                modified = rec.revoked_at
            kind: ChangeKind | None = "new"
        elif prev.hash == rec.hash:
            created, modified, kind = prev.created, prev.modified, None
        else:
            created = prev.created
            modified = max(rec.revoked_at or as_of, later(prev.modified, seconds=seconds), created)
            kind = "changed"
        entry = Entry(
            rec.hash, created, modified, rec.tlp, rec.advisories, rec.stub, rec.revoked_at is not None
        )
        if kind is None and _meta(entry) != _meta(prev):
            kind = "metadata"
        if kind is not None:
            out.changes.append(Change(rec.id, kind, rec.origin))
        out.versions[rec.id] = Version(created, modified)
        out.lock[rec.id] = entry
    for object_id in sorted(old.keys() - seen):
        prev = old[object_id]
        if not prev.revoked:
            prev = Entry(
                hash=prev.hash + "-revoked",
                created=prev.created,
                modified=max(as_of, later(prev.modified, seconds=seconds), prev.created),
                tlp=prev.tlp,
                advisories=prev.advisories,
                stub=prev.stub,
                revoked=True,
            )
            out.changes.append(Change(object_id, "removed", ("", f"/objects/{object_id}")))
        out.tombstones[object_id] = prev
        out.lock[object_id] = prev
    return out


def _meta(entry: Entry | None) -> tuple[Any, ...]:
    # All but the stub: the stub is content, so when it changes the hash changes too (and the lock file
    # may hold it trimmed).
    return () if entry is None else (*entry[:5], entry.revoked)


def read_lock(path: Path) -> dict[str, Entry]:
    """The entries of a lock file; {} when there is none. LockError when it cannot be read."""
    from compiler.files.safepath import LinkRefused, read_bytes

    try:
        raw = read_bytes(path, path.parent.parent)
    except FileNotFoundError:
        return {}
    except LinkRefused as exc:
        raise LockError(exc.describe(path.parent.parent)) from None
    except OSError as exc:
        raise LockError(f"cannot read {path.name}: {exc.strerror}") from None
    try:
        data = orjson.loads(raw)
        if data.get("format") != LOCK_FORMAT:
            raise LockError(f"{path.name}: unknown format {data.get('format')!r} (expected {LOCK_FORMAT})")
        return {
            object_id: Entry(
                hash=e["hash"],
                created=e["created"],
                modified=e["modified"],
                tlp=Tlp(e["tlp"]),
                advisories=tuple(e["advisories"]),
                stub=e["stub"],
                revoked=bool(e.get("revoked", False)),
            )
            for object_id, e in data["objects"].items()
        }
    except LockError:
        raise
    except (orjson.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise LockError(f"{path.name} is not a valid lock file ({type(exc).__name__}: {exc})") from None


def lock_bytes(entries: dict[str, Entry], strip: frozenset[str] = frozenset()) -> bytes:
    """The lock as JSON with one object per line: small, and a change shows as a one-line diff."""
    lines = [
        orjson.dumps(k) + b": " + orjson.dumps(entries[k].as_json(strip), option=orjson.OPT_SORT_KEYS)
        for k in sorted(entries)
    ]
    body = b",\n".join(lines)
    return b'{"format": %d, "objects": {\n' % LOCK_FORMAT + body + (b"\n" if lines else b"") + b"}}\n"


def write_lock(path: Path, entries: dict[str, Entry], strip: frozenset[str] = frozenset()) -> bool:
    """Write the lock atomically (without the stub properties in `strip`); False when nothing changed."""
    return write_bytes(path, lock_bytes(entries, strip))


def write_bytes(path: Path, data: bytes) -> bool:
    """Replace a file of the repository atomically; False when it already holds `data`. A link on the way
    (below the repository root) is refused: LockError."""
    from compiler.files.safepath import LinkRefused, refuse_links

    try:
        refuse_links(path, path.parent.parent)
    except LinkRefused as exc:
        raise LockError(exc.describe(path.parent.parent)) from None
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # a file of the repository, not a secret
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def later(stamp: str, *, seconds: bool = False) -> str:
    """The smallest timestamp after `stamp`: one millisecond later (or one second, for MISP)."""
    day, _, clock = stamp.partition("T")
    hms, _, rest = clock.partition(".")
    h, m, s = (int(x) for x in hms.split(":"))
    ms = int(rest[:3] or "0")
    total = ((h * 60 + m) * 60 + s) * 1000 + ms + (1000 - ms if seconds else 1)
    days, total = divmod(total, 86_400_000)
    d = date.fromisoformat(day) + timedelta(days=days)
    s_all, ms = divmod(total, 1000)
    m_all, s = divmod(s_all, 60)
    h, m = divmod(m_all, 60)
    return f"{d.isoformat()}T{h:02d}:{m:02d}:{s:02d}.{ms:03d}Z"
