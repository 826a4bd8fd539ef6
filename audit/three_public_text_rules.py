"""text_vs_table.three_public: the 三公 figures the prose states (`“三公”经费支出决算为 0.39 万元，
其中：因公出国（境）费…公务接待费 0.39 万元`) against the 三公 table.

The table's cells are placed by the part their row or column names (`table_rules`: 合计,
因公出国（境）费, 公务用车购置及运行费, 购置费, 运行费, 公务接待费). The table prints each part
for more than one figure (预算数 and 决算数, 本年 and 上年), so a figure stated for a part must
equal one of that part's cells at the text's precision; the prose about another year, or (in a
决算) about the budget, is not compared, nor is a part the table does not place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .figures import budget_row_to_figure, finding
from .prose_rules import money_figure
from .table_rules import three_public_parts

PART_OF_METRIC = {
    "three_public_total": "total",
    "three_public_abroad": "abroad",
    "three_public_vehicles": "cars",
    "three_public_vehicle_purchase": "car_purchase",
    "three_public_vehicle_operation": "car_running",
    "three_public_reception": "reception",
}
PART_ZH = {
    "total": "“三公”经费合计",
    "abroad": "因公出国（境）费",
    "cars": "公务用车购置及运行费",
    "car_purchase": "公务用车购置费",
    "car_running": "公务用车运行费",
    "reception": "公务接待费",
}
ANOTHER_YEAR = re.compile(r"上年|上一年|去年|同期|以前年度|下年|明年|执行数")
BUDGET = re.compile(r"预算|年初|计划|安排")


def table_cells(lines: list[dict]) -> tuple[dict[str, list], bool]:
    """part → the figures the 三公 tables print for it, and whether every table was read
    consistently (on some printed line, 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费).
    A part given several different cells on one printed line was misread (a header the reader
    could not place) and is left out of its table."""
    tables: dict[tuple, list[dict]] = {}
    for r in lines:
        if (r.get("table_code") or "").endswith("three_public"):
            tables.setdefault((r.get("table_code"), r.get("table_index")), []).append(r)
    out: dict[str, list] = {}
    consistent = bool(tables)
    for rows in tables.values():
        by_line: dict[tuple, list] = {}
        for r, part in three_public_parts(rows):
            fig = budget_row_to_figure(r)
            if fig is not None:
                by_line.setdefault((part, r.get("page"), r.get("line")), []).append(fig)
        placed = {k: figs[0] for k, figs in by_line.items() if len({f.value for f in figs}) == 1}
        for (part, _page, _line), fig in placed.items():
            out.setdefault(part, []).append(fig)
        consistent = consistent and _adds_up(placed)
    return out, consistent


def _adds_up(placed: dict[tuple, object]) -> bool:
    lines = {(page, line) for _part, page, line in placed}
    for page, line in lines:
        got = {part: placed.get((part, page, line)) for part in ("total", "abroad", "cars", "reception")}
        if all(got.values()):
            parts = got["abroad"].value + got["cars"].value + got["reception"].value
            slack = sum(f.slack for f in got.values())
            if abs(got["total"].value - parts) <= slack:
                return True
    return False


def _clause(fact: dict) -> str:
    """The clause of the sentence that holds the figure (up to it from the last clause break)."""
    sentence = fact.get("sentence") or ""
    raw = fact.get("value_raw") or ""
    named = sentence.find(fact.get("metric_raw") or "")
    end = sentence.find(raw, max(named, 0)) if raw else -1
    head = sentence[: end if end >= 0 else len(sentence)]
    return re.split(r"[，,；;。]", head)[-1] + (fact.get("metric_raw") or "")


def _compared(fact: dict, report_kind: str | None, year) -> bool:
    clause = _clause(fact)
    years = {int(y) for y in re.findall(r"(20\d\d)\s*年", clause)}
    if years and years != {int(year or 0)}:
        return False
    if ANOTHER_YEAR.search(re.sub(r"20\d\d\s*年度?", "", clause)):
        return False
    if fact.get("relation") or fact.get("amount_wan") is None:
        return False
    if report_kind == "final_accounts":
        return not (fact.get("phase") or "").startswith("budget") and not BUDGET.search(clause)
    return report_kind == "budget"


def three_public_text_findings(
    facts: list[dict], lines: list[dict], report_kind: str | None, year
) -> Iterator[dict]:
    cells, consistent = table_cells(lines)
    if not cells:
        return
    for fact in facts:
        part = PART_OF_METRIC.get(fact.get("metric") or "")
        if not part or part not in cells or not _compared(fact, report_kind, year):
            continue
        text = money_figure(fact)
        if text is None or any(_equal(text, c) for c in cells[part]):
            continue
        cell = min(cells[part], key=lambda c: abs(c.value - text.value))
        where = f"{cell.table_code} 第{cell.page}页" if cell.page else cell.table_code
        msg = f"正文 {PART_ZH[part]} {text.shown()} 万元 ≠ {where} {PART_ZH[part]} {cell.shown()}"
        if not consistent:
            msg += "（三公表的合计与各项未能核对一致，表格识别可能有误，仅作提示）"
        severity = "error" if consistent else "warning"
        out = finding(
            "text_vs_table.three_public", text, cell.value, text.slack + cell.slack, msg, [cell], severity
        )
        if out:
            yield out


def _equal(text, cell) -> bool:
    """Equal within the two printings' slack (a text figure rounded from the cell)."""
    return abs(text.value - cell.value) <= text.slack + cell.slack
