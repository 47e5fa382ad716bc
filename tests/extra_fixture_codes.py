"""Codes whose invalid fixtures live with the feature that owns them (outside tests/fixtures/invalid)."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent


def covered() -> set[str]:
    """Every code named by a fixture file `IOC###-*.yaml` anywhere under tests/fixtures."""
    return {p.name.split("-", 1)[0] for p in (_HERE / "fixtures").rglob("IOC[0-9][0-9][0-9]-*")}
