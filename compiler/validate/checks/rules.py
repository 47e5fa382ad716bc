"""Authored rules in indicator sets, each checked by the engine that will run it."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from compiler.corpus.load import Document
from compiler.diagnostics import Diagnostic, Location, diagnostic
from compiler.engines.sigma_fields import bad_fields
from compiler.engines.sigma_regex import unportable
from compiler.engines.sigma_shape import shape_problems
from compiler.engines.suricata_options import file_keywords
from compiler.validate.checks.base import CheckContext, Docs

_RULE_NAME: Final = re.compile(r"^\s*(?:(?:private|global)\s+)*rule\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)
_INCLUDE: Final = re.compile(r"^\s*include\s+\"", re.M)
_YARA_LINE: Final = re.compile(r"line (\d+)")
_SURICATA_ERROR: Final = re.compile(r"error parsing signature .* at line (\d+)")
_SURICATA_E: Final = re.compile(r"(?:E|Error): ")  # short or long log format
_FALLBACK_CLASSES: Final = (
    "trojan-activity,A Network Trojan was detected,1",
    "bad-unknown,Potentially Bad Traffic,2",
    "web-application-attack,Web Application Attack,1",
    "attempted-admin,Attempted Administrator Privilege Gain,1",
    "attempted-user,Attempted User Privilege Gain,1",
    "attempted-recon,Attempted Information Leak,2",
    "policy-violation,Potential Corporate Privacy Violation,1",
    "misc-activity,Misc activity,3",
)
_ENGINE_CONFIG: Final = """%YAML 1.1
---
classification-file: {dir}/classification.config
reference-config-file: {dir}/reference.config
vars:
  address-groups: {{HOME_NET: "[10.0.0.0/8,172.16.0.0/12,192.168.0.0/16]", EXTERNAL_NET: "!$HOME_NET",
    HTTP_SERVERS: "$HOME_NET", SMTP_SERVERS: "$HOME_NET", SQL_SERVERS: "$HOME_NET", DNS_SERVERS: "$HOME_NET"}}
  port-groups: {{HTTP_PORTS: "80", SHELLCODE_PORTS: "!80", ORACLE_PORTS: "1521", SSH_PORTS: "22"}}
outputs: []
"""


def check_rules(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Authored rules are checked by their own engines: YARA rules compile (no `include`, names unique
    within an advisory), Sigma rules parse with pySigma and pass the SigmaHQ validators (reviewed
    exclusions in config/sigma-validators.yaml), Suricata rules load with `suricata -T`."""
    yield from check_yara(docs, ctx)
    yield from check_sigma(docs, ctx)
    yield from check_suricata(docs, ctx)


def _rules(docs: Docs, kind: str) -> Iterator[tuple[Document, int, Any]]:
    for doc in docs.sets:
        for i, ind in enumerate(doc.data["indicators"]):
            if ind.get("type") == kind:
                yield doc, i, ind.get("rule")


def _inner(doc: Document, index: int, line: int) -> Location:
    """The position of `line` (1-based) inside the rule text: exact for block scalars (`|`)."""
    loc = doc.locate(f"/indicators/{index}/rule")
    block = doc.line_text(loc.line)[loc.column - 1 :].lstrip().startswith(("|", ">"))
    return Location(loc.path, loc.line + line if block else loc.line, loc.column, loc.pointer)


def check_yara(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Each authored YARA rule compiles with yara-python on its own, uses no `include`, and no rule name
    occurs twice among the authored YARA rules of one advisory (they share one file)."""
    import yara

    names: dict[tuple[str, str], Location] = {}
    for doc, i, text in _rules(docs, "yara"):
        if not isinstance(text, str):
            yield diagnostic(
                "IOC520", doc.locate(f"/indicators/{i}/rule"), "a YARA rule is text, not a mapping"
            )
            continue
        if _INCLUDE.search(text):
            yield diagnostic(
                "IOC521", doc.locate(f"/indicators/{i}/rule"), "`include` is not allowed in an authored rule"
            )
            continue
        try:
            # includes=False: an `include` anywhere (after other text on a line too) is an error of YARA's
            # own parser, and no file of the machine that runs the check is ever read.
            yara.compile(source=text, includes=False)
        except yara.SyntaxError as exc:
            if "includes are disabled" in str(exc):
                yield diagnostic(
                    "IOC521",
                    doc.locate(f"/indicators/{i}/rule"),
                    "`include` is not allowed in an authored rule",
                )
                continue
            m = _YARA_LINE.search(str(exc))
            where = _inner(doc, i, int(m.group(1))) if m else doc.locate(f"/indicators/{i}/rule")
            yield diagnostic("IOC520", where, f"YARA: {exc}")
            continue
        for name in _RULE_NAME.findall(text):
            for adv in doc.data.get("advisories", []):
                first = names.setdefault((adv, name), doc.locate(f"/indicators/{i}/rule"))
                if first.path != doc.path or first.pointer != f"/indicators/{i}/rule":
                    yield diagnostic(
                        "IOC521",
                        doc.locate(f"/indicators/{i}/rule"),
                        f"rule name {name!r} is also used in {first.path}:{first.line} of advisory {adv}",
                    )


def check_sigma(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Each authored Sigma rule parses with pySigma and passes the SigmaHQ validators, except those
    excluded with a reason in config/sigma-validators.yaml."""
    found = list(_rules(docs, "sigma"))
    if not found:
        return
    from sigma.rule import SigmaRule

    from compiler.config import ConfigError, sigma_exclusions
    from compiler.engines.sigmahq import validate

    broken: ConfigError | None = None
    try:
        excluded = sigma_exclusions(ctx.root)  # read once for every rule
    except ConfigError as exc:  # said at each rule, below, as when each rule read the file
        excluded, broken = {}, exc
    for doc, i, data in found:
        where = doc.locate(f"/indicators/{i}/rule")
        if not isinstance(data, dict):  # text would be parsed again, past the loader's bounds
            yield diagnostic(
                "IOC522", where, "write the Sigma rule as a YAML mapping under `rule:`, not as text"
            )
            continue
        problems = shape_problems(data)
        if problems:
            yield diagnostic("IOC522", where, "; ".join(problems))
            continue
        mapping = data
        try:
            rule = SigmaRule.from_dict(mapping)
            for condition in rule.detection.parsed_condition:  # conditions parse lazily: force it
                condition.parse()
        except Exception as exc:  # any failure of pySigma to read the rule is the rule's finding, not a crash
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            yield diagnostic("IOC522", where, f"pySigma: {first}")
            continue
        form = _form_findings(mapping, where)
        yield from form
        if any(d.code == "IOC526" for d in form):
            continue
        try:
            if broken is not None:
                raise broken
            issues = list(validate([rule], excluded))
        except Exception as exc:  # a SigmaHQ validator that cannot read the rule: the rule's finding
            yield diagnostic(
                "IOC522", where, f"a SigmaHQ validator cannot read the rule ({type(exc).__name__}: {exc})"
            )
            continue
        for name, issue in issues:
            detail = ", ".join(f"{k}={v}" for k, v in vars(issue).items() if k != "rules")
            yield diagnostic(
                "IOC523", where, f"{name}: {issue.description}" + (f" ({detail})" if detail else "")
            )


def _form_findings(mapping: dict[str, Any], where: Location) -> list[Diagnostic]:
    """IOC526 for field names that are not plain (nothing else is said of such a rule), else IOC528 for
    each regular expression that reads differently in some target."""
    bad = bad_fields(mapping)
    if bad:
        shown = ", ".join(repr(f) for f in bad[:5])
        return [
            diagnostic(
                "IOC526",
                where,
                f"field name(s) {shown} are not plain names (letters, digits, `_`, `.`, `-`)",
                hint="a query target would read such a name as query syntax",
            )
        ]
    return [
        diagnostic(
            "IOC528",
            where,
            line,
            hint="write `.*` at both ends, spell cases out as [pP], escape ~ & < > @ #, or use contains, "
            "startswith or endswith",
        )
        for line in unportable(mapping)
    ]


def check_suricata(docs: Docs, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Each authored Suricata rule is one rule, and `suricata -T` loads all of them together (sid and
    rev are replaced by iocc's lock at build time, so they are not the author's to choose)."""
    from compiler.engines.suricata import SIDREV, authored_text

    for doc, i, text in _rules(docs, "suricata"):
        if not isinstance(text, str):
            yield diagnostic(
                "IOC524", doc.locate(f"/indicators/{i}/rule"), "a Suricata rule is text, not a mapping"
            )
    found = [(doc, i, text) for doc, i, text in _rules(docs, "suricata") if isinstance(text, str)]
    if not found:
        return
    lines: list[str] = []
    places: list[tuple[Document, int]] = []
    for doc, i, text in found:
        one = authored_text(text)
        if one.count(SIDREV) != 1 or re.search(r"\)\s*(alert|drop|pass|reject)\s", one):
            yield diagnostic(
                "IOC524", doc.locate(f"/indicators/{i}/rule"), "the rule text holds more than one rule"
            )
            continue
        touching = file_keywords(one)
        if touching:
            yield diagnostic(
                "IOC527",
                doc.locate(f"/indicators/{i}/rule"),
                f"the rule uses {', '.join(touching)}, which read or write files on the sensor",
                hint="rules of iocc match traffic; they leave the sensor's files alone",
            )
            continue
        lines.append(one.replace(SIDREV, f"sid:{len(lines) + 1}; rev:1;"))
        places.append((doc, i))
    binary = shutil.which("suricata")
    if binary is None:
        doc, i = places[0] if places else (found[0][0], found[0][1])
        yield diagnostic(
            "IOC525",
            doc.locate(f"/indicators/{i}/rule"),
            "suricata is not installed; Suricata rules not checked",
        )
        return
    yield from _run_suricata(binary, lines, places)


def _run_suricata(binary: str, lines: list[str], places: list[tuple[Document, int]]) -> Iterator[Diagnostic]:
    with tempfile.TemporaryDirectory(prefix="iocc-suricata-") as tmp:
        folder = Path(tmp)
        system = Path("/etc/suricata/classification.config")
        classes = (
            system.read_text()
            if system.is_file()
            else "".join(f"config classification: {c}\n" for c in _FALLBACK_CLASSES)
        )
        (folder / "classification.config").write_text(classes)
        (folder / "reference.config").write_text("config reference: url http://\n")
        (folder / "suricata.yaml").write_text(_ENGINE_CONFIG.format(dir=folder))
        (folder / "authored.rules").write_text("\n".join(lines) + "\n")
        run = subprocess.run(
            [
                binary,
                "-T",
                "-S",
                str(folder / "authored.rules"),
                "-l",
                tmp,
                "-c",
                str(folder / "suricata.yaml"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
            check=False,
        )  # fmt: skip  (one stream keeps each reason before its "error parsing" line)
    reasons: list[str] = []
    located = 0
    for line in run.stdout.splitlines():
        m = _SURICATA_ERROR.search(line)
        if m and 0 < int(m.group(1)) <= len(places):
            doc, i = places[int(m.group(1)) - 1]
            why = "; ".join(reasons) or "the rule does not parse"
            yield diagnostic("IOC524", doc.locate(f"/indicators/{i}/rule"), f"suricata -T: {why}")
            reasons = []
            located += 1
        elif (e := _SURICATA_E.match(line)) and "Loading signatures failed" not in line:
            reasons.append(line[e.end() :].strip())
    if run.returncode != 0 and not located and places:
        doc, i = places[0]
        why = "; ".join(reasons) or f"exit status {run.returncode}"
        yield diagnostic(
            "IOC524", doc.locate(f"/indicators/{i}/rule"), f"suricata -T refused the rules: {why}"
        )
