"""`caizheng show DOC_ID`: one document in the terminal, for people who don't open a notebook.

What it prints is what an auditor asks first: which file this is and how it was
read (status, error, warnings), what the warehouse holds for it (rows per
table), which tables were recognised and how sure the reading is, the scores,
and the findings with the page to turn to.
"""

from __future__ import annotations

import json
from typing import Any

from .escape import for_terminal

DOCUMENT_FIELDS = (
    "doc_id",
    "source_path",
    "report_kind",
    "fiscal_year",
    "org_name",
    "province",
    "prefecture",
    "county",
    "admin_code",
    "admin_level",
    "published",
    "title",
    "page_count",
    "file_format",
    "encoding",
    "status",
    "error",
    "parser_version",
    "ingested_at",
)


class NoSuchDocument(LookupError):
    """The key matches no document, or more than one."""


def find_document(con, key: str) -> dict[str, Any]:
    """The document whose doc_id starts with `key`, or whose source_path contains it."""
    rows = _dicts(
        con.execute(
            "SELECT * FROM documents WHERE starts_with(doc_id, $1) OR contains(source_path, $1) "
            "ORDER BY source_path",
            [key],
        )
    )
    if not rows:
        raise NoSuchDocument(
            f'no document matches {key!r} (try `caizheng query "SELECT doc_id, source_path FROM documents"`)'
        )
    exact = [r for r in rows if r["doc_id"] == key or r["source_path"] == key]
    if len(exact) == 1:
        return exact[0]
    if len(rows) > 1:
        listing = ", ".join(f"{r['doc_id']} ({r['source_path']})" for r in rows[:5])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        raise NoSuchDocument(f"{key!r} matches {len(rows)} documents: {listing}{more}")
    return rows[0]


def document_report(con, key: str, max_findings: int = 50) -> str:
    """The text `caizheng show` prints."""
    doc = find_document(con, key)
    doc_id = doc["doc_id"]
    out: list[str] = []
    width = max(len(f) for f in DOCUMENT_FIELDS)
    for name in DOCUMENT_FIELDS:
        value = doc.get(name)
        if value not in (None, ""):
            out.append(f"{name:<{width}}  {value}")
    for warning in doc.get("warnings") or []:
        out.append(f"{'warning':<{width}}  {warning}")

    counts = json.loads(doc.get("row_counts") or "{}")
    if counts:
        out += ["", "rows: " + ", ".join(f"{t} {n}" for t, n in sorted(counts.items()) if t != "documents")]

    tables = _dicts(
        con.execute(
            "SELECT table_code, table_title_raw, page, page_end, unit_raw, n_values, empty, confidence, note "
            "FROM source_tables WHERE doc_id = $1 ORDER BY page, table_code",
            [doc_id],
        )
    )
    if tables:
        out += ["", "tables recognised:"]
        for t in tables:
            pages = f"p{t['page']}" + (
                f"-{t['page_end']}" if t["page_end"] and t["page_end"] != t["page"] else ""
            )
            state = "empty" if t["empty"] else f"{t['n_values']} values"
            conf = (
                f" confidence {t['confidence']:.2f}"
                if t["confidence"] is not None and t["confidence"] < 1
                else ""
            )
            unit = f" [{t['unit_raw']}]" if t["unit_raw"] else ""
            out.append(
                f"  {pages:<8} {t['table_code'] or '?':<28} {state}{unit}{conf}  {_short(t['table_title_raw'], 40)}"
            )

    scores = _dicts(
        con.execute(
            "SELECT scope, project_name, dimension_raw, max_score, score, grade_raw, page FROM scores "
            "WHERE doc_id = $1 ORDER BY page, line",
            [doc_id],
        )
    )
    if scores:
        out += ["", "scores:"]
        for s in scores:
            who = f"{s['project_name']} · " if s["project_name"] else ""
            of = f" / {_num(s['max_score'])}" if s["max_score"] is not None else ""
            grade = f"  {s['grade_raw']}" if s["grade_raw"] else ""
            out.append(f"  p{s['page']:<4} {who}{s['dimension_raw']}: {_num(s['score'])}{of}{grade}")

    findings = _dicts(
        con.execute(
            'SELECT severity, "check", message, page, line FROM findings WHERE doc_id = $1 '
            "ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, page, line",
            [doc_id],
        )
    )
    by_severity: dict[str, int] = {}
    for f in findings:
        by_severity[f["severity"]] = by_severity.get(f["severity"], 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in by_severity.items()) or "none"
    out += ["", f"findings: {summary}"]
    for f in findings[:max_findings]:
        where = f"p{f['page']}" + (f":{f['line']}" if f["line"] else "") if f["page"] else "-"
        out.append(f"  {f['severity']:<7} {where:<9} {f['check']:<20} {f['message']}")
    if len(findings) > max_findings:
        out.append(f"  … {len(findings) - max_findings} more (caizheng audit --format csv)")
    return "\n".join(for_terminal(line) for line in out)


def _dicts(cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _num(value) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _short(text: str | None, n: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"
