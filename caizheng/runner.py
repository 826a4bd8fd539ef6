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
from pathlib import Path

from extract import SUFFIXES
from normalize.warehouse import Warehouse

from .pipeline import PARSER_VERSION, Result, failure, process_file, sha256_file
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
            yield (
                path,
                "",
                f"file is {size / 1024 / 1024:,.0f} MB, over the {max_size_mb:g} MB limit (--max-size)",
            )
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
    """Ingest every report below `source` into the warehouse at `out`.

    Each document runs in its own worker (`pool.run_supervised`) with a time limit
    and a memory ceiling, unless `workers` is 0 (in this process: debugging).
    `engine="dask"` runs the same per-document function on a Dask cluster instead.
    """
    warehouse = Warehouse(out).create()
    warehouse.clean_temp()
    source = Path(source)
    root = source if source.is_dir() else source.parent
    summary = Summary()
    todo = []
    for path, digest, refusal in pending(discover(source), warehouse, force, max_size_mb):
        if refusal:
            result = failure(path, root, None, refusal)
            warehouse.write_document(result.doc_id, result.fiscal_year, result.tables)
            summary.add(result)
            if progress:
                progress(result)
        elif digest is None:
            summary.skipped += 1
            if progress:
                progress(None)
        else:
            todo.append((path, digest or None))
    todo.sort(key=lambda item: _size(item[0]), reverse=True)  # largest first: no long file left for the end
    if engine == "dask":
        from .dask_engine import run_dask

        results = run_dask(todo, root, workers, scheduler)
    elif workers == 0:
        results = (process(path, root, digest) for path, digest in todo)
    else:
        results = run_supervised(todo, root, workers, timeout, max_memory_mb, process)
    for result in results:
        warehouse.write_document(result.doc_id, result.fiscal_year, result.tables)
        summary.add(result)
        if progress:
            progress(result)
    if compact:
        warehouse.compact()
    return summary
