"""The reviewed settings of the rule emitters, read from config/ under the repository root.

Each reader reads its file when called: the pipeline calls them once per build (compiler.outputs.settings)
and hands the result to the emitters, so nothing here is cached. A missing file means the defaults below (synthetic corpora in tests and benchmarks have no config/).
The files are small, hand-written and reviewed; they are read like the corpus (compiler.corpus.load: YAML 1.2
core schema, no tags), so `off` or `2_0` stay text, and validate against schemas/config/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler import package_path
from compiler.corpus.load import LoadError, compose, read_text, to_data

AUTHOR = "iocc"
CHUNK = 1000
SID_FIRST, SID_LAST = 1_900_000, 1_999_999
DATASET_THRESHOLD = 500
CLASSTYPE = "trojan-activity"


@dataclass(frozen=True, slots=True, kw_only=True)
class RulesConfig:
    author: str = AUTHOR
    chunk: int = CHUNK


@dataclass(frozen=True, slots=True, kw_only=True)
class SuricataConfig:
    sid_first: int = SID_FIRST
    sid_last: int = SID_LAST
    dataset_threshold: int = DATASET_THRESHOLD
    classtype: str = CLASSTYPE


class ConfigError(ValueError):
    """A config file has a value of the wrong kind; the message names file and key."""


def _read(root: Path, name: str) -> dict[str, Any]:
    return _read_file(root / "config" / name, name)


def _read_defaults(name: str) -> dict[str, Any]:
    """iocc's own reviewed settings, shipped in the package (the repository's config/)."""
    return _read_file(package_path("defaults", name), name)


def _read_file(path: Path, name: str) -> dict[str, Any]:
    if not path.is_file():
        return {}
    rel = f"config/{name}"
    try:
        data = to_data(compose(read_text(path, rel), rel), rel)
    except LoadError as exc:
        raise ConfigError(f"{rel}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"config/{name}: expected a mapping at the top")
    return data


def _int(data: dict[str, Any], key: str, default: int, name: str) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"config/{name}: {key} must be a positive integer")
    return value


def rules_config(root: Path) -> RulesConfig:
    data = _read(root, "rules.yaml")
    author = data.get("author", AUTHOR)
    if not isinstance(author, str) or not author.strip():
        raise ConfigError("config/rules.yaml: author must be text")
    return RulesConfig(author=author, chunk=_int(data, "chunk", CHUNK, "rules.yaml"))


def suricata_config(root: Path) -> SuricataConfig:
    name = "suricata.yaml"
    data = _read(root, name)
    first, last = data.get("sid_range", [SID_FIRST, SID_LAST])
    if not all(isinstance(v, int) and v > 0 for v in (first, last)) or first > last:
        raise ConfigError(f"config/{name}: sid_range must be [first, last] with 0 < first <= last")
    classtype = data.get("classtype", CLASSTYPE)
    if not isinstance(classtype, str) or not classtype.replace("-", "").isalnum():
        raise ConfigError(f"config/{name}: classtype must be a classtype name")
    return SuricataConfig(
        sid_first=first,
        sid_last=last,
        dataset_threshold=_int(data, "dataset_threshold", DATASET_THRESHOLD, name),
        classtype=classtype,
    )


def sigma_exclusions(root: Path, generated: bool = False) -> dict[str, str]:
    """Validator name -> the reviewed reason it is not run (on generated rules: more of them)."""
    name = "sigma-validators.yaml"
    data = _read(root, name) or _read_defaults(name)
    found: dict[str, str] = {}
    for key in ("exclude", "exclude_generated") if generated else ("exclude",):
        for entry in data.get(key, []):
            if not isinstance(entry, dict) or not entry.get("validator") or not entry.get("reason"):
                raise ConfigError(f"config/{name}: each exclusion needs a validator and a reason")
            found[str(entry["validator"])] = str(entry["reason"])
    return found
