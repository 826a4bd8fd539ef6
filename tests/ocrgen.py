"""Scanned pages made for the OCR tests: a generated table (`tablegen`) or a prose page drawn
as an image with a real CJK font (Noto Sans CJK SC, from the `manimgx-fonts-cjk` wheel: the
machine has no system CJK font, and PDFium renders a non-embedded one as nothing), softened
like a scan (blur, JPEG), and saved as an image-only PDF with PIL. Every table is new, so a
test cannot pass by remembering one."""

from __future__ import annotations

import io
import os
from decimal import Decimal

from . import tablegen

DPI = 200  # the resolution most scans are made at


def font_path() -> str | None:
    try:
        import manimgx_fonts_cjk
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(manimgx_fonts_cjk.__file__), "NotoSansCJK-VF.otf.ttc")
    return path if os.path.exists(path) else None


def _font(size_pt: float):
    from PIL import ImageFont

    font = ImageFont.truetype(font_path(), int(round(size_pt * DPI / 72)), index=2)  # the SC face
    font.set_variation_by_name("Regular")
    return font


def _page():
    from PIL import Image, ImageDraw

    img = Image.new("L", (int(595 * DPI / 72), int(842 * DPI / 72)), 255)
    return img, ImageDraw.Draw(img)


def _scanned(img) -> bytes:
    """The page softened like a scan and saved as a PDF holding only that image."""
    from PIL import Image, ImageFilter

    img = img.filter(ImageFilter.GaussianBlur(0.5))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=75)
    out = io.BytesIO()
    Image.open(io.BytesIO(buf.getvalue())).save(out, "PDF", resolution=DPI)
    return out.getvalue()


def table_pdf(table: tablegen.GenTable, cell_pt: float = 9) -> tuple[bytes, list[dict]]:
    """The table drawn ruled, as `tablegen.render_pdf` draws it; returns the PDF and every
    printed money cell (code, name, measure, raw, value)."""
    img, draw = _page()
    s = DPI / 72
    title, small, cell = _font(14), _font(9), _font(cell_pt)
    xs = [40, 110, 310, 395, 480, 565]
    draw.text((297 * s, 50 * s), table.title, font=title, fill=0, anchor="mt")
    draw.text((40 * s, 75 * s), "部门：某某局", font=small, fill=0)
    draw.text((565 * s, 75 * s), f"单位：{table.unit}", font=small, fill=0, anchor="rt")
    height, top = 20, 95
    cells = []
    lines = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    for r_index, row in enumerate(table.rows):
        texts = [tablegen.shown(row.values.get(m, Decimal(0)), table.unit) for m in tablegen.MEASURES]
        lines.append([row.code or "", row.name, *texts])
        for m, text in zip(tablegen.MEASURES, texts):
            if text:
                cells.append({"row": r_index, "code": row.code, "name": row.name, "measure": m, "raw": text})
    for i, texts in enumerate(lines):
        y0, y1 = (top + i * height) * s, (top + (i + 1) * height) * s
        draw.line([(xs[0] * s, y0), (xs[-1] * s, y0)], fill=0, width=2)
        draw.line([(xs[0] * s, y1), (xs[-1] * s, y1)], fill=0, width=2)
        for x in xs:
            draw.line([(x * s, y0), (x * s, y1)], fill=0, width=2)
        for j, text in enumerate(texts):
            mid = (y0 + y1) / 2
            if j >= 2 and i > 0:
                draw.text(((xs[j + 1] - 4) * s, mid), text, font=cell, fill=0, anchor="rm")
            else:
                draw.text(((xs[j] + 4) * s, mid), text, font=cell, fill=0, anchor="lm")
    return _scanned(img), cells


def prose_pdf(paragraphs: list[str], size_pt: float = 12) -> bytes:
    """Paragraphs set in lines of 30 characters, as a report's 情况说明 page."""
    img, draw = _page()
    s = DPI / 72
    font = _font(size_pt)
    y = 70
    for para in paragraphs:
        text = "　　" + para
        for k in range(0, len(text), 32):
            draw.text((60 * s, y * s), text[k : k + 32], font=font, fill=0)
            y += size_pt * 1.9
    return _scanned(img)
