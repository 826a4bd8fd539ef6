"""The funds block of a 绩效自评表 → budget_lines (`self_eval.funds`).

The block heads its columns 年初预算数 / 全年预算数 (or just 预算数（A）) / 实际支出数,
全年执行数 or 执行数（B） / 执行率 / 分值 / 得分, and prints a row per fund: 全年支出,
其中：基本支出, 项目支出 (department self-evaluations); 年度资金总额, 其中：当年财政拨款,
上年结转资金, 其他资金 (project self-evaluations). Names are kept as printed (wrapped
lines joined); normalization later drops a leading 其中：, the row being the fund it names.

Two readings, one per input shape:
- cells (tab-separated text, PDF tables): each figure sits under its header cell. A row
  of a fund with no figures (上年结转资金 left blank) does not end the block; a row
  that names something else does.
- text lines (reports converted from PDF, where a wrapped cell spreads over several
  lines): the header's pieces give the measures in column order; each following line
  that ends in figures is a row, named by its own words and the name lines wrapped
  before it (`年度财` / `政资金` / `150 150 100% 20` / `总额`). Text keeps no column
  positions, so the figures are placed in the header's order from the left; when a
  row prints fewer figures than the block has money columns the placement cannot be
  known, and the figures are kept with measure null and the table's confidence lowered.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import regex as re

from caizheng.extract.model import Document, Line

from .records import BudgetLine, TableInfo

CODE = "self_eval.funds"
TITLE = "自评表"
HEADERS = (
    (r"年初预算", "budget_initial"),
    (r"全年预算|调整后预算", "budget_full_year"),
    (r"^预算数", "budget_full_year"),
    (r"实际支出|执行数|^决算数", "actual"),
    (r"执行率", None),
    (r"^分值", None),
    (r"^得分", None),
)
NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$|^[-—–/]+$")
# the words of a fund row's name, whole or wrapped
FUND_NAME = re.compile(r"资金|拨款|支出|结转|结余|总额|合计|小计|其中")
WRAPPED_TAIL = re.compile(r"^(?:总额|资金|拨款|支出|结转|资金总额)$")


def header_measure(text: str) -> tuple[bool, str | None]:
    """(is a funds header, measure) for one header cell: `全年执行数` → (True, actual),
    `执行率` → (True, None), `项目名称` → (False, None)."""
    t = re.sub(r"\s+|（.*?）|\(.*?\)", "", text)
    for pattern, measure in HEADERS:
        if re.search(pattern, t):
            return True, measure
    return False, None


def header_unit(texts: list[str]) -> str:
    """`年初预算数（元）` makes the block's unit 元; 万元 otherwise (the template's unit)."""
    joined = "".join(texts)
    return "元" if re.search(r"[（(]元[）)]|单位[:：]元", joined) else "万元"


def document_to_self_eval_funds(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    if TITLE not in doc.text:
        return [], []
    lines, infos = cells_to_funds(doc)
    if not lines:
        lines, infos = text_to_funds(doc)
    return lines, infos


# --- cells -----------------------------------------------------------------------------


def cells_to_funds(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    out: list[BudgetLine] = []
    infos: list[TableInfo] = []
    for page in doc.pages:
        for table in page.tables:
            header: dict[int, str | None] | None = None
            for row in table.rows:
                texts = [c.text.strip() for c in row]
                marks = [header_measure(t) if t else (False, None) for t in texts]
                if sum(1 for ok, m in marks if ok and m) >= 2:
                    header = {i: m for i, (ok, m) in enumerate(marks) if ok}
                    title = next((t for t in texts if t and not header_measure(t)[0]), "")
                    unit = header_unit(texts)
                    start = len(out)
                    continue
                if header is None:
                    continue
                first = min(header)
                name = next((t for t in reversed(texts[:first]) if t), "")
                money = {
                    i: texts[i] for i, m in header.items() if m and i < len(texts) and NUMBER.match(texts[i])
                }
                if not money:
                    if any(texts) and not FUND_NAME.search(name):
                        infos.append(_info(out[start:], title, page.number, table.method, unit))
                        header = None
                    continue
                for i, raw in money.items():
                    cell = row[i]
                    out.append(_line(name, header[i], raw, cell.page, cell.line, title, unit))
            if header is not None:
                infos.append(_info(out[start:], title, page.number, table.method, unit))
    return out, [i for i in infos if i.n_values]


# --- text lines ------------------------------------------------------------------------


def split_figures(text: str) -> tuple[str, list[str]] | None:
    """`其中：当年财政拨款 100 100 95 — —` → ('其中：当年财政拨款', [figures]); None for a line
    that does not end in at least two figures, one of them a number."""
    tokens = text.split()
    k = len(tokens)
    while k > 0 and FIGURE.match(tokens[k - 1]):
        k -= 1
    figures = tokens[k:]
    if len(figures) < 2 or not any(NUMBER.match(t) for t in figures):
        return None
    return " ".join(tokens[:k]), figures


def header_block(lines: list[Line], i: int) -> tuple[list[str | None], int]:
    """The measures of a header starting at line i, in column order, and the index of
    the first line after it that holds figures (len(lines) when none within 20 lines)."""
    measures: list[str | None] = []
    j = i
    while j < len(lines) and j < i + 20:
        if split_figures(lines[j].text):
            return measures, j
        t = re.sub(r"\s+", "", lines[j].text)
        for piece in re.split(r"[（(][^）)]*[）)]", t):
            ok, m = header_measure(piece) if piece else (False, None)
            if ok and (not measures or measures[-1] != m or m is None):
                measures.append(m)
        j += 1
    return measures, len(lines)


def wrapped_name_before(lines: list[Line], i: int, j: int) -> list[str]:
    """The name lines between the header (from line i) and the first row (line j)."""
    names: list[str] = []
    k = j - 1
    while (
        k > i
        and not header_measure(re.sub(r"[（(].*", "", lines[k].text.strip()))[0]
        and not re.search(r"分[）)]|执行率", lines[k].text)
    ):
        names.insert(0, lines[k].text.strip())
        k -= 1
    return names


def place_figures(measures: list[str | None], figures: list[str]) -> list[tuple[str | None, str]]:
    """(measure, figure) for the money figures of one row, in the header's order from the
    left; measure None for all when the row prints fewer figures than money columns."""
    money_columns = sum(1 for m in measures if m)
    if len(figures) < money_columns or not money_columns:
        return [(None, f) for f in figures if NUMBER.match(f)]
    return [(m, f) for m, f in zip(measures, figures) if m and NUMBER.match(f)]


def text_to_funds(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    out: list[BudgetLine] = []
    infos: list[TableInfo] = []
    lines: list[Line] = [ln for page in doc.pages for ln in page.lines if ln.text.strip()]
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        if len(text) > 15 or not re.search(r"预算数|执行数|实际支出数", text):
            i += 1
            continue
        measures, j = header_block(lines, i)
        if j >= len(lines) or "actual" not in measures or len(measures) < 2:
            i += 1  # no figures under this header: not a funds block
            continue
        block, j, sure = block_rows(lines, j, measures, wrapped_name_before(lines, i, j))
        out.extend(block)
        if block:
            info = _info(block, "绩效自评表", block[0].page, "text-lines", "万元")
            infos.append(_with_confidence(info, sure))
        i = j
    return out, infos


def block_rows(
    lines: list[Line], j: int, measures: list[str | None], pending: list[str]
) -> tuple[list[BudgetLine], int, float]:
    """The rows of one block from its first figures line j: (rows, next line index, share
    of rows placed with certainty). A row after the first must be named as a fund."""
    rows: list[BudgetLine] = []
    placed = total = 0
    while j < len(lines):
        split = split_figures(lines[j].text)
        if split is None:
            break
        own, figures = split
        name = "".join(pending) + own.strip()
        if rows and not FUND_NAME.search(name):
            break
        figures_line = lines[j]
        j += 1
        if j < len(lines) and WRAPPED_TAIL.match(lines[j].text.strip()) and not split_figures(lines[j].text):
            name += lines[j].text.strip()  # the end of a name wrapped past the figures
            j += 1
        cells = place_figures(measures, figures)
        total += 1
        placed += all(m for m, _ in cells)
        for measure, raw in cells:
            rows.append(
                _line(
                    name or "资金总额",
                    measure,
                    raw,
                    figures_line.page,
                    figures_line.number,
                    "绩效自评表",
                    "万元",
                )
            )
        pending = next_name(lines, j)
        if pending is None:
            break
        j += len(pending)
    return rows, j, (placed / total if total else 1.0)


def next_name(lines: list[Line], j: int) -> list[str] | None:
    """The wrapped name lines before the next figures line, if one follows within four
    lines; None when the block has ended."""
    names: list[str] = []
    for k in range(j, min(j + 5, len(lines))):
        if split_figures(lines[k].text):
            return names
        names.append(lines[k].text.strip())
    return None


# --- records ---------------------------------------------------------------------------


def _line(
    name: str, measure: str | None, raw: str, page: int, line: int | None, title: str, unit: str
) -> BudgetLine:
    return BudgetLine(
        table_code=CODE,
        table_title_raw=title or "绩效自评表",
        item_name_raw=name,
        measure=measure,
        amount=Decimal(raw.replace(",", "")),  # in unit_raw; normalize converts to 万元
        amount_raw=raw,
        unit_raw=unit,
        page=page,
        line=line,
    )


def _info(lines: list[BudgetLine], title: str, page: int, method: str | None, unit: str) -> TableInfo:
    return TableInfo(
        table_code=CODE,
        table_title_raw=title or "绩效自评表",
        page=page,
        page_end=max((b.page for b in lines), default=page),
        line=min((b.line for b in lines if b.page == page and b.line), default=None),
        unit_raw=unit,
        n_rows=len({(b.page, b.line) for b in lines}),
        n_values=len(lines),
        method=method,
    )


def _with_confidence(info: TableInfo, sure: float) -> TableInfo:
    note = None if sure == 1 else "some rows print fewer figures than money columns: measure left null"
    return replace(info, confidence=round(sure, 3), note=note)
