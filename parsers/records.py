"""What the parsers produce: one frozen record type per warehouse table.

Fields mirror `../shared/SCHEMA.md` (and `docs/schema.md`) except what the pipeline
adds (doc_id, fiscal_year) and what `normalize` derives (amount_wan from
amount + unit, normalized names). Values are as printed plus their parse; money
is `Decimal` in the unit printed (`unit_raw`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DocumentInfo:
    report_kind: str = "unknown"
    report_kind_confidence: float | None = None
    fiscal_year: int | None = None
    org_name: str | None = None
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    admin_code: str | None = None
    admin_level: str | None = None
    published: str | None = None
    title: str | None = None
    title_block: str | None = None  # the cover's lines: where a government's region is named


@dataclass(frozen=True)
class TableInfo:
    """One table found in a report, with how sure we are of its reading (camelot's parsing_report)."""

    table_code: str
    table_title_raw: str
    page: int
    page_end: int
    line: int | None = None
    unit_raw: str | None = None
    n_rows: int = 0  # data rows read
    n_values: int = 0  # money cells emitted
    empty: bool = False  # recognized, but printed without figures (空表)
    confidence: float = 1.0  # 0..1: share of cells placed with certainty
    method: str | None = None  # pdf-lines, pdf-text, tsv, text-lines
    note: str | None = None
    table_index: int | None = None  # joins budget_lines.table_index
    template: str | None = None  # the template family whose relations the table follows (government)


@dataclass(frozen=True)
class BudgetLine:
    table_code: str
    table_title_raw: str
    item_name_raw: str
    measure: str | None
    amount: Decimal  # in unit_raw
    amount_raw: str
    unit_raw: str
    page: int
    line: int | None = None
    row_no: int | None = None
    item_code: str | None = None
    classification: str | None = None
    side: str | None = None
    column_raw: str | None = None  # the column header as printed
    bbox: tuple[float, float, float, float] | None = None
    # the row's place in its logical table (parsers/tables), where the reader knows it
    table_index: int | None = None  # the table's order within the document
    row_group: int | None = None  # the column group (0 = income side of a summary, …)
    row_index: int | None = None  # printed order within the group, across pages
    row_kind: str | None = None  # item, of_which, total, named_total
    row_level: int | None = None  # code level (类 1, 款 2, 项 3) or outline rank
    parent_row: int | None = None  # row_index of the row this one is a part of
    row_certain: bool | None = None  # False where the printed structure does not settle its place


@dataclass(frozen=True)
class Fact:
    metric_raw: str
    value: Decimal
    unit: str | None
    sentence: str
    page: int
    line: int | None = None
    metric: str | None = None
    phase: str | None = None
    value_raw: str | None = None
    parent_metric_raw: str | None = None  # 基本支出 for 人员支出 in "基本支出 X（人员支出 Y…）"
    relation: str | None = None  # share_of, change, change_pct, completion_of, ratio
    relation_target_raw: str | None = None  # what a ratio or change relates to
    direction: str | None = None  # increase / decrease for changes


@dataclass(frozen=True)
class Indicator:
    scope: str
    table_kind: str
    name: str
    page: int
    line: int | None = None
    project_name: str | None = None
    level1_raw: str | None = None
    level2_raw: str | None = None
    level1: str | None = None
    level2: str | None = None
    description: str | None = None
    target_raw: str | None = None
    target_op: str | None = None
    target_value: float | None = None
    target_unit: str | None = None
    actual_raw: str | None = None
    actual_op: str | None = None
    actual_value: float | None = None
    actual_unit: str | None = None
    weight: float | None = None
    score: float | None = None
    basis: str | None = None
    note: str | None = None
    table_title_raw: str | None = None
    unit_name: str | None = None  # the unit a many-projects table lists the project under
    period_target_raw: str | None = None  # 实施周期指标值, where printed beside the 年度指标值
    table_code: str | None = None  # the performance template the table matched (perf.project_targets, …)


@dataclass(frozen=True)
class Score:
    scope: str
    dimension_raw: str
    page: int
    line: int | None = None
    project_name: str | None = None
    dimension: str | None = None
    parent: str | None = None
    max_score: float | None = None
    score: float | None = None
    grade_raw: str | None = None
    grade: str | None = None
    thresholds_raw: str | None = None  # e.g. 得分≥85分为优秀 as printed
    source: str | None = None  # prose or table


@dataclass(frozen=True)
class ProseLine:
    """A line of running text (not of a table), cleaned, with where it is printed."""

    page: int
    line: int
    text: str
    heading: bool = False  # a numbered heading (一、, （二）, 第三部分) on a line of its own
    block_start: bool = False  # first line after a heading or a table
    table_note: bool = False  # a note printed inside a table's frame (`注：本部门无相关收支项目`)
