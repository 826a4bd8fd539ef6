"""The funds block of a 绩效自评表 and the fixed-asset table, read from the samples."""

from __future__ import annotations

from decimal import Decimal

from caizheng.normalize.text import normalize_name
from caizheng.parsers.budget_text import document_to_text_budget
from caizheng.parsers.self_eval_funds import document_to_self_eval_funds, place_figures, split_figures

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


def printed_line(doc, page, number):
    return next(ln.text for ln in doc.pages[page - 1].lines if ln.number == number)


def test_every_dongxihu_block_rate_is_actual_over_budget(document_cache):
    """东西湖's thirteen blocks (部门整体 and twelve projects): 执行率 (B/A) is 执行数 ÷ 预算数
    at the printed precision, and 得分 is 20 分 × 执行率 rounded, as the header says."""
    doc = document_cache(DONGXIHU)
    lines, infos = document_to_self_eval_funds(doc)
    rows: dict = {}
    for b in lines:
        rows.setdefault((b.page, b.line), {})[b.measure] = b.amount
    assert len(rows) == len(infos) == 13
    for (page, number), row in rows.items():
        assert set(row) == {"budget_full_year", "actual"}
        rate_raw, score = printed_line(doc, page, number).split()[2:4]
        places = len(rate_raw.rstrip("%").partition(".")[2])
        rate = row["actual"] / row["budget_full_year"] * 100
        assert round(rate, places) == Decimal(rate_raw.rstrip("%")), (number, rate_raw)
        assert round(rate / 5) == int(score)  # 20 × rate / 100


def test_a_name_wrapped_past_its_figures_is_joined(document_cache):
    """`年度财` / `政资金` / `150 150 100% 20` / `总额`: the row is 年度财政资金总额."""
    lines, _ = document_to_self_eval_funds(document_cache(DONGXIHU))
    assert {b.item_name_raw for b in lines} == {"部门整体支出总额", "年度财政资金总额"}


def test_zhengning_rate_is_against_the_initial_budget(document_cache):
    """正宁 prints 执行率 141% / 105% / 167%: 实际支出 ÷ 年初预算 (1745.81 ÷ 1241.99), its own
    convention, so the table is read as printed and no rate is recomputed."""
    doc = document_cache(ZHENGNING)
    lines, _ = document_to_self_eval_funds(doc)
    for name in ("全年支出", "基本支出", "项目支出"):
        row = {b.measure: b for b in lines if normalize_name(b.item_name_raw) == name}
        cells = printed_line(doc, row["actual"].page, row["actual"].line).split("\t")
        rate = next(c for c in cells if c.endswith("%"))
        assert round(row["actual"].amount / row["budget_initial"].amount * 100) == int(rate[:-1])


def test_figures_are_placed_from_the_left_or_not_at_all():
    measures = ["budget_initial", "budget_full_year", "actual", None, None, None]
    assert split_figures("其中：当年财政拨款 100 100 95 — —") == (
        "其中：当年财政拨款",
        ["100", "100", "95", "—", "—"],
    )
    assert split_figures("项目名称 劳动维权工作经费") is None
    assert place_figures(measures, ["100", "100", "95", "10", "95%", "9.5"]) == [
        ("budget_initial", "100"),
        ("budget_full_year", "100"),
        ("actual", "95"),
    ]
    # 上年结转资金 printing two figures under three money columns: which two is unknown
    assert place_figures(measures, ["10", "10"]) == [(None, "10"), (None, "10")]
