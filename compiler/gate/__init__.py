"""The false-positive gate: known-good values never ship as indicators.

Lists: the MISP warninglists bundled with pymispwarninglists (cloud and CDN ranges, top domains,
public DNS resolvers, RFC 1918 and other special ranges, empty-file and benign-file hashes...) and
our own list of legitimate Exchange files (config/exchange-legitimate-files.yaml). The policy,
config/gate.yaml, sets each list to `block`, `warn` or `off`; lists it does not name take its
`default`. A corpus without config/gate.yaml (e.g. a throw-away test corpus) consults only our own
list; the repository ships the policy, so its corpus always passes through the whole gate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from compiler.corpus.kinds import atomic_kind
from compiler.corpus.load import Document, LoadError, compose, read_text, to_data
from compiler.corpus.model import Corpus
from compiler.diagnostics import Diagnostic, diagnostic
from compiler.gate import exchange, lists
from compiler.gate.index import TypeIndex

POLICY_FILE: Final = Path("config") / "gate.yaml"
ACTIONS: Final = ("block", "warn", "off")


@dataclass(frozen=True, slots=True)
class Hit:
    slug: str
    name: str
    action: str  # block or warn


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    default: str
    actions: dict[str, str]  # slug -> action, for the lists the file names
    problems: tuple[Diagnostic, ...] = ()

    def action(self, slug: str) -> str:
        return self.actions.get(slug, self.default)


def load_policy(root: Path) -> Policy:
    """config/gate.yaml, checked: unknown lists and actions are reported (IOC405) and ignored."""
    path = root / POLICY_FILE
    rel = POLICY_FILE.as_posix()
    if not path.is_file():
        return Policy(default="off", actions={exchange.SLUG: "block"})
    try:
        node = compose(read_text(path, rel), rel)
        data = to_data(node, rel)
    except LoadError as exc:
        return Policy(default="off", actions={exchange.SLUG: "block"}, problems=(exc.diagnostic,))
    doc = Document(path=rel, kind="advisory", data=data, root=node, text="")
    problems: list[Diagnostic] = []
    data = data if isinstance(data, dict) else {}
    default = data.get("default", "warn")
    if default not in ACTIONS:
        problems.append(
            diagnostic("IOC405", doc.locate("/default"), f"default {default!r} is not one of {ACTIONS}")
        )
        default = "warn"
    known = {*lists.available(), exchange.SLUG}
    actions: dict[str, str] = {}
    for slug, action in (data.get("lists") or {}).items():
        where = doc.locate(f"/lists/{slug}", key=True)
        if slug not in known:
            problems.append(
                diagnostic("IOC405", where, f"no list is named {slug!r}", hint=_close(slug, known))
            )
        elif action not in ACTIONS:
            problems.append(diagnostic("IOC405", where, f"{slug}: action {action!r} is not one of {ACTIONS}"))
        else:
            actions[slug] = action
    return Policy(default=default, actions=actions, problems=tuple(problems))


def _close(slug: str, known: set[str]) -> str | None:
    import difflib

    near = difflib.get_close_matches(slug, sorted(known), n=1)
    return f"did you mean {near[0]!r}?" if near else None


class Gate:
    """Looks values up in every list the policy does not switch off, loading each list once."""

    def __init__(self, root: Path, policy: Policy) -> None:
        self.policy = policy
        self.problems = policy.problems
        try:
            self.own = exchange.load(root.resolve())
        except LoadError as exc:  # unreadable, or a link: reported, and the list is not used
            self.own = None
            self.problems = (*policy.problems, exc.diagnostic)
        self._by_type: dict[str, TypeIndex] = {}

    def _index(self, kind: str) -> TypeIndex:
        if kind not in self._by_type:
            slugs = tuple(
                s for s in lists.available() if self.policy.action(s) != "off" and kind in lists.meta(s).types
            )
            self._by_type[kind] = _type_index(kind, slugs)
        return self._by_type[kind]

    def hits(self, kind: str, value: str) -> tuple[Hit, ...]:
        """The lists a canonical value is on, by list; a URL is also looked up by its host."""
        found: dict[str, Hit] = {}
        for sub_kind, sub_value in _lookups(kind, value):
            for slug in self._index(sub_kind).lookup(sub_kind, sub_value):
                found[slug] = Hit(slug, lists.meta(slug).name, self.policy.action(slug))
        own = self.own
        applies = own is not None and own.slug in _declared_lists(kind)
        if own is not None and applies and self.policy.action(own.slug) != "off" and own.matches(kind, value):
            found[own.slug] = Hit(own.slug, own.name, self.policy.action(own.slug))
        return tuple(sorted(found.values(), key=lambda h: h.slug))


@cache
def _type_index(kind: str, slugs: tuple[str, ...]) -> TypeIndex:
    """Built once per process for each type and set of lists (tests check many corpora)."""
    return TypeIndex(lists.load(s) for s in slugs)


def _declared_lists(kind: str) -> tuple[str, ...]:
    declared = atomic_kind(kind)
    return declared.gate.lists if declared is not None else ()


def _lookups(kind: str, value: str) -> Iterable[tuple[str, str]]:
    yield kind, value
    declared = atomic_kind(kind)
    if declared is not None and declared.gate.host:
        host = urlsplit(value).hostname or ""
        if host:
            yield ("ipv4" if host.replace(".", "").isdigit() else "domain"), host.strip("[]")


def gate_for(root: Path) -> Gate:
    return Gate(root, load_policy(root))


def describe(hits: Iterable[Hit]) -> str:
    """`slug (name)` for one list, the slugs for several (names: config/gate.yaml, the MISP lists)."""
    found = list(hits)
    if len(found) == 1:
        return f"{found[0].slug} ({found[0].name})"
    return ", ".join(h.slug for h in found)


def override_lists(ind: Any) -> tuple[set[str], str]:
    """The lists an indicator's false_positive_override names, and its reason."""
    fpo = ind.get("false_positive_override") if isinstance(ind, dict) else None
    if not isinstance(fpo, dict):
        return set(), ""
    return {str(x) for x in fpo.get("lists", [])}, str(fpo.get("reason", ""))


@dataclass(frozen=True, slots=True, kw_only=True)
class Override:
    """One reviewed exception to the gate, for the build report."""

    set_id: str
    type: str
    value: str
    lists: tuple[str, ...]
    reason: str


def overrides(corpus: Corpus) -> tuple[Override, ...]:
    """Every false_positive_override in the corpus, sorted by set and value: the build report lists them."""
    found = [
        Override(
            set_id=s.id,
            type=ind.type,
            value=ind.value,
            lists=tuple(ind.false_positive_override.lists),
            reason=ind.false_positive_override.reason,
        )
        for s in corpus.sets
        for ind in s.indicators
        if ind.false_positive_override is not None
    ]
    return tuple(sorted(found, key=lambda o: (o.set_id, o.type, o.value)))
