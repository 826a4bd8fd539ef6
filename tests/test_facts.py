"""Facts read from the prose of the samples, checked against the printed sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest

from caizheng.extract.model import Document, Line, Page
from caizheng.parsers.facts import document_to_facts
from caizheng.parsers.facts_phrase import clause_to_name

from .conftest import DONGXIHU, NANGONG, SHIJIAZHUANG, XINGLONG, ZHENGNING, corpus_pdf


@pytest.fixture(scope="module")
def facts_of(document_cache):
    cache = {}

    def read(path):
        if path not in cache:
            cache[path] = document_to_facts(document_cache(path))
        return cache[path]

    return read


def _one(facts, value, unit="万元", **where):
    """The facts with this value and unit (and fields), exactly one expected."""
    hits = [
        f
        for f in facts
        if f.value == Decimal(value) and f.unit == unit and all(getattr(f, k) == v for k, v in where.items())
    ]
    assert len(hits) == 1, (value, unit, where, hits)
    return hits[0]


def _doc(*texts: str) -> Document:
    lines = tuple(Line(text=t, page=1, number=i + 1) for i, t in enumerate(texts))
    return Document(path="x.txt", sha256="0", format="txt", pages=(Page(number=1, lines=lines),))


def test_phases_of_seed_000_follow_their_paragraph(facts_of):
    # 我部门 2021 年一般公共预算 39301.16 万元；…基本支出 15798.34 万元 (initial, unmarked)
    # 2021 年预算调整具体为：一般公共预算 66268.23 万元；…基本支出 15024.03 万元 (adjusted)
    # 2021 年决算收入 65919.17 万元 … 决算支出 51052.18 万元 (final)
    facts = facts_of(SHIJIAZHUANG)
    assert _one(facts, "39301.16").phase == "budget_initial"
    assert _one(facts, "15798.34", metric_raw="基本支出").phase == "budget_initial"
    assert _one(facts, "66268.23").phase == "budget_adjusted"
    assert _one(facts, "15024.03", metric="basic_expenditure").phase == "budget_adjusted"
    assert _one(facts, "65919.17", metric_raw="决算收入").phase == "final"
    assert _one(facts, "51052.18", metric="expenditure_total").phase == "final"
    # the budget adjusted splits into basic and project spending: 15024.03 + 53251.16 = 68275.19
    adjusted = [
        f for f in facts if f.phase == "budget_adjusted" and f.metric and f.metric.endswith("_expenditure")
    ]
    assert sum(f.value for f in adjusted) == Decimal("68275.19")


def test_a_figure_broken_across_lines_is_read_whole(facts_of):
    # `…年末结转和结余3497.5` / `万元。` on the next line; `执行资金 24147.13 万` / `元`
    facts = facts_of(SHIJIAZHUANG)
    fact = _one(facts, "3497.5", metric="carryover_end")
    assert fact.metric_raw == "年末结转和结余" and fact.line == 177
    assert _one(facts, "24147.13", metric_raw="执行资金").phase == "actual"


def test_share_of_adjusted_budget_keeps_both_sides(facts_of):
    # 整体支出 62820.34 万元，占预算调整的 66655.23 万元的 94.25%  (62820.34 / 66655.23 = 94.25%)
    facts = facts_of(SHIJIAZHUANG)
    share = _one(facts, "94.25", unit="%")
    assert (share.relation, share.metric_raw, share.relation_target_raw) == (
        "share_of",
        "整体支出",
        "预算调整",
    )
    assert round(Decimal("62820.34") / Decimal("66655.23") * 100, 2) == share.value


def test_document_numbers_and_dates_are_not_facts(facts_of):
    # 《…》（石发﹝2019﹞8 号）; 填报日期 2025 年 2 月 24 日; （承办字〔2018〕57号）
    for path in (SHIJIAZHUANG, XINGLONG):
        for f in facts_of(path):
            assert f.unit not in ("年", "月", "日", "号"), f
            assert "〔" not in f.metric_raw and "﹝" not in f.metric_raw, f


def test_outcome_figures_of_seed_001(facts_of):
    # 全县城镇新增就业 3977 人，城镇失业人员再就业 1384 人，…
    facts = facts_of(XINGLONG)
    assert _one(facts, "3977", unit="人").metric == "new_urban_employment"
    assert _one(facts, "1384", unit="人").metric == "reemployment"
    assert _one(facts, "23467", unit="人").metric_raw == "失业保险人数"
    # （其中企业职工基本养老保险在职职工人数达到35343人） is part of 城镇职工 58945
    part = _one(facts, "35343", unit="人")
    assert part.parent_metric_raw == "城镇职工基本养老保险人数"
    # 全县 30 个社保卡服务网点: a count printed before its noun
    assert _one(facts, "30", unit="个").metric_raw == "社保卡服务网点"
    # 带动银行为8家个体工商户审批发放贷款640万元: the count names what follows it, the money the rest
    assert _one(facts, "8", unit="家").metric_raw == "个体工商户"
    assert _one(facts, "640").metric_raw == "审批发放贷款"
    # 为 1313 名劳动者追讨工资 3178 万元
    assert _one(facts, "3178").metric_raw == "劳动者追讨工资"


def test_parts_in_parentheses_name_their_whole(facts_of):
    # 基本支出553.53万元（人员支出521.42万元，日常公用经费支出32.1万元），项目支出1192.27万元
    facts = facts_of(ZHENGNING)
    assert _one(facts, "521.42").parent_metric_raw == "基本支出"
    assert _one(facts, "32.1").parent_metric_raw == "基本支出"
    assert _one(facts, "1192.27").parent_metric_raw is None
    assert _one(facts, "17.57", unit="亿元").metric_raw == "创劳务收入"
    # 全县城镇新增就业2118人，占比106.96%: a ratio without a named base
    ratio = _one(facts, "106.96", unit="%")
    assert (ratio.relation, ratio.metric_raw, ratio.relation_target_raw) == ("ratio", "城镇新增就业", None)


def test_changes_and_shares_of_seed_004(facts_of):
    facts = facts_of(DONGXIHU)
    # 与 2020 年度相比，收入减少了 798.42 万元，减少 19.0%、支出减少了 805.62 万元，减少 19.1%
    change = _one(facts, "798.42", metric_raw="收入减少")
    assert (change.relation, change.direction, change.relation_target_raw) == (
        "change",
        "decrease",
        "2020年度",
    )
    pct = _one(facts, "19.1", unit="%", metric_raw="支出减少")
    assert (pct.relation, pct.direction) == ("change_pct", "decrease")
    # 支出合计 3401.9万元。其中：基本支出 2143.9 万元，占本年支出 63.0%；项目支出 1258万元，占本年支出 37.0%
    basic = _one(facts, "2143.9", line=1332)
    assert basic.parent_metric_raw == "支出合计" and basic.metric == "basic_expenditure"
    share = _one(facts, "63.0", unit="%", line=1334)
    assert (share.relation, share.metric_raw, share.relation_target_raw) == (
        "share_of",
        "基本支出",
        "本年支出",
    )
    assert round(Decimal("2143.9") / Decimal("3401.9") * 100, 1) == share.value
    # 支出决算为 3395.5 万元，完成年初预算的 89.4%  (3395.5 / 3796.75 = 89.4%)
    done = _one(facts, "89.4", unit="%")
    assert (done.relation, done.relation_target_raw) == ("completion_of", "年初预算")
    assert _one(facts, "3231.05").phase == "budget_initial"
    # 年初预算为 3231.05 万元，年度执行中追加财政拨款预算 565.7 万元，总计 3796.75 万元 (= 3231.05 + 565.7):
    # an addition to the budget is no budget, and the total after it is not the initial budget
    assert _one(facts, "565.7").phase is None and _one(facts, "3796.75", line=1444).phase is None
    # 完成重残、精准扶贫人员代缴 260 人: two nouns joined by 、 share the figure
    assert _one(facts, "260", unit="人", line=1704).metric_raw == "重残、精准扶贫人员代缴"


def test_table_rows_of_seed_004_are_not_prose(facts_of):
    # 完成重残代缴人数 260人 815人 1 (an indicator-table row); 教育支出 217.73 6.4% (a chart label)
    facts = facts_of(DONGXIHU)
    assert not [f for f in facts if f.value == 815 and f.unit == "人"]
    assert not [f for f in facts if f.value == Decimal("6.4") and f.unit == "%"]
    # 基本支出总额 2143.9 项目支出总额 1258: 项 begins 项目, it is no unit
    assert all(f.unit != "项" or f.value == f.value.to_integral() for f in facts)


def test_change_against_last_year_in_the_budget(facts_of):
    # 2021年预算收支安排 21651.65万元，较 2020年减少 4004.97万元，其中基本支出减少 17.18万元
    facts = facts_of(NANGONG)
    change = _one(facts, "4004.97")
    assert (change.relation, change.direction, change.relation_target_raw) == ("change", "decrease", "2020年")
    assert "减少" in change.metric_raw
    assert _one(facts, "17.18").metric_raw == "基本支出减少"
    assert _one(facts, "0.8", metric="three_public_total").metric_raw.startswith("财政拨款“三公”经费")


def test_indicator_tables_printed_as_text_are_not_prose(facts_of):
    # seed 003's 39 绩效目标表 come out as space-separated rows under `一级指标 二级指标 三级指标 …`;
    # their targets (≥98%) are indicators, not facts stated in prose
    facts = facts_of(NANGONG)
    assert not [f for f in facts if "指标" in f.metric_raw or "一级指标" in f.sentence]
    # while the project notes between the tables still are: 202 户 3.82 万元 = 1.45 + 1.04 + 1.33
    parts = [f.value for f in facts if f.parent_metric_raw == "第三方审查创业就业孵化基地费用"]
    assert sum(parts) == Decimal("3.82")


def test_a_line_with_two_years_is_prose(facts_of):
    # putuo-planning p.25: `2024年度“三公”经费财政拨款支出决算数比 2023年度减` / `少 0.15万元，下降（增长）27.78%`
    # (two years, no punctuation: not a table row; the change is split across the lines)
    facts = facts_of(corpus_pdf("putuo-planning-2024-final-accounts.pdf"))
    change = _one(facts, "0.15", page=25, line=12)
    assert (change.direction, change.relation_target_raw) == ("decrease", "2023年度")
    assert change.metric_raw.startswith("“三公”经费财政拨款支出决算数")


def test_ordinal_glued_to_a_count():
    # 3.3 家基地房租物业水电费评估费 1.50 万元: item 3, three 基地
    facts = document_to_facts(
        _doc("3.3 家基地房租物业水电费评估费 1.50 万元，测算标准：每家基地每年 0.50 万元。")
    )
    assert [(f.value, f.unit) for f in facts][:2] == [(Decimal("3"), "家"), (Decimal("1.50"), "万元")]


@pytest.mark.parametrize(
    "clause, name",
    [
        ("2021 年我部门整体支出", "整体支出"),
        ("全县城镇新增就业", "城镇新增就业"),
        ("机关运行经费共计安排", "机关运行经费"),
        ("电子社保卡签发率达到", "电子社保卡签发率"),
        ("其中基本支出", "基本支出"),
    ],
)
def test_clause_to_name(clause, name):
    assert clause_to_name(clause) == name


def test_counts_in_ten_thousands_of_cards(document_cache):
    """兴隆: `全县三代社保卡发行 18.25 万张，电子社保卡签发 26.25 万张`."""
    from caizheng.parsers.facts import document_to_facts

    from .conftest import XINGLONG

    facts = {f.metric_raw: f for f in document_to_facts(document_cache(XINGLONG)) if f.unit == "万张"}
    assert facts["电子社保卡签发"].value == Decimal("26.25")
    assert facts["三代社保卡发行"].value == Decimal("18.25")
