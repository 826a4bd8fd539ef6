"""The documents table: kind, year, organisation and region of real reports."""

from __future__ import annotations

import pytest

from caizheng.normalize.regions import resolve
from caizheng.normalize.text import normalize_name
from caizheng.parsers.document_info import document_to_info

from .conftest import DONGXIHU, NANGONG, SHIJIAZHUANG, XINGLONG, ZHENGNING, corpus_pdf

TEXT_REPORTS = [
    (
        SHIJIAZHUANG,
        "performance_self_evaluation",
        2021,
        "石家庄市人力资源和社会保障局",
        "130100",
        "prefecture",
        "2022-03",
    ),
    (
        XINGLONG,
        "performance_self_evaluation",
        2024,
        "兴隆县人力资源和社会保障局",
        "130822",
        "county",
        "2025-02-24",
    ),
    (
        ZHENGNING,
        "performance_self_evaluation",
        2023,
        "正宁县人力资源和社会保障局",
        "621025",
        "county",
        "2024-03-06",
    ),
    # the title is anonymized (人力资源和社会保障部门); the unit table names the department
    (NANGONG, "budget", 2021, "南宫市人力资源和社会保障局", "130581", "county", None),
    (DONGXIHU, "final_accounts", 2021, "武汉市东西湖区人力资源和社会保障局", "420112", "county", None),
]


@pytest.mark.parametrize(
    "path, kind, year, org, code, level, published", TEXT_REPORTS, ids=lambda v: getattr(v, "stem", None)
)
def test_text_reports(document_cache, path, kind, year, org, code, level, published):
    doc = document_cache(path)
    info = document_to_info(doc)
    assert (info.report_kind, info.fiscal_year, info.org_name, info.published) == (kind, year, org, published)
    region = resolve(info.org_name, doc.text)
    assert (region.admin_code, region.admin_level) == (code, level)


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name, kind, year, org, code",
    [
        (
            "putuo-planning-2024-final-accounts.pdf",
            "final_accounts",
            2024,
            "上海市普陀区规划和自然资源局",
            "310107",
        ),
        ("putuo-govoffice-2025-budget.pdf", "budget", 2025, "上海市普陀区人民政府办公室", "310107"),
        ("jiangsu-party-office-2018-budget-tables.pdf", "budget", 2018, "中共江苏省委办公厅", "320000"),
        ("swu-2024-budget.pdf", "budget", 2024, "西南大学", None),
    ],
)
def test_pdf_reports(document_cache, name, kind, year, org, code):
    doc = document_cache(corpus_pdf(name))
    info = document_to_info(doc)
    assert (info.report_kind, info.fiscal_year, info.org_name) == (kind, year, org)
    assert resolve(info.org_name, doc.text).admin_code == code


def test_regions_from_the_maintained_table():
    # 普陀区 exists in 上海 and in 舟山: the name says which
    assert resolve("上海市普陀区人民政府办公室").admin_code == "310107"
    assert resolve("舟山市普陀区财政局").admin_code == "330903"
    # a municipality's district has no prefecture
    r = resolve("上海市普陀区规划和自然资源局")
    assert (r.province, r.prefecture, r.county, r.admin_level) == ("上海市", None, "普陀区", "county")
    # 正宁县 is not read as 宁县
    assert resolve("正宁县人力资源和社会保障局").county == "正宁县"
    r = resolve("兴隆县人力资源和社会保障局")
    assert (r.province, r.prefecture) == ("河北省", "承德市")


@pytest.mark.parametrize(
    "raw, name",
    [
        ("一、一般公共预算财政拨款收入", "一般公共预算财政拨款收入"),
        ("（一）部门 概况", "部门概况"),
        ("1.加大政策扶持", "加大政策扶持"),
        ("(1) 贯彻 执行", "贯彻执行"),
        ("总 计", "总计"),
        ("“三公”经费", '"三公"经费'),
        ("2021 年", "2021年"),
    ],
)
def test_name_normalization(raw, name):
    assert normalize_name(raw) == name


def test_a_list_of_reports_is_not_a_report(tmp_path):
    from caizheng.extract import read_document

    path = tmp_path / "index.md"
    path.write_text(
        "# 样本目录\n\n| 文件 | 内容 |\n|---|---|\n| a.txt | 石家庄市人力资源和社会保障局 2021 部门整体支出绩效自评报告 |\n"
        "| b.txt | 武汉市东西湖区人力资源和社会保障局 2021 部门决算 |\n",
        encoding="utf-8",
    )
    info = document_to_info(read_document(path))
    assert (info.report_kind, info.org_name) == ("unknown", None)


def test_a_report_without_a_title_has_none(document_cache):
    """东西湖 opens with `第一部分 区人社局概况`: a section heading, not the report's title."""
    from caizheng.parsers.document_info import document_to_info

    from .conftest import DONGXIHU

    assert document_to_info(document_cache(DONGXIHU)).title is None
