"""The verdict for one build number, from a patch table (see compiler.products.table).

The rules, in order (site/assets/javascripts/build-checker.js implements the same ones):

1. Empty, longer than 64 characters, or not a build: "unknown build". A build is four numbers
   (`15.1.2176.2`, also Exchange's long form `15.01.2176.002`) or Exchange's own wording
   `Version 15.1 (Build 2176.2)`. Three numbers are refused with their own reason: without the
   revision nobody can tell whether the security update is installed.
2. The name or id of a product listed as not affected (e.g. "Exchange Online", which has no build
   numbers of its own): "not affected".
3. major.minor names no affected product: "unknown build" (never a guess).
4. The third number is a listed CU: at or above its fixed build "fixed", below it "vulnerable", action
   install the KB.
5. At or above the first later release that contains the fix (e.g. 2016 CU20): "fixed".
6. The product's row is an update rollup (`SP3 (RU32)`): below its build "vulnerable" (install the
   rollup), at or above it "fixed".
7. Older than every listed CU, or between listed CUs (a CU for which no update was released):
   "vulnerable", action upgrade to a supported CU first, then install the KB.
8. Anything else (newer than every listed CU but below the first fixed release): "unknown build".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from compiler.products.table import FORMAT, parts

Verdict = Literal["vulnerable", "fixed", "not affected", "unknown build"]
Value = str | dict[str, str]

MAX_INPUT: Final = 64
_N = "([0-9]{1,5})"
_FOUR = re.compile(rf"^{_N}\.{_N}\.{_N}\.{_N}\Z")
_VERSION = re.compile(
    rf"^version[ \t]+{_N}\.{_N}[ \t]*\([ \t]*build[ \t]+{_N}\.{_N}[ \t]*\)\Z", re.IGNORECASE | re.ASCII
)
_THREE = re.compile(rf"^{_N}\.{_N}\.{_N}\Z")
_VERSION3 = re.compile(
    rf"^version[ \t]+{_N}\.{_N}[ \t]*\([ \t]*build[ \t]+{_N}[ \t]*\)\Z", re.IGNORECASE | re.ASCII
)
_SPACE = re.compile(r"[ \t]+")
_TRIM = " \t\r\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    """One build's verdict. Codes, not prose: `Checker.describe` renders them in a language."""

    input: str
    verdict: Verdict
    reason: str
    action: str
    params: dict[str, Value] = field(default_factory=dict, hash=False, compare=True)
    build: str | None = None  # normalised: 15.1.2176.2
    product: str | None = None  # product id
    product_name: str | None = None
    cu: str | None = None
    kb: str | None = None
    fixed_build: str | None = None  # the build to reach with the action
    note: str | None = None

    @property
    def vulnerable(self) -> bool:
        return self.verdict == "vulnerable"


@dataclass(frozen=True, slots=True, kw_only=True)
class Described:
    verdict: str
    reason: str
    action: str
    note: str


def _norm(name: str) -> str:
    return _SPACE.sub(" ", name.strip(_TRIM)).lower()


def render(template: str, params: Mapping[str, Value], lang: str) -> str:
    """Fill `{name}` slots in one pass; a value's own braces are never read as slots."""

    def value(match: re.Match[str]) -> str:
        found = params.get(match.group(1), "")
        return found[lang] if isinstance(found, dict) else found

    return re.sub(r"\{([a-z_]+)\}", value, template)


class _Product:
    __slots__ = ("keys", "name", "pid", "release", "releases", "rollup", "rows", "upgrade")

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.pid: str = data["id"]
        self.name: str = data["name"]
        cu_rows = [r for r in data["rows"] if not r["rollup"]]
        rollups = [r for r in data["rows"] if r["rollup"]]
        self.rows: dict[int, Mapping[str, Any]] = {r["key"]: r for r in cu_rows}
        self.keys: list[int] = sorted(self.rows)
        self.rollup: Mapping[str, Any] | None = rollups[-1] if rollups else None
        self.releases: dict[int, Mapping[str, Any]] = {
            parts(r["build"])[2]: r for r in data["fixed_releases"]
        }
        first = data["fixed_releases"][0] if data["fixed_releases"] else None
        self.release: Mapping[str, Any] | None = first
        self.upgrade: Mapping[str, Any] = data["upgrade"]


class Checker:
    """Answers build numbers from one patch table. Build it once; `assess` is cheap."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        if table.get("format") != FORMAT:
            raise ValueError(f"not a patch table of format {FORMAT}: {table.get('format')!r}")
        self.advisory: str = table["advisory"]
        self.messages: Mapping[str, Mapping[str, str]] = table["messages"]
        self._products = {p["prefix"]: _Product(p) for p in table["products"]}
        self._known = ", ".join(f"{p['prefix']} {p['name']}" for p in table["products"])
        self._unaffected: dict[str, Mapping[str, Any]] = {}
        for entry in table["not_affected"]:
            for name in (entry["id"], entry["name"], f"{entry['vendor']} {entry['name']}"):
                self._unaffected[_norm(name)] = entry

    def describe(self, a: Assessment, lang: str = "en") -> Described:
        words = self.messages[lang]
        note = render(words[f"note.{a.note}"], a.params, lang) if a.note else ""
        return Described(
            verdict=words[f"verdict.{a.verdict}"],
            reason=render(words[f"reason.{a.reason}"], a.params, lang),
            action=render(words[f"action.{a.action}"], a.params, lang),
            note=note,
        )

    def assess(self, raw: str) -> Assessment:
        text = raw.strip(_TRIM)
        if not text:
            return Assessment(input=raw, verdict="unknown build", reason="empty", action="check")
        if len(text) > MAX_INPUT:
            return Assessment(input=raw, verdict="unknown build", reason="malformed", action="check")
        match = _FOUR.match(text) or _VERSION.match(text)
        if match is None:
            return self._not_a_build(raw, text)
        a, b, c, d = (int(x) for x in match.groups())
        build = f"{a}.{b}.{c}.{d}"
        product = self._products.get(f"{a}.{b}")
        if product is None:
            params: dict[str, Value] = {"prefix": f"{a}.{b}", "known": self._known, "build": build}
            return Assessment(
                input=raw, verdict="unknown build", reason="unknown-product", action="check",
                params=params, build=build,
            )  # fmt: skip
        return self._within(raw, build, product, (c, d))

    def _not_a_build(self, raw: str, text: str) -> Assessment:
        entry = self._unaffected.get(_norm(text))
        if entry is not None:
            return Assessment(
                input=raw, verdict="not affected", reason="not-affected", action="none",
                params={"detail": dict(entry["reason"]), "product": entry["name"]},
                product=entry["id"], product_name=entry["name"],
            )  # fmt: skip
        three = _THREE.match(text) or _VERSION3.match(text)
        if three is not None:
            short = ".".join(str(int(x)) for x in three.groups())
            return Assessment(
                input=raw, verdict="unknown build", reason="no-revision", action="check",
                params={"build": short},
            )  # fmt: skip
        return Assessment(input=raw, verdict="unknown build", reason="malformed", action="check")

    def _within(self, raw: str, build: str, p: _Product, here: tuple[int, int]) -> Assessment:
        params: dict[str, Value] = {"product": p.name, "build": build}
        common: dict[str, Any] = {"input": raw, "build": build, "product": p.pid, "product_name": p.name}
        row = p.rows.get(here[0])
        if row is not None:
            params.update(cu=row["cu"], kb=row["kb"], fixed_build=row["fixed_build"])
            note = "unsupported-cu" if row["supported"] is False else None
            fixed = here >= parts(row["fixed_build"])[2:]
            return Assessment(
                **common, verdict="fixed" if fixed else "vulnerable",
                reason="cu-fixed" if fixed else "cu-below-fix", action="none" if fixed else "install",
                params=params, cu=row["cu"], kb=row["kb"], fixed_build=row["fixed_build"], note=note,
            )  # fmt: skip
        if p.release is not None and here >= parts(p.release["build"])[2:]:
            same = p.releases.get(here[0])
            params.update(release_cu=p.release["cu"], release_build=p.release["build"])
            return Assessment(
                **common, verdict="fixed", reason="release-fixed", action="none", params=params,
                cu=same["cu"] if same is not None else None,
            )  # fmt: skip
        if p.rollup is not None:
            r = p.rollup
            params.update(cu=r["cu"], kb=r["kb"], fixed_build=r["fixed_build"])
            fixed = here >= parts(r["fixed_build"])[2:]
            return Assessment(
                **common, verdict="fixed" if fixed else "vulnerable",
                reason="rollup-fixed" if fixed else "rollup-below-fix", action="none" if fixed else "install",
                params=params, kb=r["kb"], fixed_build=r["fixed_build"],
            )  # fmt: skip
        if p.keys and here[0] < p.keys[-1]:
            oldest = p.rows[p.keys[0]]["cu"]
            params.update(oldest_cu=oldest, cus=", ".join(p.upgrade["cus"]), kb=p.upgrade["kb"])
            action = "upgrade"
            if p.release is not None:
                params.update(release_cu=p.release["cu"], release_build=p.release["build"])
                action = "upgrade-or-release"
            return Assessment(
                **common, verdict="vulnerable",
                reason="older-than-listed" if here[0] < p.keys[0] else "unlisted-cu",
                action=action, params=params, kb=p.upgrade["kb"],
            )  # fmt: skip
        return Assessment(
            **common, verdict="unknown build", reason="newer-than-listed", action="check", params=params
        )
