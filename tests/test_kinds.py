"""The type registry (compiler.corpus.kinds): every declaration is complete, and every output understands
every entry it holds. A type that lacks an entry does not construct; an entry an output cannot use fails here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pymisp import MISPAttribute

from compiler.corpus import kinds
from compiler.corpus.kinds import Atomic, Kind, Rule, atomic, every
from compiler.corpus.kinds.addresses import ANY_ADDRESS
from compiler.corpus.kinds.kind import (
    Authored,
    NotExpressible,
    Sigma,
    Suricata,
    YaraHash,
)
from compiler.corpus.vocab import LANGS
from compiler.detect.atomic import FILE_TABLES, atomic_columns
from compiler.gate import crawlers, exchange
from compiler.gate.lists import available, meta
from compiler.outputs.context import build_context
from compiler.outputs.rules.suricata import DATASET_RULES, VALUE_RULES
from compiler.outputs.stix.patterns import SHAPES
from compiler.outputs.targets import LOGSOURCES, OUTPUTS, support
from compiler.pipeline import check, emit_all
from tests.corpus_fixtures import make_corpus

# STIX 2.1 open vocabularies the declarations draw from
PATTERN_TYPES = {"stix", "pcre", "sigma", "snort", "suricata", "yara"}
INDICATOR_TYPES = {"anomalous-activity", "anonymization", "benign", "compromised", "malicious-activity", "attribution", "unknown"}  # fmt: skip
YARA_HASH_FUNCTIONS = {"md5", "sha1", "sha256", "crc32", "checksum32"}
# Engine tables a value may be planned for with no log column comparing it yet (the plan still counts the
# set's values for IOC708); each with why.
PLANNED_ONLY = {"url": "no collected log table keeps a whole URL in one column"}


def test_names_are_unique_and_the_registry_lists_atomic_types_first() -> None:
    names = [k.name for k in every()]
    assert len(names) == len(set(names))
    first_rule = next(i for i, k in enumerate(every()) if isinstance(k, Rule))
    assert all(isinstance(k, Rule) for k in every()[first_rule:])
    assert all(isinstance(k, Atomic | Rule) for k in every())


def test_a_declaration_without_an_entry_does_not_construct() -> None:
    whole = {f.name: getattr(kinds.kind("sha256"), f.name) for f in dataclasses.fields(Atomic)}
    for required in (
        "canonical",
        "stix",
        "misp",
        "sigma",
        "suricata",
        "loki",
        "chirp",
        "gate",
        "scan",
        "names",
    ):
        partial = {k: v for k, v in whole.items() if k != required}
        with pytest.raises(TypeError):
            Atomic(**partial)


@pytest.mark.parametrize("k", list(atomic()), ids=lambda k: k.name)
def test_every_example_is_valid_and_canonical(k: Atomic) -> None:
    assert kinds.canonical(k.name, k.example) == k.example


@pytest.mark.parametrize("k", every(), ids=lambda k: k.name)
def test_every_type_is_named_in_every_language(k: Kind) -> None:
    assert set(k.names) == set(LANGS) and all(k.names[lang].strip() for lang in LANGS)


@pytest.mark.parametrize("k", every(), ids=lambda k: k.name)
def test_stix_entries_are_shapes_the_stix_output_builds(k: Kind) -> None:
    stix = k.stix
    assert stix.label and stix.indicator_type in INDICATOR_TYPES and stix.pattern_type in PATTERN_TYPES
    if isinstance(k, Rule):
        assert stix.shape == "" and stix.pattern_type != "stix"
        return
    assert stix.pattern_type == "stix" and stix.shape in SHAPES
    assert bool(stix.object) == (stix.shape == "value")
    assert bool(stix.hash) == (stix.shape == "hash")
    assert bool(stix.header) == (stix.shape == "header")


@pytest.mark.parametrize("k", every(), ids=lambda k: k.name)
def test_misp_entries_are_category_and_type_misp_knows(k: Kind) -> None:
    describe = MISPAttribute().describe_types
    assert k.misp.type in describe["category_type_mappings"][k.misp.category]


@pytest.mark.parametrize("k", every(), ids=lambda k: k.name)
def test_rule_output_entries_are_forms_their_outputs_build(k: Kind) -> None:
    if isinstance(k.yara, YaraHash):
        assert k.yara.function in YARA_HASH_FUNCTIONS
    if isinstance(k.sigma, Sigma):
        assert k.sigma.fields and k.sigma.label and k.sigma.false_positives
        assert all(f.logsource in LOGSOURCES and f.fields for f in k.sigma.fields)
    if isinstance(k.suricata, Suricata):
        assert k.suricata.group in VALUE_RULES
        assert (k.suricata.group in DATASET_RULES) == bool(k.suricata.dataset)
    forms = (k.yara, k.sigma, k.suricata, k.loki, k.chirp)
    if isinstance(k, Rule):  # a rule is published in its own language only
        assert [type(f) for f in forms].count(Authored) >= 1
    else:
        assert not any(isinstance(f, Authored) for f in forms)
    assert all(f.why for f in forms if isinstance(f, NotExpressible))


def test_types_of_one_suricata_group_share_its_dataset() -> None:
    datasets: dict[str, set[str]] = {}
    for k in atomic():
        if isinstance(k.suricata, Suricata):
            datasets.setdefault(k.suricata.group, set()).add(k.suricata.dataset)
    assert all(len(found) == 1 for found in datasets.values()), datasets


@pytest.mark.parametrize("k", list(atomic()), ids=lambda k: k.name)
def test_gate_entries_name_lists_that_exist(k: Atomic) -> None:
    assert set(k.gate.lists) <= {crawlers.SLUG, exchange.SLUG}
    attributes = {a for slug in available() for a in meta(slug).types}  # iocc types some list applies to
    if k.gate.misp:
        assert k.name in attributes, f"no MISP warninglist matches {k.gate.misp}"


@pytest.mark.parametrize("k", list(atomic()), ids=lambda k: k.name)
def test_scan_entries_are_value_tables_of_the_engine(k: Atomic) -> None:
    if isinstance(k.scan, NotExpressible):
        assert k.scan.why
        return
    compared = {
        kind for table in ("iis", "httpproxy", "dns_query", *FILE_TABLES) for kind, _ in atomic_columns(table)
    }
    assert k.scan.table in compared or k.scan.table in PLANNED_ONLY


def test_the_target_table_answers_every_type_and_output() -> None:
    for k in every():
        for output in OUTPUTS:
            how, why = support(output, k.name)
            assert bool(how) != bool(why), (k.name, output)


def test_importer_names_lead_to_one_type_each() -> None:
    for field in ("names", "misp", "stix"):
        seen: dict[str, str] = {alias: "address" for alias in getattr(ANY_ADDRESS, field)}
        for k in every():
            for alias in getattr(k.aliases, field):
                assert alias not in seen, f"{field} alias {alias!r} of {k.name} is also {seen[alias]}'s"
                seen[alias] = k.name
    assert all(alias == alias.lower() for k in every() for alias in (*k.aliases.names, *k.aliases.stix))


def test_forgetting_a_canonical_form_can_no_longer_store_none() -> None:
    """What the registry replaced: an atomic type without a canonical form assembled its value as "None"."""
    from compiler.corpus.assemble import _indicator

    defaults = {"confidence": 50, "valid_from": "2024-01-01"}
    with pytest.raises(ValueError, match="no registered indicator type"):
        _indicator("s", 0, {"type": "no-such-type", "value": "x"}, defaults)
    fields = {f.name for f in dataclasses.fields(Atomic) if f.default is dataclasses.MISSING}
    assert "canonical" in fields and "name" in fields


def _every_example(root_parent: Path) -> Path:
    """The valid fixture corpus with its set holding each atomic type's declared example."""
    lines = "".join(f"  - type: {k.name}\n    value: '{k.example}'\n" for k in atomic())
    text = (
        "# yaml-language-server: $schema=../../../schemas/indicator-set.schema.json\n"
        "id: test-set\nschema_version: 1\nadvisories: [test-advisory-2024]\n"
        "title: {de: Beispiele, en: Examples}\ndescription: {de: Je Typ ein Wert., en: One value per type.}\n"
        "tlp: clear\nsource: {name: Test source, licence: CC0-1.0}\n"
        'defaults: {confidence: 70, valid_from: "2024-05-02"}\nindicators:\n' + lines
    )
    return make_corpus(root_parent, {"indicators/test-advisory-2024/test-set.yaml": text.encode()})


# output of the target table -> (emitter, path prefix of its files)
FILES = {
    "yara": ("yara", "rules/yara/"),
    "sigma": ("sigma", "rules/sigma/"),
    "suricata": ("suricata", "rules/suricata/"),
    "loki": ("loki", "rules/loki/"),
    "chirp": ("chirp", "rules/chirp/"),
    "csv": ("csv", "csv/"),
    "blocklist": ("csv", "blocklists/"),
}


def test_every_type_reaches_every_output_its_declaration_names(tmp_path: Path) -> None:
    """Each declared example, built: an output that expresses its type holds it (by the files' metadata),
    one that does not says so with IOC530; STIX and MISP hold every value."""
    root = _every_example(tmp_path)
    result = check(root)
    assert result.corpus is not None, [(d.code, d.message) for d in result.diagnostics]
    emitted = emit_all(result.corpus, build_context(root, as_of="2024-05-10"))
    held = {name: {item for a in found for item in a.items} for name, found in emitted.by_emitter.items()}
    for k in atomic():
        item = f"test-set/{k.name}:{k.example}"
        assert item in held["stix"] and item in held["misp"], k.name
        for output, (emitter, prefix) in FILES.items():
            files = [a for a in emitted.by_emitter[emitter] if a.path.startswith(prefix)]
            how, why = support(output, k.name)
            if how:
                assert any(item in a.items for a in files), (k.name, output)
            else:
                assert not any(item in a.items for a in files), (k.name, output)
                said = [
                    n for n in emitted.notes if n.code == "IOC530" and n.message.startswith(f"{output}: ")
                ]
                assert any(f" {k.name} indicator(s)" in n.message and why in n.message for n in said), (
                    k.name,
                    output,
                )
