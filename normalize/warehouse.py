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
    """The warehouse at a local folder or an fsspec URL (`s3://bucket/warehouse`, `file:///…`).

    Local folders are written with plain renames; other filesystems through fsspec,
    where a staged file is moved into place (on an object store each file still
    appears whole, and the `documents` row, written last, is the commit mark).
    """

    def __init__(self, root: str | Path, storage_options: dict | None = None):
        import fsspec
        from fsspec.implementations.local import LocalFileSystem

        self.root = root if is_url(root) else Path(root)
        self.fs, base = fsspec.core.url_to_fs(str(root), **(storage_options or {}))
        self.base = base.rstrip("/") or base
        self.local = isinstance(self.fs, LocalFileSystem)
        self._arrow_fs = None if self.local else self.fs  # pyarrow's own local filesystem is faster

    def path(self, *parts: str) -> str:
        return "/".join((self.base, *parts))

    def create(self) -> Warehouse:
        for name in SCHEMAS:
            self.fs.makedirs(self.path(name), exist_ok=True)
        return self

    def exists(self) -> bool:
        return self.fs.isdir(self.path("documents")) or self._has_files("documents")

    def partition_dir(self, table: str, fiscal_year: int | None) -> str:
        value = NULL_PARTITION if fiscal_year is None else str(int(fiscal_year))
        return self.path(table, f"{PARTITION}={value}")

    def _files(self, table: str, pattern: str) -> list[str]:
        """Files of a table's partitions whose name matches `pattern`, sorted."""
        return sorted(self.fs.glob(self.path(table, "*", pattern)))

    def _has_files(self, table: str) -> bool:
        """Whether a table has any Parquet file: locally, stops at the first one found
        (a glob through fsspec lists them all, and `read`/`connect` list them again)."""
        if self.local:
            return any(Path(self.path(table)).glob("*/*.parquet"))
        return bool(self._files(table, "*.parquet"))

    def _write(self, table: pa.Table, path: str) -> None:
        pq.write_table(table, path, filesystem=self._arrow_fs, row_group_size=ROW_GROUP)

    def _read(self, path: str, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(path, columns=columns, filesystem=self._arrow_fs)

    def _replace(self, src: str, dst: str) -> None:
        if self.local:
            os.replace(src, dst)
        else:
            self.fs.mv(src, dst)

    def write_document(self, doc_id: str, fiscal_year: int | None, tables: dict[str, pa.Table]) -> None:
        """Write one document's rows to every table, atomically per file, documents last."""
        order = [n for n in SCHEMAS if n != "documents"] + ["documents"]
        staged: list[tuple[str, str]] = []
        try:
            for name in order:
                table = tables.get(name)
                if table is None:
                    table = file_schema(name).empty_table()
                folder = self.partition_dir(name, fiscal_year)
                self.fs.makedirs(folder, exist_ok=True)
                tmp = f"{folder}/{TMP_PREFIX}{doc_id}-{uuid.uuid4().hex[:8]}.parquet"
                self._write(table.cast(file_schema(name)), tmp)
                staged.append((tmp, f"{folder}/{doc_id}.parquet"))
            for name in order:  # the same document may have moved to another year
                self._remove_other_partitions(name, doc_id, fiscal_year)
                self._drop_from_parts(name, doc_id)
            for tmp, target in staged:
                self._replace(tmp, target)
        finally:
            for tmp, _ in staged:
                if self.fs.exists(tmp):
                    self.fs.rm(tmp)

    def _remove_other_partitions(self, table: str, doc_id: str, fiscal_year: int | None) -> None:
        keep = self.partition_dir(table, fiscal_year)
        for part_dir in self._partitions(table):  # one listing of the years, not of every file
            path = f"{part_dir}/{doc_id}.parquet"
            if part_dir != keep and self.fs.exists(path):
                self.fs.rm(path)

    # --- compaction: one file per table and year -----------------------------------------

    def _parts(self, table: str) -> dict[str, set[str]]:
        """Compacted files of a table → the doc_ids they hold (cached per instance)."""
        cache = self.__dict__.setdefault("_part_index", {})
        if table not in cache:
            cache[table] = {
                path: set(self._read(path, ["doc_id"]).column("doc_id").to_pylist())
                for path in self._files(table, f"{PART_PREFIX}*.parquet")
            }
        return cache[table]

    def _drop_from_parts(self, table: str, doc_id: str) -> None:
        """Remove a document's rows from the compacted files that hold them (re-ingest)."""
        parts = self._parts(table)
        for path, ids in list(parts.items()):
            if doc_id not in ids:
                continue
            t = self._read(path)
            keep = t.filter(pa.compute.not_equal(t.column("doc_id"), doc_id))
            if keep.num_rows:
                tmp = f"{path.rsplit('/', 1)[0]}/{TMP_PREFIX}{uuid.uuid4().hex[:8]}.parquet"
                self._write(keep, tmp)
                self._replace(tmp, path)
                parts[path] = ids - {doc_id}
            else:
                self.fs.rm(path)
                del parts[path]

    def _partitions(self, table: str) -> list[str]:
        if not self.fs.isdir(self.path(table)):
            return []
        entries = self.fs.ls(self.path(table), detail=True)
        return sorted(e["name"].rstrip("/") for e in entries if e["type"] == "directory")

    def compact(self) -> tuple[int, int]:
        """Merge each partition's files into one; returns (files before, files after).

        The merged file is renamed into place before its inputs are removed; a crash in
        between leaves rows twice, which `clean_temp` (run by every ingest) resolves by
        keeping the newer copy.
        """
        before = after = 0
        for table in SCHEMAS:
            for part_dir in self._partitions(table):
                files = [f for f in sorted(self.fs.glob(f"{part_dir}/*.parquet")) if not _is_temp(f)]
                before += len(files)
                if len(files) <= 1:
                    after += len(files)
                    continue
                schema = file_schema(table)
                merged = pa.concat_tables([self._read(f).cast(schema) for f in files])
                target = f"{part_dir}/{PART_PREFIX}{uuid.uuid4().hex[:12]}.parquet"
                tmp = f"{part_dir}/{TMP_PREFIX}{target.rsplit('/', 1)[1]}"
                self._write(merged, tmp)
                self._replace(tmp, target)
                for f in files:
                    self.fs.rm(f)
                after += 1
        self.__dict__.pop("_part_index", None)
        return before, after

    def _reconcile(self) -> int:
        """After a crash inside `compact`: drop the older copy of rows held twice."""
        n = 0
        for table in SCHEMAS:
            for part_dir in self._partitions(table):
                parts = sorted(self.fs.glob(f"{part_dir}/{PART_PREFIX}*.parquet"), key=self._mtime)
                if not parts:
                    continue
                newest = parts[-1]
                held = set(self._read(newest, ["doc_id"]).column("doc_id").to_pylist())
                for older in parts[:-1]:
                    ids = set(self._read(older, ["doc_id"]).column("doc_id").to_pylist())
                    if ids & held:
                        self.fs.rm(older)
                        n += 1
                for f in self.fs.glob(f"{part_dir}/*.parquet"):
                    name = f.rsplit("/", 1)[1]
                    if (
                        not name.startswith((PART_PREFIX, TMP_PREFIX))
                        and name[: -len(".parquet")] in held
                        and self._mtime(f) <= self._mtime(newest)
                    ):
                        self.fs.rm(f)
                        n += 1
        self.__dict__.pop("_part_index", None)
        return n

    def _mtime(self, path: str) -> float:
        if self.local:
            return os.stat(path).st_mtime
        return self.fs.modified(path).timestamp()

    def clean_temp(self) -> int:
        """Remove temporary files an interrupted run left behind; returns how many."""
        n = self._reconcile()
        for path in self.fs.glob(self.path("*", "*", f"{TMP_PREFIX}*")):
            self.fs.rm(path)
            n += 1
        return n

    def read(self, table: str) -> pa.Table:
        if not self._has_files(table):
            return file_schema(table).append(pa.field(PARTITION, pa.int16())).empty_table()
        return self._dataset(table).to_table()

    def _dataset(self, table: str):
        import pyarrow.dataset as ds

        return ds.dataset(
            self.path(table),
            filesystem=self._arrow_fs,
            format="parquet",
            partitioning="hive",
            exclude_invalid_files=self.local,
        )

    def known_documents(self) -> dict[str, tuple[str, str, str]]:
        """doc_id → (sha256, parser_version, status) of every committed document."""
        t = self.read("documents").select(["doc_id", "source_sha256", "parser_version", "status"]).to_pylist()
        return {r["doc_id"]: (r["source_sha256"], r["parser_version"], r["status"]) for r in t}

    def connect(self, database: str = ":memory:"):
        """A DuckDB connection with one view per table (empty tables included). A local
        warehouse is scanned by DuckDB itself; one behind fsspec through pyarrow datasets."""
        import duckdb

        con = duckdb.connect(database)
        for name in SCHEMAS:
            cast = f"SELECT * REPLACE (CAST({PARTITION} AS SMALLINT) AS {PARTITION})"
            if not self._has_files(name):
                empty = self.read(name)
                con.register(f"_{name}_empty", empty)
                con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM _{name}_empty")
            elif self.local:
                glob = self.path(name, "*", "*.parquet").replace("'", "''")
                con.execute(
                    f"CREATE OR REPLACE VIEW {name} AS {cast} "
                    f"FROM read_parquet('{glob}', hive_partitioning = true, union_by_name = true)"
                )
            else:
                con.register(f"_{name}_dataset", self._dataset(name))
                con.execute(f"CREATE OR REPLACE VIEW {name} AS {cast} FROM _{name}_dataset")
        return con


def is_url(path: str | Path) -> bool:
    """An fsspec URL (`s3://…`, `file://…`), as opposed to a local path."""
    return "://" in str(path)


def _is_temp(path: str) -> bool:
    return path.rsplit("/", 1)[-1].startswith(TMP_PREFIX)
