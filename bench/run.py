"""`make bench`: how fast the pipeline is against bare pdfplumber, how it scales with
workers, and whether worker memory stays flat as the corpus grows.

It builds a corpus by repeating the sample PDFs of ../shared/corpus (each copy made
distinct by a trailing comment, so none is skipped as already ingested) and the
text samples, then measures on this machine and prints a table (Markdown, to paste
into docs/performance.md). Not a test: figures depend on the machine.

    python bench/run.py [--pdfs 200] [--big 200] [--workers N] [--corpus ../shared/corpus]

The worker pool's fork server (which preloads the parsers and jieba's dictionaries)
is started once before anything is timed and its start-up is reported on its own
line: it is paid once per run, not per document, and timing it inside the first
measured run would charge it to the 1-worker figure alone.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caizheng.runner import ingest  # noqa: E402


def make_corpus(dest: Path, sources: list[Path], n: int) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        target = dest / f"{src.stem}-{i:04d}{src.suffix}"
        data = src.read_bytes()
        extra = f"\n% copy {i}\n" if src.suffix == ".pdf" else f"\n副本 {i}\n"
        target.write_bytes(data + extra.encode("utf-8"))
        out.append(target)
    return out


def bare_pdfplumber(paths: list[Path]) -> tuple[int, float]:
    import pdfplumber

    pages, started = 0, time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.find_tables()
                pages += 1
                page.close()
    return pages, time.perf_counter() - started


class PeakRSS:
    """Peak resident memory of any single worker process while a run lasts."""

    def __init__(self):
        import psutil

        self.me = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self):
        while not self._stop.is_set():
            for child in self.me.children(recursive=True):
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                except Exception:
                    pass
            time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run(folder: Path, workers: int) -> tuple[int, int, float, int]:
    out = Path(tempfile.mkdtemp(prefix="bench-wh-"))
    try:
        with PeakRSS() as rss:
            started = time.perf_counter()
            summary = ingest(folder, out, workers=workers, timeout=600)
            seconds = time.perf_counter() - started
        return summary.processed, summary.pages, seconds, rss.peak
    finally:
        shutil.rmtree(out, ignore_errors=True)


def start_up(texts: list[Path]) -> float:
    """Seconds to ingest one small text report in a fresh pool: the fork server's start."""
    folder = Path(tempfile.mkdtemp(prefix="bench-start-"))
    try:
        make_corpus(folder, texts[:1], 1)
        return run(folder, 1)[2]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--pdfs", type=int, default=200, help="PDF documents in the main corpus (default 200)")
    ap.add_argument("--big", type=int, default=200, help="documents in the memory run (default 200)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    pdfs = sorted(Path(args.corpus).glob("*.pdf"))
    texts = sorted((ROOT / "data" / "samples").glob("*.txt"))
    if not pdfs:
        print(f"no PDFs in {args.corpus}: the benchmark needs the sample PDFs", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        corpus = make_corpus(tmp / "pdf", pdfs, args.pdfs)
        make_corpus(tmp / "small", pdfs + texts, 10)
        make_corpus(tmp / "big", pdfs + texts, args.big)
        make_corpus(tmp / "text", texts, 50)

        startup_s = start_up(texts)
        bare_pages, bare_s = bare_pdfplumber(corpus)
        n1, pages1, s1, rss1 = run(tmp / "pdf", 1)
        nN, pagesN, sN, rssN = run(tmp / "pdf", args.workers)
        n_small, _, _, rss_small = run(tmp / "small", args.workers)
        n_big, _, _, rss_big = run(tmp / "big", args.workers)
        n_text, _, s_text, _ = run(tmp / "text", args.workers)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    mb = 1024 * 1024
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print()
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| start-up of the worker pool (once per run, not timed below) | {startup_s:.1f} s | |")
    print(
        f"| bare pdfplumber (extract_text + find_tables), {len(corpus)} PDFs, {bare_pages} pages | {bare_pages / bare_s:.1f} pages/s | |"
    )
    print(f"| pipeline, 1 worker, same PDFs | {pages1 / s1:.1f} pages/s | |")
    print(f"| pipeline time / bare pdfplumber time | {s1 / bare_s:.2f}× | ≤ 1.3× |")
    print(f"| pipeline, {args.workers} workers | {pagesN / sN:.1f} pages/s | |")
    print(f"| speed-up 1 → {args.workers} workers | {s1 / sN:.2f}× | ≥ {0.8 * args.workers:.1f}× |")
    print(f"| peak RSS of one worker, {n_small} documents | {rss_small / mb:.0f} MB | flat, < 500 MB |")
    print(f"| peak RSS of one worker, {n_big} documents | {rss_big / mb:.0f} MB | flat, < 500 MB |")
    print(f"| text documents, {args.workers} workers | {n_text / s_text:.1f} documents/s | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
