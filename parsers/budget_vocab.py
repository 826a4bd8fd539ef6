"""The words of the standard disclosure tables: which title is which table, which
column header is which measure, which row name is which side.

Shared by the grid parser (PDF and tab-separated tables) and the text-line parser.
Titles are matched after removing spaces, the year, the numbering (`（表1）`,
`表一`, `公开01表`, `附表1`) and the unit's name; the most specific pattern wins.
"""

from __future__ import annotations

import unicodedata

import regex

SPACE = regex.compile(r"\s+")

# (pattern on the cleaned title, final.* code, budget.* code); first match wins, so
# the specific titles come before the general ones.
_TITLES: list[tuple[str, str]] = [
    # a government's debt tables (债务限额及余额, 新增债券, 还本付息): in a government's report, gov.debt
    (r"债务|债券|还本付息", "debt"),
    (r"三公.*经费", "three_public"),
    (r"机关运行经费", "operating_cost"),
    (r"政府采购", "procurement"),
    (r"固定资产占用|资产占用", "assets.fixed"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本经营", "state_capital"),
    (r"一般公共预算.*基本支出", "general_budget_basic_expenditure"),
    (r"财政拨款基本支出", "fiscal_basic_expenditure"),
    (r"一般公共预算.*支出", "general_budget_expenditure"),
    (r"财政拨款收入?支出?.*总表|财政拨款收支.*总表", "fiscal_summary"),
    (r"财政拨款支出", "fiscal_expenditure"),
    (r"收入?支出?.*总表|收支.*总表|财务收支", "summary"),
    (r"收入", "income"),
    (r"支出", "expenditure"),
]
_SHARED = {"assets.fixed", "procurement", "debt"}  # the same code in budgets and final accounts
_NOISE = regex.compile(
    r"\s+|[（(]?(?:附|公开)?表[0-9一二三四五六七八九十]+(?:-\d+)?[）)]?|[（(]?公开\d+表[）)]?|\d{4}年度?"
    # a part's number or 续 after the name: `…支出决算表（3）`, `…预算表（续）`
    r"|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3}|续表?)[）)]$"
    r"|(?<![\p{Han}])\d+(?![\p{Han}])"
)
_TITLE_WORD = regex.compile(r"(?:预算|决算|情况|明细)?表$|预算表|决算表|占用情况表")


def clean_title(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


def looks_like_title(text: str) -> bool:
    """A line that names a standard table: short, ends in 表, mentions 预算/决算 or a known table."""
    t = clean_title(text)
    if not 4 <= len(t) <= 40 or not t.endswith("表"):
        return False
    return bool(regex.search(r"预算|决算|收支|资产|采购|三公|自评", t))


def title_to_table_code(title: str, report_kind: str | None = None) -> str | None:
    """`2021年度收入支出决算总表（表1）` → `final.summary`; None for titles that are not
    standard money tables. The kind comes from the title (决算/预算), else `report_kind`."""
    t = clean_title(title)
    if "绩效" in t or "目标表" in t:
        return None
    if "决算" in t:
        prefix = "final"
    elif "预算" in t:
        prefix = "budget"
    else:
        prefix = {"final_accounts": "final", "budget": "budget"}.get(report_kind or "", None)
    for pattern, name in _TITLES:
        if regex.search(pattern, t):
            if name in _SHARED:
                return name
            return f"{prefix}.{name}" if prefix else None
    return None


# column header (spaces removed) → measure; first match wins
_MEASURES: list[tuple[str, str]] = [
    # percentages first: `比上年增减%`, `完成预算%`, `占比` are not money, whatever else they name
    (r"(增长|增减|增幅|比上年|同比).*(%|％|率)|(%|％)$|增长率|增减率", "change_pct"),
    (r"占.*(比重|比例|%)|^占比|比重", "share_pct"),
    (r"^(?:本年)?(?:收入|支出)?合计$|^合计$|^总计$|^小计$|本年收入合计|本年支出合计|^合计数?$", "total"),
    (r"年初结转和?结余|上年结转", "carryover_begin"),
    (r"年末结转和?结余|结转下年", "carryover_end"),
    (r"年初预算", "budget_initial"),
    (r"全年预算|调整后预算|调整预算", "budget_full_year"),
    (r"实际支出|执行数|实际完成", "actual"),
    (r"基本支出", "basic"),
    (r"项目支出", "project"),
    (r"人员经费|人员支出", "personnel"),
    (r"公用经费|日常公用", "public"),
    (r"一般公共预算", "general_budget"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本经营", "state_capital"),
    (r"财政拨款", "fiscal_appropriation"),
    (r"上级补助", "upper_subsidy"),
    (r"事业单位经营收入|^经营收入$", "operating_income"),
    (r"事业收入", "business_income"),
    (r"附属单位上缴|附属单位缴款", "subsidiary_remit"),
    (r"其他收入", "other_income"),
    (r"上缴上级", "remit_upper"),
    (r"经营支出", "operating_expenditure"),
    (r"对附属单位补助", "subsidiary_subsidy"),
    (r"^数量$|台套数|^数量\(", "count"),
    (r"决算数|预算数|^金额|^预算$|^决算$|机关运行经费支出|^数额$", "amount"),
]


def header_to_measure(header: str) -> str | None:
    """`本年支出合计` → total, `基本支出` → basic, `决算数` → amount; None when unknown."""
    h = SPACE.sub("", unicodedata.normalize("NFKC", header or ""))
    h = regex.sub(r"[（(]万?元[)）]$", "", h)
    if not h:
        return None
    for pattern, measure in _MEASURES:
        if regex.search(pattern, h):
            return measure
    return None


PERCENT_HEADER = regex.compile(r"[%％]\)?$|[（(][%％][)）]|率$")


def is_percent_header(header: str | None) -> bool:
    """A column headed as a percentage (`增减%`, `完成预算数%`, `（%）`, `执行率`) holds no money,
    whatever measure its header is given or denied (a second 增减% column of a group)."""
    h = SPACE.sub("", unicodedata.normalize("NFKC", header or ""))
    return bool(PERCENT_HEADER.search(h))


def name_to_side(name: str) -> str | None:
    """The side of a row of a two-sided summary table from its own name, where it tells."""
    n = SPACE.sub("", name)
    if regex.search(r"收入|拨款$|结转和结余$|使用非财政拨款结余", n) and "支出" not in n:
        return "income"
    if regex.search(r"支出|结余分配|年末结转", n):
        return "expenditure"
    return None


def classify_code(code: str) -> str | None:
    """3/5/7-digit 2xx codes are functional (类/款/项); 3/5-digit 3xx codes are economic."""
    if not regex.fullmatch(r"\d{3}(?:\d{2}){0,2}", code or ""):
        return None
    if code[0] == "2":
        return "function"
    if code[0] in "35" and len(code) in (3, 5):
        return "economic"
    return None
