"""`make bench`: how fast the pipeline is against bare pdfplumber on real reports, where its
time goes, how it scales with workers, and whether worker memory stays flat.

The main corpus is every PDF of ../shared/corpus-wild (real reports of every size,
from 1 to 262 pages); the five dev PDFs of ../shared/corpus, repeated, are measured
the same way on a second line. Not a test: figures depend on the machine, and the
run prints them as Markdown tables to paste into docs/performance.md.

    python bench/run.py [--corpus ../shared/corpus-wild] [--limit N] [--max-pages P] [--rounds 3]
                        [--dev-corpus ../shared/corpus] [--dev-pdfs 20] [--workers N]

Other programs sharing the machine slow everything down, so no figure is compared with
one taken at another moment: the documents are dealt into `--rounds` rounds of the same
mix of sizes, and each round runs bare pdfplumber, the pipeline in this process (its
stages timed), the pool on 1 worker and on `--workers` workers, one after the other.
Load that comes and goes falls on every side. Ratios are given in CPU seconds too (the
work done, whatever the load); the load average is printed before and after.

The worker pool's fork server (which preloads the parsers and jieba's dictionaries)
is started once before anything is timed; its start-up is reported on its own line.
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# text layers against bare pdfplumber, which reads no image: the scanned pages of corpus-wild
# (OCR, seconds a page) are measured apart by bench/ocr.py
os.environ.setdefault("CAIZHENG_OCR", "0")
sys.path.insert(0, str(ROOT / "bench"))

from stages import BARE_STAGES, STAGES, Clock, bare_pdfplumber, pipeline_stages  # noqa: E402

from caizheng.normalize.warehouse import Warehouse  # noqa: E402
from caizheng.runner import ingest  # noqa: E402

MB = 1024 * 1024


def make_corpus(dest: Path, sources: list[Path], n: int | None = None) -> list[Path]:
    """`n` files (all of `sources` once when None) copied into `dest`; a repeated source is
    made distinct by a trailing comment, so none is skipped as already ingested."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(len(sources) if n is None else n):
        src = sources[i % len(sources)]
        target = dest / f"{src.stem}-{i:04d}{src.suffix}"
        data = src.read_bytes()
        if i >= len(sources):
            data += (f"\n% copy {i}\n" if src.suffix == ".pdf" else f"\n副本 {i}\n").encode("utf-8")
        target.write_bytes(data)
        out.append(target)
    return out


def readable_pdfs(folder: Path, limit: int | None, max_pages: int | None = None) -> list[tuple[Path, int]]:
    """The PDFs of `folder` that pdfplumber opens, with their pages, largest first."""
    import pdfplumber

    out = []
    for path in sorted(folder.glob("*.pdf")):
        try:
            with pdfplumber.open(path) as pdf:
                out.append((path, len(pdf.pages)))
        except Exception:
            continue  # not a PDF, damaged, encrypted: the pipeline's failures, not speed
    out = [item for item in out if not max_pages or item[1] <= max_pages]
    out.sort(key=lambda item: (-item[1], item[0].name))
    if limit and limit < len(out):  # an even spread of sizes, not the largest only
        step = len(out) / limit
        out = [out[int(i * step)] for i in range(limit)]
    return out


def deal(items: list, rounds: int) -> list[list]:
    """Largest first, dealt round-robin: each round holds the same mix of sizes."""
    return [items[i::rounds] for i in range(rounds)]


class Workers:
    """Peak resident memory of any one worker process, and the CPU seconds all workers
    used, while a run lasts (polled every 50 ms)."""

    def __init__(self):
        import psutil

        self.me = psutil.Process()
        self.peak = 0
        self.cpu: dict[int, float] = {}
        self.before = {c.pid: _cpu(c) for c in self.me.children(recursive=True)}  # the fork server
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self):
        while not self._stop.is_set():
            for child in self.me.children(recursive=True):
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                    self.cpu[child.pid] = _cpu(child) - self.before.get(child.pid, 0.0)
                except Exception:
                    pass
            time.sleep(0.05)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _cpu(process) -> float:
    t = process.cpu_times()
    return t.user + t.system


@dataclass
class Run:
    documents: int = 0
    pages: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    peak_rss: int = 0

    def add(self, other: Run) -> None:
        self.documents += other.documents
        self.pages += other.pages
        self.seconds += other.seconds
        self.cpu += other.cpu
        self.peak_rss = max(self.peak_rss, other.peak_rss)


def run_pool(folder: Path, workers: int, cpu: bool = True) -> Run:
    out = Path(tempfile.mkdtemp(prefix="bench-wh-"))
    try:
        with Workers() as watch:
            started = time.perf_counter()
            summary = ingest(folder, out, workers=workers, timeout=3600, max_memory_mb=4096)
            seconds = time.perf_counter() - started
        return Run(summary.processed, summary.pages, seconds, watch.cpu_seconds if cpu else 0.0, watch.peak)
    finally:
        shutil.rmtree(out, ignore_errors=True)


@dataclass
class Measures:
    bare: Run = field(default_factory=Run)
    bare_clock: Clock = field(default_factory=Clock)
    staged: Run = field(default_factory=Run)
    clock: Clock = field(default_factory=Clock)
    one: Run = field(default_factory=Run)
    many: Run = field(default_factory=Run)


def measure(files: list[Path], tmp: Path, rounds: int, workers: int, label: str) -> Measures:
    """Bare pdfplumber, the staged pipeline, the pool on 1 and on `workers` workers, round
    after round over the same files."""
    m = Measures()
    warehouse = Warehouse(tmp / f"{label}-staged-wh").create()
    for r, chunk in enumerate(deal(files, rounds)):
        folder = tmp / f"{label}-round{r}"
        folder.mkdir(parents=True)
        for path in chunk:
            os.link(path, folder / path.name)
        for path in chunk:  # bare pdfplumber and the staged pipeline, document by document
            for side, fn in (("bare", _bare_run), ("staged", _staged_run)):
                run = fn(path, folder, warehouse, m.bare_clock if side == "bare" else m.clock)
                getattr(m, side).add(run)
        m.one.add(run_pool(folder, 1))
        m.many.add(run_pool(folder, workers))
        print(f"  {label} round {r + 1}/{rounds} done, load {_load()}", file=sys.stderr, flush=True)
    return m


def _bare_run(path: Path, folder: Path, warehouse, clock: Clock) -> Run:
    inner = Clock()
    pages = bare_pdfplumber(path, inner)
    clock.add(inner)
    return Run(1, pages, inner.wall["bare"], inner.cpu["bare"])


def _staged_run(path: Path, folder: Path, warehouse, clock: Clock) -> Run:
    inner = Clock()
    pages = pipeline_stages(folder / path.name, folder, warehouse, inner)
    clock.add(inner)
    return Run(1, pages, inner.wall["pipeline"], inner.cpu["pipeline"])


def start_up(texts: list[Path]) -> float:
    """Seconds to ingest one small text report in a fresh pool: the fork server's start."""
    folder = Path(tempfile.mkdtemp(prefix="bench-start-"))
    try:
        make_corpus(folder, texts[:1], 1)
        return run_pool(folder, 1).seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def report_speed(m: Measures, workers: int, name: str) -> list[str]:
    b, s, one, many = m.bare, m.staged, m.one, m.many
    rows = [
        f"| bare pdfplumber (chars, extract_text, find_tables) | {b.pages / b.seconds:.1f} pages/s | |",
        f"| pipeline in one process (stages timed) | {s.pages / s.seconds:.1f} pages/s | |",
        f"| pipeline / bare, one process: wall, CPU | {s.seconds / b.seconds:.2f}×, {s.cpu / b.cpu:.2f}× | ≤ 1.3× |",
        f"| pool, 1 worker | {one.pages / one.seconds:.1f} pages/s | |",
        f"| pool 1 worker / bare: wall, CPU | {one.seconds / b.seconds:.2f}×, {one.cpu / b.cpu:.2f}× | ≤ 1.3× |",
        f"| pool, {workers} workers | {many.pages / many.seconds:.1f} pages/s | |",
        f"| speed-up 1 → {workers} workers | {one.seconds / many.seconds:.2f}× | ≥ {0.8 * workers:.1f}× |",
        f"| peak RSS of one worker, {name} ({many.documents} documents) | {many.peak_rss / MB:.0f} MB | < 500 MB |",
    ]
    return rows


def report_stages(m: Measures, name: str) -> list[str]:
    bare_cpu = m.bare.cpu
    out = [
        f"Where the time goes ({name}, CPU seconds in one process, share of bare pdfplumber's):",
        "",
        "| bare pdfplumber | s | share | pipeline | s | share |",
        "|---|---|---|---|---|---|",
    ]
    left = [(s, m.bare_clock.cpu[s]) for s in BARE_STAGES] + [("total", bare_cpu)]
    right = [(s, m.clock.cpu[s]) for s in STAGES] + [("total", m.staged.cpu)]
    for i in range(max(len(left), len(right))):
        a = f"{left[i][0]} | {left[i][1]:.1f} | {left[i][1] / bare_cpu:.2f}" if i < len(left) else " | | "
        c = f"{right[i][0]} | {right[i][1]:.1f} | {right[i][1] / bare_cpu:.2f}" if i < len(right) else " | | "
        out.append(f"| {a} | {c} |")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus-wild"))
    ap.add_argument("--limit", type=int, default=None, help="at most N PDFs of the corpus, of every size")
    ap.add_argument("--max-pages", type=int, default=None, help="leave out PDFs of more pages (a quick look)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds the runs alternate in (default 3)")
    ap.add_argument("--dev-corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--dev-pdfs", type=int, default=20, help="dev PDFs, repeated (default 20; 0: none)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    wild = readable_pdfs(Path(args.corpus), args.limit, args.max_pages)
    texts = sorted((ROOT / "data" / "samples").glob("*.txt"))
    if not wild:
        print(f"no PDFs in {args.corpus}: the benchmark needs the corpus", file=sys.stderr)
        return 2
    load_before = _load()
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        corpus = make_corpus(tmp / "wild", [p for p, _ in wild])
        dev_src = sorted(Path(args.dev_corpus).glob("*.pdf"))
        dev = make_corpus(tmp / "dev", dev_src, args.dev_pdfs) if dev_src and args.dev_pdfs else []
        make_corpus(tmp / "small", [p for p, _ in wild[:: max(1, len(wild) // 10)]][:10])
        make_corpus(tmp / "text", texts, 50)

        startup_s = start_up(texts)
        m_wild = measure(corpus, tmp, args.rounds, args.workers, "wild")
        m_dev = measure(dev, tmp, args.rounds, args.workers, "dev") if dev else None
        small = run_pool(tmp / "small", args.workers, cpu=False)
        text = run_pool(tmp / "text", args.workers, cpu=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    pages = sum(n for _, n in wild)
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"load average (1, 5, 15 min): {load_before} before, {_load()} after; {time.perf_counter() - started:.0f} s"
    )
    print()
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| start-up of the worker pool (once per run, not timed below) | {startup_s:.1f} s | |")
    print(f"| **corpus-wild: {len(corpus)} PDFs, {pages} pages, {args.rounds} rounds** | | |")
    for row in report_speed(m_wild, args.workers, "corpus-wild"):
        print(row)
    print(f"| peak RSS of one worker, 10 documents | {small.peak_rss / MB:.0f} MB | flat, < 500 MB |")
    if m_dev:
        print(f"| **dev PDFs: {len(dev)} copies of {len(dev_src)}, {m_dev.bare.pages} pages** | | |")
        for row in report_speed(m_dev, args.workers, "dev PDFs"):
            print(row)
    print(f"| text documents, {args.workers} workers | {text.documents / text.seconds:.1f} documents/s | |")
    print()
    for line in report_stages(m_wild, "corpus-wild"):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
