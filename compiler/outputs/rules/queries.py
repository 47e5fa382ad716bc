"""Queries converted from the Sigma rules by pySigma backends: KQL for Microsoft Sentinel and Defender XDR,
Splunk SPL, Elastic Lucene (as an importable detection rule) and ES|QL.

One file per rule and target, headed by a comment with the rule's title and id. Processing pipelines
change rules in place, so every conversion parses a fresh rule. A rule a target cannot express is
reported (IOC531) and listed with the reason in `rules/UNSUPPORTED.md` and `rules/unsupported.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from compiler.corpus.model import Corpus
from compiler.corpus.vocab import Tlp
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.engines.sigma_fields import bad_fields
from compiler.outputs.artifact import Artifact, BuildContext, Emission, strictest
from compiler.outputs.escape import one_line
from compiler.outputs.rules.fastquery import Render, renderer, shape, splice, template
from compiler.outputs.rules.pipelines import TARGETS, Target, pipeline_for, pipeline_key
from compiler.outputs.rules.sigma import SigmaDoc, documents
from compiler.outputs.targets import LOGSOURCES, QUERY_TARGETS

_SEVERITY_RISK: Final = {"informational": 0, "low": 21, "medium": 47, "high": 73, "critical": 99}
_ESQL_STRING: Final = re.compile(r'((?:\blike\s*)?)"((?:[^"\\]|\\.)*)"', re.I)
_LUCENE_SPACE: Final = "\u3000"  # whitespace to Lucene's classic parser that the backend does not escape


def fix_esql(query: str) -> str:
    """ES|QL strings know only the escapes \\t \\n \\r \\" \\\\. pySigma-backend-elasticsearch 2.1.1 writes
    \\* and \\? for a literal * or ?: outside LIKE they are plain characters; inside a LIKE pattern the
    escape must reach LIKE as a backslash, written \\\\* in the string."""

    if "\\*" not in query and "\\?" not in query:
        return query

    def repl(m: re.Match[str]) -> str:
        like, body = m.group(1), m.group(2)
        fixed = re.sub(r"\\(.)", lambda e: _esql_escape(e.group(1), bool(like)), body)
        return f'{like}"{fixed}"'

    return _ESQL_STRING.sub(repl, query)


def _esql_escape(ch: str, like: bool) -> str:
    if ch in "*?":
        return "\\\\" + ch if like else ch
    return "\\" + ch


def fix_lucene(query: str) -> str:
    """Escape the ideographic space outside quoted phrases: Lucene's classic parser splits terms there."""
    if _LUCENE_SPACE not in query:
        return query
    out = []
    quoted = escaped = False
    for ch in query:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == _LUCENE_SPACE and not quoted:
            out.append("\\")
        out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class Unsupported:
    target: str
    rule_id: str
    title: str
    advisory: str
    origin: str
    reason: str
    items: tuple[str, ...] = ()  # the rule's indicators (SigmaDoc.items)
    tlp: Tlp = Tlp.CLEAR


class Converter:
    """One target's backends (one per pipeline variant) and rule templates, made on first use."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self._backends: dict[str, Any] = {}
        self._renderers: dict[str, Render] = {}
        self._templates: dict[tuple[Any, ...], list[str] | ValueError] = {}
        self._fix: Callable[[str], str] = {"esql": fix_esql, "lucene": fix_lucene}.get(target.backend, str)

    def backend(self, rule: dict[str, Any]) -> Any:
        from sigma.plugins import InstalledSigmaPlugins

        key = pipeline_key(self.target, rule)
        if key not in self._backends:
            cls: Any = InstalledSigmaPlugins.autodiscover().backends[self.target.backend]
            self._backends[key] = cls(processing_pipeline=pipeline_for(self.target, rule)[1])
        return self._backends[key]

    def convert(self, doc: SigmaDoc) -> list[str]:
        """The queries for one rule; raises ValueError with the reason when the target cannot take it.
        Generated rules take the fast path (compiler.outputs.rules.fastquery) where their shape allows."""
        if doc.origin == "generated" and doc.values:
            fast = self._fast(doc)
            if fast is not None:
                return fast
        return [self._fix(q) for q in self._raw(doc.rule)]

    def _raw(self, rule_data: dict[str, Any]) -> list[str]:
        from sigma.exceptions import SigmaError
        from sigma.rule import SigmaRule

        bad = bad_fields(rule_data)  # refused at check too (IOC526); never written into a query
        if bad:
            raise ValueError(f"field name {bad[0]!r} is not a plain name")
        try:
            rule = SigmaRule.from_dict(rule_data)
            queries = self.backend(rule_data).convert_rule(rule)
        except (SigmaError, NotImplementedError) as exc:
            raise ValueError(one_line(str(exc).split("\n", 1)[0], limit=400) or type(exc).__name__) from None
        if not queries:
            raise ValueError("the backend produced no query")
        return [str(q) for q in queries]

    def _fast(self, doc: SigmaDoc) -> list[str] | None:
        key = shape(doc.rule)
        if key is None:
            return None
        if key not in self._templates:
            try:
                self._templates[key] = self._raw(template(doc.rule))
            except ValueError as exc:
                self._templates[key] = exc
        found = self._templates[key]
        if isinstance(found, ValueError):
            raise ValueError(str(found))
        variant = pipeline_key(self.target, doc.rule)
        if variant not in self._renderers:
            try:
                self._renderers[variant] = renderer(self.backend(doc.rule))
            except ValueError:
                return None
        if len(found) != 1:
            return None
        groups = len(doc.rule["detection"]) - 1
        spliced = splice(found[0], list(doc.values), groups, self._renderers[variant])
        return None if spliced is None else [self._fix(spliced)]


def _declared_gap(target: str, doc: SigmaDoc) -> str:
    """For generated rules, the declared reason a target does not take their log source ("" if it does)."""
    if doc.origin != "generated":
        return ""
    _, sources, reason = QUERY_TARGETS[target]
    category = str(doc.rule["logsource"]["category"])
    return "" if category in sources else f"{LOGSOURCES[category].label}: {reason}"


def _header(target: Target, doc: SigmaDoc) -> list[str]:
    label = QUERY_TARGETS[target.name][0]
    return [
        f"title: {one_line(doc.title)}",
        f"id: {doc.id}",
        f"advisory: {doc.advisory} ({doc.origin} rule; Sigma source rules/sigma/{doc.id}.yml)",
        f"target: {label}",
    ]


def render(target: Target, doc: SigmaDoc, queries: list[str], index_names: list[str]) -> str:
    if target.backend == "lucene":
        # ASCII JSON: a U+2028 in a value must not look like a line break to NDJSON readers
        return "".join(json.dumps(_kibana_rule(doc, q, index_names)) + "\n" for q in queries)
    if target.comment == "```":
        head = ["```" + line.replace("`", "'") + "```" for line in _header(target, doc)]
    else:
        head = [f"{target.comment} {line}" for line in _header(target, doc)]
    return "\n".join(head) + "\n" + "\n\n".join(queries) + "\n"


def _kibana_rule(doc: SigmaDoc, query: str, index_names: list[str]) -> dict[str, Any]:
    """An Elastic Security detection rule for the rule importer (NDJSON), disabled until reviewed."""
    rule = doc.rule
    level = str(rule.get("level") or "low")
    return {
        "id": doc.id,
        "rule_id": doc.id,
        "name": doc.title,
        "description": str(rule.get("description") or doc.title),
        "enabled": False,
        "author": [str(rule["author"])] if rule.get("author") else [],
        "false_positives": [str(f) for f in rule.get("falsepositives") or []],
        "references": [str(r) for r in rule.get("references") or []],
        "tags": [str(t).replace(".", "-", 1) for t in rule.get("tags") or []],
        "severity": level if level in ("low", "medium", "high", "critical") else "low",
        "risk_score": _SEVERITY_RISK.get(level, 21),
        "type": "query",
        "language": "lucene",
        "index": index_names,
        "query": query,
        "from": "now-5m",
        "interval": "5m",
        "max_signals": 100,
        "version": 1,
    }


_WHILE_CONVERTING: Final = re.compile(r"\s*\(while converting rule [^)]*\)\s*$")
_NO_FIELD: Final = re.compile(
    r"Invalid SigmaDetectionItem field name encountered: (\S+?)\. .*? for the (\S+) table"
)


def backend_reason(exc: Exception, doc: SigmaDoc) -> str:
    """A backend's refusal as one plain sentence: without pySigma's "(while converting rule None)" tail,
    and with the log source named where the Kusto backend lists its whole table-lookup order instead."""
    text = _WHILE_CONVERTING.sub("", str(exc).strip())
    if text.startswith("Unable to determine table name"):
        ls = doc.rule.get("logsource") or {}
        source = "/".join(str(ls[k]) for k in ("product", "category", "service") if ls.get(k)) or "none"
        return f"the target's schema has no table for the rule's log source ({source})"
    field = _NO_FIELD.match(text)
    if field:
        return f"the field {field[1]} (after the target's field mapping) is not in the {field[2]} table"
    first = text.splitlines()[0] if text else type(exc).__name__
    return first.rsplit(". ", 1)[0] + "." if first.endswith(":") and ". " in first else first


def convert_all(docs: list[SigmaDoc]) -> tuple[list[Artifact], list[Unsupported]]:
    artifacts: list[Artifact] = []
    gaps: list[Unsupported] = []
    for target in TARGETS:
        conv = Converter(target)
        index_names: list[str] = []
        for doc in docs:
            reason = _declared_gap(target.name, doc)
            if not reason:
                try:
                    queries = conv.convert(doc)
                except ValueError as exc:
                    reason = backend_reason(exc, doc)
            if reason:
                gaps.append(Unsupported(target=target.name, rule_id=doc.id, title=doc.title,
                                        advisory=doc.advisory, origin=doc.origin, reason=reason,
                                        items=doc.items, tlp=doc.tlp))  # fmt: skip
                continue
            if target.backend == "lucene" and not index_names:
                index_names = list(conv.backend(doc.rule).index_names)
            text = render(target, doc, queries, index_names)
            artifacts.append(
                doc.artifact(f"{target.directory}/{doc.id}.{target.extension}", text.encode("utf-8"))
            )
    return artifacts, gaps


def unsupported_files(gaps: list[Unsupported]) -> list[Artifact]:
    rows = sorted(gaps, key=lambda g: (g.target, g.advisory, g.rule_id))
    data = [
        {"target": g.target, "rule_id": g.rule_id, "title": g.title, "advisory": g.advisory,
         "origin": g.origin, "reason": g.reason}
        for g in rows
    ]  # fmt: skip
    md = [
        "# Sigma rules a query target cannot express",
        "",
        "Generated by iocc. Each row is a Sigma rule in `rules/sigma/` that has no query for one target,",
        "with the reason. `iocc targets` shows which indicator types reach which target.",
        "",
        "| target | rule | advisory | origin | reason |",
        "|---|---|---|---|---|",
    ]
    for g in rows:
        cells = [g.target, f"{_md(g.title)} (`{g.rule_id}`)", g.advisory, g.origin, _md(g.reason)]
        md.append("| " + " | ".join(cells) + " |")
    if not rows:
        md.append("| - | every rule converts for every target | - | - | - |")
    items = tuple(sorted({i for g in rows for i in g.items}))
    tlp = strictest(g.tlp for g in rows)
    return [
        Artifact(
            "rules/UNSUPPORTED.md",
            ("\n".join(md) + "\n").encode("utf-8"),
            advisory=None,
            items=items,
            tlp=tlp,
        ),
        Artifact(
            "rules/unsupported.json",
            (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
            advisory=None,
            items=items,
            tlp=tlp,
        ),
    ]


def _md(text: str) -> str:
    return one_line(text).replace("|", "\\|").replace("<", "&lt;")


def emit(corpus: Corpus, ctx: BuildContext) -> Emission:
    docs = documents(corpus, ctx)
    artifacts, gaps = convert_all(docs)
    by_id = {d.id: d for d in docs}
    notes: list[Diagnostic] = [
        diagnostic(
            "IOC531",
            Location(by_id[g.rule_id].source_path, 1, 1, by_id[g.rule_id].pointer),
            f"{g.target}: Sigma rule {g.rule_id} ({one_line(g.title, 80)}) not converted: {g.reason}",
        )
        for g in gaps
    ]
    return Emission(artifacts=(*artifacts, *unsupported_files(gaps)), notes=tuple(notes))
