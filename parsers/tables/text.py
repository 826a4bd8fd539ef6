"""Tables read from text lines (`budget_text`: reports converted from PDF, whose rows print
only their non-empty cells) placed in the same structure as the tables read from cells.

The text reader decides each figure's column; this module gives its rows what the cell
reader gives its own: their printed order, their kind (item, 其中, 合计/小计/总计, the 栏次
row) and their parent by code or outline ordinal (`structure.assign_parents`), per side of
a two-sided summary. So budget_lines of a text report carry the structure columns too and
the audit sums what the structure says, in text as in PDF.
"""

from __future__ import annotations

from dataclasses import replace

from ..records import BudgetLine
from .grid import declared_parts
from .structure import assign_parents, code_level, row_kind

SIDE_GROUP = {"income": 0, "expenditure": 1}


def place_text_rows(lines: list[BudgetLine], table_index: int) -> list[BudgetLine]:
    """The table's lines with table_index, row_group, row_index, row_kind, row_level,
    parent_row and row_certain filled; the figures and their columns as the reader read them."""
    rows: dict[int, dict[tuple, list[int]]] = {}
    for k, b in enumerate(lines):
        key = (b.page, b.line, b.item_name_raw, b.item_code)
        rows.setdefault(SIDE_GROUP.get(b.side or "", 0), {}).setdefault(key, []).append(k)
    out = list(lines)
    for group, by_row in rows.items():
        keys = sorted(by_row, key=lambda key: (key[0], key[1] if key[1] is not None else 0))  # printed order
        kinds = [row_kind(key[2] or "", [lines[k].amount_raw for k in by_row[key]]) for key in keys]
        places = assign_parents([(kind, key[3], key[2] or "") for kind, key in zip(kinds, keys)])
        places = declared_parts(
            [{"kind": kind, "name": key[2] or ""} for kind, key in zip(kinds, keys)], places
        )
        places = _parents_by_code(keys, places)
        for i, (key, kind, place) in enumerate(zip(keys, kinds, places)):
            for k in by_row[key]:
                out[k] = replace(
                    lines[k],
                    table_index=table_index,
                    row_group=group,
                    row_index=i,
                    row_kind=place.kind or kind,
                    row_level=place.level,
                    parent_row=place.parent,
                    row_certain=place.certain,
                )
    return out


def _parents_by_code(keys: list[tuple], places: list) -> list:
    """A coded row hangs from the row whose code is its longest proper prefix, wherever it is
    printed: a text line may print three classes side by side (`301 工资福利支出 … 302 商品和
    服务支出 …`), so the classification, not the printed order, says which row is whose part."""
    by_code = {key[3]: i for i, key in enumerate(keys) if key[3]}
    out = list(places)
    for i, key in enumerate(keys):
        code = key[3]
        if not code or code_level(code) is None:
            continue
        parent = next((by_code[code[:n]] for n in range(len(code) - 2, 2, -2) if code[:n] in by_code), None)
        out[i] = replace(out[i], parent=parent, level=code_level(code))
    return out
