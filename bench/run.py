"""`make bench`: time iocc against the floors the issues name, on synthetic corpora, in one run.

Figures are medians of a few runs on a shared machine: compare ratios, not seconds.
"""

from __future__ import annotations

import gc
import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.generate import generate
from compiler.corpus.load import discover
from compiler.corpus.model import Corpus
from compiler.outputs.artifact import BuildContext

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


RULE_EMITTERS = ("yara", "sigma", "queries", "suricata", "loki", "chirp", "csv")


def _context(root: Path) -> tuple[Corpus, BuildContext]:
    """The corpus a build publishes and the build's context (config/ and locks/ read once), as the pipeline
    makes them."""
    from compiler.outputs.context import build_context
    from compiler.pipeline import as_of_date, load_corpus, publishable

    corpus = load_corpus(root)
    ctx = build_context(root, as_of=as_of_date(corpus, None, root))
    return publishable(corpus, ctx), ctx


def bench_stix(size: int, repeat: int) -> dict[str, float]:
    """The STIX emitter against a plain json.dumps of the very bundles it emitted."""
    from compiler.outputs.stix import emit as stix

    root = generate(OUT / f"corpus-{size}", size)
    corpus, ctx = _context(root)
    bundles = [json.loads(a.data) for a in stix.emit(corpus, ctx).artifacts if a.path.endswith(".json")]
    objects = sum(len(b.get("objects", [])) for b in bundles)
    floor = timed(lambda: [json.dumps(b) for b in bundles], repeat)
    ours = timed(lambda: stix.emit(corpus, ctx), repeat)
    return {
        "indicators": size,
        "objects": objects,
        "json_dumps_s": floor,
        "stix_emit_s": ours,
        "ratio": ours / floor,
    }


def bench_rules(size: int, repeat: int) -> dict[str, float]:
    """Every rule output against a PyYAML C load of the corpus; per emitter and together."""
    from compiler.outputs.registry import emitters

    root = generate(OUT / f"corpus-{size}", size)
    corpus, ctx = _context(root)
    chosen = emitters()
    row: dict[str, float] = {"indicators": size}
    total = 0.0
    for name in RULE_EMITTERS:
        emit = chosen[name]
        seconds = timed(lambda emit=emit: emit(corpus, ctx), repeat)  # type: ignore[misc]
        row[f"{name}_s"] = seconds
        total += seconds
    floor = timed(lambda: pyyaml_floor(root), repeat)
    row.update({"rules_total_s": total, "pyyaml_csafe_load_s": floor, "ratio": total / floor})
    return row


def bench_site(advisories: int, indicators: int, repeat: int) -> dict[str, float]:
    """The partner site (both languages, strict mkdocs) for `advisories` advisories and their downloads."""
    from compiler.outputs.write import write_tree
    from compiler.pipeline import emit_all
    from compiler.site.build import build_site

    repo = Path(__file__).resolve().parent.parent
    root = generate(OUT / f"site-{advisories}", indicators, files=advisories, advisories=advisories)
    shutil.copy(repo / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(repo / "site", root / "site")
    corpus, ctx = _context(root)
    dist = root / "dist"
    artifacts = emit_all(corpus, ctx).artifacts  # every output, written as the build writes it
    write_tree(artifacts, dist, root=root)

    def once() -> None:
        shutil.rmtree(dist / "site", ignore_errors=True)
        errors = [d for d in build_site(corpus, ctx, dist, artifacts) if d.severity.value == "error"]
        assert not errors, [d.message for d in errors[:3]]

    seconds = timed(once, repeat)
    pages = sum(1 for _ in (dist / "site").rglob("index.html"))
    return {"advisories": advisories, "indicators": indicators, "pages": pages, "site_build_s": seconds}


def bench_build(size: int) -> dict[str, float]:
    """The build end to end (check, every emitter, changes.json, the site, checksums), once, as the library
    call `iocc build` wraps."""
    import tempfile

    from compiler.pipeline.build import BuildOptions, build

    repo = Path(__file__).resolve().parent.parent
    root = generate(OUT / f"corpus-{size}", size)
    shutil.copy(repo / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(repo / "site", root / "site")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = build(root, Path(tmp) / "dist", BuildOptions())
        seconds = time.perf_counter() - start
        files = sum(1 for p in (Path(tmp) / "dist").rglob("*") if p.is_file())
    assert result.outcome == "built", [d.message for d in result.findings if d.severity.value == "error"][:5]
    return {"indicators": size, "files": files, "build_s": seconds}


def main() -> int:
    OUT.mkdir(exist_ok=True)
    if sys.argv[1:] == ["scan"]:  # `python -m bench.run scan`: only the scan benchmark
        from bench.scan import run as scan_run

        print(json.dumps(scan_run(OUT), indent=2))
        return 0
    report: dict[str, object] = {}
    misses: list[str] = []
    rows = []
    for size in SIZES:
        row = bench_check(size, repeat=3 if size < 100_000 else 2)
        rows.append(row)
        print(
            f"check  {size:>7} indicators: iocc check {row['iocc_check_s']:.2f} s, "
            f"PyYAML CSafeLoader {row['pyyaml_csafe_load_s']:.2f} s, ratio {row['ratio']:.2f} (target <= 2)"
        )
    report["check"] = rows
    if rows[-1]["ratio"] > 2:
        misses.append("check")

    stix_row = bench_stix(SIZES[-1], repeat=2)
    report["stix"] = stix_row
    print(
        f"stix   {SIZES[-1]:>7} indicators: emit {stix_row['stix_emit_s']:.2f} s, json.dumps of the same "
        f"{stix_row['objects']:.0f} objects {stix_row['json_dumps_s']:.2f} s, ratio {stix_row['ratio']:.2f} "
        "(target <= 5)"
    )
    if stix_row["ratio"] > 5:
        misses.append("stix")

    rules_row = bench_rules(SIZES[-1], repeat=2)
    report["rules"] = rules_row
    per = ", ".join(f"{n} {rules_row[n + '_s']:.2f} s" for n in RULE_EMITTERS)
    print(f"rules  {SIZES[-1]:>7} indicators: {per}")
    print(
        f"rules  {SIZES[-1]:>7} indicators: together {rules_row['rules_total_s']:.2f} s, PyYAML CSafeLoader "
        f"{rules_row['pyyaml_csafe_load_s']:.2f} s, ratio {rules_row['ratio']:.2f} (target <= 3)"
    )
    if rules_row["ratio"] > 3:
        misses.append("rules")

    from bench.patch_inventory import run as patch_run

    patch_row = patch_run()
    report["patch"] = patch_row
    print(
        f"patch  {patch_row['servers']:>7.0f} servers: library {patch_row['patch_library_10k_s']:.2f} s, "
        f"iocc patch-status --inventory {patch_row['patch_cli_10k_s']:.2f} s (target < 2)"
    )
    if patch_row["patch_cli_10k_s"] >= 2:
        misses.append("patch")

    site_row = bench_site(100, 10_000, repeat=2)
    report["site"] = site_row
    print(
        f"site   {site_row['advisories']:>7.0f} advisories, two languages: {site_row['pages']:.0f} pages in "
        f"{site_row['site_build_s']:.2f} s (reported; no target)"
    )

    build_row = bench_build(SIZES[-1])
    report["build"] = build_row
    print(
        f"build  {SIZES[-1]:>7} indicators: iocc build end to end {build_row['build_s']:.1f} s, "
        f"{build_row['files']:.0f} files (reported; no target)"
    )

    from bench.scan import run as scan_run

    scan_row = scan_run(OUT)
    report["scan"] = scan_row
    print(
        f"scan   {scan_row['bytes'] / (1 << 30):.2f} GiB of IIS and HttpProxy logs, every rule: iocc scan "
        f"{scan_row['iocc_scan_s']:.1f} s, DuckDB read_csv count {scan_row['duckdb_read_csv_s']:.1f} s, ratio "
        f"{scan_row['ratio_duckdb']:.2f} (target <= 2); Python line-by-line regex {scan_row['python_regex_s']:.1f} s, "
        f"ratio {scan_row['ratio_python']:.2f} (reported); peak memory {scan_row['peak_mib']:.0f} MiB (target < 1024)"
    )
    if scan_row["ratio_duckdb"] > 2:
        misses.append("scan")
    if scan_row["peak_mib"] >= 1024:
        misses.append("scan memory")

    (OUT / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(
        "bench: report in bench/out/report.json" + (f"; TARGET MISSED: {', '.join(misses)}" if misses else "")
    )
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
