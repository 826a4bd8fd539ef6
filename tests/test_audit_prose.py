"""Prose rules on sentences of the samples, the figures typed from the text.

石家庄 2021 (seed 000): assets 11689.72 with a part 固定资产净值 15565.74 (lines
150-153); 决算支出 51052.18 split into 基本支出 11536.44 + 项目支出 53022.18 (lines
175-177); 项目支出 51291.44 stated as 99.34% of its adjusted budget 53251.16
(96.32%, lines 405-410) while 62820.34 / 66655.23 = 94.25% and 11528.9 / 15024.03 =
76.74% hold. 正宁 2023 (seed 002): 支出 1745.81 with functional parts 1549.65 +
26.45 + 33.2 = 1609.30 (line 57). 东西湖 2021 (seed 004): 项目支出 1258 stated as
36.0% of 3401.9 (36.98%, lines 1678-1680).
"""

from __future__ import annotations

from decimal import Decimal

from caizheng.audit import audit_document


def fact(
    metric, value, sentence, line, unit="万元", parent=None, relation=None, target=None, phase=None, page=1
):
    v = Decimal(value)
    return {
        "metric_raw": metric,
        "value": float(v),
        "value_exact": value,
        "value_raw": value + unit,
        "unit": unit,
        "amount_wan": v * {"万元": 1, "亿元": 10000}[unit] if unit in ("万元", "亿元") else None,
        "phase": phase,
        "sentence": sentence,
        "page": page,
        "line": line,
        "parent_metric_raw": parent,
        "relation": relation,
        "relation_target_raw": target,
    }


S_ASSETS = "截止 2021 年底，我部门共有资产 11689.72 万元，其中货币资金 4245.06 万元；固定资产净值 15565.74 万元；固定资产累计折旧 10968.91 万元。"
S_BUDGET = "基本支出 15798.34 万元，项目支出 24023.82 万元。"
S_ADJ = "基本支出 15024.03 万元，项目支出 53251.16 万元。"
S_FINAL1 = "决算支出 51052.18 万元，其他收入 1238.46 万元。"
S_FINAL2 = "基本支出 11536.44万元，项目支出53022.18万元。"
S_RATIO = (
    "2021 年我部门整体支出 62820.34 万元，占预算调整的 66655.23 万元的 94.25%，其中基本支出 11528.9 万元，"
    "占预算调整数的 76.74%；项目支出 51291.44 万元，占预算调整数的 99.34%。"
)

SHIJIAZHUANG = [
    fact("资产", "11689.72", S_ASSETS, 150),
    fact("货币资金", "4245.06", S_ASSETS, 150, parent="资产"),
    fact("固定资产净值", "15565.74", S_ASSETS, 152, parent="资产"),
    fact("基本支出", "15798.34", S_BUDGET, 164, phase="budget_initial"),
    fact("项目支出", "24023.82", S_BUDGET, 164, phase="budget_initial"),
    fact("基本支出", "15024.03", S_ADJ, 169, phase="budget_adjusted"),
    fact("项目支出", "53251.16", S_ADJ, 169, phase="budget_adjusted"),
    fact("决算支出", "51052.18", S_FINAL1, 175, phase="final"),
    fact("其他收入", "1238.46", S_FINAL1, 175),
    fact("基本支出", "11536.44", S_FINAL2, 177),
    fact("项目支出", "53022.18", S_FINAL2, 177),
    fact("整体支出", "62820.34", S_RATIO, 405),
    fact("预算调整", "66655.23", S_RATIO, 406, phase="budget_adjusted"),
    fact("整体支出", "94.25", S_RATIO, 406, unit="%", relation="share_of", target="预算调整"),
    fact("基本支出", "11528.9", S_RATIO, 406),
    fact("基本支出", "76.74", S_RATIO, 408, unit="%", relation="share_of", target="预算调整数"),
    fact("项目支出", "51291.44", S_RATIO, 408),
    fact("项目支出", "99.34", S_RATIO, 410, unit="%", relation="share_of", target="预算调整数"),
]


def pairs(found, severity="error"):
    return {
        (f["check"], str(f["observed"].normalize()), str(f["expected"].normalize()))
        for f in found
        if f["severity"] == severity
    }


def test_shijiazhuang_three_real_errors_and_nothing_else():
    found = audit_document({"facts": SHIJIAZHUANG})
    assert pairs(found) == {
        ("part_exceeds_whole", "11689.72", "15565.74"),
        ("prose.parts", "51052.18", "64558.62"),
        ("ratio", "99.34", "96.32"),
    }
    ratio = next(f for f in found if f["check"] == "ratio")
    assert "51291.44" in ratio["message"] and "53251.16" in ratio["message"]


def test_a_changed_share_is_flagged_against_the_same_items_adjusted_budget():
    # 11528.9 / 15024.03 = 76.74%; printed 76.84 names 基本支出's adjusted budget, not 66655.23
    rows = [dict(f) for f in SHIJIAZHUANG]
    for f in rows:
        if f["value_exact"] == "76.74":
            f.update(value=76.84, value_exact="76.84", value_raw="76.84%")
    assert ("ratio", "76.84", "76.74") in pairs(audit_document({"facts": rows}))


S_ZN = "2023年财政拨款收入1745.81万元，支出1745.81万元，其中按功能分类：社会保障和就业支出1549.65万元；卫生健康支出26.45万元；住房保障支出33.2万元。"
S_ZN2 = "按支出性质和经济分类：基本支出553.53万元（人员支出521.42万元，日常公用经费支出32.1万元），项目支出1192.27万元。"
ZHENGNING = [
    fact("财政拨款收入", "1745.81", S_ZN, 57),
    fact("支出", "1745.81", S_ZN, 57),
    fact("社会保障和就业支出", "1549.65", S_ZN, 57, parent="支出"),
    fact("卫生健康支出", "26.45", S_ZN, 57, parent="支出"),
    fact("住房保障支出", "33.2", S_ZN, 57, parent="支出"),
    fact("基本支出", "553.53", S_ZN2, 57),
    fact("人员支出", "521.42", S_ZN2, 57, parent="基本支出"),
    fact("日常公用经费支出", "32.1", S_ZN2, 57, parent="基本支出"),
    fact("项目支出", "1192.27", S_ZN2, 57),
]


def test_zhengning_functional_parts_short_of_the_whole_and_rounding_only_warned():
    found = audit_document({"facts": ZHENGNING})
    assert pairs(found) == {("prose.parts", "1745.81", "1609.3")}
    # 521.42 + 32.1 = 553.52 vs 553.53 and 553.53 + 1192.27 = 1745.80 vs 1745.81: rounding
    assert ("prose.parts", "553.53", "553.52") in pairs(found, "warning")


S_DXH = (
    "2021 年本部门整体支出年初预算总额为 3796.75 万元，2021 年本部门整体支出年末执行数为 3401.9 万元，执行率情况为 89.6%，"
    "其中基本支出 2143.9 万元，占本部门整体支出年末执行数的 63.0%，执行率为 95.9%；项目支出 1258 万元，"
    "占本部门整体支出年末执行数的 36.0%，执行率为 80.6%。"
)
DONGXIHU = [
    fact("本部门整体支出年初预算总额", "3796.75", S_DXH, 1674, phase="budget_initial"),
    fact("本部门整体支出年末执行数", "3401.9", S_DXH, 1674, phase="actual"),
    fact("执行率", "89.6", S_DXH, 1676, unit="%", relation="completion_of"),
    fact("基本支出", "2143.9", S_DXH, 1676),
    fact("基本支出", "63.0", S_DXH, 1676, unit="%", relation="share_of", target="本部门整体支出年末执行数"),
    fact("执行率", "95.9", S_DXH, 1678, unit="%", relation="completion_of"),
    fact("项目支出", "1258", S_DXH, 1678),
    fact("项目支出", "36.0", S_DXH, 1680, unit="%", relation="share_of", target="本部门整体支出年末执行数"),
    fact("执行率", "80.6", S_DXH, 1680, unit="%", relation="completion_of"),
]


def test_dongxihu_share_recomputed_at_printed_precision():
    found = audit_document({"facts": DONGXIHU})
    assert pairs(found) == {("ratio", "36", "37")}
    f = next(f for f in found if f["check"] == "ratio")
    assert f["page"] == 1 and f["line"] == 1680


S_DXH_EXP1 = "2021年度支出合计 3401.9万元。"
S_DXH_EXP2 = "其中：基本支出 2143.9万元，占本年支出 63.0%；项目支出 1258万元，占本年支出37.0%。"
S_DXH_EXP3 = "其中教育支出 217.73 万元，社会保障和就业支出2971.56 万元，卫生健康支出 125.97 万元，住房保障支出86.64万元。"
DONGXIHU_EXP = [
    fact("支出合计", "3401.9", S_DXH_EXP1, 1332),
    fact("基本支出", "2143.9", S_DXH_EXP2, 1332),
    fact("项目支出", "1258", S_DXH_EXP2, 1334),
    fact("教育支出", "217.73", S_DXH_EXP3, 1334),
    fact("社会保障和就业支出", "2971.56", S_DXH_EXP3, 1334),
    fact("卫生健康支出", "125.97", S_DXH_EXP3, 1336),
    fact("住房保障支出", "86.64", S_DXH_EXP3, 1336),
]


def test_dongxihu_prose_equals_its_tables_and_a_changed_figure_is_named():
    from tests.test_audit_tables import DONGXIHU_ROWS

    found = audit_document({"facts": DONGXIHU_EXP, "budget_lines": DONGXIHU_ROWS})
    assert [f for f in found if f["check"] == "text_vs_table"] == []
    changed = [dict(f) for f in DONGXIHU_EXP]
    changed[1].update(
        value=2134.9, value_exact="2134.9", value_raw="2134.9万元", amount_wan=Decimal("2134.9")
    )
    found = audit_document({"facts": changed, "budget_lines": DONGXIHU_ROWS})
    hits = [f for f in found if f["check"] == "text_vs_table"]
    assert len(hits) == 1 and hits[0]["severity"] == "error"
    assert hits[0]["expected"] == Decimal("2143.90") and "2134.9" in hits[0]["message"]


S_DXH1 = "2021年度收入总计 3395.5万元，支出总计 3401.9万元。"
S_DXH2 = "与 2020 年度相比，收入减少了 798.42 万元，减少 19.0%、支出减少了 805.62 万元，减少 19.1%，主要原因是因 2020年度因疫情影响，上级部门增加了稳定就业对工业性企业的奖补资金支出，2021 年度没有该项支出。"
S_DXH3 = "2021 年度财政拨款收入总计 3395.5 万元，支出总计 3395.5 万元。"
S_DXH4 = "与 2020 年度相比，财政拨款收入总计减少了 798.42 万元，减少 19.0%，支出总计减少了 798.42 万元，减少 19.1%。"


def change(metric, value, sentence, line, unit="万元", pct=False):
    rel = "change_pct" if pct else "change"
    return dict(
        fact(metric, value, sentence, line, unit=unit, relation=rel, target="2020年度"), direction="decrease"
    )


CHANGES = [
    fact("收入总计", "3395.5", S_DXH1, 1304),
    fact("支出总计", "3401.9", S_DXH1, 1304),
    change("收入", "798.42", S_DXH2, 1306),
    change("收入", "19.0", S_DXH2, 1306, unit="%", pct=True),
    change("支出", "805.62", S_DXH2, 1308),
    change("支出", "19.1", S_DXH2, 1308, unit="%", pct=True),
    fact("财政拨款收入总计", "3395.5", S_DXH3, 1368),
    fact("支出总计", "3395.5", S_DXH3, 1368),
    change("财政拨款收入总计", "798.42", S_DXH4, 1370),
    change("财政拨款收入总计", "19.0", S_DXH4, 1372, unit="%", pct=True),
    change("支出总计", "798.42", S_DXH4, 1372),
    change("支出总计", "19.1", S_DXH4, 1374, unit="%", pct=True),
]


def test_dongxihu_changes_recomputed_from_the_current_figure():
    # 798.42 / (3395.5 + 798.42) = 19.04% and 805.62 / (3401.9 + 805.62) = 19.15%: both as printed.
    # Section 四 repeats 19.1% for a 798.42 decrease of 支出总计 3395.5 (19.04%): the earlier
    # figure is not printed, so this inferred reading is a warning, not an error.
    found = [f for f in audit_document({"facts": CHANGES}) if f["check"] == "ratio.change"]
    assert [(f["severity"], f["observed"], f["expected"], f["line"]) for f in found] == [
        ("warning", Decimal("19.1"), Decimal("19.04"), 1374)
    ]


def test_two_enumerations_of_one_whole_are_summed_separately():
    # 正宁: the functional split and the economic split (next sentence) both part of 支出 1745.81
    rows = [dict(f) for f in ZHENGNING]
    for f in rows:
        if f["metric_raw"] in ("基本支出", "项目支出"):
            f["parent_metric_raw"] = "支出"
    found = audit_document({"facts": rows})
    assert pairs(found) == {("prose.parts", "1745.81", "1609.3")}


def _without_parents(rows):
    return [dict(f, parent_metric_raw=None) for f in rows]


def test_of_which_lists_read_from_the_wording_when_facts_carry_no_parent():
    # 石家庄 assets: 固定资产净值 15565.74 after 其中 exceeds 资产 11689.72 (a warning: inferred)
    found = audit_document({"facts": _without_parents(SHIJIAZHUANG)})
    assert ("part_exceeds_whole", "11689.72", "15565.74") in pairs(found, "warning")
    # 整体支出 62820.34 = 11528.9 + 51291.44: the whole is 整体支出, not 预算调整 66655.23
    assert not [f for f in found if f["check"] == "prose.parts" and f["observed"] == Decimal("66655.23")]
    # 正宁 按功能分类 after 其中: 1549.65 + 26.45 + 33.2 = 1609.30 ≠ 1745.81
    found = audit_document({"facts": _without_parents(ZHENGNING)})
    assert ("prose.parts", "1745.81", "1609.3") in pairs(found, "warning")
    # 东西湖: 其中 opening a sentence takes 支出合计 3401.9 from the sentence before, and the
    # second 其中 list (by function) still splits 支出合计, not 项目支出: both consistent
    found = audit_document({"facts": DONGXIHU_EXP})
    assert [f for f in found if f["check"] in ("prose.parts", "part_exceeds_whole")] == []
    changed = [dict(f) for f in DONGXIHU_EXP]
    changed[3].update(value_exact="271.73", value_raw="271.73万元", amount_wan=Decimal("271.73"))
    changed[3]["sentence"] = changed[4]["sentence"] = changed[5]["sentence"] = changed[6]["sentence"] = (
        S_DXH_EXP3.replace("217.73", "271.73")
    )
    found = audit_document({"facts": changed})
    assert ("prose.parts", "3401.9", "3455.9") in pairs(found, "warning")


def test_completion_rate_from_the_two_figures_before_it():
    # 东西湖: 年初预算总额 3796.75, 年末执行数 3401.9, 执行率 89.6% (= 89.60%): consistent
    assert [
        f for f in audit_document({"facts": DONGXIHU}) if f["check"] == "ratio" and f["line"] == 1676
    ] == []
    changed = [dict(f) for f in DONGXIHU]
    changed[2].update(value=98.6, value_exact="98.6", value_raw="98.6%")
    found = [f for f in audit_document({"facts": changed}) if f["line"] == 1676]
    assert [(f["severity"], f["observed"], f["expected"]) for f in found] == [
        ("warning", Decimal("98.6"), Decimal("89.6"))
    ]


# swu-2024-budget.pdf p12-13: income then expenditure items of one 总预算; a part the reader
# joined with the page number (13 + 1,723.93) contradicts its own stated share 0.71%
S_SWU1 = (
    "我校2024年收支总预算582,276.35万元,其中本年收入预算445,059.97万元,使用非财政拨款结余30,367.97万元,"
    "上年结转106,848.41万元;本年支出预算486,554.95万元,结转下年95,721.40万元。"
)
S_SWU2 = (
    "我校2024年本年财政拨款支出预算244,675.66万元,其中教育支出220,139.76万元,占89.97%;科学技术支出131,723.93万元,"
    "占0.71%;社会保障和就业支出15,077.81万元,占6.16%;住房保障支出7,624.66万元,占3.12%,其他支出109.50万元,占0.04%。"
)


def _swu(metric, value, sentence, line, parent=None, pct=None):
    out = [fact(metric, value.replace(",", ""), sentence, line, parent=parent)]
    out[0]["value_raw"] = value + "万元"
    if pct:
        out.append(fact(metric, pct, sentence, line, unit="%", relation="ratio"))
    return out


def test_two_sided_totals_and_parts_in_doubt_are_not_summed():
    p1 = "收支总预算"
    rows = _swu(p1, "582,276.35", S_SWU1, 3)
    for m, v in (
        ("本年收入预算", "445,059.97"),
        ("使用非财政拨款结余", "30,367.97"),
        ("上年结转", "106,848.41"),
        ("本年支出预算", "486,554.95"),
        ("结转下年", "95,721.40"),
    ):
        rows += _swu(m, v, S_SWU1, 4, parent=p1)
    p2 = "本年财政拨款支出预算"
    rows += _swu(p2, "244,675.66", S_SWU2, 8)
    for m, v, pct in (
        ("教育支出", "220,139.76", "89.97"),
        ("科学技术支出", "131,723.93", "0.71"),
        ("社会保障和就业支出", "15,077.81", "6.16"),
        ("住房保障支出", "7,624.66", "3.12"),
        ("其他支出", "109.50", "0.04"),
    ):
        rows += _swu(m, v, S_SWU2, 9, parent=p2, pct=pct)
    assert [
        f for f in audit_document({"facts": rows}) if f["check"] in ("prose.parts", "part_exceeds_whole")
    ] == []
    # read right (1,723.93), the list adds up and the shares fit
    fixed = [
        dict(
            f,
            value_raw="1,723.93万元",
            amount_wan=Decimal("1723.93"),
            sentence=S_SWU2.replace("131,723.93", "1,723.93"),
        )
        if f["value_exact"] == "131723.93"
        else dict(f, sentence=S_SWU2.replace("131,723.93", "1,723.93"))
        if f["sentence"] == S_SWU2
        else f
        for f in rows
    ]
    assert audit_document({"facts": fixed}) == []
