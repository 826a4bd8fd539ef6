"""Scores printed in tables: the 合计/总分 row of a 自评表, and the budget-execution
block whose 得分 is 分值 × 执行率.

Two forms: tables the reader found (doc.pages[*].tables, e.g. a tab-separated 自评表,
where the header row names the 分值 and 得分 columns) and tables that survive only as
text lines (`总分 98`; `（20分*执行率）` … `3796.75 3401.9 89.60% 18`).
"""

from __future__ import annotations

import re

from caizheng.extract.model import Document, Table

from ..records import Score
from .text import Flat, scope_at, score_at
from .vocab import name_to_dimension_raw, text_to_score

N = r"\d+(?:\.\d+)?"
TOP_DIMENSIONS = ("投入", "过程", "产出", "效果", "效益", "满意度")
TOTAL_WORDS = ("合计", "总分", "总计", "总得分")
_TOTAL_LINE = re.compile(
    rf"^(?:自评|评价|综合)?(?P<word>总分|总得分|得分合计)\s*[:：]?\s*(?P<a>{N})(?:\s+(?P<b>{N}))?(?:\s|$)"
)
_SUM_LINE = re.compile(rf"^(?P<word>合计|总计)\s*[:：]?\s*(?P<a>{N})\s+(?P<b>{N})(?:\s|$)")
_RATE_HEAD = re.compile(rf"[（(]\s*(?P<max>{N})\s*分\s*[*×xX＊]\s*执行率\s*[)）]")
_RATE_ROW = re.compile(rf"(?P<rate>{N})\s*%\s+(?P<score>{N})\s*$")
_DIM_LINE = re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,8}})\s*(?P<a>{N})\s+(?P<b>{N})$")
_RATE_TOKEN = re.compile(rf"^{N}%$")
_MAX_POINTS = 100.0  # scores beyond this are money, not points


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _pair(a: str | None, b: str | None) -> tuple[float | None, float | None]:
    """`100 98` → (max 100, score 98); `98` alone → (None, 98)."""
    x, y = text_to_score(a), text_to_score(b)
    if y is None:
        return None, x
    return x, y


def _plausible(max_score: float | None, score: float | None) -> bool:
    if score is None or score > _MAX_POINTS:
        return False
    return max_score is None or (max_score <= _MAX_POINTS and score <= max_score)


def table_header_columns(row: list[str]) -> dict[str, int]:
    """Column index of 分值, 得分 and 执行率 in a header row."""
    cols: dict[str, int] = {}
    for i, cell in enumerate(row):
        c = _clean(cell)
        if c in ("分值", "权重", "权重分", "满分", "分值（分）", "权重（分）") or c.startswith("分值"):
            cols.setdefault("max", i)
        elif c == "得分" or c.startswith("得分（") or c in ("评分", "自评得分"):
            cols.setdefault("score", i)
        elif c.startswith("执行率"):
            cols.setdefault("rate", i)
    return cols


def row_to_top_dimension(cells: list[str]) -> str | None:
    """`产出指标 | 50 | 45`: a row that is only a top dimension's name and numbers (an
    indicator row names its 二级/三级 indicators too, and is the indicators' business)."""
    texts = [c for c in cells if c]
    if len(texts) < 2 or any(text_to_score(c) is None for c in texts[1:]):
        return None
    name = name_to_dimension_raw(texts[0])
    return name if name in TOP_DIMENSIONS else None


def row_to_pair(cells: list[str], cols: dict[str, int]) -> tuple[float | None, float | None]:
    """(分值, 得分) of a 合计 or dimension row: by the header's columns, or, when merged
    cells have shifted the row, by its numbers in order (`合计 | 100 | 98`)."""
    max_score, score = text_to_score(_cell(cells, cols, "max")), text_to_score(_cell(cells, cols, "score"))
    if score is not None and (max_score is not None or "max" not in cols):
        return max_score, score
    numbers = [v for v in (text_to_score(c) for c in cells) if v is not None]
    if len(numbers) == 2 and "max" in cols:
        return numbers[0], numbers[1]
    if len(numbers) == 1 and "max" not in cols:
        return None, numbers[0]
    return None, None


def _cell(cells: list[str], cols: dict[str, int], key: str) -> str | None:
    i = cols.get(key)
    return cells[i] if i is not None and i < len(cells) else None


def _offset_at(offsets: dict, page: int, line: int) -> int:
    """Flat-text offset of a page line, or of the nearest kept line above it (blank
    lines are not kept)."""
    if (page, line) in offsets:
        return offsets[(page, line)]
    above = [k for k in offsets if k <= (page, line)]
    return offsets[max(above)] if above else 0


def table_to_scores(table: Table, flat: Flat, changes, offsets: dict) -> list[Score]:
    rows = table.texts()
    out: list[Score] = []
    cols: dict[str, int] = {}
    for i, row in enumerate(rows):
        found = table_header_columns(row)
        if "score" in found:
            cols = found
            continue
        if "score" not in cols:
            continue
        cells = [_clean(c) for c in row]
        first = next((c for c in cells if c), "")
        dim = row_to_top_dimension(cells)
        if dim or first in TOTAL_WORDS:
            raw = dim or "总分"
            max_score, score = row_to_pair(cells, cols)
        elif "rate" in cols and _cell(cells, cols, "rate") and "max" in cols:
            raw = "预算执行率"
            max_score = text_to_score(_cell(cells, cols, "max"))
            score = text_to_score(_cell(cells, cols, "score"))
            cols = {k: v for k, v in cols.items() if k != "rate"}  # the first row (全年) is the one scored
        else:
            continue
        if not _plausible(max_score, score):
            continue
        cell = table.rows[i][0]
        line = cell.line or table.first_line or 1
        where = scope_at(changes, _offset_at(offsets, table.page, line))
        out.append(_table_score(where, raw, max_score, score, table.page, line))
    return out


def _rate_label(flat: Flat, k: int) -> str:
    """The budget-execution block's printed name (`预算执行` + `情况（万元）`)."""
    before = "".join(_clean(line.text) for line in flat.lines[max(0, k - 12) : k + 1])
    m = re.findall(r"预算执行(?:情况|率)?", before)
    return m[-1] if m and m[-1] != "预算执行" else "预算执行情况"


def lines_to_scores(flat: Flat, changes) -> list[Score]:
    """Text-line tables: `总分 98`, `合计 100 98` and the `（20分*执行率）` block."""
    out: list[Score] = []
    for k, (start, line) in enumerate(zip(flat.starts, flat.lines)):
        text = re.sub(r"\s+", " ", line.text).strip()
        m = _TOTAL_LINE.match(text) or _SUM_LINE.match(text)
        if m:
            max_score, score = _pair(m.group("a"), m.group("b"))
            if _plausible(max_score, score) and (
                m.group("word") not in ("合计", "总计") or _after_score_header(flat, k)
            ):
                out.append(_line_score(flat, changes, start, line, "总分", max_score, score))
            continue
        d = _DIM_LINE.match(text)
        if d and name_to_dimension_raw(d.group("name")) in TOP_DIMENSIONS and _after_score_header(flat, k):
            max_score, score = _pair(d.group("a"), d.group("b"))
            if _plausible(max_score, score):
                raw = name_to_dimension_raw(d.group("name"))
                out.append(_line_score(flat, changes, start, line, raw, max_score, score))
            continue
        h = _RATE_HEAD.search(_clean(line.text))
        if h:
            for j in range(k + 1, min(k + 15, len(flat.lines))):
                r = _RATE_ROW.search(re.sub(r"\s+", " ", flat.lines[j].text).strip())
                if r:
                    max_score, score = text_to_score(h.group("max")), text_to_score(r.group("score"))
                    if _plausible(max_score, score):
                        raw = _rate_label(flat, k)
                        out.append(
                            _line_score(flat, changes, flat.starts[j], flat.lines[j], raw, max_score, score)
                        )
                    break
            continue
        order = header_to_rate_order(line.text)
        if order:
            for j in range(k + 1, min(k + 6, len(flat.lines))):
                pair = tokens_to_rate_scores(flat.lines[j].text.split(), order)
                if pair and _plausible(*pair):
                    out.append(_line_score(flat, changes, flat.starts[j], flat.lines[j], "预算执行率", *pair))
                    break
    return out


def header_to_rate_order(text: str) -> str | None:
    """A header line with 分值, 执行率 and 得分: which comes first, 分值 or 执行率
    (`全年执行数 分值 执行率 得分` in the central template, `执行率 分值 得分` elsewhere)."""
    t = _clean(text)
    i, j, k = t.find("分值"), t.find("执行率"), t.rfind("得分")
    if min(i, j, k) < 0 or k < max(i, j):
        return None
    return "max_first" if i < j else "rate_first"


def tokens_to_rate_scores(tokens: list[str], order: str) -> tuple[float, float] | None:
    """(分值, 得分) from a row like `100 100 95 10 95% 9.5` or `141% 10 8`."""
    rates = [i for i, t in enumerate(tokens) if _RATE_TOKEN.match(t)]
    if len(rates) != 1:
        return None
    r = rates[0]
    if order == "max_first":
        a, b = (tokens[r - 1] if r > 0 else None), (tokens[r + 1] if r + 1 < len(tokens) else None)
    else:
        a, b = (
            (tokens[r + 1] if r + 1 < len(tokens) else None),
            (tokens[r + 2] if r + 2 < len(tokens) else None),
        )
    x, y = text_to_score(a), text_to_score(b)
    return (x, y) if x is not None and y is not None else None


def _after_score_header(flat: Flat, k: int) -> bool:
    """A 合计 row counts as a score only under a header that has 得分 and 分值."""
    for line in flat.lines[max(0, k - 80) : k][::-1]:
        t = _clean(line.text)
        if "得分" in t and ("分值" in t or "权重" in t):
            return True
        if "万元" in t or "单位：元" in t:
            return False
    return False


def _line_score(flat, changes, start, line, raw, max_score, score) -> Score:
    return _table_score(scope_at(changes, start), raw, max_score, score, line.page, line.number)


def _table_score(where, raw, max_score, score, page, line) -> Score:
    """A score read from a table row."""
    return score_at(where, raw, max_score, score, page, line, "table")


def document_to_table_scores(doc: Document, flat: Flat, changes) -> list[Score]:
    offsets = {(line.page, line.number): start for start, line in zip(flat.starts, flat.lines)}
    out: list[Score] = []
    for page in doc.pages:
        for table in page.tables:
            out.extend(table_to_scores(table, flat, changes, offsets))
    out.extend(lines_to_scores(flat, changes))
    return out
