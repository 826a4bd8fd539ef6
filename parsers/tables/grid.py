"""Tables that come as cells (PDF ruled tables, tab-separated and markdown text) → logical tables.

A table is named by the title printed above it on its page (`收入决算表`), its unit by
the `单位：` line there, its columns by its header rows (several rows, merged cells
spread right), resolved once into roles (`header.header_to_columns`). A cell is money
because its column is a money column, whatever it looks like (`29` in a 元 table is
money; `50199` in a code column is a code). The 栏次 row under the header is recognised
and dropped. A table at the top of a page without a title of its own continues the one
before it when it prints no header of its own or repeats the same header; a table
with a different header is another table. Rows are placed in their hierarchy
(`structure.assign_parents`) once the whole table is read, across its pages.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

import regex as re

from caizheng.extract.model import Document, Page, Table

from ..budget_vocab import looks_like_title, title_to_table_code
from ..classification import candidates
from ..metadata.orgs import is_full
from .header import _body_role, header_rows_count, header_to_columns, is_money_like
from .model import COLUMN_INDEX, ITEM, NAMED_TOTAL, TOTAL, Column, LogicalTable, Row, Value
from .structure import (
    assign_parents,
    clean,
    code_level,
    indent_levels,
    is_column_labels,
    outline_rank,
    row_kind,
    strip_outline,
)
from .templates import pattern, row_relations, rows_summed

UNIT = re.compile(r"单位[:：]\s*(万元|元|亿元)")
CODE = re.compile(r"^\d{3,9}$")  # 类 款 项 (3/5/7 digits), and 目 (9) of the revenue codes
AMOUNT = re.compile(r"^-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,6})?$")
SEVERAL = re.compile(r"[0-9.][ \t\n]+[-−]?[0-9]")  # `15204546 9327596 …`: a row's figures in one cell
PROSE = re.compile(
    r"[，。；]|\d万元|万元[，。]|[：:].{4,}|说明$"
)  # a sentence naming a table is not its title
NIL = re.compile(r"^[-—–－~～/／]+$|^[0０]?$")


@dataclass
class _Draft:
    """A logical table while its pages are read."""

    index: int
    code: str
    title: str
    unit: str
    page: int
    line: int | None
    method: str
    columns: tuple[Column, ...]
    n_cols: int
    header_key: tuple
    page_end: int = 0
    rows: dict[int, list[dict]] = field(default_factory=dict)  # group → row drafts in order
    notes: list[str] = field(default_factory=list)
    merged_cells: int = 0  # cells printing several figures, not read
    unruled_rows: int = 0  # rows of figures printed under a ruled header without rules, not read


def document_to_logical_tables(doc: Document) -> list[LogicalTable]:
    drafts: list[_Draft] = []
    current: _Draft | None = None
    for page in doc.pages:
        # one ruled column of words (a fragment of a table's name column) is no table
        for i, table in enumerate(t for t in page.tables if t.n_cols >= 2):
            title, unit = title_and_unit(page, table)
            code = title_to_table_code(title) if title else None
            n_header = header_rows_count(table)
            repeated = title is not None and current is not None and title == current.title  # on every page
            if (
                (code is None and title is None or repeated)
                and current is not None
                and i == 0
                and _continues(current, table, n_header)
            ):
                body = table.rows[n_header:]
                if table.n_cols != current.n_cols:  # rows of another width: read with their own columns
                    saved = current.columns
                    current.columns = _rewidth(current, table)
                    for cells in body:
                        _add_row(current, cells)
                    current.columns = saved
                    current.page_end = page.number
                    continue
            elif code is None:
                current = None
                continue
            else:
                columns = header_to_columns(table, n_header)
                if not any(c.role == "measure" for c in columns):
                    current = None
                    continue
                current = _Draft(
                    index=len(drafts),
                    code=code,
                    title=title,
                    unit=unit or "万元",
                    page=page.number,
                    line=table.first_line,
                    method=table.method,
                    columns=columns,
                    n_cols=table.n_cols,
                    header_key=_header_key(table, n_header),
                )
                drafts.append(current)
                body = table.rows[n_header:]
            current.page_end = page.number
            for cells in body:
                _add_row(current, cells)
            if not any(is_money_like(c.text) for cells in body for c in cells):
                current.unruled_rows += len(figure_lines_below(page, table))
            note = note_below(page, table)
            if note:
                current.notes.append(note)
    return [_finish(d) for d in drafts]


def _header_key(table: Table, n_header: int) -> tuple:
    """The header's words, without a row of column letters or numbers (`公式 A=B+C B C`, 栏次),
    which a page may print and its continuation leave out (湖南 2023 债务决算 pp1–4)."""
    rows = [tuple(clean(c.text) for c in row) for row in table.rows[:n_header]]
    return tuple(r for r in rows if not (r and is_column_labels(r[0], r[1:])))


def _continues(current: _Draft, table: Table, n_header: int) -> bool:
    """A headless table of the same width, or one that repeats the header, continues; so does
    a headless table of another width whose columns print what the table's columns print, in
    the same order (the next page ruled without the header's sliver columns)."""
    if table.n_cols != current.n_cols:
        return n_header == 0 and _rewidth(current, table) is not None
    return n_header == 0 or _header_key(table, n_header) == current.header_key


def _rewidth(current: _Draft, table: Table) -> tuple[Column, ...] | None:
    """The table's columns for a continuation of another width: each of its printed columns,
    by what its body prints (codes, names, figures), matched in order with the roles of the
    table it continues; None where they do not match one to one."""
    body = {c: _body_role(table, 0, c) for c in range(table.n_cols)}
    printed = [c for c, role in body.items() if role != "empty"]
    roles = [body[c] if body[c] in ("code", "name") else "measure" for c in printed]
    groups = sorted({c.group for c in current.columns})
    if len(groups) != 1:
        return None
    wanted = [c for c in current.columns if c.role in ("code", "name", "measure")]
    collapsed = []  # a code or name printed over several columns is one column on the other page
    for c in wanted:
        if collapsed and c.role in ("code", "name") and collapsed[-1].role == c.role:
            continue
        collapsed.append(c)
    measures = [c for c in collapsed if c.role == "measure"]
    distinct = [m for i, m in enumerate(measures) if m.measure not in {x.measure for x in measures[:i]}]
    target = [c for c in collapsed if c.role != "measure"] + distinct
    if len(distinct) == 1:  # one money column, ruled as several on this page (a figure a line lower)
        target += distinct * (roles.count("measure") - 1)
    if [c.role for c in target] != sorted(
        roles, key=lambda r: ("code", "name", "measure").index(r)
    ) or roles != [c.role for c in target]:
        return None
    return tuple(
        Column(index=i, role=t.role, group=t.group, measure=t.measure, header=t.header)
        for i, t in zip(printed, target)
    )


# a name that runs on into a second numbered row's (`国际金融组织和外国政府贷款四、2024年地方政府债务
# 还本决算数`, 广东 2024 p170): two printed rows in one ruled row, the rule between them missing.
# Never `一、` (the first row of an outline follows no numbered row; `统一、规范` is a word)
TWO_NAMES = re.compile(
    r"\p{Han}(?:[二三四五六七八九]|十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)、[\p{Han}\d]"
)


def _add_row(draft: _Draft, cells) -> None:
    """One printed row → one row draft per column group that has a name, a code or a value."""
    texts = [c.text.strip() for c in cells]
    orphan = ""  # a name whose own columns are empty: a merged cell spanning into the next group
    for group in sorted({c.group for c in draft.columns}):
        cols = [c for c in draft.columns if c.group == group]
        code_parts = [texts[c.index] for c in cols if c.role == "code" and c.index < len(texts)]
        code = "".join(p for p in code_parts if p.isdigit()) or None
        if code and not CODE.match(code):
            code = None
        name_cols = [c for c in cols if c.role == "name"]
        names = [texts[c.index] if c.index < len(texts) else "" for c in name_cols]
        levels = len(names) > 1 and all(c.header in ("", name_cols[0].header) for c in name_cols)
        depth = next((d for d, n in enumerate(names) if n), None) if levels else None
        if len(names) > 1 and not levels:
            depth = -1  # names in columns of their own (品目 | 项目 | …): the hierarchy is not printed
        named = next((c for c, n in zip(name_cols, names) if n), None)
        span = cells[named.index].text_span if named is not None else None
        name = next((n for n in names if n), "")
        if not name:
            name = next((p for p in code_parts if p and not p.isdigit()), "")
        if not code and name:
            m = re.match(
                r"^[\[【［(（]?(\d{3,7})[\]】］)）]?\s*(\S.*)$", name
            )  # 206 科学技术支出, [206]科学技术支出
            if m:
                code, name = m.group(1), m.group(2)
        row_no = next(
            (
                int(texts[c.index])
                for c in cols
                if c.role == "row_no" and c.index < len(texts) and texts[c.index].isdigit()
            ),
            None,
        )
        money = [c for c in cols if c.role == "measure" and c.index < len(texts)]
        raws = [texts[c.index] for c in money]
        values = tuple(v for v in (_value(cells[c.index], c) for c in money) if v is not None)
        draft.merged_cells += sum(1 for c in money if SEVERAL.search(texts[c.index]))
        if not name and not code and orphan and values:
            name = orphan
        orphan = name if name and not values else ""
        kind = row_kind(name, raws)
        if kind == COLUMN_INDEX:
            continue  # a 栏次 row repeated under a continued header is no figures of the row above
        previous = (draft.rows.get(group) or [None])[-1]
        if values and not name and not code and previous and not previous["values"] and previous["fresh"]:
            previous["values"] = values  # the figures of the row above, ruled a line lower
            previous["fresh"] = False
            continue
        if not values and not code and not name:
            continue
        if not values and not name:
            continue
        first = next((cells[c.index] for c in cols if c.index < len(cells)), cells[0])
        draft.rows.setdefault(group, []).append(
            {
                "name": clean(name),
                "code": code,
                "kind": kind,
                "depth": depth,
                "span": span,
                "row_no": row_no,
                "values": values,
                "unread": any(SEVERAL.search(texts[c.index]) for c in money) or bool(TWO_NAMES.search(name)),
                "fresh": True,
                "page": first.page,
                "line": next((v.line for v in values), first.line),
            }
        )


def _numbered_totals(drafts: list[dict]) -> None:
    """A row named as a total but numbered in the table's outline beside other rows
    (`一、政府性基金收入合计` over `二、上级补助收入` … `五、上年结余收入`, then `收入总计`) is one of
    those numbered parts, not a total beside them: the numbering says so."""
    ranks = {outline_rank(r["name"]) for r in drafts if r["kind"] == ITEM} - {None}
    for r in drafts:
        if r["kind"] == NAMED_TOTAL and outline_rank(r["name"]) in ranks:
            r["kind"] = ITEM


def _indents(drafts: list[dict]) -> list[int | None]:
    """The indent level of each row, where the table prints its hierarchy by indentation alone:
    no row of it prints a code or its name in a column of its own."""
    if any(code_level(r["code"]) for r in drafts) or any(r["depth"] is not None for r in drafts):
        return [None] * len(drafts)
    return indent_levels([(r["kind"], r["span"]) for r in drafts]) or [None] * len(drafts)


def _value(cell, column: Column) -> Value | None:
    raw = cell.text.strip()
    if SEVERAL.search(raw):
        return None  # several figures in one cell: the cell was misread, no figure is read from it
    text = raw.replace(" ", "").replace("−", "-")
    if NIL.match(text) or not AMOUNT.match(text):
        return None
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return Value(column.measure, amount, raw, column.index, column.header, cell.page, cell.line, cell.bbox)


def _infer_code(name: str, parent_code: str | None, kind: str | None = "function") -> str | None:
    """The classification's code for a name printed without one, where only one fits."""
    found = [e.code for e in candidates(name, parent_code, kind)]
    if parent_code is None:
        found = [c for c in found if len(c) == 3]
    else:
        found = [c for c in found if len(c) == len(parent_code) + 2]
    return found[0] if len(found) == 1 else None


def _finish(d: _Draft) -> LogicalTable:
    rows: list[Row] = []
    summed = rows_summed(d.code)
    for group, drafts in sorted(d.rows.items()):
        _nameless_head_total(drafts)
        _numbered_totals(drafts)
        infer = _infer_any if _names_functions(d, group) or _names_economic(d) else None
        indents = _indents(drafts)
        places = assign_parents(
            [
                (r["kind"], r["code"], r["name"], None if r["depth"] == -1 else r["depth"], indent)
                for r, indent in zip(drafts, indents)
            ],
            infer,
        )
        places = declared_parts(drafts, places)
        name_header = next((c.header for c in d.columns if c.group == group and c.role == "name"), "")
        places = unit_groups(drafts, places, name_header)
        places = region_groups(drafts, places, name_header)
        places = _beside_unread(drafts, places)
        for i, (r, place) in enumerate(zip(drafts, places)):
            certain = place.certain and r["depth"] != -1 and summed
            rows.append(
                Row(
                    group=group,
                    index=i,
                    name_raw=r["name"],
                    kind=place.kind or r["kind"],
                    page=r["page"],
                    line=r["line"],
                    code=r["code"],
                    level=place.level,
                    parent=place.parent,
                    row_no=r["row_no"],
                    values=r["values"],
                    certain=certain,
                )
            )
    return LogicalTable(
        index=d.index,
        table_code=d.code,
        title=d.title,
        unit=d.unit,
        page=d.page,
        page_end=d.page_end or d.page,
        columns=d.columns,
        rows=tuple(rows),
        line=d.line,
        method=d.method,
        note="；".join(
            d.notes
            + [f"{d.merged_cells} 个单元格内印有多个数字（栏线未分开各栏），未读取"] * bool(d.merged_cells)
            + [f"表头之下 {d.unruled_rows} 行数字未画栏线，未读取"] * bool(d.unruled_rows)
        )
        or None,
        unread_rows=d.unruled_rows,
    )


def _nameless_head_total(drafts: list[dict]) -> None:
    """A row of figures printed first under the header with neither name nor code, above
    named rows, is the table's total printed at its head (上海's 收支总表 print their 合计 so,
    unlabelled): a total, not a part of itself."""
    if len(drafts) > 1 and drafts[0]["values"] and not drafts[0]["name"] and not drafts[0]["code"]:
        if any(r["name"] for r in drafts[1:]):
            drafts[0]["kind"] = TOTAL


PROJECT_END = re.compile(r"(?:项目|经费|费|资金|支出|补助|补贴|服务|系统|平台|工程|建设|运维|购置|专项)$")


def _is_unit(name: str) -> bool:
    return is_full(name) and not PROJECT_END.search(name)


def unit_groups(drafts: list[dict], places: list, name_header: str) -> list:
    """Rows of a table listed by 单位 (`单位名称`, `项目（资金使用单位）`) that the unit list
    itself groups, where nothing else printed placed them:

    - a unit followed by rows that are not units (its projects: `支出项目类别（资金使用单位）`
      prints each unit above its projects) is the total of those rows;
    - a unit whose name the next row repeats (`湖州市财政局` above `湖州市财政局` or
      `湖州市财政局本级`) is the department above its units: the total of the units below it.
    """
    if "单位" not in clean(name_header):
        return places
    out = list(places)
    free = [
        i
        for i, (r, p) in enumerate(zip(drafts, out))
        if r["kind"] == "item" and p.parent is None and p.level is None
    ]
    if not free:
        return out
    units = {i for i in free if _is_unit(strip_outline(drafts[i]["name"]))}
    first, nxt = free[0], (free[1] if len(free) > 1 else None)
    if nxt == first + 1 and first in units and nxt in units:
        a, b = strip_outline(drafts[first]["name"]), strip_outline(drafts[nxt]["name"])
        if b in (a, a + "本级"):
            end = next((j for j in range(first + 1, len(drafts)) if drafts[j]["kind"] == TOTAL), len(drafts))
            for j in free[1:]:
                if j < end:
                    out[j] = replace(out[j], parent=first, level=2)
            out[first] = replace(out[first], level=1)
            return out
    if units and len(units) < len(free):
        parent = None
        for j in range(len(drafts)):
            if drafts[j]["kind"] == TOTAL:
                parent = None
            elif j in units:
                parent = j
                out[j] = replace(out[j], level=1)
            elif j in free and parent is not None:
                out[j] = replace(out[j], parent=parent, level=2)
    return out


REGION_HEADER = re.compile(r"^(?:地区|区划|区划名称|行政区划|地区名称)(?:公式|栏次)?$")
OWN_LEVEL = re.compile(r"^(\p{Han}{2,}?)(?:本级|级)(?:[（(][^）)]*[)）])?$")  # 宜昌市级, 拉萨市本级（含园区）


def _own_level_of(region: str, name: str) -> bool:
    """`湖南省本级` under `湖南省`, `宜昌市级` under `宜昌市`, `湘西自治州本级` under
    `湘西土家族苗族自治州`: the region's own level, named by the region's first two characters."""
    m = OWN_LEVEL.match(name)
    return bool(m) and len(region) >= 2 and m.group(1)[:2] == region[:2] and name != region


def region_groups(drafts: list[dict], places: list, name_header: str) -> list:
    """Rows of a table listed by 地区 (the debt tables: `湖南省`, `湖南省本级`, `长沙市`, `长沙市本级`,
    `芙蓉区` …) that the list itself groups, where nothing else printed placed them: a region
    followed by its own level (`…本级`, `…市级`) is the whole of that row and of the regions
    below it, up to the next region followed by its own level, which is a part of the first;
    a `…合计` row among the parts (`区县级合计`) is the whole of the regions below it."""
    if not REGION_HEADER.match(clean(name_header)):
        return places
    out = list(places)
    free = [
        i
        for i, (r, p) in enumerate(zip(drafts, out))
        if r["kind"] in (ITEM, NAMED_TOTAL) and p.parent is None and p.level is None
    ]
    if len(free) < 3 or free != list(range(free[0], free[0] + len(free))):
        return out
    names = [strip_outline(drafts[i]["name"]) for i in free]
    if not _own_level_of(names[0], names[1]) or any(drafts[i]["kind"] == NAMED_TOTAL for i in free[:2]):
        return out
    top, sub = free[0], None
    out[top] = replace(out[top], level=1)
    k = 1
    while k < len(free):
        i, name = free[k], names[k]
        following = names[k + 1] if k + 1 < len(free) else ""
        if k == 1:
            out[i] = replace(out[i], parent=top, level=2, kind=ITEM)
        elif drafts[i]["kind"] == NAMED_TOTAL or _own_level_of(name, following):
            sub = i
            out[i] = replace(out[i], parent=top, level=2, kind=ITEM)
            if drafts[i]["kind"] != NAMED_TOTAL:
                out[free[k + 1]] = replace(out[free[k + 1]], parent=sub, level=3, kind=ITEM)
                k += 1
        else:
            out[i] = replace(
                out[i], parent=sub if sub is not None else top, level=3 if sub is not None else 2, kind=ITEM
            )
        k += 1
    return out


def declared_parts(drafts: list[dict], places: list) -> list:
    """Rows a template names as the parts of the row above them (财政拨款 → 一般公共预算 …) hang
    from it where nothing printed placed them; the unplaced rows printed between two of its
    parts are the items of the part before them (上级补助收入: 返还性收入, its 所得税基数返还收入 …,
    then 一般性转移支付收入)."""
    out = list(places)
    for rel in row_relations():
        if rel.unsettled:
            out = _unsettled_after(rel.whole, drafts, out)
            continue
        roles = [_role(rel, r) if r["kind"] == ITEM else None for r in drafts]
        follows = _part_follows(roles, drafts, out)
        whole = last = None
        for i, (r, place) in enumerate(zip(drafts, out)):
            if place.parent is not None or r["kind"] != ITEM:
                continue
            if roles[i] == "whole":
                whole, last = i, None
            elif whole is not None and place.level is None and roles[i] == "part":
                out[i] = replace(place, parent=whole, level=(out[whole].level or 0) + 1)
                last = i
            elif last is not None and place.level is None and follows[i]:
                out[i] = replace(place, parent=last, level=(out[last].level or 0) + 1)
            else:
                whole = last = None
    return out


def _role(rel, row: dict) -> str | None:
    """`whole` for a row named as the relation's whole, `part` for one named as a part."""
    name = strip_outline(row["name"])
    if pattern(rel.whole).search(name):
        return "whole"
    return "part" if any(pattern(p).search(name) for p in rel.parts) else None


def _part_follows(roles: list, drafts: list[dict], places: list) -> list[bool]:
    """For each row: whether a part comes after it before the whole again or a total."""
    out = [False] * len(drafts)
    ahead = False
    for j in range(len(drafts) - 1, -1, -1):
        out[j] = ahead
        r = drafts[j]
        if r["kind"] in (TOTAL, NAMED_TOTAL):
            ahead = False
        elif r["kind"] == ITEM and places[j].parent is None and roles[j]:
            ahead = roles[j] == "part"
    return out


def _beside_unread(drafts: list[dict], places: list) -> list:
    """A row with a cell of several figures (a missing rule: its figures and the next row's in
    one box, 新疆 2024 p75) was not read, so its parent's sum over it and its siblings cannot be
    checked: they are uncertain. (An unread row at the top level is in no parent's sum; the
    table's total over it is checked as printed.)"""
    parents = {place.parent for r, place in zip(drafts, places) if r.get("unread")} - {None}
    if not parents:
        return places
    return [
        replace(place, certain=False) if place.parent in parents and r["kind"] == ITEM else place
        for r, place in zip(drafts, places)
    ]


def _unsettled_after(whole: str, drafts: list[dict], places: list) -> list:
    """The unnumbered rows after a row named `whole`, up to the next total, whose place nothing
    printed settles: they may be its parts or its siblings, so no sum counts on them."""
    out = list(places)
    inside = False
    for i, (r, place) in enumerate(zip(drafts, out)):
        if r["kind"] in (TOTAL, NAMED_TOTAL):
            inside = False
        elif place.parent is None and r["kind"] == ITEM and pattern(whole).search(strip_outline(r["name"])):
            inside = True
        elif inside and place.parent is None and not r["code"]:
            out[i] = replace(place, certain=False)
    return out


def _infer_any(name: str, parent_code: str | None) -> str | None:
    """A functional or an economic class: expenditure tables list either (or a unit's classes)."""
    return _infer_code(name, parent_code, None)


def _names_economic(d: _Draft) -> bool:
    """Tables whose rows are economic classes (基本支出 by 工资福利支出, 商品和服务支出, …)."""
    return d.code.split(".", 1)[-1] in (
        "general_budget_basic_expenditure",
        "fiscal_basic_expenditure",
        "basic_expenditure",
    )


def _names_functions(d: _Draft, group: int) -> bool:
    """Groups whose rows are functional classes: the expenditure side of a summary, the
    functional expenditure tables (not income sources, not economic classes)."""
    kind = d.code.split(".", 1)[-1]
    if kind in ("summary", "fiscal_summary"):
        return group > 0
    return kind in ("expenditure", "general_budget_expenditure", "gov_fund", "fiscal_expenditure")


def lines_below(page: Page, table: Table) -> list:
    """The page's lines under the table's bottom rule (none when the table has no box)."""
    bottom = table.bbox[3] if table.bbox else None
    if bottom is None:
        return []
    return [ln for ln in page.lines if ln.bbox is not None and ln.bbox[1] >= bottom - 1]


def figure_lines_below(page: Page, table: Table) -> list:
    """The lines under a ruled table on its page that print two figures or more: the body of a
    table whose rules stop at its header (湖南 2023 债务决算 p1: `长沙市 3,070.49 739.84 …`),
    the run of them right under the rules, up to the first line that is not one."""
    return list(
        itertools.takewhile(
            lambda ln: sum(1 for token in ln.text.split() if is_money_like(token)) >= 2,
            lines_below(page, table),
        )
    )


def note_below(page: Page, table: Table) -> str | None:
    """The 注 printed under the table on its page (`27行＝（1＋2＋…＋8）行`), for the audit."""
    below = [ln.text.strip() for ln in lines_below(page, table)]
    start = next((i for i, t in enumerate(below) if re.match(r"^注[:：]", t)), None)
    if start is None:
        return None
    out = []
    for text in below[start : start + 6]:
        if out and not re.search(r"[＝=]|行|栏", text):
            break
        out.append(text)
    return " ".join(out)


def title_and_unit(page: Page, table: Table) -> tuple[str | None, str | None]:
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
        if (
            title_to_table_code(text)
            and len(text) <= 60
            and (looks_like_title(text) or not PROSE.search(text))
        ):
            title = text
    if title is None and table.rows:  # the title printed inside the table's first row
        first = "".join(c.text for c in table.rows[0]).strip()
        m = UNIT.search(first)
        head = re.split(r"部门[:：]|单位[:：]", first)[0].strip()
        if (
            head
            and looks_like_title(head)
            and title_to_table_code(head)
            and not any(is_money_like(c.text) for c in table.rows[0])
        ):
            title, unit = head, (m.group(1) if m else unit)
    return title, unit
