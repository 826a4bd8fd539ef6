"""extract/pdfium.py: PDFium's characters against pdfplumber's, on generated pages (exact)
and on the corpus PDFs (measured: see docs/performance.md for why it is not the reader)."""

from __future__ import annotations

import pdfplumber
import pytest

from caizheng.extract.pdf import dedupe_page, unique_chars
from caizheng.extract.pdfium import compare_chars, open_document, page_chars
from tests.conftest import CORPUS


def _both(source) -> list[tuple[list[dict], list[dict]]]:
    """Per page: (pdfplumber's characters without duplicates, PDFium's likewise)."""
    doc = open_document(source)
    out = []
    with pdfplumber.open(source) as pdf:
        for i, page in enumerate(pdf.pages):
            ours = dedupe_page(page).chars
            theirs = page_chars(doc[i], float(page.initial_doctop))
            out.append((ours, unique_chars(theirs) if theirs else theirs))
            page.close()
    doc.close()
    return out


def _in_order(chars: list[dict]) -> list[dict]:
    return sorted((c for c in chars if not c["text"].isspace()), key=lambda c: (round(c["top"]), c["x0"]))


def _generated(tmp_path) -> str:
    from reportlab.pdfgen import canvas

    path = tmp_path / "generated.pdf"
    c = canvas.Canvas(str(path), pagesize=(612, 792))
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "Total 1,234.56 (2024)")
    c.setFont("Helvetica-Bold", 9)
    c.drawString(300, 400, "row 2 0.00")
    c.showPage()
    c.save()
    return str(path)


def test_generated_page_agrees_on_text_and_advance(tmp_path):
    """The same characters in the same places along the line. Their heights differ on a
    standard font PDFium does not embed (Helvetica: its descent is PDFium's substitute's),
    one of the reasons it is not the reader (docs/performance.md)."""
    [(ours, theirs)] = [[_in_order(cs) for cs in page] for page in _both(_generated(tmp_path))]
    assert [c["text"] for c in ours] == [c["text"] for c in theirs] == list("Total1,234.56(2024)row20.00")
    for a, b in zip(ours, theirs):
        assert abs(a["x0"] - b["x0"]) < 0.05 and abs(a["x1"] - b["x1"]) < 0.05
        assert a["size"] == pytest.approx(b["size"], abs=0.01) and a["upright"] == b["upright"]


def test_compare_chars_sees_a_moved_character(tmp_path):
    [(_, theirs)] = _both(_generated(tmp_path))
    assert compare_chars(theirs, theirs) == ([], [])
    moved = [dict(c, top=c["top"] + 0.5) if i == 3 else c for i, c in enumerate(theirs)]
    only_ours, only_theirs = compare_chars(theirs, moved)
    assert [c["text"] for c in only_ours] == [theirs[3]["text"]] == [c["text"] for c in only_theirs]


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.pdf")) or ["(no corpus)"])
def test_corpus_characters_nearly_agree(name):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("needs the PDFs of ../shared/corpus")
    pages = _both(str(path))
    total = sum(len(ours) for ours, _ in pages)
    missed = sum(len(compare_chars(ours, theirs)[0]) for ours, theirs in pages)
    assert total > 0
    # every page with characters has them from both readers; all but a few agree to 0.05 pt
    assert all(bool(ours) == bool(theirs) for ours, theirs in pages)
    assert missed <= 0.005 * total, f"{missed} of {total} characters differ"
