"""Score rules on real self-evaluation tables.

正宁 2023 (seed 002, data/samples/gansu-zhengning-hrss-2023-self-evaluation.txt,
the TSV 自评表): 29 indicators with weights and scores typed from the table, the
预算执行率 row (分值 10, 得分 8) and the 合计 row (100, 98). The weights add to
87 + 10 = 97 and the scores to 87 + 8 = 95: the report's 合计 is wrong twice.
兴隆 2024 (seed 001): dimensions 14 + 55 + 15 + 15 = 99, consistent.
"""

from __future__ import annotations

from decimal import Decimal

from caizheng.audit import audit_document
from caizheng.audit.score_rules import grade_of, thresholds_from_text

# (level1, name, weight, score) as printed in the 正宁 自评表, lines 124-153
ZHENGNING_INDICATORS = [
    ("部门管理", "基本支出预算执行率", 2, 2),
    ("部门管理", "项目支出预算执行率", 2, 2),
    ("部门管理", "“三公经费”控制率", 2, 2),
    ("部门管理", "财务管理制度健全性", 2, 2),
    ("部门管理", "资金使用规范性", 2, 2),
    ("部门管理", "政府采购规范性", 2, 2),
    ("部门管理", "资产管理规范性", 2, 2),
    ("部门管理", "在职人员控制率", 3, 3),
    ("部门管理", "重点工作管理制度健全性", 3, 3),
    ("履职效果", "提升机构编制法制水平情况", 3, 3),
    ("履职效果", "落实党管机构编制原则", 4, 4),
    ("履职效果", "服务中心优化机构设置", 3, 3),
    ("履职效果", "编制资源统筹", 4, 4),
    ("履职效果", "全面推行事业单位登记管理工作“全流程”网上办理", 4, 4),
    ("履职效果", "新一轮机构改革准备", 2, 2),
    ("履职效果", "推进重点领域体制改革", 4, 4),
    ("履职效果", "事业单位改革", 4, 4),
    ("履职效果", "综合行政执法改革", 4, 4),
    ("履职效果", "机构编制实名制管理", 4, 4),
    ("履职效果", "落实机构编制监督主体责任", 3, 3),
    ("履职效果", "开展机构编制违规问题整改", 4, 4),
    ("履职效果", "单位获奖情况", 4, 4),
    ("能力建设", "长效管理机制健全性", 2, 2),
    ("能力建设", "人员培训机制完备性", 2, 2),
    ("能力建设", "职工培训业务能力提升", 2, 2),
    ("能力建设", "职工对岗位的熟悉度（%）", 2, 2),
    ("能力建设", "档案管理完备性", 2, 2),
    ("服务对象满意度", "人民群众满意度", 5, 5),
    ("服务对象满意度", "事业单位满意度", 5, 5),
]


def indicators(rows=ZHENGNING_INDICATORS):
    return [
        {
            "scope": "department",
            "project_name": None,
            "table_kind": "self_eval",
            "level1_raw": l1,
            "level1": l1,
            "name": name,
            "weight": float(w),
            "score": float(s),
            "page": 1,
            "line": 124 + i,
        }
        for i, (l1, name, w, s) in enumerate(rows)
    ]


def score(dimension_raw, max_score, value, parent=None, line=1, grade=None, thresholds=None):
    return {
        "scope": "department",
        "project_name": None,
        "dimension_raw": dimension_raw,
        "dimension": "total" if dimension_raw in ("总分", "合计") else dimension_raw,
        "parent": parent,
        "max_score": None if max_score is None else float(max_score),
        "score": None if value is None else float(value),
        "grade": grade,
        "grade_raw": None,
        "thresholds_raw": thresholds,
        "page": 1,
        "line": line,
    }


ZHENGNING_SCORES = [score("合计", 100, 98, line=153), score("预算执行率", 10, 8, line=116)]


def test_zhengning_total_score_and_weights_do_not_add_up():
    found = audit_document({"scores": ZHENGNING_SCORES, "indicators": indicators()})
    pairs = {(f["check"], f["severity"], int(f["observed"]), int(f["expected"])) for f in found}
    assert ("score.sum", "error", 98, 95) in pairs
    assert ("score.weights", "error", 100, 97) in pairs
    msg = next(f["message"] for f in found if f["check"] == "score.sum")
    assert "98" in msg and "95" in msg


def test_zhengning_with_a_corrected_total_is_clean():
    fixed = [score("合计", 97, 95, line=153), score("预算执行率", 10, 8, line=116)]
    assert audit_document({"scores": fixed, "indicators": indicators()}) == []


def test_a_score_above_its_weight_is_an_error():
    rows = list(ZHENGNING_INDICATORS)
    rows[0] = ("部门管理", "基本支出预算执行率", 2, 3)
    found = audit_document({"indicators": indicators(rows)})
    assert [f["check"] for f in found] == ["score.exceeds_weight"]
    assert "基本支出预算执行率" in found[0]["message"]


XINGLONG = [
    score("投入", 15, 14, line=10),
    score("过程", 55, 55, line=11),
    score("产出", 15, 15, line=12),
    score("效果", 15, 15, line=13),
    score("总分", None, 99, line=14, grade="excellent"),
    score("目标设定", 5, 4, parent="投入"),
    score("预算配置", 10, 10, parent="投入"),
    score("预算执行", 27, 27, parent="过程"),
    score("预算管理", 18, 18, parent="过程"),
    score("资产管理", 8, 8, parent="过程"),
    score("预算绩效监控管理", 2, 2, parent="过程"),
    score("职责履行", 15, 15, parent="产出"),
    score("社会满意度", 5, 5, parent="效果"),
]


def test_xinglong_dimensions_add_up():
    assert audit_document({"scores": XINGLONG}) == []


def test_xinglong_with_one_dimension_changed_is_caught():
    rows = [dict(r) for r in XINGLONG]
    rows[1]["score"] = 54.0  # 过程 54: 14 + 54 + 15 + 15 = 98 ≠ 99, and 27 + 18 + 8 + 2 = 55 ≠ 54
    found = audit_document({"scores": rows})
    assert {f["check"] for f in found if f["severity"] == "error"} == {"score.sum"}
    assert len(found) == 2


def test_grade_against_printed_and_usual_thresholds():
    assert thresholds_from_text("得分≥85分为优秀，70-84分为良好，60-69分为合格") == [
        (Decimal(85), "excellent"),
        (Decimal(70), "good"),
        (Decimal(60), "fair"),
    ]
    assert (
        grade_of(Decimal("99.34"), thresholds_from_text(None) or [(Decimal(90), "excellent")]) == "excellent"
    )
    ok = [score("总分", 100, 99.34, grade="excellent")]
    assert audit_document({"scores": ok}) == []
    printed = [score("总分", 100, 86, grade="good", thresholds="得分≥85分为优秀，70-84分为良好")]
    found = audit_document({"scores": printed})
    assert [(f["check"], f["severity"]) for f in found] == [("score.grade", "error")]


def test_shijiazhuang_printed_thresholds():
    # 石家庄 2021 lines 668-670; 99.34 分 rated 优 (line 686-687) is right
    text = "得分≥85 分为优秀；75≤得分＜85分为良好；60≤得分＜75 分为一般；得分＜60 分为较差"
    assert thresholds_from_text(text) == [
        (Decimal(85), "excellent"),
        (Decimal(75), "good"),
        (Decimal(60), "fair"),
    ]
    assert audit_document({"scores": [score("总分", 100, 99.34, grade="excellent", thresholds=text)]}) == []
    assert thresholds_from_text("90分（含）以上为优，80-89分为良，60分以下为差") == [
        (Decimal(90), "excellent"),
        (Decimal(80), "good"),
    ]


def test_thresholds_printed_grade_first_or_in_a_list():
    assert thresholds_from_text("优：90分（含）以上；良：80-89分；中：60-79分；差：60分以下") == [
        (Decimal(90), "excellent"),
        (Decimal(80), "good"),
        (Decimal(60), "fair"),
    ]
    listed = "评价结果分为优秀（90分以上）、良好（80-90分）、合格（60-80分）、不合格（60分以下）"
    assert thresholds_from_text(listed) == [
        (Decimal(90), "excellent"),
        (Decimal(80), "good"),
        (Decimal(60), "fair"),
    ]
    assert grade_of(Decimal(55), thresholds_from_text(listed)) == "poor"


def test_project_indicators_and_budget_execution_add_to_the_project_total():
    # 东西湖 2021, 农民工保证金利息支出 自评表 (lines 3290-3433): 预算执行情况 20 of 20, indicator
    # scores 10 + 10 + 20 + 20 + 20 = 80, 总分 100. The indicator table's title names the project
    # with a suffix; it is still the same project.
    project = "农民工保证金利息支出"
    scores = [
        dict(score("预算执行情况", 20, 20, line=3300), scope="project", project_name=project),
        dict(score("总分", None, 100, line=3433), scope="project", project_name=project),
    ]
    inds = [
        dict(r, scope="project", project_name=f"{project}项目绩效自评表", weight=None)
        for r in indicators(
            [
                ("产出指标", "退还民工工资保证金", 0, 10),
                ("产出指标", "退还民工工资保证金户数", 0, 10),
                ("产出指标", "年度任务完成时间", 0, 20),
                ("效益指标", "维护农民工合法权益", 0, 20),
                ("满意度指标", "服务对象满意度指标", 0, 20),
            ]
        )
    ]
    assert audit_document({"scores": scores, "indicators": inds}) == []
    inds[0]["score"] = 9.0
    found = audit_document({"scores": scores, "indicators": inds})
    assert [(f["check"], f["observed"], f["expected"]) for f in found] == [
        ("score.sum", Decimal(100), Decimal(99))
    ]
