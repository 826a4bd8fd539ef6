"""Tables as structures: one logical-table model that every table reader fills.

- `model`: the frozen dataclasses (`LogicalTable`, `Column`, `Row`, `Value`).
- `structure`: what a row is (item, 其中, total, the 栏次 row) and where it hangs
  (its parent by classification code or by outline ordinal).
- `templates`: the standard tables as data (`data/templates/*.toml`): their column
  relations (合计 = 基本 + 项目, …), read once.
- `grid`: tables that come as cells (PDF ruled tables, tab-separated text) → logical tables.
- `lines`: a logical table → budget_lines records, with its structure kept in columns.
"""

from .model import Column, LogicalTable, Row, Value

__all__ = ["Column", "LogicalTable", "Row", "Value"]
