"""Counts are not money (issue 16.2): the 数量 of a 固定资产占用情况表 row goes in `quantity`,
with `amount_wan` and `unit_raw` null, so `sum(amount_wan)` over budget_lines never adds
台式机 to 万元 (and the audit, which reads `amount_wan`, never sums counts)."""

from __future__ import annotations

from decimal import Decimal

from caizheng.normalize.rows import records_to_arrow
from caizheng.parsers.records import BudgetLine

from .conftest import NANGONG


def _asset(name, measure, value, line):
    return BudgetLine(
        "assets.fixed", "部门固定资产占用情况表", name, measure, Decimal(value), value, "万元", 1, line
    )


def test_a_count_is_a_quantity_and_its_value_is_money():
    rows = records_to_arrow(
        "budget_lines", "d1", [_asset("台式机", "count", "113", 5), _asset("台式机", "amount", "53.37", 5)]
    ).to_pylist()
    count, value = rows
    assert (count["measure"], count["quantity"], count["amount_wan"], count["unit_raw"]) == (
        "count",
        113.0,
        None,
        None,
    )
    assert (value["quantity"], value["amount_wan"], value["unit_raw"]) == (None, Decimal("53.37"), "万元")


def test_ingested_assets_table_keeps_counts_out_of_amount_wan(samples_warehouse):
    con = samples_warehouse.connect()
    counts = con.execute(
        "SELECT count(*), count(amount_wan), count(quantity), sum(quantity) FROM budget_lines "
        "WHERE measure = 'count'"
    ).fetchone()
    assert counts[0] > 0 and counts[1] == 0 and counts[2] == counts[0]
    (desks,) = con.execute(
        "SELECT quantity FROM budget_lines b JOIN documents d USING (doc_id) "
        "WHERE d.source_path = $1 AND b.item_name = '便携式计算机' AND b.measure = 'count'",
        [NANGONG.name],
    ).fetchone()
    assert desks == 47
    assert con.execute(
        "SELECT count(*) FROM budget_lines WHERE quantity IS NOT NULL AND measure <> 'count'"
    ).fetchone() == (0,)
