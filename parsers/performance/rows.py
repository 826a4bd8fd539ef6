"""A performance logical table → indicator records: one per indicator row, with its project
(the row's parent) and the unit that project is listed under (the project's parent)."""

from __future__ import annotations

from ..records import Indicator
from ..tables.model import INDICATOR, PROJECT, UNIT, LogicalTable, Row
from .targets import parse_target
from .vocab import split_level


def table_to_indicators(table: LogicalTable) -> list[Indicator]:
    rows = {r.index: r for r in table.rows}
    out = []
    for row in table.rows:
        if row.kind != INDICATOR:
            continue
        project = _ancestor(rows, row, PROJECT)
        unit = _ancestor(rows, project, UNIT) if project is not None else None
        out.append(row_to_indicator(table, row, project, unit))
    return out


def _ancestor(rows: dict[int, Row], row: Row, kind: str) -> Row | None:
    seen = row
    while seen.parent is not None:
        seen = rows[seen.parent]
        if seen.kind == kind:
            return seen
    return None


def row_to_indicator(table: LogicalTable, row: Row, project: Row | None, unit: Row | None) -> Indicator:
    texts = dict(row.texts)
    level1, level2 = texts.get("level1"), texts.get("level2")
    l1, _ = split_level(level1)
    l2, _ = split_level(level2)
    raw_target = texts.get("target")
    if raw_target and texts.get("op") and not raw_target.startswith(texts["op"]):
        raw_target = texts["op"] + raw_target  # 指标性质 ≥ | 指标值 7500
    target = parse_target(raw_target, texts.get("unit"))
    actual = parse_target(texts.get("actual"))
    values = {v.measure: float(v.amount) for v in row.values}
    scope = "project" if project is not None else "department"
    return Indicator(
        scope=scope,
        project_name=project.name_raw if project is not None else None,
        table_kind=table.method or "target",
        name=texts.get("name", row.name_raw),
        page=row.page,
        line=row.line,
        level1_raw=level1,
        level2_raw=level2,
        level1=l1,
        level2=l2,
        description=texts.get("description"),
        target_raw=raw_target,
        target_op=target.op,
        target_value=target.value,
        target_unit=target.unit,
        actual_raw=texts.get("actual"),
        actual_op=actual.op,
        actual_value=actual.value,
        actual_unit=actual.unit,
        weight=values.get("weight"),
        score=values.get("score"),
        basis=texts.get("basis"),
        note=texts.get("note"),
        table_title_raw=table.title or None,
        unit_name=unit.name_raw if unit is not None else None,
        period_target_raw=texts.get("period_target"),
        table_code=table.table_code,
    )
