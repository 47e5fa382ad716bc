"""The cyclic garbage collector during large, acyclic work (loading, checking, emitting).

Checking or emitting 100,000 indicators makes millions of small objects that hold no reference cycles
and live until the work is done. The collector would rescan them on every few thousand allocations,
and, once re-enabled, scan all of them in its next young-generation pass. So it pauses, and on the way
out the survivors move straight to the oldest generation (gc.freeze then gc.unfreeze, which moves
lists without scanning them): they stay collectable, but no young pass walks them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
