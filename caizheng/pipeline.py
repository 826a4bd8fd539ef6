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
import os
import stat
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import regex

from caizheng import audit, parsers
from caizheng.extract import DocumentLoadError, read_document
from caizheng.extract.model import Document
from caizheng.extract.pdf import page_ranges
from caizheng.normalize.provenance import document_to_index, with_read_method
from caizheng.normalize.regions import resolve_document
from caizheng.normalize.rows import records_to_arrow
from caizheng.normalize.warehouse import is_url

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
    retire: bool = False  # the worker ran out of memory: replace it

    def count(self, table: str) -> int:
        t = self.tables.get(table)
        return t.num_rows if t is not None else 0


DONE = frozenset({"ok", "partial", "needs_ocr"})  # a document in one of these needs no retry

_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


class NotRegularFile(OSError):
    """Not a regular file (a FIFO, a device, a socket): reading it could block forever."""


def file_kind(mode: int) -> str | None:
    """What a file is when it is not a regular file (`a FIFO (named pipe)`), else None."""
    return None if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def sha256_file(path: Path) -> str:
    """The file's sha256. Opened without blocking and checked to be a regular file first,
    so a FIFO or a device swapped in after discovery raises `NotRegularFile` instead of
    hanging (or reading /dev/zero for ever)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind:
            raise NotRegularFile(f"not a regular file: {kind}")
        h = hashlib.sha256()
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def skipped(digest: str, source_path: str) -> Result:
    """A file already in the warehouse with this content and parser version: nothing to write."""
    return Result(digest[:16], digest, source_path, None, "skipped", None, 0)


def process_file(
    path: str | Path,
    root: str | Path | None = None,
    sha256: str | None = None,
    *,
    source_path: str | None = None,
    source_root: str | None = None,
    known: frozenset[str] = frozenset(),
) -> Result:
    """Everything the warehouse holds about one file (`source_path`: its name in the
    warehouse, when not its path below `root`). The file is hashed here, in the worker,
    under the same limits as its reading; a sha256 in `known` (done for this parser
    version) gives a `skipped` result with nothing to write."""
    path = Path(path)
    started = time.monotonic()
    rel = source_path or _relative(path, root)
    base = _base(rel, root if source_root is None else source_root, path.suffix)
    try:
        base["file_size"] = path.stat().st_size
        digest = sha256 or sha256_file(path)
    except NotRegularFile as exc:
        return _failed(_name_digest(rel), base, "failed", str(exc), started)
    except OSError as exc:  # unreadable: identify by name
        return _failed(
            _name_digest(rel), base, "failed", f"cannot read the file: {exc.strerror or exc}", started
        )
    if digest in known:
        return skipped(digest, rel)
    try:
        doc = read_document(path, sha256=digest)
    except Exception as exc:  # bad input, or a reader bug: record it, keep the batch going
        return _exhausted(digest, base, exc, "reading", started) or (
            _failed(digest, base, exc.status, str(exc), started)
            if isinstance(exc, DocumentLoadError)
            else _failed(
                digest, base, "failed", f"internal error while reading: {type(exc).__name__}: {exc}", started
            )
        )
    try:
        return document_to_result(doc, base, started)
    except Exception as exc:
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return _exhausted(digest, base, exc, "parsing", started, doc.page_count) or _failed(
            digest, base, "failed", f"internal error while parsing: {detail}", started, pages=doc.page_count
        )


def exhaustion(exc: BaseException | None) -> tuple[str, bool] | None:
    """(the real cause, whether the worker must be replaced) when `exc`, or what caused
    it, is the reader running out of memory or of stack; None otherwise."""
    while exc is not None:
        if isinstance(exc, MemoryError):
            return memory_reason(), True
        if isinstance(exc, RecursionError):
            return "nested too deeply to read (Python's recursion limit)", False
        exc = exc.__cause__ or exc.__context__
    return None


def memory_reason() -> str:
    import resource

    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit == resource.RLIM_INFINITY:
        return "ran out of memory"
    return f"exceeded the memory ceiling of {limit // (1024 * 1024)} MB (--max-memory)"


def _exhausted(digest, base, exc, stage, started, pages=0) -> Result | None:
    found = exhaustion(exc)
    if found is None:
        return None
    reason, retire = found
    result = _failed(digest, base, "failed", f"{reason} while {stage}", started, pages=pages)
    result.retire = retire
    return result


_PAGE_FAILURE = regex.compile(r"^page (\d+): (MemoryError|RecursionError)\b")


def _page_failures(warnings) -> dict[int, tuple[str, bool]]:
    """Pages the reader could not read for want of memory or stack (from its warnings)."""
    out = {}
    for w in warnings:
        m = _PAGE_FAILURE.match(w)
        if m:
            out[int(m[1])] = exhaustion(MemoryError() if m[2] == "MemoryError" else RecursionError())
    return out


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
    base = _base(rel, root, Path(remote).suffix)
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
                return skipped(digest, rel)
            return process_file(local, tmp, digest, source_path=rel, source_root=root_name(root))
    except Exception as exc:  # the store's own errors (access denied, a lost connection) cost only this file
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
        return _failed(_name_digest(rel), base, "failed", f"cannot fetch the file: {reason}", started)


def too_large(size: int, max_size_mb: float) -> str:
    return f"file is {size / 1024 / 1024:,.0f} MB, over the {max_size_mb:g} MB limit (--max-size)"


def failure(path: str | Path, root, sha256: str | None, error: str, status: str = "failed") -> Result:
    """The `documents` row of a file that could not be processed at all (too large, timed
    out, its worker killed), identified by its content where it could be hashed."""
    rel = _relative(path, root)
    base = _base(rel, root, Path(rel).suffix)
    if not is_url(path):
        try:
            base["file_size"] = Path(path).stat().st_size
        except OSError:
            pass
    return _failed(sha256 or _name_digest(rel), base, status, error, time.monotonic())


def _base(rel: str, root, suffix: str) -> dict:
    return {
        "source_path": rel,
        "source_root": root_name(root),
        "file_format": suffix.lower().lstrip(".") or None,
    }


def root_name(root) -> str | None:
    """The folder (or URL) a file was ingested from, absolute: with `source_path`, the
    name that holds one document."""
    if root is None:
        return None
    if is_url(root):
        return str(root).rstrip("/")
    return printable_path(os.path.abspath(root))


def printable_path(name: str) -> str:
    """A file name as stored: bytes that are not UTF-8 (a name from another system's
    encoding, which Python carries as surrogates) are written as `\\xNN`, so the name
    survives as text instead of stopping the batch."""
    return os.fsencode(name).decode("utf-8", "backslashreplace") if _has_surrogates(name) else name


def _has_surrogates(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _name_digest(rel: str) -> str:
    """The identity of a file whose content could not be hashed: its name."""
    return hashlib.sha256(f"unreadable:{rel}".encode()).hexdigest()


def document_to_result(doc: Document, base: dict, started: float) -> Result:
    exhausted = _page_failures(doc.warnings)
    if exhausted and not any(p.has_text for p in doc.pages):  # not a scan: the reader gave up
        first = min(exhausted)
        reason, retire = exhausted[first]
        more = f" and {len(exhausted) - 1} more" if len(exhausted) > 1 else ""
        result = _failed(
            doc.sha256, base, "failed", f"{reason} on page {first}{more}", started, doc.page_count
        )
        result.retire = any(r for _, r in exhausted.values())
        return result
    if not any(p.has_text for p in doc.pages):
        return _failed(
            doc.sha256,
            base,
            "needs_ocr",
            "no text layer on any page: scanned PDF, needs OCR " + _ocr_hint(doc.warnings),
            started,
            pages=doc.page_count,
        )
    parsed = parsers.parse_document(doc)
    info = parsed.info
    org_name, region = resolve_document(info, doc.text[:50_000])
    errors, absurd = list(parsed.errors), []
    records = {
        "budget_lines": parsed.budget_lines,
        "facts": parsed.facts,
        "indicators": parsed.indicators,
        "scores": parsed.scores,
        "source_tables": parsed.tables,
    }
    read = document_to_index(doc)
    tables = {
        name: with_read_method(_to_arrow(name, doc.doc_id, rs, errors, absurd), read)
        for name, rs in records.items()
    }
    ocr_pages = sorted(read.ocr_pages)
    try:
        rows = {name: t.to_pylist() for name, t in tables.items()}
        rows["documents"] = [
            {"report_kind": info.report_kind, "fiscal_year": info.fiscal_year, "ocr_pages": ocr_pages}
        ]
        rows["prose"] = [dataclasses.asdict(p) for p in parsed.prose]
        findings, relations = audit.audit_document_counted(rows)
        tables["source_tables"] = with_relations(tables["source_tables"], relations)
    except Exception as exc:
        findings = []
        errors.append(f"audit: {type(exc).__name__}: {exc}")
    tables["findings"] = with_read_method(_to_arrow("findings", doc.doc_id, findings, errors, absurd), read)
    absurd = list(dict.fromkeys(absurd))  # one per line
    errors += [f"page {n}: {reason}" for n, (reason, _) in sorted(exhausted.items())]
    blank = [p.number for p in doc.pages if not p.has_text and p.number not in exhausted]
    warnings = list(doc.warnings) + ([f"pages without text: {page_ranges(blank)}"] if blank else [])
    warnings += [f"pages read by OCR: {page_ranges(ocr_pages)}"] if ocr_pages else []
    warnings += absurd[:MAX_WARNINGS] + [f"and {len(absurd) - MAX_WARNINGS} more such figures"] * (
        len(absurd) > MAX_WARNINGS
    )
    mostly_blank = blank and len(blank) > len(doc.pages) // 2
    status = "partial" if errors or mostly_blank else "ok"
    if mostly_blank and not errors:  # a partial document says why
        errors.append(f"{len(blank)} of {len(doc.pages)} pages have no text: {page_ranges(blank)}")
    row = {
        **base,
        "doc_id": doc.doc_id,
        "source_sha256": doc.sha256,
        "page_count": doc.page_count,
        "report_kind": info.report_kind,
        "report_kind_confidence": info.report_kind_confidence,
        "org_name": org_name,
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
        "ocr_pages": ocr_pages or None,
    }
    result = _result(doc.sha256, row, status, row["error"], started, info.fiscal_year, tables, doc.page_count)
    result.retire = any(r for _, r in exhausted.values())
    return result


MAX_WARNINGS = 20  # of one kind per document


def with_relations(table: pa.Table, relations: dict) -> pa.Table:
    """source_tables with `relations_checked`, `relations_failed` and `relations_rounded` filled from the audit's
    counts (table_index → Tally); null for a table where no relation was checked."""
    counts = [relations.get(i) for i in table.column("table_index").to_pylist()]
    counts = [c if c is not None and c.checked else None for c in counts]
    for name in ("relations_checked", "relations_failed", "relations_rounded"):
        i = table.schema.get_field_index(name)
        values = [getattr(c, name.removeprefix("relations_")) if c else None for c in counts]
        table = table.set_column(i, table.schema.field(i), pa.array(values, type=pa.int32()))
    return table


def _ocr_hint(warnings: tuple[str, ...] = ()) -> str:
    from caizheng.extract import ocr

    if not ocr.available():
        return "(install it: pip install 'caizheng[ocr]')"
    if not ocr.enabled():
        return "(turned off by --no-ocr)"
    failed = [w for w in warnings if ": OCR failed: " in w]
    if failed:  # extract.ocr words each in one line: `page 1: OCR failed: ONNXRuntimeError: … bad_alloc`
        return f"(OCR failed on {len(failed)} page(s): {failed[0].strip()})"
    return "(no text found on its pages)"


def _to_arrow(name: str, doc_id: str, records: list, errors: list[str], warnings: list[str]) -> pa.Table:
    """`records_to_arrow`, costing only the records it cannot convert: each is left out,
    and the first one's page is named in `errors` (the document becomes `partial`)."""
    try:
        return records_to_arrow(name, doc_id, records, warnings)
    except Exception:
        pass
    kept, bad = [], []
    for record in records:
        try:
            records_to_arrow(name, doc_id, [record])
            kept.append(record)
        except Exception as exc:
            bad.append(
                (
                    getattr(record, "page", None)
                    or (record.get("page") if isinstance(record, dict) else None),
                    exc,
                )
            )
    page, exc = bad[0]
    where = f" (page {page})" if page else ""
    errors.append(
        f"{name}{where}: {type(exc).__name__}: {exc}"
        + (f" (and {len(bad) - 1} more rows)" if len(bad) > 1 else "")
    )
    return records_to_arrow(name, doc_id, kept, warnings)


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
    """The file's name below `root` as it was walked (links are not resolved: a link loop
    or a link out of the folder keeps its own name), printable."""
    if is_url(path):  # a URL: its part below the root URL
        url, prefix = str(path), str(root or "").rstrip("/") + "/"
        return url[len(prefix) :] if url.startswith(prefix) else url.rsplit("/", 1)[-1]
    path = Path(path)
    rel = path.name
    if root is not None:
        inside = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        if not inside.startswith(os.pardir):
            rel = Path(inside).as_posix()
    return printable_path(rel)
