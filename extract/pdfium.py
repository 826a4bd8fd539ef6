"""A page's characters from pypdfium2 (PDFium's text page), in pdfplumber's char form.

pdfminer's layout pass is almost all of the time pdfplumber spends on a page; PDFium
reads the same characters about an order of magnitude faster. This module gives them
as the dicts `extract.pdf` works on (`text`, `x0`, `x1`, `top`, `bottom`, `doctop`,
`upright`, `fontname`, `size`), taking each character's *loose* box (the font's
ascent to descent, advance width wide), which is how pdfminer boxes a character, not
its glyph's ink.

It is not the reader: `compare_chars` measures how far it is from pdfplumber's, and
until it is exact on every corpus page (see docs/performance.md) and gives the ruling
lines tables are found from, `read_pdf` keeps pdfplumber. PDFium's generated
characters (spaces and line breaks it infers) are left out; so is whitespace, which
pdfminer prints only where the PDF has it.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

_FONT_BUFFER = 256


def open_document(path: str | Path):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(path))


def page_chars(page, doctop: float = 0.0) -> list[dict]:
    """The page's characters (pypdfium2 `PdfPage`), top-down coordinates as pdfplumber's."""
    import pypdfium2.raw as raw

    turn = _turn(page)
    text_page = page.get_textpage()
    try:
        out = []
        rect = raw.FS_RECTF()
        font = ctypes.create_string_buffer(_FONT_BUFFER)
        flags = ctypes.c_int()
        matrix = raw.FS_MATRIX()
        for i in range(text_page.count_chars()):
            if raw.FPDFText_IsGenerated(text_page, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(text_page, i)
            if not code or chr(code).isspace():
                continue
            raw.FPDFText_GetLooseCharBox(text_page, i, rect)
            raw.FPDFText_GetFontInfo(text_page, i, font, _FONT_BUFFER, flags)
            angle = raw.FPDFText_GetCharAngle(text_page, i)
            upright = angle < 0.01 or abs(angle - 6.283185307179586) < 0.01
            raw.FPDFText_GetMatrix(text_page, i, matrix)
            # the size as drawn: Tf's size scaled by the text and graphics matrices
            size = raw.FPDFText_GetFontSize(text_page, i) * (abs(matrix.d) if upright else abs(matrix.b))
            # pdfminer's box is font-size tall from the descent, not ascent to descent
            above = rect.bottom + size if upright else rect.top
            x0, x1, top, bottom = turn(rect.left, rect.bottom, rect.right, above)
            out.append(
                {
                    "object_type": "char",
                    "text": chr(code),
                    "x0": x0,
                    "x1": x1,
                    "top": top,
                    "bottom": bottom,
                    "doctop": doctop + top,
                    "width": x1 - x0,
                    "height": bottom - top,
                    "upright": upright,
                    "fontname": font.value.decode("utf-8", "replace"),
                    "size": size,
                }
            )
        return out
    finally:
        text_page.close()


def _turn(page):
    """PDF user space (y up) → the page as shown, top-down, after its /Rotate (what
    pdfplumber's coordinates are): (left, bottom, right, top) → (x0, x1, top, bottom)."""
    rotation = page.get_rotation() % 360
    w, h = page.get_width(), page.get_height()  # as shown
    if rotation in (90, 270):
        w, h = h, w  # unrotated
    return {
        0: lambda x0, b, x1, t: (x0, x1, h - t, h - b),
        90: lambda x0, b, x1, t: (b, t, x0, x1),
        180: lambda x0, b, x1, t: (w - x1, w - x0, b, t),
        270: lambda x0, b, x1, t: (h - t, h - b, w - x1, w - x0),
    }[rotation]


def compare_chars(ours: list[dict], theirs: list[dict], tolerance: float = 0.05) -> tuple[list, list]:
    """(characters only in `ours`, only in `theirs`): a character is in both when the
    other has one with the same text and every side of its box within `tolerance`
    points. Whitespace is left out of both."""
    pool: dict[tuple, list[dict]] = {}
    for c in theirs:
        if not c["text"].isspace():
            pool.setdefault((c["text"], round(c["x0"])), []).append(c)
    only_ours = []
    for c in ours:
        if c["text"].isspace():
            continue
        match = next(
            (
                (key, o)
                for dx in (0, -1, 1)
                for key in [(c["text"], round(c["x0"]) + dx)]
                for o in pool.get(key, ())
                if all(abs(o[k] - c[k]) <= tolerance for k in _SIDES)
            ),
            None,
        )
        if match is None:
            only_ours.append(c)
        else:
            pool[match[0]].remove(match[1])
    return only_ours, [c for cs in pool.values() for c in cs]


_SIDES = ("x0", "top", "x1", "bottom")
