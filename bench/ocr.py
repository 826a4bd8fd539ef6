"""OCR throughput, accuracy by resolution, and memory (`make bench` runs it after bench/run.py).

Generated scans (tests/ocrgen.py: `tablegen` budget tables drawn with a CJK font at 200 dpi,
softened like a scan, saved as image-only PDFs) are read by `extract.read_document` at each
rendering resolution: pages/s, the share of money cells read exact, and the peak memory of
this process (one worker's worth: the recognizer, a page image and the document).

    python bench/ocr.py [--pages N] [--dpi 150,200,300]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caizheng.extract import ocr, read_document  # noqa: E402
from caizheng.extract.ocr import OcrSettings, ocr_document  # noqa: E402
from caizheng.extract.pdf import read_pdf  # noqa: E402
from tests import ocrgen, tablegen  # noqa: E402


def _value(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except Exception:
        return None


def measure(dpi: int, scans: list[tuple[Path, list[dict]]]) -> tuple[float, float]:
    exact = total = 0
    started = time.monotonic()
    for path, cells in scans:
        doc = ocr_document(path, read_pdf(path), OcrSettings(dpi=dpi))
        read = {}
        for table in doc.pages[0].tables:
            for row in table.texts():
                if row and row[0]:
                    for measure, text in zip(tablegen.MEASURES, row[2:]):
                        read[(row[0], measure)] = _value(text)
        for c in cells:
            total += 1
            exact += read.get((c["code"] or "", c["measure"])) == _value(c["raw"])
    seconds = time.monotonic() - started
    return len(scans) / seconds, exact / max(total, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=3, help="generated scans per resolution (default 3)")
    ap.add_argument("--dpi", default="150,200,300", help="rendering resolutions to compare")
    args = ap.parse_args()
    if not ocr.available() or ocrgen.font_path() is None:
        print("bench/ocr.py: skipped (needs the OCR extra and manimgx-fonts-cjk: make venv)")
        return 0
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        scans = []
        for i in range(args.pages):
            table = tablegen.expenditure_table(rng, "万元" if i % 2 == 0 else "元")
            pdf, cells = ocrgen.table_pdf(table)
            path = Path(tmp) / f"scan{i}.pdf"
            path.write_bytes(pdf)
            scans.append((path, [c for c in cells if c["code"]]))
        read_document(scans[0][0], ocr=True)  # load the recognizer once, outside the timings
        print(f"OCR of generated scanned tables ({args.pages} pages each, 9-pt figures, scanned at 200 dpi)")
        for dpi in (int(d) for d in args.dpi.split(",")):
            pages_s, share = measure(dpi, scans)
            print(f"  render at {dpi:3d} dpi: {pages_s:5.2f} pages/s, money cells exact {share:6.1%}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
