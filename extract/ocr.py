"""Read the pages a PDF prints without a text layer (scans) from their image, by OCR.

The same `Page` the PDF reader returns, so every parser and the audit run unchanged:
lines with bounding boxes in PDF points and reading order, CJK spacing repaired the same
way, and tables on ruled pages. The stages, per page:

  `render_page` (pypdfium2, pdfplumber's own renderer) → `is_blank` (a page with no ink is
  a blank page, not a scan) → `image_to_boxes` (rapidocr-onnxruntime: PP-OCRv4 detection
  and recognition, models shipped inside its wheel, onnxruntime on CPU) → `image_to_rules`
  (ruling lines by OpenCV morphology) → `rules_to_cells` (pdfplumber's own
  edges → intersections → cells → tables) → `boxes_to_lines`, `cells_to_table`.

What OCR cannot be sure of is kept: every line and cell carries the recognizer's score
(`confidence`), every OCR'd page says `method = "ocr"`, its tables `ocr-lines`. Figures in
a money column are read by the column's own convention (`repair_money_column`): the small
separators are what OCR misses (`24,61278`, `8 76364`), the digits it rarely does.

The extra is optional (`pip install 'caizheng[ocr]'`): without it, or with `CAIZHENG_OCR=0`
(`caizheng ingest --no-ocr`), pages without text stay as the PDF reader left them.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from .model import Cell, Document, Line, Page, Table
from .pdf import _line_at, join_wrapped, repair_cjk_spacing

ENV = "CAIZHENG_OCR"  # "0": do not OCR (the CLI's --no-ocr)
THREADS_ENV = "CAIZHENG_OCR_THREADS"  # threads of the recognizer; unset: one per core


@dataclass(frozen=True)
class OcrSettings:
    """How pages are read by OCR; validated on construction.

    `dpi` 200, measured by `bench/ocr.py` on generated 9-pt tables scanned at 200 dpi:
    money cells read exact are the same (99–100%) at 150, 200 and 300 dpi, and so is the
    time, since detection is capped at 1600 px and recognition scales each line to 48 px;
    200 keeps the small type of dense tables (7–8 pt) about 20 px high, and most scans are
    made at 200 dpi, so rendering finer adds no detail."""

    dpi: int = 200
    min_ink: float = 0.0002  # share of dark pixels under which a page is blank, not a scan
    min_score: float = 0.5  # boxes the recognizer scores lower are dropped (its own default)
    h_rule_pt: float = 25.0  # shortest horizontal ruling line, in points
    v_rule_pt: float = 12.0  # shortest vertical ruling line (a row's height at the least)
    max_rule_pt: float = 4.0  # thicker than this is a filled block, not a rule

    def __post_init__(self):
        if not 72 <= self.dpi <= 600:
            raise ValueError("dpi must be between 72 and 600")
        if not 0 <= self.min_score < 1:
            raise ValueError("min_score must be in [0, 1)")

    @property
    def scale(self) -> float:
        return self.dpi / 72


def available() -> bool:
    """Whether the OCR extra is installed (rapidocr-onnxruntime, OpenCV, pypdfium2)."""
    try:
        import cv2  # noqa: F401
        import pypdfium2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except Exception:  # an ImportError, or a broken native library
        return False
    return True


def enabled() -> bool:
    """OCR runs unless `CAIZHENG_OCR=0` (`--no-ocr`), and only with the extra installed."""
    return os.environ.get(ENV, "1") != "0" and available()


@functools.lru_cache(maxsize=1)
def engine():
    """The recognizer, loaded once per process (about a second)."""
    from rapidocr_onnxruntime import RapidOCR

    # lines are recognized at the resolution the page was rendered at (no global cap), while
    # detection runs on the page scaled to at most 1600 px: the boxes are the same, and the
    # detector's memory, which grows with its input, stays a few hundred MB (bench/ocr.py)
    threads = int(os.environ.get(THREADS_ENV) or 0)
    per_core = {"intra_op_num_threads": threads, "inter_op_num_threads": threads} if threads > 0 else {}
    return RapidOCR(
        max_side_len=10_000, det_limit_side_len=1600, det_limit_type="max", print_verbose=False, **per_core
    )


def ocr_document(path: str | Path, doc: Document, settings: OcrSettings | None = None) -> Document:
    """`doc` with each page that has no text layer read from its image instead."""
    import pypdfium2

    settings = settings or OcrSettings()
    todo = [p for p in doc.pages if not p.has_text]
    if not todo:
        return doc
    pages, warnings = {}, list(doc.warnings)
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for page in todo:
            try:
                pages[page.number] = page_to_ocr_page(pdf[page.number - 1], page, settings)
            except MemoryError:
                raise
            except Exception as exc:  # one page OCR cannot read costs only that page
                # one line: onnxruntime's message carries a whole traceback before its reason
                reason = (str(exc).strip().splitlines() or [""])[-1].strip()
                warnings.append(f"page {page.number}: OCR failed: {type(exc).__name__}: {reason}")
    finally:
        pdf.close()
    new = tuple(pages.get(p.number, p) for p in doc.pages)
    return dataclasses.replace(doc, pages=new, warnings=tuple(warnings))


def page_to_ocr_page(pdf_page, page: Page, settings: OcrSettings) -> Page:
    gray = render_page(pdf_page, settings.scale)
    if is_blank(gray, settings.min_ink):
        return page
    boxes = image_to_boxes(gray, settings)
    h, v = image_to_rules(gray, settings)
    boxes = split_at_rules(boxes, v)
    lines = boxes_to_lines(boxes, page.number)
    tops = [ln.bbox[1] for ln in lines]
    tables = tuple(
        cells_to_table(cells, boxes, page.number, tops) for cells in rules_to_cells(h, v) if len(cells) > 1
    )
    width, height = (gray.shape[1] / settings.scale, gray.shape[0] / settings.scale)
    return Page(
        number=page.number,
        lines=lines,
        tables=tuple(t for t in tables if t.rows),
        width=page.width or width,
        height=page.height or height,
        has_text=bool(lines),
        method="ocr",
    )


def render_page(pdf_page, scale: float):
    """The page as a grayscale array (uint8), `scale` pixels per point."""
    import numpy as np

    return np.asarray(pdf_page.render(scale=scale, grayscale=True).to_pil().convert("L"))


def is_blank(gray, min_ink: float) -> bool:
    return float((gray < 128).mean()) < min_ink


@dataclass(frozen=True)
class Box:
    """One recognized run of text, in points; `words` are its parts with their x extents."""

    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float
    words: tuple[tuple[str, float, float], ...] = ()


def image_to_boxes(gray, settings: OcrSettings) -> list[Box]:
    import numpy as np

    rgb = np.repeat(gray[:, :, None], 3, axis=2)
    result, _ = engine()(rgb, use_cls=False, return_word_box=True, text_score=settings.min_score)
    s = settings.scale
    out = []
    for item in result or []:  # [quad, text, score, word quads, word texts, word scores]
        quad, text, score = item[0], item[1], float(item[2])
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        words = (
            tuple(
                (str(w), min(p[0] for p in q) / s, max(p[0] for p in q) / s)
                for w, q in zip(item[4], item[3])
                if q
            )
            if len(item) >= 5 and item[3]
            else ()
        )
        out.append(Box(clean_text(text), score, min(xs) / s, min(ys) / s, max(xs) / s, max(ys) / s, words))
    return out


# 〇 read as a Latin letter or a zero between Chinese numerals (二O二五年)
_ZERO_IN_DATE = regex.compile(r"(?<=[一二三四五六七八九〇零])[O0oＯ０](?=[一二三四五六七八九〇零年])")
_FULL = str.maketrans("０１２３４５６７８９．％－", "0123456789.%-")


def clean_text(text: str) -> str:
    """Full-width digits as ASCII (as a text layer prints them in most reports), 〇 as 〇."""
    text = text.translate(_FULL)
    for _ in range(2):  # overlapping matches: 二O O五
        text = _ZERO_IN_DATE.sub("〇", text)
    return text.strip()


def image_to_rules(gray, settings: OcrSettings) -> tuple[list[dict], list[dict]]:
    """Horizontal and vertical ruling lines, as pdfplumber edges in points: the long thin
    runs of ink left by opening the inverted image with a long flat (tall thin) kernel."""
    import cv2

    s = settings.scale
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    out = []
    for orient, length in (("h", settings.h_rule_pt), ("v", settings.v_rule_pt)):
        n = max(int(length * s), 3)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1) if orient == "h" else (1, n))
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1) if orient == "h" else (1, 5))
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, bridge)
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        edges = []
        for x, y, w, h, _area in stats[1:count]:
            thick = (h if orient == "h" else w) / s
            if thick > settings.max_rule_pt:
                continue
            x0, top, x1, bottom = x / s, y / s, (x + w) / s, (y + h) / s
            edges.append(_edge(orient, x0, top, x1, bottom))
        out.append(edges)
    return out[0], out[1]


def _edge(orient: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    if orient == "h":
        y = (top + bottom) / 2
        return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "orientation": "h"}
    x = (x0 + x1) / 2
    return {
        "x0": x,
        "x1": x,
        "top": top,
        "bottom": bottom,
        "width": 0,
        "height": bottom - top,
        "orientation": "v",
    }


def rules_to_cells(h: list[dict], v: list[dict], tolerance: float = 3.0) -> list[list[tuple]]:
    """pdfplumber's table finding on these edges: snapped and joined, their intersections,
    the cells they enclose, the cells grouped into tables (each a list of cell boxes)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges

    if len(h) < 2 or len(v) < 2:
        return []
    edges = merge_edges(h + v, tolerance, tolerance, tolerance, tolerance)
    edges = filter_edges(edges, min_length=3)
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    return cells_to_tables(cells)


def split_at_rules(boxes: list[Box], v: list[dict]) -> list[Box]:
    """A box the detector ran across a vertical rule (two cells' texts close to the line)
    split at the rule by its words' positions."""
    out = []
    for box in boxes:
        mid = (box.top + box.bottom) / 2
        cuts = sorted(
            e["x0"] for e in v if box.x0 + 2 < e["x0"] < box.x1 - 2 and e["top"] <= mid <= e["bottom"]
        )
        if not cuts or not box.words:
            out.append(box)
            continue
        groups: list[list] = [[] for _ in range(len(cuts) + 1)]
        for word in box.words:
            centre = (word[1] + word[2]) / 2
            groups[sum(1 for c in cuts if centre > c)].append(word)
        for group in groups:
            if group:
                text = clean_text("".join(w[0] for w in group))
                out.append(
                    dataclasses.replace(box, text=text, x0=group[0][1], x1=group[-1][2], words=tuple(group))
                )
    return [b for b in out if b.text]


def boxes_to_lines(boxes: list[Box], number: int) -> tuple[Line, ...]:
    """Boxes whose vertical bands overlap by half the lower one's height are one printed
    line (the PDF reader's rule), in x order; lines top to bottom."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.top):
        host = next((r for r in reversed(rows[-3:]) if _overlap(r, box) >= 0.5), None)
        if host is None:
            rows.append([box])
        else:
            host.append(box)
    out = []
    for i, row in enumerate(rows, start=1):
        row.sort(key=lambda b: b.x0)
        text = repair_cjk_spacing(" ".join(b.text for b in row))
        bbox = (
            min(b.x0 for b in row),
            min(b.top for b in row),
            max(b.x1 for b in row),
            max(b.bottom for b in row),
        )
        out.append(Line(text=text, page=number, number=i, bbox=bbox, confidence=min(b.score for b in row)))
    return tuple(out)


def _overlap(row: list[Box], box: Box) -> float:
    top, bottom = min(b.top for b in row), max(b.bottom for b in row)
    shared = min(bottom, box.bottom) - max(top, box.top)
    height = min(bottom - top, box.bottom - box.top)
    return shared / height if height > 0 else 0.0


def cells_to_table(cells: list[tuple], boxes: list[Box], number: int, line_tops: list[float]) -> Table:
    """The grid pdfplumber makes of the cells (None where a merged cell continues), each
    cell filled with the boxes whose centre lies in it, top to bottom."""
    from pdfplumber.table import Table as PlumberTable

    grid = PlumberTable(None, cells)
    texts, scores = [], []
    for row in grid.rows:
        row_texts, row_scores = [], []
        for cell in row.cells:
            inside = [b for b in boxes if cell and _centre_in(b, cell)]
            inside.sort(key=lambda b: (round(b.top), b.x0))
            row_texts.append(join_wrapped("\n".join(b.text for b in inside)) if cell else "")
            row_scores.append(min((b.score for b in inside), default=None))
        texts.append(row_texts)
        scores.append(row_scores)
    texts = repair_money_columns(texts)
    rows = []
    for row, row_texts, row_scores in zip(grid.rows, texts, scores):
        rows.append(
            tuple(
                Cell(
                    text=text,
                    page=number,
                    line=_line_at(line_tops, cell),
                    bbox=tuple(float(v) for v in cell) if cell else None,
                    confidence=score,
                )
                for cell, text, score in zip(row.cells, row_texts, row_scores)
            )
        )
    bbox = tuple(float(v) for v in grid.bbox)
    return Table(
        rows=tuple(rows), page=number, method="ocr-lines", bbox=bbox, first_line=_line_at(line_tops, bbox)
    )


def _centre_in(box: Box, cell) -> bool:
    x, y = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return cell[0] <= x < cell[2] and cell[1] <= y < cell[3]


# --- money cells: the column's convention settles what OCR reads of the separators ---

_CONFUSABLE = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
_NUMERIC = regex.compile(r"^-?[\d,.，．:;'\s]*\d[\d,.，．:;'\s]*$")
_SEP = regex.compile(r"[,.，．:;'\s]")
_GROUPED = regex.compile(r"^-?\d{1,3}(?:,\d{3})*$")


def _numeric(text: str) -> str | None:
    """The text as digits and separators when it is a figure (letters OCR confuses with
    digits mapped back, only where at least two real digits stand next to them)."""
    t = text.strip()
    if sum(ch.isdigit() for ch in t) >= 2:
        t = t.translate(_CONFUSABLE)
    return t if _NUMERIC.match(t) else None


def column_convention(texts: list[str]) -> tuple[int, bool] | None:
    """(decimals, thousands separators) the column prints, by the vote of its figures
    that show a separator: two digits after the last one is a decimal point, three a
    thousands group. None when fewer than two figures vote or no form has 60%."""
    votes, commas = Counter(), Counter()
    for text in texts:
        t = _numeric(text) if text else None
        if not t or not _SEP.search(t):
            continue
        tail = len(t) - max(m.end() for m in _SEP.finditer(t))
        if tail in (2, 3):
            votes[2 if tail == 2 else 0] += 1
        digits = sum(ch.isdigit() for ch in t)
        if digits - (2 if tail == 2 else 0) > 3:
            commas["," in t or "，" in t or " " in t.strip()] += 1
    if sum(votes.values()) < 2:
        return None
    decimals, n = votes.most_common(1)[0]
    if n / sum(votes.values()) < 0.6:
        return None
    return decimals, commas[True] >= commas[False]


def repair_money(text: str, decimals: int, grouped: bool) -> str:
    """One figure of a column printed with `decimals` decimals: kept when it reads in the
    column's form, else rebuilt from its digits (the separators are what OCR loses)."""
    t = _numeric(text)
    if t is None:
        return text
    t = t.replace("，", ",").replace("．", ".")
    whole_part, _, frac_part = t.partition(".") if decimals else (t, "", "")
    if (len(frac_part) == decimals and frac_part.isdigit() or not decimals) and (
        _GROUPED.match(whole_part) or regex.match(r"^-?\d+$", whole_part)
    ):
        return t  # reads as a figure of the column's form: its value is what was printed
    sign = "-" if t.startswith("-") else ""
    digits = "".join(ch for ch in t if ch.isdigit())
    if len(digits) <= decimals or (not _SEP.search(t) and len(digits) < 3):
        return text  # a 栏次 number or a fragment: not rebuilt
    whole, frac = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    whole = str(int(whole))
    if grouped:
        whole = f"{int(whole):,}"
    return sign + whole + (f".{frac}" if decimals else "")


def repair_money_columns(rows: list[list[str]]) -> list[list[str]]:
    n = max((len(r) for r in rows), default=0)
    out = [list(r) for r in rows]
    for j in range(n):
        column = [r[j] for r in rows if j < len(r)]
        convention = column_convention(column)
        if convention is None:
            continue
        for r in out:
            if j < len(r) and r[j]:
                r[j] = repair_money(r[j], *convention)
    return out
