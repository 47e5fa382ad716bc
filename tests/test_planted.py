"""A HAFNIUM intrusion planted into a generated collection of three servers (tests/planted.py): the scan
reports each planted item on its server, nothing else, and nothing on the clean server."""

from __future__ import annotations

from pathlib import Path

from compiler.pipeline import load_corpus
from compiler.scan.run import scan
from tests.planted import generate
from tests.scan_support import REPO, iocc

SERVERS = {"EXCH01": set[str](), "EXCH02": {"logs"}, "EXCH03": {"files"}}
KINDS = {"web shell file", "IIS probe", "IIS web shell call", "HttpProxy ServerInfo row",
         "ECP Set-OabVirtualDirectory", "w3wp starts cmd", "LSASS dump file"}  # fmt: skip


def test_each_planted_item_is_found_on_its_server_and_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "collection"
    planted = generate(root, SERVERS)
    assert {p.what for p in planted} == KINDS, "the baseline lacks a log the intrusion is planted into"
    result = scan(load_corpus(REPO), REPO, [root])
    assert result.servers == tuple(sorted(SERVERS))
    prefix = root.as_posix() + "/"
    spots = {(f.server, f.file.removeprefix(prefix), f.line) for f in result.findings}
    missed = [p for p in planted if (p.server, p.file, p.line) not in spots]
    assert not missed, missed
    wanted = {(p.server, p.file, p.line) for p in planted}
    extra = sorted(spots - wanted)
    assert not extra, extra
    assert not [f for f in result.findings if f.server == "EXCH01"]


def test_the_clean_server_alone_exits_zero_and_the_others_one(tmp_path: Path) -> None:
    root = tmp_path / "collection"
    generate(root, SERVERS, rows=50)
    clean = iocc("scan", str(root / "EXCH01"))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert iocc("scan", str(root / "EXCH03")).returncode == 1
