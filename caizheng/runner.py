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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from extract import SUFFIXES
from normalize.warehouse import Warehouse, is_url

from .pipeline import PARSER_VERSION, Result, failure, process_file, process_url, sha256_file, too_large
from .pool import run_supervised


@dataclass
class Summary:
    statuses: Counter = field(default_factory=Counter)
    skipped: int = 0
    pages: int = 0
    rows: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # path, status, error

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


def discover(root: str | Path) -> list[Path]:
    """Report files below `root` (or `root` itself), in a stable order; links to
    directories are not followed, so a symlink loop cannot trap the walk."""
    root = Path(root)
    if root.is_file():
        return [root]
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix.lower() in SUFFIXES and not name.startswith("."):
                found.append(path)
    return found


def pending(
    paths: Iterable[Path], warehouse: Warehouse, force: bool, max_size_mb: float | None = None
) -> Iterator[tuple[Path, str | None, str | None]]:
    """(path, sha256, refusal) of the files that need processing; sha256 None with no
    refusal means already in the warehouse. A file over `max_size_mb` is refused
    before it is read (hashing a 5 GB file would stall the run)."""
    known = {} if force else warehouse.known_documents()
    for path in paths:
        try:
            size = path.stat().st_size
        except OSError as exc:
            yield path, "", f"cannot read the file: {exc.strerror or exc}"
            continue
        if max_size_mb and size > max_size_mb * 1024 * 1024:
            yield path, "", too_large(size, max_size_mb)
            continue
        try:
            digest = sha256_file(path)
        except OSError:
            yield path, "", None
            continue
        seen = known.get(digest[:16])
        if seen and seen[0] == digest and seen[1] == PARSER_VERSION:
            yield path, None, None  # already in the warehouse
            continue
        yield path, digest, None


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
    max_memory_mb: int | None = 2048,
    max_size_mb: float | None = 500,
    engine: str = "local",
    scheduler: str | None = None,
    compact: bool = False,
    process: Callable[..., Result] = process_file,
) -> Summary:
    """Ingest every report below `source` (a folder, a file, or an fsspec URL such as
    `s3://bucket/reports`) into the warehouse at `out` (a folder or an fsspec URL).

    Each document runs in its own worker (`pool.run_supervised`) with a time limit
    and a memory ceiling, unless `workers` is 0 (in this process: debugging).
    `engine="dask"` runs the same per-document function on a Dask cluster instead.
    Files behind a URL are fetched, hashed and skipped if known by the worker that
    reads them, so the machine running the command never downloads the corpus.
    """
    warehouse = Warehouse(out).create()
    warehouse.clean_temp()
    summary = Summary()

    def record(result: Result) -> None:
        if result.status == "skipped":
            summary.skipped += 1
            if progress:
                progress(None)
            return
        warehouse.write_document(result.doc_id, result.fiscal_year, result.tables)
        summary.add(result)
        if progress:
            progress(result)

    known = None  # for files behind URLs: the sha256s the workers skip
    if is_url(source):
        root, todo = remote_todo(str(source))
        known = frozenset(
            sha
            for sha, version, _ in ({} if force else warehouse.known_documents()).values()
            if version == PARSER_VERSION
        )
        process = partial(process_url, known=known, max_size_mb=max_size_mb)
    else:
        source = Path(source)
        root = source if source.is_dir() else source.parent
        todo = []
        for path, digest, refusal in pending(discover(source), warehouse, force, max_size_mb):
            if refusal:
                record(failure(path, root, None, refusal))
            elif digest is None:
                record(Result("", "", str(path), None, "skipped", None, 0))
            else:
                todo.append((path, digest or None))
        # largest first: no long file left running alone at the end
        todo.sort(key=lambda item: _size(item[0]), reverse=True)
    if engine == "dask":
        from .dask_engine import run_dask

        results = run_dask(todo, root, workers, scheduler, known=known, max_size_mb=max_size_mb)
    elif workers == 0:
        results = (process(path, root, digest) for path, digest in todo)
    else:
        results = run_supervised(todo, root, workers, timeout, max_memory_mb, process)
    for result in results:
        record(result)
    if compact:
        warehouse.compact()
    return summary


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
