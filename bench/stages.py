"""Where one document's time goes, stage by stage, in this process, next to bare pdfplumber.

The stages are the pipeline's own functions, timed where they are looked up at call
time (module attributes), so what is measured is `pipeline.process_file` itself, not
a copy of its chain:

| stage | what | timed around |
|---|---|---|
| read | pdfminer's layout pass, the characters, duplicates removed, the file opened | `read_document` minus lines and tables |
| lines | lines with their boxes, CJK spacing | `extract.pdf.page_to_lines` |
| tables | ruled (and unruled) tables found, their cells' text | `extract.pdf.page_to_tables` |
| parsers | metadata, budget lines, facts, indicators, scores | `parsers.parse_document` |
| audit | every rule on the document's rows | `audit.audit_document` |
| arrow | records to Arrow tables | `caizheng.pipeline.records_to_arrow` |
| write | the document's Parquet files, atomically | `Warehouse.write_document` |
| other | hashing the file, regions, rows handed to the audit | the rest of `process_file` |

Times are CPU seconds of this process (`time.process_time`), so other programs on the
machine slow both sides of a ratio alike; wall seconds are kept next to them. Bare
pdfplumber is split the same way: layout (`page.chars`), `extract_text`, `find_tables`.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from pathlib import Path

STAGES = ("read", "lines", "tables", "parsers", "audit", "arrow", "write", "other")
BARE_STAGES = ("layout", "extract_text", "find_tables")


class Clock:
    """CPU and wall seconds by stage, summed over documents."""

    def __init__(self):
        self.cpu: Counter[str] = Counter()
        self.wall: Counter[str] = Counter()

    @contextlib.contextmanager
    def stage(self, name: str):
        c, w = time.process_time(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[name] += time.process_time() - c
            self.wall[name] += time.perf_counter() - w

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            with self.stage(name):
                return fn(*args, **kwargs)

        return timed

    def add(self, other: Clock) -> None:
        self.cpu.update(other.cpu)
        self.wall.update(other.wall)


def bare_pdfplumber(path: Path, clock: Clock) -> int:
    """What a bare pdfplumber user does per page (its text and its tables); the pages."""
    import pdfplumber

    pages = 0
    with clock.stage("bare"), pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            with clock.stage("layout"):
                page.chars  # noqa: B018  (pdfminer's layout pass, run once per page)
            with clock.stage("extract_text"):
                page.extract_text()
            with clock.stage("find_tables"):
                page.find_tables()
            pages += 1
            page.close()
    return pages


@contextlib.contextmanager
def instrumented(clock: Clock):
    """The pipeline's stage functions wrapped with `clock` while the block runs."""
    from caizheng import audit, parsers, pipeline
    from caizheng.extract import pdf

    targets = [
        (pipeline, "read_document", "reading"),
        (pdf, "page_to_lines", "lines"),
        (pdf, "page_to_tables", "tables"),
        (parsers, "parse_document", "parsers"),
        (audit, "audit_document", "audit"),
        (pipeline, "records_to_arrow", "arrow"),
    ]
    saved = [(mod, attr, getattr(mod, attr)) for mod, attr, _ in targets]
    try:
        for mod, attr, name in targets:
            setattr(mod, attr, clock.wrap(name, getattr(mod, attr)))
        yield
    finally:
        for mod, attr, fn in saved:
            setattr(mod, attr, fn)


def pipeline_stages(path: Path, root: Path, warehouse, clock: Clock) -> int:
    """The whole pipeline on one file in this process, its stages timed; the pages."""
    from caizheng import pipeline

    inner = Clock()
    with instrumented(inner), inner.stage("pipeline"):
        result = pipeline.process_file(path, root)
        with inner.stage("write"):
            warehouse.write_document(result.doc_id, result.fiscal_year, result.tables)
    for c in (inner.cpu, inner.wall):
        c["read"] = c.pop("reading", 0.0) - c["lines"] - c["tables"]
        c["other"] = c["pipeline"] - sum(c[s] for s in STAGES if s != "other")
    clock.add(inner)
    return result.pages
