"""What a change to the corpus changes in every output: ids added, changed and removed, per advisory.

Both revisions are built with the same (current) compiler: each revision's corpus files (and its
locks/ and config/) are taken from git into a temporary folder, loaded, and run through every
registered emitter, and the site's pages are made from the result (without running mkdocs). Each
artifact is read into ids with a content digest: STIX objects by id, MISP attributes by uuid, YARA rules
by name, Suricata rules by sid, Sigma rules by id, other files by path; each site page by its path in
the docs tree. Which advisory a change belongs to is what the emitter said (Artifact.advisory), never a
guess. The corpus itself is compared too, as the output `indicators` (set/type:value). Everything is
computed for one TLP level (TLP:CLEAR unless asked): both sides are builds at that level, so a report
never names what the level leaves out. Nothing here reads the clock: the same two revisions always give
the same report.
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from compiler.corpus.asof import reference_date
from compiler.corpus.model import Corpus
from compiler.corpus.view import published
from compiler.corpus.vocab import Tlp
from compiler.outputs.artifact import Artifact, BuildContext
from compiler.outputs.context import build_context
from compiler.outputs.registry import emitters
from compiler.site.generate import DocsTree
from compiler.validate.run import load_corpus

CORPUS_PATHS = (
    "advisories",
    "indicators",
    "products",
    "evidence",
    "schemas",
    "config",
    "locks",
    "site",
    "mkdocs.yml",
)
ALL = "(all)"  # artifacts that belong to no single advisory
SITE = "site"  # the output name of the site's pages
Items = dict[str, str]  # id -> digest
Snapshot = dict[str, dict[str, Items]]  # output -> advisory -> items


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _json_items(data: Any) -> Iterator[tuple[str, bytes]]:
    if isinstance(data, dict) and isinstance(data.get("objects"), list):  # a STIX bundle
        for obj in data["objects"]:
            if isinstance(obj, dict) and "id" in obj:
                yield str(obj["id"]), orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
        return
    event = data.get("Event") if isinstance(data, dict) else None
    if isinstance(event, dict):  # a MISP event
        attributes = list(event.get("Attribute", []))
        for obj in event.get("Object", []):
            attributes.extend(obj.get("Attribute", []))
        for attr in attributes:
            yield f"attribute {attr.get('uuid')}", orjson.dumps(attr, option=orjson.OPT_SORT_KEYS)
        rest = {k: v for k, v in event.items() if k not in ("Attribute", "Object")}
        yield f"event {event.get('uuid')}", orjson.dumps(rest, option=orjson.OPT_SORT_KEYS)


_YARA_RULE = re.compile(r"^(?:(?:private|global)\s+)*rule\s+(\w+)", re.M)
_SID = re.compile(r"\bsid\s*:\s*(\d+)\s*;")
_SIGMA_ID = re.compile(r"^id:\s*(\S+)", re.M)


def items_of(artifact: Artifact) -> Iterator[tuple[str, str]]:
    """The ids an artifact holds, each with a digest of its content."""
    path, data = artifact.path, artifact.data
    if path.endswith(".json"):
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            parsed = None
        found = list(_json_items(parsed))
        if found:
            yield from ((i, _digest(b)) for i, b in found)
            return
    text = data.decode("utf-8", errors="replace")
    if path.endswith((".yar", ".yara")):
        starts = [(m.start(), m.group(1)) for m in _YARA_RULE.finditer(text)]
        for n, (start, name) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else len(text)
            yield f"rule {name}", _digest(text[start:end].encode())
        return
    if path.endswith(".rules"):
        for line in text.splitlines():
            m = _SID.search(line)
            if m and not line.lstrip().startswith("#"):
                yield f"sid {m.group(1)}", _digest(line.encode())
        return
    if path.endswith((".yml", ".yaml")) and (m := _SIGMA_ID.search(text)):
        yield f"sigma {m.group(1)}", _digest(data)
        return
    yield path, _digest(data)


def snapshot(corpus: Corpus, ctx: BuildContext, only: tuple[str, ...] = ()) -> Snapshot:
    """Run the emitters (all, or those in `only`) over what a build publishes and take their snapshot,
    the site's pages included (unless `only` leaves out `site`)."""
    corpus = published(corpus, include_drafts=ctx.preview)
    outputs = {
        name: emit(corpus, ctx).artifacts
        for name, emit in sorted(emitters().items())
        if not only or name in only
    }
    tree = None
    if not only or SITE in only:
        from compiler.site.build import docs_tree

        tree = docs_tree(corpus, ctx, [a for found in outputs.values() for a in found])
    return snapshot_of(corpus, outputs, ctx.tlp, tree)


def snapshot_of(
    corpus: Corpus,
    outputs: Mapping[str, Sequence[Artifact]],
    tlp: Tlp = Tlp.CLEAR,
    site: DocsTree | None = None,
) -> Snapshot:
    """The snapshot of artifacts already emitted, by emitter name (a build reuses its own), and of the
    site's pages; `corpus` is what the build published (compiler.corpus.view), `tlp` its level: the corpus
    side (`indicators`) holds only the sets and advisories that level allows, as the outputs do.

    Each artifact's items go to the advisory it belongs to (Artifact.advisory). A corpus-wide file's items
    go to ALL, apart from those the advisories' own files of the same output hold already (stix/all.json
    repeats the bundles of the advisories). A page goes to the advisory it was made for (DocsTree.owners)."""
    out: Snapshot = {"indicators": _indicator_items(corpus, tlp)}
    for name, artifacts in sorted(outputs.items()):
        out[name] = _output_items(artifacts, tlp)
    if site is not None:
        pages: dict[str, Items] = {}
        for path in site.files:
            pages.setdefault(site.owners.get(path, ALL), {})[path] = _digest(site.page(path))
        out[SITE] = pages
    return out


def _indicator_items(corpus: Corpus, tlp: Tlp) -> dict[str, Items]:
    """Per advisory, a digest of each indicator of the sets a build at `tlp` publishes."""
    found: dict[str, Items] = {}
    for adv in corpus.advisories:
        if not tlp.allows(adv.tlp):
            continue
        for s in corpus.sets_of(adv.id):
            if not tlp.allows(s.tlp):
                continue
            items = found.setdefault(adv.id, {})
            for ind in s.indicators:
                key = f"{s.id}/{ind.name}" if ind.is_rule else f"{s.id}/{ind.type}:{ind.value}"
                content = repr((ind.confidence, ind.valid_from, ind.valid_until, ind.description, ind.first_seen,
                                ind.tags, ind.withdrawn, ind.false_positive_override, ind.value))  # fmt: skip
                items[key] = _digest(content.encode())
    return found


def _output_items(artifacts: Sequence[Artifact], tlp: Tlp) -> dict[str, Items]:
    """One output's items per advisory; a corpus-wide file's items go to ALL unless an advisory's own file
    holds them already."""
    per: dict[str, Items] = {}
    shared: list[Artifact] = []
    for artifact in artifacts:
        if not tlp.allows(artifact.tlp):
            continue  # a build at `tlp` never makes one; should it, its content stays out of the report
        if artifact.advisory is None:
            shared.append(artifact)
            continue
        per.setdefault(artifact.advisory, {}).update(items_of(artifact))
    held = {item for items in per.values() for item in items}
    for artifact in shared:
        found = {item: digest for item, digest in items_of(artifact) if item not in held}
        if found:
            per.setdefault(ALL, {}).update(found)
    return per


def checkout(repo: Path, rev: str, dest: Path) -> Path:
    """The corpus files of revision `rev` (only those of CORPUS_PATHS it has) under `dest`."""
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "--name-only", rev], capture_output=True, text=True, check=True
    ).stdout.split()
    paths = [p for p in CORPUS_PATHS if p in listing]
    dest.mkdir(parents=True, exist_ok=True)
    if paths:
        archive = subprocess.run(
            ["git", "-C", str(repo), "archive", rev, "--", *paths], capture_output=True, check=True
        )
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")
    return dest


def build_snapshot(
    root: Path, as_of: str | None = None, only: tuple[str, ...] = (), tlp: Tlp = Tlp.CLEAR
) -> Snapshot:
    """The snapshot of a public build at `tlp` of the corpus under `root`."""
    if not any((root / d).is_dir() for d in ("advisories", "indicators")):
        return {}
    corpus = load_corpus(root)
    proven = published(corpus) if not only or "coverage" in only else None
    ctx = build_context(root, tlp=tlp, as_of=reference_date(corpus, as_of), proven=proven)
    return snapshot(corpus, ctx, only)


def revision_snapshot(
    repo: Path, rev: str | None, as_of: str | None = None, only: tuple[str, ...] = (), tlp: Tlp = Tlp.CLEAR
) -> Snapshot:
    """A revision's snapshot at `tlp`; `rev` None is the working tree, "" an empty corpus."""
    if rev is None:
        return build_snapshot(repo, as_of, only, tlp)
    if rev == "":
        return {}
    with tempfile.TemporaryDirectory(prefix="iocc-diff-") as tmp:
        return build_snapshot(checkout(repo, rev, Path(tmp)), as_of, only, tlp)


@dataclass(frozen=True, slots=True, kw_only=True)
class Changes:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    base: str
    head: str
    changes: dict[str, dict[str, Changes]] = field(default_factory=dict)  # advisory -> output -> changes

    def totals(self) -> tuple[int, int, int]:
        flat = [c for per in self.changes.values() for c in per.values()]
        return (
            sum(len(c.added) for c in flat),
            sum(len(c.changed) for c in flat),
            sum(len(c.removed) for c in flat),
        )


def compare(old: Snapshot, new: Snapshot, *, base: str, head: str) -> Report:
    changes: dict[str, dict[str, Changes]] = {}
    for output in sorted({*old, *new}):
        for adv in sorted({*old.get(output, {}), *new.get(output, {})}):
            a, b = old.get(output, {}).get(adv, {}), new.get(output, {}).get(adv, {})
            c = Changes(
                added=tuple(sorted(set(b) - set(a))),
                changed=tuple(sorted(k for k in set(a) & set(b) if a[k] != b[k])),
                removed=tuple(sorted(set(a) - set(b))),
            )
            if not c.empty:
                changes.setdefault(adv, {})[output] = c
    return Report(base=base, head=head, changes=changes)
