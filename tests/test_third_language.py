"""A third language is data: config/languages.yaml, a catalog in the repository's locale/, the texts in the
YAML, the site's pages and its mkdocs.yml entry. No file under compiler/ changes.

The site fixture corpus is copied with the repository's mkdocs.yml and site/; every text of its
YAML gets a French text (the English one with a marker), the English catalog is copied as the French one
(every message with the marker), and the build must write French mails, a French CSAF translation and
French pages, while the German and English outputs stay byte for byte what they are without French.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po

from compiler.authoring.fmt import dump_rt, load_rt
from compiler.outputs.csaf.schema import schema_errors
from compiler.pipeline import check
from compiler.pipeline.build import BuildOptions, BuildResult, build
from tests.site_support import DEMO, FIXTURE, ROOT

MARK = "FR "  # what makes a French text of this test recognisable
FOLDERS = ("advisories", "indicators", "products")


def _frenchify(node: Any) -> int:
    """Give every {de, en} text map of a round-trip tree a French text; the number of texts changed."""
    changed = 0
    if isinstance(node, dict):
        if set(node) == {"de", "en"} and all(isinstance(v, str) for v in node.values()):
            node["fr"] = MARK + node["en"]
            return 1
        for value in node.values():
            changed += _frenchify(value)
    elif isinstance(node, list):
        for item in node:
            changed += _frenchify(item)
    return changed


def _french_catalog(target: Path) -> None:
    """The English catalog with every message marked, as the repository's French catalog."""
    with (ROOT / "compiler/locale/en/LC_MESSAGES/iocc.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    for message in catalog:
        if message.id and isinstance(message.string, str):
            message.string = MARK + message.string
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, catalog, width=0)


def _corpus(root: Path, *, french: bool) -> Path:
    for folder in FOLDERS:
        shutil.copytree(FIXTURE / folder, root / folder)
    shutil.copytree(ROOT / "site", root / "site")
    (root / "config").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if not french:
        return root
    (root / "config/languages.yaml").write_text("languages: [de, en, fr]\n", encoding="utf-8")
    texts = 0
    for path in sorted(p for folder in FOLDERS for p in (root / folder).rglob("*.yaml")):
        tree = load_rt(path.read_text(encoding="utf-8"))
        texts += _frenchify(tree)
        path.write_text(dump_rt(tree), encoding="utf-8")
    assert texts > 20
    _french_catalog(root / "locale/fr/LC_MESSAGES/iocc.po")
    for page in sorted((root / "site").glob("*.en.md")):  # the hand-written pages: templates, copied
        (root / "site" / page.name.replace(".en.md", ".fr.md")).write_text(
            page.read_text(encoding="utf-8"), encoding="utf-8"
        )
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    entry = "        - locale: en\n"
    assert entry in config
    added = "        - locale: fr\n          name: Français\n          build: true\n"
    (root / "mkdocs.yml").write_text(config.replace(entry, added + entry, 1), encoding="utf-8")
    return root


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    package = _tree_digest(ROOT / "compiler")
    out: list[Path] = []
    for french in (False, True):
        tmp = tmp_path_factory.mktemp("fr" if french else "base")
        root = _corpus(tmp / "repo", french=french)
        result: BuildResult = build(root, tmp / "dist", BuildOptions())
        errors = [
            f"{d.location.path}:{d.location.line} {d.code} {d.message}"
            for d in result.findings
            if d.severity.value == "error"
        ]
        assert result.outcome == "built", errors
        out.append(tmp / "dist")
    assert _tree_digest(ROOT / "compiler") == package, "adding a language changed a file under compiler/"
    return out[0], out[1]


def test_french_mails_exist_and_parse_as_mime(builds: tuple[Path, Path]) -> None:
    _, dist = builds
    mails = sorted((dist / "email/fr").glob("*.eml"))
    assert {p.name for p in mails} == {p.name for p in (dist / "email/en").glob("*.eml")} != set()
    for path in mails:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["Content-Language"] == "fr"
        assert str(message["Subject"]).startswith(MARK) or MARK in str(message["Subject"])
        parts = {
            part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()
        }
        assert MARK in parts["text/plain"] and MARK in parts["text/html"]


def test_the_french_csaf_translation_is_schema_valid(builds: tuple[Path, Path]) -> None:
    _, dist = builds
    found = sorted(dist.glob(f"csaf/**/{DEMO}-fr.json"))
    assert len(found) == 1
    doc = json.loads(found[0].read_bytes())
    assert schema_errors(doc) == []
    assert doc["document"]["lang"] == "fr" and doc["document"]["source_lang"] == "en"
    assert doc["document"]["tracking"]["id"] == f"{DEMO}-fr"
    assert doc["document"]["title"].startswith(MARK)


def test_french_pages_carry_the_french_text(builds: tuple[Path, Path]) -> None:
    _, dist = builds
    page = (dist / f"site/fr/advisories/{DEMO}/index.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in page
    assert MARK in page
    assert (dist / "site/fr/index.html").is_file() and (dist / "site/fr/downloads/index.html").is_file()


def _without_french(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_french(v) for k, v in node.items() if k != "fr"}
    if isinstance(node, list):
        return [_without_french(v) for v in node]
    return node


# Files that list every language's files or carry every language's texts: they gain the French ones.
LISTS_EVERY_LANGUAGE = ("changes.json", "csaf/white/changes.csv", "csaf/white/index.txt", "patch/")


def test_german_and_english_outputs_are_unchanged(builds: tuple[Path, Path]) -> None:
    base, french = builds
    before, after = _tree_digest(base), _tree_digest(french)
    outside = [p for p in before if not p.startswith(("site/", "SHA256SUMS"))]
    changed = sorted(p for p in outside if after.get(p) != before[p])
    assert changed and all(p.startswith(LISTS_EVERY_LANGUAGE) for p in changed), changed
    for path in (p for p in changed if p.startswith("patch/")):  # the patch table: the same, plus French
        old, new = (json.loads((dist / path).read_bytes()) for dist in (base, french))
        assert _without_french(new) == old, path
    for lang in ("de", "en"):  # every German and English file is there, and the same
        mine = sorted(p for p in before if p.startswith((f"email/{lang}/", "coverage/", "csaf/")))
        assert all(before[p] == after[p] for p in mine if p not in changed)
        site = sorted(p for p in before if p.startswith("site/") and p.endswith(".html"))
        assert {p for p in after if p.startswith("site/") and p.endswith(".html")} >= set(site)
    assert {p.replace("/en/", "/fr/") for p in before if p.startswith("email/en/")} == {
        p for p in after if p.startswith("email/fr/")
    }
    assert {p.replace(".en.md", ".fr.md") for p in before if p.startswith("coverage/") and ".en." in p} == {
        p for p in after if p.startswith("coverage/") and ".fr." in p
    }


def test_a_language_without_a_catalog_is_located(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "repo", french=False)
    (root / "config/languages.yaml").write_text("languages:\n  - de\n  - en\n  - xx\n", encoding="utf-8")
    found = [d for d in check(root).diagnostics if d.code == "IOC013"]
    assert [(d.location.path, d.location.line) for d in found] == [("config/languages.yaml", 4)]
    assert "xx" in found[0].message


def test_a_linked_catalog_is_not_followed(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "repo", french=False)
    (root / "config/languages.yaml").write_text("languages: [de, en, fr]\n", encoding="utf-8")
    outside = tmp_path / "iocc.po"
    _french_catalog(outside)
    (root / "locale/fr/LC_MESSAGES").mkdir(parents=True)
    (root / "locale/fr/LC_MESSAGES/iocc.po").symlink_to(outside)
    found = [d for d in check(root).diagnostics if d.code == "IOC013"]
    assert [(d.location.path, d.location.line) for d in found] == [("config/languages.yaml", 1)]
    assert "'fr'" in found[0].message
