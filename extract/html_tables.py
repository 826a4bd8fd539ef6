"""HTML tables inside text reports: PDF-to-markdown converters (MinerU, marker, pandoc) write
a table they cannot draw in pipes as `<table><tr><td rowspan="2">…</td>…</table>`, on one line
or over many. Each becomes a `Table` (method "html") on the grid its spans describe: a cell
spanning rows or columns holds its text in its first position and leaves the others empty,
as a merged cell of a ruled PDF table does. Each cell knows the line its `<td>` opens on.

The lines themselves keep their place (provenance is the file's line), with the markup
replaced by the cell texts, two spaces apart, so prose readers see words, not tags.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .model import Cell, Line, Table

_OPEN = re.compile(r"<table\b", re.I)
_CLOSE = re.compile(r"</table\s*>", re.I)
_CELL_BREAK = re.compile(r"<\s*(?:td|th)\b[^>]*>|<\s*/\s*tr\s*>|<\s*br\s*/?\s*>", re.I)
_TAG = re.compile(r"<[^>]*>")
MAX_SPAN = 1000  # a rowspan/colspan beyond this is a damaged attribute, read as 1
MAX_COLS = 200


@dataclass
class _Cell:
    text: list[str] = field(default_factory=list)
    line: int = 0
    rowspan: int = 1
    colspan: int = 1


class _Grid(HTMLParser):
    """The rows of one `<table>` (nested tables are read as text of their cell)."""

    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.rows: list[list[_Cell]] = []
        self.cell: _Cell | None = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1
        if self.depth > 1:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            spans = {k: _span(v) for k, v in attrs if k in ("rowspan", "colspan")}
            self.cell = _Cell(line=self.first_line + self.getpos()[0] - 1, **spans)
            self.rows[-1].append(self.cell)
        elif tag == "br" and self.cell is not None:
            self.cell.text.append(" ")

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth -= 1
        if self.depth <= 1 and tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.text.append(data)


def _span(value: str | None) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return n if 1 <= n <= MAX_SPAN else 1


def grid(rows: list[list[_Cell]]) -> list[list[_Cell | None]]:
    """The table's cells on their grid positions; a position a span covers (or no cell fills)
    holds None. Spans end at the table's last row and at MAX_COLS columns."""
    at: dict[tuple[int, int], _Cell | None] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in at:
                c += 1
            for dr in range(min(cell.rowspan, len(rows) - r)):
                for dc in range(min(cell.colspan, MAX_COLS - c)):
                    at[(r + dr, c + dc)] = None if dr or dc else cell
            c += cell.colspan
            width = max(width, min(c, MAX_COLS))
    return [[at.get((r, c)) for c in range(width)] for r in range(len(rows))]


def html_tables(lines: tuple[Line, ...]) -> tuple[list[Table], tuple[Line, ...]]:
    """The page's HTML tables, and its lines with their markup replaced by cell texts."""
    tables: list[Table] = []
    texts = [ln.text for ln in lines]
    inside: set[int] = set()
    i = 0
    while i < len(lines):
        start = _OPEN.search(texts[i])
        if not start:
            i += 1
            continue
        j = i  # the table ends at its </table>, or (left open) before the next <table>
        while j < len(lines) and not _CLOSE.search(texts[j], start.start() if j == i else 0):
            if j + 1 < len(lines) and _OPEN.search(texts[j + 1]):
                break
            j += 1
        j = min(j, len(lines) - 1)
        chunk = "\n".join([texts[i][start.start() :], *texts[i + 1 : j + 1]])
        end = _CLOSE.search(chunk)
        parser = _Grid(lines[i].number)
        parser.feed(chunk[: end.end()] if end else chunk)
        parser.close()
        table = _to_table(parser.rows, lines[i])
        if table is not None:
            tables.append(table)
            inside.update(range(i, j + 1))
        i = j + 1
    if not tables:
        return tables, lines
    return tables, tuple(_plain(ln) if k in inside else ln for k, ln in enumerate(lines))


def _to_table(rows: list[list[_Cell]], first: Line) -> Table | None:
    cells = grid(rows)
    if len(cells) < 2:
        return None
    out = []
    for row in cells:
        line = next((c.line for c in row if c is not None), first.number)
        out.append(
            tuple(
                Cell(text=_text(c), page=first.page, line=c.line)
                if c is not None
                else Cell(text="", page=first.page, line=line)
                for c in row
            )
        )
    return Table(rows=tuple(out), page=first.page, method="html", first_line=first.number)


def _text(cell: _Cell) -> str:
    return re.sub(r"\s+", " ", "".join(cell.text)).strip()


def _plain(line: Line) -> Line:
    """The line with its table markup replaced by the cell texts, two spaces apart."""
    text = _CELL_BREAK.sub("  ", line.text)
    text = html.unescape(_TAG.sub("", text))
    text = re.sub(r" {3,}", "  ", text).strip()
    return Line(text=text, page=line.page, number=line.number, bbox=line.bbox)
