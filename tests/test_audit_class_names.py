"""text.class_name: classification names of another edition, and prose paths (类/款/项) that
the tables contradict, on sentences printed in ../shared/corpus-wild and the dev set (quoted
as printed, wraps kept) and on generated ones, with the near-misses that must not fire."""

from __future__ import annotations

import dataclasses

import pytest

from caizheng.audit import audit_document
from caizheng.normalize.rows import fact_to_row
from caizheng.parsers.classification import dated_names, misdated_name, names_in
from caizheng.parsers.facts import document_to_facts
from caizheng.parsers.prose import document_to_prose

from .conftest import lines_document


def row(code, name, page=20, table="budget.general_budget_expenditure"):
    return {
        "table_code": table,
        "table_title_raw": table,
        "item_code": code,
        "item_name_raw": name,
        "item_name": name,
        "measure": "total",
        "amount_wan": None,
        "page": page,
        "line": 3,
    }


def found(*pages, lines=(), year=2024, kind="final_accounts") -> list[dict]:
    doc = lines_document(*pages)
    rows = {
        "facts": [fact_to_row(f) for f in document_to_facts(doc)],
        "prose": [dataclasses.asdict(p) for p in document_to_prose(doc)],
        "budget_lines": list(lines),
        "documents": [{"fiscal_year": year, "report_kind": kind}],
    }
    return [f for f in audit_document(rows) if f["check"] == "text.class_name"]


# ---- the reference: every dated name of a code covers a span, and the spans do not overlap


@pytest.mark.parametrize("code", sorted(dated_names()))
def test_dated_names_do_not_overlap(code):
    spans = sorted(((n.first_year or 0), (n.last_year or 9999)) for n in dated_names()[code])
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), spans
    assert all(n.source for n in dated_names()[code])


def test_a_renamed_class_by_year():
    assert names_in("210", 2018) == ["医疗卫生与计划生育支出"]
    assert names_in("210", 2019) == ["卫生健康支出"]
    assert misdated_name("210", "医疗卫生与计划生育支出", 2019).last_year == 2018
    assert misdated_name("210", "医疗卫生与计划生育支出", 2018) is None
    assert misdated_name("210", "卫生健康支出", 2018) is None  # a 决算 compiled on the new edition
    assert misdated_name("210", "卫生健康支出", 2017).first_year == 2019
    assert misdated_name("210", "卫生健康", 2020) is None  # shortened, not another edition's name
    assert misdated_name("211", "环境保护", 2012).last_year == 2010
    assert misdated_name("201", "一般公共服务", 2012) is None  # never renamed


# ---- prose: 平顶山市 2019 决算草案的说明 p5 names 210 by its 2018 name


PINGDINGSHAN_2019_P5 = (
    "8、医疗卫生与计划生育支出 468783 万元，为预算的",
    "99.9%，增加 11196 万元，增长 2.4%。",
    "9、节能环保支出 103880 万元，为预算的 99.4%，增加",
    "17370 万元，增长 20.1%。",
)


def test_an_old_class_name_in_prose():
    hits = found(PINGDINGSHAN_2019_P5, year=2019)
    assert [(f["severity"], f["page"], f["line"]) for f in hits] == [("warning", 1, 1)]
    assert "卫生健康支出" in hits[0]["message"] and "210" in hits[0]["message"]


def test_a_kuan_name_alone_in_prose_is_an_ordinary_word():
    """河北省 2021 决算 p111 writes of 农业 (款 21301 was 农业 until 2018) as a word, not a class."""
    assert found(("其中：农业 500 万元，推进农业特色产业数字化。",), year=2021) == []


def test_the_same_sentence_in_its_own_year_is_no_finding():
    assert found(PINGDINGSHAN_2019_P5, year=2018) == []


# ---- tables: a row's printed name


def test_an_old_name_in_a_table_row_once_per_code():
    lines = [
        row("207", "文化体育与传媒支出"),
        row("207", "文化体育与传媒支出", page=21),
        row("208", "社会保障和就业支出"),
    ]
    hits = found(("本部门支出情况如下。",), lines=lines, year=2020)
    assert [(f["page"], f.get("table_code")) for f in hits] == [(20, "budget.general_budget_expenditure")]


@pytest.mark.parametrize(
    "code, name",
    [
        ("210", "卫生健康支"),  # a name cut by a wrapped cell
        ("21001", "卫生健康管理事务"),
        ("2080505", "机关事业单位基本养老保险缴费支出"),  # a code never renamed
        ("20805", "行政事业单位养老支出"),
    ],
)
def test_table_names_that_are_not_findings(code, name):
    assert found(("本部门支出情况如下。",), lines=[row(code, name)], year=2024) == []


# ---- paths in prose against the tables: 普陀区规划资源局 2024 决算 p24 (../shared/corpus)

PUTUO_PLANNING_2024_P24 = (
    "12、住房保障支出（类）住房保障支出（款）住房公积金（项）。",
    "主要用于：在职人员公积金缴纳。",
)
PUTUO_TABLE = [row("221", "住房保障支出"), row("22102", "住房改革支出"), row("2210201", "住房公积金")]


def test_a_kuan_the_tables_name_otherwise():
    hits = found(PUTUO_PLANNING_2024_P24, lines=PUTUO_TABLE)
    assert len(hits) == 1
    assert "住房改革支出" in hits[0]["message"] and "22102" in hits[0]["message"]


def test_the_right_kuan_is_no_finding():
    right = ("12、住房保障支出（类）住房改革支出（款）住房公", "积金（项）。主要用于：在职人员公积金缴纳。")
    assert found(right, lines=PUTUO_TABLE) == []


def test_an_old_xiang_name_in_a_path():
    text = (
        "11、自然资源海洋气象等支出（类）自然资源事务（款）其",
        "他国土资源事务支出（项）。主要用于：项目支出。",
    )
    hits = found(text, year=2024)
    assert len(hits) == 1 and "2200199" in hits[0]["message"] and "其他自然资源事务支出" in hits[0]["message"]
    assert found(text, year=2018) == []


# 省人大办公厅2018 p25 (../shared/corpus-wild): 款 printed with the tag （类）
RENDA_2018_P25 = (
    "（三）住房保障支出（类）",
    "1．住房改革支出（类）住房公积金（项）572.56万元，与",
    "上年相比增加78.34 万元，增加15.85 %。",
)


def test_a_kuan_tagged_as_a_class():
    hits = found(RENDA_2018_P25, year=2018, kind="budget")
    assert len(hits) == 1 and "22102" in hits[0]["message"] and hits[0]["line"] == 2


# 万里街道办事处 2025 预算 p7: the 款 printed as the 项
WANLI_2025_P7 = (
    "21. “卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”科目20.00万元，主要用于计划生育事务。",
)
WANLI_TABLE = [row("210", "卫生健康支出"), row("21007", "计划生育事务"), row("2100717", "计划生育服务")]


def test_a_kuan_tagged_as_a_xiang():
    hits = found(WANLI_2025_P7, lines=WANLI_TABLE, year=2025, kind="budget")
    assert len(hits) == 1 and "21007" in hits[0]["message"] and "计划生育服务" in hits[0]["message"]


def test_a_kuan_and_xiang_of_one_name_are_no_finding():
    text = ("“城乡社区支出（类）城乡社区环境卫生（款）城乡社区环境卫生（项）”科目 5.00 万元。",)
    lines = [row("212", "城乡社区支出"), row("21205", "城乡社区环境卫生"), row("2120501", "城乡社区环境卫生")]
    assert found(text, lines=lines, year=2025, kind="budget") == []


@pytest.mark.parametrize(
    "text",
    [
        "主要用于社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。",
        "“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”科目 9.00 万元。",
        "卫生健康支出（类）中的医疗保障支出较上年增加。",
    ],
)
def test_paths_that_are_right(text):
    assert found((text,), year=2024) == []
