"""Suricata SIDs and revisions, kept in `locks/suricata.lock.json`.

Every rule has a stable key (advisory, kind, value or set/name). The lock maps each key to its SID, its
`rev` and a digest of its content (the rule without sid and rev, plus its dataset file). A key keeps
its SID for good; a new key takes the next free SID of the reserved range; `rev` goes up by one only
when the content digest changes. Keys whose rules are gone stay in the lock, so a SID is never reused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.config import SuricataConfig

LOCK_PATH = "suricata.lock.json"


@dataclass(frozen=True, slots=True)
class Entry:
    sid: int
    rev: int
    digest: str


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()[:16]


def read_lock(locks_dir: Path) -> dict[str, Entry]:
    """The lock's entries; {} when there is none. LockError when it cannot be read (a link included)."""
    from compiler.files.safepath import read_bytes
    from compiler.locks.content import LockError

    path = locks_dir / LOCK_PATH
    if not path.is_symlink() and not path.is_file():
        return {}
    try:
        data = json.loads(read_bytes(path, locks_dir.parent))
        return {
            key: Entry(int(v["sid"]), int(v["rev"]), str(v["digest"])) for key, v in data["rules"].items()
        }
    except OSError as exc:
        raise LockError(str(exc)) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LockError(f"{LOCK_PATH} is not a valid lock file ({type(exc).__name__}: {exc})") from None


class RangeExhausted(Exception):
    """No free SID is left in the reserved range."""


def assign(contents: dict[str, str], lock: Mapping[str, Entry], cfg: SuricataConfig) -> dict[str, Entry]:
    """The lock after this build: every old entry, the current keys with their SID and rev.

    `contents` maps each current rule key to its content digest. New keys are taken in sorted order,
    so the same corpus and lock always give the same SIDs.
    """
    result = dict(lock)
    used = {e.sid for e in lock.values()}
    following = max((s for s in used if cfg.sid_first <= s <= cfg.sid_last), default=cfg.sid_first - 1) + 1
    for key in sorted(contents):
        old = lock.get(key)
        if old is not None:
            if old.digest != contents[key]:
                result[key] = Entry(old.sid, old.rev + 1, contents[key])
            continue
        while following in used:
            following += 1
        if following > cfg.sid_last:
            raise RangeExhausted(f"no free SID in {cfg.sid_first}-{cfg.sid_last} for {key}")
        result[key] = Entry(following, 1, contents[key])
        used.add(following)
        following += 1
    return result


def lock_bytes(entries: dict[str, Entry], cfg: SuricataConfig) -> bytes:
    data: dict[str, Any] = {
        "about": "SIDs and revs of iocc's Suricata rules; a SID is never reused. Updated by `iocc lock`.",
        "sid_range": [cfg.sid_first, cfg.sid_last],
        "rules": {k: {"sid": e.sid, "rev": e.rev, "digest": e.digest} for k, e in sorted(entries.items())},
    }
    return (json.dumps(data, indent=1, sort_keys=False) + "\n").encode("utf-8")
