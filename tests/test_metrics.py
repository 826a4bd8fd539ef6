"""Facts found by topic (issue 16.7): `metric` comes from the head of the phrase naming a
figure, whatever the report wraps around it (when, from which funds, how it changed), so
`“三公”经费财政拨款支出决算数减少` and `财政拨款“三公”经费预算` are both three_public_total."""

from __future__ import annotations

import pytest

from caizheng.parsers.facts import document_to_facts
from caizheng.parsers.facts_phrase import metric_head, name_to_metric

from .conftest import DONGXIHU, NANGONG


@pytest.mark.parametrize(
    "phrase, unit, relation, metric",
    [
        # 三公 and its parts, however framed
        ("财政拨款“三公”经费预算", "万元", None, "three_public_total"),
        ("“三公”经费财政拨款年初预算数", "万元", None, "three_public_total"),
        ("“三公”经费财政拨款支出决算数减少", "万元", "change", "three_public_total"),
        ("因公出国（境）费", "万元", None, "three_public_abroad"),
        ("公务用车购置及运行维护费预算支出", "万元", None, "three_public_vehicles"),
        ("公务用车购置", "万元", None, "three_public_vehicle_purchase"),
        ("公务用车运行维护费支出", "万元", None, "three_public_vehicle_operation"),
        ("人社局执行公务和开展业务活动开支公务接待费", "万元", None, "three_public_reception"),
        ("公务接待支出决算减少", "万元", "change", "three_public_reception"),
        ("一般公共预算拨款安排的会议费预算支出", "万元", None, "meeting_expenses"),
        # 机关运行经费, 政府采购
        ("人社局机关运行经费支出", "万元", None, "operating_cost"),
        ("人社局机关运行经费支出上升", "%", "change_pct", "operating_cost"),
        ("政府采购支出预算总额", "万元", None, "procurement_total"),
        ("政府采购服务支出", "万元", None, "procurement_services"),
        # totals: the whole phrase, not the tail of another
        ("2021年决算支出", "万元", None, "expenditure_total"),
        ("收入总量", "亿元", None, "income_total"),
        ("支出预算总计增长", "%", "change_pct", "expenditure_total"),
        ("增人增资支出", "万元", None, None),
        # 基本/项目支出, the funds they come from
        ("一般公共预算财政拨款基本支出预算", "万元", None, "basic_expenditure"),
        ("项目支出预算数增长", "%", "change_pct", "project_expenditure"),
        ("财政拨款预算支出", "万元", None, "fiscal_appropriation_expenditure"),
        ("本级一般公共预算收入增长", "%", "change_pct", "general_budget_revenue"),
        ("政府性基金收入年初预算", "亿元", None, "gov_fund_revenue"),
        # 支出功能分类 by the published class names, and by the path a report spells
        ("社会保障和就业（类）支出", "万元", None, "function_208"),
        ("教育支出增长", "%", "change_pct", "function_205"),
        ("“住房保障支出(类)住房改革支出(款)住房公积金(项)”", "万元", None, "function_2210201"),
        ("其他支出", "万元", None, None),  # a function and an economic class: which one is not said
        # 国有资产: counts in their own units, values in money
        ("执法执勤用车", "辆", None, "vehicles"),
        ("单价50万元（含）以上设备（不含车辆）", "台", None, "equipment"),
        ("固定资产净值", "万元", None, "fixed_assets_net"),
        # the unit must fit the measure
        ("执法执勤用车", "万元", None, None),
        ("基本支出", "人", None, None),
        ("全县城镇新增就业", "人", None, "new_urban_employment"),
        # a rate of the 部门整体支出 performance framework, not the 三公 money
        ("“三公经费”控制率", "%", None, "three_public_control_rate"),
        ("“三公经费”", "%", None, None),
        ("国企注入资本金", "亿元", None, None),  # 资本金 is no 本金
    ],
)
def test_metric_from_the_head_of_the_phrase(phrase, unit, relation, metric):
    assert name_to_metric(phrase, unit, relation) == metric, metric_head(phrase, relation)


def test_the_phase_alone_names_the_budget_but_not_a_change():
    assert name_to_metric("预算执行数", "万元") == "budget_funds"
    assert name_to_metric("年初预算", "万元") == "budget_funds"
    # `为预算的 99.5%`, `预算增长 10%`: what the budget is of is not in the phrase
    assert name_to_metric("预算增长", "%", "change_pct") is None


@pytest.mark.parametrize("path", [NANGONG, DONGXIHU], ids=lambda p: p.stem)
def test_three_public_facts_of_the_samples_carry_their_keys(document_cache, path):
    facts = document_to_facts(document_cache(path))
    three_public = [f for f in facts if "三公" in f.metric_raw and f.unit == "万元"]
    assert three_public and all(f.metric == "three_public_total" for f in three_public)
    parts = [f for f in facts if f.metric_raw.endswith(("公务接待费", "公务用车运行费", "因公出国(境)费"))]
    assert parts and all(f.metric and f.metric.startswith("three_public_") for f in parts)


def test_the_metrics_table_is_well_formed():
    import csv

    import regex

    from caizheng.parsers.facts_phrase import METRIC_UNITS, METRICS

    with METRICS.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["metric", "head", "match", "kind"]
    keys = [r[0] for r in rows[1:]]
    assert len(keys) == len(set(keys)), "a key is listed twice"
    for row in rows[1:]:
        assert len(row) == 4, row  # a comma inside a pattern splits the row: quote it
        key, head, match, kind = row
        assert (
            regex.fullmatch(r"[a-z][a-z0-9_]*", key) and match in ("head", "whole") and kind in METRIC_UNITS
        )
        regex.compile(head)
