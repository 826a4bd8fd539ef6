"""The `caizheng` command: ingest reports, query the warehouse, audit it.

User errors are one line on stderr and exit code 2; an audit that finds errors
exits 1.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path

DEFAULT_WAREHOUSE = "data/warehouse"


class UserError(Exception):
    """A mistake in how the command was called; printed as one line."""


class Stopped(BaseException):
    """A stop signal (Ctrl-C, SIGTERM, SIGHUP) arrived: the run ends, its workers with it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum, frame) -> None:
    for s in STOP_SIGNALS:  # the clean-up that follows is not interrupted again
        signal.signal(s, signal.SIG_IGN)
    raise Stopped(signum)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def main(argv: list[str] | None = None) -> int:
    # the handlers first: building the parser already imports the package (its version), and
    # a Ctrl-C there is a stop like any other, not a KeyboardInterrupt traceback
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {s: signal.signal(s, _on_signal) for s in STOP_SIGNALS}
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        return args.func(args) or 0
    except UserError as exc:
        print(f"caizheng: error: {exc}", file=sys.stderr)
        return 2
    except (Stopped, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
        if "caizheng.pool" in sys.modules:
            sys.modules["caizheng.pool"].stop_fork_server()
        what = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
        print(f"caizheng: {what}; committed documents are kept, re-run to continue", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:  # `caizheng query … | head`: the reader has gone, nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command killed by it
    except Exception as exc:
        if not _is_warehouse_error(exc):
            raise
        line = str(exc).splitlines()[0]
        print(
            f"caizheng: error: {line[line.find('damaged file') :] if 'damaged file' in line else line}",
            file=sys.stderr,
        )
        return 2
    finally:
        for s, handler in handlers.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)


def _is_warehouse_error(exc: Exception) -> bool:
    """A damaged or locked warehouse (also as DuckDB reports it from a view): one line."""
    from caizheng.normalize.warehouse import DamagedFile, WarehouseLocked

    if isinstance(exc, DamagedFile | WarehouseLocked):
        return True
    return "duckdb" in type(exc).__module__ and "damaged file" in str(exc)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="caizheng", description="Chinese public-finance reports → audited Parquet datasets."
    )
    p.add_argument("--version", action="version", version=f"caizheng {_version()}")
    sub = p.add_subparsers(title="commands", metavar="COMMAND")

    ing = sub.add_parser(
        "ingest",
        help="read a folder of reports into the warehouse",
        description="Read every PDF, .txt and .md report below REPORTS_DIR into the warehouse, then print a summary.",
    )
    ing.add_argument(
        "source", metavar="REPORTS_DIR", help="folder (or single file) of reports, or an fsspec URL (s3://…)"
    )
    ing.add_argument(
        "--out",
        default=DEFAULT_WAREHOUSE,
        help=f"warehouse folder or fsspec URL (default {DEFAULT_WAREHOUSE})",
    )
    ing.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes (default: number of cores)"
    )
    ing.add_argument("--force", action="store_true", help="redo documents already in the warehouse")
    ing.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    ing.add_argument(
        "--timeout",
        type=float,
        default=120,
        help="seconds one document may take; past it, failed (default 120)",
    )
    ing.add_argument(
        "--max-memory",
        type=int,
        default=4096,
        metavar="MB",
        help="address-space ceiling of one document's worker; past it, failed (default 4096; OCR reserves about 2 GB)",
    )
    ing.add_argument(
        "--max-size",
        type=float,
        default=500,
        metavar="MB",
        help="larger files are refused unread (default 500)",
    )
    ing.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local process pool (default) or a Dask cluster",
    )
    ing.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://HOST:8786); default: a local cluster"
    )
    ing.add_argument("--compact", action="store_true", help="merge each partition's files at the end")
    ing.add_argument(
        "--follow-links", action="store_true", help="read symbolic links to files outside REPORTS_DIR"
    )
    ing.add_argument(
        "--no-ocr",
        action="store_true",
        help="leave pages without a text layer unread (scans: needs_ocr) instead of reading them by OCR",
    )
    ing.set_defaults(func=cmd_ingest)

    c = sub.add_parser(
        "compact",
        help="merge the warehouse's per-document files, one file per table and year",
        description="Merge each partition's per-document Parquet files into one file, for faster scans. "
        "Re-ingesting a document later still replaces its rows.",
    )
    _warehouse_option(c)
    c.set_defaults(func=cmd_compact)

    q = sub.add_parser(
        "query",
        help="run SQL (DuckDB) over the warehouse",
        description="Run one read-only SQL statement (DuckDB) over views named documents, budget_lines, facts, "
        "indicators, scores, findings, source_tables. Statements that would change them are refused.",
    )
    q.add_argument("sql", help='e.g. "SELECT org_name, fiscal_year, report_kind FROM documents"')
    _warehouse_option(q)
    q.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="table (default; NULL for nulls), csv (empty cells) or json (null)",
    )
    q.set_defaults(func=cmd_query)

    t = sub.add_parser(
        "tables",
        help="list the warehouse's tables and their row counts",
        description="List the warehouse's tables and their row counts.",
    )
    _warehouse_option(t)
    t.set_defaults(func=cmd_tables)

    sh = sub.add_parser(
        "show",
        help="one document: metadata, tables recognised, scores and findings",
        description="Print one document's metadata, the tables recognised in it, its scores and its findings. "
        "DOC_ID may be a prefix of the doc_id or part of the file's path.",
    )
    sh.add_argument("doc", metavar="DOC_ID", help="doc_id (or a prefix), or part of the source path")
    _warehouse_option(sh)
    sh.set_defaults(func=cmd_show)

    a = sub.add_parser(
        "audit",
        help="the audit findings per document (exit 1 when any error)",
        description="Summarize the findings per document (errors, warnings, rules run) and list them with "
        "their figures and page; exit 1 when any error was found. xlsx needs --out.",
    )
    _warehouse_option(a)
    a.add_argument(
        "--format",
        choices=["table", "csv", "json", "xlsx", "html"],
        default="table",
        help="table (default), csv or json of every finding, an html report, an xlsx working paper",
    )
    a.add_argument("--out", metavar="FILE", help="write the report to FILE instead of standard output")
    a.set_defaults(func=cmd_audit)
    return p


def _version() -> str:
    """The installed distribution's version, and the parsers' (which decides what is re-read)."""
    from importlib.metadata import PackageNotFoundError, version

    from caizheng.parsers import __version__ as parsers_version

    try:
        installed = version("caizheng")
    except PackageNotFoundError:
        installed = "(not installed)"
    return f"{installed} (parsers {parsers_version})"


def _warehouse_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--warehouse", default=DEFAULT_WAREHOUSE, help=f"warehouse folder (default {DEFAULT_WAREHOUSE})"
    )


def _warehouse(path: str):
    from caizheng.normalize.warehouse import Warehouse

    try:
        wh = Warehouse(path)
        found = wh.exists()
    except (ImportError, ValueError, OSError) as exc:  # an unknown URL scheme, its package missing, no access
        raise UserError(f"cannot open the warehouse {path}: {exc}") from exc
    if not found:
        raise UserError(f"no warehouse at {path} (run `caizheng ingest REPORTS_DIR --out {path}` first)")
    return wh


def cmd_ingest(args) -> int:
    from .escape import for_terminal
    from .runner import ingest

    _check_source(args.source)
    _check_warehouse_out(args.out)
    if args.workers < 0:
        raise UserError("--workers must be at least 1 (0: in this process, for debugging)")
    if args.timeout <= 0 or args.max_memory <= 0 or args.max_size <= 0:
        raise UserError("--timeout, --max-memory and --max-size must be positive")
    if args.engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise UserError("--engine dask needs the dask extra: pip install 'caizheng[dask]'") from exc
    if args.no_ocr:  # read by the workers, which inherit this process's environment
        os.environ["CAIZHENG_OCR"] = "0"
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(
            unit="doc", desc="ingest", file=sys.stderr, dynamic_ncols=True, total=_count_reports(args.source)
        )
    tally = {"pages": 0, "failed": 0, "start": time.monotonic()}

    def progress(result):
        if bar is None:
            return
        bar.update(1)
        if result is not None:
            tally["pages"] += result.pages
            tally["failed"] += result.status in ("failed", "needs_ocr")
            elapsed = max(time.monotonic() - tally["start"], 1e-6)
            bar.set_postfix_str(
                for_terminal(
                    f"{tally['pages'] / elapsed:.1f} pages/s, {tally['failed']} failed, {result.source_path[-30:]}"
                ),
                refresh=False,
            )

    try:
        summary = ingest(
            args.source,
            args.out,
            workers=args.workers,
            force=args.force,
            progress=progress,
            timeout=args.timeout,
            max_memory_mb=args.max_memory,
            max_size_mb=args.max_size,
            engine=args.engine,
            scheduler=args.scheduler,
            compact=args.compact,
            follow_links=args.follow_links,
        )
    finally:  # the bar's last line is drawn before any message, and never again after it
        if bar is not None:
            bar.close()
    if not summary.processed and not summary.skipped:
        print(f"caizheng: warning: no .pdf, .txt or .md report found in {args.source}", file=sys.stderr)
    print_summary(summary, args.out)
    return 0


def _count_reports(source: str) -> int | None:
    """How many files the run will go through (the progress bar's total and ETA); None for a URL."""
    from caizheng.normalize.warehouse import is_url

    from .runner import discover

    return None if is_url(source) else len(discover(source))


def _check_warehouse_out(out: str) -> None:
    """`--out` names a folder (or a URL): an existing file there is a mistake, not a warehouse."""
    from caizheng.normalize.warehouse import is_url

    if not is_url(out) and Path(out).exists() and not Path(out).is_dir():
        raise UserError(f"--out {out} is a file: the warehouse is a folder (give a new or existing folder)")


def _check_source(source: str) -> None:
    from caizheng.normalize.warehouse import is_url

    if not is_url(source):
        if not Path(source).exists():
            raise UserError(f"{source}: no such file or folder")
        return
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(source)
        found = fs.exists(path)
    except (ImportError, ValueError, OSError) as exc:
        raise UserError(f"cannot open {source}: {exc}") from exc
    if not found:
        raise UserError(f"{source}: no such file or folder")


def print_summary(summary, out) -> None:
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items())) or "nothing new"
    print(
        f"ingested {summary.processed} document(s) ({statuses}); {summary.skipped} already in the warehouse; {summary.pages} pages"
    )
    rows = ", ".join(f"{name} {n}" for name, n in sorted(summary.rows.items()) if name != "documents")
    if rows:
        print(f"rows written: {rows}")
    from .escape import for_terminal

    for path, status, error in summary.failures:
        print(for_terminal(f"  {status:9s} {path}: {error}"))
    for path, first in summary.duplicates:
        print(for_terminal(f"  duplicate {path}: the same content as {first} (one document)"))
    if summary.retried:
        print(f"retried {summary.retried} document(s) that had failed before")
    for path, error in summary.carried_over:
        print(for_terminal(f"  failed    {path}: {error} (from an earlier run; not in this folder now)"))
    for warning in summary.warnings:
        print(for_terminal(f"  warning   {warning}"))
    print(f"warehouse: {out}")


def cmd_compact(args) -> int:
    wh = _warehouse(args.warehouse)
    before, after = wh.compact()
    print(f"compacted {before} file(s) into {after}")
    return 0


def cmd_query(args) -> int:
    from .query import QueryError, run_query, to_csv, to_json, to_table

    wh = _warehouse(args.warehouse)
    try:
        columns, rows = run_query(wh.connect(), args.sql)
    except QueryError as exc:
        raise UserError(str(exc)) from exc
    if not columns:
        return 0
    if args.format == "csv":
        sys.stdout.write(to_csv(columns, rows))
    elif args.format == "json":
        print(to_json(columns, rows))
    else:
        print(to_table(columns, rows))
    return 0


def cmd_tables(args) -> int:
    from caizheng.normalize.schema import SCHEMAS

    con = _warehouse(args.warehouse).connect()
    for name in SCHEMAS:
        n = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        print(f"{name:14s} {n:8d}")
    return 0


def cmd_show(args) -> int:
    from .show import NoSuchDocument, document_report

    con = _warehouse(args.warehouse).connect()
    try:
        print(document_report(con, args.doc))
    except NoSuchDocument as exc:
        raise UserError(str(exc)) from exc
    return 0


def cmd_audit(args) -> int:
    from .audit_report import audit_data, render, to_xlsx, total_errors, totals_line

    if args.format == "xlsx":
        if not args.out:
            raise UserError("--format xlsx writes a file: give --out FILE.xlsx")
        try:
            import openpyxl  # noqa: F401
        except ImportError as exc:
            raise UserError(
                "--format xlsx needs openpyxl, a dependency of caizheng: pip install openpyxl"
            ) from exc
    if args.out:
        _check_out_file(args.out)
    con = _warehouse(args.warehouse).connect()
    docs = audit_data(con)
    try:
        if args.format == "xlsx":
            to_xlsx(docs, args.out)
        elif args.out:
            text = render(docs, args.format)
            Path(args.out).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        else:
            print(render(docs, args.format))
    except OSError as exc:
        raise UserError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    if args.out:
        print(f"{totals_line(docs)}; report: {args.out}")
    return 1 if total_errors(docs) else 0


def _check_out_file(out: str) -> None:
    """A report file can be written at `out`: its folder exists, and it is no folder itself."""
    path = Path(out)
    if path.is_dir():
        raise UserError(f"--out {out} is a folder: give a file name")
    if not path.parent.is_dir():
        raise UserError(f"--out {out}: no such folder {path.parent} (create it first)")


if __name__ == "__main__":
    sys.exit(main())
