"""The tables a disclosure must print (issue 14): disclosure.missing_table and
disclosure.empty_table_unexplained, from the tables recognised (`source_tables`) and the
prose.

部门决算 publish 表1–表9 (财政部's 部门决算公开 set: 收入支出决算总表 … 国有资本经营预算
财政拨款支出决算表). A table not printed must be declared absent with its reason in the text
(`本部门无政府性基金预算财政拨款收支，故…表为空表`); a table printed without figures must carry
that note. Budgets' required sets differ by locality and are not checked for absence. Both
findings are warnings: a table the reader did not recognise looks absent too.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..text.wording import wording_finding

# 表1–表9 of a 部门决算, in order, with the words that name each in a declaration
FINAL_SET = [
    ("final.summary", "收入支出决算总表"),
    ("final.income", "收入决算表"),
    ("final.expenditure", "支出决算表"),
    ("final.fiscal_summary", "财政拨款收入支出决算总表"),
    ("final.general_budget_expenditure", "一般公共预算财政拨款支出决算表"),
    ("final.general_budget_basic_expenditure", "一般公共预算财政拨款基本支出决算表"),
    ("final.three_public", "三公"),
    ("final.gov_fund", "政府性基金"),
    ("final.state_capital", "国有资本经营"),
]
SUBJECT = {
    "three_public": "三公",
    "gov_fund": "政府性基金",
    "state_capital": "国有资本经营",
    "operating_cost": "机关运行经费",
    "procurement": "政府采购",
    "assets.fixed": "资产",
}
NONE_WORD = regex.compile(r"无|没有|未发生|未安排|不涉及|为空|空表|为0|为零")
EXPLAINED = regex.compile(
    r"无数据|为空|空表|无此项|无相关|不涉及|没有|未发生|未安排|无[^。]{0,30}(?:收入|支出|预算|经费|安排|资产)"
)
MIN_TABLES = 4  # fewer of 表1–表9 recognised: not a table disclosure (an explanation, a summary)


def _declared(prose: list[dict], subject: str) -> dict | None:
    """The prose line that says the table's subject is absent (`本部门无“三公”经费支出`)."""
    for line in prose:
        text = line.get("text") or ""
        i = text.find(subject)
        if i >= 0 and NONE_WORD.search(text[max(0, i - 30) : i + len(subject) + 40]):
            return line
    return None


def missing_table_findings(tables: list[dict], prose: list[dict], kind: str | None) -> Iterator[dict]:
    if kind != "final_accounts":
        return
    found = {t.get("table_code") for t in tables}
    present = [code for code, _ in FINAL_SET if code in found]
    if len(present) < MIN_TABLES:
        return
    for n, (code, words) in enumerate(FINAL_SET, start=1):
        if code in found or _declared(prose, words):
            continue
        yield {
            "check": "disclosure.missing_table",
            "severity": "warning",
            "message": f"部门决算应公开表{n}（{words}相关表格），未见该表，正文也未说明原因",
            "table_code": code,
        }


def _stated(facts: list[dict], subject: str) -> bool:
    """The prose states a figure for the table's subject: the table is not empty as printed."""
    return any(
        subject in (f.get("metric_raw") or "") and f.get("amount_wan") is not None and f["amount_wan"] > 0
        for f in facts
    )


def empty_table_findings(tables: list[dict], prose: list[dict], facts: list[dict]) -> Iterator[dict]:
    """Only the tables a department may have nothing for (三公, 政府性基金, 国有资本经营, …)
    are judged: an empty 收支总表 is a reading to doubt, not a disclosure."""
    for t in tables:
        code = t.get("table_code") or ""
        subject = SUBJECT.get(code.split(".", 1)[-1]) or SUBJECT.get(code)
        if not t.get("empty") or not subject or EXPLAINED.search(t.get("note") or ""):
            continue
        if _declared(prose, subject) or _stated(facts, subject):
            continue
        pages = range(t.get("page") or 0, (t.get("page_end") or t.get("page") or 0) + 2)
        if any(line.get("page") in pages and EXPLAINED.search(line.get("text") or "") for line in prose):
            continue
        title = t.get("table_title_raw") or code
        line = {"page": t.get("page"), "line": t.get("line")}
        out = wording_finding(
            "disclosure.empty_table_unexplained", line, title, "空表未说明原因（如“本表无数据”）"
        )
        yield {**out, "table_code": code}


def disclosure_findings(
    tables: list[dict], prose: list[dict], facts: list[dict], document: dict
) -> Iterator[dict]:
    yield from missing_table_findings(tables, prose, document.get("report_kind"))
    yield from empty_table_findings(tables, prose, facts)
