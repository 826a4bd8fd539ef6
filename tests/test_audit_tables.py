"""Table rules on the real figures of the 武汉东西湖 2021 final accounts (seed 004,
data/samples/hubei-dongxihu-hrss-2021-final-accounts.txt): 表1–表6 typed from the
document, every figure checked against its printed line. The report is consistent
except 表4 支出总计 3,529.98 (= 3,395.50 + 134.47 = 3,529.97, a rounding slip).
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from caizheng.audit import audit_document
from caizheng.audit.figures import Figure, decimals_of, slack_of, sum_finding
from caizheng.audit.rows import rows_by_table
from caizheng.audit.summary_rules import summary_findings
from caizheng.audit.table_rules import table_findings


def cell(table, name, measure, raw, code=None, row_no=None, side=None, page=1, line=None, unit="万元"):
    amount = Decimal(raw.replace(",", ""))
    factor = {"万元": Decimal(1), "元": Decimal("0.0001")}[unit]
    return {
        "table_code": table,
        "table_title_raw": table,
        "item_name_raw": name,
        "item_name": name,
        "item_code": code,
        "row_no": row_no,
        "side": side,
        "measure": measure,
        "amount_wan": amount * factor,
        "amount_raw": raw,
        "unit_raw": unit,
        "page": page,
        "line": line if line is not None else (row_no or 0),
    }


def coded(table, rows, measures):
    """rows: (code, name, amounts in the order of `measures`, None where blank)."""
    out = []
    for n, (code, name, *amounts) in enumerate(rows, start=1):
        for measure, raw in zip(measures, amounts):
            if raw is not None:
                out.append(cell(table, name, measure, raw, code=code or None, line=n))
    return out


# 表1 收入支出决算总表 (lines 173-240)
SUMMARY = [
    cell("final.summary", "一般公共预算财政拨款收入", "amount", "3,395.50", row_no=1, side="income"),
    cell("final.summary", "本年收入合计", "amount", "3,395.50", row_no=27, side="income"),
    cell("final.summary", "年初结转和结余", "amount", "595.72", row_no=29, side="income"),
    cell("final.summary", "总计", "amount", "3,991.22", row_no=30, side="income"),
    cell("final.summary", "教育支出", "amount", "217.73", row_no=35, side="expenditure"),
    cell("final.summary", "社会保障和就业支出", "amount", "2,971.56", row_no=38, side="expenditure"),
    cell("final.summary", "卫生健康支出", "amount", "125.97", row_no=39, side="expenditure"),
    cell("final.summary", "住房保障支出", "amount", "86.64", row_no=49, side="expenditure"),
    cell("final.summary", "本年支出合计", "amount", "3,401.90", row_no=57, side="expenditure"),
    cell("final.summary", "年末结转和结余", "amount", "589.32", row_no=59, side="expenditure"),
    cell("final.summary", "总计", "amount", "3,991.22", row_no=60, side="expenditure"),
]

# 表2 收入决算表 (lines 278-330): 本年收入合计 and 财政拨款收入 columns
INCOME = coded(
    "final.income",
    [
        ("", "合计", "3,395.50", "3,395.50"),
        ("205", "教育支出", "217.73", "217.73"),
        ("20503", "职业教育", "217.73", "217.73"),
        ("2050399", "其他职业教育支出", "217.73", "217.73"),
        ("208", "社会保障和就业支出", "2,965.16", "2,965.16"),
        ("20801", "人力资源和社会保障管理事务", "2,812.36", "2,812.36"),
        ("2080101", "行政运行", "1,778.49", "1,778.49"),
        ("2080102", "一般行政管理事务", "96.39", "96.39"),
        ("2080106", "就业管理事务", "40.00", "40.00"),
        ("2080109", "社会保险经办机构", "315.58", "315.58"),
        ("2080110", "劳动关系和维权", "185.00", "185.00"),
        ("2080199", "其他人力资源和社会保障管理事务支出", "396.90", "396.90"),
        ("20805", "行政事业单位养老支出", "152.80", "152.80"),
        ("2080501", "行政单位离退休", "100.56", "100.56"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "52.24", "52.24"),
        ("210", "卫生健康支出", "125.97", "125.97"),
        ("21011", "行政事业单位医疗", "124.51", "124.51"),
        ("2101101", "行政单位医疗", "28.40", "28.40"),
        ("2101103", "公务员医疗补助", "37.47", "37.47"),
        ("2101199", "其他行政事业单位医疗支出", "58.64", "58.64"),
        ("21099", "其他卫生健康支出", "1.46", "1.46"),
        ("2109999", "其他卫生健康支出", "1.46", "1.46"),
        ("221", "住房保障支出", "86.64", "86.64"),
        ("22102", "住房改革支出", "86.64", "86.64"),
        ("2210201", "住房公积金", "71.66", "71.66"),
        ("2210202", "提租补贴", "14.98", "14.98"),
    ],
    ["total", "fiscal_appropriation"],
)

# 表3 支出决算表 (lines 450-): 合计, 基本支出, 项目支出
EXPENDITURE = coded(
    "final.expenditure",
    [
        ("", "合计", "3,401.90", "2,143.90", "1,258.00"),
        ("205", "教育支出", "217.73", None, "217.73"),
        ("20503", "职业教育", "217.73", None, "217.73"),
        ("2050399", "其他职业教育支出", "217.73", None, "217.73"),
        ("208", "社会保障和就业支出", "2,971.56", "1,931.29", "1,040.27"),
        ("20801", "人力资源和社会保障管理事务", "2,818.76", "1,778.49", "1,040.27"),
        ("2080101", "行政运行", "1,778.49", "1,778.49", None),
        ("2080102", "一般行政管理事务", "96.39", None, "96.39"),
        ("2080106", "就业管理事务", "40.00", None, "40.00"),
        ("2080109", "社会保险经办机构", "315.58", None, "315.58"),
        ("2080110", "劳动关系和维权", "185.00", None, "185.00"),
        ("2080199", "其他人力资源和社会保障管理事务支出", "403.30", None, "403.30"),
        ("20805", "行政事业单位养老支出", "152.80", "152.80", None),
        ("2080501", "行政单位离退休", "100.56", "100.56", None),
        ("2080505", "机关事业单位基本养老保险缴费支出", "52.24", "52.24", None),
        ("210", "卫生健康支出", "125.97", "125.97", None),
        ("21011", "行政事业单位医疗", "124.51", "124.51", None),
        ("2101101", "行政单位医疗", "28.40", "28.40", None),
        ("2101103", "公务员医疗补助", "37.47", "37.47", None),
        ("2101199", "其他行政事业单位医疗支出", "58.64", "58.64", None),
        ("21099", "其他卫生健康支出", "1.46", "1.46", None),
        ("2109999", "其他卫生健康支出", "1.46", "1.46", None),
        ("221", "住房保障支出", "86.64", "86.64", None),
        ("22102", "住房改革支出", "86.64", "86.64", None),
        ("2210201", "住房公积金", "71.66", "71.66", None),
        ("2210202", "提租补贴", "14.98", "14.98", None),
    ],
    ["total", "basic", "project"],
)

# 表4 财政拨款收入支出决算总表 (lines 622-700)
FISCAL = [
    cell("final.fiscal_summary", "一般公共预算财政拨款", "amount", "3,395.50", row_no=1, side="income"),
    cell("final.fiscal_summary", "本年收入合计", "amount", "3,395.50", row_no=27, side="income"),
    cell("final.fiscal_summary", "年初财政拨款结转和结余", "amount", "134.47", row_no=28, side="income"),
    cell("final.fiscal_summary", "一般公共预算财政拨款", "amount", "134.47", row_no=29, side="income"),
    cell("final.fiscal_summary", "总计", "amount", "3,529.97", row_no=32, side="income"),
    *[
        cell("final.fiscal_summary", name, m, raw, row_no=n, side="expenditure")
        for name, n, raw in (
            ("本年支出合计", 59, "3,395.50"),
            ("年末财政拨款结转和结余", 60, "134.47"),
            ("总计", 64, "3,529.98"),
        )
        for m in ("total", "general_budget")
    ],
]

# 表5 一般公共预算财政拨款支出决算表 (lines 760-790)
GENERAL = coded(
    "final.general_budget_expenditure",
    [
        ("", "合计", "3,395.50", "2,143.90", "1,251.60"),
        ("205", "教育支出", "217.73", None, "217.73"),
        ("20503", "职业教育", "217.73", None, "217.73"),
        ("2050399", "其他职业教育支出", "217.73", None, "217.73"),
        ("208", "社会保障和就业支出", "2,965.16", "1,931.29", "1,033.87"),
        ("20801", "人力资源和社会保障管理事务", "2,812.36", "1,778.49", "1,033.87"),
        ("2080101", "行政运行", "1,778.49", "1,778.49", None),
        ("2080102", "一般行政管理事务", "96.39", None, "96.39"),
        ("2080106", "就业管理事务", "40.00", None, "40.00"),
        ("2080109", "社会保险经办机构", "315.58", None, "315.58"),
        ("2080110", "劳动关系和维权", "185.00", None, "185.00"),
        ("2080199", "其他人力资源和社会保障管理事务支出", "396.90", None, "396.90"),
        ("20805", "行政事业单位养老支出", "152.80", "152.80", None),
        ("2080501", "行政单位离退休", "100.56", "100.56", None),
        ("2080505", "机关事业单位基本养老保险缴费支出", "52.24", "52.24", None),
        ("210", "卫生健康支出", "125.97", "125.97", None),
        ("21011", "行政事业单位医疗", "124.51", "124.51", None),
        ("2101101", "行政单位医疗", "28.40", "28.40", None),
        ("2101103", "公务员医疗补助", "37.47", "37.47", None),
        ("2101199", "其他行政事业单位医疗支出", "58.64", "58.64", None),
        ("21099", "其他卫生健康支出", "1.46", "1.46", None),
        ("2109999", "其他卫生健康支出", "1.46", "1.46", None),
        ("221", "住房保障支出", "86.64", "86.64", None),
        ("22102", "住房改革支出", "86.64", "86.64", None),
        ("2210201", "住房公积金", "71.66", "71.66", None),
        ("2210202", "提租补贴", "14.98", "14.98", None),
    ],
    ["total", "basic", "project"],
)

# 表6 一般公共预算财政拨款基本支出决算明细表 (lines 951-1000)
BASIC = coded(
    "final.general_budget_basic_expenditure",
    [
        ("301", "工资福利支出", "1,288.83"),
        ("30101", "基本工资", "164.86"),
        ("30102", "津贴补贴", "138.50"),
        ("30103", "奖金", "490.05"),
        ("30106", "伙食补助费", "55.26"),
        ("30107", "绩效工资", "100.49"),
        ("30108", "机关事业单位基本养老保险缴费", "61.84"),
        ("30109", "职业年金缴费", "21.63"),
        ("30110", "职工基本医疗保险缴费", "61.90"),
        ("30111", "公务员医疗补助缴费", "48.26"),
        ("30112", "其他社会保障缴费", "23.76"),
        ("30113", "住房公积金", "122.18"),
        ("30199", "其他工资福利支出", "0.10"),
        ("303", "对个人和家庭的补助", "168.56"),
        ("30302", "退休费", "110.04"),
        ("30304", "抚恤金", "18.50"),
        ("30307", "医疗费补助", "40.02"),
        ("302", "商品和服务支出", "685.22"),
        ("30201", "办公费", "8.97"),
        ("30202", "印刷费", "3.53"),
        ("30207", "邮电费", "8.90"),
        ("30213", "维修（护）费", "8.07"),
        ("30217", "公务接待费", "0.15"),
        ("30226", "劳务费", "617.32"),
        ("30227", "委托业务费", "3.96"),
        ("30228", "工会经费", "7.75"),
        ("30229", "福利费", "7.98"),
        ("30299", "其他商品和服务支出", "18.59"),
        ("310", "资本性支出", "1.29"),
        ("31002", "办公设备购置", "1.29"),
        ("", "人员经费合计", "1,457.39"),
        ("", "公用经费合计", "686.51"),
    ],
    ["amount"],
)

DONGXIHU_ROWS = SUMMARY + INCOME + EXPENDITURE + FISCAL + GENERAL + BASIC


def errors(findings):
    return [f for f in findings if f["severity"] == "error"]


def run_table(rows):
    out = []
    for (code, _), group in rows_by_table(rows).items():
        out += table_findings(code, group)
        if code.endswith("summary"):
            out += summary_findings(code, group)
    return out


def test_printed_precision_sets_the_slack():
    assert decimals_of("3,395.50") == 2 and decimals_of("40") == 0
    assert slack_of(Decimal("3395.50"), "3,395.50") == Decimal("0.005")
    # 91,016,775.35 元 stored as 9101.677535 万元: half a fen is 0.0000005 万元
    assert slack_of(Decimal("9101.677535"), "91,016,775.35", "元") == Decimal("0.0000005")


def test_xbrl_rounding_rule_separates_rounding_from_errors():
    # 003 南宫: 4004.97 vs 17.18 + 3987.8 = 4004.98 is rounding (3987.8 has one decimal)
    total = Figure("合计", Decimal("4004.97"), Decimal("0.005"))
    parts = [Figure("a", Decimal("17.18"), Decimal("0.005")), Figure("b", Decimal("3987.8"), Decimal("0.05"))]
    assert sum_finding("sum.rows", total, parts)["severity"] == "warning"
    # +1.00 is not
    bad = Figure("合计", Decimal("4005.98"), Decimal("0.005"))
    assert sum_finding("sum.rows", bad, parts)["severity"] == "error"
    assert sum_finding("sum.rows", Figure("合计", Decimal("4004.98"), Decimal("0.005")), parts) is None


@pytest.mark.parametrize(
    "rows",
    [INCOME, EXPENDITURE, GENERAL, BASIC, SUMMARY],
    ids=["表2", "表3", "表5", "表6", "表1"],
)
def test_consistent_tables_of_the_final_accounts_raise_nothing(rows):
    assert run_table(rows) == []


def test_table4_expenditure_total_is_flagged_as_rounding():
    found = run_table(FISCAL)
    pairs = {(f["check"], str(f["observed"]), str(f["expected"])) for f in found}
    assert ("sum.rows", "3529.98", "3529.97") in {(c, o.rstrip("0"), e.rstrip("0")) for c, o, e in pairs}
    assert all(f["severity"] == "warning" for f in found)
    total = next(f for f in found if f["check"] == "sum.rows")
    assert "3,529.98" in total["message"] and "3,395.50" in total["message"] and "134.47" in total["message"]


def test_whole_report_audit_has_no_error_and_finds_the_slip():
    found = audit_document({"budget_lines": DONGXIHU_ROWS})
    assert errors(found) == []
    assert any(f["observed"] == Decimal("3529.98") and f["expected"] == Decimal("3529.97") for f in found)


def test_a_changed_class_row_is_caught_by_hierarchy_and_total():
    rows = [dict(r) for r in EXPENDITURE]
    for r in rows:
        if r["item_code"] == "20805" and r["measure"] == "basic":
            r["amount_wan"], r["amount_raw"] = Decimal("153.80"), "153.80"
    found = errors(run_table(rows))
    checks = {f["check"] for f in found}
    assert {"sum.hierarchy", "sum.columns"} <= checks
    assert any("153.80" in f["message"] for f in found)


def test_table5_basic_equals_table6_personnel_plus_public():
    found = audit_document({"budget_lines": GENERAL + BASIC})
    assert errors(found) == []
    rows = [dict(r) for r in BASIC]
    for r in rows:
        if r["item_name"] == "公用经费合计":
            r["amount_wan"], r["amount_raw"] = Decimal("687.51"), "687.51"
    found = errors(audit_document({"budget_lines": GENERAL + rows}))
    assert {f["check"] for f in found} >= {"cross_table", "sum.rows"}


def test_summary_class_rows_against_table3():
    rows = [dict(r) for r in SUMMARY]
    for r in rows:
        if r["item_name"] == "卫生健康支出":
            r["amount_wan"], r["amount_raw"] = Decimal("125.96"), "125.96"
    found = audit_document({"budget_lines": rows + EXPENDITURE})
    cross = [f for f in found if f["check"] == "cross_table"]
    assert cross and cross[0]["observed"] == Decimal("125.96") and cross[0]["expected"] == Decimal("125.97")
    assert cross[0]["severity"] == "warning"


def test_two_views_of_expenditure_in_one_budget_summary_are_not_double_counted():
    # jiangsu-party-office-2018 收支预算总表: by function, then again by use
    table = "budget.summary"
    rows = [
        cell(table, "一般公共服务支出", "amount", "20,153.75", row_no=1, side="expenditure"),
        cell(table, "社会保障和就业支出", "amount", "1,289.52", row_no=2, side="expenditure"),
        cell(table, "住房保障支出", "amount", "3,015.16", row_no=3, side="expenditure"),
        cell(table, "工资福利支出", "amount", "10,403.11", row_no=4, side="expenditure"),
        cell(table, "商品和服务支出", "amount", "12,081.46", row_no=5, side="expenditure"),
        cell(table, "对个人和家庭的补助", "amount", "1,973.86", row_no=6, side="expenditure"),
        cell(table, "本年支出合计", "amount", "24,458.43", row_no=7, side="expenditure"),
    ]
    assert run_table(rows) == []
    rows[4] = cell(table, "商品和服务支出", "amount", "12,082.46", row_no=5, side="expenditure")
    assert errors(run_table(rows))


def test_zhengning_funds_block_is_rounding_only():
    # 正宁 2023 自评表 lines 115-117: 全年支出 = 其中：基本支出 + 项目支出 in three columns
    t = "self_eval.funds"
    rows = []
    for line, name, amounts in (
        (115, "全年支出", ("1241.99", "1745.81", "1745.81")),
        (116, "其中：基本支出", ("528.04", "553.53", "553.53")),
        (117, "项目支出", ("713.96", "1192.27", "1192.27")),
    ):
        for m, raw in zip(("budget_initial", "budget_full_year", "actual"), amounts):
            rows.append(cell(t, name, m, raw, line=line))
    found = audit_document({"budget_lines": rows})
    assert errors(found) == []
    got = {(f["observed"], f["expected"]) for f in found}
    assert got == {
        (Decimal("1241.99"), Decimal("1242.00")),
        (Decimal("1745.81"), Decimal("1745.80")),
    }
    rows[3] = cell(t, "其中：基本支出", "budget_initial", "529.04", line=116)
    assert [f["check"] for f in errors(audit_document({"budget_lines": rows}))] == ["sum.rows"]


def test_three_public_total_equals_its_parts_by_row_or_by_column():
    # putuo-govoffice-2025-budget.pdf p20 “三公”经费预算表: 合计 867.50 = 公务用车购置及运行费 839.00 + 公务接待费 28.50
    t = "budget.three_public"
    by_column = [
        dict(cell(t, "“三公”经费预算数", "amount", raw, page=20, line=9), column_raw=col)
        for col, raw in (("合计", "867.50"), ("公务用车购置及运行费 小计", "839.00"), ("公务接待费", "28.50"))
    ]
    assert run_table(by_column) == []
    by_column[2] = dict(by_column[2], amount_wan=Decimal("29.50"), amount_raw="29.50")
    found = errors(run_table(by_column))
    assert len(found) == 1 and "29.50" in found[0]["message"] and "867.50" in found[0]["message"]
    by_row = [
        cell(t, "合计", "amount", "867.50", line=1),
        cell(t, "公务用车购置及运行费", "amount", "839.00", line=2),
        cell(t, "公务接待费", "amount", "28.50", line=3),
    ]
    assert run_table(by_row) == []


# the notes printed under 表1 and 表4 of 东西湖 2021 (lines 216-220, 700-702)
NOTE_T1 = "27行＝（1＋2＋3＋4＋5＋6+7+8）行；30行＝（27＋28＋29）行；\n 57行＝（31＋32＋…＋56）行；  60行＝（57＋58＋59）行。"
NOTE_T4 = "27行＝（1＋2+3）行；28行＝（29＋30+31）行；32行＝（27＋28）行；\n59行＝（33＋34＋…＋58）行；64行＝（59＋60）行。"


def test_printed_formulas_are_parsed():
    from caizheng.audit.formula_rules import note_to_row_formulas

    assert note_to_row_formulas(NOTE_T1) == [
        (27, [1, 2, 3, 4, 5, 6, 7, 8]),
        (30, [27, 28, 29]),
        (57, list(range(31, 57))),
        (60, [57, 58, 59]),
    ]


def test_printed_formulas_checked_on_row_numbers():
    notes = [
        {"table_code": "final.summary", "table_title_raw": "final.summary", "note": NOTE_T1},
        {"table_code": "final.fiscal_summary", "table_title_raw": "final.fiscal_summary", "note": NOTE_T4},
    ]
    found = audit_document({"budget_lines": SUMMARY + FISCAL, "source_tables": notes})
    formula = [f for f in found if f["check"] == "sum.formula"]
    assert errors(found) == []
    # 64行 = 59 + 60: 3,529.98 vs 3,529.97, in both printed columns
    assert {(f["observed"], f["expected"]) for f in formula} == {(Decimal("3529.98"), Decimal("3529.97"))}
    rows = [dict(r) for r in SUMMARY]
    rows[2] = cell("final.summary", "年初结转和结余", "amount", "559.72", row_no=29, side="income")
    found = audit_document({"budget_lines": rows, "source_tables": notes})
    assert any(
        f["check"] == "sum.formula" and f["severity"] == "error" and "559.72" in f["message"] for f in found
    )


def test_column_families_never_half_sum_a_table():
    from caizheng.audit.table_rules import column_plan

    # 表3: 合计 = 基本 + 项目; a budget 支出表 with 人员经费/公用经费 under 基本支出
    assert column_plan({"total", "basic", "project"})[0][0] == "total"
    assert ("basic", ("personnel", "public")) in column_plan(
        {"total", "basic", "personnel", "public", "project"}
    )
    # a budget 收入表: 上年结转 + 一般公共预算 + 政府性基金 + 事业收入 all add to 合计
    assert (
        column_plan({"total", "carryover_begin", "general_budget", "business_income"})[0][1][0]
        == "carryover_begin"
    )
    # an unknown column makes the table's layout unknown: no column sum at all
    assert column_plan({"total", "basic", "budget_initial"}) == []


def test_a_table_read_with_little_certainty_gives_warnings_not_errors():
    rows = [dict(r) for r in EXPENDITURE]
    rows[0] = dict(rows[0], amount_wan=Decimal("3402.90"), amount_raw="3,402.90")  # 合计 total
    sure = {"table_code": "final.expenditure", "table_title_raw": "final.expenditure", "confidence": 1.0}
    assert errors(audit_document({"budget_lines": rows, "source_tables": [sure]}))
    unsure = dict(sure, confidence=0.6)
    found = audit_document({"budget_lines": rows, "source_tables": [unsure]})
    assert found and errors(found) == [] and "把握不足" in found[0]["message"]


def test_balance_findings_come_in_column_order_whatever_the_hash_seed():
    """收入总计 = 支出总计 is checked per column in the order the columns were met, so two runs
    over one report list their failures alike (a set of measures gave the order of the
    process's string hashes)."""
    import subprocess
    import sys

    script = (
        "from decimal import Decimal as D\n"
        "from caizheng.audit.figures import Figure\n"
        "from caizheng.audit.summary_rules import _balance\n"
        "grand = {}\n"
        "for k, m in enumerate(['total', 'basic', 'project', 'amount', 'actual']):\n"
        "    grand[('income', m)] = Figure('收入总计', D(100 + k), D('0.005'))\n"
        "    grand[('expenditure', m)] = Figure('支出总计', D(200 + k), D('0.005'))\n"
        "print(' '.join(str(f['observed']) for f in _balance('t', grand)))\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert runs == {"200 201 202 203 204"}
