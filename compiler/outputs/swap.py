"""Replacing the output folder safely: one build at a time, a swap that a kill cannot leave half done, and
an honest error when the old output cannot be replaced.

* One lock: an exclusive `fcntl.flock` on `.<out>.lock` beside the output is held from the first touch of
  the staging folder to the end of the swap, so two builds never share a staging folder; the second waits.
* The swap exchanges staging and output in one `renameat2(RENAME_EXCHANGE)` where the kernel and file
  system allow it: there is no moment without an output folder. Elsewhere it renames the output to
  `.<out>.previous` and staging into place; a kill between the two renames leaves `.<out>.previous`, which
  the next run puts back (`recover`) before it does anything else.
* An output folder iocc may not replace (read-only, or files it cannot remove) is refused before
  anything is written (`NotReplaceable`); should the old tree still resist removal after a swap,
  `LeftOver` says that the new output is in place and where the old one remains.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

__all__ = ["LeftOver", "NotReplaceable", "exchange", "locked", "recover", "replaceable"]

_AT_FDCWD: Final = -100
_RENAME_EXCHANGE: Final = 2


class NotReplaceable(PermissionError):
    """The output folder (or something in it) cannot be removed, so it cannot be replaced."""


class LeftOver(OSError):
    """The new output is in place; the previous one could not be removed and stays where it says."""


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the output's staging lock (blocking until another build has swapped)."""
    if not out.parent.exists():
        out.parent.mkdir(parents=True)
    fd = os.open(lock_path(out), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def recover(out: Path, previous: Path) -> bool:
    """Put the previous output back when a swap was cut short between its two renames. True if it did."""
    if previous.is_dir() and not out.exists() and not out.is_symlink():
        previous.rename(out)
        return True
    return False


def replaceable(out: Path) -> None:
    """NotReplaceable when a folder of the output tree may not be changed by this process."""
    if not out.exists():
        return
    for folder, dirs, _files in os.walk(out):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise NotReplaceable(errno.EACCES, "the output folder is read-only", folder)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]


def _renameat2_exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically; False where the kernel, libc or file system cannot."""
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    rc = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def exchange(staging: Path, out: Path, previous: Path) -> None:
    """Put `staging` in the place of `out`; remove the old output. LeftOver when that removal fails."""
    if not out.exists():
        staging.rename(out)
        return
    if _renameat2_exchange(staging, out):
        old = staging  # the old output now sits where staging was
    else:
        out.rename(previous)
        staging.rename(out)  # a kill before this line: recover() puts `previous` back next time
        old = previous
    try:
        shutil.rmtree(old)
    except OSError as exc:
        raise LeftOver(
            exc.errno or errno.EIO, f"the new output is in place, but the old one stays in {old}: {exc}"
        ) from exc
