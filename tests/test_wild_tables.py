"""Over a warehouse of ../shared/corpus-wild (`make score-wild` writes data/warehouse-wild
and runs this module): no table recorded empty prints figures under its title.

The page is read again here with pdfplumber's own text, not through the readers under
test: the lines after the table's title, up to the next table's title, must not print
money-shaped figures (`1,234.56`, `12,345`, `0.50`) when the table is recorded empty."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

WILD = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus-wild"
# only the warehouse `make score-wild` has just written: an older one describes older code
WAREHOUSE = Path(os.environ.get("CAIZHENG_WILD_WAREHOUSE", "/nonexistent"))

pytestmark = pytest.mark.skipif(
    not WILD.is_dir() or not (WAREHOUSE / "source_tables").is_dir(),
    reason="runs from `make score-wild`, on the warehouse it has just written from ../shared/corpus-wild",
)


def _empty_pdf_tables() -> list[tuple]:
    import duckdb

    return duckdb.sql(
        f"""SELECT d.source_path, s.table_title_raw, s.page
            FROM read_parquet('{WAREHOUSE}/source_tables/**/*.parquet', hive_partitioning=1, union_by_name=1) s
            JOIN read_parquet('{WAREHOUSE}/documents/**/*.parquet', hive_partitioning=1, union_by_name=1) d
            USING (doc_id)
            WHERE s.empty AND lower(d.source_path) LIKE '%.pdf' ORDER BY 1, 3"""
    ).fetchall()


def figures_under_title(pdf_path: Path, title: str, page_number: int) -> list[str]:
    import pdfplumber
    import regex as re

    money = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2})(?![\d.%])")
    squeeze = re.compile(r"\s+")
    with pdfplumber.open(pdf_path) as pdf:
        text = pdf.pages[page_number - 1].extract_text() or ""
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if squeeze.sub("", title) in squeeze.sub("", ln)), None)
    if start is None:
        return []
    found = []
    for ln in lines[start + 1 :]:
        stripped = squeeze.sub("", ln)
        if stripped.endswith("表") and len(stripped) < 40:
            break  # the next table's title
        found += money.findall(ln)
    return found


def test_no_table_with_printed_figures_is_recorded_empty():
    lost = []
    for source_path, title, page in _empty_pdf_tables():
        path = WILD / Path(source_path).name
        if not path.exists():
            continue
        figures = figures_under_title(path, title, page)
        if figures:
            lost.append(f"{Path(source_path).name} p{page} {title}: {figures[:4]}")
    assert lost == []


def test_no_money_under_a_percentage_header():
    """A column headed as a percentage (`增减%`, `决算数为上年决算数的%`, `利率（%）`) holds no
    money in any table of any document, whatever measure its header was given: its cells keep
    their printed figure with unit `%` and no amount_wan."""
    import duckdb

    rows = duckdb.sql(
        f"""SELECT d.source_path, b.page, b.column_raw, b.amount_raw
            FROM read_parquet('{WAREHOUSE}/budget_lines/**/*.parquet', hive_partitioning=1, union_by_name=1) b
            JOIN read_parquet('{WAREHOUSE}/documents/**/*.parquet', hive_partitioning=1, union_by_name=1) d
            USING (doc_id)
            WHERE b.amount_wan IS NOT NULL
              AND regexp_matches(regexp_replace(b.column_raw, '\\s', '', 'g'), '[%％]\\)?$|[（(][%％][)）]|率$')
            LIMIT 10"""
    ).fetchall()
    assert rows == []
