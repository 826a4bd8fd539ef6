"""Prose of a document as sentences, each character knowing its page and line.

Facts live in running text, but reports break lines hard (seed 000 every line mid-word,
with blank lines between) and interleave tables (budget grids, indicator tables whose cells
come out one per line in text). So: drop the lines that belong to tables, clean the rest
(NFKC, no spaces between Chinese characters), join them without separators, and split into
sentences at 。!? and before headings (a heading never continues the sentence before it).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from caizheng.extract.model import Document, Line, Page

from .numbers import find_numbers


@dataclass(frozen=True)
class Sentence:
    """A sentence of prose; `where[i]` is the (page, line) of `text[i]`."""

    text: str
    where: tuple[tuple[int, int], ...]
    starts_block: bool  # first sentence after a heading or a table: context does not carry over

    def line_at(self, i: int) -> tuple[int, int]:
        return self.where[min(max(i, 0), len(self.where) - 1)]


# a heading or list item at the start of a line: 一、 （一） (1) 1、 1. ## 第一部分
HEADING = regex.compile(
    r"^(?:#+|第[一二三四五六七八九十]+(?:部分|章|节)|[一二三四五六七八九十]+[、.]|"
    r"\(?[一二三四五六七八九十]+\)|\(\d{1,2}\)|\d{1,2}[、.](?!\d)|\d{1,2}\.(?=\d+(?:家|个|户|项|件)))"
)
# a page number on a line of its own (`13`, `- 13 -`, `第13页`): not part of the sentence it interrupts
PAGE_NUMBER = regex.compile(r"^\s*[-—–]?\s*第?\s*\d{1,4}\s*页?\s*[-—–]?\s*$")
# an ordinal glued to a number that follows it: `3.3 家基地` is item 3, three 基地
_ORDINAL_BEFORE_COUNT = regex.compile(r"^\d{1,2}\.(?=\d+(?:家|个|户|项|件))")
_SPACE = regex.compile(r"(?<![A-Za-z0-9.,%])\s+|\s+(?![A-Za-z0-9])")
_SENTENCE_END = "。!?"
_CLAUSE_PUNCT = "，。；：,;:"


def clean_line(text: str) -> str:
    """NFKC, no markdown emphasis, and no spaces except between two Latin letters or digits."""
    s = unicodedata.normalize("NFKC", text).replace("*", "")
    s = regex.sub(r"^\s*#+\s*", "", s)
    return _SPACE.sub("", s).strip()


# the header row of an indicator or budget table printed as text: what follows is table until prose
TABLE_HEADER = regex.compile(
    r"(?:自评表|目标表)\s*$|一级指标\s*二级指标|二级指标\s*三级指标|项\s*目\s*行次|科目编码\s*科目名称"
)


def _prose_like(text: str) -> bool:
    """A line of running text: a heading, or a long line with sentence punctuation and no cell gaps."""
    s = text.strip()
    if HEADING.match(s) and " " not in s:
        return True
    dense = regex.sub(r"\s+", "", s)
    return (
        len(dense) >= 20
        and any(c in s for c in "，。")
        and not regex.search(r"\p{Han}\s+\p{Han}|\S\s{2,}\S", s)
    )


def _narrow(text: str) -> bool:
    s = text.strip()
    return 0 < len(s) <= 12 and not s.endswith("。")


def text_table_lines(lines: list[Line]) -> set[int]:
    """Line numbers that look like table rows or cells, for documents read from text.

    A grid row: a tab, or two numbers or more with no clause punctuation (`教育支出 217.73 6.4%`,
    `完成重残代缴人数 260人 815人 1`). A cell of a
    table printed one cell per line: a short line among mostly short lines.
    """
    out: set[int] = set()
    nonblank = [ln for ln in lines if ln.text.strip()]
    narrow = [_narrow(ln.text) for ln in nonblank]
    in_table = False
    for i, ln in enumerate(nonblank):
        raw = ln.text
        if TABLE_HEADER.search(raw):
            in_table = True
        elif in_table and _prose_like(raw):
            in_table = False
        if in_table:
            out.add(ln.number)
            continue
        body = HEADING.sub("", unicodedata.normalize("NFKC", raw).strip())  # `2.` is an ordinal
        numbers = sum(
            1 for n, _, _ in find_numbers(body) if n.unit not in ("年", "月", "日")
        )  # years are no cells
        punct = any(c in raw for c in "，。；、")
        if "\t" in raw or (numbers >= 2 and not punct):
            out.add(ln.number)
            continue
        window = narrow[max(0, i - 4) : i + 5]
        if narrow[i] and sum(window) >= 6:
            out.add(ln.number)
    return out


def _inside(bbox, box) -> bool:
    x0, top, x1, bottom = bbox
    mid = (top + bottom) / 2
    return box[1] - 1 <= mid <= box[3] + 1 and x0 < box[2] and x1 > box[0]


def _table_box(table):
    if table.bbox:
        return table.bbox
    boxes = [c.bbox for row in table.rows for c in row if c.bbox]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def page_to_prose_lines(page: Page) -> list[Line | None]:
    """The page's lines that are prose: not inside a table's box (PDF) nor table-like (text).

    A line of a table gives None in its place: the sentence before it has ended.
    """
    boxes = [b for b in (_table_box(t) for t in page.tables) if b]
    tabular = text_table_lines(list(page.lines))
    for t in page.tables:  # tables found in text (tsv, markdown) know their first line
        if t.first_line and not t.bbox:
            tabular.update(range(t.first_line, t.first_line + len(t.rows)))
    out: list[Line | None] = []
    for ln in page.lines:
        if not ln.text.strip() or PAGE_NUMBER.match(ln.text):
            continue
        if ln.number in tabular or (ln.bbox and any(_inside(ln.bbox, b) for b in boxes)):
            if out and out[-1] is not None:
                out.append(None)
            continue
        out.append(ln)
    return out


def document_to_sentences(doc: Document) -> list[Sentence]:
    """Prose lines joined across hard breaks, split into sentences."""
    out: list[Sentence] = []
    buf: list[str] = []
    where: list[tuple[int, int]] = []
    state = {"block": True}

    def flush():
        text = "".join(buf)
        if text.strip():
            out.append(Sentence(text, tuple(where), state["block"]))
            state["block"] = False
        buf.clear()
        where.clear()

    for page in doc.pages:
        for ln in page_to_prose_lines(page):
            if ln is None:
                flush()  # a table in between: a new block
                state["block"] = True
                continue
            s = clean_line(ln.text)
            if not s:
                continue
            heading = HEADING.match(s)
            if heading:
                flush()
                state["block"] = True
                if _ORDINAL_BEFORE_COUNT.match(s):
                    s = s[heading.end() :]
            for ch in s:
                buf.append(ch)
                where.append((ln.page, ln.number))
                if ch in _SENTENCE_END:
                    flush()
            if heading and len(s) <= 30 and not any(c in _CLAUSE_PUNCT for c in s):
                flush()  # a heading line of its own (（二）部门收支预决算情况) is no context
    flush()
    return out
