from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = ROOT.parent / "shared" / "gold"

# the five text samples, by what they are
SHIJIAZHUANG = SAMPLES / "hebei-shijiazhuang-hrss-2021-self-evaluation.txt"
XINGLONG = SAMPLES / "hebei-xinglong-hrss-2024-self-evaluation.txt"
ZHENGNING = SAMPLES / "gansu-zhengning-hrss-2023-self-evaluation.txt"
NANGONG = SAMPLES / "hebei-nangong-hrss-2021-budget.txt"
DONGXIHU = SAMPLES / "hubei-dongxihu-hrss-2021-final-accounts.txt"


def lines_document(*pages: tuple[str, ...]):
    """A text document of these pages, each a tuple of its lines."""
    from caizheng.extract.model import Document, Line, Page

    return Document(
        path="x.txt",
        sha256="0",
        format="txt",
        pages=tuple(
            Page(number=n, lines=tuple(Line(text=t, page=n, number=i + 1) for i, t in enumerate(texts)))
            for n, texts in enumerate(pages, start=1)
        ),
    )


def corpus_pdf(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"needs ../shared/corpus/{name} (the PDFs are not committed)")
    return path


@pytest.fixture(scope="session")
def samples_warehouse(tmp_path_factory):
    """The warehouse `make demo` builds, built once for the session."""
    from caizheng.normalize.warehouse import Warehouse
    from caizheng.runner import ingest

    out = tmp_path_factory.mktemp("warehouse")
    ingest(SAMPLES, out, workers=1)
    return Warehouse(out)


@pytest.fixture(scope="session")
def document_cache():
    """Read each document once per session: read(path) → Document."""
    from caizheng.extract import read_document

    cache = {}

    def read(path):
        key = str(path)
        if key not in cache:
            cache[key] = read_document(path)
        return cache[key]

    return read


@pytest.fixture(scope="session")
def corpus_warehouse(tmp_path_factory):
    """../shared/corpus (text and PDFs) ingested once per session; skipped without it."""
    if not any(CORPUS.glob("*.pdf")):
        pytest.skip("needs the PDFs of ../shared/corpus")
    from caizheng.normalize.warehouse import Warehouse
    from caizheng.runner import ingest

    out = tmp_path_factory.mktemp("corpus-warehouse")
    ingest(CORPUS, out, workers=1)
    return Warehouse(out)
