"""The false-positive gate as a check: step 3 of every announcement, "rule out false positives"."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.corpus.kinds import atomic_kind, canonical
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.gate import crawlers, describe, gate_for, override_lists
from compiler.validate.checks.base import CheckContext, Docs


def check_gate(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """No atomic indicator value is on a list that config/gate.yaml sets to `block` (IOC401) unless the
    indicator's `false_positive_override` names that list with a reason (IOC403, listed in the build
    report); hits on `warn` lists are warnings (IOC402); an override naming a list the value is not on
    is stale (IOC404). A user agent that real crawlers or browsers send (config/crawler-user-agents.yaml)
    is weak context (IOC406, a note with the reason)."""
    gate = gate_for(ctx.root)
    weak = crawlers.load(ctx.root.resolve())
    yield from gate.problems
    for doc in docs.sets:
        for i, ind in enumerate(doc.data["indicators"]):
            declared = atomic_kind(ind["type"])
            if declared is None or ind.get("withdrawn"):
                continue
            try:
                value = canonical(declared.name, ind["value"])  # cached: check_values asked already
            except ValueError:
                continue  # check_values reports it
            agent = weak.match(value) if crawlers.applies(ind["type"]) else None
            if agent is not None:
                yield diagnostic(
                    "IOC406",
                    doc.locate(f"/indicators/{i}/value"),
                    f"user-agent {value!r} is sent by {agent.name} too: weak context, left out of rules that fire "
                    f"on the value alone and reported by iocc scan only beside a hit ({agent.reason})",
                )
            hits = gate.hits(ind["type"], value)
            allowed, reason = override_lists(ind)
            if not hits and not allowed:
                continue  # the common case: located only when there is something to say
            where = doc.locate(f"/indicators/{i}/value")
            blocked = [h for h in hits if h.action == "block" and h.slug not in allowed]
            warned = [h for h in hits if h.action == "warn" and h.slug not in allowed]
            passed = [h for h in hits if h.slug in allowed]
            if blocked:
                also = f"; also on {describe(warned)}" if warned else ""
                yield diagnostic(
                    "IOC401",
                    where,
                    f"{ind['type']} {value!r} is on a blocking false-positive list: {describe(blocked)}{also}",
                    hint="remove the value, or add false_positive_override with the list's name and a reason",
                )
            elif warned:
                yield diagnostic("IOC402", where, f"{ind['type']} {value!r} is on {describe(warned)}")
            if passed:
                yield diagnostic(
                    "IOC403",
                    doc.locate(f"/indicators/{i}/false_positive_override"),
                    f"{ind['type']} {value!r} is on {describe(passed)}; let through because: {reason}",
                )
            stale = sorted(allowed - {h.slug for h in hits})
            if stale:
                yield diagnostic(
                    "IOC404",
                    doc.locate(f"/indicators/{i}/false_positive_override/lists"),
                    f"the override names {', '.join(stale)}, but {value!r} is not on it",
                )
