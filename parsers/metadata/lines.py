"""The parts of a document its metadata is read from: the lines, the title block and
the table titles.

The title block is what a cover or a first page prints before the body starts: the
lines up to the salutation (`各位代表：`), the first section heading or the first line
of prose. Table titles are the short lines that end in 表 (or name a 草案/情况 table)
wherever they are printed, the table of contents included.
"""

from __future__ import annotations

import unicodedata

import regex

from caizheng.extract.model import Document

TITLE_LINES = 40  # the head: lines read for labelled fields and names
TITLE_BLOCK = 10  # at most this many lines form the title block

_RULE = regex.compile(r"[-#*_=\s|—–]+")
_BODY = regex.compile(
    r"[:：]$|^各位|^(?:第[一二三四五六七八九十]+(?:部分|章)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[、.．])"
    r"|^(?:表|附表)\s*[\d一二三四五六七八九十]|^单位\s*[:：]"
)
# lines a cover prints around its title without being part of it
_SKIP = regex.compile(
    r"^目\s*录$|^(?:表|附表)\s*[\d一二三四五六七八九十]+(?:[-—－]\d+)?\s*[:：]?$|^[-—–\s]*\d{1,3}[-—–\s]*$"
)
_TABLE_TITLE = regex.compile(r"(?:表|草案|情况)(?:[（(][^）)]{0,12}[)）])?$")
_LEADER = regex.compile(r"(?:\.{3,}|…{2,}|·{3,}|\s)\s*\d{1,3}$")


def document_lines(doc: Document) -> list[str]:
    lines = [unicodedata.normalize("NFKC", ln.text).strip() for ln in doc.lines()]
    return [ln for ln in lines if ln and not _RULE.fullmatch(ln)]


def prose_lines(lines: list[str]) -> list[str]:
    """A report's title is prose, not a table row: a list of reports (a README, an
    index) names report kinds in its cells without being one."""
    return [ln for ln in lines if "|" not in ln and "\t" not in ln]


def strip_markup(line: str) -> str:
    return regex.sub(r"^[#>*\s]+|\*\*", "", line).strip()


def head_of(prose: list[str]) -> list[str]:
    return [s for s in (strip_markup(ln) for ln in prose[:TITLE_LINES]) if s]


def title_block(head: list[str]) -> list[str]:
    """The lines before the body: the cover, or the first page's title."""
    out: list[str] = []
    for line in head:
        if _SKIP.match(line):
            continue
        if _BODY.search(line) or (len(line) > 30 and regex.search(r"[。，；,;:：]", line)):
            if out:
                break
            if regex.search(r"[:：]$|^各位", line):
                continue  # a label line before any title: not a title, not the body yet
            out.append(line)  # a document that opens with a heading: that heading is all it has
            break
        out.append(line)
        if len(out) >= TITLE_BLOCK:
            break
    return out


def join_spaced_digits(text: str) -> str:
    """`2 0 2 4 年` → `2024 年`: a year printed with letter-spacing."""
    return regex.sub(r"(?<!\d)(\d) (\d) (\d) (\d)(?!\d)", r"\1\2\3\4", text)


_TABLE_NUMBER = regex.compile(r"^(?:表|附表)?\s*[\d一二三四五六七八九十]+(?:[-—.－]\d+)?\s*[:：、.]?\s*")
_SECTION_MARK = regex.compile(r"^§\d+\s*")
_CLAUSE_MARK = regex.compile(r"[。，；]")


def table_titles(lines: list[str], limit: int = 400) -> list[str]:
    """Short lines that title a table, in order (the table of contents' entries too,
    without their leaders and page numbers)."""
    out = []
    for line in lines:
        t = _LEADER.sub("", line).rstrip(".…· ")
        t = _SECTION_MARK.sub("", _TABLE_NUMBER.sub("", t))
        if 6 <= len(t) <= 60 and _TABLE_TITLE.search(t) and not _CLAUSE_MARK.search(t):
            out.append(t)
            if len(out) >= limit:
                break
    return out
