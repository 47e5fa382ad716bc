"""CISA CHIRP indicator files: YAML documents with `ioc_type` network (a block of IPs and
domains), yara (a rule, imported as a YARA rule), events or registry (no iocc type: skipped)."""

from __future__ import annotations

import re
from typing import Any

from compiler.authoring.readers import Candidate, Parsed, Rejected, guess_type, markings
from compiler.corpus.load import LoadError, parse_documents

_RULE_NAME = re.compile(r"^\s*(?:private\s+|global\s+)*rule\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)


def _context(doc: dict[str, Any], indicator: dict[str, Any]) -> dict[str, Any]:
    """CHIRP's confidence (1-10) on iocc's scale, and its description with the files a YARA rule is run on
    (`indicator.files`), which iocc has no field for: kept in the description, never dropped."""
    raw = doc.get("confidence")
    confidence = (
        min(100, raw * 10) if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0 else None
    )
    parts = [" ".join(str(doc.get(k) or "").split()) for k in ("name", "description")]
    files = indicator.get("files")
    if isinstance(files, str) and files.strip():
        parts.append(f"CHIRP scans: {files.strip()}")
    description = ". ".join(p.rstrip(".") for p in parts if p) or None
    return {"confidence": confidence, "description": description + "." if description else None}


def read(text: str) -> Parsed:
    try:  # bounded, like corpus files: no aliases, no tags, nesting and size limited
        documents = [d for d in parse_documents(text, "source") if d is not None]
    except LoadError as exc:
        where = exc.diagnostic.location
        raise ValueError(f"not YAML that iocc reads (line {where.line}): {exc.diagnostic.message}") from None
    candidates: list[Candidate] = []
    rejected: list[Rejected] = []
    tlp = markings.labels(text)  # CHIRP has no marking field: a TLP label anywhere in the file marks it all
    for number, doc in enumerate(documents, start=1):
        if not isinstance(doc, dict):
            continue
        origin = f"document {number} ({doc.get('name', 'unnamed')})"
        kind = str(doc.get("ioc_type", ""))
        indicator: Any = doc.get("indicator") or {}
        if not isinstance(indicator, dict):
            rejected.append(Rejected(origin=origin, value="", reason="`indicator` is not a mapping"))
            continue
        context = {**_context(doc, indicator), "tlp": tlp}
        if kind == "network":
            for line in str(indicator.get("ips", "")).splitlines():
                value = line.strip().strip(",")
                if not value:
                    continue
                guessed = guess_type(value)
                if guessed is None:
                    rejected.append(
                        Rejected(origin=origin, value=value, reason="neither an IP address nor a domain")
                    )
                else:
                    candidates.append(Candidate(type=guessed, value=value, origin=origin, **context))
        elif kind == "yara" and isinstance(indicator.get("rule"), str):
            rule = indicator["rule"]
            m = _RULE_NAME.search(rule)
            name = re.sub(r"[^a-z0-9]+", "-", (m.group(1) if m else "rule").lower()).strip("-")[:64]
            candidates.append(
                Candidate(type="yara", value=rule, origin=origin, name=name or "rule", **context)
            )
        else:
            reason = f"CHIRP {kind or 'untyped'} indicators have no iocc type"
            rejected.append(Rejected(origin=origin, value=str(doc.get("name", "")), reason=reason))
    return Parsed(candidates=tuple(candidates), rejected=tuple(rejected))
