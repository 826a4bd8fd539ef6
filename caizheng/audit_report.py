"""The audit as an auditor reads it: a summary per document, and every finding with
the printed figures and the page, as a terminal table, CSV, JSON, HTML or an xlsx
working paper.

`audit_data(con)` reads the warehouse once; each `to_*` function renders that data
and nothing else, so the formats never disagree.
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from caizheng.audit import RULES, applicable_rules

from .escape import for_csv, for_terminal, needs_quote

SEVERITY_ORDER = "CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"
FINDING_COLUMNS = [
    "doc_id",
    "source_path",
    "org_name",
    "fiscal_year",
    "severity",
    "check",
    "table_code",
    "page",
    "line",
    "message",
    "expected",
    "observed",
    "difference",
    "tolerance",
    "detail",
]
_PER_DOC = 4  # FINDING_COLUMNS before this come from the document, the rest from the finding
# the findings sheet's columns: FINDING_COLUMNS under their Chinese headings
XLSX_LABELS = {
    "source_path": "文件",
    "org_name": "单位",
    "fiscal_year": "年度",
    "severity": "级别",
    "check": "规则",
    "table_code": "表",
    "page": "页",
    "line": "行",
    "message": "说明",
    "expected": "应为",
    "observed": "实为",
    "difference": "差额",
    "tolerance": "容差",
}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class DocumentAudit:
    doc_id: str
    source_path: str
    org_name: str | None
    fiscal_year: int | None
    report_kind: str | None
    status: str
    rules_run: list[str]
    findings: list[dict[str, Any]] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f["severity"] == severity)


def audit_data(con) -> list[DocumentAudit]:
    """Every document of the warehouse with its findings, errors first."""
    docs = con.execute(
        "SELECT doc_id, source_path, org_name, fiscal_year, report_kind, status, row_counts "
        "FROM documents ORDER BY source_path"
    ).fetchall()
    names = ["doc_id", *FINDING_COLUMNS[_PER_DOC:]]
    cols = ", ".join(f'f."{c}"' for c in names)
    rows = con.execute(f"SELECT {cols} FROM findings f ORDER BY {SEVERITY_ORDER}, f.page, f.line").fetchall()
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        d = dict(zip(names, r))
        by_doc.setdefault(d["doc_id"], []).append(d)
    out = []
    for doc_id, path, org, year, kind, status, counts in docs:
        try:
            row_counts = json.loads(counts or "{}")
        except ValueError:
            row_counts = {}
        findings = [
            {"source_path": path, "org_name": org, "fiscal_year": year, **f} for f in by_doc.get(doc_id, [])
        ]
        out.append(
            DocumentAudit(doc_id, path, org, year, kind, status, applicable_rules(row_counts), findings)
        )
    return out


def total_errors(docs: list[DocumentAudit]) -> int:
    return sum(d.count("error") for d in docs)


def _num(v) -> str:
    """A figure for people: thousands separators (the human formats only)."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        v = v.normalize()
        return f"{v:,f}" if v == v.to_integral() or abs(v.as_tuple().exponent) <= 6 else str(v)
    return str(v)


def _where(f: dict) -> str:
    if not f.get("page"):
        return "-"
    return f"p{f['page']}" + (f":{f['line']}" if f.get("line") else "")


def _plain(v: Decimal) -> str:
    """A figure for machines: no separators, no exponent, no trailing zeros (`3845.24`)."""
    v = v.normalize()
    return f"{v:f}"


def to_table(docs: list[DocumentAudit], show: tuple[str, ...] = ("error", "warning")) -> str:
    """One line per document, then its errors and warnings, then the total (safe for a terminal)."""
    out = []
    for d in docs:
        out.append(
            f"{d.source_path[:60]:60s} {d.status:9s} errors {d.count('error'):3d}  "
            f"warnings {d.count('warning'):3d}  rules {len(d.rules_run):2d}"
        )
        for f in d.findings:
            if f["severity"] in show:
                out.append(f"    {f['severity']:7s} {_where(f):9s} {f['check']:20s} {f['message']}")
    out.append(totals_line(docs))
    return "\n".join(for_terminal(line) for line in out)


def totals_line(docs: list[DocumentAudit]) -> str:
    n_warn = sum(d.count("warning") for d in docs)
    return f"{len(docs)} document(s), {total_errors(docs)} error finding(s), {n_warn} warning(s)"


def _flat(docs: list[DocumentAudit]) -> list[dict]:
    return [{c: f.get(c) for c in FINDING_COLUMNS} for d in docs for f in d.findings]


def to_csv(docs: list[DocumentAudit]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FINDING_COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in _flat(docs):
        w.writerow({k: _plain(v) if isinstance(v, Decimal) else for_csv(v) for k, v in row.items()})
    return buf.getvalue()


def _jsonable(key: str, v):
    """Figures as JSON numbers (exact to the 6 decimals the warehouse keeps), `detail` as a list."""
    if isinstance(v, Decimal):
        v = v.normalize()
        return int(v) if v == v.to_integral() else float(v)
    if key == "detail":
        try:
            return json.loads(v or "[]")
        except ValueError:
            return v
    return v


def to_json(docs: list[DocumentAudit]) -> str:
    payload = {
        "documents": [
            {
                "doc_id": d.doc_id,
                "source_path": d.source_path,
                "org_name": d.org_name,
                "fiscal_year": d.fiscal_year,
                "status": d.status,
                "errors": d.count("error"),
                "warnings": d.count("warning"),
                "rules_run": d.rules_run,
                "findings": [
                    {
                        k: _jsonable(k, v)
                        for k, v in f.items()
                        if k not in ("source_path", "org_name", "fiscal_year")
                    }
                    for f in d.findings
                ],
            }
            for d in docs
        ],
        "errors": total_errors(docs),
        "warnings": sum(d.count("warning") for d in docs),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9em} th,td{border:1px solid #ddd;padding:.3em .5em;vertical-align:top}
th{background:#f4f4f4;text-align:left} td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.error td:first-child{color:#b00020;font-weight:bold} tr.warning td:first-child{color:#a66b00}
.ok{color:#2e7d32} .meta{color:#666} td.sev,th.sev,td.w{white-space:nowrap}
"""


def _figures(detail: str | None) -> str:
    """The printed figures a finding used, each with its page."""
    try:
        items = json.loads(detail or "[]")
    except ValueError:
        return ""
    parts = []
    for it in items:
        where = f" (p{it['page']})" if it.get("page") else ""
        parts.append(
            f"{html.escape(str(it.get('label')))} {html.escape(str(it.get('printed') or it.get('value')))}{where}"
        )
    return "<br>".join(parts)


def to_html(docs: list[DocumentAudit]) -> str:
    e = html.escape
    out = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>caizheng audit</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>审核报告 · {len(docs)} 份文件，{total_errors(docs)} 项错误，"
        f"{sum(d.count('warning') for d in docs)} 项警告</h1>",
        "<table><tr><th>文件</th><th>单位</th><th>年度</th><th>状态</th><th>错误</th><th>警告</th><th>规则</th></tr>",
    ]
    for d in docs:
        out.append(
            f"<tr><td><a href='#{e(d.doc_id)}'>{e(d.source_path)}</a></td><td>{e(d.org_name or '')}</td>"
            f"<td>{d.fiscal_year or ''}</td><td>{e(d.status)}</td><td class=n>{d.count('error')}</td>"
            f"<td class=n>{d.count('warning')}</td><td class=n>{len(d.rules_run)}</td></tr>"
        )
    out.append("</table>")
    for d in docs:
        out.append(f"<h2 id='{e(d.doc_id)}'>{e(d.org_name or d.source_path)} {d.fiscal_year or ''}</h2>")
        out.append(
            f"<p class=meta>{e(d.source_path)} · {e(d.report_kind or '')} · 已运行规则：{e(', '.join(d.rules_run) or '无')}</p>"
        )
        if not d.findings:
            out.append("<p class=ok>未发现不一致。</p>")
            continue
        out.append(
            "<table><tr><th class=sev>级别</th><th>规则</th><th>表</th><th>页/行</th><th>说明</th><th>所用数字</th>"
            "<th>应为</th><th>实为</th><th>差额</th><th>容差</th></tr>"
        )
        for f in d.findings:
            out.append(
                f"<tr class='{e(f['severity'])}'><td class=sev>{SEVERITY_ZH.get(f['severity'], f['severity'])}</td>"
                f"<td>{e(f['check'] or '')}</td><td>{e(f.get('table_code') or '正文')}</td><td class=w>{_where(f)}</td>"
                f"<td>{e(f['message'] or '')}</td><td>{_figures(f.get('detail'))}</td>"
                + "".join(
                    f"<td class=n>{_num(f.get(k))}</td>"
                    for k in ("expected", "observed", "difference", "tolerance")
                )
                + "</tr>"
            )
        out.append("</table>")
    out.append(f"<p class=meta>规则：{e('; '.join(f'{k}: {v}' for k, v in RULES.items()))}</p></body></html>")
    return "\n".join(out)


def to_xlsx(docs: list[DocumentAudit], path) -> None:
    """A working paper: a summary sheet and a findings sheet with filters, amounts as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    head = ["文件", "单位", "年度", "类型", "状态", "错误", "警告", "已运行规则"]
    ws.append(head)
    for d in docs:
        ws.append(
            [
                d.source_path,
                d.org_name,
                d.fiscal_year,
                d.report_kind,
                d.status,
                d.count("error"),
                d.count("warning"),
                ", ".join(d.rules_run),
            ]
        )
    fs = wb.create_sheet("发现")
    fs.append([*XLSX_LABELS.values(), "所用数字", "doc_id"])
    red = PatternFill("solid", fgColor="FDE7E9")
    for row in _flat(docs):
        values = [float(row[k]) if isinstance(row[k], Decimal) else row[k] for k in XLSX_LABELS]
        values[3] = SEVERITY_ZH.get(values[3], values[3])
        fs.append([*values, _figures_text(row["detail"]), row["doc_id"]])
        if row["severity"] == "error":
            for c in fs[fs.max_row]:
                c.fill = red
    for sheet, widths in (
        (ws, [50, 30, 8, 20, 10, 8, 8, 60]),
        (fs, [40, 28, 8, 8, 18, 30, 6, 6, 80, 14, 14, 12, 12, 60, 18]),
    ):
        _quote_formulas(sheet)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for i, w in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = w
    for row in fs.iter_rows(min_row=2, min_col=10, max_col=13):
        for c in row:
            c.number_format = "#,##0.00####"
    wb.save(path)


def _quote_formulas(sheet) -> None:
    """Text a spreadsheet would run as a formula is stored as text with Excel's quote prefix
    (shown as printed, never evaluated); numbers stay numbers."""
    for row in sheet.iter_rows():
        for c in row:
            if needs_quote(c.value):
                c.data_type = "s"
                c.quotePrefix = True


def _figures_text(detail: str | None) -> str:
    """The printed figures a finding used, each with its page, as plain text."""
    try:
        items = json.loads(detail or "[]")
    except ValueError:
        return ""
    return "; ".join(
        f"{it.get('label')} {it.get('printed') or it.get('value')}"
        + (f" (p{it['page']})" if it.get("page") else "")
        for it in items
    )


def render(docs: list[DocumentAudit], fmt: str) -> str:
    return {"table": to_table, "csv": to_csv, "json": to_json, "html": to_html}[fmt](docs)
