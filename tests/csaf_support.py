"""Shared by the CSAF tests: the emitted files of the real content (what a public build publishes) and of
the synthetic advisory, and
mutations of a valid document that each break one mandatory test."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from typing import Any

from compiler.corpus.model import Corpus
from compiler.corpus.view import published
from compiler.outputs.context import build_context
from compiler.outputs.csaf.emit import emit
from compiler.pipeline import load_corpus
from tests.corpus_fixtures import REPO
from tests.patch_support import advisory


@functools.cache
def real_files() -> dict[str, bytes]:
    emission = emit(published(load_corpus(REPO)), build_context(REPO))
    assert not emission.notes, [n.message for n in emission.notes]
    return {a.path: a.data for a in emission.artifacts}


@functools.cache
def synthetic_files() -> dict[str, bytes]:
    emission = emit(Corpus(advisories=(advisory(),), sets=()), build_context(REPO))
    assert not emission.notes, [n.message for n in emission.notes]
    return {a.path: a.data for a in emission.artifacts}


def golden_outputs() -> dict[str, bytes]:
    """The CSAF golden files: the synthetic advisory's whole provider folder."""
    return {path.removeprefix("csaf/"): data for path, data in synthetic_files().items()}


def documents(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    return {
        p: json.loads(d)
        for p, d in files.items()
        if p.endswith(".json") and not p.endswith("provider-metadata.json")
    }


def _set(path: list[str | int], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return apply


def _call(fn: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        fn(doc)

    return apply


V0: list[str | int] = ["vulnerabilities", 0]
TRACK: list[str | int] = ["document", "tracking"]
# test id -> mutation of the English synthetic document that breaks exactly that test
MUTATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "6.1.1": _call(lambda d: d["vulnerabilities"][0]["product_status"]["known_affected"].append("nowhere")),
    "6.1.2": _call(
        lambda d: d["product_tree"]["branches"][0]["branches"][1]["branches"][1]["product"].update(
            product_id=d["product_tree"]["branches"][0]["branches"][1]["branches"][0]["product"]["product_id"]
        )
    ),
    "6.1.6": _call(
        lambda d: d["vulnerabilities"][0]["product_status"]["fixed"].append(
            d["vulnerabilities"][0]["product_status"]["known_affected"][0]
        )
    ),
    "6.1.9": _set([*V0, "scores", 0, "cvss_v3", "baseScore"], 9.8),
    "6.1.10": _set([*V0, "scores", 0, "cvss_v3", "attackVector"], "LOCAL"),
    "6.1.11": _set([*V0, "cwe", "name"], "Server Side Request Forgery"),
    "6.1.12": _set(["document", "lang"], "english"),
    "6.1.14": _call(
        lambda d: d["document"]["tracking"]["revision_history"][1].update(date="2021-03-01T00:00:00.000Z")
    ),
    "6.1.15": _call(lambda d: d["document"]["publisher"].update(category="translator")),
    "6.1.16": _set([*TRACK, "version"], "2"),
    "6.1.21": _call(
        lambda d: (
            d["document"]["tracking"]["revision_history"][1].update(number="3")
            or d["document"]["tracking"]["revision_history"][2].update(number="4")
            or d["document"]["tracking"].update(version="4")
        )
    ),
    "6.1.22": _call(
        lambda d: d["document"]["tracking"]["revision_history"].append(
            dict(d["document"]["tracking"]["revision_history"][-1])
        )
    ),
    "6.1.23": _call(lambda d: d["vulnerabilities"].append(copy.deepcopy(d["vulnerabilities"][0]))),
    "6.1.27.5": _call(lambda d: d["vulnerabilities"][0].pop("notes")),
    "6.1.27.6": _call(
        lambda d: (
            d["vulnerabilities"][0].pop("product_status")
            and d["vulnerabilities"][0].pop("scores")
            and d["vulnerabilities"][0].pop("remediations")
        )
    ),
    "6.1.28": _call(lambda d: d["document"].update(source_lang="en")),
    "6.1.31": _call(
        lambda d: d["product_tree"]["branches"][0]["branches"][1]["branches"][0].update(
            name="15.0.847.64 and later"
        )
    ),
}


def mutated(doc: dict[str, Any], test: str) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    MUTATIONS[test](out)
    return out
