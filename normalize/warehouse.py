"""The warehouse: a folder of hive-partitioned Parquet datasets, one per table.

Layout: `ROOT/<table>/fiscal_year=<year>/<doc_id>.parquet` (unknown year:
`fiscal_year=__HIVE_DEFAULT_PARTITION__`). A document's rows are written to
temporary files first and renamed into place, the `documents` row last, so
that row is the commit mark: a document without it was interrupted and is
redone; re-ingesting a file replaces its rows. Every table gets a file per
document, empty or not, so every dataset exists with its schema.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import pyarrow.parquet as pq

from .rows import file_schema
from .schema import PARTITION, SCHEMAS

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
TMP_PREFIX = ".tmp-"
PART_PREFIX = "part-"  # a compacted file: many documents of one table and year
ROW_GROUP = 10_000


class Warehouse:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def create(self) -> Warehouse:
        for name in SCHEMAS:
            (self.root / name).mkdir(parents=True, exist_ok=True)
        return self

    def partition_dir(self, table: str, fiscal_year: int | None) -> Path:
        value = NULL_PARTITION if fiscal_year is None else str(int(fiscal_year))
        return self.root / table / f"{PARTITION}={value}"

    def write_document(self, doc_id: str, fiscal_year: int | None, tables: dict[str, pa.Table]) -> None:
        """Write one document's rows to every table, atomically per file, documents last."""
        order = [n for n in SCHEMAS if n != "documents"] + ["documents"]
        staged: list[tuple[Path, Path]] = []
        try:
            for name in order:
                table = tables.get(name)
                if table is None:
                    table = file_schema(name).empty_table()
                target = self.partition_dir(name, fiscal_year) / f"{doc_id}.parquet"
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.parent / f"{TMP_PREFIX}{doc_id}-{uuid.uuid4().hex[:8]}.parquet"
                pq.write_table(table.cast(file_schema(name)), tmp, row_group_size=ROW_GROUP)
                staged.append((tmp, target))
            for name in order:  # the same document may have moved to another year
                self._remove_other_partitions(name, doc_id, fiscal_year)
                self._drop_from_parts(name, doc_id)
            for tmp, target in staged:
                os.replace(tmp, target)
        finally:
            for tmp, _ in staged:
                if tmp.exists():
                    tmp.unlink()

    def _remove_other_partitions(self, table: str, doc_id: str, fiscal_year: int | None) -> None:
        keep = self.partition_dir(table, fiscal_year)
        for path in (self.root / table).glob(f"*/{doc_id}.parquet"):
            if path.parent != keep:
                path.unlink()

    # --- compaction: one file per table and year -----------------------------------------

    def _parts(self, table: str) -> dict[Path, set[str]]:
        """Compacted files of a table → the doc_ids they hold (cached per instance)."""
        cache = self.__dict__.setdefault("_part_index", {})
        if table not in cache:
            cache[table] = {
                path: set(pq.read_table(path, columns=["doc_id"]).column("doc_id").to_pylist())
                for path in sorted((self.root / table).glob(f"*/{PART_PREFIX}*.parquet"))
            }
        return cache[table]

    def _drop_from_parts(self, table: str, doc_id: str) -> None:
        """Remove a document's rows from the compacted files that hold them (re-ingest)."""
        parts = self._parts(table)
        for path, ids in list(parts.items()):
            if doc_id not in ids:
                continue
            t = pq.read_table(path)
            keep = t.filter(pa.compute.not_equal(t.column("doc_id"), doc_id))
            if keep.num_rows:
                tmp = path.parent / f"{TMP_PREFIX}{uuid.uuid4().hex[:8]}.parquet"
                pq.write_table(keep, tmp, row_group_size=ROW_GROUP)
                os.replace(tmp, path)
                parts[path] = ids - {doc_id}
            else:
                path.unlink()
                del parts[path]

    def compact(self) -> tuple[int, int]:
        """Merge each partition's files into one; returns (files before, files after).

        The merged file is renamed into place before its inputs are removed; a crash in
        between leaves rows twice, which `clean_temp` (run by every ingest) resolves by
        keeping the newer copy.
        """
        before = after = 0
        for table in SCHEMAS:
            for part_dir in sorted(p for p in (self.root / table).glob("*") if p.is_dir()):
                files = sorted(part_dir.glob("*.parquet"))
                files = [f for f in files if not f.name.startswith(TMP_PREFIX)]
                before += len(files)
                if len(files) <= 1:
                    after += len(files)
                    continue
                schema = file_schema(table)
                merged = pa.concat_tables([pq.read_table(f).cast(schema) for f in files])
                target = part_dir / f"{PART_PREFIX}{uuid.uuid4().hex[:12]}.parquet"
                tmp = part_dir / f"{TMP_PREFIX}{target.name}"
                pq.write_table(merged, tmp, row_group_size=ROW_GROUP)
                os.replace(tmp, target)
                for f in files:
                    f.unlink()
                after += 1
        self.__dict__.pop("_part_index", None)
        return before, after

    def _reconcile(self) -> int:
        """After a crash inside `compact`: drop the older copy of rows held twice."""
        n = 0
        for table in SCHEMAS:
            for part_dir in (p for p in (self.root / table).glob("*") if p.is_dir()):
                parts = sorted(part_dir.glob(f"{PART_PREFIX}*.parquet"), key=lambda f: f.stat().st_mtime)
                if not parts:
                    continue
                newest = parts[-1]
                held = set(pq.read_table(newest, columns=["doc_id"]).column("doc_id").to_pylist())
                for older in parts[:-1]:
                    ids = set(pq.read_table(older, columns=["doc_id"]).column("doc_id").to_pylist())
                    if ids & held:
                        older.unlink()
                        n += 1
                for f in part_dir.glob("*.parquet"):
                    if (
                        not f.name.startswith((PART_PREFIX, TMP_PREFIX))
                        and f.stem in held
                        and f.stat().st_mtime <= newest.stat().st_mtime
                    ):
                        f.unlink()
                        n += 1
        self.__dict__.pop("_part_index", None)
        return n

    def clean_temp(self) -> int:
        """Remove temporary files an interrupted run left behind; returns how many."""
        n = self._reconcile()
        for path in self.root.glob(f"*/*/{TMP_PREFIX}*"):
            path.unlink(missing_ok=True)
            n += 1
        return n

    def read(self, table: str) -> pa.Table:
        import pyarrow.dataset as ds

        path = self.root / table
        if not path.exists() or not any(path.glob("*/*.parquet")):
            return file_schema(table).append(pa.field(PARTITION, pa.int16())).empty_table()
        dataset = ds.dataset(str(path), format="parquet", partitioning="hive", exclude_invalid_files=True)
        return dataset.to_table()

    def known_documents(self) -> dict[str, tuple[str, str, str]]:
        """doc_id → (sha256, parser_version, status) of every committed document."""
        t = self.read("documents").select(["doc_id", "source_sha256", "parser_version", "status"]).to_pylist()
        return {r["doc_id"]: (r["source_sha256"], r["parser_version"], r["status"]) for r in t}

    def connect(self, database: str = ":memory:"):
        """A DuckDB connection with one view per table (empty tables included)."""
        import duckdb

        con = duckdb.connect(database)
        for name in SCHEMAS:
            path = self.root / name
            if path.exists() and any(path.glob("*/*.parquet")):
                glob = str(path / "*" / "*.parquet").replace("'", "''")
                con.execute(
                    f"CREATE OR REPLACE VIEW {name} AS SELECT * REPLACE (CAST({PARTITION} AS SMALLINT) AS {PARTITION}) "
                    f"FROM read_parquet('{glob}', hive_partitioning = true, union_by_name = true)"
                )
            else:
                empty = self.read(name)
                con.register(f"_{name}_empty", empty)
                con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM _{name}_empty")
        return con
