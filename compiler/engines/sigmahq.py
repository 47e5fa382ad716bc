"""The SigmaHQ validators iocc runs: every installed pySigma validator minus the reviewed exclusions in
config/sigma-validators.yaml (those that need the network, and those that contradict TLP 2.0 marking)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from compiler.config import sigma_exclusions


@lru_cache(maxsize=8)
def validator_classes(root: Path, generated: bool = False) -> tuple[tuple[str, Any], ...]:
    from sigma.plugins import InstalledSigmaPlugins

    excluded = sigma_exclusions(root, generated)
    found = InstalledSigmaPlugins.autodiscover().validators
    return tuple((name, cls) for name, cls in sorted(found.items()) if name not in excluded)


def validate(rules: list[Any], root: Path, *, generated: bool = False) -> list[tuple[str, Any]]:
    """(validator name, issue) for every issue the validators find in `rules` (pySigma SigmaRule objects);
    `generated` applies the exclusions for generated rules too."""
    found: list[tuple[str, Any]] = []
    for name, cls in validator_classes(root, generated):
        validator = cls()
        for rule in rules:
            found.extend((name, issue) for issue in validator.validate(rule))
        found.extend((name, issue) for issue in validator.finalize())
    return found
