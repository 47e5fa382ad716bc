"""TAXII 2.1 publishing against medallion (the OASIS TAXII server, memory backend) on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from taxii2client.v21 import Collection, as_pages

from compiler.cli import main
from compiler.corpus.vocab import Tlp
from compiler.outputs.stix.taxii import envelopes, publish
from tests.fixtures.stix import corpus as fixture
from tests.fixtures.stix.checks import emit_all
from tests.tools import missing

COLLECTION = "365fed99-08fa-fdcd-a1b3-fb247eb41d01"
USER, PASSWORD = "iocc", "s3cret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        import medallion  # noqa: F401
    except ImportError:
        missing("medallion is not installed")
    folder = tmp_path_factory.mktemp("medallion")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    data = {
        "/discovery": {
            "title": "test",
            "description": "test",
            "contact": "test",
            "default": f"{base}/api1/",
            "api_roots": [f"{base}/api1/"],
        },
        "api1": {
            "information": {
                "title": "test",
                "description": "test",
                "versions": ["application/taxii+json;version=2.1"],
                "max_content_length": 20000,  # small, so publishing must split the bundle into envelopes
            },
            "status": [],
            "collections": [
                {
                    "id": COLLECTION,
                    "title": "iocc",
                    "description": "test",
                    "can_read": True,
                    "can_write": True,
                    "media_types": ["application/stix+json;version=2.1"],
                    "objects": [],
                    "manifest": [],
                }
            ],
        },
    }
    (folder / "data.json").write_text(json.dumps(data))
    config = {
        "backend": {
            "module": "medallion.backends.memory_backend",
            "module_class": "MemoryBackend",
            "filename": str(folder / "data.json"),
        },
        "users": {USER: PASSWORD},
        "taxii": {"max_page_size": 25},
    }
    (folder / "config.json").write_text(json.dumps(config))
    log = (folder / "medallion.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "medallion.scripts.run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            str(folder / "config.json"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/taxii2/", auth=(USER, PASSWORD), timeout=2)
                break
            except requests.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("medallion did not start: " + (folder / "medallion.log").read_text())
                time.sleep(0.2)
        yield f"{base}/api1/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def _read_back(api_root: str) -> dict[str, dict[str, Any]]:
    collection = Collection(f"{api_root}collections/{COLLECTION}/", user=USER, password=PASSWORD)
    found: dict[str, dict[str, Any]] = {}
    pages = 0
    for page in as_pages(collection.get_objects, per_request=25):
        pages += 1
        for obj in page.get("objects", []):
            found[obj["id"]] = obj
    assert pages > 1  # the read really went through paging
    return found


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    files = emit_all(fixture.corpus(), tmp_path_factory.mktemp("nolock"), Tlp.CLEAR)
    return dict(json.loads(files["stix/all.json"]))


def test_push_and_read_back_every_object(server: str, bundle: dict[str, Any]) -> None:
    objects = bundle["objects"]
    assert len(list(envelopes(objects, 20000))) > 1
    result = publish(server, COLLECTION, objects, user=USER, password=PASSWORD)
    assert result.ok and result.succeeded == len(objects) == result.sent
    assert _read_back(server) == {o["id"]: o for o in objects}
    # the same versions again: nothing to send when the manifest says the server has them
    again = publish(server, COLLECTION, objects, user=USER, password=PASSWORD, skip_present=True)
    assert (again.sent, again.skipped, again.ok) == (0, len(objects), True)


def test_publish_verb_reports_status_and_refuses_restricted_bundles(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOCC_TAXII_USER", USER)
    monkeypatch.setenv("IOCC_TAXII_PASSWORD", PASSWORD)
    amber = emit_all(fixture.corpus(), tmp_path / "nolock", Tlp.AMBER)["stix/all.json"]
    path = tmp_path / "amber.json"
    path.write_bytes(amber)
    args = [
        "publish",
        "--root",
        str(tmp_path),
        "--taxii",
        server,
        "--collection",
        COLLECTION,
        "--bundle",
        str(path),
    ]
    assert main(args) == 1
    assert "refused" in capsys.readouterr().err
    assert main([*args, "--tlp", "amber", "--skip-present"]) == 0
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert " 0 failed, 0 pending" in summary and "already present" in summary
    ids = {o["id"] for o in json.loads(amber)["objects"]}
    assert ids <= set(_read_back(server))
    monkeypatch.setenv("IOCC_TAXII_PASSWORD", "wrong")
    assert main([*args, "--tlp", "amber"]) == 1
    assert "401" in capsys.readouterr().err
