"""Every reader reads the warehouse: pandas and DuckDB as the README shows them, the
warehouse's own reads with only undated documents, a path with glob characters, a
damaged file (named in one line, re-created by ingest), files being written (never
seen half-written), two writers (the second told, in one line)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from caizheng.normalize import warehouse
from caizheng.normalize.schema import SCHEMAS
from caizheng.normalize.warehouse import Warehouse
from caizheng.runner import ingest

from .conftest import DONGXIHU, NANGONG, XINGLONG

ROOT = Path(__file__).resolve().parent.parent


def readme_block(language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if "data/warehouse" in b and "read_parquet" in b]
    return block


@pytest.fixture
def mixed(tmp_path):
    """A warehouse with a dated document and two without a year (one failed, one unknown)."""
    src = tmp_path / "reports"
    src.mkdir()
    shutil.copy(DONGXIHU, src / DONGXIHU.name)
    (src / "empty.txt").write_bytes(b"")
    (src / "notes.txt").write_text("会议纪要\n今天讨论了三件事。\n", encoding="utf-8")
    out = tmp_path / "data" / "warehouse"
    ingest(src, out, workers=1)
    return out


def test_the_readme_snippets_run_as_written(mixed, monkeypatch, capsys):
    monkeypatch.chdir(mixed.parent.parent)
    exec(readme_block("python"), {})
    printed = capsys.readouterr().out
    assert "武汉市东西湖区人力资源和社会保障局" in printed and "2021" in printed


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_pandas_and_duckdb_read_every_table_with_undated_documents(mixed, table):
    df = pd.read_parquet(mixed / table)
    con = duckdb.connect()
    glob = f"{mixed}/{table}/*/*.parquet"
    n = con.execute(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true)").fetchone()[0]
    assert len(df) == n == Warehouse(mixed).read(table).num_rows
    if table == "documents":
        years = dict(zip(df["source_path"], df["fiscal_year"].astype(int)))
        assert years == {DONGXIHU.name: 2021, "empty.txt": 0, "notes.txt": 0}  # 0: the year is unknown


def test_the_warehouse_reads_unknown_years_as_null(mixed):
    docs = {r["source_path"]: r["fiscal_year"] for r in Warehouse(mixed).read("documents").to_pylist()}
    assert docs == {DONGXIHU.name: 2021, "empty.txt": None, "notes.txt": None}
    con = Warehouse(mixed).connect()
    assert con.execute("SELECT count(*) FROM documents WHERE fiscal_year IS NULL").fetchone() == (2,)


def test_resume_when_the_warehouse_holds_only_undated_documents(tmp_path):
    src = tmp_path / "reports"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    ingest(src, tmp_path / "wh", workers=1)
    shutil.copy(NANGONG, src / NANGONG.name)
    summary = ingest(src, tmp_path / "wh", workers=1)  # read the warehouse of one null-year document
    assert summary.statuses == {"ok": 1, "failed": 1}


def test_a_warehouse_with_the_old_null_partition_is_migrated(mixed):
    for table in SCHEMAS:
        old = mixed / table / "fiscal_year=__HIVE_DEFAULT_PARTITION__"
        (mixed / table / "fiscal_year=0").rename(old)
    assert Warehouse(mixed).read("documents").num_rows == 3  # still read
    ingest(mixed.parent.parent / "reports", mixed, workers=1)
    assert not list(mixed.glob("*/fiscal_year=__HIVE_DEFAULT_PARTITION__"))
    assert len(pd.read_parquet(mixed / "documents")) == 3


def test_a_warehouse_path_with_glob_characters(tmp_path):
    src = tmp_path / "reports"
    src.mkdir()
    shutil.copy(XINGLONG, src / XINGLONG.name)
    out = tmp_path / "wh[2021]*?"
    ingest(src, out, workers=1)
    ingest(src, out, workers=1, compact=True)
    con = Warehouse(out).connect()
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == 59


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "caizheng.cli", *map(str, args)], cwd=ROOT, capture_output=True, text=True
    )


@pytest.mark.parametrize("table", ["facts", "documents"])
def test_a_damaged_file_is_named_in_one_line_and_ingest_recreates_it(mixed, table):
    wh = Warehouse(mixed)
    before = {t: wh.read(t).num_rows for t in SCHEMAS}
    (victim,) = [p for p in (mixed / table).glob("fiscal_year=2021/*.parquet")]
    victim.write_bytes(victim.read_bytes()[:100])  # truncated: a full disk, a killed copy
    con = Warehouse(mixed).connect()
    assert con.execute("SELECT count(*) FROM budget_lines").fetchone()[0] == before["budget_lines"]
    with pytest.raises(duckdb.Error, match=f"damaged file {re.escape(str(victim))}"):
        con.execute(f"SELECT count(*) FROM {table}").fetchall()
    done = cli("query", f"SELECT count(*) FROM {table}", "--warehouse", mixed)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert f"damaged file {victim}" in done.stderr and "Traceback" not in done.stderr
    summary = ingest(mixed.parent.parent / "reports", mixed, workers=1)
    assert summary.statuses["ok"] == 1  # the document that owned the file, read again
    assert {t: Warehouse(mixed).read(t).num_rows for t in SCHEMAS} == before


def test_a_damaged_compacted_file_is_recreated(mixed):
    shutil.copy(NANGONG, mixed.parent.parent / "reports" / NANGONG.name)  # a second document of 2021
    ingest(mixed.parent.parent / "reports", mixed, workers=1)
    Warehouse(mixed).compact()
    before = {t: Warehouse(mixed).read(t).num_rows for t in SCHEMAS}
    (part,) = (mixed / "budget_lines" / "fiscal_year=2021").glob("part-*.parquet")
    part.write_bytes(b"PAR1 damaged")
    summary = ingest(mixed.parent.parent / "reports", mixed, workers=1)
    assert summary.statuses["ok"] == 2  # both documents of the year, read again (empty.txt fails again)
    assert {t: Warehouse(mixed).read(t).num_rows for t in SCHEMAS} == before
    Warehouse(mixed).compact()
    assert {t: Warehouse(mixed).read(t).num_rows for t in SCHEMAS} == before


def test_readers_never_see_a_file_being_written(tmp_path, monkeypatch):
    """Every file a reader's `*/*.parquet` matches while a document is being staged is whole."""
    src = tmp_path / "reports"
    src.mkdir()
    shutil.copy(DONGXIHU, src / DONGXIHU.name)
    seen = []
    real = Warehouse._replace

    def replace(self, tmp, target):
        seen.extend(Path(self.base).glob("*/*/*.parquet"))
        seen.extend(p for p in Path(self.base).glob("*/*/*") if p.name.startswith(".tmp-"))
        return real(self, tmp, target)

    monkeypatch.setattr(Warehouse, "_replace", replace)
    ingest(src, tmp_path / "wh", workers=1)
    staged = [p for p in seen if p.name.startswith(".tmp-")]
    assert staged and not [p for p in staged if p.match("*.parquet")]


def test_a_second_writer_is_told_in_one_line(tmp_path):
    src = tmp_path / "reports"
    src.mkdir()
    shutil.copy(XINGLONG, src / XINGLONG.name)
    out = Warehouse(tmp_path / "wh").create()
    with out.lock():
        with pytest.raises(warehouse.WarehouseLocked):
            ingest(src, tmp_path / "wh", workers=1)
        done = cli("ingest", src, "--out", tmp_path / "wh", "--quiet")
        assert done.returncode == 2 and "Traceback" not in done.stderr
        import os

        assert done.stderr == (
            f"caizheng: error: the warehouse {tmp_path / 'wh'} is being written by process {os.getpid()} "
            "(an ingest or compact); wait for it to finish\n"
        )
        assert cli("compact", "--warehouse", tmp_path / "wh").returncode == 2
    assert ingest(src, tmp_path / "wh", workers=1).statuses == {"ok": 1}  # released
