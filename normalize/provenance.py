"""How each row's text was read: the `method` and `ocr_confidence` columns.

A row read from a page's text layer says `pdf` (or `text` for a text file); a row on a
page read by OCR says `ocr`, with the recognizer's score of the cell it came from (by its
bbox), else of the line it starts on. The parsers do not need to know: the page, line and
bbox every row already carries lead back to the document model's OCR scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from caizheng.extract.model import Document

from .schema import OCR_PROVENANCE


@dataclass
class ReadIndex:
    base: str  # pdf or text
    ocr_pages: set[int] = field(default_factory=set)
    lines: dict[tuple[int, int], float] = field(default_factory=dict)
    cells: dict[tuple, float] = field(default_factory=dict)


def _key(page: int, bbox) -> tuple:
    return (page, *(round(float(v), 1) for v in bbox))


def document_to_index(doc: Document) -> ReadIndex:
    index = ReadIndex("pdf" if doc.format == "pdf" else "text")
    for page in doc.pages:
        if page.method != "ocr":
            continue
        index.ocr_pages.add(page.number)
        for line in page.lines:
            if line.confidence is not None:
                index.lines[(page.number, line.number)] = line.confidence
        for table in page.tables:
            for row in table.rows:
                for cell in row:
                    if cell.bbox and cell.confidence is not None:
                        index.cells[_key(page.number, cell.bbox)] = cell.confidence
    return index


def row_method(index: ReadIndex, page, line, bbox) -> tuple[str | None, float | None]:
    if page is None:
        return None, None
    if page not in index.ocr_pages:
        return index.base, None
    score = index.cells.get(_key(page, bbox)) if bbox else None
    if score is None and line is not None:
        score = index.lines.get((page, line))
    return "ocr", score


def with_read_method(table: pa.Table, index: ReadIndex) -> pa.Table:
    """`table` with its `method` and `ocr_confidence` columns filled from the document."""
    names = table.column_names
    if "ocr_confidence" not in names or "page" not in names or table.num_rows == 0:
        return table
    pages = table.column("page").to_pylist()
    lines = table.column("line").to_pylist() if "line" in names else [None] * len(pages)
    boxes = table.column("bbox").to_pylist() if "bbox" in names else [None] * len(pages)
    read = [row_method(index, p, n, b) for p, n, b in zip(pages, lines, boxes)]
    for f, values in zip(OCR_PROVENANCE, zip(*read)):
        table = table.set_column(names.index(f.name), f, pa.array(values, type=f.type))
    return table
