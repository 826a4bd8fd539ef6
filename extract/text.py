"""Read .txt and .md reports (often text converted from a PDF) into a `Document`.

- The encoding is detected: BOMs, UTF-16 without a BOM, UTF-8, then GB18030
  (a superset of GBK and GB2312). Binary data named .txt is refused.
- Form feeds are page breaks; without them the whole file is page 1.
- Tab-separated rows, markdown pipe tables and HTML tables (`<table>…`, as PDF-to-markdown
  converters write them) become `Table`s; everything else stays as lines for the parsers
  (which also see runs of 2+ spaces as cells).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from .errors import BinaryFile, EmptyFile, UndecodableText
from .html_tables import html_tables
from .model import Cell, Document, Line, Page, Table

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def detect_encoding(data: bytes) -> str:
    """The encoding `data` is written in; raises on empty, binary or unknown bytes."""
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:65536]
    if sample.count(0):
        return _utf16_without_bom(sample)
    for name in ("utf-8", "gb18030"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise BinaryFile("binary data, not text (control characters throughout)")
        return name
    raise UndecodableText("not UTF-8, UTF-16 or GB18030 text")


def _utf16_without_bom(sample: bytes) -> str:
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2 or 1
    # ASCII-heavy UTF-16 has NULs in every other byte; CJK-heavy UTF-16 has few NULs
    # but decodes cleanly. Anything else with NUL bytes is binary.
    for name, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        try:
            text = sample[: len(sample) // 2 * 2].decode(name)
        except UnicodeDecodeError:
            continue
        if nuls > half * 0.2 and not _looks_binary(text):
            return name
    raise BinaryFile("binary data, not text (contains NUL bytes)")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd") // 4
    return bad > max(8, len(sample) // 100)


def decode(data: bytes) -> tuple[str, str]:
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    if not text.strip():
        raise EmptyFile("the file holds only white space")
    return text, encoding


def read_text(path: str | Path, *, data: bytes | None = None) -> Document:
    """Read a text or markdown report into a `Document` with one `Page` per form feed."""
    path = Path(path)
    data = path.read_bytes() if data is None else data
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = tuple(text_to_page(chunk, n) for n, chunk in enumerate(text.split("\f"), start=1))
    return Document(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=path.suffix.lower().lstrip(".") or "txt",
        pages=pages,
        encoding=encoding,
    )


def text_to_page(text: str, number: int) -> Page:
    lines = tuple(Line(text=t, page=number, number=i) for i, t in enumerate(text.split("\n"), start=1))
    markup, lines = html_tables(lines) if "<table" in text.lower() else ([], lines)
    tables = sorted([*markup, *lines_to_tables(lines)], key=lambda t: t.first_line or 0)
    return Page(number=number, lines=lines, tables=tuple(tables), has_text=bool(text.strip()))


def lines_to_tables(lines: tuple[Line, ...]) -> list[Table]:
    """Tab-separated blocks and markdown pipe tables, each block of 2+ rows a `Table`."""
    tables: list[Table] = []
    block: list[Line] = []
    kind = None
    for line in (*lines, None):
        this = _row_kind(line) if line is not None else None
        if this is not None and (kind is None or this == kind):
            block.append(line)
            kind = this
            continue
        if len(block) >= 2:
            tables.append(_block_to_table(block, kind))
        block, kind = ([line], this) if this is not None else ([], None)
    return tables


def _row_kind(line: Line) -> str | None:
    text = line.text
    if text.count("\t") >= 1 and text.strip("\t "):
        return "tsv"
    stripped = text.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "markdown"
    return None


def _block_to_table(block: list[Line], kind: str) -> Table:
    rows = []
    for line in block:
        if kind == "markdown":
            if _MD_RULE.match(line.text):
                continue
            parts = line.text.strip().strip("|").split("|")
        else:
            parts = line.text.rstrip("\n").split("\t")
        rows.append(tuple(Cell(text=p.strip(), page=line.page, line=line.number) for p in parts))
    width = max(len(r) for r in rows)
    # trailing empty columns that no row fills are layout noise, not data
    while width > 1 and all(len(r) < width or r[width - 1].empty for r in rows):
        width -= 1
    rows = [r[:width] for r in rows]
    return Table(rows=tuple(rows), page=block[0].page, method=kind, first_line=block[0].number)
