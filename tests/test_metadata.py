"""Report kinds and metadata: on real wild reports (one or more per kind) and on
generated title pages (a name with each suffix, the year printed on its own line, in
Chinese numerals or letter-spaced), so no test passes by remembering a document."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caizheng.extract.model import Document, Line, Page
from caizheng.normalize.regions import divisions, resolve_document
from caizheng.parsers.document_info import document_to_info
from caizheng.parsers.metadata.years import arabic_years, title_years

from .conftest import ROOT

WILD = ROOT.parent / "shared" / "corpus-wild"


def wild(name: str):
    path = WILD / name
    if not path.exists():
        pytest.skip(f"needs ../shared/corpus-wild/{name} (the PDFs are not committed)")
    return path


def read_info(doc: Document):
    info = document_to_info(doc)
    org, region = resolve_document(info, doc.text[:50_000])
    return replace(info, org_name=org), region


WILD_REPORTS = [
    # file, kind, fiscal year, org, admin_code, admin_level
    ("calinchow-del__chongqing-cpc-publicity-dept-2026-dept-budget.pdf", "budget", 2026, "中共重庆市委宣传部",
     "500000", "province"),
    # the year printed on its own line, after the name: 重庆市商务委员会年部门预算情况说明 / 2026
    ("calinchow-del__chongqing-commerce-commission-2026-dept-budget-odd-text-layer.pdf", "budget", 2026,
     "重庆市商务委员会", "500000", "province"),
    ("calinchow-del__national-public-complaints-admin-2026-dept-budget.pdf", "budget", 2026, "国家信访局",
     None, "central"),
    ("calinchow-del__changsha-vocational-education-base-office-2026-dept-budget.pdf", "budget", 2026,
     "长沙职业教育基地综合协调办公室", "430100", "prefecture"),
    ("dma-f2e9b724-28_swu_2024_final_accounts__download.jsp.pdf", "final_accounts", 2024, "西南大学", None,
     "central"),
    ("calinchow-del__guangzhou-gov-services-data-bureau-2026-dept-overall-performance-target-form.pdf",
     "performance_targets", 2026, "广州市政务服务和数据管理局", "440100", "prefecture"),
    # 2025年预算执行情况和2026年预算草案: filed under the draft budget's year
    ("chenfei2008c__xuancheng-anhui-2025-budget-report.pdf", "government_budget", 2026, "宣城市人民政府", "341800",
     "prefecture"),
    ("chenfei2008c__diqing-yunnan-2025-budget-report.pdf", "government_budget", 2026, "迪庆藏族自治州人民政府",
     "533400", "prefecture"),
    ("chenfei2008c__wuhan-hubei-2025-general-revenue-execution-table.pdf", "government_budget", 2025,
     "武汉市人民政府", "420100", "prefecture"),
    ("chenfei2008c__xuancheng-anhui-2024-debt-final-accounts-tables.pdf", "government_final_accounts", 2024,
     "宣城市人民政府", "341800", "prefecture"),
    # 2019年全市及市本级决算草案的说明 names no region: its counties name 平顶山市
    ("chenfei2008c__pingdingshan-2019-final-accounts-explanation.pdf", "government_final_accounts", 2019,
     "平顶山市人民政府", "410400", "prefecture"),
    ("calinchow-del__huizhou-gov-gazette-civil-affairs-2026-doubled-text-NEG.pdf", "unknown", 2026, "惠州市民政局",
     "441300", "prefecture"),
    ("dma-25a4fc6c-08_contract_legal_review_notice.pdf", "unknown", None, None, None, None),
    ("zxj6827111-blip__KIROGOVCOMPARE__hongze-district-gov-info-disclosure-annual-report-2024.pdf", "unknown",
     2024, "淮安市洪泽区人民政府", "320813", "county"),
]  # fmt: skip


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name, kind, year, org, code, level", WILD_REPORTS, ids=[r[0][:48] for r in WILD_REPORTS]
)
def test_wild_reports(document_cache, name, kind, year, org, code, level):
    info, region = read_info(document_cache(wild(name)))
    assert (info.report_kind, info.fiscal_year, info.org_name) == (kind, year, org)
    assert (region.admin_code, region.admin_level) == (code, level)
    assert 0 < info.report_kind_confidence <= 1


# ---- generated title pages ---------------------------------------------------

SUFFIXES = ["局", "厅", "委", "委员会", "办公室", "办事处", "中心", "院", "所", "站", "馆", "学校", "部"]
CORES = ["社会工作", "政务服务和数据管理", "生态环境", "人力资源和社会保障", "交通运输", "市场监督管理",
         "住房和城乡建设", "文化广电和旅游", "机关事务管理", "档案", "统计", "医疗保障", "应急管理", "水利"]  # fmt: skip
CN = "〇一二三四五六七八九"


def _cities() -> list:
    names: dict[str, int] = {}
    for d in divisions().values():
        names[d.name] = names.get(d.name, 0) + 1
    return sorted(
        (
            d
            for d in divisions().values()
            if d.level == "prefecture" and d.name.endswith("市") and names[d.name] == 1
        ),
        key=lambda d: d.code,
    )


CITIES = _cities()


def page(*lines: str) -> Document:
    return Document(
        path="generated.txt",
        sha256="0" * 64,
        format="txt",
        pages=(Page(1, tuple(Line(t, 1, i + 1) for i, t in enumerate(lines))),),
    )


def year_forms(year: int):
    """The ways a cover prints a year: 2024年, 二〇二四年, 2 0 2 4 年."""
    return st.sampled_from(
        [f"{year}年", "".join(CN[int(c)] for c in str(year)) + "年", " ".join(str(year)) + " 年"]
    )


@st.composite
def departments(draw):
    city = draw(st.sampled_from(CITIES))
    core, suffix = draw(st.sampled_from(CORES)), draw(st.sampled_from(SUFFIXES))
    party = draw(st.booleans())
    # a party department after 区委/市委 must not be cut there: 中共宜昌市委社会工作部
    name = f"中共{city.name}委{core}部" if party else f"{city.name}{core}{suffix}"
    return name, city


DEPT_BODY = [
    "第一部分 部门概况",
    "一、主要职责",
    "本部门主要职责是贯彻执行有关方针政策，负责本地区相关工作，承担机构设置范围内的各项任务。",
    "二、机构设置",
]


def dept_tables(year: int | None, word: str) -> list[str]:
    y = f"{year}年" if year else ""  # without a year, the title alone must give it
    return [f"{y}部门收支总表", f"{y}部门收入总表", f"{y}财政拨款收支总表", f"{y}“三公”经费支出{word}表"]


@settings(max_examples=60, deadline=None)
@given(departments(), st.integers(2015, 2030), st.data())
def test_department_title_layouts(dept, year, data):
    name, city = dept
    kind, word = data.draw(st.sampled_from([("budget", "部门预算"), ("final_accounts", "部门决算")]))
    printed = data.draw(year_forms(year))
    layout = data.draw(st.sampled_from(["same_line", "year_first", "year_own_line", "year_after"]))
    cover = {
        "same_line": [f"{name}{printed}{word}"],
        "year_first": [f"{printed}{name}", word],
        "year_own_line": [f"{name}年度{word}", str(year)],  # 杭州市交通运输局 / 年度部门预算 / 2026
        "year_after": [name, f"{printed}度{word}"],
    }[layout]
    published = f"{year + 1}年3月" if kind == "final_accounts" else f"{year}年2月"
    table_word = "预算" if kind == "budget" else "决算"
    tables = dept_tables(year if data.draw(st.booleans()) else None, table_word)
    doc = page(*cover, published, "目录", *DEPT_BODY, *tables)
    info, region = read_info(doc)
    assert (info.report_kind, info.fiscal_year, info.org_name) == (kind, year, name)
    assert region.admin_code == city.code


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CITIES), st.integers(2015, 2030), st.data())
def test_government_budget_is_filed_under_the_draft_budgets_year(city, year, data):
    printed = data.draw(year_forms(year))
    doc = page(
        f"关于{city.name}{printed}预算执行情况和",
        f"{year + 1}年预算草案的报告",
        f"——{year + 1}年1月10日在{city.name}人民代表大会会议上",
        "各位代表：",
        f"{year}年全市一般公共预算收入完成情况，其中税收收入增长，非税收入下降，上级补助收入增加。",
    )
    info, region = read_info(doc)
    assert (info.report_kind, info.fiscal_year) == ("government_budget", year + 1)
    assert (info.org_name, region.admin_code) == (f"{city.name}人民政府", city.code)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(CITIES), st.integers(2015, 2030), st.sampled_from(["总决算", "决算草案的报告"]))
def test_government_final_accounts(city, year, title):
    doc = page(f"{year}年{city.name}全市及市本级{title}", f"{city.name}财政局", f"{year + 1}年7月")
    info, region = read_info(doc)
    assert (info.report_kind, info.fiscal_year, info.org_name) == (
        "government_final_accounts",
        year,
        f"{city.name}人民政府",
    )


@settings(max_examples=30, deadline=None)
@given(departments(), st.integers(2015, 2030), st.data())
def test_performance_kinds(dept, year, data):
    name, _ = dept
    kind, title = data.draw(
        st.sampled_from(
            [
                ("performance_targets", "项目支出绩效目标表"),
                ("performance_targets", "部门整体预算绩效目标申报表"),
                ("performance_self_evaluation", "度部门整体支出绩效自评报告"),
                ("performance_evaluation", "度重点项目绩效评价报告"),
            ]
        )
    )
    doc = page(f"{name}{year}年{title}", "一级指标 二级指标 三级指标 指标值")
    info, _ = read_info(doc)
    assert (info.report_kind, info.fiscal_year, info.org_name) == (kind, year, name)


@settings(max_examples=30, deadline=None)
@given(
    departments(), st.integers(2015, 2030), st.sampled_from(["管理办法", "实施细则的通知", "政策法规汇编"])
)
def test_a_notice_is_not_a_report_and_names_its_issuer(dept, year, genre):
    name, _ = dept
    doc = page(
        f"{name}关于印发《{year}年部门预算{genre}》" if "通知" in genre else f"{name}{year}年预算{genre}",
        "各有关单位：",
        "现将部门预算、部门决算和绩效自评有关规定印发给你们，请认真贯彻执行。",
    )
    info, _ = read_info(doc)
    assert info.report_kind == "unknown"
    assert info.org_name == (name if "通知" in genre else None)


def test_a_notice_without_an_issuer_has_no_org():
    doc = page(
        "关于合同审查及法律事务咨询", "工作的温馨提示", "各部门、各单位：", "现就有关工作要求提示如下。"
    )
    info, _ = read_info(doc)
    assert (info.report_kind, info.org_name) == ("unknown", None)


@pytest.mark.parametrize(
    "lines, years",
    [
        (["二〇二四年度部门预算"], [2024]),
        (["二○二五年全市一般公共预算支出执行情况表"], [2025]),  # ○ (U+25CB) for 〇
        (["2 0 2 4 年部门决算"], [2024]),
        (["重庆市商务委员会年部门预算情况说明", "2026"], [2026]),
        (["包头市建筑垃圾污染环境防治工作规划（2025—2035年）"], []),  # a range is not a fiscal year
        (["西南大学", "2021年度部门预算", "2021年4月"], [2021]),  # a date is not a fiscal year
        (["国家信访局年度部门预算", "2026", "二〇二六年三月"], [2026]),
    ],
)
def test_title_years(lines, years):
    assert title_years(lines) == years


def test_chinese_numeral_years():
    assert arabic_years("二〇二四年度") == "2024年度"
    assert arabic_years("二零一九年") == "2019年"


def test_a_text_in_another_language_quoting_kinds_is_not_a_report():
    doc = page(
        "# corpus notes",
        "Government-level budget and final-account reports (预算报告, 总决算, 债务表) from many provinces;",
        "department budgets (部门预算) and final accounts (部门决算) from several cities.",
    )
    info, _ = read_info(doc)
    assert (info.report_kind, info.org_name) == ("unknown", None)


FILLER = ["本部门主要职责是贯彻执行有关方针政策，负责本地区相关工作。"] * 45


@settings(max_examples=20, deadline=None)
@given(departments(), st.integers(2015, 2030), st.sampled_from(["编制单位：", "部门：", "单位名称"]))
def test_a_cover_without_a_name_takes_the_tables_labelled_unit(dept, year, label):
    """The cover is an image: only the tables' `编制单位：…` headers name the unit."""
    name, city = dept
    tables = [f"{year}年部门收支总表", f"{label}{name}  单位：万元", "项目 金额"] * 3
    info, region = read_info(page(f"{year}年度部门预算", *FILLER, *tables))
    assert (info.report_kind, info.fiscal_year, info.org_name, region.admin_code) == (
        "budget",
        year,
        name,
        city.code,
    )


@settings(max_examples=20, deadline=None)
@given(departments(), st.integers(2015, 2030))
def test_a_cover_without_a_name_takes_the_unit_the_body_names_most(dept, year):
    name, _ = dept
    body = [f"{name} {year}年度收入预算合计 100.00万元。", f"{name}本年支出预算合计 100.00万元。"] * 2
    info, _ = read_info(page(f"{year}年度部门预算", *FILLER, *body))
    assert info.org_name == name
