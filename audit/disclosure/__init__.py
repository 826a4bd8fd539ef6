"""The tables a disclosure must print (issue 14): disclosure.missing_table and
disclosure.empty_table_unexplained, from the tables recognised (`source_tables`) and the
prose.

部门决算 publish 表1–表9 (财政部's 部门决算公开 set: 收入支出决算总表 … 国有资本经营预算
财政拨款支出决算表). A table not printed must be declared absent with its reason in the text
(`本部门无政府性基金预算财政拨款收支，故…表为空表`); a table printed without figures must carry
that note. Both findings are warnings: a table the reader did not recognise looks absent too.

The required set is the one of the report's style, told by the tables it prints:
- a central unit's 4-table set (收入支出决算总表/收支预算总表, 收入, 支出, 财政拨款支出表: the
  universities' and institutes' 部门决算/部门预算) when it prints a 财政拨款支出表 and none of the
  tables the larger sets add (财政拨款收支总表, 一般公共预算…, 三公, 政府性基金, 国有资本经营);
- else the local 决算 表1–表9, or the 预算's eight (财政部's 部门预算公开 set: 收支总表, 收入总表,
  支出总表, 财政拨款收支总表, 一般公共预算支出表, 一般公共预算基本支出表, 一般公共预算“三公”经费
  支出表, 政府性基金预算支出表; a 国有资本经营 table where printed is a ninth, not required), a
  province's own names counting for the same table (江苏's 财政拨款支出预算表 for the
  一般公共预算支出表).
A budget's table is missing only when neither the tables nor any line of its text (the
contents page included) names it: local names vary more than the reader's titles
(`收支总体情况表`), and a table named in the contents is more likely printed and unread.
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


# a central unit's set: 总表, 收入, 支出, 财政拨款支出 (西南大学's 部门决算 and 部门预算)
CENTRAL_SET = {
    "final_accounts": [
        ("final.summary", "收入支出决算总表"),
        ("final.income", "收入决算表"),
        ("final.expenditure", "支出决算表"),
        ("final.fiscal_expenditure", "财政拨款支出决算表"),
    ],
    "budget": [
        ("budget.summary", "收支预算总表"),
        ("budget.income", "收入预算表"),
        ("budget.expenditure", "支出预算表"),
        ("budget.fiscal_expenditure", "财政拨款支出预算表"),
    ],
}
# the 部门预算 set, each with the codes of its local variants and the words that name it
BUDGET_SET = [
    ("budget.summary", (), "收支总", r"收支(?:预算)?总(?:表|体情况表)|收支预算表"),
    ("budget.income", (), "收入总表", r"收入(?:预算)?总(?:表|体情况表)|收入预算表"),
    (
        "budget.expenditure",
        (),
        "支出总表",
        r"(?<!拨款)支出(?:预算)?总(?:表|体情况表)|(?<!拨款|公共)支出预算表",
    ),
    ("budget.fiscal_summary", (), "财政拨款收支总表", r"财政拨款收支"),
    (
        "budget.general_budget_expenditure",
        ("budget.fiscal_expenditure",),
        "一般公共预算支出表",
        r"一般公共预算(?:财政拨款)?支出|财政拨款支出",
    ),
    (
        "budget.general_budget_basic_expenditure",
        ("budget.fiscal_basic_expenditure",),
        "一般公共预算基本支出表",
        r"基本支出",
    ),
    ("budget.three_public", (), "“三公”经费支出表", r"三公"),
    ("budget.gov_fund", (), "政府性基金预算支出表", r"政府性基金"),
]
MIN_BUDGET_TABLES = 6  # of the eight: fewer recognised, the reading is too partial to judge absence


def _missing(code: str, n: int, words: str, what: str) -> dict:
    return {
        "check": "disclosure.missing_table",
        "severity": "warning",
        "message": f"{what}应公开表{n}（{words}相关表格），未见该表，正文也未说明原因",
        "table_code": code,
    }


def _central(found: set, kind: str) -> bool:
    """A 财政拨款支出表 and none of the tables the larger sets add."""
    prefix = "final" if kind == "final_accounts" else "budget"
    larger = ("fiscal_summary", "general_budget_expenditure", "general_budget_basic_expenditure")
    larger += ("fiscal_basic_expenditure", "three_public", "gov_fund", "state_capital")
    return f"{prefix}.fiscal_expenditure" in found and not any(f"{prefix}.{t}" in found for t in larger)


def missing_table_findings(tables: list[dict], prose: list[dict], kind: str | None) -> Iterator[dict]:
    found = {t.get("table_code") for t in tables}
    if kind in CENTRAL_SET and _central(found, kind):
        required = CENTRAL_SET[kind]
        if sum(code in found for code, _ in required) < 3:
            return
        for n, (code, words) in enumerate(required, start=1):
            if code not in found and not _declared(prose, words):
                yield _missing(
                    code, n, words, "中央单位" + ("部门决算" if kind == "final_accounts" else "部门预算")
                )
    elif kind == "final_accounts":
        if sum(code in found for code, _ in FINAL_SET) < MIN_TABLES:
            return
        for n, (code, words) in enumerate(FINAL_SET, start=1):
            if code not in found and not _declared(prose, words):
                yield _missing(code, n, words, "部门决算")
    elif kind == "budget":
        yield from _missing_budget_tables(found, prose)


def _missing_budget_tables(found: set, prose: list[dict]) -> Iterator[dict]:
    present = [code for code, variants, _, _ in BUDGET_SET if code in found or found & set(variants)]
    if len(present) < MIN_BUDGET_TABLES:
        return
    for n, (code, _variants, words, named) in enumerate(BUDGET_SET, start=1):
        if code in present or _declared(prose, words):
            continue
        if any(regex.search(named, line.get("text") or "") for line in prose):
            continue  # named in the text or the contents: printed under a title the reader missed
        yield _missing(code, n, words, "部门预算")


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
