"""Indicator tables read from real reports: fill-down, wrapped cells, repeated headers, titles."""

from __future__ import annotations

import collections

import pytest

from caizheng.parsers.performance import document_to_indicators

from .conftest import DONGXIHU, NANGONG, ZHENGNING


@pytest.fixture(scope="module")
def nangong(document_cache):
    return document_to_indicators(document_cache(NANGONG))


@pytest.fixture(scope="module")
def zhengning(document_cache):
    return document_to_indicators(document_cache(ZHENGNING))


def by_name(rows, project, name):
    found = [r for r in rows if r.project_name == project and r.name == name]
    assert len(found) == 1, (project, name, found)
    return found[0]


def test_every_project_table_of_the_budget_is_read(nangong):
    """南宫 prints 39 numbered 绩效目标表; two titles are printed twice and stay two projects."""
    projects = collections.Counter(r.project_name for r in nangong)
    assert len(projects) == 39
    assert all(r.scope == "project" and r.table_kind == "target" for r in nangong)
    assert "工伤保险业务保障专项经费" in projects and "工伤保险业务保障专项经费（28）" in projects


def test_first_level_is_filled_down_and_wrapped_cells_rejoined(nangong):
    row = by_name(nangong, "人才招聘、岗位推介专项工作经费", "宣传方式的多样性")
    assert (row.level1, row.level2) == ("产出指标", "数量指标")
    assert row.description == "反映开展对外宣传形式的多样性"  # printed as 反映开展对外宣传形式的多 / 样性
    assert (row.target_op, row.target_value) == (">=", 98)
    later = by_name(nangong, "人才招聘、岗位推介专项工作经费", "完成率")
    assert later.level1 == "产出指标"  # printed once, above the first row


def test_a_header_repeated_mid_table_is_dropped(nangong):
    """Table 3 repeats its header before its last row (a page break in the PDF)."""
    project = "关于提前下达2021年中央就业补助资金预算指标的通知（冀财社【2020】172）"
    rows = [r for r in nangong if r.project_name == project]
    assert [r.level2 for r in rows][-1] == "服务对象满意度指标"
    assert not any("一级指标" in (r.name or "") for r in nangong)
    last = by_name(nangong, project, "公共就业服务满意度")
    assert (last.target_op, last.target_value, last.target_unit) == (">=", 98, "%")


def test_title_wrapped_over_two_lines_is_one_project(nangong):
    names = {r.project_name for r in nangong}
    wrapped = [
        n for n in names if n.startswith("关于提前下达2021年省级财政城乡居民养老、就业公共服务村级代办员")
    ]
    assert len(wrapped) == 1 and wrapped[0].endswith("（冀财社【2020】")


def test_numbers_inside_a_wrapped_description_are_not_targets(nangong):
    row = by_name(nangong, "工伤预防、工伤政策落实服务专项经费", "组织开展工伤宣传次数")
    assert row.description == "组织相关企事业单位专场宣传6场，深入到某企业进行，现场宣传4场"
    assert row.target_value is None and row.target_raw == "次数"


def test_self_evaluation_table_with_shifted_columns(zhengning):
    """正宁's 自评表: 29 indicator rows. Their 分值 add up to 87 (summed by hand from the table),
    so with 预算执行率's 10 the printed 合计 100 is 3 short: the inconsistency the audit reports."""
    assert len(zhengning) == 29
    assert all(r.scope == "department" and r.table_kind == "self_eval" for r in zhengning)
    assert sum(r.weight for r in zhengning) == 87 == sum(r.score for r in zhengning)
    shifted = next(
        r for r in zhengning if r.name == "重点工作管理制度健全性"
    )  # 二级 printed in the 一级 column
    assert (shifted.level1, shifted.level2) == ("部门管理", "重点工作管理")
    three = next(r for r in zhengning if r.name == "“三公经费”控制率")
    assert three.target_op == "<=" and three.actual_value == 100 and three.actual_unit == "%"


def test_self_evaluation_printed_one_cell_per_line(document_cache):
    """东西湖's project 自评表: cells wrapped one per line; the five indicator scores and the
    预算执行 20 make the printed 总分 100."""
    rows = [
        r
        for r in document_to_indicators(document_cache(DONGXIHU))
        if r.project_name == "农民工保证金利息支出"
    ]
    assert [r.score for r in rows] == [10, 10, 20, 20, 20] and sum(r.score for r in rows) + 20 == 100
    timely = next(r for r in rows if r.name == "年度任务完成时间")  # printed 年度任务完成时 / 间
    assert (timely.level1, timely.level2) == ("产出指标", "时效指标")
    assert timely.target_raw == timely.actual_raw == "2021年底完成" and timely.target_op is None
    amount = rows[0]
    assert (amount.target_raw, amount.actual_raw) == ("5000万", "5884.24万")  # `5884.24` / `万`


def test_project_name_wrapped_over_two_lines_is_read_whole(document_cache):
    """东西湖 prints 项目名称 alone, then `行政事业单位改革…人员调` / `配、考察、职称评审经费(非税 3万)`
    before 主管部门; the title above (…职称评审经费(非税 3 万)项目绩效自评表) confirms the end."""
    names = {r.project_name for r in document_to_indicators(document_cache(DONGXIHU)) if r.scope == "project"}
    wrapped = [n for n in names if n and n.startswith("行政事业单位改革及人员考录")]
    assert wrapped == [
        "行政事业单位改革及人员考录、考察、考核、培训人才引进、人员调配、考察、职称评审经费(非税3万)"
    ]
