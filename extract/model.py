"""The document model every reader returns and every parser reads.

Frozen dataclasses, each element knowing where it came from: a `Line` knows its
page, its 1-based line number within the page and (for PDFs) its bounding box; a
`Cell` knows the same. Readers build new objects; nothing here is mutated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass(frozen=True)
class Line:
    """One line of text as printed: the unit of provenance for prose."""

    text: str
    page: int
    number: int  # 1-based within the page
    bbox: BBox | None = None
    confidence: float | None = None  # OCR: the recognizer's score of the line's weakest box (0..1)

    def cells(self) -> list[str]:
        """Candidate cells: the line split on tabs, or on runs of two or more spaces."""
        import re

        if "\t" in self.text:
            return [c.strip() for c in self.text.split("\t")]
        return [c for c in re.split(r"\s{2,}", self.text.strip()) if c]


@dataclass(frozen=True)
class Cell:
    text: str
    page: int
    line: int | None = None  # the page line the cell's text starts on, where known
    bbox: BBox | None = None
    confidence: float | None = None  # OCR: the score of the cell's weakest box (0..1)
    # (x0, x1) of the text's first line: where a name column indents its rows (PDF text only)
    text_span: tuple[float, float] | None = None

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Table:
    """A grid of cells found on one page (continuations are joined by the parsers)."""

    rows: tuple[tuple[Cell, ...], ...]
    page: int
    method: str  # how it was found: "pdf-lines", "pdf-text", "pdf-lines+text" (ruled header, free body), "ocr-lines", "ocr-text", "tsv", "markdown"
    bbox: BBox | None = None
    first_line: int | None = None  # page line number of the table's first row

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def texts(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.rows]


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    lines: tuple[Line, ...]
    tables: tuple[Table, ...] = ()
    width: float | None = None
    height: float | None = None
    has_text: bool = True
    # "ocr" when the page was read from its image; "unmapped" when its text layer is glyph codes
    # with no Unicode text behind them (a page to OCR); None: read from its text layer
    method: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Document:
    path: str
    sha256: str
    format: str  # "pdf", "txt", "md"
    pages: tuple[Page, ...]
    encoding: str | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    def lines(self):
        """Every line of the document in reading order."""
        for page in self.pages:
            yield from page.lines

    def tables(self):
        for page in self.pages:
            yield from page.tables
