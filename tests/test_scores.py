"""Scores read from the real reports: totals, grades, dimensions and project totals,
checked against what the documents print (and against each other: dimension scores
add up to the total)."""

from __future__ import annotations

import pytest

from caizheng.parsers.scores import document_to_scores
from caizheng.parsers.scores.prose import clause_to_project, describes_scale
from caizheng.parsers.scores.tables import header_to_rate_order, tokens_to_rate_scores
from caizheng.parsers.scores.text import line_to_scope_change
from caizheng.parsers.scores.vocab import grade_raw_to_grade, name_to_dimension_raw, repair_truncated_name

from .conftest import DONGXIHU, NANGONG, SHIJIAZHUANG, XINGLONG, ZHENGNING, corpus_pdf


@pytest.fixture(scope="module")
def scores(document_cache):
    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = document_to_scores(document_cache(path))
        return cache[path]

    return get


def _one(rows, **want):
    found = [r for r in rows if all(getattr(r, k) == v for k, v in want.items())]
    assert len(found) == 1, (want, found)
    return found[0]


@pytest.mark.parametrize(
    "raw, grade",
    [
        ("优", "excellent"),
        ("优秀", "excellent"),
        ("良好", "good"),
        ("良", "good"),
        ("一般", "fair"),
        ("中", "fair"),
        ("较差", "poor"),
        ("差", "poor"),
        ("“优”", "excellent"),
        ("合格", "fair"),
        ("不合格", "poor"),
        ("满意", None),
        (None, None),
    ],
)
def test_grade_words_normalize(raw, grade):
    assert grade_raw_to_grade(raw) == grade


def test_dimension_names_lose_numbering_and_filler():
    assert name_to_dimension_raw("（一）投入绩效情况分析") == "投入"
    assert name_to_dimension_raw("（三）产出绩效情况分析") == "产出"
    assert name_to_dimension_raw("效果指标") == "效果"


def test_truncated_name_is_completed_only_when_unambiguous():
    assert repair_truncated_name("资产管") == "资产管理"
    assert repair_truncated_name("预算执") == "预算执"  # 预算执行, 预算执行情况, 预算执行率 all fit
    assert repair_truncated_name("预算") == "预算"  # too short to guess
    assert repair_truncated_name("培训经费") == "培训经费"


def test_scope_changes_on_titles_and_project_name_rows():
    assert line_to_scope_change("项目名称 农民工保证金利息支出 ").project_name == "农民工保证金利息支出"
    title = line_to_scope_change("（一）2021 年度农民工保证金利息支出项目绩效自评表 ")
    assert (title.scope, title.project_name) == ("project", "农民工保证金利息支出")
    assert line_to_scope_change("2021 年度区人社局整体绩效自评表 ").scope == "department"
    assert line_to_scope_change("项目支出绩效自评表").project_name is None
    assert line_to_scope_change("较好地完成了年初确定的各项工作任务，为建设项目") is None


def test_shijiazhuang_total_from_a_wrapped_sentence(scores):
    # 我部门 2021 年度部门整体绩效自评得分 99.34 分，评价等 / 级为“优”。
    total = _one(scores(SHIJIAZHUANG), dimension="total")
    assert (total.score, total.grade_raw, total.grade) == (99.34, "优", "excellent")
    assert (total.scope, total.source, total.line) == ("department", "prose", 686)
    assert total.max_score == 100  # 满分 100 分, stated in the same section
    assert total.thresholds_raw.startswith("得分≥85 分为优秀")
    assert total.thresholds_raw.endswith("分为较差")


def test_xinglong_dimensions_and_their_parts(scores):
    rows = scores(XINGLONG)
    top = [r for r in rows if r.dimension != "total" and r.parent is None]
    assert [(r.dimension_raw, r.max_score, r.score) for r in top] == [
        ("投入", 15, 14),
        ("过程", 55, 55),
        ("产出", 15, 15),
        ("效果", 15, 15),
    ]
    total = _one(rows, dimension="total")
    assert (total.score, total.grade) == (99, "excellent")
    assert sum(r.score for r in top) == total.score
    assert sum(r.max_score for r in top) == 100
    for parent in top:
        kids = [r for r in rows if r.parent == parent.dimension_raw]
        assert kids, parent.dimension_raw
        assert sum(k.max_score for k in kids) == parent.max_score
        assert sum(k.score for k in kids) == parent.score
    target = _one(rows, dimension_raw="目标设定")
    assert (target.parent, target.max_score, target.score) == ("投入", 5, 4)
    # printed `二级指标资产管 8 分`: the template name is 资产管理
    assets = _one(rows, dimension_raw="资产管理")
    assert (assets.parent, assets.max_score, assets.score, assets.line) == ("过程", 8, 8, 141)


def test_zhengning_table_total_and_budget_execution(scores):
    rows = scores(ZHENGNING)
    total = _one(rows, dimension="total")
    assert (total.max_score, total.score, total.source, total.line) == (100, 98, "table", 152)
    rate = _one(rows, dimension_raw="预算执行率")
    # 全年支出 … 141% 10 8
    assert (rate.max_score, rate.score, rate.line) == (10, 8, 117)
    assert len(rows) == 2


def test_dongxihu_department_and_project_totals(scores):
    rows = scores(DONGXIHU)
    dept = [r for r in rows if r.scope == "department"]
    assert {(r.dimension_raw, r.max_score, r.score) for r in dept} == {
        ("预算执行情况", 20, 18),
        ("总分", None, 98),
    }
    # 3796.75 3401.9 89.60% 18: the score is 20 分 × 执行率, rounded
    execution = _one(dept, dimension_raw="预算执行情况")
    assert round(20 * 0.896) == execution.score
    project = [r for r in rows if r.scope == "project" and r.project_name == "农民工保证金利息支出"]
    assert {(r.dimension_raw, r.score) for r in project} == {("预算执行情况", 20), ("总分", 100)}
    # the appendix prints one 自评表 for the department and one per project, each with a 总分
    text = open(DONGXIHU, encoding="utf-8").read()
    totals = [r for r in rows if r.dimension == "total"]
    assert len(totals) == text.count("\n总分 ")
    names = {r.project_name for r in rows if r.scope == "project"}
    assert len(names) == len(totals) - 1
    # a name wrapped under 项目名称 is joined
    assert any(n.startswith("行政事业单位改革") and n.endswith("(非税3万)") for n in names)
    for r in rows:
        assert r.score <= (r.max_score or 100)


def test_a_budget_has_no_scores(scores):
    assert scores(NANGONG) == []


def test_rate_row_read_by_its_header_order(document_cache):
    # 正宁's 自评表 as text: `… 执行率 分值 得分` over `全年支出 … 141% 10 8`
    lines = [line.text for line in document_cache(ZHENGNING).pages[0].lines]
    header = next(t for t in lines if "执行率" in t and "得分" in t)
    row = next(t for t in lines if t.split("\t")[1:2] == ["全年支出"])
    assert header_to_rate_order(header.replace("\t", " ")) == "rate_first"
    assert tokens_to_rate_scores(row.split(), "rate_first") == (10, 8)
    # the central template puts 分值 before 执行率: `全年执行数 分值 执行率 得分`
    assert header_to_rate_order("年初预算数 全年预算数 全年执行数 分值 执行率 得分") == "max_first"
    assert tokens_to_rate_scores("年度资金总额 100 100 95 10 95% 9.5".split(), "max_first") == (10, 9.5)


def test_a_score_sentence_names_its_project_or_not():
    # 兴隆: 综上所述，我部门 2024 年度部门整体支出绩效自评得分 99 分 — the department's
    assert clause_to_project("综上所述，我部门 2024 年度部门整体支出绩效自评") == (False, None)
    assert clause_to_project("经评价，农民工保证金利息支出项目自评") == (True, "农民工保证金利息支出")
    assert clause_to_project("我局2021年度“就业补助资金”项目") == (True, "就业补助资金")
    assert clause_to_project("绩效自评的2024年度项目39个，涉及预算金额4415.48万元，") == (False, None)
    assert clause_to_project("农民工保证金利息支出项目，自评") == (True, "农民工保证金利息支出")
    assert clause_to_project("我局共实施项目12个，自评") == (False, None)  # the bureau's score
    assert clause_to_project("共实施项目12个，项目平均") == (True, None)


def test_putuo_average_over_its_self_evaluated_projects(document_cache):
    # 绩效自评的2024年度项目39个，涉 / 及预算金额4415.48万元，平均得分99.33分
    rows = document_to_scores(document_cache(corpus_pdf("putuo-planning-2024-final-accounts.pdf")))
    assert [(r.scope, r.project_name, r.dimension, r.score, r.page) for r in rows] == [
        ("project", "39个项目", "average", 99.33, 27)
    ]


REPORT_WITH_SUBHEADINGS = """部门整体支出绩效自评报告

（一）投入指标（20分）
1.目标设定（5分），得分5分。
2.预算配置（15分）
人员经费按标准编制，公用经费偏高，
得分13分。
投入指标得分18分。
（二）过程指标（30分）
资金管理规范。过程指标得分30分。
三、评价结论
经评价，评价等级为“良”，自评得分 88 分。
"""

CENTRAL_PROJECT_TABLE = """项目支出绩效自评表
项目名称 就业补助资金
年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 100 100 95 10 95% 9.5
总分 100 92.5
评价等级 优
"""


def _read_text(tmp_path, name, text):
    from caizheng.extract import read_document

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return document_to_scores(read_document(path))


def test_subheadings_numbered_in_another_style_are_parts(tmp_path):
    rows = _read_text(tmp_path, "report.txt", REPORT_WITH_SUBHEADINGS)
    got = {(r.dimension_raw, r.parent, r.max_score, r.score) for r in rows if r.dimension != "total"}
    assert got == {
        ("投入", None, 20, 18),
        ("目标设定", "投入", 5, 5),
        ("预算配置", "投入", 15, 13),
        ("过程", None, 30, 30),
    }
    total = _one(rows, dimension="total")
    assert (total.score, total.grade_raw, total.grade) == (88, "良", "good")


def test_central_project_table_as_text_lines(tmp_path):
    rows = _read_text(tmp_path, "project.txt", CENTRAL_PROJECT_TABLE)
    assert {(r.scope, r.project_name, r.dimension_raw, r.max_score, r.score, r.grade) for r in rows} == {
        ("project", "就业补助资金", "预算执行率", 10, 9.5, None),
        ("project", "就业补助资金", "总分", 100, 92.5, "excellent"),
    }


def test_dimension_rows_of_a_score_table_as_text_lines(tmp_path):
    text = "评分表\n一级指标 分值 得分\n投入 20 18\n过程 20 20\n产出指标 40 36\n效益 20 19\n合计 100 93\n"
    rows = _read_text(tmp_path, "scoresheet.txt", text)
    top = [(r.dimension_raw, r.max_score, r.score) for r in rows if r.dimension != "total"]
    assert top == [("投入", 20, 18), ("过程", 20, 20), ("产出", 40, 36), ("效益", 20, 19)]
    total = _one(rows, dimension="total")
    assert (total.max_score, total.score) == (sum(t[1] for t in top), sum(t[2] for t in top))


def test_a_stated_scale_is_not_a_score():
    text = "评价采取百分制，总分100分，其中投入20分"
    start = text.index("总分")
    assert describes_scale(text, start, start + len("总分100分"))
    text = "年度考核总分90分以上"
    start = text.index("总分")
    assert describes_scale(text, start, start + len("总分90分"))
    text = "我局2021年度自评总分98分。"
    start = text.index("自评总分")
    assert not describes_scale(text, start, start + len("自评总分98分"))


PROJECT_REPORT = """2021年度就业补助资金项目支出绩效自评报告
一、项目基本情况
二级指标资金到位率，我单位资金到位率100%，自评得分5分。
三、评价结论
经自评，该项目自评得分为 95 分。评价结论为“优秀”。
评价标准：90分（含）以上为优、80分（含）-90分为良、60分（含）-80分为中、60分以下为差。
"""


def test_a_project_report_scores_its_project(tmp_path):
    rows = _read_text(tmp_path, "project-report.txt", PROJECT_REPORT)
    assert [(r.scope, r.project_name, r.dimension, r.score) for r in rows] == [
        ("project", "就业补助资金", "total", 95)
    ]
    assert rows[0].thresholds_raw.startswith("90分（含）以上为优")


def test_zhengning_rows_read_from_text_lines_alone(document_cache):
    # the same 自评表 when no table was detected: its tab-separated lines still give
    # `合计 … 100 98` and `全年支出 … 141% 10 8`
    from caizheng.parsers.scores.tables import lines_to_scores
    from caizheng.parsers.scores.text import document_to_flat, flat_to_scopes

    flat = document_to_flat(document_cache(ZHENGNING))
    rows = lines_to_scores(flat, flat_to_scopes(flat))
    assert {(r.dimension_raw, r.max_score, r.score, r.line) for r in rows} == {
        ("总分", 100, 98, 152),
        ("预算执行率", 10, 8, 117),
    }


def test_thresholds_printed_grade_first(tmp_path):
    text = "绩效自评报告\n评价等级标准：优：90分（含）以上；良：80-89分；中：60-79分；差：60分以下。\n经自评，我单位整体支出自评得分为92分，评价等级为优。\n"
    total = _one(_read_text(tmp_path, "grade-first.txt", text), dimension="total")
    assert (total.score, total.grade) == (92, "excellent")
    assert total.thresholds_raw == "优：90分（含）以上；良：80-89分；中：60-79分；差：60分以下"


def test_a_detected_table_takes_the_scope_of_the_lines_above_it():
    # a PDF's 项目支出绩效自评表: the 项目名称 line sets the scope; grid rows whose page
    # lines came out blank (not kept in the flat text) map to the nearest line above
    from caizheng.extract.model import Cell, Document, Line, Page, Table

    texts = ["项目支出绩效自评表", "项目名称 社保经办机构", "", "", ""]
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    grid = [["", "", ""], ["一级指标", "分值", "得分"], ["合计", "100", "96"]]
    rows = tuple(tuple(Cell(t, 1, 3 + r) for t in row) for r, row in enumerate(grid))
    doc = Document("x.pdf", "0" * 64, "pdf", (Page(1, lines, (Table(rows, 1, "pdf-lines", first_line=3),)),))
    found = document_to_scores(doc)
    assert [(r.scope, r.project_name, r.dimension, r.max_score, r.score, r.source) for r in found] == [
        ("project", "社保经办机构", "total", 100, 96, "table")
    ]


def test_a_threshold_sentence_gives_no_total(tmp_path):
    text = "部门整体支出绩效自评报告\n综合评价得分90分以上为优秀，80分（含）至90分为良好。\n"
    rows = _read_text(tmp_path, "thresholds-only.txt", text)
    assert rows == []
