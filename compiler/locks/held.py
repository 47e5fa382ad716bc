"""locks/ as one build reads it: every lock file read once, before any emitter runs, and handed to the
emitters and lock keepers on the build's context (compiler.outputs.artifact.BuildContext), so none of them
reads a file. A lock that cannot be read is held with the reason; asking for its entries raises LockError,
which the output reports (IOC504) as it did when it read the file itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Generic, TypeVar

from compiler.locks import suricata
from compiler.locks.content import Entry, LockError, read_lock

STIX_LOCK: Final = "stix.lock.json"
MISP_LOCK: Final = "misp.lock.json"
SURICATA_LOCK: Final = suricata.LOCK_PATH

E = TypeVar("E")


@dataclass(frozen=True, slots=True)
class Held(Generic[E]):
    """One lock file's entries as read ({} when there is none), or why it could not be read."""

    entries: Mapping[str, E]
    error: str = ""

    def get(self) -> Mapping[str, E]:
        """The entries; LockError when the file could not be read."""
        if self.error:
            raise LockError(self.error)
        return self.entries


@dataclass(frozen=True, slots=True, kw_only=True)
class Locks:
    stix: Held[Entry]
    misp: Held[Entry]
    suricata: Held[suricata.Entry]


NO_LOCKS: Final = Locks(stix=Held({}), misp=Held({}), suricata=Held({}))  # a repository before `iocc lock`


def _held(read: Callable[[], Mapping[str, E]]) -> Held[E]:
    try:
        return Held(read())
    except LockError as exc:
        return Held({}, str(exc))


def read_locks(root: Path) -> Locks:
    """Every lock file under root/locks/, read once (links refused, as every read of the repository)."""
    folder = root / "locks"
    return Locks(
        stix=_held(lambda: read_lock(folder / STIX_LOCK)),
        misp=_held(lambda: read_lock(folder / MISP_LOCK)),
        suricata=_held(lambda: suricata.read_lock(folder)),
    )
