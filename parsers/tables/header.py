"""A table's header rows → one role per column.

The header is every row above the first row that prints a figure. Each column's header
cells, top to bottom, name it; the deepest names its measure (`基本支出`), the ones above
its group (`财政拨款（补助）支出`). A code column (`科目编码`, or 类 / 款 / 项 printed in
three columns) or a name column (`项目`, `科目名称`) starts a group, so a two-sided
summary (收入 | 支出) or a detail table printed in two or three column pairs is read
group by group. `行次`/`栏次` columns hold row numbers, never money.
"""

from __future__ import annotations

import regex as re

from caizheng.extract.model import Table

from ..budget_vocab import header_to_measure
from .model import Column
from .structure import TOTAL_NAME, clean

MONEY_SHAPE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,6})?$")
CODE_SHAPE = re.compile(r"^\d{2,7}$")
DECIMAL = re.compile(r"^-?\d+\.\d+$")
ROW_NO_HEADER = re.compile(r"^(?:行次|栏次|行号|序号)$")
CODE_HEADER = re.compile(r"编码|代码|^类$|^款$|^项$")
NAME_HEADER = re.compile(r"项目|科目名称|名称|^收入$|^支出$|功能分类|经济分类|^(?:功能|经济)?科目$")


def is_money_like(text: str) -> bool:
    """A cell that, by its shape alone, prints a figure (used to find where the header ends)."""
    t = text.replace(" ", "").strip()
    return bool(MONEY_SHAPE.match(t)) and not CODE_SHAPE.match(t) or bool(DECIMAL.match(t))


NUMBER = re.compile(r"^[-−]?\d[\d,]*(?:\.\d+)?$")


HEADER_WORD = re.compile(r"项目|科目|名称|编码|代码|单位|金额|类|款|项")


def header_rows_count(table: Table) -> int:
    """Rows above the first row that prints a number in a cell of its own: a figure, a
    code or the 栏次 numbers (header cells always carry words: `2024年决算数`, not `2024`)."""
    headed = False  # a row above names two or more columns
    for r, row in enumerate(table.rows):
        texts = [clean(c.text) for c in row]
        if any(NUMBER.match(t) for t in texts):
            return r
        filled = [(c, t) for c, t in enumerate(texts) if t]
        if headed and len(filled) == 1 and filled[0][0] <= 1 and all(c.bbox is not None for c in row):
            if not HEADER_WORD.search(filled[0][1]):
                # a name over cells ruled each its own and left blank, under the columns' headers
                # (临沧 2026 p12 `机关服务 | | |`): the body's first row, no figures printed
                return r
        headed = headed or len(filled) >= 2
        if r > 0 and filled and filled[0][0] <= 1 and TOTAL_NAME.match(filled[0][1]):
            if not any(re.search(r"\p{Han}", t) for _, t in filled[1:]):
                return r  # the 合计 row of a table printed without figures (not a header's 小计)
    return len(table.rows)


GENERIC = re.compile(r"^(?:金额|小计|预算数|决算数|数额)$")
TITLE_ROW = re.compile(r"单位[:：]|部门[:：]|表$")


def header_texts(table: Table, n_header: int) -> list[list[str]]:
    """The header cells' texts, a merged cell's text spread over every column it spans
    (pdfplumber gives the covered positions as cells without a box), the title and
    unit row printed inside the table dropped."""
    n_cols = table.n_cols
    lefts: dict[int, float] = {}
    for row in table.rows:
        for c, cell in enumerate(row):
            if cell.bbox is not None:
                lefts[c] = min(lefts.get(c, cell.bbox[0]), cell.bbox[0])
    out = []
    for row in table.rows[:n_header]:
        texts = [clean(row[c].text) if c < len(row) else "" for c in range(n_cols)]
        filled = [t for t in texts if t]
        if len(filled) == 1 and TITLE_ROW.search(filled[0]) and n_cols > 1:
            continue
        if any(
            re.match(r"^(?:部门|单位|编制单位|部门名称|单位名称|编制部门)[:：]", t) for t in filled
        ) and not any(
            re.search(r"项目|科目|编码|名称|金额|合计|支出|收入", t)
            for t in filled
            if not re.match(r"^(?:部门|单位|编制单位|部门名称|单位名称|编制部门)[:：]", t)
        ):
            continue  # the 部门：… 单位：万元 line ruled inside the table
        last = None
        for c in range(min(n_cols, len(row))):
            cell = row[c]
            if cell.bbox is not None:
                last = cell
            elif last is not None and c in lefts and last.bbox[2] > lefts[c] + 1:
                texts[c] = clean(last.text)
        out.append(texts)
    return out


def _body_role(table: Table, n_header: int, c: int) -> str | None:
    """What a column's body prints, where that settles its role: only codes, names, nothing."""
    body = [row[c].text.strip() for row in table.rows[n_header:] if c < len(row) and row[c].text.strip()]
    if not body:
        return "empty"
    if len(body) >= 2 and all(re.fullmatch(r"\d{3,7}", t) for t in body):
        return "code"
    if sum(1 for t in body if re.search(r"\p{Han}", t)) * 2 > len(body) and not any(
        is_money_like(t) for t in body
    ):
        return "name"
    return None


def _text_column(table: Table, n_header: int, c: int) -> bool:
    body = [row[c].text.strip() for row in table.rows[n_header:] if c < len(row) and row[c].text.strip()]
    return bool(body) and sum(1 for t in body if re.search(r"\p{Han}", t)) * 2 > len(body)


def header_to_columns(table: Table, n_header: int) -> tuple[Column, ...]:
    n_cols = table.n_cols
    texts = header_texts(table, n_header)
    header = texts
    groups: list[dict] = []
    current = None
    roles: dict[int, tuple] = {}
    for c in range(n_cols):
        parts = [texts[r][c] for r in range(len(header)) if texts[r][c]]
        joined = "".join(parts)
        deepest = parts[-1] if parts else ""
        body = _body_role(table, n_header, c)
        if body == "empty" and not parts:
            continue  # a sliver between ruling lines: no header, nothing printed
        after_names = current is not None and current["name"]
        if body == "code" and after_names and deepest and not CODE_HEADER.search(deepest):
            body = None  # integers right of the names under a header of their own: figures (`全市`)
        if body == "code" and not header_to_measure(deepest):
            deepest = "编码"  # the header sits over another column; the cells are codes
        elif body == "name" and not header_to_measure(deepest) and not CODE_HEADER.search(deepest):
            deepest = deepest if NAME_HEADER.search(deepest) else "名称"
        if CODE_HEADER.search(deepest):
            if current is None or current["name"] or current["values"]:
                current = {"name": False, "values": False, "cols": []}
                groups.append(current)
            current["cols"].append((c, "code", None, joined))
            continue
        if ROW_NO_HEADER.match(deepest):
            if current is None:
                current = {"name": False, "values": False, "cols": []}
                groups.append(current)
            current["cols"].append((c, "row_no", None, joined))
            continue
        if GENERIC.match(deepest) and len(parts) > 1 and header_to_measure(parts[-2]) not in (None, "total"):
            deepest = parts[-2]  # 事业收入 | 金额: the column is 事业收入
        of_which = deepest.startswith("其中")  # 其中：教育收费 — part of the column before it, not a part
        measure = header_to_measure(deepest) if deepest and not of_which else None
        is_name = measure is None and not of_which and bool(re.search(r"项目|名称", deepest))
        if measure is None and parts and not is_name and not of_which:
            measure = next((header_to_measure(p) for p in reversed(parts) if header_to_measure(p)), None)
        elif measure is not None and len(parts) > 1:
            above = header_to_measure(parts[-2])
            if above in ("carryover_begin", "carryover_end") and measure != above:
                measure = None  # 上年结转结余 | 一般公共预算: a split of the carry-over, not 一般公共预算
        if not parts and current is not None and current["name"] and not current["values"]:
            if _text_column(table, n_header, c):  # a second name level, under the same header
                current["cols"].append((c, "name", None, joined))
                continue
        if measure is None and not is_name:
            is_name = bool(NAME_HEADER.search(deepest or joined))
        if is_name or (not parts and current is None):
            if current is None or current["values"]:  # names over several columns: levels of one name
                current = {"name": False, "values": False, "cols": []}
                groups.append(current)
            current["name"] = True
            current["cols"].append((c, "name", None, joined))
            continue
        if current is None:
            current = {"name": False, "values": False, "cols": []}
            groups.append(current)
        current["values"] = True
        current["cols"].append((c, "measure", measure, joined))
    for g in groups:  # a measure names one column of its group: the first that prints it
        seen: set[str] = set()  # (总计 | 本年收入 小计: the block's 小计 is not a second grand total;
        for k, (c, role, measure, joined) in enumerate(g["cols"]):  # 上年结转 | 单位资金 not a 2nd 上年结转)
            if role == "measure" and measure in seen:
                g["cols"][k] = (c, role, None, joined)
            elif role == "measure" and measure:
                seen.add(measure)
    out = []
    kept = [g for g in groups if g["values"]]
    for g_index, g in enumerate(kept):
        for c, role, measure, joined in g["cols"]:
            roles[c] = (role, g_index, measure, joined)
    for c in sorted(roles):
        role, g_index, measure, joined = roles[c]
        out.append(Column(index=c, role=role, group=g_index, measure=measure, header=joined))
    return _join_split_columns(table, n_header, tuple(out))


def _join_split_columns(table: Table, n_header: int, columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """A money column without a header, beside a named one of its group that never prints a
    figure on the same row, is that column split by the ruling (the header's rules differ
    from the body's): it takes the named column's measure."""
    body = table.rows[n_header:]

    def filled(c: int) -> set[int]:
        return {i for i, row in enumerate(body) if c < len(row) and is_money_like(row[c].text)}

    out = list(columns)
    for k, col in enumerate(out):
        if col.role != "measure" or col.measure or col.header:
            continue
        for other in (out[k + 1] if k + 1 < len(out) else None, out[k - 1] if k else None):
            if other is None or other.role != "measure" or other.group != col.group or not other.measure:
                continue
            if filled(col.index) and not filled(col.index) & filled(other.index):
                out[k] = Column(col.index, "measure", col.group, other.measure, other.header)
                break
    return tuple(out)
