"""The classification reference against the codes the reports print.

The pairs (code, printed name) are read straight from the documents, not through the
budget parsers: from table cells (a code cell, or 类/款/项 split over three cells, then
the name cell) and from text lines (`30101   基本工资 164.86 30201   办公费 8.97`).
Every printed code the table lists must carry the table's name (or an older edition's,
or the start of it where a cell wrapped); a code the table lacks keeps the report's name.
"""

from __future__ import annotations

import pytest
import regex as re

from caizheng.parsers.budget_vocab import classify_code
from caizheng.parsers.classification import (
    candidates,
    children,
    classify,
    entries,
    lookup,
    name_matches,
    normalize_name,
    resolve_name,
)

from .conftest import DONGXIHU, NANGONG, SHIJIAZHUANG, XINGLONG, ZHENGNING, corpus_pdf

CODE = re.compile(r"(?:2[0-3]\d|3[01]\d|399|5[01]\d|599)(?:\d{2}){0,2}")
NAME = r"[\p{Han}（）()、“”\"]{2,}"
# a code, its name, then a figure, another code or the end of the line
LINE_PAIR = re.compile(
    rf"(?:^|(?<=\s))({CODE.pattern})\s+({NAME})(?=\s+-?[\d,]+(?:\.\d+)?(?:\s|$)|\s+{CODE.pattern}\s|\s*$)"
)
PDFS = [
    "jiangsu-party-office-2018-budget-tables.pdf",
    "putuo-govoffice-2025-budget.pdf",
    "putuo-planning-2024-final-accounts.pdf",
    "shanghai-final-accounts-template.pdf",
    "swu-2024-budget.pdf",
]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def row_to_pairs(texts: list[str]) -> list[tuple[str, str]]:
    """(code, name) pairs in one table row; 类/款/项 split over cells (`210 | 11 | 01 | 行政
    单位医疗`) are joined, an empty 项 cell ends the code at its 款."""
    pairs, i = [], 0
    while i < len(texts):
        code = texts[i]
        if not CODE.fullmatch(code):
            i += 1
            continue
        j = i + 1
        if len(code) == 3:
            while j < len(texts) and j <= i + 2 and re.fullmatch(r"\d{2}|", texts[j]):
                code += texts[j]
                j += 1
        if j < len(texts) and re.fullmatch(NAME, texts[j]):
            pairs.append((code, texts[j]))
        i = j
    return pairs


def printed_pairs(doc) -> set[tuple[str, str]]:
    pairs = set()
    for page in doc.pages:
        for table in page.tables:
            for row in table.rows:
                pairs.update(row_to_pairs([squeeze(c.text) for c in row]))
        if not page.tables:
            for line in page.lines:
                pairs.update(LINE_PAIR.findall(line.text))
    return pairs


def test_table_is_well_formed():
    table = entries()
    assert len(table) > 400
    for code, e in table.items():
        assert e.level == {3: "类", 5: "款", 7: "项"}[len(code)]
        assert e.parent == (code[:-2] if len(code) > 3 else None)
        assert e.parent is None or e.parent in table, code  # every 款/项 hangs under a listed parent
        assert e.kind == ("function" if code[0] == "2" else "economic") and e.source
        assert not (e.kind == "economic" and e.level == "项")  # the economic classification has no 项


def test_function_classes_201_to_234_and_economic_classes():
    classes = {c for c, e in entries().items() if e.level == "类"}
    assert {"201", "205", "208", "210", "212", "220", "221", "229", "234"} <= classes
    assert {"301", "302", "303", "310", "399", "501", "502", "505", "509"} <= classes
    assert [e.name for e in children("20805")][:2] == ["行政单位离退休", "事业单位离退休"]


def test_classify_agrees_with_the_vocabulary_rule():
    for code in entries():
        assert classify(code) == classify_code(code), code
    assert classify("2080199") == "function" and classify("30101") == "economic"
    assert classify("2089901") == "function"  # not listed: the rule decides
    assert classify("行政运行") is None


def test_names_match_across_spellings_and_editions():
    assert name_matches("208", "八、社会保障和就业支出")
    assert name_matches("2080199", "其他人力资源和社会保障管理事务")  # printed without 支出
    assert name_matches("20805", "行政事业单位离退休")  # the name before 2020
    assert name_matches("30212", "因公出国(境)费用")  # half-width brackets
    assert name_matches("2080505", "机关事业单位基本养老保")  # a cell wrapped mid-name
    assert not name_matches("2080505", "基本养老")
    assert not name_matches("2080101", "一般行政管理事务")
    assert not name_matches("9999999", "行政运行")


def test_candidates_narrow_by_parent_and_kind():
    assert [e.code for e in candidates("行政运行", "20801")] == ["2080101"]
    assert len(candidates("行政运行")) > 3  # every 款 of administration has one
    assert [e.code for e in candidates("住房公积金", kind="function")] == ["2210201"]
    assert [e.code for e in candidates("住房公积金", "301")] == ["30113"]
    assert [e.code for e in candidates(" 一、一般公共服务 ")] == ["201"]
    assert candidates("") == [] and candidates("不是科目") == []


def test_a_code_the_table_lacks_keeps_the_printed_name():
    assert lookup("2060204") is None
    assert resolve_name("2060204", "实验室及相关设施") == "实验室及相关设施"
    assert resolve_name("2080101", "行政运行（项）") == "行政运行（项）"
    assert resolve_name("2080101", "") == "行政运行"
    assert resolve_name("2069999", None) is None


def check_pairs(pairs):
    known = {(c, n) for c, n in pairs if lookup(c)}
    wrong = sorted((c, n, lookup(c).name) for c, n in known if not name_matches(c, n))
    assert not wrong
    return known


@pytest.mark.parametrize("path", [ZHENGNING, NANGONG, SHIJIAZHUANG, XINGLONG])
def test_text_samples_without_code_columns(document_cache, path):
    """The self-evaluations and 南宫's budget print no code column: no pair is read from
    their prose (`205 件`, `23467 人` are counts, not codes)."""
    assert check_pairs(printed_pairs(document_cache(path))) == set()


def test_codes_printed_in_the_dongxihu_text(document_cache):
    """东西湖's economic tables print `30101   基本工资 164.86 30201   办公费 8.97`."""
    pairs = printed_pairs(document_cache(DONGXIHU))
    known = check_pairs(pairs)
    assert len(known) >= 30 and ("30101", "基本工资") in known
    assert known == pairs


def test_dongxihu_names_resolve_to_the_codes_it_prints(document_cache):
    """东西湖 prints its function codes in a scrambled block apart from the names; each name
    of the 收入决算表 has one candidate among the codes the document prints (or a 款 and
    its 项 of the same name, which the table's indentation tells apart)."""
    doc = document_cache(DONGXIHU)
    # a code stands alone, or is glued to the figure before it (`14.982210202`)
    found = re.findall(r"(?:(?<![\d.])|(?<=\.\d{2}))(2\d{2}(?:\d{2}){0,2})(?!\d)", doc.text)
    printed = {c for c in found if lookup(c)}
    assert {"2080101", "2080199", "2210202", "2101103"} <= printed
    lines = [ln.text for page in doc.pages for ln in page.lines]
    start = next(i for i, t in enumerate(lines) if "收入决算表" in squeeze(t))
    rows = []
    for text in lines[start:]:
        if text.strip().startswith("注"):
            break
        m = re.fullmatch(rf"\s*({NAME})\s+[\d,.]+(?:\s+[\d,.]+)*\s*", text)
        if m and candidates(m.group(1), kind="function"):
            rows.append(m.group(1))
    assert len(rows) >= 20
    for name in rows:
        hits = [e.code for e in candidates(name, kind="function") if e.code in printed]
        # one code, or a 款 and its 项 of the same name (其他卫生健康支出 21099 / 2109999)
        assert hits and all(hits[-1].startswith(h) for h in hits), (name, hits)


@pytest.mark.parametrize("name", PDFS)
def test_codes_printed_in_the_pdfs(document_cache, name):
    pairs = printed_pairs(document_cache(corpus_pdf(name)))
    assert len(pairs) >= 20
    known = check_pairs(pairs)
    missing = sorted(pairs - known)
    assert len(missing) <= 0.05 * len(pairs), missing  # the table covers what reports print


def test_normalize_name():
    assert normalize_name("（一）行政运行（项）") == "行政运行"
    assert normalize_name("“三公” 经费") == '"三公"经费'


def test_the_budget_parsers_lookups_read_the_same_table():
    """parsers/classes.py (the text budget parser's class-by-name lookup) reads this CSV too."""
    from caizheng.parsers.classes import function_class_code

    assert function_class_code("八、社会保障和就业支出") == "208"
    assert function_class_code("住房保障支出") == "221"
    assert function_class_code("行政运行") is None
    assert function_class_code("机关工资福利支出") is None  # economic classes are not function classes
