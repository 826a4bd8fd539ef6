"""The funds block of a 绩效自评表 and the fixed-asset table, read from the samples."""

from __future__ import annotations

from decimal import Decimal

from normalize.text import normalize_name
from parsers.budget_text import document_to_text_budget
from parsers.self_eval_funds import document_to_self_eval_funds

from .conftest import DONGXIHU, NANGONG, ZHENGNING


def by(lines, name, measure):
    found = [b.amount for b in lines if normalize_name(b.item_name_raw) == name and b.measure == measure]
    assert len(found) == 1, (name, measure, found)
    return found[0]


def test_tab_separated_funds_block_adds_up(document_cache):
    """正宁: 全年支出 = 基本支出 + 项目支出 in each column, within rounding: the 年初预算
    column prints 1241.99 for 528.04 + 713.96 = 1242.00, two figures each ±0.005."""
    lines, infos = document_to_self_eval_funds(document_cache(ZHENGNING))
    assert {b.table_code for b in lines} == {"self_eval.funds"} and infos
    for measure in ("budget_initial", "budget_full_year", "actual"):
        whole = by(lines, "全年支出", measure)
        assert abs(whole - by(lines, "基本支出", measure) - by(lines, "项目支出", measure)) <= Decimal("0.01")
    assert by(lines, "全年支出", "budget_initial") == Decimal("1241.99")


def test_funds_block_in_text_lines_with_a_wrapped_name(document_cache):
    """东西湖: 部门整 / 体支出 / 总额 then `3796.75 3401.9 89.60% 18` under 预算数（A） 执行数（B）."""
    lines, _ = document_to_self_eval_funds(document_cache(DONGXIHU))
    assert by(lines, "部门整体支出总额", "budget_full_year") == Decimal("3796.75")
    actual = by(lines, "部门整体支出总额", "actual")
    assert actual == Decimal("3401.9")
    # the printed 执行率 89.60% is 3401.9 / 3796.75 at two decimals
    assert round(actual / Decimal("3796.75") * 100, 2) == Decimal("89.60")


def test_fixed_assets_keep_count_and_value(document_cache):
    """南宫's 固定资产占用情况表 continues over repeated headers; each row has 数量 and 价值."""
    lines, infos = document_to_text_budget(document_cache(NANGONG))
    assets = [b for b in lines if b.table_code == "assets.fixed"]
    assert by(assets, "台式机", "count") == 113 and by(assets, "台式机", "amount") == Decimal("53.37")
    assert by(assets, "床上装具", "amount") == Decimal("0.095")  # three decimals as printed
    assert by(assets, "制冷电器", "amount") == Decimal("2.13")  # on the last page of the table
    assert [t.table_code for t in infos] == ["assets.fixed"]
