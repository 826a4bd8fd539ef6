"""Read a PDF with pdfplumber into the same `Document` the text reader returns.

Per page: read the way up its text runs (a page whose /Rotate or drawing turns the text
sideways or upside down is read turned back, and the document warns which pages were),
duplicated characters removed (bold faked by overprinting), lines with
their bounding boxes, CJK spacing repaired (`保 障` → `保障`, `2021 年` → `2021年`,
never two numbers glued), and tables from ruled lines, falling back to text
alignment on pages that look tabular but have no rules. Each page is closed
after use so memory stays flat on long files.
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import itertools
import math
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import regex

from .errors import CorruptPDF, EncryptedPDF
from .model import Cell, Document, Line, Page, Table

CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef"
# a space between two CJK characters (or CJK punctuation) is a PDF artefact
_CJK_GAP = regex.compile(rf"(?<=[{CJK}])[ \t]+(?=[{CJK}])")
# `2021 年`, `3977 人`, `9746.50 万元`: a number followed by a CJK word belongs to it
_NUM_CJK_GAP = regex.compile(rf"(?<=[0-9%])[ \t]+(?=[{CJK}])")
_NUMERIC_LINE = regex.compile(r"(?:^|\s)-?[\d,]+\.\d{2}(?:\s|$)")


@dataclass(frozen=True)
class PdfSettings:
    """How pages are read; validated on construction."""

    text_fallback: bool = True  # look for unruled tables on tabular pages
    min_numeric_lines: int = 3  # lines with money-like numbers that make a page "tabular"
    x_tolerance: float = 1.5

    def __post_init__(self):
        if self.min_numeric_lines < 1:
            raise ValueError("min_numeric_lines must be at least 1")
        if self.x_tolerance <= 0:
            raise ValueError("x_tolerance must be positive")


def repair_cjk_spacing(text: str) -> str:
    """Remove the spaces PDF text puts between CJK characters, keep those between numbers."""
    text = _CJK_GAP.sub("", text)
    return _NUM_CJK_GAP.sub("", text)


def join_wrapped(text: str) -> str:
    """Join a cell's wrapped lines: no space at a CJK break, one space otherwise."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        glue = "" if regex.match(rf"[{CJK}]", out[-1]) or regex.match(rf"[{CJK}]", part[0]) else " "
        out += glue + part
    return repair_cjk_spacing(out)


def open_pdf(path: str | Path):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        cause = (
            exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        )  # pdfplumber wraps them
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower():
            raise EncryptedPDF("encrypted PDF: a password is needed to read it") from exc
        raise CorruptPDF(f"damaged PDF: {type(cause).__name__}: {cause}".rstrip(": ")) from exc


def read_pdf(path: str | Path, settings: PdfSettings | None = None, *, sha256: str | None = None) -> Document:
    """Read every page of a PDF; see the module docstring for what is done per page."""
    settings = settings or PdfSettings()
    path = Path(path)
    digest = sha256 or _sha256(path)
    pages: list[Page] = []
    warnings: list[str] = []
    turned: dict[int, list[int]] = {}
    pdf = open_pdf(path)
    try:
        n_pages = len(pdf.pages)
        for index in range(n_pages):
            page = pdf.pages[index]
            try:
                turn = text_turn(page.chars)
                if turn:
                    page.close()
                    page = turned_page(pdf, page, turn)
                    turned.setdefault(turn, []).append(index + 1)
                carried = (
                    free_columns(pages[-1].tables[-1], pages[-1].lines)
                    if pages and pages[-1].tables
                    else None
                )
                pages.append(page_to_page(page, index + 1, settings, carried))
            except Exception as exc:  # one bad page costs only that page
                warnings.append(f"page {index + 1}: {type(exc).__name__}: {exc}")
                pages.append(Page(number=index + 1, lines=(), has_text=False))
            finally:
                page.close()
    except CorruptPDF:
        raise
    except Exception as exc:
        raise CorruptPDF(f"damaged PDF: {type(exc).__name__}: {exc}") from exc
    finally:
        pdf.close()
    for turn, numbers in sorted(turned.items()):
        warnings.append(
            f"pages whose text runs {_TURN_WORDS[turn]}, read turned {turn}° clockwise "
            f"(their bboxes are of the turned page): {page_ranges(numbers)}"
        )
    unmapped = [p.number for p in pages if p.method == UNMAPPED]
    if unmapped:
        warnings.append(
            f"pages whose text layer is glyph codes, not text (fonts without a Unicode map): "
            f"{page_ranges(unmapped)}"
        )
    return Document(path=str(path), sha256=digest, format="pdf", pages=tuple(pages), warnings=tuple(warnings))


def page_ranges(numbers: list[int]) -> str:
    """`[1, 2, 3, 5]` → `1-3, 5`."""
    out: list[str] = []
    for n in sorted(numbers):
        if out and n == int(out[-1].rsplit("-", 1)[-1]) + 1:
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_TURN_WORDS = {90: "upwards", 180: "upside down", 270: "downwards"}


def text_turn(chars: list[dict], min_chars: int = 20, share: float = 0.6) -> int:
    """How far (0, 90, 180, 270 degrees clockwise) the page must turn for its text to read
    left to right: a page whose /Rotate turns upright text sideways, or whose drawing is turned
    on the sheet (a landscape table on a portrait page), prints its characters running up,
    down or upside down, and pdfplumber then reads every column as a line of single
    characters, or a title backwards. Decided by the writing direction of each character's
    matrix (pdfplumber's `upright` is true upside down too), when most characters share one."""
    directions = Counter(writing_direction(c) for c in chars if not c["text"].isspace())
    total = sum(directions.values())
    if total < min_chars:
        return 0
    direction, count = directions.most_common(1)[0]
    return direction if count >= share * total else 0


def writing_direction(char: dict) -> int:
    """The way a character is written, to the nearest quarter turn counter-clockwise from
    left-to-right: 0 across, 90 upwards, 180 upside down, 270 downwards."""
    a, b = char["matrix"][:2]  # the direction the text advances in
    if abs(a) >= abs(b):  # ties go across, as atan2's quarter does; -0.0 is leftwards as in atan2
        return 0 if math.copysign(1.0, a) > 0 else 180
    return 90 if b > 0 else 270


def turned_page(pdf, page, turn: int):
    """`page` read again as if its /Rotate were `turn` degrees more (pdfminer builds the page
    from /Rotate; the shared page object is left as it was)."""
    from pdfplumber.page import Page as PlumberPage

    obj = copy.copy(page.page_obj)
    obj.rotate = (page.rotation + turn) % 360
    obj.attrs = {**obj.attrs, "Rotate": obj.rotate}
    return PlumberPage(pdf, obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def page_to_page(page, number: int, settings: PdfSettings, carried: list[float] | None = None) -> Page:
    """One pdfplumber page → our `Page` (lines with bboxes, tables with cells); `carried` as
    in `page_to_tables`."""
    page = dedupe_page(page)
    if not page.chars:
        return Page(
            number=number, lines=(), width=float(page.width), height=float(page.height), has_text=False
        )
    if unmapped_text(page.chars):
        return Page(
            number=number,
            lines=(),
            width=float(page.width),
            height=float(page.height),
            has_text=False,
            method=UNMAPPED,
        )
    lines = page_to_lines(page, number, settings)
    tables = page_to_tables(page, number, lines, settings, carried)
    return Page(
        number=number,
        lines=lines,
        tables=tables,
        width=float(page.width),
        height=float(page.height),
    )


UNMAPPED = "unmapped"
# ASCII symbols that prose and figures rarely print (not . , % - ( ), which figures do)
_GLYPH_LIKE = frozenset("!\"#$&'*+/:;<=>?@[\\]^_`{|}~\ufffd")
_HAN = regex.compile(r"\p{Han}")


def unmapped_text(chars: list[dict], min_chars: int = 30) -> bool:
    """A text layer of glyph codes, not text: fonts embedded without a ToUnicode map give each
    glyph's code instead of its character, so a Chinese page reads `!"#$%&’()*+,` and
    `(cid:127)` and no Chinese at all. Such a page is read from its image (OCR), not as text.

    Measured on every page of ../shared/corpus and corpus-wild: the pages of the one such file
    print no Han and 18–37 % of these symbols; every other page with under 30 % Han (tables of
    figures, English) prints at most 7 %."""
    texts = [c["text"] for c in chars if not c["text"].isspace()]
    if len(texts) < min_chars:
        return False
    han = sum(1 for t in texts if _HAN.match(t))
    odd = sum(1 for t in texts if t in _GLYPH_LIKE or t.startswith("(cid:") or "\ue000" <= t[0] <= "\uf8ff")
    return han < 0.05 * len(texts) and odd >= 0.15 * len(texts)


def dedupe_page(page):
    """The page without duplicated characters (bold faked by overprinting): the same
    chars `page.dedupe_chars()` keeps, found in O(n log n). pdfplumber 0.11 puts the
    survivors back in order with `chars.index`, quadratic in the characters of a page:
    a quarter of the reading time on a page of dense tables."""
    chars = page.chars
    keep = {id(c) for c in unique_chars(chars)}
    if len(keep) == len(chars):
        return page
    return page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) in keep)


def unique_chars(chars: list[dict], tolerance: float = 1, extra_attrs=("fontname", "size")) -> list[dict]:
    """pdfplumber's `utils.dedupe_chars` rule: of the chars with the same text, font and
    size whose tops, then x0s, chain within `tolerance`, the first by position stays
    (ties: the first printed)."""
    order = {id(c): i for i, c in enumerate(chars)}
    key = itemgetter("upright", "text", *extra_attrs)
    out = []
    for _, group in itertools.groupby(sorted(chars, key=key), key=key):
        for row in _chains(list(group), "doctop", tolerance):
            if len(row) == 1:
                out.append(row[0])
                continue
            for cluster in _chains(row, "x0", tolerance):
                out.append(min(cluster, key=lambda c: (c["doctop"], c["x0"], order[id(c)])))
    return out


def _chains(objs: list[dict], attr: str, tolerance: float) -> list[list[dict]]:
    """`objs` split where, in sorted order, `attr` jumps by more than `tolerance`."""
    objs = sorted(objs, key=itemgetter(attr))
    chains, last = [[objs[0]]], objs[0][attr]
    for obj in objs[1:]:
        if not obj[attr] <= last + tolerance:  # pdfplumber's cluster_list comparison, to the last bit
            chains.append([])
        chains[-1].append(obj)
        last = obj[attr]
    return chains


def page_to_lines(page, number: int, settings: PdfSettings) -> tuple[Line, ...]:
    raw = page.extract_text_lines(strip=True, return_chars=True, x_tolerance=settings.x_tolerance)
    raw = merge_overlapping_lines(raw, settings.x_tolerance)
    out = []
    for i, item in enumerate(raw, start=1):
        bbox = (float(item["x0"]), float(item["top"]), float(item["x1"]), float(item["bottom"]))
        out.append(Line(text=repair_cjk_spacing(item["text"]), page=number, number=i, bbox=bbox))
    return tuple(out)


def merge_overlapping_lines(lines: list[dict], x_tolerance: float) -> list[dict]:
    """Lines by vertical overlap, not by equal top: pdfplumber groups characters whose tops
    are within a tolerance, so figures printed in another font, a little off the Chinese
    text's baseline, come out as a line of their own (`本单位 年度收入支出总计 万元。` and
    `2024 1,234.56`). Two lines whose bands overlap by at least half the lower one's height
    are one printed line: their characters are merged in x order. A run of characters written
    sideways (a stamp, a margin note) spans many lines' bands and joins none of them."""
    out: list[dict] = []
    for line in sorted(lines, key=lambda ln: ln["top"]):
        across = all(writing_direction(c) == 0 for c in line["chars"])
        host = (
            next((o for o in reversed(out[-3:]) if o["across"] and _overlap(o, line) >= 0.5), None)
            if across
            else None
        )
        if host is None:
            out.append({**line, "across": across})
            continue
        chars = sorted(host["chars"] + line["chars"], key=lambda c: c["x0"])
        host.update(
            text=_chars_text(chars, x_tolerance),
            chars=chars,
            x0=min(host["x0"], line["x0"]),
            x1=max(host["x1"], line["x1"]),
            top=min(host["top"], line["top"]),
            bottom=max(host["bottom"], line["bottom"]),
        )
    return out if len(out) < len(lines) else lines


def _overlap(a: dict, b: dict) -> float:
    """The share of the smaller line's height that the two bands share."""
    shared = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    height = min(a["bottom"] - a["top"], b["bottom"] - b["top"])
    return shared / height if height > 0 else 0.0


def _chars_text(chars: list[dict], x_tolerance: float) -> str:
    out, last = [], None
    for c in chars:
        if last is not None and c["x0"] - last["x1"] > x_tolerance:
            out.append(" ")
        out.append(c["text"])
        last = c
    return "".join(out).strip()


LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def page_to_tables(
    page, number: int, lines: tuple[Line, ...], settings: PdfSettings, carried: list[float] | None = None
) -> tuple[Table, ...]:
    """The page's tables; `carried`: the columns of a free-bodied table the page before ended
    with, whose rows may go on at the top of this page (`continued_free_body`)."""
    ruled = page.find_tables(LINES)
    sides = open_sides(page, ruled)
    if sides:
        ruled = page.find_tables({**LINES, "explicit_vertical_lines": sides})
    # boxes inside a line of prose are no tables, and leave a tabular page to text alignment
    found = [(t, "pdf-lines") for t in ruled if t.rows and not _inline_box(page, t)]
    tops = [ln.bbox[1] for ln in lines if ln.bbox]
    tables = [table_to_table(t, method, number, tops) for t, method in found]
    continued = continued_free_body(page, lines, carried, tables) if carried else None
    if not found and continued is None and settings.text_fallback and _looks_tabular(lines, settings):
        found = [
            (t, "pdf-text")
            for t in page.find_tables({"vertical_strategy": "text", "horizontal_strategy": "text"})
            if t.rows and not _inline_box(page, t)
        ]
        tables = [table_to_table(t, method, number, tops) for t, method in found]
    others = [t.bbox for t, _ in found]
    out = tuple(
        _with_unruled_body(page, t, table, lines, others) if method == "pdf-lines" else table
        for (t, method), table in zip(found, tables)
    )
    return (continued, *out) if continued is not None else out


def _figures(text: str) -> int:
    return sum(1 for part in text.split() if _FIGURE_LINE.match(part) and _MONEY_LIKE.search(part))


def _mostly_figures(text: str, least: int = 1) -> bool:
    """A line that is a row of figures: at least `least` of them, and no fewer than its other
    words (`201一般公共服务支出 71,577,421 38,820,434`, not `增值税 517804万元，为预算的 95.1 %，增加 48320`)."""
    figures = _figures(text)
    return figures >= least and figures * 2 >= len(text.split())


# a figure, not an ordinal or a 栏次 number: decimals, thousands separators or three digits
_MONEY_LIKE = regex.compile(r"\.\d|,\d{3}|\d{3}")


def _with_unruled_body(page, found, table: Table, lines: tuple[Line, ...], others: list) -> Table:
    """A table whose header is ruled and whose body is not (湖南 2023 债务 pp1–3: the header's
    boxes, then sixty rows of figures printed free below them): pdfplumber's table ends with
    the header. The lines right below it that print figures, within its width, are its rows,
    each character in the header column over it. Only where the ruled part prints no figure
    and the figures stand one to a column, and up to the first line that is not one (a line
    mostly of words: a note, a title; a gap of more than two lines; another table)."""
    if any(_figures(c.text) for row in table.rows for c in row):
        return table
    x_edges = sorted({round(float(v), 1) for cell in found.cells for v in (cell[0], cell[2])})
    if len(x_edges) < 3:
        return table
    bottom = float(found.bbox[3])
    body = _free_lines([ln for ln in lines if ln.bbox and ln.bbox[1] >= bottom - 1], x_edges, bottom, others)
    rows = _free_rows(page, body, x_edges, table.page)
    if not rows:
        return table
    return Table(
        rows=(*table.rows, *rows),
        page=table.page,
        method=FREE,
        bbox=(x_edges[0], float(found.bbox[1]), x_edges[-1], body[-1].bbox[3]),
        first_line=table.first_line,
    )


FREE = "pdf-lines+text"  # a ruled header over rows printed without rules


def free_columns(table: Table, lines: tuple[Line, ...]) -> list[float] | None:
    """The column edges a page's free-bodied table hands to the next page, when it runs to
    the page's foot (nothing but a page number or a short line below it)."""
    if table.method != FREE or not table.rows or not table.bbox:
        return None
    below = [ln for ln in lines if ln.bbox and ln.bbox[1] > table.bbox[3]]
    if any(len(ln.text.strip()) > 10 for ln in below):
        return None
    edges = [cell.bbox[0] for cell in table.rows[-1] if cell.bbox] + [table.rows[-1][-1].bbox[2]]
    return edges if len(edges) >= 3 else None


def continued_free_body(page, lines: tuple[Line, ...], x_edges: list[float], tables: tuple[Table, ...]):
    """A free-bodied table continued at the top of the next page without its header: the
    page's first lines, rows of figures in the columns the table had (a headless table the
    parsers join to it). Only where no table of this page starts above them."""
    ordered = sorted((ln for ln in lines if ln.bbox), key=lambda ln: ln.bbox[1])
    start = next((i for i, ln in enumerate(ordered[:3]) if _mostly_figures(ln.text)), None)
    if start is None:
        return None
    top = ordered[start].bbox[1]
    if any(t.bbox and t.bbox[1] <= top + 1 for t in tables):
        return None
    body = _free_lines(ordered[start:], x_edges, top, [t.bbox for t in tables if t.bbox], first=True)
    rows = _free_rows(page, body, x_edges, ordered[start].page)
    if not rows:
        return None
    return Table(
        rows=tuple(rows),
        page=ordered[start].page,
        method=FREE,
        bbox=(x_edges[0], top, x_edges[-1], body[-1].bbox[3]),
        first_line=body[0].number,
    )


def _free_lines(
    lines: list[Line], x_edges: list[float], top: float, others: list, first: bool = False
) -> list[Line]:
    """The consecutive lines from `top` down that are rows of figures within the columns."""
    x0, x1 = x_edges[0], x_edges[-1]
    body: list[Line] = []
    for line in sorted(lines, key=lambda ln: ln.bbox[1]):
        lx0, ltop, lx1, lbottom = line.bbox
        last = body[-1].bbox if body else (0, top, 0, top)
        if (
            not _mostly_figures(line.text)
            or lx0 < x0 - 2
            or lx1 > x1 + 2
            or (ltop - last[3] > 2 * (lbottom - ltop) and not (first and not body))
            or any(o[1] - 1 <= ltop <= o[3] for o in others)
        ):
            break
        body.append(line)
    return body


def _free_rows(page, body: list[Line], x_edges: list[float], number: int) -> list[tuple[Cell, ...]]:
    """Each line a row, each character in the column over it; none when a cell would hold
    two figures (the figures do not stand under these columns)."""
    from pdfplumber.utils import extract_text

    x0, x1 = x_edges[0], x_edges[-1]
    rows = []
    for line in body:
        _lx0, ltop, _lx1, lbottom = line.bbox
        columns: list[list[dict]] = [[] for _ in x_edges[:-1]]
        for c in page.chars:
            middle, centre = (c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2
            if ltop <= middle <= lbottom and x0 - 2 <= centre <= x1 + 2:
                i = bisect.bisect_right(x_edges, centre) - 1
                columns[min(max(i, 0), len(columns) - 1)].append(c)
        rows.append(
            tuple(
                Cell(
                    text=join_wrapped(extract_text(chars)) if chars else "",
                    page=number,
                    line=line.number,
                    bbox=(x_edges[i], ltop, x_edges[i + 1], lbottom),
                    text_span=first_line_span(chars),
                )
                for i, chars in enumerate(columns)
            )
        )
    if any(_figures(cell.text) > 1 for row in rows for cell in row):
        return []
    return rows


def open_sides(
    page, tables, min_rules: int = 2, reach: float = 15, snap: float = 3, min_rows: int = 1
) -> list[dict]:
    """Where tables printed without their outer vertical rules end: a style that rules the
    rows across the whole table but its columns only inside, so the first and last columns
    are no cells and pdfplumber's table stops a column short on each side. The rows' rules
    say where the table ends: at least `min_rules` horizontal rules within a table of two or
    more rows, each running across all of it and `reach` points past its left (or right)
    edge (a column's width, not a rule's overshoot: 江苏人大 2018 p18 overshoots by 5),
    ending together (within `snap`), give a vertical rule there, as tall as the table.
    (Boxes around words in prose are one-row tables, and no rule crosses them whole.)"""
    rules = [e for e in page.edges if e["orientation"] == "h"] if tables else []
    out: list[dict] = []
    for t in tables:
        if len(t.rows) < min_rows:
            continue
        x0, top, x1, bottom = t.bbox
        across = [
            e
            for e in rules
            if top - snap <= e["top"] <= bottom + snap and e["x0"] <= x0 + snap and e["x1"] >= x1 - snap
        ]
        for ends, pick in (
            ([e["x0"] for e in across if e["x0"] < x0 - reach], min),
            ([e["x1"] for e in across if e["x1"] > x1 + reach], max),
        ):
            end = pick(ends) if len(ends) >= min_rules else None
            if end is not None and sum(1 for v in ends if abs(v - end) <= snap) >= min_rules:
                out.append(
                    {
                        "object_type": "line",
                        "x0": end,
                        "x1": end,
                        "top": top,
                        "bottom": bottom,
                        "width": 0,
                        "height": bottom - top,
                    }
                )
    return out


def _inline_box(page, table) -> bool:
    """A one-row 'table' inside a line of prose (a form's underlined or boxed blanks:
    `服务类采购预算 [7] 万元`): the same line prints words outside it."""
    if len(table.rows) != 1:
        return False
    texts = [t.strip() for t in table_texts(table)[0] if t and t.strip()]
    if any(regex.search(r"[。；，]|、$|^、", t) for t in texts):
        return True  # a sentence broken by the boxes, not a row of cells
    x0, top, x1, bottom = (float(v) for v in table.bbox)
    return any(
        top <= (c["top"] + c["bottom"]) / 2 <= bottom
        and (c["x1"] <= x0 or c["x0"] >= x1)
        and c["text"].strip()
        for c in page.chars
    )


def _looks_tabular(lines: tuple[Line, ...], settings: PdfSettings) -> bool:
    """Lines printing money-like figures: a decimal figure, or a row of whole figures of a 元
    table (`71,577,421 38,820,434`)."""
    return (
        sum(1 for ln in lines if _NUMERIC_LINE.search(ln.text) or _mostly_figures(ln.text, 2))
        >= settings.min_numeric_lines
    )


def table_to_table(table, method: str, number: int, line_tops: list[float]) -> Table:
    index = CharIndex(table.page.chars)
    rows = []
    for row, row_cells in zip(table.rows, table_cells(table, index)):
        row_texts = [None if c is None else c[0] for c in row_cells]
        printed = [(list(row.cells), row_texts, [None if c is None else c[1] for c in row_cells])]
        if _stacked(row_texts):
            printed = _unstack(table, row, index)
        for boxes, cell_texts, spans in printed:
            cells = []
            for bbox, text, span in zip(boxes, cell_texts, spans):
                box = tuple(float(v) for v in bbox) if bbox else None
                cells.append(
                    Cell(
                        text=join_wrapped(text or ""),
                        page=number,
                        line=_line_at(line_tops, box),
                        bbox=box,
                        text_span=span,
                    )
                )
            rows.append(tuple(cells))
    rows = _unruled_names(table, rows, number, line_tops)
    first = _line_at(line_tops, tuple(float(v) for v in table.bbox))
    return Table(rows=tuple(rows), page=number, method=method, bbox=tuple(table.bbox), first_line=first)


def _unruled_names(table, rows: list[tuple[Cell, ...]], number: int, line_tops: list[float]) -> list:
    """A table whose rules start right of its name column (`总收入 | 71,042,672 | …` with
    only the figures ruled): the words printed left of its left rule, on each row's band,
    are that row's first cell. Only where the ruled first column prints figures and most
    rows find words there."""
    from pdfplumber.utils import extract_text

    firsts = [r[0].text for r in rows if r and r[0].text.strip()]
    if not firsts or sum(1 for t in firsts if _FIGURE_LINE.match(t.replace(" ", ""))) * 2 < len(firsts):
        return rows  # the first ruled column names its rows (every ordinary table): nothing to scan
    x0, top, _, bottom = (float(v) for v in table.bbox)
    left = [
        c
        for c in table.page.chars
        if c["x1"] <= x0 + 1 and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1
    ]
    if not left:
        return rows
    named = []
    for r in rows:
        boxes = [c.bbox for c in r if c.bbox]
        if not boxes:
            named.append((r, ""))
            continue
        band_top, band_bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
        chars = [c for c in left if band_top <= (c["top"] + c["bottom"]) / 2 < band_bottom]
        named.append((r, join_wrapped(extract_text(chars)) if chars else "", first_line_span(chars)))
    if sum(1 for _, name, _ in named if name.strip()) * 2 < len(rows):
        return rows
    x_start = min(c["x0"] for c in left)
    out = []
    for r, name, span in named:
        boxes = [c.bbox for c in r if c.bbox]
        box = (x_start, min(b[1] for b in boxes), x0, max(b[3] for b in boxes)) if boxes else None
        out.append(
            (Cell(text=name, page=number, line=_line_at(line_tops, box), bbox=box, text_span=span), *r)
        )
    return out


def table_texts(table, index: CharIndex | None = None) -> list[list[str | None]]:
    """What `table.extract()` returns, with each row's characters found by bisection on
    their vertical middles instead of by testing every character of the page per row."""
    return [[cell if cell is None else cell[0] for cell in row] for row in table_cells(table, index)]


def first_line_span(chars: list[dict]) -> tuple[float, float] | None:
    """(x0, x1) of the characters on the first line of `chars` (those whose middles lie
    within the topmost character's height): where a cell's text starts and ends. Spaces do
    not count: a report may indent a name with them (朝阳 2024 p65)."""
    chars = [c for c in chars if not c["text"].isspace()]
    if not chars:
        return None
    top = min(chars, key=itemgetter("top"))
    line = [c for c in chars if (c["top"] + c["bottom"]) / 2 <= top["bottom"]]
    return min(c["x0"] for c in line), max(c["x1"] for c in line)


def table_cells(table, index: CharIndex | None = None) -> list[list[tuple[str, tuple | None] | None]]:
    """Each cell's text (as `table_texts`) and the span of its first line (`first_line_span`)."""
    from pdfplumber.utils import extract_text

    index = index or CharIndex(table.page.chars)
    boxes = sorted(table.cells, key=itemgetter(1))
    tops = [b[1] for b in boxes]
    out = []
    for row in table.rows:
        row_chars = index.within(row.bbox)
        across = sorted(((c["x0"] + c["x1"]) / 2, k) for k, c in enumerate(row_chars))
        centres = [x for x, _ in across]
        texts = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            inner = _inner_cells(cell, boxes, tops)
            # the row's characters whose middles lie across the cell (x0 ≤ middle < x1), in page order
            span = sorted(
                k
                for _, k in across[
                    bisect.bisect_left(centres, cell[0]) : bisect.bisect_left(centres, cell[2])
                ]
            )
            cell_chars = [
                c
                for c in (row_chars[k] for k in span)
                if _in_bbox(c, cell) and not any(_in_bbox(c, box) for box in inner)
            ]
            texts.append(
                (extract_text(on_their_lines(cell_chars)), first_line_span(cell_chars))
                if cell_chars
                else ("", None)
            )
        out.append(texts)
    return out


class CharIndex:
    """A page's characters by their vertical middles: those inside a box, in page order, found
    by bisection instead of testing every character of the page (`_in_bbox`, pdfplumber's test)."""

    def __init__(self, chars: list[dict]):
        self.chars = chars
        middles = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(chars))
        self.keys = [m for m, _ in middles]
        self.order = [i for _, i in middles]

    def within(self, bbox) -> list[dict]:
        _, top, _, bottom = bbox
        band = sorted(self.order[bisect.bisect_left(self.keys, top) : bisect.bisect_left(self.keys, bottom)])
        return [self.chars[i] for i in band if _in_bbox(self.chars[i], bbox)]


def _inner_cells(cell, boxes: list, tops: list[float], tolerance: float = 0.5) -> list:
    """The cells lying inside `cell`: pdfplumber gives a group header over an unlabelled total
    column (`2023年债务限额` over A, with `一般债务 | 专项债务` under it over B and C) one box
    down to the row below, so it holds the sub-headers too; their characters are theirs."""
    x0, top, x1, bottom = cell
    out = []
    for box in boxes[bisect.bisect_left(tops, top - tolerance) : bisect.bisect_right(tops, bottom)]:
        if (
            box != cell
            and box[0] >= x0 - tolerance
            and box[2] <= x1 + tolerance
            and box[1] >= top - tolerance
            and box[3] <= bottom + tolerance
        ):
            out.append(box)
    return out


SCRIPT = 0.8  # a character this much smaller than the cell's usual height may be a sub/superscript


def on_their_lines(chars: list[dict]) -> list[dict]:
    """The characters with each sub- or superscript moved onto the line it belongs to.

    `PM₂.₅` prints `2.5` smaller and lower: its top is 5 pt below the line's, past
    pdfplumber's 3-pt line tolerance, so the cell read `细颗粒物（PM）年均浓度` with `2.5` on a
    line of its own (广州 2026 绩效目标, ten indicators). A character whose height is under
    `SCRIPT` of the cell's median and whose box lies mostly (over half its height) within the
    band of a full-size character takes the top of the nearest such character."""
    if len(chars) < 2:
        return chars
    heights = sorted(c["bottom"] - c["top"] for c in chars)
    usual = heights[len(heights) // 2]
    small = [c for c in chars if c["bottom"] - c["top"] < SCRIPT * usual]
    if not small:
        return chars
    full = [c for c in chars if c["bottom"] - c["top"] >= SCRIPT * usual]
    moved = {}
    for c in small:
        bands = [f for f in full if _overlap(c, f) > 0.5]  # of the smaller's height: c's
        if bands:
            near = min(bands, key=lambda f: abs(f["x0"] - c["x0"]))
            shift = near["top"] - c["top"]
            moved[id(c)] = {
                **c,
                "top": near["top"],
                "bottom": c["bottom"] + shift,
                "doctop": c["doctop"] + shift,
            }
    return [moved.get(id(c), c) for c in chars]


_FIGURE_LINE = regex.compile(r"^[-−]?\d[\d,]*(?:\.\d+)?%?$")


def _figure_lines(text: str | None) -> int:
    """How many figures a cell prints one per line; 0 unless every line is a figure."""
    parts = [p.replace(" ", "") for p in (text or "").split("\n") if p.strip()]
    return len(parts) if parts and all(_FIGURE_LINE.match(p) for p in parts) else 0


def _stacked(row_texts: list[str | None]) -> bool:
    """A ruled row holding several printed rows: the table rules its columns but not its
    rows, so one cell prints a column of figures, one per line (`13,690,843⏎5,443,160⏎…`)."""
    return any(_figure_lines(text) >= 2 for text in row_texts)


def _unstack(table, row, index: CharIndex | None = None) -> list[tuple[list, list[str]]]:
    """The printed rows inside one ruled row: one per line of its figure column (the cell
    printing the most figures, one per line); every character of the row joins the printed
    row whose figures are nearest its middle, so a name wrapped over two lines stays whole."""
    from pdfplumber.utils import extract_text

    row_chars = (index or CharIndex(table.page.chars)).within(row.bbox)
    anchors = []
    for cell in row.cells:
        if cell is None:
            continue
        cell_chars = [c for c in row_chars if _in_bbox(c, cell)]
        n = _figure_lines(extract_text(cell_chars) if cell_chars else "")
        if n:
            anchors.append((n, cell_chars))
    if not anchors:
        return [(list(row.cells), [None] * len(row.cells), [None] * len(row.cells))]
    _, figure_chars = max(anchors, key=lambda a: a[0])
    bands: list[list[float]] = []  # [top, bottom] of each printed row's figure line
    for c in sorted(figure_chars, key=lambda c: c["top"]):
        if bands and c["top"] < bands[-1][1] - 1:
            bands[-1][1] = max(bands[-1][1], c["bottom"])
        else:
            bands.append([c["top"], c["bottom"]])
    middles = [(top + bottom) / 2 for top, bottom in bands]
    members: list[list[dict]] = [[] for _ in bands]
    for c in row_chars:
        mid = (c["top"] + c["bottom"]) / 2
        members[min(range(len(middles)), key=lambda k: abs(middles[k] - mid))].append(c)
    x_edges = [None if cell is None else (cell[0], cell[2]) for cell in row.cells]
    out = []
    for k, chars in enumerate(members):
        top = bands[k][0] if k == 0 else (middles[k - 1] + middles[k]) / 2
        bottom = row.bbox[3] if k == len(bands) - 1 else (middles[k] + middles[k + 1]) / 2
        top = row.bbox[1] if k == 0 else top
        boxes, texts, spans = [], [], []
        for edge in x_edges:
            if edge is None:
                boxes.append(None)
                texts.append(None)
                spans.append(None)
                continue
            box = (edge[0], top, edge[1], bottom)
            in_cell = [c for c in chars if edge[0] <= (c["x0"] + c["x1"]) / 2 < edge[1]]
            boxes.append(box)
            texts.append(extract_text(in_cell) if in_cell else "")
            spans.append(first_line_span(in_cell))
        out.append((boxes, texts, spans))
    return out


def _in_bbox(char: dict, bbox) -> bool:
    """pdfplumber's test in `Table.extract`: the character's middle inside the box."""
    v_mid = (char["top"] + char["bottom"]) / 2
    h_mid = (char["x0"] + char["x1"]) / 2
    x0, top, x1, bottom = bbox
    return h_mid >= x0 and h_mid < x1 and v_mid >= top and v_mid < bottom


def _line_at(line_tops: list[float], bbox) -> int | None:
    """The 1-based number of the first page line at or below the top of `bbox`."""
    if not bbox or not line_tops:
        return None
    i = bisect.bisect_left(line_tops, bbox[1] - 1.0)
    return min(i, len(line_tops) - 1) + 1
