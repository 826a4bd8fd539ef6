"""The wording rules (text.placeholder, text.punctuation, text.year, text.comparison_word) on
lines printed in the Jiangsu budgets of ../shared/corpus-wild (quoted as printed, wraps kept)
and on generated ones, read by the prose parser and audited."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caizheng.audit import audit_document
from caizheng.normalize.rows import fact_to_row
from caizheng.parsers.facts import document_to_facts
from caizheng.parsers.prose import document_to_prose

from .conftest import lines_document


def found(*pages: tuple[str, ...], check: str, year: int = 2019, kind: str = "budget") -> list[tuple]:
    doc = lines_document(*pages)
    rows = {
        "facts": [fact_to_row(f) for f in document_to_facts(doc)],
        "prose": [dataclasses.asdict(p) for p in document_to_prose(doc)],
        "documents": [{"fiscal_year": year, "report_kind": kind}],
    }
    return [
        (f["severity"], f["page"], f["line"], f["quote"]) for f in audit_document(rows) if f["check"] == check
    ]


# 省人大常委会2019 p9: the template's two alternatives left in, for a revenue the department has not
RENDA_2019_P9 = (
    "3．其他资金收入预算总计0万元。与上年相比增加（减少）",
    "0万元，增长（减少）0%。主要原因是本部门无此项收入。",
)


def test_both_alternatives_of_the_template():
    hits = found(RENDA_2019_P9, check="text.placeholder")
    assert [(sev, line) for sev, _, line, _ in hits] == [("warning", 1), ("warning", 2)]
    assert "增加(减少)" in hits[0][3] and "增长(减少)" in hits[1][3]


@pytest.mark.parametrize(
    "text",
    [
        "XX局2019年部门预算支出 100.00 万元。",
        "本单位××年度无此项支出。",
        "会议费支出较上年增加 3.00 万元，主要原因是。",
        "请据实填写本部门主要职能。",
    ],
)
def test_placeholders(text):
    assert [sev for sev, *_ in found((text,), check="text.placeholder")] == ["warning"]


@pytest.mark.parametrize(
    "text",
    [
        "与上年相比增加 0.5 万元，增长 2.00%，主要原因是人员增加。",
        "WXX 网络运维费支出 10.00 万元。",  # Latin letters are a name, not a placeholder
        "本部门“三公”经费支出（含因公出国（境）费）减少。",
    ],
)
def test_no_placeholder(text):
    assert found((text,), check="text.placeholder") == []


def test_doubled_full_stop():
    # 省人大办公厅2018 p25
    text = ("二是退休人员工资由社保部门统一发放，不再列入本部门预算中，减少了该项支出。。",)
    assert [sev for sev, *_ in found(text, check="text.punctuation")] == ["warning"]


def test_quotes_and_brackets_closed_after_a_line_wrap_or_a_page_break():
    # 省法院2017 p10: 《…》 opened on one line and closed on the next; a quote across a page break
    page1 = (
        "江苏省高级人民法院依据省财政厅苏财预[2016]53 号《江苏省",
        "财政厅关于编制省级 2017 年部门预算和 2017-2019 年财政规划的通",
        "知》要求，坚持省级部门预算编制 “统筹安排、突出支出重点；推",
    )
    page2 = ("进预算公开”的原则。",)
    assert found(page1, page2, check="text.punctuation", year=2017) == []


def test_a_bracket_left_open_or_never_opened():
    assert [q for *_, q in found(("本部门（含下属单位支出 20.00 万元。",), check="text.punctuation")] == [
        "本部门(含下属单位支出20.00"
    ]
    hits = found(("一、部门职责", "本部门负责）全省的预算管理。"), check="text.punctuation")
    assert [(line, "无对应" in "".join(q)) for _, _, line, q in hits] == [(2, False)]


def test_a_list_ordinal_closes_nothing():
    assert found(("1）编制部门预算；2）组织实施。",), check="text.punctuation") == []


@given(
    st.lists(
        st.sampled_from(["“统筹安排”", "（一）", "《预算法》", "因公出国（境）费", "支出"]), max_size=12
    ),
    st.integers(min_value=1, max_value=60),
)
def test_balanced_text_cut_anywhere_is_balanced(parts, cut):
    # a quote or bracket wrapped over two lines is balanced wherever the line breaks
    text = "本部门" + "，".join(parts) + "支出。"
    cut = min(cut, len(text) - 1)
    assert found((text[:cut], text[cut:]), check="text.punctuation") == []


def test_a_heading_for_another_year():
    lines = ("第三部分 2018年度部门预算情况说明", "一、收支预算总体情况说明")
    hits = found(lines, check="text.year", year=2019)
    assert [(sev, line) for sev, _, line, _ in hits] == [("warning", 1)]
    assert found(lines, check="text.year", year=2018) == []


def test_as_of_another_year_and_comparing_with_itself():
    final = ("截至2022年12月31日，本部门共有车辆 5 辆。",)
    assert [line for _, _, line, _ in found(final, check="text.year", year=2024, kind="final_accounts")] == [
        1
    ]
    assert found(final, check="text.year", year=2022, kind="final_accounts") == []
    # a budget states the assets at the end of the year before
    assert found(("截至2024年底，本部门共有车辆 5 辆。",), check="text.year", year=2025) == []
    own = ("2025年部门预算支出 100.00 万元，与2025年预算相比增加 10.00 万元。",)
    assert [line for _, _, line, _ in found(own, check="text.year", year=2025)] == [1]
    # a 决算 compared with its own year's 预算 is the normal comparison
    ok = ("2024年度支出决算 90.00 万元，与2024年度预算相比减少 10.00 万元。",)
    assert found(ok, check="text.year", year=2024, kind="final_accounts") == []


def test_comparison_word_against_the_two_figures():
    lines = (
        "一般公共服务支出年初预算为 100.00 万元，支出决算为 90.00 万元，完成年初预算的 90.00%。",
        "决算数大于预算数的主要原因是人员调出。",
    )
    hits = found(lines, check="text.comparison_word", year=2024, kind="final_accounts")
    assert [(sev, line) for sev, _, line, _ in hits] == [("warning", 2)]
    right = (lines[0], lines[1].replace("大于", "小于"))
    assert found(right, check="text.comparison_word", year=2024, kind="final_accounts") == []
    equal = (
        lines[0].replace("90.00 万元", "100.00 万元").replace("90.00%", "100.00%"),
        "决算数与预算数持平。",
    )
    assert found(equal, check="text.comparison_word", year=2024, kind="final_accounts") == []
