"""extract: read a report file (PDF, .txt, .md) into a `Document` with provenance."""

from __future__ import annotations

from pathlib import Path

from .errors import (
    BinaryFile,
    CaizhengError,
    CorruptPDF,
    DocumentLoadError,
    EmptyFile,
    EncryptedPDF,
    NeedsOCR,
    UndecodableText,
    UnsupportedFormat,
)
from .model import Cell, Document, Line, Page, Table
from .ocr import enabled as ocr_enabled
from .ocr import ocr_document
from .pdf import PdfSettings, read_pdf
from .text import read_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PDF_SUFFIXES = {".pdf"}
SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

__all__ = [
    "BinaryFile",
    "CaizhengError",
    "Cell",
    "CorruptPDF",
    "Document",
    "DocumentLoadError",
    "EmptyFile",
    "EncryptedPDF",
    "Line",
    "NeedsOCR",
    "Page",
    "PdfSettings",
    "SUFFIXES",
    "Table",
    "UndecodableText",
    "UnsupportedFormat",
    "read_document",
]


def read_document(path: str | Path, *, sha256: str | None = None, ocr: bool | None = None) -> Document:
    """Read one report; raises a `DocumentLoadError` subclass for bad input. PDF pages
    without a text layer are read by OCR (`extract.ocr`) when `ocr` is true, or when it
    is None and OCR is enabled (`CAIZHENG_OCR` is not 0) and installed."""
    path = Path(path)
    if not path.is_file():
        raise UnsupportedFormat(f"not a regular file: {path.name}")
    if path.stat().st_size == 0:
        raise EmptyFile("empty file (0 bytes)")
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        with path.open("rb") as f:
            head = f.read(1024)
        if b"%PDF" not in head:
            raise CorruptPDF("not a PDF: the file does not start with %PDF")
        doc = read_pdf(path, sha256=sha256)
        if any(not p.has_text for p in doc.pages) and (ocr_enabled() if ocr is None else ocr):
            doc = ocr_document(path, doc)
        return doc
    if suffix in TEXT_SUFFIXES:
        return read_text(path)
    raise UnsupportedFormat(f"unsupported file type {suffix or '(none)'}: we read .pdf, .txt and .md")
