"""The table of diagnostic codes: stable ids, severities and the rule each one states.

Ranges: IOC0xx reading files, IOC1xx shape (schema), IOC2xx indicator values, IOC3xx the corpus
across files, IOC4xx the false-positive gate, IOC5xx rules and emitters, IOC6xx product data,
IOC7xx evidence and detection, IOC8xx importing, IOC9xx tool.
A code is never reused for another meaning. `iocc codes` prints this table; the site publishes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from compiler.diagnostics.severity import Severity


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
    Code("IOC013", E, "config/languages.yaml names a language iocc cannot publish: not a lowercase language code, given twice, without English (the original of CSAF, STIX and the rules) or without an interface catalog (compiler/locale/ or the repository's locale/<lang>/LC_MESSAGES/iocc.po)."),
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
    Code("IOC310", E, "An indicator set is marked less restrictively than its source marks the values (source.tlp)."),
    Code("IOC311", E, "An id cannot name an output file: it is reserved (all, index, Windows device names such as con or nul), or two ids collide in file names (equal but for case, or a CSAF name such as x-de beside x's German document)."),
    Code("IOC312", W, "A German text addresses its reader in the wrong register: a partner text with the formal Sie (Ihnen, Ihr), a customer text (customer_body, customer_priority, the customer mail's subject and preheader) with ihr, euch, euer, a text both mails show with either."),
    Code("IOC313", W, "A running text writes a date as YYYY-MM-DD; write it out as the language does (2. März 2021, 2 March 2021): dates from the data are rendered per language by each output."),
    Code("IOC314", W, "A text speaks of a forum thread or post (\"hier im Thread\", \"Partner-Thread\", \"in the thread\", \"the post above\"); the site and the mails have none."),
    Code("IOC315", W, "German text uses an English product term where Microsoft's German documentation has a German one (Cumulative Update: kumulatives Update; Security Update: Sicherheitsupdate)."),
    Code("IOC316", E, "An advisory gives more than five resources to customers; the customer mail lists them all, so choose the five a customer needs (mark the others partner or technical)."),
    # the false-positive gate (IOC4xx)
    Code("IOC401", E, "An indicator value is on a blocking false-positive list and carries no override for that list."),
    Code("IOC402", W, "An indicator value is on a false-positive list that config/gate.yaml sets to warn."),
    Code("IOC403", N, "A reviewed false_positive_override lets a listed value through; the build report lists it."),
    Code("IOC404", W, "A false_positive_override names a list the value is not on (stale or misspelt)."),
    Code("IOC405", E, "config/gate.yaml names an unknown list or action."),
    Code("IOC406", N, "A user agent is one that real crawlers or browsers send too: weak context, left out of hit rules (the note says which and why)."),
    # rules and emitters (IOC5xx)
    Code("IOC501", E, "A lock in locks/ is stale: objects are new, changed or gone since `iocc lock` last ran (one line per lock)."),
    Code("IOC502", W, "A revoked STIX object came back or changed; STIX allows no later version, so it stays revoked."),
    Code("IOC503", N, "A draft advisory is left out of every output; `iocc build --include-drafts` makes a preview that holds it."),
    Code("IOC504", E, "A lock file cannot be read; `iocc lock` writes a new one."),
    Code("IOC505", N, "An object behind a stale lock (IOC501): new, changed or gone since `iocc lock` last ran."),
    Code("IOC506", W, "A preview build (`--include-drafts`) holds a draft advisory: its outputs are marked PREVIEW and are not for publishing."),
    Code("IOC520", E, "An authored YARA rule does not compile (yara-python's message and line)."),
    Code("IOC521", E, "An authored YARA rule uses `include`, or its name repeats in an advisory."),
    Code("IOC522", E, "An authored Sigma rule is not a valid Sigma rule (pySigma refuses it)."),
    Code("IOC523", W, "An authored Sigma rule fails a SigmaHQ validator (config/sigma-validators.yaml)."),
    Code("IOC524", E, "An authored Suricata rule is refused by `suricata -T`, or is not one rule."),
    Code("IOC525", W, "A rule engine is not installed, so rules of its language were not checked."),
    Code("IOC526", E, "An authored Sigma rule names a field that is not a plain name (letters, digits, _ . -); a query target would read it as syntax."),
    Code("IOC527", E, "An authored Suricata rule uses a keyword that reads or writes files on the sensor (dataset/datarep save, state or load, filestore, lua, filemd5/sha1/sha256)."),
    Code("IOC528", W, "An authored Sigma rule's regular expression reads differently in Elastic (whole-value match, no (?i), ^ $ as letters, ~ & < > @ # as operators) than in the other targets."),
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
    Code("IOC621", E, "A product's releases are not in ascending build order, or two share a build."),
    Code("IOC622", E, "A release's build does not belong to its product line (build_prefixes, first_build)."),
    Code("IOC623", E, "An update names no rtm, sp or cu release of its product as base, or does not install on it."),
    Code("IOC624", E, "Two product lines claim the same builds: lines that share a prefix need first_build."),
    Code("IOC630", E, "An advisory names a product that is not in the catalog (products/)."),
    Code("IOC631", E, "An advisory names a release its product does not have, or one of the wrong kind."),
    Code("IOC632", E, "A fix names a CVE the advisory does not hold, or one that does not apply to the fix's product."),
    Code("IOC633", E, "An affected product has a CVE that no fix closes."),
    Code("IOC634", E, "A product is listed as affected and as not affected, or a fix is for a product that is not affected."),
    Code("IOC607", E, "A CVSS base score or version differs from what its vector computes."),
    Code("IOC610", E, "A CSAF document does not validate against the CSAF 2.0 JSON schema."),
    Code("IOC611", E, "A CSAF document fails a mandatory test of CSAF 2.0 section 6.1."),
    Code("IOC612", E, "A CWE id is not in the vendored CWE list, so CSAF cannot name the weakness."),
    # evidence and detection (IOC7xx): rules proven on samples, `iocc test` and `iocc scan`
    Code("IOC701", E, "An evidence sample file is missing, unreadable, too large, or outside its folder."),
    Code("IOC702", E, "A sample's content is not in the format its manifest declares."),
    Code("IOC703", E, "An expectation names no rule or indicator of the advisory, or a baseline sample declares one."),
    Code("IOC704", E, "A rule or indicator did not match the sample (or the lines) its manifest expects."),
    Code("IOC705", E, "A rule or indicator matched a positive sample whose manifest does not expect it."),
    Code("IOC706", E, "A rule or indicator matched the benign baseline: it would fire on a normal server."),
    Code("IOC707", E, "A rule of an advisory has no positive sample that proves it."),
    Code("IOC708", W, "An indicator set has no value proven on a positive sample."),
    Code("IOC709", N, "An indicator set holds only values no sample can carry (hashes of files we do not hold)."),
    Code("IOC710", E, "A Sigma rule cannot run in the embedded engine (unknown log source, or a field with no column)."),
    Code("IOC711", E, "An evidence folder is not evidence/<advisory-id>/<id>/ or evidence/baseline/<id>/, or its id differs."),
    # importing (IOC8xx): findings of `iocc import` about the source it reads
    Code("IOC801", E, "An imported value is marked (STIX marking, MISP tag, CSV column or label, TLP label in text) more restrictively than the target set; it is refused unless --raise-tlp raises the set's TLP."),
    # tool
    Code("IOC900", E, "iocc failed internally; the message says where. Please report it."),
)
# fmt: on


# Codes no longer issued, kept so that no id is ever reused for another meaning.
RETIRED: Final = {
    "IOC601": "CU rows of a product inside an advisory (products now live in the catalog, IOC621)",
    "IOC602": "a build outside an advisory product's build_prefix (now IOC622)",
    "IOC603": "a fixed build of a CU row (now IOC623)",
    "IOC604": "later releases with the fix inside an advisory (now fixes[].included_in, IOC631)",
    "IOC605": "two advisory products sharing a build_prefix (now IOC624)",
    "IOC606": "an update rollup row inside an advisory (now a release of kind ru, IOC623)",
}


def code(code_id: str) -> Code:
    return CODES[code_id]
