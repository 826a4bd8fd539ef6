"""The batch runner: find the reports in a folder, process each once, write the
warehouse, report progress and a summary.

Files whose sha256 and parser version are already committed to the warehouse
are skipped (`force=True` redoes them). Documents are processed in a process
pool when `workers > 1`; each result is written as soon as it arrives, so
memory does not grow with the corpus.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from extract import SUFFIXES
from normalize.warehouse import Warehouse

from .pipeline import PARSER_VERSION, Result, process_file, sha256_file


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


def pending(paths: Iterable[Path], warehouse: Warehouse, force: bool) -> Iterator[tuple[Path, str]]:
    """(path, sha256) of the files that need processing."""
    known = {} if force else warehouse.known_documents()
    for path in paths:
        try:
            digest = sha256_file(path)
        except OSError:
            yield path, ""
            continue
        seen = known.get(digest[:16])
        if seen and seen[0] == digest and seen[1] == PARSER_VERSION:
            yield path, None  # already in the warehouse
            continue
        yield path, digest


def ingest(
    source: str | Path,
    out: str | Path,
    *,
    workers: int = 1,
    force: bool = False,
    progress: Callable[[Result | None], None] | None = None,
) -> Summary:
    """Ingest every report below `source` into the warehouse at `out`."""
    warehouse = Warehouse(out).create()
    warehouse.clean_temp()
    source = Path(source)
    root = source if source.is_dir() else source.parent
    summary = Summary()
    todo = []
    for path, digest in pending(discover(source), warehouse, force):
        if digest is None:
            summary.skipped += 1
            if progress:
                progress(None)
        else:
            todo.append((path, digest or None))
    for result in _run(todo, root, workers):
        warehouse.write_document(result.doc_id, result.fiscal_year, result.tables)
        summary.add(result)
        if progress:
            progress(result)
    return summary


def _run(todo: list[tuple[Path, str | None]], root: Path, workers: int) -> Iterator[Result]:
    if workers <= 1 or len(todo) <= 1:
        for path, digest in todo:
            yield process_file(path, root, digest)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(process_file, path, root, digest) for path, digest in todo]
        for future in as_completed(futures):
            yield future.result()
