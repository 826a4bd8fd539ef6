"""The batch runner: find the reports in a folder, process each once, write the
warehouse, report progress and a summary.

Files whose sha256 and parser version are already committed to the warehouse
are skipped (`force=True` redoes them). Each document is processed in its own
supervised worker (`pool`), `workers` at a time and the largest first (so no
long file is left running alone at the end), with a time limit and a memory
ceiling; a file over the size limit is refused before it is read. Each result is
written as soon as it arrives, so memory does not grow with the corpus, and a
run killed at any point resumes where it stopped.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from caizheng.extract import SUFFIXES
from caizheng.normalize.warehouse import Warehouse, is_url

from .pipeline import (
    DONE,
    PARSER_VERSION,
    Result,
    _relative,
    failure,
    file_kind,
    process_file,
    process_url,
    root_name,
    too_large,
)
from .pool import run_supervised


@dataclass
class Summary:
    statuses: Counter = field(default_factory=Counter)
    skipped: int = 0
    pages: int = 0
    rows: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # path, status, error
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # path, path holding the same content
    carried_over: list[tuple[str, str]] = field(default_factory=list)  # failed in an earlier run, not redone
    retried: int = 0  # documents that had failed before and were read again
    warnings: list[str] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.statuses[result.status] += 1
        self.pages += result.pages
        for name in result.tables:
            self.rows[name] += result.count(name)
        if result.status != "ok":
            self.failures.append((result.source_path, result.status, result.error or ""))

    @property
    def processed(self) -> int:
        return sum(self.statuses.values())


def discover(root: str | Path, onerror: Callable[[OSError], None] | None = None) -> list[Path]:
    """Report files below `root` (or `root` itself), in a stable order; links to
    directories are not followed, so a symlink loop cannot trap the walk. A folder
    that cannot be listed is passed to `onerror`."""
    root = Path(root)
    if not root.is_dir():
        return [root]
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix.lower() in SUFFIXES and not name.startswith("."):
                found.append(path)
    return found


def refusal(
    path: Path, root: Path, max_size_mb: float | None = None, follow_links: bool = False
) -> str | None:
    """Why a discovered file is not read, or None. Only its metadata is looked at, never
    its content: a FIFO, a device or a socket is not a document (reading one blocks or never
    ends); a link out of the input folder is refused unless `follow_links`; a file over
    `max_size_mb` is refused before it is read."""
    try:
        st = path.stat()
    except OSError as exc:  # gone, no access, a link loop
        return f"cannot read the file: {exc.strerror or exc}"
    kind = file_kind(st.st_mode)
    if kind:
        return f"not a regular file: {kind}"
    if not follow_links and path.is_symlink() and not _inside(path, root):
        return "a symbolic link to a file outside the input folder (--follow-links reads it)"
    if max_size_mb and st.st_size > max_size_mb * 1024 * 1024:
        return too_large(st.st_size, max_size_mb)
    return None


def _inside(path: Path, root: Path) -> bool:
    target, folder = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([target, folder]) == folder


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def ingest(
    source: str | Path,
    out: str | Path,
    *,
    workers: int = 1,
    force: bool = False,
    progress: Callable[[Result | None], None] | None = None,
    timeout: float | None = 120.0,
    max_memory_mb: int | None = 4096,
    max_size_mb: float | None = 500,
    engine: str = "local",
    scheduler: str | None = None,
    compact: bool = False,
    follow_links: bool = False,
    process: Callable[..., Result] = process_file,
) -> Summary:
    """Ingest every report below `source` (a folder, a file, or an fsspec URL such as
    `s3://bucket/reports`) into the warehouse at `out` (a folder or an fsspec URL).

    Each document runs in its own worker (`pool.run_supervised`) with a time limit
    and a memory ceiling, unless `workers` is 0 (in this process: debugging); the
    worker hashes the file and skips it when it is done for this parser version.
    `engine="dask"` runs the same per-document function on a Dask cluster instead.
    Only one ingest (or compact) writes a warehouse at a time (`Warehouse.lock`).
    """
    warehouse = Warehouse(out).create()
    with warehouse.lock():
        warehouse.clean_temp()
        summary = Summary()
        if is_url(source):
            root, todo = remote_todo(str(source))
        else:
            source = Path(source)
            root = source if source.is_dir() else source.parent
            todo = []
        book = Ledger(warehouse, root_name(root), force)

        def record(result: Result) -> None:
            book.record(result, summary)
            if progress:
                progress(None if result.status == "skipped" else result)

        if is_url(source):
            process = partial(process_url, known=book.done, max_size_mb=max_size_mb)
        else:
            for path in discover(source, onerror=lambda exc: summary.warnings.append(_unreadable(exc, root))):
                refused = refusal(path, root, max_size_mb, follow_links) if source.is_dir() else None
                if refused:
                    record(failure(path, root, None, refused))
                else:
                    todo.append((path, None))
            todo.sort(key=lambda item: _size(item[0]), reverse=True)  # no long file left alone at the end
            process = partial(process, known=book.done)
        if engine == "dask":
            from .dask_engine import run_dask

            results = run_dask(
                todo, root, workers, scheduler, known=book.done, url=is_url(source), max_size_mb=max_size_mb
            )
        elif workers == 0:
            results = (process(path, root, digest) for path, digest in todo)
        else:
            results = run_supervised(todo, root, workers, timeout, max_memory_mb, process)
        for result in results:
            record(result)
        summary.carried_over = book.carried_over()
        if compact:
            warehouse.compact()
    return summary


def done_statuses() -> frozenset[str]:
    """A scan stored as needs_ocr is read again once OCR is installed and on."""
    from caizheng.extract import ocr

    return DONE - {"needs_ocr"} if ocr.enabled() else DONE


def _unreadable(exc: OSError, root: Path) -> str:
    name = _relative(Path(exc.filename), root) if exc.filename else "?"
    return f"cannot read the folder {name}: {exc.strerror or exc}; its files were not ingested"


class Ledger:
    """What the warehouse holds, by content and by name, kept current while a run writes.

    A file is done when its sha256 is committed with status ok, partial or needs_ocr by
    this parser version (a failed document is retried). A name (the folder it was
    ingested from and its path below it) holds one document: when a file's content
    changes, or a file that failed is read, the rows of what the name held before go.
    The same content under a second name is written once and reported as a duplicate.
    """

    def __init__(self, warehouse: Warehouse, root: str | None, force: bool):
        self.warehouse, self.root = warehouse, root
        self.rows = {r["doc_id"]: r for r in warehouse.documents_index()}
        self.done = frozenset(
            r["source_sha256"]
            for r in self.rows.values()
            if not force and r["parser_version"] == PARSER_VERSION and r["status"] in done_statuses()
        )
        self.by_name: dict[tuple, set[str]] = {}
        for doc_id, r in self.rows.items():
            self.by_name.setdefault(_name(r), set()).add(doc_id)
        self.touched: set[str] = set()

    def record(self, result: Result, summary: Summary) -> None:
        name = (self.root, result.source_path)
        holder = self.rows.get(result.doc_id)
        elsewhere = holder is not None and _name(holder) != name
        if result.status == "skipped" or (elsewhere and result.doc_id in self.touched):
            if elsewhere:  # the same content, already held by another name
                summary.duplicates.append((result.source_path, holder["source_path"]))
            else:
                summary.skipped += 1
            self.touched.add(result.doc_id)
            self._drop_stale(name, result.doc_id)
            return
        summary.retried += any(self.rows[d]["status"] == "failed" for d in self.by_name.get(name, ()))
        self.warehouse.write_document(result.doc_id, result.fiscal_year, result.tables)
        if holder is not None:
            self.by_name.get(_name(holder), set()).discard(result.doc_id)
        self.rows[result.doc_id] = {
            "source_root": self.root,
            "source_path": result.source_path,
            "status": result.status,
            "error": result.error,
        }
        self.touched.add(result.doc_id)
        self._drop_stale(name, result.doc_id)
        summary.add(result)

    def _drop_stale(self, name: tuple, doc_id: str) -> None:
        """The rows of what this name held before `doc_id` are removed."""
        held = self.by_name.setdefault(name, set())
        for old in sorted(held - {doc_id}):
            self.warehouse.remove_document(old)
            self.rows.pop(old, None)
            held.discard(old)
        held.add(doc_id)

    def carried_over(self) -> list[tuple[str, str]]:
        """(path, error) of the failed documents of this folder from earlier runs that this
        run did not redo (their file is gone)."""
        return sorted(
            (r["source_path"], r["error"] or "")
            for d, r in self.rows.items()
            if d not in self.touched and r["status"] == "failed" and r.get("source_root") == self.root
        )


def _name(row: dict) -> tuple:
    return row.get("source_root"), row["source_path"]


def remote_todo(url: str) -> tuple[str, list[tuple[str, None]]]:
    """The root and the report files below an fsspec URL (or the one file it names),
    largest first; hidden files and folders are passed over, as locally."""
    import fsspec

    fs, base = fsspec.core.url_to_fs(url)
    base = base.rstrip("/")
    if fs.isfile(base):
        found = {base: fs.size(base)}
        base = base.rsplit("/", 1)[0]
    else:
        found = {p: info.get("size") or 0 for p, info in fs.find(base, detail=True).items()}
    keep = [
        (p, size)
        for p, size in found.items()
        if Path(p).suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in p[len(base) :].split("/"))
    ]
    keep.sort(key=lambda item: (-item[1], item[0]))
    return fs.unstrip_protocol(base), [(fs.unstrip_protocol(p), None) for p, _ in keep]
