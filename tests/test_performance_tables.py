"""Performance tables read through the table model: real files of corpus-wild (counts computed
from the page with pdfplumber, independently of the reader) and generated tables."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex as re

from caizheng.extract.model import Cell, Document, Page, Table
from caizheng.parsers.performance import document_to_indicators
from caizheng.parsers.performance.grid import document_to_perf_tables
from caizheng.parsers.performance.packed import packed_to_indicators
from caizheng.parsers.performance.template import header_to_role, title_to_perf_table
from caizheng.parsers.tables.model import INDICATOR, PROJECT, UNIT

WILD = Path(__file__).resolve().parents[2] / "shared" / "corpus-wild"
GUANGZHOU = (
    WILD / "calinchow-del__guangzhou-ecology-environment-bureau-2026-project-performance-targets-140p.pdf"
)
FORM = (
    WILD / "calinchow-del__guangzhou-gov-services-data-bureau-2026-dept-overall-performance-target-form.pdf"
)
SAMPLED = (1, 2, 50, 97, 140)


def _pages(path: Path, numbers) -> Document:
    """A document of some pages of a PDF, read as the pipeline reads them."""
    import pdfplumber

    from caizheng.extract.pdf import PdfSettings, page_to_page

    with pdfplumber.open(path) as pdf:
        pages = tuple(page_to_page(pdf.pages[n - 1], n, PdfSettings()) for n in numbers)
    return Document(str(path), "0" * 64, "pdf", pages)


def _printed_counts(path: Path, n: int) -> tuple[int, int]:
    """(indicators, projects) on page n, from pdfplumber alone: each indicator prints one
    年度指标值 in the 绩效指标 column; each project row prints its 绩效目标."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[n - 1]
        table = page.find_tables()[0]
        header = table.rows[0].cells
        x0, x1 = header[-1][0], header[-1][2]  # the 绩效指标 column
        column = page.crop((x0, table.bbox[1], x1, table.bbox[3])).extract_text() or ""
        projects = sum(1 for row in table.extract()[1:] if (row[-2] or "").strip())
    return len(re.findall("年度指标值", re.sub(r"\s+", "", column))), projects


@pytest.mark.corpus
@pytest.mark.skipif(not GUANGZHOU.exists(), reason="needs ../shared/corpus-wild")
def test_many_projects_under_unit_subtotals_keep_project_and_unit():
    doc = _pages(GUANGZHOU, SAMPLED)
    rows = document_to_indicators(doc)
    for n in SAMPLED:
        indicators, projects = _printed_counts(GUANGZHOU, n)
        on_page = [r for r in rows if r.page == n]
        assert len(on_page) == indicators, n
        assert len({r.project_name for r in on_page}) == projects, n
    assert all(r.project_name and r.unit_name and r.level1 and r.level2 for r in rows)
    assert {r.table_code for r in rows} == {"perf.project_targets"}
    # the pages after the first continue its table: one logical table, units carried across pages
    (table,) = document_to_perf_tables(doc)
    assert (table.page, table.page_end) == (1, 140)
    assert {r.kind for r in table.rows} >= {UNIT, PROJECT, INDICATOR}


@pytest.mark.corpus
@pytest.mark.skipif(not GUANGZHOU.exists(), reason="needs ../shared/corpus-wild")
def test_unit_subtotal_is_the_sum_of_its_projects():
    """The structure the reader gives (unit → projects) is the one the figures confirm."""
    (table,) = document_to_perf_tables(_pages(GUANGZHOU, (1,)))
    total = lambda row: next(v.amount for v in row.values if v.measure == "total")  # noqa: E731
    units = [r for r in table.rows if r.kind == UNIT]
    assert units
    for unit in units[:-1]:  # the last unit may go on past this page
        projects = [r for r in table.rows if r.kind == PROJECT and r.parent == unit.index]
        assert projects and sum(total(p) for p in projects) == total(unit)


@pytest.mark.corpus
@pytest.mark.skipif(not FORM.exists(), reason="needs ../shared/corpus-wild")
def test_department_form_reads_every_third_level_indicator():
    import pdfplumber

    with pdfplumber.open(FORM) as pdf:
        printed = 0
        for table in pdf.pages[1].extract_tables():
            header = next(i for i, row in enumerate(table) if any("三级指标" in (c or "") for c in row))
            col = next(i for i, c in enumerate(table[header]) if "三级指标" in (c or ""))
            printed += sum(1 for row in table[header + 1 :] if (row[col] or "").strip())
    rows = document_to_indicators(_pages(FORM, (1, 2)))
    assert len(rows) == printed > 0
    assert all(r.scope == "department" and r.table_code == "perf.department_targets" for r in rows)
    assert all(r.target_raw for r in rows)


# ---- generated tables ------------------------------------------------------------------

LEVELS = {
    "1": ("产出指标", {"11": "数量指标", "12": "质量指标", "13": "时效指标"}),
    "2": ("效益指标", {"22": "社会效益"}),
    "3": ("满意度指标", {"31": "服务对象满意度"}),
    "4": ("成本指标", {"41": "经济成本指标"}),
}


def _packed(rng: random.Random, n: int) -> tuple[str, list[tuple[str, str, str, str]]]:
    items, expected = [], []
    for k in range(n):
        c1 = rng.choice(sorted(LEVELS))
        l1, seconds = LEVELS[c1]
        c2 = rng.choice(sorted(seconds))
        name = rng.choice(["验收合格率", "资金支付及时率（%）", "形成《报告》数量", "投诉办结率"]) + str(k)
        value = rng.choice(["100%", "≥90%", "≤ 100%", "是", "1份", "考察是否符合规范，合规得满分"])
        end = rng.choice([";", "；"])
        items.append(
            f"{rng.randint(1, 3)}{rng.choice('、.')}{c1}－{l1}，{c2}－{seconds[c2]}，{name}；实施周期指标值：{value}，年度指标值：{value}{end}"
        )
        expected.append((l1, seconds[c2], name, value.replace(" ", "")))
    return "".join(items), expected


def _cells(texts, page, top):
    return tuple(
        Cell(t, page, None, (50.0 + 100 * i, top, 150.0 + 100 * i, top + 10)) for i, t in enumerate(texts)
    )


@pytest.mark.parametrize("seed", range(12))
def test_generated_many_projects_layout_reads_back(seed):
    """Units with projects under them, over several pages with the header repeated; every
    indicator comes back with its levels, name, target, project and unit."""
    rng = random.Random(seed)
    header = ("项目名称（资金使用单位）", "总计：", "财政拨款", "其他资金", "绩效目标", "绩效指标")
    expected, body = [], [("合计：", "1.00", "1.00", "", "", "")]
    for u in range(rng.randint(1, 4)):
        unit = f"广州市某单位{u}"
        body.append((unit, "1.00", "1.00", "", "", ""))
        for p in range(rng.randint(1, 5)):
            project = f"项目{u}-{p}经费"
            text, items = _packed(rng, rng.randint(1, 6))
            body.append((project, "0.50", "0.50", "", "保障工作正常开展。", text))
            expected += [(unit, project, *item) for item in items]
    pages, per_page = [], rng.randint(2, 5)
    for k in range(0, len(body), per_page):
        n = len(pages) + 1
        rows = [_cells(header, n, 80)] + [
            _cells(r, n, 100 + 20 * i) for i, r in enumerate(body[k : k + per_page])
        ]
        table = Table(tuple(rows), n, "pdf-lines", (50.0, 80.0, 650.0, 700.0), 3)
        pages.append(Page(n, (), (table,)))
    rows = document_to_indicators(Document("gen.pdf", "0" * 64, "pdf", tuple(pages)))
    got = [(r.unit_name, r.project_name, r.level1_raw, r.level2_raw, r.name, r.target_raw) for r in rows]
    assert got == expected


def test_packed_items_split_on_level_codes_not_on_their_ordinals():
    text = "1.1－产出指标，11－数量指标，聘用人员数量；实施周期指标值：2人，年度指标值：2人；1、4－成本指标，41－经济成本指标，成本支出率（%）；实施周期指标值：≤100%，年度指标值：7、2－效益指标，22－社会效益，地块达到管控要求。实施周期指标值：符合要求。年度指标值：符合要求。"
    got = [(i.code1, i.code2, i.name, i.target) for i in packed_to_indicators(text)]
    assert got == [
        ("1", "11", "聘用人员数量", "2人"),
        ("4", "41", "成本支出率（%）", None),
        ("2", "22", "地块达到管控要求", "符合要求"),
    ]


def test_a_packed_name_listing_with_semicolons_runs_to_its_values():
    """`系统维护；数据整合、对接；实施周期指标值：…`: the name ends at the mark before its values."""
    text = "3、1－产出指标，12－质量指标，系统维护；数据整合、对接；实施周期指标值：提供运行保障。年度指标值：提供运行保障。4、1－产出指标，13－时效指标，更新时效率；年度指标值：＞95％"
    got = [(i.code2, i.name, i.target, i.period_target) for i in packed_to_indicators(text)]
    assert got == [
        ("12", "系统维护；数据整合、对接", "提供运行保障", "提供运行保障"),
        ("13", "更新时效率", "＞95％", None),
    ]


def test_template_roles_and_titles():
    assert header_to_role("项目名称（资金使用单位）") == "project"
    assert header_to_role("指标值类型") == "op"  # not the 指标值 it contains
    assert header_to_role("实施周期指标值") == "period_target"
    assert header_to_role("年度指标值") == "target"
    assert title_to_perf_table("2026年部门整体预算绩效目标申报表").code == "perf.department_targets"
    assert title_to_perf_table("2021年度项目支出绩效自评表").kind == "self_eval"
    assert title_to_perf_table("收入支出决算总表") is None


@pytest.mark.parametrize(
    "title, project",
    [
        ("公安办案业务经费项目绩效目标表", "公安办案业务经费"),
        ("泉州市社会治理现代化智慧调度指挥中心项目绩效目 标表", "泉州市社会治理现代化智慧调度指挥中心"),
        ("2026年项目支出绩效目标表（含转移支付项目）", None),  # the table's kind, not a project
        ("东莞市科学技术局项目支出绩效目标表", None),
        ("2026年项目绩效目标表", None),
        ("项目绩效目标表", None),
        ("部门整体支出绩效目标表", None),
    ],
)
def test_a_project_title_names_its_project(title, project):
    from caizheng.parsers.performance.grid import title_project

    assert title_project(title) == project


QUANZHOU = WILD / "calinchow-del__quanzhou-public-security-bureau-2026-unit-budget.pdf"
DONGGUAN = WILD / "chenfei2008c__dongguan-guangdong-2026-city-budget.pdf"


@pytest.mark.corpus
@pytest.mark.skipif(not QUANZHOU.exists(), reason="needs ../shared/corpus-wild")
def test_project_tables_named_only_in_their_titles():
    """泉州 prints each project's name in its table's title alone (p29's title wraps over two
    lines); every indicator is its page's project's, none the department's."""
    rows = document_to_indicators(_pages(QUANZHOU, [28, 29]))
    assert {(r.page, r.scope, r.project_name) for r in rows} == {
        (28, "project", "公安办案业务经费"),
        (29, "project", "泉州市社会治理现代化智慧调度指挥中心"),
    }
    assert [r.name for r in rows if r.page == 28][:2] == ["成本使用率", "总体刑事案件破案率"]


@pytest.mark.corpus
@pytest.mark.skipif(not DONGGUAN.exists(), reason="needs ../shared/corpus-wild")
def test_a_project_continued_on_a_page_whose_header_leaves_its_label_blank():
    """东莞 p169 heads its indicators `绩效指标 | 一级指标 | …`; p170 repeats the header with the
    `绩效指标` cell blank: the same table, so p170's rows are still 成果转化专项's."""
    rows = document_to_indicators(_pages(DONGGUAN, [169, 170]))
    assert {r.project_name for r in rows} == {"成果转化专项"}
    assert [r.name for r in rows if r.page == 170][:2] == ["邀请人才参与率", "任务完成质量"]


def _md_indicators(rows: list[list[str]]) -> list:
    from caizheng.extract.text import read_text

    html = (
        "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
    )
    return document_to_indicators(read_text("t.md", data=f"项目支出绩效目标表\n{html}\n".encode()))


def test_an_indicator_framework_without_values_is_no_indicator_table():
    """一级 | 二级 | 三级 | 指标解释 | 评价要点 is a framework (a regulation's annex): its rows
    name indicators but print no target, value, weight or score, so they are not indicators;
    the same rows under a 指标值 column are."""
    header = ["一级指标", "二级指标", "三级指标", "指标解释", "评价要点"]
    body = [["产出指标", "数量指标", "培训人次", "反映培训的人次", "是否达到计划"]]
    assert _md_indicators([header, *body]) == []
    got = _md_indicators([[*header[:3], "指标值"], [*body[0][:3], "≥300人次"]])
    assert [(i.level1, i.level2, i.name, i.target_raw) for i in got] == [
        ("产出指标", "数量指标", "培训人次", "≥300人次")
    ]


def test_a_blank_forms_placeholder_lines_are_no_indicators():
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "指标1：", ""],
        ["产出指标", "数量指标", "指标2：……", "……"],
        ["产出指标", "质量指标", "验收合格率", "100%"],
        ["效益指标", "社会效益指标", "培训覆盖面", "指标1："],
    ]
    got = _md_indicators(rows)
    assert [(i.name, i.target_raw) for i in got] == [("验收合格率", "100%")]
