"""The logical table: one printed table, however many pages it spans, with its header
resolved into column roles and its rows placed in a hierarchy.

Rows are kept per column group (a two-sided summary prints 收入 | 支出 side by side,
a detail table may print two or three column pairs): `Row.group` names the group,
`Row.index` the printed order within it, `Row.parent` the index of the row it is a
part of. Readers build these objects once; nothing is mutated afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

BBox = tuple[float, float, float, float]

# what a row is, see `structure.row_kind`
ITEM = "item"  # an ordinary row: a part of its parent (or of the table's total)
OF_WHICH = "of_which"  # 其中：… — a part of the row above, not a complete split of it
TOTAL = "total"  # 合计 / 小计 / 总计 of its scope
NAMED_TOTAL = "named_total"  # 人员经费合计: the total of a named subset, outside the scopes
COLUMN_INDEX = "column_index"  # the 栏次 row (1 2 3 …): column numbers, never money
# rows of performance tables (parsers/performance): a unit's subtotal row, a project, an indicator
UNIT = "unit"
PROJECT = "project"
INDICATOR = "indicator"
ROW_KINDS = (ITEM, OF_WHICH, TOTAL, NAMED_TOTAL, COLUMN_INDEX, UNIT, PROJECT, INDICATOR)


@dataclass(frozen=True)
class Column:
    """One column of the table with its role: `code` (classification code, or one of
    类/款/项), `name`, `row_no` (行次/栏次) or `measure` (a money column)."""

    index: int
    role: str
    group: int
    measure: str | None = None
    header: str = ""  # the header cells above it, joined


@dataclass(frozen=True)
class Value:
    """One money cell, exact, with where it is printed."""

    measure: str | None
    amount: Decimal
    raw: str
    column: int
    header: str
    page: int
    line: int | None = None
    bbox: BBox | None = None


@dataclass(frozen=True)
class Row:
    group: int
    index: int  # printed order within the group, across pages
    name_raw: str
    kind: str
    page: int
    line: int | None = None
    code: str | None = None
    level: int | None = None  # code level (3/5/7 digits → 1/2/3) or outline rank
    parent: int | None = None  # index of the row this one is a part of
    row_no: int | None = None
    values: tuple[Value, ...] = ()
    certain: bool = True  # False where the printed structure does not settle the row's place
    texts: tuple[tuple[str, str], ...] = ()  # (column role, text) of the cells that are not money


@dataclass(frozen=True)
class LogicalTable:
    index: int  # 0-based order within the document
    table_code: str
    title: str
    unit: str
    page: int
    page_end: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    line: int | None = None
    method: str | None = None
    note: str | None = None
    template: str | None = None  # the template family the table was matched to
    unread_rows: int = 0  # rows of figures seen printed but not read (the note says why)

    @property
    def empty(self) -> bool:
        return not any(r.values for r in self.rows)

    def side_of(self, group: int) -> str | None:
        """income / expenditure for the groups of a two-sided summary, else None."""
        if not self.table_code.endswith(("summary", "fiscal_summary")):
            return None
        return "income" if group == 0 else "expenditure"
