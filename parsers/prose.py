"""The prose of a document as lines with provenance, for the rules that read wording
(years, placeholders, punctuation, comparison words).

The lines are those the facts parser reads as running text (tables excluded), cleaned the
same way (NFKC, no spaces between Chinese characters). A line the facts parser sets aside
only because it looks like a table row (two numbers, no clause punctuation: `政厅关于 2017年
省级部门预算的批复》（苏财预〔2017〕19`) is kept when it reads as words, not cells. Each line knows its page and line, whether it is a numbered heading, and whether
it starts a block (after a heading or a table), so a rule can follow a paragraph across line
wraps and page breaks but not into a table. A note printed inside a table's frame (`注：本部门
无相关收支项目`) is kept too, marked `table_note`, for the rules on empty tables.
"""

from __future__ import annotations

import regex

from caizheng.extract.model import Document, Line, Page

from .facts_text import HEADING, PAGE_NUMBER, _inside, _table_box, clean_line, text_table_lines
from .records import ProseLine

NOTE = regex.compile(r"^(?:注|备注|说明)\s*[:：]")


def _is_heading(text: str) -> bool:
    """A numbered heading (`一、`, `（二）`, `第三部分`) on a line of its own."""
    return bool(HEADING.match(text)) and len(text) <= 40 and not text.endswith("。")


def page_to_lines(page: Page) -> list[tuple[Line, bool] | None]:
    """The page's prose lines, each with whether it is a note inside a table's frame; None in
    place of a table's other lines."""
    boxes = [b for b in (_table_box(t) for t in page.tables) if b]
    tabular = text_table_lines(list(page.lines))
    tables: set[int] = set()
    for t in page.tables:
        if t.first_line and not t.bbox:
            tables.update(range(t.first_line, t.first_line + len(t.rows)))
    out: list[tuple[Line, bool] | None] = []
    for ln in page.lines:
        if not ln.text.strip() or PAGE_NUMBER.match(ln.text):
            continue
        boxed = bool(ln.bbox and any(_inside(ln.bbox, b) for b in boxes))
        if boxed and NOTE.match(clean_line(ln.text)):
            out.append((ln, True))
        elif boxed or ln.number in tables or (ln.number in tabular and not _sentence_like(ln.text)):
            if out and out[-1] is not None:
                out.append(None)
        else:
            out.append((ln, False))
    return out


def _sentence_like(text: str) -> bool:
    """Words rather than cells: mostly Chinese characters, no gap between cells, no tab
    (`财政厅关于编制省级 2017 年部门预算和 2017-2019 年财政规划的通` is the middle of a sentence)."""
    dense = regex.sub(r"\s+", "", text)
    if len(dense) < 15 or "\t" in text or regex.search(r"\S\s{2,}\S", text.strip()):
        return False
    return len(regex.findall(r"\p{Han}", dense)) >= 0.5 * len(dense)


def document_to_prose(doc: Document) -> list[ProseLine]:
    out: list[ProseLine] = []
    block = True
    for page in doc.pages:
        for item in page_to_lines(page):
            if item is None:
                block = True  # a table in between
                continue
            ln, note = item
            text = clean_line(ln.text)
            if not text:
                continue
            if note:  # kept for the rules on empty tables; the running text goes on around it
                out.append(ProseLine(ln.page, ln.number, text, table_note=True))
                continue
            heading = _is_heading(text)
            out.append(ProseLine(ln.page, ln.number, text, heading=heading, block_start=block or heading))
            block = False
    return out
