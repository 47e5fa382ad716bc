"""Patch status for a 10,000-server inventory: the library call and the whole CLI path (target < 2 s).

`run()` is wired into bench/run.py; `python -m bench.patch_inventory` runs it alone.
"""

from __future__ import annotations

import contextlib
import io
import random
import statistics
import tempfile
import time
from pathlib import Path

from compiler.cli import main
from compiler.pipeline import find_root, load_corpus
from compiler.products import Checker, assess_inventory, compile_table, read_inventory

SERVERS = 10_000


def inventory_text(table: dict[str, object], servers: int = SERVERS, seed: int = 2021) -> str:
    """A seeded inventory: listed CU and fixed builds, older and unlisted CUs, typos, cloud tenants."""
    rng = random.Random(seed)
    builds: list[str] = ["Exchange Online", "15.1.2176", "garbage", "", "16.0.1.1"]
    for product in table["products"]:  # type: ignore[attr-defined]
        builds += [r["build"] for r in product["releases"]]
        for prefix in product["prefixes"]:
            builds += [f"{prefix}.{rng.randint(1, 3000)}.{rng.randint(0, 60)}" for _ in range(40)]
    lines = ["server,build,customer"]
    for i in range(servers):
        lines.append(f"srv{i:05d}.customer{i % 350}.example,{rng.choice(builds)},customer {i % 350}")
    return "\n".join(lines) + "\n"


def _median(fn: object, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run(repeat: int = 3) -> dict[str, float]:
    root = find_root(Path(__file__).resolve().parent.parent)
    corpus = load_corpus(root)
    table = compile_table([a for a in corpus.advisories if a.status == "final"], "all", corpus.products)
    text = inventory_text(table)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inventory.csv"
        path.write_text(text, encoding="utf-8")

        def library() -> None:
            assess_inventory(read_inventory(text).servers, Checker(table))

        def cli() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                main(["patch-status", "--root", str(root), "--inventory", str(path), "--format", "csv"])

        return {
            "servers": float(SERVERS),
            "patch_library_10k_s": _median(library, repeat),
            "patch_cli_10k_s": _median(cli, repeat),
        }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value:.3f}")
