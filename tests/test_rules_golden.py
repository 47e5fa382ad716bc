"""Golden files of every rule emitter on the fixture corpus (refresh: `make golden`), determinism, and
the capability table behind `iocc targets`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from compiler.outputs.registry import emitters
from compiler.outputs.targets import OUTPUTS, expresses, support, table, types
from tests.golden_files import assert_golden
from tests.rules_support import REPO, RULE_EMITTERS, context, emit_all, fixture_corpus, golden_outputs

FOLDERS = ("yara", "sigma", "kql", "splunk", "elastic", "suricata", "loki", "chirp", "csv")


def test_golden_rule_outputs() -> None:
    outputs = golden_outputs()
    for folder in FOLDERS:
        files = {k.split("/", 1)[1]: v for k, v in outputs.items() if k.startswith(folder + "/")}
        assert files, folder
        assert_golden(folder, files)


def test_two_builds_in_different_timezones_and_locales_are_identical() -> None:
    script = (
        "import hashlib, json\n"
        "from tests.rules_support import golden_outputs\n"
        "out = golden_outputs()\n"
        "print(json.dumps({k: hashlib.sha256(v).hexdigest() for k, v in sorted(out.items())}))\n"
    )
    runs = []
    for tz, lang in (("UTC", "C.UTF-8"), ("Asia/Kolkata", "de_DE.UTF-8")):
        env = {**os.environ, "TZ": tz, "LC_ALL": lang, "LANG": lang, "PYTHONHASHSEED": "random"}
        run = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=True
        )
        runs.append(json.loads(run.stdout))
    assert runs[0] == runs[1] and len(runs[0]) > 80


def test_emitters_are_registered_and_every_note_is_located() -> None:
    registry = emitters()
    assert set(RULE_EMITTERS) <= set(registry)
    for name in RULE_EMITTERS:
        for note in registry[name](fixture_corpus(), context()).notes:
            assert note.code.startswith("IOC5") and note.location.path and note.location.pointer, note


def test_the_capability_table_is_complete_and_consistent() -> None:
    rows = table()
    assert len(rows) == len(types()) * len(OUTPUTS)
    for row in rows:
        assert bool(row["how"]) != bool(row["why_not"]), row
    assert expresses("yara", "sha256") and not expresses("yara", "ipv4")
    assert expresses("kql-sentinel", "user-agent") and not expresses("kql-defender", "user-agent")
    assert support("suricata", "sha256")[1].startswith("Suricata sees network traffic")


def test_iocc_targets_prints_the_table() -> None:
    run = subprocess.run([sys.executable, "-m", "compiler", "targets", "--format", "json"], cwd=REPO,
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert json.loads(run.stdout) == table()
    md = subprocess.run([sys.executable, "-m", "compiler", "targets", "--format", "markdown"], cwd=REPO,
                        capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert md.count("\n") == len(types()) + 2
    text = subprocess.run([sys.executable, "-m", "compiler", "targets", "--type", "url"], cwd=REPO,
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert text.startswith("url\n") and "loki" in text


def test_rule_outputs_of_the_fixture_are_all_present() -> None:
    paths = set(emit_all(fixture_corpus(), context()))
    assert {"rules/yara/rules-test-2024.yar", "rules/suricata/rules-test-2024.rules", "rules/loki/c2-iocs.txt",
            "rules/chirp/rules-test-2024.yaml", "csv/rules-test-2024.csv", "rules/UNSUPPORTED.md"} <= paths  # fmt: skip
