"""The funds block of a 绩效自评表 → budget_lines (`self_eval.funds`).

The block heads its columns 年初预算数 / 全年预算数 (or just 预算数（A）) / 实际支出数 or
执行数（B） / 执行率 / 分值 / 得分, and prints a row per fund (全年支出, 其中：基本支出,
项目支出; 年度资金总额, 其中：财政拨款…). Read from cells (tab-separated or PDF
tables) by header position, and from text lines (reports converted from PDF,
where each cell sits on its own lines) by header order: the first numbers line
after the header holds the figures in the header's order, and the lines between
the header and it hold the row's name, wrapped.
"""

from __future__ import annotations

from decimal import Decimal

import regex as re

from extract.model import Document, Line

from .records import BudgetLine, TableInfo

CODE = "self_eval.funds"
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
FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$|^-$")
TITLE = "自评表"


def header_measure(text: str) -> tuple[bool, str | None]:
    """(is a funds header, measure) for one header cell."""
    t = re.sub(r"\s+|（.*?）|\(.*?\)", "", text)
    for pattern, measure in HEADERS:
        if re.search(pattern, t):
            return True, measure
    return False, None


def document_to_self_eval_funds(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    if TITLE not in doc.text:
        return [], []
    lines, infos = cells_to_funds(doc)
    if not lines and doc.format != "pdf":
        lines, infos = text_to_funds(doc)
    return lines, infos


def cells_to_funds(doc: Document):
    out: list[BudgetLine] = []
    infos: list[TableInfo] = []
    for page in doc.pages:
        for table in page.tables:
            header = None
            for row in table.rows:
                texts = [c.text.strip() for c in row]
                marks = [header_measure(t) if t else (False, None) for t in texts]
                if sum(1 for ok, m in marks if ok and m) >= 2:
                    header = {i: m for i, (ok, m) in enumerate(marks) if ok}
                    title = next((t for t in texts if t and not header_measure(t)[0]), "")
                    start = len(out)
                    continue
                if header is None:
                    continue
                money = {
                    i: texts[i] for i, m in header.items() if m and i < len(texts) and NUMBER.match(texts[i])
                }
                if not money:
                    if any(texts):
                        infos.append(_info(out[start:], title, page.number, table.method))
                        header = None
                    continue
                first = min(header)
                name = next((t for t in reversed(texts[:first]) if t), "")
                for i, raw in money.items():
                    cell = row[i]
                    out.append(_line(name, header[i], raw, cell.page, cell.line, title))
            if header is not None:
                infos.append(_info(out[start:], title, page.number, table.method))
    return out, [i for i in infos if i.n_values]


def text_to_funds(doc: Document):
    out: list[BudgetLine] = []
    infos: list[TableInfo] = []
    lines: list[Line] = [ln for page in doc.pages for ln in page.lines if ln.text.strip()]
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        if len(text) > 15 or not re.search(r"预算数|执行数|实际支出数", text):
            i += 1
            continue
        # the header block: from here until the first line of figures
        measures: list[str | None] = []
        j = i
        while j < len(lines) and j < i + 20:
            t = re.sub(r"\s+", "", lines[j].text)
            if _figures(lines[j].text):
                break
            for piece in re.split(r"[（(][^）)]*[）)]", t):
                ok, m = header_measure(piece) if piece else (False, None)
                if ok and (not measures or measures[-1] != m or m is None):
                    measures.append(m)
            j += 1
        if j >= len(lines) or not _figures(lines[j].text):
            i += 1  # no figures under this header: not a funds block
            continue
        name_lines = []
        k = j - 1
        while (
            k > i
            and not header_measure(re.sub(r"[（(].*", "", lines[k].text.strip()))[0]
            and not re.search(r"分[）)]|执行率", lines[k].text)
        ):
            name_lines.insert(0, lines[k].text.strip())
            k -= 1
        if j < len(lines) and measures.count("actual") and len(measures) >= 2:
            tokens = lines[j].text.split()
            name = "".join(name_lines) or "资金总额"
            for measure, raw in zip(measures, tokens):
                if measure and NUMBER.match(raw):
                    out.append(_line(name, measure, raw, lines[j].page, lines[j].number, "绩效自评表"))
            infos.append(_info(out[-2:], "绩效自评表", lines[j].page, "text-lines"))
        i = j + 1
    return out, [i for i in infos if i.n_values]


def _figures(text: str) -> bool:
    tokens = text.split()
    return len(tokens) >= 2 and all(FIGURE.match(t) for t in tokens)


def _line(name: str, measure: str, raw: str, page: int, line: int | None, title: str) -> BudgetLine:
    return BudgetLine(
        table_code=CODE,
        table_title_raw=title or "绩效自评表",
        item_name_raw=name,
        measure=measure,
        amount=Decimal(raw.replace(",", "")),
        amount_raw=raw,
        unit_raw="万元",
        page=page,
        line=line,
    )


def _info(lines: list[BudgetLine], title: str, page: int, method: str) -> TableInfo:
    return TableInfo(
        table_code=CODE,
        table_title_raw=title or "绩效自评表",
        page=page,
        page_end=page,
        unit_raw="万元",
        n_rows=len({b.line for b in lines}),
        n_values=len(lines),
        method=method,
    )
