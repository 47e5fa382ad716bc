"""`iocc import --format exchange-builds`: the product catalog from a dictionary of Exchange build numbers.

The dictionary (build -> name, release date, urls; e.g. righel/ms-exchange-version-nse) names every build
in prose. Each row becomes a release of a catalog line, or is refused with its reason; nothing is guessed:

- a name that says one product line while the build belongs to another (a 2016 build labelled 2019);
- a date without a day, or a year that cannot be (before the line existed, after the newest dated row);
- a KB that is not seven digits, or differs from the KB in the row's support link;
- one name for two builds, an update whose base release is not in the dictionary or has another third
  number, a release the vendor recalled.

Existing product files keep every release they have: a row that disagrees with one is reported, never
written over (the catalog holds reviewed corrections). New releases are added in build order through the
same ruamel.yaml round trip as `iocc fmt`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

# The lines the catalog keeps: name in the dictionary -> (product id, prefixes, first build, CPE, first year).
LINES: Final[dict[str, tuple[str, tuple[str, ...], str | None, str | None, int]]] = {
    "2010": ("exchange-server-2010", ("14.0", "14.1", "14.2", "14.3"), None,
             "cpe:2.3:a:microsoft:exchange_server:2010:*:*:*:*:*:*:*", 2009),
    "2013": ("exchange-server-2013", ("15.0",), None, "cpe:2.3:a:microsoft:exchange_server:2013:*:*:*:*:*:*:*", 2012),
    "2016": ("exchange-server-2016", ("15.1",), None, "cpe:2.3:a:microsoft:exchange_server:2016:*:*:*:*:*:*:*", 2015),
    "2019": ("exchange-server-2019", ("15.2",), None, "cpe:2.3:a:microsoft:exchange_server:2019:*:*:*:*:*:*:*", 2018),
    "SE": ("exchange-server-se", ("15.2",), "15.2.2562.17", None, 2025),
}  # fmt: skip
_LINE = r"(?P<line>2010|2013|2016|2019|SE)"
_BASE = r"(?P<base>RTM|CU[0-9]{1,2}|SP[0-9])"
_UPDATE = (
    r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?P<yy>[0-9]{2})(?P<kind>SU|HU)(?P<v>v[0-9])?"
)
_NAMES: Final = (
    ("base", re.compile(rf"^Exchange Server {_LINE}(?: {_BASE})?(?: \([0-9]{{4}}H[12]\))?$")),
    ("update", re.compile(rf"^Exchange Server {_LINE} {_BASE}(?: \([0-9]{{4}}H[12]\))? {_UPDATE}$")),
    ("rollup", re.compile(
        rf"^Update Rollup (?P<ru>[0-9]{{1,2}})(?:[ -](?P<v>v[0-9]))? (?:for )?Exchange Server {_LINE}"
        rf"(?: (?P<base>SP[0-9]))?(?P<recalled> \(recalled\))?$"
    )),
    ("hotfix", re.compile(rf"^Exchange Version {_LINE}\s+(?P<base>CU[0-9]{{1,2}}|SP[0-9])?(?: \(CU[0-9]+\))?\s*\+\s*KB(?P<kb>[0-9]+)(?P<v>v[0-9])?$")),
)  # fmt: skip
_KB_URL: Final = re.compile(r"support\.microsoft\.com/(?:help|kb)/([0-9]+)", re.I)
_MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One release read from the dictionary."""

    product: str
    id: str
    kind: str
    name: str
    build: str
    released: str
    base: str | None = None
    kb: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Refused:
    build: str
    name: str
    reason: str


def key(build: str) -> tuple[int, ...]:
    return tuple(int(x) for x in build.split("."))


def read_dictionary(text: str) -> tuple[list[Row], list[Refused], int]:
    """Rows of the lines the catalog keeps, rows refused with reasons, and how many rows were of other lines."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object of build -> {name, release_date, urls}")
    newest = max(
        (_full_date(v.get("release_date", "")) or date.min for v in data.values() if isinstance(v, dict)),
        default=date.min,
    )
    rows: list[Row] = []
    refused: list[Refused] = []
    other = 0
    for build, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            refused.append(Refused(build=str(build), name="", reason="not a {name, release_date} entry"))
            continue
        name = " ".join(entry["name"].split())
        parsed = _parse(name)
        when = _year(entry.get("release_date"))
        if when is not None and newest != date.min and when > newest.year:
            refused.append(
                Refused(build=build, name=name, reason=f"the year {when} lies after every dated row")
            )
            continue
        if parsed is None:
            if re.match(
                r"^(Exchange (Server|Version) (2010|2013|2016|2019|SE)\b|Update Rollup .*Exchange Server 2010)",
                name,
            ):
                refused.append(Refused(build=build, name=name, reason="the name follows no known pattern"))
            else:
                other += 1
            continue
        found = _row(build, name, parsed, entry, newest)
        if isinstance(found, str):
            refused.append(Refused(build=build, name=name, reason=found))
        else:
            rows.append(found)
    rows, refused = _consistent(rows, refused)
    return sorted(rows, key=lambda r: (r.product, key(r.build))), refused, other


def _parse(name: str) -> tuple[str, re.Match[str]] | None:
    for kind, pattern in _NAMES:
        m = pattern.match(name)
        if m is not None:
            return kind, m
    return None


def _row(
    build: str, name: str, parsed: tuple[str, re.Match[str]], entry: dict[str, Any], newest: date
) -> Row | str:
    """The row as a release, or every reason it cannot be one, joined."""
    form, m = parsed
    line = m.group("line")
    if not re.fullmatch(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,5}\.[0-9]{1,5}", build):
        return "not a four-part build"
    url_kbs = sorted({k for u in entry.get("urls", []) if isinstance(u, str) for k in _KB_URL.findall(u)})
    when = _full_date(entry.get("release_date", ""))
    problems = [
        *_line_problems(build, line),
        *_name_problems(form, m, url_kbs),
        *_date_problems(entry, when, line, newest),
    ]
    if problems or when is None:
        return "; ".join(problems)
    kb = m.group("kb") if form == "hotfix" else (url_kbs[0] if len(url_kbs) == 1 else None)
    common = {"product": LINES[line][0], "name": name, "build": build, "released": when.isoformat()}
    return _release(form, m, kb, common)


def _line_problems(build: str, line: str) -> Iterator[str]:
    """The build belongs to the line the name says (a 2019 name on an SE build does not)."""
    _, prefixes, first, _, _ = LINES[line]
    se_first = LINES["SE"][2]
    if f"{key(build)[0]}.{key(build)[1]}" not in prefixes or (first and key(build) < key(first)):
        yield f"the name says Exchange {line}, the build belongs to another line"
    elif line == "2019" and se_first and key(build) >= key(se_first):
        yield "the name says Exchange 2019, the build lies in the range of Exchange Server SE"


def _name_problems(form: str, m: re.Match[str], url_kbs: list[str]) -> Iterator[str]:
    """The KB of the name is seven digits and agrees with the support links; the rollup was not recalled."""
    if form == "hotfix" and len(m.group("kb")) != 7:
        yield f"KB{m.group('kb')} is not a seven-digit KB id"
    if form == "hotfix" and url_kbs and m.group("kb") not in url_kbs:
        yield f"the name says KB{m.group('kb')}, the support link KB{', KB'.join(url_kbs)}"
    if form == "update" and (len(url_kbs) > 1 or any(len(k) != 7 for k in url_kbs)):
        yield f"the support link names {', '.join('KB' + k for k in url_kbs)}, not one seven-digit KB"
    if form == "rollup" and m.group("recalled"):
        yield "the vendor recalled this rollup"


def _date_problems(entry: dict[str, Any], when: date | None, line: str, newest: date) -> Iterator[str]:
    """The release date has a day and lies between the line's first year and the newest dated row."""
    if when is None:
        yield f"the date {entry.get('release_date')!r} has no day"
    elif when.year < LINES[line][4] - 1 or when > newest:
        yield f"the year {when.year} cannot be a release of Exchange {line}"


def _release(form: str, m: re.Match[str], kb: str | None, common: dict[str, str]) -> Row:
    """The release of a consistent row: its id and kind follow from the form of its name."""
    base = (m.group("base") or "RTM").lower()
    if form == "base":
        return Row(id=base, kind="rtm" if base == "rtm" else base[:2], **common)
    if form == "rollup":
        rid = f"{base}-ru{m.group('ru')}" + (f"-{m.group('v')}" if m.group("v") else "")
        return Row(id=rid, kind="ru", base=base, **common)
    if form == "hotfix":
        rid = f"{base}-kb{kb}" + (f"-{m.group('v')}" if m.group("v") else "")
        return Row(id=rid, kind="su", base=base, kb=f"KB{kb}", **common)
    label = f"{m.group('month')}{m.group('yy')}{m.group('kind')}{m.group('v') or ''}".lower()
    return Row(
        id=f"{base}-{label}", kind=m.group("kind").lower(), base=base, kb=f"KB{kb}" if kb else None, **common
    )


def _year(text: object) -> int | None:
    found = re.search(r"\b([0-9]{4})\b", text) if isinstance(text, str) else None
    return int(found.group(1)) if found else None


def _full_date(text: object) -> date | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.strptime(" ".join(text.split()), "%B %d, %Y").date()
    except ValueError:
        return None


def _consistent(rows: list[Row], refused: list[Refused]) -> tuple[list[Row], list[Refused]]:
    """Refuse rows whose id repeats (one name for two builds) and updates without a base of the same line."""
    seen: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        seen.setdefault((r.product, r.id), []).append(r)
    kept: list[Row] = []
    for same in seen.values():
        if len(same) > 1:
            builds = ", ".join(r.build for r in same)
            refused += [
                Refused(build=r.build, name=r.name, reason=f"one name for several builds ({builds})")
                for r in same
            ]
        else:
            kept.append(same[0])
    bases = {(r.product, r.id): r for r in kept if r.base is None}
    out: list[Row] = []
    for r in kept:
        base = bases.get((r.product, r.base)) if r.base else None
        if r.base is not None and base is None:
            refused.append(
                Refused(build=r.build, name=r.name, reason=f"its base {r.base} is not in the dictionary")
            )
        elif base is not None and (
            key(r.build) <= key(base.build) or (r.kind != "ru" and key(r.build)[:3] != key(base.build)[:3])
        ):
            refused.append(
                Refused(
                    build=r.build,
                    name=r.name,
                    reason=f"the build does not install on {base.name} ({base.build})",
                )
            )
        else:
            out.append(r)
    return out, refused
