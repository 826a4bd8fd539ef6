"""The warehouse: a folder of hive-partitioned Parquet datasets, one per table.

Layout: `ROOT/<table>/fiscal_year=<year>/<doc_id>.parquet` (unknown year:
`fiscal_year=0`, read back as null: pyarrow, and so pandas, cannot read a hive
dataset that has a null partition). A document's rows are written to temporary
files first (named `.tmp-….partial`, outside every reader's `*.parquet`) and
renamed into place, the `documents` row last, so that row is the commit mark: a
document without it was interrupted and is redone; re-ingesting a file replaces
its rows. Every table gets a file per document, empty or not, so every dataset
exists with its schema. One process writes at a time (`lock`).
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import pyarrow.parquet as pq

from .rows import file_schema
from .schema import PARTITION, SCHEMAS

NULL_YEAR = 0  # the partition of documents whose year is unknown
LEGACY_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # how warehouses before 0.3 named it
TMP_PREFIX = ".tmp-"
TMP_SUFFIX = ".partial"  # a staged file: never matched by `*.parquet`
PART_PREFIX = "part-"  # a compacted file: many documents of one table and year
ROW_GROUP = 10_000


class WarehouseLocked(Exception):
    """Another process is writing to this warehouse."""


class DamagedFile(Exception):
    """A Parquet file of the warehouse cannot be read."""


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
        value = NULL_YEAR if fiscal_year is None else int(fiscal_year)
        return self.path(table, f"{PARTITION}={value}")

    @contextmanager
    def lock(self):
        """Hold the warehouse for writing (ingest, compact): a second writer gets
        `WarehouseLocked` naming the holder's pid. Local folders only (an `fcntl` lock
        on ROOT/.lock, released by the kernel if the holder dies); other filesystems
        are not locked."""
        try:
            import fcntl
        except ImportError:  # not POSIX
            fcntl = None
        if not self.local or fcntl is None or self.__dict__.get("_held"):
            yield self  # not lockable, or already held by this instance
            return
        f = open(self.path(".lock"), "a+", encoding="ascii")
        try:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                f.seek(0)
                pid = f.read().strip()
                holder = f"process {pid}" if pid else "another process"
                raise WarehouseLocked(
                    f"the warehouse {self.root} is being written by {holder} (an ingest or compact); "
                    "wait for it to finish"
                ) from None
            f.truncate(0)
            f.write(f"{os.getpid()}\n")
            f.flush()
            self._held = True
            yield self
        finally:
            self._held = False
            f.close()

    def _files(self, table: str, pattern: str) -> list[str]:
        """Files of a table's partitions whose name matches `pattern`, sorted."""
        return self._glob(self.path(table), f"*/{pattern}")

    def _glob(self, folder: str, pattern: str) -> list[str]:
        """Paths below `folder` matching `pattern`, sorted; `folder` is literal (a `[` in it
        is a `[`)."""
        if self.local:
            return sorted(str(p) for p in Path(folder).glob(pattern))
        return sorted(self.fs.glob(f"{glob_escape(folder)}/{pattern}"))

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
                tmp = _staged(folder, doc_id)
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

    def remove_document(self, doc_id: str) -> None:
        """Remove a document's rows from every table, its `documents` row last (a crash in
        between leaves it committed, so the caller's next run finishes the removal)."""
        for name in [n for n in SCHEMAS if n != "documents"] + ["documents"]:
            for part_dir in self._partitions(name):
                path = f"{part_dir}/{doc_id}.parquet"
                if self.fs.exists(path):
                    self.fs.rm(path)
            self._drop_from_parts(name, doc_id)

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
                tmp = _staged(path.rsplit("/", 1)[0], "part")
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
        with self.lock():
            self.clean_temp()
            return self._compact()

    def _compact(self) -> tuple[int, int]:
        before = after = 0
        for table in SCHEMAS:
            for part_dir in self._partitions(table):
                files = [f for f in sorted(self._glob(part_dir, "*.parquet")) if not _is_temp(f)]
                before += len(files)
                if len(files) <= 1:
                    after += len(files)
                    continue
                schema = file_schema(table)
                merged = pa.concat_tables([self._read(f).cast(schema) for f in files])
                target = f"{part_dir}/{PART_PREFIX}{uuid.uuid4().hex[:12]}.parquet"
                tmp = _staged(part_dir, "part")
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
                parts = sorted(self._glob(part_dir, f"{PART_PREFIX}*.parquet"), key=self._mtime)
                if not parts:
                    continue
                newest = parts[-1]
                held = set(self._read(newest, ["doc_id"]).column("doc_id").to_pylist())
                for older in parts[:-1]:
                    ids = set(self._read(older, ["doc_id"]).column("doc_id").to_pylist())
                    if ids & held:
                        self.fs.rm(older)
                        n += 1
                for f in self._glob(part_dir, "*.parquet"):
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
        """Remove temporary files an interrupted run left behind, finish what a crash
        interrupted (`_reconcile`, `repair`, the legacy null partition); returns how many
        files were removed."""
        self._migrate_null_partitions()
        n = 0
        for path in self._glob(self.base, f"*/*/{TMP_PREFIX}*"):
            self.fs.rm(path)
            n += 1
        self.repaired = self.repair()
        return n + len(self.repaired) + self._reconcile()

    def _migrate_null_partitions(self) -> None:
        """Warehouses written before 0.3 kept unknown years in `__HIVE_DEFAULT_PARTITION__`."""
        for table in SCHEMAS:
            legacy = self.path(table, f"{PARTITION}={LEGACY_NULL_PARTITION}")
            if not self.fs.isdir(legacy):
                continue
            target = self.partition_dir(table, None)
            self.fs.makedirs(target, exist_ok=True)
            for f in self._glob(legacy, "*.parquet"):
                self._replace(f, f"{target}/{f.rsplit('/', 1)[1]}")
            self.fs.rm(legacy, recursive=True)

    def damaged_files(self, table: str) -> list[str]:
        """The table's files that are not whole Parquet files (truncated by a crash or a
        full disk): their footer is checked, which is what every reader reads first."""
        return [f for f in self._files(table, "*.parquet") if not self._whole(f)]

    def _whole(self, path: str) -> bool:
        try:
            size = self.fs.size(path)
            if size < 12:
                return False
            with self.fs.open(path, "rb") as f:
                head = f.read(4)
                f.seek(size - 8)
                tail = f.read(8)
            footer = int.from_bytes(tail[:4], "little")
            return head == b"PAR1" and tail[4:] == b"PAR1" and footer + 12 <= size
        except OSError:
            return False

    def repair(self) -> list[str]:
        """Remove the damaged files the warehouse's writers own, so that ingest writes
        them again; returns one line per file removed. A document's own file: the
        document is uncommitted (its `documents` row goes) and is read again by the next
        ingest. A compacted file of a year: every document of that year is uncommitted.
        Local warehouses only (the check reads each file's footer)."""
        if not self.local:
            return []
        lines = []
        for table in SCHEMAS:
            for path in self.damaged_files(table):
                part_dir, name = path.rsplit("/", 1)
                if name.startswith(PART_PREFIX):
                    year = part_dir.rsplit("=", 1)[1]
                    doc_ids = self._documents_of_year(year) if table != "documents" else []
                else:
                    doc_ids = [name[: -len(".parquet")]]
                self.fs.rm(path)
                self.__dict__.pop("_part_index", None)
                for doc_id in doc_ids:
                    self._uncommit(doc_id)
                lines.append(f"removed the damaged file {path}; its documents will be read again")
        return lines

    def _documents_of_year(self, year: str) -> list[str]:
        folder = self.path("documents", f"{PARTITION}={year}")
        ids = []
        for f in self._glob(folder, "*.parquet"):
            if self._whole(f):
                ids += self._read(f, ["doc_id"]).column("doc_id").to_pylist()
        return ids

    def _uncommit(self, doc_id: str) -> None:
        for part_dir in self._partitions("documents"):
            path = f"{part_dir}/{doc_id}.parquet"
            if self.fs.exists(path):
                self.fs.rm(path)
        self._drop_from_parts("documents", doc_id)

    def read(self, table: str) -> pa.Table:
        """The whole table, `fiscal_year` null where unknown. A damaged file raises
        `DamagedFile` naming it."""
        if not self._has_files(table):
            return _with_year(file_schema(table)).empty_table()
        try:
            t = self._dataset(table).to_table()
        except (OSError, pa.ArrowException) as exc:
            raise self._damage(table, exc) from exc
        i = t.schema.get_field_index(PARTITION)
        year = t.column(i)
        unknown = pa.compute.equal(year, NULL_YEAR)
        return t.set_column(i, PARTITION, pa.compute.if_else(unknown, pa.scalar(None, year.type), year))

    def _damage(self, table: str, exc: Exception) -> Exception:
        damaged = self.damaged_files(table) if self.local else []
        if damaged:
            return DamagedFile(
                f"damaged file {damaged[0]} ({len(damaged)} in {table}); `caizheng ingest` re-creates it"
            )
        return DamagedFile(f"cannot read the table {table}: {str(exc).splitlines()[0]}")

    def _dataset(self, table: str):
        import pyarrow.dataset as ds

        return ds.dataset(
            self.path(table),
            schema=_with_year(file_schema(table)),
            filesystem=self._arrow_fs,
            format="parquet",
            partitioning=ds.partitioning(pa.schema([pa.field(PARTITION, pa.int16())]), flavor="hive"),
        )

    def documents_index(self) -> list[dict]:
        """doc_id, source_sha256, parser_version, status, error, source_root and
        source_path of every committed document."""
        columns = [
            "doc_id",
            "source_sha256",
            "parser_version",
            "status",
            "error",
            "source_root",
            "source_path",
        ]
        return self.read("documents").select(columns).to_pylist()

    def known_documents(self) -> dict[str, tuple[str, str, str]]:
        """doc_id → (sha256, parser_version, status) of every committed document."""
        return {
            r["doc_id"]: (r["source_sha256"], r["parser_version"], r["status"])
            for r in self.documents_index()
        }

    def connect(self, database: str = ":memory:"):
        """A DuckDB connection with one view per table (empty tables included). A local
        warehouse is scanned by DuckDB itself; one behind fsspec through pyarrow datasets.
        A table with a damaged file gets a view that fails, naming the file, whenever it
        is used; the other tables work."""
        import duckdb

        con = duckdb.connect(database)
        for name in SCHEMAS:
            try:
                self._view(con, name)
            except (duckdb.Error, OSError, pa.ArrowException) as exc:
                message = str(self._damage(name, exc)).replace("'", "''")
                con.execute(
                    f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM range(1) WHERE error('{message}') IS NULL"
                )
        return con

    def _view(self, con, name: str) -> None:
        year = f"NULLIF(CAST({PARTITION} AS SMALLINT), {NULL_YEAR})"
        cast = f"SELECT * REPLACE ({year} AS {PARTITION})"
        if not self._has_files(name):
            con.register(f"_{name}_empty", _with_year(file_schema(name)).empty_table())
            con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM _{name}_empty")
        elif self.local:
            glob = glob_escape(self.path(name)) + "/*/*.parquet"
            con.execute(
                f"CREATE OR REPLACE VIEW {name} AS {cast} "
                f"FROM read_parquet('{_sql_string(glob)}', hive_partitioning = true, union_by_name = true)"
            )
        else:
            con.register(f"_{name}_dataset", self._dataset(name))
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {cast} FROM _{name}_dataset")


def is_url(path: str | Path) -> bool:
    """An fsspec URL (`s3://…`, `file://…`), as opposed to a local path."""
    return "://" in str(path)


def glob_escape(path: str) -> str:
    """A literal path inside a DuckDB glob: `[`, `*`, `?` in a folder name match themselves."""
    return "".join(f"[{c}]" if c in "[*?" else c for c in path)


def _sql_string(text: str) -> str:
    return text.replace("'", "''")


def _with_year(schema: pa.Schema) -> pa.Schema:
    return schema.append(pa.field(PARTITION, pa.int16()))


def _staged(folder: str, stem: str) -> str:
    """A temporary file in `folder`: hidden and without the `.parquet` suffix, so no
    reader's glob (`*/*.parquet`, pyarrow's discovery) ever sees it half-written."""
    return f"{folder}/{TMP_PREFIX}{stem}-{uuid.uuid4().hex[:8]}{TMP_SUFFIX}"


def _is_temp(path: str) -> bool:
    return path.rsplit("/", 1)[-1].startswith(TMP_PREFIX)
