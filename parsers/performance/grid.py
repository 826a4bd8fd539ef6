"""Indicator tables that come as cells: tab-separated and markdown tables, PDF tables.

The header row names the columns (一级指标, 二级指标, 三级指标, 指标值, 实际完成值,
分值, 得分, 偏差原因…). Real tables are not always aligned to it: a converted
自评表 shifts a 二级指标 into the 一级 column or drops an empty cell. So a row is
read from both ends: the fields after the 三级指标 (target, actual, weight,
score, note) are taken from the right, where numbers anchor them, and what is
left on the left is 一级/二级/三级, placed by the level vocabulary when the
count is short. 一级/二级 printed once for several rows are filled down.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from extract.model import Document, Table

from ..records import Indicator
from .targets import parse_target
from .vocab import LEVEL1, LEVEL2, split_level

FIELDS = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标", "指标名称")),
    ("description", ("指标描述", "绩效指标描述", "指标内容", "指标解释")),
    ("target", ("年度指标值", "年初目标值", "预期指标值", "目标值", "指标值")),
    ("unit", ("度量单位", "计量单位")),
    ("actual", ("实际完成值", "全年实际值", "实际值", "完成值")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
    ("basis", ("指标值确定依据", "确定依据")),
    ("note", ("偏差原因", "原因分析", "改进措施", "备注")),
)
LEFT = ("level1", "level2", "name", "description")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
TOTAL = re.compile(r"^(合计|总计|总分)$")
SELF_EVAL = re.compile(r"自评|实际完成|得分")


@dataclass(frozen=True)
class Header:
    row: int
    columns: dict[str, int]  # field → column index

    @property
    def right(self) -> list[str]:
        order = sorted((i, f) for f, i in self.columns.items() if f not in LEFT)
        return [f for _, f in order]


def row_header(row, r: int) -> Header | None:
    """The row's columns when it is an indicator header row (一级指标 … 三级指标 …)."""
    texts = [re.sub(r"\s+", "", c.text) for c in row]
    if not any("一级指标" in t for t in texts) or not any("三级指标" in t or "二级指标" in t for t in texts):
        return None
    columns: dict[str, int] = {}
    for i, t in enumerate(texts):
        for field, names in FIELDS:
            if field not in columns and any(n in t for n in names) and i not in columns.values():
                columns[field] = i
                break
    return Header(r, columns)


def table_header(table: Table) -> Header | None:
    return next((h for r, row in enumerate(table.rows) if (h := row_header(row, r))), None)


def document_to_grid_indicators(doc: Document) -> list[Indicator]:
    out: list[Indicator] = []
    state: _State | None = None
    waiting: str | None = None  # a project whose header row is on the next page
    for page in doc.pages:
        for i, table in enumerate(page.tables):
            header = table_header(table)
            project = table_project(table)
            if header is not None:
                state = _State(header, project or (waiting if i == 0 else None), table.n_cols)
                waiting = None
            elif project is not None:
                state, waiting = None, project
                continue
            elif state is not None and i == 0:
                pass  # the tail of the table on the page before (its empty columns may be dropped)
            else:
                state = waiting = None
                continue
            out += table_to_indicators(table, state)
    return out


@dataclass
class _State:
    header: Header
    project: str | None
    n_cols: int
    level1: str | None = None
    level2: str | None = None
    started: bool = False


def table_project(table: Table) -> str | None:
    """The 项目名称 a project table prints in its first rows."""
    for row in table.rows[:4]:
        texts = [re.sub(r"\s+", "", c.text) for c in row if c.text.strip()]
        if len(texts) >= 2 and texts[0] in ("项目名称", "项目"):
            return texts[1]
    return None


def table_to_indicators(table: Table, state: _State) -> list[Indicator]:
    header = state.header
    kind = "self_eval" if {"actual", "score"} & set(header.columns) else "target"
    right = header.right
    out: list[Indicator] = []
    for r, row in enumerate(table.rows):
        if not state.started:
            state.started = row_header(row, r) is not None
            continue
        cells = [c for c in row if c.text.strip()]
        if not cells or TOTAL.match(re.sub(r"\s+", "", cells[0].text)):
            continue
        if row_header(row, r):
            continue  # a header repeated mid-table
        values = _right_fields(cells, right)
        left = cells[: len(cells) - len(values)]
        if not left:
            continue
        texts = [re.sub(r"\s+", "", c.text) for c in left]
        name = texts[-1]
        levels = texts[:-1]
        if len(levels) >= 2:
            state.level1, state.level2 = levels[0], levels[1]
        elif len(levels) == 1:
            l1, _ = split_level(levels[0])
            if l1 in LEVEL1 and l1 not in LEVEL2:
                state.level1, state.level2 = levels[0], None
            elif l1 in LEVEL2 or left[0] is not row[0]:
                state.level2 = levels[0]
            else:
                state.level1, state.level2 = levels[0], None
        out.append(_indicator(kind, name, state.level1, state.level2, values, left[-1], state.project))
    return out


def _right_fields(cells, right: list[str]) -> dict[str, str]:
    """Fields right of the names, read from the right end: trailing text is the note, numbers the scores."""
    values: dict[str, str] = {}
    rest = list(cells)
    fields = list(right)
    while fields and rest:
        field = fields.pop()
        text = rest[-1].text.strip()
        if field in ("weight", "score") and not NUMBER.match(text):
            continue  # this row leaves it empty
        if field == "note" and NUMBER.match(text):
            continue
        values[field] = text
        rest.pop()
        if len(rest) <= 1:
            break
    return values


def _indicator(kind: str, name: str, level1, level2, values: dict[str, str], cell, project) -> Indicator:
    l1, w1 = split_level(level1)
    l2, w2 = split_level(level2)
    target = parse_target(values.get("target"), values.get("unit"))
    actual = parse_target(values.get("actual"))
    return Indicator(
        scope="project" if project else "department",
        project_name=project,
        table_kind=kind,
        name=name,
        page=cell.page,
        line=cell.line,
        level1_raw=level1,
        level2_raw=level2,
        level1=l1,
        level2=l2,
        target_raw=values.get("target"),
        target_op=target.op,
        target_value=target.value,
        target_unit=target.unit,
        actual_raw=values.get("actual"),
        actual_op=actual.op,
        actual_value=actual.value,
        actual_unit=actual.unit,
        weight=_number(values.get("weight")),
        score=_number(values.get("score")),
        basis=values.get("basis"),
        note=values.get("note"),
    )


def _number(text: str | None) -> float | None:
    return float(text) if text and NUMBER.match(text.strip()) else None
