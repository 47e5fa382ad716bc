"""Verdicts for one build number, per advisory and over all of them, from a patch table
(compiler.products.table). site/assets/javascripts/build-checker.js implements the same rules; a browser
test compares both on many builds.

1. The input is read (compiler.products.builds). Not a build: the name of a product without builds (e.g.
   "Exchange Online") is answered per advisory as listed; anything else is "unknown build".
2. The product line is the one whose prefix is the build's major.minor (the highest `first` at or below the
   build where lines share a prefix). None: "unknown build".
3. The base is the last rtm/sp/cu release at or below the build. It must share the build's third number
   (security and hotfix updates keep it), unless update rollups install on it (Exchange 2010's service
   packs): then it covers everything up to the next base.
4. Per advisory: a product listed as not affected, or not listed at all, or a build older than the first
   affected release: "not affected". Else per CVE that applies to the product: fixed when the build is at or
   above the fix's `included_in` release, or at or above one of its updates on the same base. All fixed:
   "fixed"; else, with a known base, "vulnerable" (saying how many are fixed); without one, "unknown build".
5. The action is the smallest target that closes every open CVE: on the server's own base the highest of
   the lowest fixing update per CVE ("install"); else the first later base where each open CVE is fixed by
   the base itself or an update on it ("upgrade", or "upgrade-install"). Over all advisories the same is
   done for every open CVE together: the minimum build that closes all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from compiler.products.builds import Key, parse, show
from compiler.products.table import FORMAT

Verdict = Literal["vulnerable", "fixed", "not affected", "unknown build"]
Value = str | dict[str, str]
WORST: Final[tuple[Verdict, ...]] = ("vulnerable", "unknown build", "fixed", "not affected")
_SPACE = re.compile(r"[ \t]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    kind: str  # none, check, install, upgrade, upgrade-install, no-fix
    params: dict[str, Value] = field(default_factory=dict, hash=False)
    target: str | None = None  # the build to reach
    kb: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """The verdict of one advisory (or, as `overall`, of all of them) for one build."""

    advisory: str | None  # None: over all advisories
    verdict: Verdict
    reason: str
    params: dict[str, Value] = field(default_factory=dict, hash=False)
    fixed: tuple[str, ...] = ()  # CVEs fixed on this build
    open: tuple[str, ...] = ()  # CVEs still open
    action: Action = Action(kind="none")


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    input: str
    build: str | None = None  # normalised: 15.1.2176.2
    product: str | None = None
    product_name: str | None = None
    release: str | None = None  # the exact release, e.g. Exchange Server 2016 CU19 Apr21SU
    base: str | None = None  # the base release's name, e.g. Exchange Server 2016 CU19
    findings: tuple[Finding, ...] = ()
    overall: Finding = Finding(advisory=None, verdict="unknown build", reason="empty")

    @property
    def verdict(self) -> Verdict:
        return self.overall.verdict

    @property
    def vulnerable(self) -> bool:
        return self.overall.verdict == "vulnerable"


@dataclass(frozen=True, slots=True, kw_only=True)
class Described:
    verdict: str
    reason: str
    action: str


def render(template: str, params: Mapping[str, Value], lang: str) -> str:
    """Fill `{name}` slots in one pass; a value's own braces are never read as slots."""

    def value(match: re.Match[str]) -> str:
        found = params.get(match.group(1), "")
        return found[lang] if isinstance(found, dict) else found

    return re.sub(r"\{([a-z_]+)\}", value, template)


def _norm(name: str) -> str:
    return _SPACE.sub(" ", name.strip(" \t\r\n")).lower()


class _Line:
    """One product line of the table, with its releases indexed."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.id: str = data["id"]
        self.name: str = data["name"]
        self.vendor: str = data["vendor"]
        self.cloud: bool = data["deployment"] == "cloud"
        self.first: Key | None = tuple(data["first"]) if data["first"] else None
        self.releases: list[Mapping[str, Any]] = list(data["releases"])
        self.by_id: dict[str, Mapping[str, Any]] = {r["id"]: r for r in self.releases}
        self.bases: list[Mapping[str, Any]] = [r for r in self.releases if r["kind"] in ("rtm", "sp", "cu")]
        # bases updated by rollups (Exchange 2010's service packs): a rollup moves the third number
        self.rolled: set[str] = {r["base"] for r in self.releases if r["kind"] == "ru"}

    def key(self, release_id: str) -> Key:
        return tuple(self.by_id[release_id]["key"])

    def base_of(self, key: Key) -> Mapping[str, Any] | None:
        below = [b for b in self.bases if tuple(b["key"]) <= key]
        if not below:
            return None
        base = below[-1]
        if base["key"][2] != key[2] and base["id"] not in self.rolled:
            return None
        return base

    def exact(self, key: Key) -> Mapping[str, Any] | None:
        return next((r for r in self.releases if tuple(r["key"]) == key), None)


@dataclass(frozen=True, slots=True)
class _Fix:
    updates: tuple[str, ...]
    included_in: str | None


class Checker:
    """Answers build numbers from one patch table. Build it once; `assess` is cheap."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        if table.get("format") != FORMAT:
            raise ValueError(f"not a patch table of format {FORMAT}: {table.get('format')!r}")
        self.scope: str = table["scope"]
        self.messages: Mapping[str, Mapping[str, str]] = table["messages"]
        self.lines = {p["id"]: _Line(p) for p in table["products"]}
        self.by_prefix: dict[str, list[_Line]] = {}
        for p in table["products"]:
            for prefix in p["prefixes"]:
                self.by_prefix.setdefault(prefix, []).append(self.lines[p["id"]])
        self.names: dict[str, str] = {}
        for line in self.lines.values():
            for name in (line.id, line.name, f"{line.vendor} {line.name}"):
                self.names[_norm(name)] = line.id
        self.advisories: list[Mapping[str, Any]] = list(table["advisories"])
        self.known = ", ".join(f"{prefix} {ls[0].name}" for prefix, ls in sorted(self.by_prefix.items()))

    # -- words -------------------------------------------------------------------------------------------

    def describe(self, finding: Finding, lang: str = "en") -> Described:
        words = self.messages[lang]
        return Described(
            verdict=words[f"verdict.{finding.verdict}"],
            reason=render(words[f"reason.{finding.reason}"], finding.params, lang),
            action=render(words[f"action.{finding.action.kind}"], finding.action.params, lang),
        )

    # -- the rules ---------------------------------------------------------------------------------------

    def assess(self, raw: str) -> Assessment:
        parsed = parse(raw)
        if parsed.kind == "text":
            pid = self.names.get(_norm(parsed.text))
            if pid is not None:
                return self._named(raw, self.lines[pid])
        if parsed.key is None:
            params: dict[str, Value] = {"build": parsed.short}
            reason = "malformed" if parsed.kind == "text" else parsed.kind
            return Assessment(input=raw, overall=_unknown(reason, params))
        key = parsed.key
        build = show(key)
        line = self._line(key)
        if line is None:
            params = {"prefix": f"{key[0]}.{key[1]}", "known": self.known, "build": build}
            return Assessment(input=raw, build=build, overall=_unknown("unknown-product", params))
        base = line.base_of(key)
        exact = line.exact(key)
        findings = tuple(self._advisory(adv, line, key, base) for adv in self.advisories)
        overall = self._overall(findings, line, key, base)
        return Assessment(
            input=raw, build=build, product=line.id, product_name=line.name,
            release=exact["name"] if exact else None, base=base["name"] if base else None,
            findings=findings, overall=overall,
        )  # fmt: skip

    def _line(self, key: Key) -> _Line | None:
        found = [
            ln for ln in self.by_prefix.get(f"{key[0]}.{key[1]}", []) if ln.first is None or ln.first <= key
        ]
        return max(found, key=lambda ln: ln.first or (0, 0, 0, 0), default=None)

    def _named(self, raw: str, line: _Line) -> Assessment:
        """A product named instead of a build: enough where the advisory says it is not affected."""
        reason = "no-build" if line.cloud else "name-only"
        findings = tuple(
            self._listing(adv, line)
            or Finding(advisory=adv["id"], verdict="unknown build", reason=reason, params={"product": line.name},
                       action=Action(kind="check"))
            for adv in self.advisories
        )  # fmt: skip
        worst = min(findings, key=lambda f: WORST.index(f.verdict), default=None)
        overall = (
            Finding(
                advisory=None,
                verdict=worst.verdict,
                reason=worst.reason,
                params=worst.params,
                action=worst.action,
            )
            if worst is not None
            else Finding(
                advisory=None, verdict="not affected", reason="no-advisory", params={"product": line.name}
            )
        )
        return Assessment(
            input=raw, product=line.id, product_name=line.name, findings=findings, overall=overall
        )

    def _listing(self, adv: Mapping[str, Any], line: _Line) -> Finding | None:
        """The verdict that follows from how the advisory lists the product, or None when it is affected."""
        for entry in adv["not_affected"]:
            if entry["product"] == line.id:
                params: dict[str, Value] = {"detail": dict(entry["reason"]), "product": line.name}
                return Finding(
                    advisory=adv["id"], verdict="not affected", reason="not-affected", params=params
                )
        if not any(a["product"] == line.id for a in adv["affected"]):
            return Finding(
                advisory=adv["id"], verdict="not affected", reason="not-listed", params={"product": line.name}
            )
        return None

    def _advisory(
        self, adv: Mapping[str, Any], line: _Line, key: Key, base: Mapping[str, Any] | None
    ) -> Finding:
        listed = self._listing(adv, line)
        if listed is not None:
            return listed
        entry = next(a for a in adv["affected"] if a["product"] == line.id)
        params: dict[str, Value] = {"product": line.name, "build": show(key)}
        if entry["since"] is not None and key < tuple(entry["since"]):
            params["since"] = show(tuple(entry["since"]))
            return Finding(
                advisory=adv["id"], verdict="not affected", reason="before-affected", params=params
            )
        fixes = _fixes(adv, line.id)
        fixed = tuple(c for c in sorted(fixes) if _closed(fixes[c], line, key, base))
        still = tuple(c for c in sorted(fixes) if c not in fixed)
        params.update(fixed=str(len(fixed)), total=str(len(fixes)), open=", ".join(still))
        if not still:
            return Finding(
                advisory=adv["id"], verdict="fixed", reason="all-fixed", params=params, fixed=fixed
            )
        if base is None:
            return Finding(
                advisory=adv["id"], verdict="unknown build", reason="unknown-release", params=params,
                fixed=fixed, open=still, action=Action(kind="check"),
            )  # fmt: skip
        action = _target({c: fixes[c] for c in still}, line, key, base)
        reason = "none-fixed" if not fixed else "some-fixed"
        return Finding(
            advisory=adv["id"], verdict="vulnerable", reason=reason, params=params, fixed=fixed, open=still,
            action=action,
        )  # fmt: skip

    def _overall(
        self, findings: Iterable[Finding], line: _Line, key: Key, base: Mapping[str, Any] | None
    ) -> Finding:
        found = list(findings)
        if not found:
            return Finding(
                advisory=None, verdict="not affected", reason="no-advisory", params={"product": line.name}
            )
        worst = min(found, key=lambda f: WORST.index(f.verdict))
        opened = sorted({c for f in found for c in f.open})
        params: dict[str, Value] = {"product": line.name, "build": show(key), "open": ", ".join(opened)}
        params["count"] = str(sum(1 for f in found if f.verdict == "vulnerable"))
        if worst.verdict != "vulnerable" or base is None:
            reason = {"fixed": "all-advisories-fixed", "not affected": "none-applies"}.get(
                worst.verdict, "unknown-release"
            )
            action = Action(kind="check") if worst.verdict == "unknown build" else Action(kind="none")
            return Finding(advisory=None, verdict=worst.verdict, reason=reason, params=params, action=action)
        fixes: dict[str, list[_Fix]] = {}
        for adv in self.advisories:
            for cve, found_fixes in _fixes(adv, line.id).items():
                if cve in opened:
                    fixes.setdefault(cve, []).extend(found_fixes)
        action = _target(fixes, line, key, base)
        return Finding(
            advisory=None,
            verdict="vulnerable",
            reason="some-advisories",
            params=params,
            open=tuple(opened),
            action=action,
        )


def _unknown(reason: str, params: dict[str, Value]) -> Finding:
    return Finding(
        advisory=None, verdict="unknown build", reason=reason, params=params, action=Action(kind="check")
    )


def _fixes(adv: Mapping[str, Any], product: str) -> dict[str, list[_Fix]]:
    """CVE -> the fixes that close it on this product, for the CVEs that apply to the product."""
    applies = [c["cve"] for c in adv["cves"] if product in c["products"]]
    out: dict[str, list[_Fix]] = {c: [] for c in applies}
    for fix in adv["fixes"]:
        if fix["product"] != product:
            continue
        for cve in fix["cves"]:
            if cve in out:
                out[cve].append(_Fix(tuple(fix["updates"]), fix["included_in"]))
    return out


def _closed(fixes: list[_Fix], line: _Line, key: Key, base: Mapping[str, Any] | None) -> bool:
    for fix in fixes:
        if fix.included_in is not None and key >= line.key(fix.included_in):
            return True
        for update in fix.updates:
            release = line.by_id[update]
            if base is not None and release["base"] == base["id"] and key >= tuple(release["key"]):
                return True
    return False


def _lowest(fixes: list[_Fix], line: _Line, base: Mapping[str, Any]) -> Key | None:
    """The lowest build on `base` that closes a CVE with these fixes: the base itself, or an update on it."""
    options: list[Key] = []
    here: Key = tuple(base["key"])
    for fix in fixes:
        if fix.included_in is not None and here >= line.key(fix.included_in):
            options.append(here)
        options.extend(
            tuple(line.by_id[u]["key"]) for u in fix.updates if line.by_id[u]["base"] == base["id"]
        )
    return min(options, default=None)


def _target(open_fixes: Mapping[str, list[_Fix]], line: _Line, key: Key, base: Mapping[str, Any]) -> Action:
    """The smallest build that closes every open CVE: on the server's base, else on the first later base."""
    later = [b for b in line.bases if tuple(b["key"]) > tuple(base["key"])]
    for candidate in (base, *later):
        needed = [_lowest(fixes, line, candidate) for fixes in open_fixes.values()]
        if any(n is None for n in needed):
            continue
        goal: Key = max(n for n in needed if n is not None)
        if candidate is base and goal <= key:
            continue
        release = line.exact(goal)
        assert release is not None  # every option is a release of the line
        params: dict[str, Value] = {
            "target": show(goal),
            "update": release["name"],
            "kb": f" ({release['kb']})" if release["kb"] else "",
        }
        if candidate is base:
            return Action(kind="install", params=params, target=show(goal), kb=release["kb"])
        params["cu"] = candidate["name"]
        kind = "upgrade" if goal == tuple(candidate["key"]) else "upgrade-install"
        return Action(kind=kind, params=params, target=show(goal), kb=release["kb"])
    return Action(kind="no-fix", params={"open": ", ".join(sorted(open_fixes))})
