"""The table of diagnostic codes: stable ids, severities and the rule each one states.

Ranges: IOC0xx reading files, IOC1xx shape (schema), IOC2xx indicator values, IOC3xx the corpus
across files, IOC4xx the false-positive gate, IOC5xx rules and emitters, IOC6xx product data, IOC7xx importing, IOC9xx tool.
A code is never reused for another meaning. `iocc codes` prints this table; the site publishes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from compiler.severity import Severity


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    severity: Severity
    summary: str


def _table(*codes: Code) -> dict[str, Code]:
    return {c.id: c for c in codes}


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE

# One line per code, so the table reads as a list.
# fmt: off
CODES: Final[dict[str, Code]] = _table(
    # reading
    Code("IOC001", E, "The file cannot be read or is not valid UTF-8."),
    Code("IOC002", E, "The file is larger than the size bound."),
    Code("IOC003", E, "The file is not well-formed YAML (syntax error, tab indentation, bad escape)."),
    Code("IOC004", E, "A mapping has the same key twice."),
    Code(
        "IOC005",
        E,
        "A YAML tag other than the core schema's (e.g. !!python/object) is refused, never executed.",
    ),
    Code("IOC006", E, "The document nests deeper than the nesting bound."),
    Code("IOC007", E, "Anchors and aliases (and so merge keys) are not allowed in corpus files."),
    Code("IOC008", E, "A file holds more than one YAML document, or none."),
    Code(
        "IOC009", E, "The file is not where its kind belongs (advisories/<year>/ or indicators/<advisory>/)."
    ),
    Code("IOC010", W, "The file does not start with a yaml-language-server $schema modeline for its schema."),
    Code("IOC011", E, "A path of the repository is a symbolic link or leads through one; iocc follows no link (corpus, config, locks, site pages, dist/)."),
    Code("IOC012", E, "A number has more digits than iocc reads (100); quote it if it is text."),
    # shape
    Code("IOC101", E, "A required property is missing."),
    Code("IOC102", E, "A property is not allowed here (misspelt or unknown)."),
    Code("IOC103", E, "A value has the wrong type (e.g. a number where text is expected: quote it)."),
    Code("IOC104", E, "A value is not one of the allowed values."),
    Code("IOC105", E, "A value does not have the required form (pattern or format)."),
    Code(
        "IOC106",
        E,
        "A value is too short, too long, too small, too large, or a list has too few or repeated items.",
    ),
    Code("IOC107", E, "A text holds a control character, a line or paragraph separator or a bidirectional control; only multi-line texts hold line breaks and tabs."),
    # indicator values
    Code("IOC201", E, "An indicator value is not valid for its type."),
    Code("IOC202", W, "An indicator value is not in canonical form; `iocc fmt` rewrites it."),
    Code("IOC203", W, "The same indicator value appears twice in the corpus."),
    # the corpus across files
    Code("IOC301", E, "A record's id differs from its file name."),
    Code("IOC302", E, "Two records of the same kind have the same id."),
    Code("IOC303", E, "A reference names a record that does not exist."),
    Code("IOC304", E, "Dates are out of order."),
    Code("IOC305", E, "A human-readable field has an empty or placeholder translation."),
    Code(
        "IOC306",
        W,
        "An indicator set is marked more restrictively than its advisory; public outputs leave it out.",
    ),
    Code("IOC307", E, "An advisory's folder year differs from its publication year."),
    Code("IOC308", E, "An id is used twice inside one record (products, actors, malware, rules, steps)."),
    Code("IOC309", W, "An advisory has no remediation step of a kind the three-step procedure needs."),
    Code("IOC310", E, "An indicator set's source marks the data more restrictively (source.tlp) than the set's tlp."),
    Code("IOC311", E, "An id cannot name an output file: it is reserved (all, index, Windows device names such as con or nul), or two ids collide in file names (equal but for case, or a CSAF name such as x-de beside x's German document)."),
    # the false-positive gate (IOC4xx)
    Code("IOC401", E, "An indicator value is on a blocking false-positive list and carries no override for that list."),
    Code("IOC402", W, "An indicator value is on a false-positive list that config/gate.yaml sets to warn."),
    Code("IOC403", N, "A reviewed false_positive_override lets a listed value through; the build report lists it."),
    Code("IOC404", W, "A false_positive_override names a list the value is not on (stale or misspelt)."),
    Code("IOC405", E, "config/gate.yaml names an unknown list or action."),
    # rules and emitters (IOC5xx)
    Code("IOC501", E, "The content lock is stale: an object is new, changed or gone since `iocc lock` last ran."),
    Code("IOC502", W, "A revoked STIX object came back or changed; STIX allows no later version, so it stays revoked."),
    Code("IOC503", N, "A draft advisory is left out of the STIX bundles and the MISP feed."),
    Code("IOC504", E, "A lock file cannot be read; `iocc lock` writes a new one."),
    Code("IOC520", E, "An authored YARA rule does not compile (yara-python's message and line)."),
    Code("IOC521", E, "An authored YARA rule uses `include`, or its name repeats in an advisory."),
    Code("IOC522", E, "An authored Sigma rule is not a valid Sigma rule (pySigma refuses it)."),
    Code("IOC523", W, "An authored Sigma rule fails a SigmaHQ validator (config/sigma-validators.yaml)."),
    Code("IOC524", E, "An authored Suricata rule is refused by `suricata -T`, or is not one rule."),
    Code("IOC525", W, "A rule engine is not installed, so rules of its language were not checked."),
    Code("IOC526", E, "An authored Sigma rule names a field that is not a plain name (letters, digits, _ . -); a query target would read it as syntax."),
    Code("IOC527", E, "An authored Suricata rule uses a keyword that reads or writes files on the sensor (dataset/datarep save, state or load, filestore, lua, filemd5/sha1/sha256)."),
    Code("IOC530", N, "An output cannot express an indicator type (`iocc targets` shows where it goes)."),
    Code("IOC531", N, "A query target cannot express a Sigma rule; rules/UNSUPPORTED.md lists it."),
    Code("IOC532", W, "locks/suricata.lock.json misses new or changed rules; `iocc lock` updates it."),
    Code("IOC533", E, "The reserved Suricata SID range (config/suricata.yaml) has no free SID left."),
    Code("IOC534", N, "A value is left out of one output whose format cannot carry it (says why)."),
    Code("IOC550", E, "A mail template uses a name or field that does not exist (the template's file and line are given)."),
    Code("IOC551", E, "A mail template is missing for a language and audience, or is not valid Jinja2."),
    Code("IOC552", W, "A text that becomes a mail subject or heading holds a line break; the mail joins it into one line."),
    Code("IOC553", W, "A link in a mail field is not http, https or mailto; the mail shows its text without the link."),
    Code("IOC554", E, "A text that becomes a mail header holds an RFC 2047 encoded word (=?charset?b|q?...?=) that decodes to a line break or control character."),
    # the site (IOC58x)
    Code("IOC580", E, "The site build (mkdocs, strict) reported a warning or an error (mkdocs's message)."),
    Code("IOC581", W, "A file in dist/ holds content marked above TLP:CLEAR, so the site does not offer it."),
    Code("IOC582", E, "The site's build checker template failed to render."),
    # product data and patch status (IOC6xx)
    Code("IOC601", E, "A product's CU rows are not in ascending order of CU number, or two share one."),
    Code("IOC602", E, "A build's major.minor differs from its product's build_prefix."),
    Code("IOC603", E, "A fixed build is not above its CU's build, or changes the CU's third number."),
    Code("IOC604", E, "A later release with the fix is not newer than every listed CU, or repeats one."),
    Code("IOC605", E, "Two affected products of one advisory share a build_prefix."),
    Code("IOC606", E, "An update rollup row (SPn (RUm)) is not the only row of its product."),
    Code("IOC607", E, "A CVSS base score or version differs from what its vector computes."),
    Code("IOC610", E, "A CSAF document does not validate against the CSAF 2.0 JSON schema."),
    Code("IOC611", E, "A CSAF document fails a mandatory test of CSAF 2.0 section 6.1."),
    Code("IOC612", E, "A CWE id is not in the vendored CWE list, so CSAF cannot name the weakness."),
    # importing (IOC7xx): findings of `iocc import` about the source it reads
    Code("IOC701", E, "An imported value is marked (STIX marking, MISP tag, CSV column or label, TLP label in text) more restrictively than the target set; it is refused unless --raise-tlp raises the set's TLP."),
    # tool
    Code("IOC900", E, "iocc failed internally; the message says where. Please report it."),
)
# fmt: on


def code(code_id: str) -> Code:
    return CODES[code_id]
