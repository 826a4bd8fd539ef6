"""ratio.change on the item-by-item explanations of budgets: the lines as printed in the
Jiangsu budgets of ../shared/corpus-wild (wraps kept), read by the facts parser and audited,
and generated sentences of the same shapes.

The real slips (the gold of ../shared/gold-wild): 省人大办公厅2018 p21 1312.56% for
1557.29 / 128.43 = 1212.56%; 省检察院2019 p26 13.22% copied from the line above for
1237.7 / 5573 = 22.21%; 省委办公厅2017 p8 1.66% = 101.48 / 6106.99, divided by this
year's figure instead of last year's (1.69%). The near-misses: a rate in a reason clause
(省人大常委会2019 p16 `统一压减10%`), the earlier figure printed in brackets (政协2017 p6,
5.77% correct), a truncated last digit (省委办公厅2019 p9 16.07% for 16.08%).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caizheng.audit import audit_document
from caizheng.extract.model import Document, Line, Page
from caizheng.normalize.rows import fact_to_row
from caizheng.parsers.facts import document_to_facts


def audit_text(*texts: str, year: int | None = None, check: str = "ratio.change") -> list[tuple]:
    lines = tuple(Line(text=t, page=1, number=i + 1) for i, t in enumerate(texts))
    doc = Document(path="x.txt", sha256="0", format="txt", pages=(Page(number=1, lines=lines),))
    rows = {
        "facts": [fact_to_row(f) for f in document_to_facts(doc)],
        "documents": [{"fiscal_year": year, "report_kind": "budget"}],
    }
    found = [f for f in audit_document(rows) if f["check"] == check]
    return [(f["severity"], str(f["observed"]), str(f["expected"])) for f in found]


RENDA_2018_P21 = (
    "单位预留机动经费预算数为 1685.72 万元。与上年相比增",
    "加1557.29万元，增长1312.56 %。主要原因是预留人员工资福利",
    "支出增加。",
)
JIANCHA_2019_P26 = (
    "此外，基本支出预算数为 15,844.04万元。与上年相比增",
    "加1849.73 万元，增长13.22 %。主要原因是工资性收入增加，",
    "调增计发基数后，增加了住房补贴、住房公积金支出。",
    "项目支出预算数为4335.3万元。与上年相比减少了1237.7",
    "万元，减少 13.22 %。主要原因一是贯彻厉行节约规定和坚持",
    "政府过紧日子，要大力压减一般性支出要求。",
)
SHENGWEI_2017_P8 = (
    "1．党委办公厅（室）及相关机构事务（款）行政运行",
    "（项）支出 6106.99 万元，与上年相比增加 101.48 万元，",
    "增长 1.66%。主要原因是政策性调资。",
)
RENDA_2019_P16 = (
    "江苏省人大常委会办公厅2019年度一般公共预算拨款安排",
    "的会议费预算支出1469.73万元，比上年预算增加164.48万元，主",
    "要原因按规定运转类专项经费统一压减10%，根据实际开支人代",
    "会专项经费增加200万元，增减相抵后增加164.48万元。",
    "1．因公出国（境）费预算支出199.25万元，比上年预算减",
    "少23.25万元，主要原因按规定运转类专项经费统一压减10%。",
)
ZHENGXIE_2017_P6 = (
    "2017 年度部门支出预算安排与 2016 年度相比（2016 年度部",
    "门支出预算安排为8,648.07万元），增加498.72万元，增长5.77%。",
)


def test_a_wrong_rate_after_the_figure_it_is_about_is_an_error():
    # 1557.29 / (1685.72 − 1557.29) = 1212.56%: the rate opens its own sentence, no subject
    assert audit_text(*RENDA_2018_P21, year=2018) == [("error", "1312.56", "1212.56")]


def test_a_rate_copied_from_the_line_above_is_an_error():
    # 1849.73 / 13994.31 = 13.22% holds; 1237.7 / 5573 = 22.21% does not
    assert audit_text(*JIANCHA_2019_P26, year=2019) == [("error", "13.22", "22.21")]


def test_a_rate_over_this_years_figure_is_an_error():
    assert audit_text(*SHENGWEI_2017_P8, year=2017) == [("error", "1.66", "1.69")]


def test_a_rate_in_a_reason_clause_is_not_the_changes_rate():
    # 164.48 / 1305.25 = 12.6% and 23.25 / 222.5 = 10.45%, but 10% is what 统一压减 cut, not the change
    assert audit_text(*RENDA_2019_P16, year=2019) == []


def test_the_earlier_figure_printed_in_brackets_is_the_base():
    # 498.72 / 8648.07 = 5.77%, as printed; 8648.07 is 2016's figure, not 2017's
    assert audit_text(*ZHENGXIE_2017_P6, year=2017) == []
    # the same sentence with 6.12% (the rate over 8648.07 − 498.72): printed base, an error
    wrong = (ZHENGXIE_2017_P6[0], ZHENGXIE_2017_P6[1].replace("5.77%", "6.12%"))
    assert audit_text(*wrong, year=2017) == [("error", "6.12", "5.77")]


def test_a_truncated_last_digit_is_a_warning():
    # 省委办公厅2019 p9: 1297.83 / 8072.29 = 16.078%, printed 16.07%
    text = ("此外，基本支出预算数为9370.12万元。与上年相比增加", "1297.83万元，增长16.07%。")
    assert audit_text(*text, year=2019) == [("warning", "16.07", "16.08")]


def test_a_rate_at_coarser_precision_reports_the_exact_expected_rate():
    # 省委办公厅2019 p8: 878.93 / 3015.16 = 29.15%, printed 30%
    text = (
        "3．住房保障（类）支出3894.09万元，主要用于按照国家政",
        "策规定，为职工缴纳的住房公积金和发放的提租补贴。与上年",
        "相比增加878.93万元，增长30%。",
    )
    assert audit_text(*text, year=2019) == [("error", "30", "29.15")]


def test_a_change_clause_naming_another_subject_is_only_a_warning():
    # the change names 财政拨款支出 itself, and the figure before it is another one: inferred by name
    text = ("本年收入合计 1000.00 万元，与上年相比，财政拨款支出增加 100.00 万元，增长 20.00%。",)
    assert all(sev == "warning" for sev, *_ in audit_text(*text, year=2024))


def test_two_figures_and_a_rate_without_a_change_amount():
    ok = "2024年预算执行数为520.00万元，2025年预算安排572.00万元，比2024年预算执行数增长10.00%。"
    assert audit_text(ok, year=2025) == []
    wrong = ok.replace("10.00%", "9.09%")  # 52 / 572: over this year's figure
    assert audit_text(wrong, year=2025) == [("error", "9.09", "10.00")]


@given(
    last=st.integers(min_value=1000, max_value=10_000_000),
    change=st.integers(min_value=1, max_value=5_000_000),
    up=st.booleans(),
    off=st.integers(min_value=-300, max_value=300),
)
def test_generated_item_explanations(last, change, up, off):
    # `X支出 A 万元。与上年相比增加 B 万元，增长 R%。` with R the true rate moved by `off` hundredths
    if not up and change >= last:
        change = last - 1
    lo, dc = Decimal(last) / 100, Decimal(change) / 100
    current = lo + dc if up else lo - dc
    exact = dc / lo * 100
    rate = exact.quantize(Decimal("0.01")) + Decimal(off) / 100
    if rate <= 0:
        return
    verb, noun = ("增加", "增长") if up else ("减少", "下降")
    text = (f"项目支出预算数为{current:.2f}万元。与上年相比{verb}{dc:.2f}万元，{noun}{rate:.2f}%。",)
    found = audit_text(*text, year=2024)
    lo_r = (dc - Decimal("0.005")) / (lo + Decimal("0.01")) * 100
    hi_r = (dc + Decimal("0.005")) / (lo - Decimal("0.01")) * 100
    if off == 0:
        assert found == []
    elif rate + Decimal("0.005") < lo_r or rate - Decimal("0.005") > hi_r:
        assert [f[0] for f in found] == ["error"]
    else:
        assert [f[0] for f in found] in (["warning"], [])


@pytest.mark.parametrize("link", ["，增长", "，增幅", "，比上年增长"])
def test_rate_links(link):
    text = (f"行政运行（项）支出 1100.00 万元，与上年相比增加 100.00 万元{link}9.00%。",)
    assert audit_text(*text, year=2024) == [("error", "9.00", "10.00")]
