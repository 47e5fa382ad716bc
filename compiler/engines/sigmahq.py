"""The SigmaHQ validators iocc runs: every installed pySigma validator minus the reviewed exclusions in
config/sigma-validators.yaml (those that need the network, and those that contradict TLP 2.0 marking),
which the caller reads once (compiler.config.sigma_exclusions) and hands in."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import Any


@cache
def _installed() -> tuple[tuple[str, Any], ...]:
    """The validators of the installed pySigma plugins, discovered once per process (no repository file)."""
    from sigma.plugins import InstalledSigmaPlugins

    found = InstalledSigmaPlugins.autodiscover().validators
    return tuple(sorted(found.items()))


def validator_classes(excluded: Collection[str]) -> tuple[tuple[str, Any], ...]:
    return tuple((name, cls) for name, cls in _installed() if name not in excluded)


def validate(rules: list[Any], excluded: Collection[str]) -> list[tuple[str, Any]]:
    """(validator name, issue) for every issue the validators not `excluded` find in `rules` (pySigma
    SigmaRule objects)."""
    found: list[tuple[str, Any]] = []
    for name, cls in validator_classes(excluded):
        validator = cls()
        for rule in rules:
            found.extend((name, issue) for issue in validator.validate(rule))
        found.extend((name, issue) for issue in validator.finalize())
    return found
