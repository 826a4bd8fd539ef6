"""Parser records → rows of the common schema → Arrow tables.

`records_to_arrow(table, doc_id, records)` is the one door: it derives what the
schema adds to a record (normalized names, amounts in 万元, exact strings) and
checks the result against `normalize.schema`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Any

import pyarrow as pa

from caizheng.parsers.records import BudgetLine, Fact, Indicator, Score, TableInfo

from .schema import PARTITION, SCHEMAS
from .text import normalize_name
from .units import NULL, TO_WAN, money, to_wan


def file_schema(name: str) -> pa.Schema:
    """The schema of a table's Parquet files (the partition key lives in the path)."""
    schema = SCHEMAS[name]
    i = schema.get_field_index(PARTITION)
    return schema.remove(i) if i >= 0 else schema


COUNT_MEASURES = {"count"}  # columns that count things (数量): never money


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def as_dict(record) -> dict[str, Any]:
    """A record's fields as a dict: `dataclasses.asdict` without its deep copy (records hold
    scalars and tuples of scalars, nothing a copy would protect)."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


def budget_line_to_row(r: BudgetLine) -> dict[str, Any]:
    """A table cell as a row; a count (measure `count`) goes in `quantity`, with `amount_wan` and
    `unit_raw` null, so summing `amount_wan` never mixes things with money (SCHEMA.md)."""
    row = as_dict(r)
    row["item_name"] = normalize_name(r.item_name_raw)
    if r.measure in COUNT_MEASURES:
        row["quantity"], row["amount_wan"], row["unit_raw"] = float(r.amount), None, None
    else:
        row["amount_wan"] = to_wan(r.amount, r.unit_raw, errors=NULL)
    row["bbox"] = list(r.bbox) if r.bbox else None
    return row


def fact_to_row(r: Fact) -> dict[str, Any]:
    row = as_dict(r)
    row["value"] = float(r.value)
    row["value_exact"] = str(r.value)
    row["amount_wan"] = to_wan(r.value, r.unit, errors=NULL)
    return row


_TO_ROW = {
    BudgetLine: budget_line_to_row,
    Fact: fact_to_row,
    Indicator: as_dict,
    Score: as_dict,
    TableInfo: as_dict,
}


def record_to_row(record) -> dict[str, Any]:
    if isinstance(record, dict):
        return dict(record)
    convert = _TO_ROW.get(type(record))
    return convert(record) if convert else as_dict(record)


def records_to_arrow(
    name: str, doc_id: str, records: Iterable, warnings: list[str] | None = None
) -> pa.Table:
    """The records as a table of `name`. A money figure the schema cannot hold (10^18 万元
    or more: a misread, such as a table row read as one number) is null, its printed text
    kept in the `*_raw` column, with a line in `warnings` naming its page."""
    schema = file_schema(name)
    names = schema.names
    decimals = [f.name for f in schema if pa.types.is_decimal(f.type)]
    rows = []
    for record in records:
        row = record_to_row(record)
        row["doc_id"] = doc_id
        _absurd_to_null(row, record, decimals, warnings)
        rows.append({f: _arrow_value(row.get(f)) for f in names})
    return pa.Table.from_pylist(rows, schema=schema)


def _absurd_to_null(row: dict, record, decimals: list[str], warnings: list[str] | None) -> None:
    """The row's decimal columns at the warehouse's precision; one it cannot hold is null."""
    absurd = []
    for name in decimals:
        v = row.get(name)
        if isinstance(v, Decimal):
            row[name] = exact = money(v, errors=NULL)
            if exact is None:
                absurd.append(v)
    if isinstance(record, BudgetLine | Fact):
        figure, unit = (
            (record.amount, record.unit_raw)
            if isinstance(record, BudgetLine)
            else (record.value, record.unit)
        )
        if figure is not None and row.get("amount_wan") is None and (unit or "").strip() in TO_WAN:
            absurd.append(figure)
    if absurd and warnings is not None:
        where = f"page {row.get('page')}" + (f" line {row['line']}" if row.get("line") else "")
        digits = absurd[0].adjusted() + 1  # integer digits
        warnings.append(
            f"{where}: a figure of {digits} digits is beyond any budget; kept as printed text only"
        )


def _arrow_value(v):
    if isinstance(v, Decimal):  # a Decimal outside the schema's decimal columns
        return money(v, errors=NULL)
    if isinstance(v, tuple):
        return list(v)
    return v
