"""Indicator tables printed as plain text lines (PDFs converted to text).

Such a table has no column positions: a row's cells are separated by spaces,
a long cell wraps onto the next lines (`反映开展对外宣传形式的多` + `样性`), a 一级指标
is printed once for several rows, and the header is repeated where the PDF page
broke. What anchors a row is its target (`≥98`, `2次数`, `100`): one numeric
cell per row, after the row's name and description and before its unit column
and basis. Wrapped fragments are re-joined by the table's wrap width: a fragment
that fills the column (the most common length of a one-cell line) continues on
the next line.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

import regex as re

from caizheng.extract.model import Document, Line

from ..records import Indicator
from .targets import is_target_token, parse_target, unit_word
from .vocab import level_of, split_level

TITLE = re.compile(r"(?:项目)?(?:绩效目标表|绩效目标申报表|绩效自评表)\s*$")
ORDINAL = re.compile(
    r"^\s*(?:\d+\s*[、.．]|[（(][一二三四五六七八九十百零]+[)）]|[一二三四五六七八九十]+、)\s*"
)
SECTION = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
# a fragment after a row's target that continues its basis (a document reference, a wrapped word)
GLUED_NUMBER = re.compile(r"(?<=\p{Han}|^)\s*(\d+(?:\.\d+)?)\s*(?=\p{Han})")
QUALITATIVE_CELLS = 4  # cells a row prints after its levels: 三级指标, 描述, 指标值, 依据
BASIS_LIKE = re.compile(r"[【】〔〕\[\]]|号|文件|办字|^条$|^第.*条|规定|办法|通知|意见|^.$")


@dataclass
class _Frag:
    text: str
    line: Line
    first: bool  # first token on its line
    last: bool  # last token on its line


@dataclass
class _Row:
    level1: str | None
    level2: str | None
    cells: list[str]
    target: str
    unit_col: str | None
    basis: list[str]
    line: Line
    tail: list[_Frag] = field(default_factory=list)


def is_header(text: str) -> bool:
    return "一级指标" in text and ("二级指标" in text or "三级指标" in text)


def document_to_text_indicators(doc: Document) -> list[Indicator]:
    in_tables = {
        (cell.page, cell.line)
        for page in doc.pages
        for table in page.tables
        for row in table.rows
        for cell in row
    }
    lines = [
        ln
        for page in doc.pages
        for ln in page.lines
        if (ln.page, ln.number) not in in_tables and not _inside_a_table(ln, page.tables)
    ]
    if not any(is_header(ln.text) for ln in lines):
        return []
    width = wrap_width(lines)
    out: list[Indicator] = []
    seen: set[str] = set()
    for title, title_line, body in tables(lines):
        if title and title in seen and title_line is not None:
            # two tables printed under one title are two projects: keep them apart by their number
            m = re.match(r"\s*(\d+)", title_line.text)
            title = f"{title}（{m.group(1) if m else len(seen) + 1}）"
        seen.add(title)
        out += body_to_indicators(title, title_line, body, width)
    return out


def _inside_a_table(line: Line, tables) -> bool:
    """A line printed inside a ruled table's box (a cell's second line): the table was read as cells."""
    if line.bbox is None:
        return False
    middle = (line.bbox[1] + line.bbox[3]) / 2
    return any(
        t.bbox is not None
        and t.bbox[1] <= middle <= t.bbox[3]
        and line.bbox[0] < t.bbox[2]
        and line.bbox[2] > t.bbox[0]
        for t in tables
    )


def wrap_width(lines: list[Line]) -> int:
    """The most common length of one-cell lines (≥ 6 characters): the width at which cells wrap."""
    counts = collections.Counter(
        len(t) for t in (ln.text.strip() for ln in lines) if len(t) >= 6 and len(t.split()) == 1
    )
    return counts.most_common(1)[0][0] if counts else 10_000


def tables(lines: list[Line]):
    """(title, title line, body lines) for each indicator table: from its header to the next title."""
    title, title_line, body, inside = None, None, [], False
    previous: Line | None = None
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        prev = previous.text.strip() if previous is not None else ""
        wrapped = bool(ORDINAL.match(prev)) and not TITLE.search(prev) and bool(TITLE.search(prev + text))
        if (TITLE.search(text) or wrapped) and not is_header(text):
            if body and body[-1] is previous and wrapped:
                body.pop()  # the title's first line was taken for a row of the table before
            if inside and body:
                yield title, title_line, body
            title, title_line, body, inside = _title(text, previous), ln, [], False
        elif is_header(text):
            inside = True
        elif inside and SECTION.match(text):
            yield title, title_line, body
            title, body, inside = None, [], False
        elif inside:
            body.append(ln)
        previous = ln
    if inside and body:
        yield title, title_line, body


def _title(text: str, previous: Line | None) -> str:
    """The project name: ordinal and suffix removed, a title wrapped over two lines joined."""
    if not ORDINAL.match(text) and previous is not None:
        prev = previous.text.strip()
        if ORDINAL.match(prev) and not TITLE.search(prev) and TITLE.search(prev + text):
            text = prev + text
    text = ORDINAL.sub("", text)
    text = TITLE.sub("", text)
    return project_name(text)


def project_name(text: str) -> str:
    text = re.sub(r"\s+", "", text).lstrip("*＊").replace("(", "（").replace(")", "）")
    return re.sub(r"(?:项目)?(?:绩效目标表|绩效自评表|绩效目标申报表)$", "", text)


def body_to_indicators(
    project: str | None, title_line: Line | None, body: list[Line], width: int
) -> list[Indicator]:
    rows: list[_Row] = []
    level1 = level2 = None
    pending: list[_Frag] = []
    current: _Row | None = None
    for ln in body:
        text = ln.text.strip()
        if is_header(text):
            continue
        tokens = text.split()
        before_this = (current.tail if current is not None else []) or pending
        continues = bool(before_this) and _wraps(before_this[-1], width)
        # leading level names: at most a 一级 then a 二级; a name after the 二级 is the 三级;
        # none on a line that continues a wrapped cell (`…环境的整体` + `满意度`)
        seen = 0
        while tokens and seen < 2 and not continues:
            kind = level_of(tokens[0])
            if kind == 0:
                break
            if kind == 3:
                nxt = level_of(tokens[1]) if len(tokens) > 1 else 0
                kind = 1 if seen == 0 and (nxt in (2, 3) or level1 is None) else 2
            if kind <= seen:
                break
            seen = kind
            if current is not None:  # a new level closes the previous row's basis
                _close(current, rows)
                current = None
            if pending:  # cells left without a numeric target: a row with a worded one
                _qualitative(pending, width, level1, level2, rows)
                pending = []
            name, _ = split_level(tokens[0])
            if kind == 1:
                level1, level2 = name, None
            else:
                level2 = name
            tokens = tokens[1:]
        if not tokens:
            continue
        if continues:  # inside a wrapped cell, spaces around numbers are not cell breaks
            tokens = GLUED_NUMBER.sub(r"\1", " ".join(tokens)).split()
        hit = next(
            (
                i
                for i, t in enumerate(tokens)
                if is_target_token(t)
                and (i > 0 or pending or current)
                # in a wrapped description a bare number is text (`宣传 6 场，…`); a target there has its sign
                and (not continues or t[0] in "≥≤<>=＞＜≧≦")
                and not (i + 1 < len(tokens) and re.search(r"[，。；、,]", tokens[i + 1]))
            ),
            None,
        )
        frags = [_Frag(t, ln, i == 0, i == len(tokens) - 1) for i, t in enumerate(tokens)]
        if (
            hit is None
            and not pending
            and len(tokens) >= QUALITATIVE_CELLS
            and (seen or current is None or not current.tail)
        ):
            # a whole row on one line with a worded target: 三级, 描述, 指标值, 依据
            if current is not None:
                _close(current, rows)
            current = _Row(level1, level2, tokens[:2], tokens[2], None, tokens[3:], ln)
            continue
        if hit is None:
            (current.tail if current is not None else pending).extend(frags)
            continue
        before = frags[:hit]
        if current is not None:
            carried = _split_tail(current)
            _close(current, rows)
            pending = carried + pending
        cells = merge_fragments(pending + before, width)
        after = [f.text for f in frags[hit + 1 :]]
        unit_col = None
        if after and (unit_word(after[0]) or len(after) >= 2):
            unit_col, after = after[0], after[1:]
        current = _Row(level1, level2, cells, tokens[hit], unit_col, after, ln)
        pending = []
    if current is not None:
        current.basis += [f.text for f in current.tail]
        current.tail = []
        rows.append(current)
    elif pending:
        _qualitative(pending, width, level1, level2, rows)
    return [_indicator(project, r, title_line) for r in rows if r.cells]


def _split_tail(row: _Row) -> list[_Frag]:
    """Fragments after a row's target: its basis continued, then the next row's first cells."""
    tail = row.tail
    n = 0
    while n < len(tail) and BASIS_LIKE.search(tail[n].text):
        n += 1
    if n and row.unit_col is None and len(row.basis) == 1:
        row.unit_col, row.basis = row.basis[0], []
    row.basis += [f.text for f in tail[:n]]
    row.tail = []
    return tail[n:]


def _close(row: _Row, rows: list[_Row]) -> None:
    if row.tail and row.unit_col is None and len(row.basis) == 1:
        row.unit_col, row.basis = row.basis[0], []  # `≥95 优` + a basis on the lines below
    row.basis += [f.text for f in row.tail]
    row.tail = []
    rows.append(row)


def _wraps(frag: _Frag, width: int) -> bool:
    return frag.last and len(frag.text) >= width - 1 and not frag.text.endswith(("。", "；", ";"))


def _qualitative(pending: list[_Frag], width: int, level1, level2, rows: list[_Row]) -> None:
    """Cells that never met a numeric target: 三级, 描述, a worded 指标值, 依据 when four or more."""
    cells = merge_fragments(pending, width)
    if len(cells) >= QUALITATIVE_CELLS:
        rows.append(_Row(level1, level2, cells[:2], cells[2], None, cells[3:], pending[0].line))


def merge_fragments(frags: list[_Frag], width: int) -> list[str]:
    """Re-join cells wrapped over lines: a fragment that ends a line at the wrap width continues.

    A name that happens to fill its column exactly would swallow the description
    after it; when everything merged into one cell, the first join onto a
    full-width line is undone (a 三级指标 has a 描述 after it).
    """
    cells: list[list[_Frag]] = []
    prev: _Frag | None = None
    for f in frags:
        if cells and prev is not None and f.first and f.line is not prev.line and _wraps(prev, width):
            cells[-1].append(f)
        else:
            cells.append([f])
        prev = f
    if len(cells) == 1 and len(frags) > 1:
        parts = cells[0]
        cut = next((i for i in range(1, len(parts)) if len(parts[i].text) >= width - 1), None)
        if cut is not None:
            cells = [parts[:cut], parts[cut:]]
    return ["".join(f.text for f in cell) for cell in cells]


def _indicator(project: str | None, row: _Row, title_line: Line | None) -> Indicator:
    name = row.cells[0]
    description = "".join(row.cells[1:]) or None
    target = parse_target(row.target, row.unit_col)
    basis = "".join(row.basis) or None
    return Indicator(
        scope="project" if project else "department",
        table_kind="target",
        name=name,
        page=row.line.page,
        line=row.line.number,
        project_name=project,
        level1_raw=row.level1,
        level2_raw=row.level2,
        level1=row.level1,
        level2=row.level2,
        description=description,
        target_raw=" ".join(x for x in (row.target, row.unit_col if target.unit else None) if x),
        target_op=target.op,
        target_value=target.value,
        target_unit=target.unit,
        basis=basis,
        table_title_raw=title_line.text.strip() if title_line is not None else None,
    )
