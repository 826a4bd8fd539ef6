"""One document, end to end: read → parse → normalize → audit → Arrow tables.

`process_file` never raises for bad input: the file gets a `documents` row with
a status (`ok`, `partial`, `failed`, `needs_ocr`) and a one-line error, and the
batch goes on. It is a plain function of its arguments so any executor (a
process pool, a Dask cluster) can run it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa

import audit
import parsers
from extract import DocumentLoadError, read_document
from extract.model import Document
from normalize.regions import resolve
from normalize.rows import records_to_arrow
from normalize.warehouse import is_url

PARSER_VERSION = parsers.__version__


@dataclass
class Result:
    doc_id: str
    sha256: str
    source_path: str
    fiscal_year: int | None
    status: str
    error: str | None
    pages: int
    tables: dict[str, pa.Table] = field(default_factory=dict)
    seconds: float = 0.0

    def count(self, table: str) -> int:
        t = self.tables.get(table)
        return t.num_rows if t is not None else 0


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def process_file(
    path: str | Path,
    root: str | Path | None = None,
    sha256: str | None = None,
    *,
    source_path: str | None = None,
) -> Result:
    """Everything the warehouse holds about one file (`source_path`: its name in the
    warehouse, when not its path below `root`)."""
    path = Path(path)
    started = time.monotonic()
    rel = source_path or _relative(path, root)
    base = {"source_path": rel, "file_format": path.suffix.lower().lstrip(".") or None}
    try:
        base["file_size"] = path.stat().st_size
        digest = sha256 or sha256_file(path)
    except OSError as exc:
        digest = hashlib.sha256(rel.encode()).hexdigest()  # unreadable: identify by name
        return _failed(digest, base, "failed", f"cannot read the file: {exc.strerror or exc}", started)
    try:
        doc = read_document(path, sha256=digest)
    except DocumentLoadError as exc:
        return _failed(digest, base, exc.status, str(exc), started)
    except Exception as exc:  # a reader bug: record it, keep the batch going
        return _failed(
            digest, base, "failed", f"internal error while reading: {type(exc).__name__}: {exc}", started
        )
    try:
        return document_to_result(doc, base, started)
    except Exception as exc:
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return _failed(
            digest, base, "failed", f"internal error while parsing: {detail}", started, pages=doc.page_count
        )


def process_url(
    url: str,
    root: str,
    sha256: str | None = None,
    *,
    known: frozenset[str] = frozenset(),
    max_size_mb: float | None = None,
) -> Result:
    """`process_file` for a file behind an fsspec URL (`s3://bucket/reports/a.pdf`): fetched
    into a temporary file by the worker that reads it, hashed there, and skipped (status
    `skipped`, nothing to write) when its sha256 is in `known` for this parser version."""
    import fsspec

    started = time.monotonic()
    fs, remote = fsspec.core.url_to_fs(url)
    rel = _relative(url, root)
    base = {"source_path": rel, "file_format": Path(remote).suffix.lower().lstrip(".") or None}
    try:
        size = fs.size(remote)
        base["file_size"] = size
        if max_size_mb and size > max_size_mb * 1024 * 1024:
            return _failed(_name_digest(rel), base, "failed", too_large(size, max_size_mb), started)
        with tempfile.TemporaryDirectory(prefix="caizheng-") as tmp:
            local = Path(tmp) / Path(remote).name
            fs.get_file(remote, str(local))
            digest = sha256 or sha256_file(local)
            if digest in known:
                return Result(digest[:16], digest, rel, None, "skipped", None, 0)
            return process_file(local, tmp, digest, source_path=rel)
    except Exception as exc:  # the store's own errors (access denied, a lost connection) cost only this file
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
        return _failed(_name_digest(rel), base, "failed", f"cannot fetch the file: {reason}", started)


def too_large(size: int, max_size_mb: float) -> str:
    return f"file is {size / 1024 / 1024:,.0f} MB, over the {max_size_mb:g} MB limit (--max-size)"


def failure(path: str | Path, root, sha256: str | None, error: str, status: str = "failed") -> Result:
    """The `documents` row of a file that could not be processed at all (too large, timed
    out, its worker killed), identified by its content where it could be hashed."""
    rel = _relative(path, root)
    base = {"source_path": rel, "file_format": Path(rel).suffix.lower().lstrip(".") or None}
    if not is_url(path):
        try:
            base["file_size"] = Path(path).stat().st_size
        except OSError:
            pass
    return _failed(sha256 or _name_digest(rel), base, status, error, time.monotonic())


def _name_digest(rel: str) -> str:
    """The identity of a file whose content could not be hashed: its name."""
    return hashlib.sha256(f"unreadable:{rel}".encode()).hexdigest()


def document_to_result(doc: Document, base: dict, started: float) -> Result:
    if not any(p.has_text for p in doc.pages):
        return _failed(
            doc.sha256,
            base,
            "needs_ocr",
            "no text layer on any page: scanned PDF, needs OCR",
            started,
            pages=doc.page_count,
        )
    parsed = parsers.parse_document(doc)
    info = parsed.info
    region = resolve(info.org_name, doc.text[:50_000])
    tables = {
        "budget_lines": records_to_arrow("budget_lines", doc.doc_id, parsed.budget_lines),
        "facts": records_to_arrow("facts", doc.doc_id, parsed.facts),
        "indicators": records_to_arrow("indicators", doc.doc_id, parsed.indicators),
        "scores": records_to_arrow("scores", doc.doc_id, parsed.scores),
        "source_tables": records_to_arrow("source_tables", doc.doc_id, parsed.tables),
    }
    errors = list(parsed.errors)
    try:
        rows = {name: t.to_pylist() for name, t in tables.items()}
        rows["documents"] = [{"report_kind": info.report_kind, "fiscal_year": info.fiscal_year}]
        rows["prose"] = [dataclasses.asdict(p) for p in parsed.prose]
        findings = audit.audit_document(rows)
    except Exception as exc:
        findings = []
        errors.append(f"audit: {type(exc).__name__}: {exc}")
    tables["findings"] = records_to_arrow("findings", doc.doc_id, findings)
    blank = [p.number for p in doc.pages if not p.has_text]
    warnings = list(doc.warnings) + ([f"pages without text: {_ranges(blank)}"] if blank else [])
    status = "partial" if errors or (blank and len(blank) > len(doc.pages) // 2) else "ok"
    row = {
        **base,
        "doc_id": doc.doc_id,
        "source_sha256": doc.sha256,
        "page_count": doc.page_count,
        "report_kind": info.report_kind,
        "org_name": info.org_name,
        "province": region.province,
        "prefecture": region.prefecture,
        "county": region.county,
        "admin_code": region.admin_code,
        "admin_level": region.admin_level,
        "published": info.published,
        "title": info.title,
        "encoding": doc.encoding,
        "status": status,
        "error": "; ".join(errors) or None,
        "warnings": warnings,
    }
    return _result(doc.sha256, row, status, row["error"], started, info.fiscal_year, tables, doc.page_count)


def _failed(digest, base, status, error, started, pages=0) -> Result:
    row = {
        **base,
        "doc_id": digest[:16],
        "source_sha256": digest,
        "status": status,
        "error": error,
        "page_count": pages or None,
        "report_kind": "unknown",
    }
    return _result(digest, row, status, error, started, None, {}, pages)


def _result(digest, row, status, error, started, fiscal_year, tables, pages) -> Result:
    seconds = time.monotonic() - started
    counts = {name: t.num_rows for name, t in tables.items()}
    row = {
        **row,
        "parser_version": PARSER_VERSION,
        "row_counts": json.dumps(counts, sort_keys=True),
        "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
    }
    tables = {**tables, "documents": records_to_arrow("documents", digest[:16], [row])}
    return Result(
        doc_id=digest[:16],
        sha256=digest,
        source_path=row["source_path"],
        fiscal_year=fiscal_year,
        status=status,
        error=error,
        pages=pages,
        tables=tables,
        seconds=seconds,
    )


def _relative(path: Path | str, root) -> str:
    if is_url(path):  # a URL: its part below the root URL
        url, prefix = str(path), str(root or "").rstrip("/") + "/"
        return url[len(prefix) :] if url.startswith(prefix) else url.rsplit("/", 1)[-1]
    path = Path(path)
    if root is not None:
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def _ranges(numbers: list[int]) -> str:
    out, start, prev = [], None, None
    for n in numbers + [None]:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    return ", ".join(out)
