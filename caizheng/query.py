"""`caizheng query SQL`: one read-only statement over the warehouse's views, printed as a
table, CSV or JSON.

Only statements that read run (SELECT and its forms — WITH, FROM-first, VALUES, DESCRIBE,
SHOW, SUMMARIZE — and EXPLAIN, PRAGMA): `DROP VIEW facts` or `CREATE OR REPLACE VIEW`
would change what the later part of a session sees, and COPY/EXPORT/ATTACH write files.
DuckDB's own message is kept whole, with its hints (`Did you mean "documents"?`).
A null prints as `NULL` in the table, as an empty cell in CSV and as `null` in JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from decimal import Decimal

from .escape import for_csv, for_terminal

READ_ONLY = {"SELECT", "EXPLAIN", "PRAGMA"}
NULL = "NULL"


class QueryError(Exception):
    """The statement cannot run: empty, not read-only, or refused by DuckDB (its whole message)."""


def run_query(con, sql: str) -> tuple[list[str], list[tuple]]:
    """The column names and rows of one read-only statement."""
    if not sql.strip():
        raise QueryError('no SQL given: e.g. caizheng query "SELECT org_name, fiscal_year FROM documents"')
    try:
        statements = con.extract_statements(sql)
    except Exception as exc:  # duckdb.ParserException and kin: the message is for the user
        raise QueryError(_message(exc)) from exc
    if not statements:
        raise QueryError("no SQL statement given (only comments or semicolons)")
    if len(statements) > 1:
        raise QueryError(f"one statement at a time: got {len(statements)}")
    kind = statements[0].type.name
    if kind not in READ_ONLY:
        raise QueryError(
            f"query only reads the warehouse: {kind} is refused "
            "(SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN and PRAGMA run)"
        )
    try:
        rel = con.sql(sql)
        if rel is None:
            return [], []
        return list(rel.columns), rel.fetchall()
    except Exception as exc:
        raise QueryError(_message(exc)) from exc


def _message(exc: Exception) -> str:
    """DuckDB's message whole (hints and the caret under the error), without blank lines."""
    return "\n".join(line for line in str(exc).splitlines() if line.strip())


def _text(v) -> str:
    """A value for the table: exact decimals without trailing zeros, ISO dates, NULL."""
    if v is None:
        return NULL
    if isinstance(v, Decimal):
        v = v.normalize()
        return f"{v:f}"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False, default=str)
    return str(v)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(s))
    return fill + s if right else s + fill


def _numeric(values: list) -> bool:
    """A column of numbers (nulls aside): right-aligned."""
    present = [v for v in values if v is not None]
    return bool(present) and all(
        isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present
    )


def to_table(columns: list[str], rows: list[tuple], max_width: int = 60) -> str:
    """Columns aligned by display width (a Chinese character is two), numbers to the right;
    an empty result is its header and `(0 rows)`."""
    cells = [[for_terminal(_text(v)) for v in row] for row in rows]
    cells = [[c if _width(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    heads = [for_terminal(c) for c in columns]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(heads)]
    numeric = [_numeric([r[i] for r in rows]) for i in range(len(columns))]
    out = ["  ".join(_pad(h, w, n) for h, w, n in zip(heads, widths, numeric)).rstrip()]
    out += ["  ".join(_pad(c, w, n) for c, w, n in zip(r, widths, numeric)).rstrip() for r in cells]
    if not rows:
        out.append("(0 rows)")
    return "\n".join(out)


def to_csv(columns: list[str], rows: list[tuple]) -> str:
    """RFC 4180 CSV; text that a spreadsheet would run as a formula is quoted (OWASP)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([for_csv(c) for c in columns])
    for row in rows:
        w.writerow(["" if v is None else for_csv(v) if isinstance(v, str) else _text(v) for v in row])
    return buf.getvalue()


def _json_value(v):
    if isinstance(v, Decimal):
        v = v.normalize()
        return int(v) if v == v.to_integral() else float(v)
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.hex()
    return v


def to_json(columns: list[str], rows: list[tuple]) -> str:
    """A JSON array with one object per row; numbers as numbers, null as null."""
    records = [{c: _json_value(v) for c, v in zip(columns, row)} for row in rows]
    return json.dumps(records, ensure_ascii=False, default=str)
