"""Versioning by content: the locks, `modified` and MISP timestamps, revocation, stale-lock diagnostics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.cli import main
from compiler.corpus.model import Corpus
from compiler.locks.content import later
from compiler.outputs.context import build_context
from compiler.outputs.stix.common import timestamp
from compiler.outputs.stix.emit import emit
from compiler.pipeline.locks import lock_states, stale_locks, write_locks
from tests.corpus_fixtures import make_corpus
from tests.fixtures.stix import corpus as fixture
from tests.fixtures.stix.checks import emit_all, findings, objects

AS_OF = "2024-04-01"
CHANGED_AT = "2024-04-01T00:00:00.000Z"
IP = "203.0.113.7"  # the clear set's indicator number 3
IP_PATTERN = f"[ipv4-addr:value = '{IP}']"


def _lock(corpus: Corpus, root: Path, as_of: str = AS_OF) -> None:
    write_locks(lock_states(corpus, build_context(root, as_of=as_of)), root)


@pytest.fixture
def locked(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A root whose locks hold the fixture corpus, and the outputs built from it."""
    _lock(fixture.corpus(), tmp_path, "2024-03-15")
    return tmp_path, emit_all(fixture.corpus(), tmp_path)


def _differ(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> set[str]:
    return {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


def _by_pattern(objs: dict[str, dict[str, Any]], pattern: str) -> dict[str, Any]:
    [found] = [o for o in objs.values() if o.get("pattern") == pattern]
    return found


def test_unchanged_corpus_keeps_every_version_and_the_lock_is_current(
    locked: tuple[Path, dict[str, bytes]],
) -> None:
    root, before = locked
    assert stale_locks(fixture.corpus(), build_context(root)) == []
    assert emit_all(fixture.corpus(), root, as_of="2030-01-01") == before  # the as-of date changes nothing
    for o in objects(before).values():  # new objects are dated from the data
        if o["type"] == "indicator" and not o.get("revoked"):
            assert o["modified"] == o["created"] == timestamp(o["valid_from"])


def test_changing_one_indicator_changes_exactly_that_object(locked: tuple[Path, dict[str, bytes]]) -> None:
    root, before = locked
    after = emit_all(fixture.variant(change=3), root)
    old, new = objects(before), objects(after)
    [changed] = _differ(old, new)
    ind = _by_pattern(new, IP_PATTERN)
    assert changed == ind["id"]
    assert ind["created"] == old[changed]["created"]
    assert ind["modified"] == CHANGED_AT > old[changed]["modified"]
    assert ind["confidence"] == old[changed]["confidence"] + 5
    assert findings(after["stix/all.json"]) == []
    stale = stale_locks(fixture.variant(change=3), build_context(root))
    at_source = {(d.code, d.location.path, d.location.pointer) for d in stale if d.code == "IOC505"}
    assert {w for w in at_source if not w[1].startswith("locks/")} == {
        (
            "IOC505",
            "indicators/adv-clear/clear-set.yaml",
            "/indicators/3",
        ),  # the STIX indicator, its MISP attribute
        ("IOC505", "advisories/2024/adv-clear.yaml", ""),  # the MISP event that holds the attribute
    }
    # one summary line per lock file, with the counts
    summaries = {d.location.path: d.message for d in stale if d.code == "IOC501"}
    assert summaries.keys() >= {"locks/stix.lock.json", "locks/misp.lock.json"}
    assert summaries["locks/stix.lock.json"] == "STIX lock: 1 object(s): 1 changed"


def test_changing_one_indicator_moves_one_misp_attribute_and_its_event(
    locked: tuple[Path, dict[str, bytes]],
) -> None:
    root, before = locked
    after = emit_all(fixture.variant(change=3), root)
    [event_file] = [
        k for k in before if k.startswith("misp/") and k.endswith(".json") and "manifest" not in k
    ]
    old = json.loads(before[event_file])["Event"]
    new = json.loads(after[event_file])["Event"]
    old_attrs = {a["uuid"]: a for a in old["Attribute"]}
    new_attrs = {a["uuid"]: a for a in new["Attribute"]}
    assert old_attrs.keys() == new_attrs.keys()
    moved = {k for k in old_attrs if old_attrs[k] != new_attrs[k]}
    assert [new_attrs[k]["value"] for k in moved] == [IP]
    assert int(new["timestamp"]) > int(old["timestamp"])
    assert int(new["timestamp"]) >= max(int(a["timestamp"]) for a in new["Attribute"])


def test_removing_one_indicator_publishes_it_revoked(locked: tuple[Path, dict[str, bytes]]) -> None:
    root, before = locked
    after = emit_all(fixture.variant(remove=3), root)
    old, new = objects(before), objects(after)
    ind = _by_pattern(new, IP_PATTERN)
    assert ind["revoked"] is True and ind["modified"] == CHANGED_AT
    rels = {k for k, o in new.items() if o.get("source_ref") == ind["id"]}
    assert rels and all(new[k]["revoked"] for k in rels)
    reports = {k for k, o in new.items() if o["type"] == "report"}
    ip_sco = {k for k, o in old.items() if o.get("value") == IP}
    # exactly: the indicator, its relationships and the report change; its observable leaves
    assert _differ(old, new) == {ind["id"], *rels, *reports, *ip_sco}
    assert not ip_sco & new.keys()
    assert findings(after["stix/all.json"]) == []
    assert [d.location.pointer for d in stale_locks(fixture.variant(remove=3), build_context(root))].count(
        f"/objects/{ind['id']}"
    ) == 1


def test_the_lock_remembers_a_removed_indicator(locked: tuple[Path, dict[str, bytes]]) -> None:
    root, _ = locked
    smaller = fixture.variant(remove=3)
    first = emit_all(smaller, root)
    _lock(smaller, root)
    assert stale_locks(smaller, build_context(root)) == []
    later_build = emit_all(smaller, root, as_of="2025-01-01")
    assert later_build == first  # still published revoked, with the same version
    assert _by_pattern(objects(later_build), IP_PATTERN)["revoked"] is True


def test_removing_one_indicator_deletes_its_misp_attribute(locked: tuple[Path, dict[str, bytes]]) -> None:
    root, before = locked
    after = emit_all(fixture.variant(remove=3), root)
    [event_file] = [k for k in after if k.startswith("misp/") and k.endswith(".json") and "manifest" not in k]
    attrs = {a["value"]: a for a in json.loads(after[event_file])["Event"]["Attribute"]}
    assert attrs[IP]["deleted"] is True and attrs[IP]["to_ids"] is False
    assert IP.encode() not in b"".join(v for k, v in after.items() if k == "misp/hashes.csv")
    assert before["misp/hashes.csv"] != after["misp/hashes.csv"]


def test_withdrawing_an_indicator_revokes_it_at_the_withdrawal_date(
    locked: tuple[Path, dict[str, bytes]],
) -> None:
    root, _ = locked
    new = objects(emit_all(fixture.variant(withdraw=3), root))
    ind = _by_pattern(new, IP_PATTERN)
    assert ind["revoked"] is True and ind["modified"] == "2024-04-01T00:00:00.000Z"


def test_a_revoked_indicator_cannot_come_back(locked: tuple[Path, dict[str, bytes]]) -> None:
    root, _ = locked
    smaller = fixture.variant(remove=3)
    _lock(smaller, root)
    emission = emit(fixture.corpus(), build_context(root, as_of="2024-05-01"))
    assert [n.code for n in emission.notes if n.code == "IOC502"] == ["IOC502"]
    bundle = {a.path: a.data for a in emission.artifacts}["stix/all.json"]
    assert _by_pattern({o["id"]: o for o in json.loads(bundle)["objects"]}, IP_PATTERN)["revoked"] is True


def test_a_missing_or_broken_lock_is_reported(tmp_path: Path) -> None:
    stale = stale_locks(fixture.corpus(), build_context(tmp_path))
    assert sorted((d.code, d.location.path) for d in stale) == [
        ("IOC501", "locks/misp.lock.json"),
        ("IOC501", "locks/stix.lock.json"),
        ("IOC501", "locks/suricata.lock.json"),
    ]
    (tmp_path / "locks").mkdir()
    (tmp_path / "locks" / "stix.lock.json").write_text("{not json")
    assert {d.code for d in stale_locks(fixture.corpus(), build_context(tmp_path))} >= {"IOC504"}
    emission = emit(fixture.corpus(), build_context(tmp_path, as_of=AS_OF))
    assert [n.code for n in emission.notes] == ["IOC504"] and emission.artifacts == ()


def test_later_is_one_tick() -> None:
    assert later("2024-03-31T23:59:59.999Z") == "2024-04-01T00:00:00.000Z"
    assert later("2024-02-28T23:59:59.500Z", seconds=True) == "2024-02-29T00:00:00.000Z"
    assert later("2024-03-01T00:00:00.000Z", seconds=True) == "2024-03-01T00:00:01.000Z"
    assert timestamp("2021-03-05T10:07:29.0421232Z") == "2021-03-05T10:07:29.042Z"


def test_lock_verb_writes_checks_and_reports_stale_locks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_corpus(tmp_path)
    assert main(["lock", "--root", str(root)]) == 0
    assert (root / "locks" / "stix.lock.json").is_file() and (root / "locks" / "misp.lock.json").is_file()
    assert main(["lock", "--root", str(root), "--check"]) == 0
    set_file = root / "indicators" / "test-advisory-2024" / "test-set.yaml"
    set_file.write_text(set_file.read_text().replace("value: 203.0.113.7", "value: 203.0.113.8"))
    capsys.readouterr()
    assert main(["lock", "--root", str(root), "--check"]) == 1
    assert "IOC501" in capsys.readouterr().err
    assert main(["lock", "--root", str(root)]) == 0
    assert main(["lock", "--root", str(root), "--check"]) == 0


def test_the_committed_locks_match_the_real_content() -> None:
    """CI gate: a change to advisories/ or indicators/ must come with `iocc lock` and the updated locks/."""
    from compiler.pipeline import load_corpus
    from tests.corpus_fixtures import REPO

    stale = stale_locks(load_corpus(REPO), build_context(REPO))
    shown = [f"{d.location.path}{d.location.pointer}: {d.message}" for d in stale]
    assert not shown, "the locks are stale; run `iocc lock` and commit locks/:\n" + "\n".join(shown)
