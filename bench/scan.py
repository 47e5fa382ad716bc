"""`iocc scan` over 1 GB of generated IIS and HttpProxy logs with every rule, against two floors.

- DuckDB reading the same files (`SELECT count(*) FROM read_csv(...)` with the engine's reader options):
  the least any SQL scan of them costs; target: the scan takes at most twice as long.
- A plain Python line-by-line regex scan of the same patterns (every string of the rules for these logs
  and every atomic value, one alternation), the approach of the per-server scripts: reported.
- Peak memory of the scan (its own process): target under 1 GiB.

The logs are the baseline's lines repeated with new times (tests/planted.py), with a few attack lines
planted in each file so the scan has findings to place. One run each: compare ratios, not seconds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.planted import _retimed, attack_lines, baseline

TARGET_BYTES = 1 << 30
FILES = 8  # per log kind
REPO = Path(__file__).resolve().parent.parent


def generate_logs(root: Path, target: int = TARGET_BYTES) -> Path:
    """One server's IIS and HttpProxy logs, about `target` bytes together; kept between runs."""
    marker = root / f".complete-{target}-v2"
    if marker.is_file():
        return root
    logs, _ = baseline()
    chosen = [t for t in logs if t.format == "iis-w3c"][:1] + [t for t in logs if "/Ecp/" in t.rel][:1]
    per_file = target // (FILES * len(chosen))
    for t in chosen:
        attacks = [line for line, _ in attack_lines(t, "BENCH01")]
        for k in range(FILES):
            path = root / "BENCH01" / Path(t.rel).parent / f"{Path(t.rel).stem}-{k}{Path(t.rel).suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="\n") as out:
                out.write("\n".join(t.header) + "\n")
                written, i, planted = 0, 0, False
                while written < per_file:
                    chunk = [_retimed(t, t.rows[(i + j) % len(t.rows)], (i + j) % 86400) for j in range(5000)]
                    if not planted and written >= per_file // 2:  # in the middle: the lines must be sought
                        chunk[len(chunk) // 2 : len(chunk) // 2] = attacks
                        planted = True
                    text = "\n".join(chunk) + "\n"
                    out.write(text)
                    written += len(text)
                    i += 5000
    marker.write_text("ok\n")
    return root


def duckdb_floor(root: Path) -> float:
    import duckdb

    from compiler.detect.csvread import CSV_TABLES, groups
    from compiler.detect.formats import iis_column
    from compiler.scan.collection import collect

    sources = list(collect([root], root.parent / "members").sources)
    con = duckdb.connect(config={"threads": 2, "memory_limit": "512MB"})
    con.execute("SET enable_progress_bar = false")
    start = time.perf_counter()
    for table, fmt in CSV_TABLES:
        for group in groups(sources, table, fmt):
            files = "[" + ", ".join(f"'{s.path}'" for s in group) + "]"
            names = [iis_column(f) for f in group[0].fields] if table == "iis" else list(group[0].fields)
            cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(names))) + "}"
            opts = (
                "delim=' ', quote='', escape=''" if table == "iis" else "delim=',', quote='\"', escape='\"'"
            )
            con.execute(f"SELECT count(*) FROM read_csv({files}, auto_detect=false, header=false, "
                        f"null_padding=true, strict_mode=false, {opts}, columns={cols})").fetchall()  # fmt: skip
    return time.perf_counter() - start


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k != "condition" for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def python_patterns() -> re.Pattern[str]:
    """Every string of the Sigma rules on IIS and HttpProxy logs and every atomic value, as one regex."""
    from compiler.detect.plan import build_plan
    from compiler.pipeline import load_corpus

    corpus = load_corpus(REPO)
    plan = build_plan(corpus, REPO)
    wanted = {c.target.key for c in plan.sigma if c.table in ("iis", "httpproxy")}
    texts: set[str] = set()
    for s in corpus.sets:
        for ind in s.indicators:
            if ind.type == "sigma" and any(k.endswith("/" + str(ind.name)) for k in wanted):
                texts.update(
                    t.replace("*", "") for t in _strings(ind.rule.get("detection", {})) if t.strip("*")
                )
    for kind in ("ip", "user-agent", "domain"):
        texts.update(plan.values.get(kind, {}))
    return re.compile("|".join(re.escape(t) for t in sorted(texts, key=lambda t: (-len(t), t))), re.I)


def python_scan(root: Path) -> tuple[float, int]:
    pattern = python_patterns()
    hits = 0
    start = time.perf_counter()
    for path in sorted(root.rglob("*.LOG")) + sorted(root.rglob("*.log")):
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if pattern.search(line):
                    hits += 1
    return time.perf_counter() - start, hits


_CHILD = """
import json, resource, sys, time
from pathlib import Path
from compiler.pipeline import load_corpus
from compiler.scan.run import scan
repo, root = Path(sys.argv[1]), Path(sys.argv[2])
corpus = load_corpus(repo)
start = time.perf_counter()
result = scan(corpus, repo, [root])
seconds = time.perf_counter() - start
# VmHWM is this process's own high-water mark; ru_maxrss would carry the benchmark parent's, folded in
# at exec
status = Path("/proc/self/status")
hwm = [line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM:")] if status.exists() else []
peak = int(hwm[0]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"scan_s": seconds, "findings": len(result.findings), "peak_mib": peak / 1024}))
"""


def run(out: Path) -> dict[str, float]:
    root = generate_logs(out / "scan-logs" / "collection")
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    floor = duckdb_floor(root)
    child = subprocess.run([sys.executable, "-c", _CHILD, str(REPO), str(root)], capture_output=True, text=True,
                           check=True, cwd=REPO)  # fmt: skip
    ours = json.loads(child.stdout.strip().splitlines()[-1])
    py_s, py_hits = python_scan(root)
    return {
        "bytes": size,
        "duckdb_read_csv_s": floor,
        "iocc_scan_s": ours["scan_s"],
        "ratio_duckdb": ours["scan_s"] / floor,
        "python_regex_s": py_s,
        "python_lines_matched": py_hits,
        "ratio_python": ours["scan_s"] / py_s,
        "findings": ours["findings"],
        "peak_mib": ours["peak_mib"],
    }
