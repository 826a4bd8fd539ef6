"""Budget and final-account tables printed as text lines (reports converted from PDF).

A text table has no column positions. Each table starts at its `单位：万元` line
(the title is just above it, or, where the converter moved it, somewhere in the
table's own block) and its rows print only their non-empty cells:
`教育支出 217.73 217.73` does not say whether the second figure is 基本 or 项目.
Three layouts are read:

- two-sided summaries (收入支出决算总表, 财政拨款收入支出决算总表): `name 行次 amount`
  twice per line, income on the left and expenditure on the right;
- classification trees (收入/支出决算表, 一般公共预算财政拨款支出决算表): the first figure is
  the row's total, the others are placed on the table's columns by its own
  arithmetic (`tree_solve`): children add up to their parent per column and
  the 合计 row's columns come from the summary table when it alone cannot tell.
  A figure that no arithmetic places keeps measure null and lowers the table's
  confidence; codes come from the class names and the codes the document prints
  (often as a separate scrambled block);
- economic detail (基本支出决算明细表): `code name amount` three times per line.
"""

from __future__ import annotations

from decimal import Decimal

import regex as re

from caizheng.extract.model import Document, Line

from .budget_tree import TREE_MEASURES, Node, assign_codes, tree_solve
from .budget_vocab import looks_like_title, title_to_table_code
from .classes import budget_codes
from .records import BudgetLine, TableInfo
from .tables.text import place_text_rows

UNIT_LINE = re.compile(r"单位[:：]\s*(万元|元|亿元)")
AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}")
ROW_NO = re.compile(r"^\d{1,2}$")
PRINTED_CODE = re.compile(r"^2\d{2}(?:\d{2}){0,2}$")  # a functional code printed before its name
NOTE = re.compile(r"^\s*注[:：]")
EMPTY = re.compile(r"无.{0,12}(收入|支出|经费|数据)|空表|不涉及")
SUMMARY = ("summary", "fiscal_summary")
TREE = tuple(TREE_MEASURES)
ECONOMIC = ("general_budget_basic_expenditure", "fiscal_basic_expenditure", "basic_expenditure")
FISCAL_SOURCES = (
    ("一般公共预算", "general_budget"),
    ("政府性基金", "gov_fund"),
    ("国有资本", "state_capital"),
)
INCOME_SOURCES = (
    ("财政拨款", "fiscal_appropriation"),
    ("上级补助", "upper_subsidy"),
    ("附属单位上缴", "subsidiary_remit"),
    ("事业单位经营收入", "operating_income"),
    ("经营收入", "operating_income"),
    ("事业收入", "business_income"),
    ("其他收入", "other_income"),
)


def document_to_text_budget(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    if doc.format == "pdf":
        return [], []  # PDF tables come as cells (budget_grid)
    lines = [ln for page in doc.pages for ln in page.lines]
    pool = budget_codes("\n".join(ln.text for ln in lines))
    out: list[BudgetLine] = []
    infos: list[TableInfo] = []
    hints: dict[str, set[str]] = {}
    for code, title, unit_line, body in segments(lines):
        kind = code.split(".", 1)[1] if "." in code else code
        if code == "assets.fixed":
            rows = asset_rows(code, title, unit_line, body)
        elif kind in SUMMARY:
            rows = summary_rows(code, title, unit_line, body, hints)
        elif kind in TREE:
            rows = tree_rows(code, title, unit_line, body, pool, hints)
        elif kind in ECONOMIC:
            rows = economic_rows(code, title, unit_line, body)
        else:
            rows = None
        if rows is None:
            continue
        lines_out, confidence, note = rows
        lines_out = place_text_rows(lines_out, len(infos))
        printed = printed_note(body)
        note = "；".join(n for n in (note, printed) if n) or None
        empty = not lines_out and any(EMPTY.search(ln.text) for ln in body)
        out += lines_out
        infos.append(
            TableInfo(
                table_code=code,
                table_title_raw=title.text.strip(),
                page=unit_line.page,
                page_end=(body[-1].page if body else unit_line.page),
                line=title.number,
                unit_raw=_unit(unit_line),
                n_rows=len({(b.page, b.line) for b in lines_out}),
                n_values=len(lines_out),
                empty=empty or not lines_out,
                confidence=confidence,
                method="text-lines",
                note=note,
                table_index=len(infos),
            )
        )
    return out, infos


def segments(lines: list[Line]):
    """(table_code, title line, unit line, body) per table: body runs to the next table's title or unit line."""
    units = [i for i, ln in enumerate(lines) if UNIT_LINE.search(ln.text)]
    titles = {i: title_to_table_code(ln.text) for i, ln in enumerate(lines) if _is_title(ln.text)}
    titles = {i: c for i, c in titles.items() if c}
    used: set[int] = set()
    found = []
    for k, u in enumerate(units):
        end = units[k + 1] if k + 1 < len(units) else len(lines)
        before = [i for i in range(max(0, u - 4), u) if i in titles and i not in used]
        t = before[-1] if before else None
        if t is None:  # the converter moved the title into the table's block
            inside = [i for i in range(u + 1, end) if i in titles and i not in used]
            nxt = units[k + 1] if k + 1 < len(units) else None
            inside = [i for i in inside if nxt is None or i < nxt - 4]
            t = inside[0] if inside else None
        if t is None:
            if found and re.sub(r"\s+", "", lines[u].text) == re.sub(r"\s+", "", found[-1][2].text):
                code, title, unit_line, start, _ = found[-1]  # a header repeated on the next page
                found[-1] = (code, title, unit_line, start, end)
            continue
        used.add(t)
        found.append((titles[t], lines[t], lines[u], u, end))
    for code, title, unit_line, u, end in found:
        body = [
            ln for i, ln in enumerate(lines[u + 1 : end], start=u + 1) if i not in titles and ln.text.strip()
        ]
        yield code, title, unit_line, body


def printed_note(body: list[Line]) -> str | None:
    """The table's printed 注 (`27行＝（1＋2＋…＋8）行`), for the audit's formula rule."""
    start = next((i for i, ln in enumerate(body) if NOTE.match(ln.text)), None)
    if start is None:
        return None
    out = []
    for ln in body[start : start + 6]:
        text = ln.text.strip()
        if out and not re.search(r"[＝=]|行|栏|反映", text):
            break
        out.append(text)
    return " ".join(out)


def _is_title(text: str) -> bool:
    t = text.strip()
    return len(t) <= 60 and looks_like_title(t)


def _unit(line: Line) -> str:
    m = UNIT_LINE.search(line.text)
    return m.group(1) if m else "万元"


YUAN_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$")


def _amount(token: str, unit: str | None = None) -> tuple[Decimal, str] | None:
    """A figure: two decimals in a 万元 table; in a 元 table whole 元 too (`1,288,830`)."""
    m = (YUAN_AMOUNT if unit == "元" else AMOUNT).match(token)
    if not m:
        return None
    raw = m.group(0)
    return Decimal(raw.replace(",", "")), raw


def _line(code, title, unit, ln, name, measure, amount, raw, **kw) -> BudgetLine:
    return BudgetLine(
        table_code=code,
        table_title_raw=title.text.strip(),
        item_name_raw=name,
        measure=measure,
        amount=amount,
        amount_raw=raw,
        unit_raw=unit,
        page=ln.page,
        line=ln.number,
        **kw,
    )


# --- two-sided summaries -------------------------------------------------------------


def summary_rows(code, title, unit_line, body, hints):
    unit = _unit(unit_line)
    groups_per_line = []
    for ln in body:
        if NOTE.match(ln.text):
            break
        groups = _groups(ln.text)
        if groups:
            groups_per_line.append((ln, groups))
    left_max = max((g[0][1] for _, g in groups_per_line if len(g) == 2), default=None)
    fiscal = code.endswith("fiscal_summary")
    sources = []
    if fiscal:
        for _, groups in groups_per_line:
            for name, no, values in groups:
                if values and (left_max is None or no <= left_max):
                    sources += [m for word, m in FISCAL_SOURCES if word in name and m not in sources]
    else:
        income = set()
        for _, groups in groups_per_line:
            for name, no, values in groups:
                if values and (left_max is None or no <= left_max):
                    income |= {m for word, m in INCOME_SOURCES if word in name}
        hints["income"] = income
    out = []
    ambiguous = 0
    for ln, groups in groups_per_line:
        for k, (name, no, values) in enumerate(groups):
            if not values:
                continue
            side = (
                "income"
                if (k == 0 and len(groups) == 2) or (left_max is not None and no <= left_max)
                else "expenditure"
            )
            measures = ["amount"]
            if fiscal and side == "expenditure":
                measures = ["total"] + (
                    sources if len(values) == 1 + len(sources) else [None] * (len(values) - 1)
                )
            for i, (amount, raw) in enumerate(values):
                measure = measures[i] if i < len(measures) else None
                ambiguous += measure is None
                out.append(_line(code, title, unit, ln, name, measure, amount, raw, row_no=no, side=side))
    confidence = 1.0 - ambiguous / len(out) if out else 1.0
    return out, confidence, None


def _groups(text: str):
    """`本年收入合计 27 3,395.50 本年支出合计 57 3,401.90` → [(name, 27, [..]), (name, 57, [..])]."""
    groups, name = [], []
    current = None
    for tok in text.split():
        amount = _amount(tok)
        if amount and current is not None:
            current[2].append(amount)
        elif ROW_NO.match(tok) and (name or current is not None or not groups):
            current = ("".join(name), int(tok), [])
            groups.append(current)
            name = []
        elif amount is None:
            if current is not None:
                current = None
            name.append(tok)
    return groups if groups and len(groups) <= 2 else []


# --- classification trees -------------------------------------------------------------


def tree_rows(code, title, unit_line, body, pool, hints):
    unit = _unit(unit_line)
    kind = code.split(".", 1)[1]
    measures = list(TREE_MEASURES[kind])
    nodes: list[Node] = []
    for ln in body:
        text = ln.text.rstrip()
        if NOTE.match(text):
            break
        m = re.match(r"^栏\s*次\s+((?:\d+\s*)+)$", text.strip())
        if m:
            measures = measures[: len(m.group(1).split())] or measures
            continue
        tokens = text.split()
        values = []
        while tokens and (a := _amount(tokens[-1], unit)):
            values.insert(0, a)
            tokens.pop()
        printed_code = tokens.pop(0) if len(tokens) > 1 and PRINTED_CODE.match(tokens[0]) else None
        name = "".join(tokens)
        if not name or re.search(r"\d", name) or len(name) > 30:
            continue
        indent = len(text) - len(text.lstrip(" "))
        nodes.append(Node(name=name, line=ln, values=values, indent=indent, code=printed_code))
    if not any(n.values for n in nodes):
        return [], 1.0, None
    hint = hints.get("income") if kind == "income" else None
    ambiguous = tree_solve(nodes, len(measures), measures, hint)
    if not any(n.code for n in nodes):  # codes printed in the rows are the codes
        assign_codes(nodes, pool)
    out = []
    for n in nodes:
        for i, (amount, raw) in enumerate(n.values):
            if i == 0:
                measure = measures[0]
            else:
                measure = measures[n.columns[i - 1] + 1] if n.columns is not None else None
            out.append(
                _line(
                    code,
                    title,
                    unit,
                    n.line,
                    n.name,
                    measure,
                    amount,
                    raw,
                    item_code=n.code,
                    classification="function" if n.code else None,
                    column_raw=None,
                )
            )
    placed = sum(1 for b in out if b.measure)
    note = f"{ambiguous} figure(s) whose column the table's arithmetic does not decide" if ambiguous else None
    return out, placed / len(out) if out else 1.0, note


# --- economic detail ----------------------------------------------------------------------

ECON_ITEM = re.compile(
    r"(?P<code>3\d{2}(?:\d{2})?)\s+(?P<name>[^\d\s][^\d]*?)(?:\s+(?P<amt>-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}))?(?=\s+3\d{2}(?:\d{2})?\s|\s*$)"
)


def economic_rows(code, title, unit_line, body):
    unit = _unit(unit_line)
    out = []
    for k, ln in enumerate(body):
        text = ln.text.strip()
        if NOTE.match(text):
            break
        for m in ECON_ITEM.finditer(text):
            if m.group("amt"):
                amount, raw = _amount(m.group("amt"))
                out.append(
                    _line(
                        code,
                        title,
                        unit,
                        ln,
                        m.group("name").strip(),
                        "amount",
                        amount,
                        raw,
                        item_code=m.group("code"),
                        classification="economic",
                    )
                )
        tokens = text.split()
        if tokens and all(
            _amount(t) for t in tokens
        ):  # figures on one line, their 合计 names a few lines below
            for later in body[k + 1 : k + 4]:
                names = later.text.split()
                if len(names) == len(tokens) and all("合计" in n for n in names):
                    for name, tok in zip(names, tokens):
                        amount, raw = _amount(tok)
                        out.append(_line(code, title, unit, ln, name, "amount", amount, raw))
                    break
    return out, 1.0, None


# --- fixed assets ---------------------------------------------------------------------------

COUNT = re.compile(r"^\d+$")
VALUE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")


def asset_rows(code, title, unit_line, body):
    """`台式机 113 53.37`: name, 数量 (count), 价值 (amount); a repeated header or caption is skipped."""
    unit = _unit(unit_line)
    out = []
    for ln in body:
        if NOTE.match(ln.text):
            break
        tokens = ln.text.split()
        if len(tokens) < 3 or not VALUE.match(tokens[-1]) or not COUNT.match(tokens[-2]):
            continue
        name = " ".join(tokens[:-2])
        if re.search(r"\d{4}-\d{2}-\d{2}", name):
            continue
        amount = Decimal(tokens[-1].replace(",", ""))
        out.append(_line(code, title, unit, ln, name, "count", Decimal(tokens[-2]), tokens[-2]))
        out.append(_line(code, title, unit, ln, name, "amount", amount, tokens[-1]))
    return out, 1.0, None
