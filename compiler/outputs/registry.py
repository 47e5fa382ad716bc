"""The registry of emitters: one line per output format, in the order of `iocc targets`.

The emitters' libraries (stix2, PyMISP, pySigma, yara ...) are imported on first use, so `iocc check`
never pays for them.
"""

from __future__ import annotations

from collections.abc import Callable

from compiler.corpus.model import Corpus
from compiler.locks import LockState
from compiler.outputs.artifact import BuildContext, Emitter

# (corpus without drafts, the build's context) -> what the lock file should hold; raises LockError when the
# lock could not be read
Keeper = Callable[[Corpus, BuildContext], LockState]


def emitters() -> dict[str, Emitter]:
    """Output name -> emitter."""
    from compiler.outputs import coverage, csv, patch
    from compiler.outputs.csaf import emit as csaf
    from compiler.outputs.email import emit as email
    from compiler.outputs.misp import emit as misp
    from compiler.outputs.rules import chirp, loki, queries, sigma, suricata, yara
    from compiler.outputs.stix import emit as stix

    return {
        "email": email.emit,
        "csaf": csaf.emit,
        "patch": patch.emit,
        "stix": stix.emit,
        "misp": misp.emit,
        "yara": yara.emit,
        "sigma": sigma.emit,
        "queries": queries.emit,
        "suricata": suricata.emit,
        "loki": loki.emit,
        "chirp": chirp.emit,
        "csv": csv.emit,
        "coverage": coverage.emit,
    }


def lock_keepers() -> dict[str, Keeper]:
    """Lock file in locks/ -> its keeper, for the outputs that version what they publish."""
    from compiler.locks import suricata as sid_lock
    from compiler.outputs.misp import plan as misp
    from compiler.outputs.rules import suricata
    from compiler.outputs.stix import bundle as stix

    return {
        stix.LOCK_NAME: stix.lock_state,
        misp.LOCK_NAME: misp.lock_state,
        sid_lock.LOCK_PATH: suricata.lock_state,
    }
