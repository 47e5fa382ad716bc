"""The Spark SQL plan (`iocc scan --plan spark`) run with PySpark in local mode over the evidence corpus
finds exactly what the DuckDB engine finds (YARA aside: it runs where the files are, not in a lake)."""

from __future__ import annotations

import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from compiler.detect.engine import run
from compiler.detect.evidence import load_evidence
from compiler.detect.formats import TABLES
from compiler.detect.lake import columns, export
from compiler.detect.plan import Plan, build_plan
from compiler.detect.sources import Collector, Source
from compiler.detect.sparkplan import END, render_plan
from compiler.pipeline import load_corpus
from tests.tools import missing

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        missing("java is not installed (Debian openjdk-17-jre-headless, scripts/install-system-packages.sh)")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        missing("pyspark is not installed")
    interrupt = signal.getsignal(signal.SIGINT)  # Spark installs its own SIGINT handler; give it back after
    session = (
        SparkSession.builder.master("local[2]")
        .appName("iocc-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "768m")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    signal.signal(signal.SIGINT, interrupt)


def run_plan(spark: Any, plan: Plan, tables: dict[str, Path]) -> set[tuple[str, int, int]]:
    """Load the tables into Spark, run every statement of the plan, collect what the queries return."""
    from pyspark.sql.types import StringType, StructField, StructType

    for table in TABLES:
        schema = StructType([StructField(c, StringType(), True) for c in columns(table)])
        path = tables.get(table)
        frame = spark.read.schema(schema).json(str(path)) if path else spark.createDataFrame([], schema)
        frame.createOrReplaceTempView(table)
    found: set[tuple[str, int, int]] = set()
    for statement in render_plan(plan).split(END):
        if not statement.strip():
            continue
        rows = spark.sql(statement).collect()
        if "CREATE OR REPLACE" not in statement:
            found |= {(r["key"], int(r["iocc_file"]), int(r["iocc_line"])) for r in rows}
    return found


def evidence_sources(collector: Collector) -> list[Source]:
    corpus = load_corpus(REPO)
    evidence = load_evidence(REPO, {a.id for a in corpus.advisories})
    sources: list[Source] = []
    for ev in evidence.sets:
        for sample in ev.samples:
            rel = PurePosixPath(sample.file).parts
            sources.extend(collector.collect_file(sample.path, f"{ev.rel}/{sample.file}", rel, ev.server))
    return sources


def test_spark_finds_what_duckdb_finds_on_the_evidence(spark: Any) -> None:
    corpus = load_corpus(REPO)
    plan = build_plan(corpus, REPO)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = evidence_sources(Collector(work / "members"))
        (work / "duck").mkdir()
        (work / "lake").mkdir()
        duck = {(m.key, m.source, m.line) for m in run(plan, sources, work / "duck")}
        tables = export(sources, plan, work / "lake")
        lake = run_plan(spark, plan, tables)
    duck -= {m for m in duck if m[0] in plan.yara_sources}
    assert duck, "the evidence corpus gives matches"
    assert lake == duck, (sorted(lake - duck)[:10], sorted(duck - lake)[:10])


def test_the_plan_literals_survive_spark(spark: Any) -> None:
    from compiler.detect.sparkplan import literal

    hostile = 'C:\\inetpub\\it\'s "x"\n\t%_*'
    assert spark.sql(f"SELECT {literal(hostile)} AS v").collect()[0]["v"] == hostile


def test_the_verb_writes_the_plan(tmp_path: Path) -> None:
    from tests.scan_support import iocc

    out = tmp_path / "plan.sql"
    assert iocc("scan", "--plan", "spark", "--output", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == render_plan(
        build_plan(load_corpus(REPO), REPO, include_drafts=False)
    )


def test_spark_and_duckdb_agree_on_the_planted_intrusion(spark: Any, tmp_path: Path) -> None:
    from compiler.scan.collection import collect
    from tests.planted import generate

    root = tmp_path / "collection"
    generate(root, {"EXCH01": set(), "EXCH02": {"logs"}, "EXCH03": {"files"}}, rows=100)
    plan = build_plan(load_corpus(REPO), REPO, include_drafts=False)
    for name in ("members", "duck", "lake"):
        (tmp_path / name).mkdir()
    sources = list(collect([root], tmp_path / "members").sources)
    duck = {(m.key, m.source, m.line) for m in run(plan, sources, tmp_path / "duck")}
    lake = run_plan(spark, plan, export(sources, plan, tmp_path / "lake"))
    duck -= {m for m in duck if m[0] in plan.yara_sources}
    assert duck and lake == duck, (sorted(lake - duck)[:10], sorted(duck - lake)[:10])
    by_index = {s.index: s for s in sources}
    servers = {by_index[i].server for key, i, _line in lake if not plan.targets[key].weak}
    assert servers == {"EXCH02", "EXCH03"}
