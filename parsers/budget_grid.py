"""Budget and final-account tables that come as cells (PDF tables, tab-separated tables).

A table is named by the title printed above it on its page (`收入决算表`), its unit
by the `单位：` line there, its columns by its header rows (several rows, merged
cells spread right). Columns play three roles: a code (`功能分类科目编码`, or
类 / 款 / 项 printed in three columns and joined: 201 | 03 | 01 → 2010301), a name,
and values (a measure each, from `budget_vocab.header_to_measure`). A code or
name column starts a group, so a two-sided summary (收入 | 支出) or a detail
table printed in two or three column pairs is read group by group, each group
its own side. A table at the top of a page without a title of its own continues
the one before it, repeated header rows dropped. A table whose header is read
but which prints no figure is recorded as present and empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex as re

from extract.model import Document, Table

from .budget_vocab import classify_code, header_to_measure, looks_like_title, title_to_table_code
from .records import BudgetLine, TableInfo

MONEY = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,6})?$")
CODE = re.compile(r"^\d{2,7}$")
UNIT = re.compile(r"单位[:：]\s*(万元|元|亿元)")
SUMMARY_KINDS = ("summary", "fiscal_summary")


@dataclass
class _Layout:
    code: str
    title: str
    unit: str
    groups: list[dict]  # {"code": [cols], "name": col, "values": [(col, measure, header)]}
    n_cols: int
    info_index: int


def document_to_grid_budget(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    out: list[BudgetLine] = []
    infos: list[TableInfo] = []
    layout: _Layout | None = None
    for page in doc.pages:
        for i, table in enumerate(page.tables):
            title, unit = _title_and_unit(page, table)
            code = title_to_table_code(title) if title else None
            if (
                code is None
                and title is None
                and layout is not None
                and i == 0
                and table.n_cols == layout.n_cols
            ):
                pass  # the table continues from the page before
            elif code is None:
                layout = None
                continue
            else:
                header_rows, groups = _header(table)
                if not groups:
                    layout = None
                    continue
                layout = _Layout(code, title, unit or "万元", groups, table.n_cols, len(infos))
                infos.append(
                    TableInfo(
                        code,
                        title,
                        page.number,
                        page.number,
                        table.first_line,
                        layout.unit,
                        method=table.method,
                        empty=True,
                    )
                )
            lines = _rows(table, layout, doc)
            out += lines
            old = infos[layout.info_index]
            note = "；".join(n for n in (old.note, _note_below(page, table)) if n) or None
            infos[layout.info_index] = TableInfo(
                old.table_code,
                old.table_title_raw,
                old.page,
                page.number,
                old.line,
                old.unit_raw,
                n_rows=old.n_rows + len({b.line for b in lines}),
                n_values=old.n_values + len(lines),
                empty=old.empty and not lines,
                confidence=1.0,
                method=old.method,
                note=note,
            )
    return out, infos


def _note_below(page, table: Table) -> str | None:
    """The 注 printed under the table on its page (`27行＝（1＋2＋…＋8）行`), for the audit."""
    bottom = table.bbox[3] if table.bbox else None
    if bottom is None:
        return None
    below = [ln.text.strip() for ln in page.lines if ln.bbox is not None and ln.bbox[1] >= bottom - 1]
    start = next((i for i, t in enumerate(below) if re.match(r"^注[:：]", t)), None)
    if start is None:
        return None
    out = []
    for text in below[start : start + 6]:
        if out and not re.search(r"[＝=]|行|栏", text):
            break
        out.append(text)
    return " ".join(out)


def _title_and_unit(page, table: Table) -> tuple[str | None, str | None]:
    """The title and unit printed above the table on its page (lines above its top edge)."""
    top = table.bbox[1] if table.bbox else None
    above = [ln for ln in page.lines if top is None or (ln.bbox is not None and ln.bbox[3] <= top + 1)]
    if top is None and table.first_line:
        above = [ln for ln in page.lines if ln.number < table.first_line]
    title = unit = None
    for ln in above[-6:]:
        text = ln.text.strip()
        m = UNIT.search(text)
        if m:
            unit = m.group(1)
        if title_to_table_code(text) and len(text) <= 60:
            title = text
    if title is None and table.rows:  # the title printed inside the table's first row
        first = "".join(c.text for c in table.rows[0]).strip()
        m = UNIT.search(first)
        head = re.split(r"部门[:：]|单位[:：]", first)[0].strip()
        if (
            head
            and looks_like_title(head)
            and title_to_table_code(head)
            and not any(_is_money(c.text) for c in table.rows[0])
        ):
            title, unit = head, (m.group(1) if m else unit)
    return title, unit


def _is_money(text: str) -> bool:
    return (
        bool(MONEY.match(text.replace(" ", "")))
        and not CODE.match(text.strip())
        or bool(re.match(r"^-?\d+\.\d+$", text.strip()))
    )


def _header(table: Table):
    """Header rows (before the first row with a figure) → column groups."""
    first_data = next(
        (r for r, row in enumerate(table.rows) if any(_is_money(c.text) for c in row)), len(table.rows)
    )
    header = table.rows[:first_data]
    n = table.n_cols
    texts = [[""] * n for _ in header]
    for r, row in enumerate(header):
        for c in range(n):
            t = re.sub(r"\s+", "", row[c].text) if c < len(row) else ""
            texts[r][c] = t
    columns = []
    for c in range(n):
        parts = [texts[r][c] for r in range(len(header)) if texts[r][c]]
        columns.append(parts)
    groups: list[dict] = []
    current = None
    for c, parts in enumerate(columns):
        joined = "".join(parts)
        deepest = parts[-1] if parts else ""
        if re.search(r"编码|代码|^类$|^款$|^项$", deepest) or deepest in ("类", "款", "项"):
            if current is None or current["name"] is not None or current["values"]:
                current = {"code": [], "name": None, "values": []}
                groups.append(current)
            current["code"].append(c)
            continue
        measure = header_to_measure(deepest) if deepest else None
        is_name = measure is None and bool(re.search(r"项目|名称", deepest))
        if measure is None and parts and not is_name:
            measure = next((header_to_measure(p) for p in reversed(parts) if header_to_measure(p)), None)
        if measure is None and not is_name:
            is_name = bool(
                re.search(r"项目|科目名称|名称|^收入$|^支出$|功能分类|经济分类", deepest or joined)
            )
        if is_name or (not parts and current is None):
            if current is None or current["name"] is not None or current["values"]:
                current = {"code": [], "name": c, "values": []}
                groups.append(current)
            else:
                current["name"] = c
            continue
        if current is None:
            current = {"code": [], "name": None, "values": []}
            groups.append(current)
        current["values"].append((c, measure, joined))
    return header, [g for g in groups if g["values"]]


def _rows(table: Table, layout: _Layout, doc: Document) -> list[BudgetLine]:
    kind = layout.code.split(".", 1)[-1]
    out = []
    for row in table.rows:
        if not any(_is_money(c.text) for c in row):
            continue
        orphan = ""  # a name whose own columns are empty: a merged cell spanning into the next group
        for g, group in enumerate(layout.groups):
            code_parts = [row[c].text.strip() for c in group["code"] if c < len(row)]
            code = "".join(p for p in code_parts if CODE.match(p)) or None
            name = (
                row[group["name"]].text.strip()
                if group["name"] is not None and group["name"] < len(row)
                else ""
            )
            if not name:
                name = next((p for p in code_parts if p and not CODE.match(p)), "")
            if code and not name:
                m = re.match(r"^(\d{3,7})\s*(\S.*)$", code)
                if m:
                    code, name = m.group(1), m.group(2)
            has_values = any(c < len(row) and _is_money(row[c].text) for c, _, _ in group["values"])
            if not name and not code and orphan and has_values:
                name = orphan
            orphan = name if name and not has_values else ""
            if not name and not code:
                continue
            side = None
            if kind in SUMMARY_KINDS:
                side = "income" if g == 0 else "expenditure"
            for c, measure, header in group["values"]:
                if c >= len(row):
                    continue
                cell = row[c]
                raw = cell.text.strip().replace(" ", "")
                if not raw or not _is_money(raw):
                    continue
                if kind in SUMMARY_KINDS and measure is None:
                    measure = "amount"
                out.append(
                    BudgetLine(
                        table_code=layout.code,
                        table_title_raw=layout.title,
                        item_name_raw=re.sub(r"\s+", "", name),
                        measure=measure,
                        amount=Decimal(raw.replace(",", "")),
                        amount_raw=cell.text.strip(),
                        unit_raw=layout.unit,
                        page=cell.page,
                        line=cell.line,
                        item_code=code,
                        classification=classify_code(code) if code else None,
                        side=side,
                        column_raw=header or None,
                        bbox=cell.bbox,
                    )
                )
    return out
