"""`make bench`: time iocc against the floors the issues name, on synthetic corpora, in one run.

Figures are medians of a few runs on a shared machine: compare ratios, not seconds.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.generate import generate
from compiler.load import discover

OUT = Path(__file__).resolve().parent / "out"
SIZES = (1_000, 10_000, 100_000)


def timed(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def pyyaml_floor(root: Path) -> None:
    """The floor for reading YAML in Python: PyYAML's C loader, garbage collector paused."""
    gc.disable()
    try:
        for path in discover(root):
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def bench_check(size: int, repeat: int) -> dict[str, float]:
    from compiler.pipeline import check

    root = generate(OUT / f"corpus-{size}", size)
    result = check(root)
    assert result.corpus is not None, [d.message for d in result.diagnostics[:5]]
    floor = timed(lambda: pyyaml_floor(root), repeat)
    ours = timed(lambda: check(root), repeat)
    return {"indicators": size, "pyyaml_csafe_load_s": floor, "iocc_check_s": ours, "ratio": ours / floor}


def main() -> int:
    OUT.mkdir(exist_ok=True)
    report: dict[str, object] = {}
    rows = []
    for size in SIZES:
        row = bench_check(size, repeat=3 if size < 100_000 else 2)
        rows.append(row)
        print(
            f"check  {size:>7} indicators: iocc check {row['iocc_check_s']:.2f} s, "
            f"PyYAML CSafeLoader {row['pyyaml_csafe_load_s']:.2f} s, ratio {row['ratio']:.2f} (target <= 2)"
        )
    report["check"] = rows
    (OUT / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    failed = rows[-1]["ratio"] > 2
    print("bench: report in bench/out/report.json" + ("; TARGET MISSED" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
