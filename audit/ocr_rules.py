"""Findings on pages read by OCR: a failed relation there is first a possible misreading.

A table read from a page image counts as read right when its relations hold. An error in
such a table stands only when it is the table's one failure and at least two other sums of
the same table hold (the reading is then checked by the table itself); otherwise it is a
warning that says the table was read by OCR. An error in prose read by OCR is a warning
likewise: no relation checks a sentence's figures before the one that failed.
"""

from __future__ import annotations

from collections import Counter

MIN_HELD = 2  # other relations of the same table that must hold for an OCR'd error to stand


def sums_of(rows: list[dict]) -> Counter:
    """Per table: the sums its rows' structure declares (a parent row in one column is one
    relation Σ children = parent)."""
    out: Counter = Counter()
    seen = set()
    for r in rows:
        if r.get("parent_row") is None:
            continue
        key = (
            r.get("table_code"),
            r.get("table_index"),
            r.get("row_group"),
            r.get("parent_row"),
            r.get("measure"),
        )
        if key not in seen:
            seen.add(key)
            out[r.get("table_code")] += 1
    return out


def ocr_in_doubt(findings: list[dict], rows: dict) -> list[dict]:
    document = (rows.get("documents") or [{}])[0]
    pages = set(document.get("ocr_pages") or ())
    if not pages:
        return findings
    budget = rows.get("budget_lines") or []
    ocr_tables = {r.get("table_code") for r in budget if r.get("page") in pages}
    sums = sums_of([r for r in budget if r.get("table_code") in ocr_tables])
    errors = Counter(f.get("table_code") for f in findings if f.get("severity") == "error")
    out = []
    for f in findings:
        if f.get("severity") != "error":
            out.append(f)
        elif f.get("table_code") in ocr_tables:
            held = sums[f["table_code"]] - errors[f["table_code"]]
            out.append(f if errors[f["table_code"]] == 1 and held >= MIN_HELD else _doubt(f, "表格"))
        elif f.get("page") in pages:
            out.append(_doubt(f, "文字"))
        else:
            out.append(f)
    return out


def _doubt(f: dict, what: str) -> dict:
    return {
        **f,
        "severity": "warning",
        "message": f"{f['message']}（该页{what}由OCR识别，可能是识别错误，仅作提示）",
    }
