"""Performance tables that come as cells (PDF ruled tables, tab-separated and markdown text)
→ logical tables (`parsers.tables.model`).

A header row is resolved once into column roles by the template
(data/templates/performance.toml): 一级/二级/三级指标, 指标值, 实际完成值, 分值/权重, 得分, 偏差原因…
Two layouts follow from the roles the header names:

- **one table per project or department** (a header naming the indicator, 三级指标 or
  指标名称, and its levels or values): one row per indicator. Real tables are not always
  aligned to the header (a converted 自评表 shifts a 二级指标 into the 一级 column or drops an
  empty cell), so a row is read from both ends: the fields after the name (target, actual,
  weight, score, note) are taken from the right, where numbers anchor them, and what is left
  is 一级/二级/三级, placed by the level vocabulary when the count is short. Levels printed
  once for several rows (merged cells) are filled down. The project is the 项目名称 printed in
  the table's first rows (or on the page before, above a header printed alone).
- **one table for many projects** (a header naming 项目名称 and a 绩效指标 column): one row per
  project under its unit's subtotal row (a row with figures and no targets), each project's
  indicators packed in its 绩效指标 cell (`packed`).

A table at the top of a page continues the one before when it prints no header of its own, or
repeats the same header without naming a new project (`grid.py` of the budget tables reads
continuations the same way). Rows are numbered across pages; an indicator's parent is its
project row, a project's its unit row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

import regex as re

from caizheng.extract.model import Document, Page, Table

from ..records import Indicator
from ..tables.model import INDICATOR, PROJECT, TOTAL, UNIT, Column, LogicalTable, Row, Value
from ..tables.structure import clean
from .packed import is_packed, packed_to_indicators
from .rows import table_to_indicators
from .template import header_to_role, title_to_perf_table
from .vocab import LEVEL1, LEVEL2, split_level

LEFT = ("level1", "level2", "name", "description")
# what makes a table of indicators more than a list of their names: a column of values
VALUE_ROLES = frozenset({"period_target", "target", "op", "unit", "actual", "weight", "score"})
# the roles read from a row's right end, in the order they are printed
RIGHT = ("period_target", "target", "op", "unit", "actual", "weight", "score", "core", "basis", "note")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
TOTAL_NAME = re.compile(r"^(合计|总计|总分)[:：]?$")
MONEY = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,6})?$")
INDICATOR_LAYOUT = "indicators"
PROJECTS_LAYOUT = "projects"


@dataclass(frozen=True)
class Header:
    row: int
    columns: dict[str, int]  # role → column index
    layout: str
    key: tuple  # the header's texts, to know it when a page repeats it

    @property
    def right(self) -> list[str]:
        order = sorted((i, f) for f, i in self.columns.items() if f in RIGHT)
        return [f for _, f in order]


def row_header(row, r: int) -> Header | None:
    """The row's column roles when it is the header row of a performance table."""
    texts = [clean(c.text) for c in row]
    columns: dict[str, int] = {}
    for i, t in enumerate(texts):
        role = header_to_role(t)
        if role is not None and role not in columns:
            columns[role] = i
    roles = set(columns)
    if "level1" in roles and roles & {"level2", "name"}:
        layout = INDICATOR_LAYOUT
    elif (
        "name" in roles
        and roles & {"target", "weight", "score"}
        and not any(MONEY.match(t) for t in texts if t)
    ):
        layout = INDICATOR_LAYOUT  # 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重 (no levels printed)
    elif {"project", "packed"} <= roles:
        layout = PROJECTS_LAYOUT
    else:
        return None
    return Header(r, columns, layout, tuple(texts))


def table_header(table: Table) -> Header | None:
    found = [h for r, row in enumerate(table.rows[:8]) if (h := row_header(row, r))]
    # an indicator header under a group header naming 绩效指标 over its columns is the header
    header = next((h for h in found if h.layout == INDICATOR_LAYOUT), found[0] if found else None)
    if header is None:
        header = next((h for r, row in enumerate(table.rows) if (h := row_header(row, r))), None)
    if header is None:
        return None
    columns = dict(header.columns)
    for above in reversed(table.rows[max(0, header.row - 2) : header.row]):  # a header over two rows
        for i, cell in enumerate(above):
            role = header_to_role(cell.text)
            if role is not None and role not in columns and i not in columns.values() and not header.key[i]:
                columns[role] = i
    if header.layout == INDICATOR_LAYOUT and not VALUE_ROLES & set(columns):
        return None  # an indicator framework (一级 | 二级 | 三级 | 指标解释 | 评价要点): no values to read
    return replace(header, columns=columns)


def table_project(table: Table) -> str | None:
    """The 项目名称 a project table prints in its first rows."""
    for row in table.rows[:4]:
        texts = [clean(c.text) for c in row if c.text.strip()]
        if len(texts) >= 2 and texts[0] in ("项目名称", "项目"):
            return texts[1]
    return None


@dataclass
class _Draft:
    """A performance table while its pages are read."""

    index: int
    header: Header
    code: str
    kind: str
    title: str | None
    page: int
    line: int | None
    project: str | None
    page_end: int = 0
    rows: list[Row] = field(default_factory=list)
    level1: str | None = None
    level2: str | None = None
    started: bool = False
    unit_row: int | None = None
    project_row: int | None = None


def document_to_perf_tables(doc: Document) -> list[LogicalTable]:
    drafts: list[_Draft] = []
    current: _Draft | None = None
    waiting: str | None = None  # a project whose header row is on the next page
    for page in doc.pages:
        for i, table in enumerate(page.tables):
            header = table_header(table)
            project = table_project(table)
            repeated = (
                header is not None
                and current is not None
                and _role_order(header) == _role_order(current.header)
                and _title_above(page, table) in (None, current.title)
            )
            if header is not None and not (repeated and i == 0 and project is None):
                current = _start(len(drafts), page, table, header, project or (waiting if i == 0 else None))
                drafts.append(current)
                waiting = None
            elif header is None and project is not None:
                current, waiting = None, project
                continue
            elif current is not None and i == 0:
                current.started = header is None  # the table's tail; a repeated header is skipped
            else:
                current = waiting = None
                continue
            current.page_end = page.number
            _read(current, table)
    return [_finish(d) for d in drafts]


def _start(index: int, page: Page, table: Table, header: Header, project: str | None) -> _Draft:
    title = _title_above(page, table)
    template = title_to_perf_table(title)
    project = project or title_project(title)
    roles = set(header.columns)
    self_eval = bool({"actual", "score"} & roles) or (template is not None and template.kind == "self_eval")
    kind = "self_eval" if self_eval else "target"
    scope = "project" if project or header.layout == PROJECTS_LAYOUT else "department"
    code = (
        template.code if template is not None else f"perf.{scope}_{'self_eval' if self_eval else 'targets'}"
    )
    draft = _Draft(index, header, code, kind, title, page.number, table.first_line, project)
    if project:
        cell = table.rows[0][0]
        draft.rows.append(Row(0, 0, project, PROJECT, cell.page, cell.line, level=1))
        draft.project_row = 0
    return draft


def _title_above(page: Page, table: Table) -> str | None:
    """The performance title printed above the table on its page, if any."""
    top = table.bbox[1] if table.bbox else None
    if top is None:
        above = [ln for ln in page.lines if table.first_line and ln.number < table.first_line]
    else:
        above = [ln for ln in page.lines if ln.bbox is not None and ln.bbox[3] <= top + 1]
    texts = [ln.text.strip() for ln in above[-6:]]
    # a line, else a title wrapped over two (`…指挥中心项目绩效目` / `标表`)
    candidates = [*reversed(texts), *(a + b for a, b in reversed(list(zip(texts, texts[1:]))))]
    return next((t for t in candidates if title_to_perf_table(t)), None)


# `X项目绩效目标表` names its project X; `项目支出绩效目标表` is the table's kind, whatever precedes it
# (a year, the unit), and a table printing its 项目名称 says so itself
TITLE_PROJECT = re.compile(r"^(?:\d{4}年度?)?(?P<name>.+?)项目(?:绩效目标表|绩效目标申报表|绩效自评表)$")


def title_project(title: str | None) -> str | None:
    """The project a project table's title names when the table prints no 项目名称 (泉州 2026
    p26–29: `公安办案业务经费项目绩效目标表`)."""
    m = TITLE_PROJECT.match(clean(title))
    if not m or m["name"].endswith(("支出", "年度", "年")):
        return None
    return m["name"]


def _read(d: _Draft, table: Table) -> None:
    for r, row in enumerate(table.rows):
        if not d.started:
            d.started = r == d.header.row or row_header(row, r) is not None
            continue
        if row_header(row, r):
            continue  # a header repeated mid-table
        if d.header.layout == PROJECTS_LAYOUT:
            _project_row(d, row)
        else:
            _indicator_row(d, row)


def _add(d: _Draft, **kw) -> int:
    index = len(d.rows)
    d.rows.append(Row(group=0, index=index, **kw))
    return index


# a blank form's line, where the filer is to write an indicator: `指标1：`, `指标2: ……`, `XXX`
PLACEHOLDER = re.compile(r"(?:(?:指标\s*\d{1,2}\s*[:：]?\s*)+|[xX×＊*]{2,})?\s*(?:\.{3,}|…+)?")


def is_placeholder(text: str | None) -> bool:
    return text is not None and bool(text.strip()) and bool(PLACEHOLDER.fullmatch(text.strip()))


def _add_indicator(d: _Draft, name: str, values: dict, cell) -> None:
    """An indicator row under the open project, with the levels filled down to it; a blank
    form's line (a placeholder name, values empty or placeholders too) is no indicator."""
    if is_placeholder(name) or (
        any(is_placeholder(v) for v in values.values())
        and all(not v or is_placeholder(v) for v in values.values())
    ):
        return
    texts_out = [("level1", d.level1), ("level2", d.level2), ("name", name), *values.items()]
    _add(
        d,
        name_raw=name,
        kind=INDICATOR,
        page=cell.page,
        line=cell.line,
        level=3,
        parent=d.project_row,
        values=_scores(values, cell),
        texts=tuple((k, v) for k, v in texts_out if v is not None),
    )


def _indicator_row(d: _Draft, row) -> None:
    texts = [clean(c.text) for c in row]
    if texts and all(re.fullmatch(r"\d{1,2}", t) for t in texts if t) and len([t for t in texts if t]) >= 3:
        return  # the 栏次 row (1 2 3 …) under the header
    if len(row) == len(d.header.key) and any(c.bbox is not None for c in row):
        _aligned_row(d, row)
        return
    row = _project_cell(d, row)
    cells = [c for c in row if c.text.strip()]
    if not cells or TOTAL_NAME.match(clean(cells[0].text)):
        return
    values = _right_fields(cells, d.header.right)
    left = cells[: len(cells) - len(values)]
    if not left:
        return
    texts = [clean(c.text) for c in left]
    name, levels = texts[-1], texts[:-1]
    if len(levels) >= 2:
        d.level1, d.level2 = levels[0], levels[1]
    elif len(levels) == 1:
        l1, _ = split_level(levels[0])
        if l1 in LEVEL1 and l1 not in LEVEL2:
            d.level1, d.level2 = levels[0], None
        elif l1 in LEVEL2 or left[0] is not row[0]:
            d.level2 = levels[0]
        else:
            d.level1, d.level2 = levels[0], None
    cell = left[-1]
    _add_indicator(d, name, values, cell)


def _aligned_row(d: _Draft, row) -> None:
    """A ruled table's row, its cells under the header's columns: each read by its column's
    role; a level left empty is the merged cell above (filled down); a row without a name
    only sets its levels."""
    _project_cell(d, row)
    cols = d.header.columns

    def text(role: str) -> str | None:
        i = cols.get(role)
        t = row[i].text.strip() if i is not None else ""
        return clean(t) if role in LEFT else (re.sub(r"\s*\n\s*", "", t) or None)

    level1, level2, name = text("level1"), text("level2"), text("name")
    if level1:
        d.level1, d.level2 = level1, None
    if level2:
        d.level2 = level2
    if not name or TOTAL_NAME.match(name):
        return
    values = {role: v for role in RIGHT if (v := text(role))}
    if "description" in cols and text("description"):
        values["description"] = text("description")
    cell = row[cols["name"]]
    _add_indicator(d, name, values, cell)


def _project_cell(d: _Draft, row) -> list:
    """A table listing several projects in a 项目名称 column (`单位名称、项目名称 | 项目年度绩效目标 |
    一级指标 …`): a name in that column starts a project, whose indicators follow; the row's
    other cells are read without the project's and its goal's."""
    cols = d.header.columns
    c = cols.get("project")
    if c is None or len(row) <= c:
        return list(row)
    name = clean(row[c].text)
    if name:
        cell = row[c]
        d.project_row = _add(d, name_raw=name, kind=PROJECT, page=cell.page, line=cell.line, level=2)
        d.level1 = d.level2 = None
    skip = {c, cols.get("goal", -1)}
    return [cell for i, cell in enumerate(row) if i not in skip]


def _scores(values: dict[str, str], cell) -> tuple[Value, ...]:
    out = []
    for role in ("weight", "score"):
        text = values.get(role)
        if text and NUMBER.match(text.strip()):
            out.append(Value(role, Decimal(text.strip()), text, -1, role, cell.page, cell.line, cell.bbox))
    return tuple(out)


def _right_fields(cells, right: list[str]) -> dict[str, str]:
    """Fields right of the names, read from the right end: trailing text is the note, numbers the scores."""
    values: dict[str, str] = {}
    rest = list(cells)
    fields = list(right)
    while fields and rest:
        role = fields.pop()
        text = rest[-1].text.strip()
        if role in ("weight", "score") and not NUMBER.match(text):
            continue  # this row leaves it empty
        if role == "note" and NUMBER.match(text):
            continue
        values[role] = text
        rest.pop()
        if len(rest) <= 1:
            break
    return values


def _project_row(d: _Draft, row) -> None:
    """A row of the many-projects layout: the 合计, a unit's subtotal, or a project with its
    indicators packed in one cell."""
    cols = d.header.columns
    texts = [c.text.strip() for c in row]

    def text(role: str) -> str:
        i = cols.get(role)
        return texts[i] if i is not None and i < len(texts) else ""

    name = clean(text("project"))
    packed, goal = text("packed"), text("goal")
    funds = _funds(d, row)
    first = row[cols.get("project", 0)] if cols.get("project", 0) < len(row) else row[0]
    if not name and packed and d.project_row is not None:  # a project's cells continued on this page
        prev = d.rows[d.project_row]
        old = dict(prev.texts)
        d.rows[d.project_row] = replace(
            prev, texts=(("packed", old.get("packed", "") + packed), ("goal", old.get("goal", "") + goal))
        )
        return
    if not name:
        return
    if TOTAL_NAME.match(name):
        _add(d, name_raw=name, kind=TOTAL, page=first.page, line=first.line, level=0, values=funds)
        return
    if not packed and not goal:
        if funds:
            d.unit_row = _add(
                d, name_raw=name, kind=UNIT, page=first.page, line=first.line, level=1, values=funds
            )
            d.project_row = None
        return
    d.project_row = _add(
        d,
        name_raw=name,
        kind=PROJECT,
        page=first.page,
        line=first.line,
        level=2,
        parent=d.unit_row,
        values=funds,
        texts=(("packed", packed), ("goal", goal)),
    )


def _funds(d: _Draft, row) -> tuple[Value, ...]:
    out = []
    for c, cell in enumerate(row):
        role = header_to_role(d.header.key[c]) if c < len(d.header.key) else None
        if role not in ("funds_total", "funds_part"):
            continue
        raw = cell.text.strip()
        if not MONEY.match(raw.replace(" ", "")):
            continue
        try:
            amount = Decimal(raw.replace(",", "").replace(" ", ""))
        except InvalidOperation:
            continue
        measure = "total" if role == "funds_total" else d.header.key[c]
        out.append(Value(measure, amount, raw, c, d.header.key[c], cell.page, cell.line, cell.bbox))
    return tuple(out)


def _finish(d: _Draft) -> LogicalTable:
    rows = list(d.rows)
    if d.header.layout == PROJECTS_LAYOUT:
        rows = _unpack(rows)
    columns = tuple(
        Column(
            index=i,
            role=role,
            group=0,
            measure=role if role in ("weight", "score") else None,
            header=d.header.key[i],
        )
        for role, i in sorted(d.header.columns.items(), key=lambda x: x[1])
    )
    return LogicalTable(
        index=d.index,
        table_code=d.code,
        title=d.title or "",
        unit="万元",
        page=d.page,
        page_end=d.page_end or d.page,
        columns=columns,
        rows=tuple(rows),
        line=d.line,
        method=d.kind,
        note=d.project,
        template=d.header.layout,
    )


def _unpack(rows: list[Row]) -> list[Row]:
    """Each project's packed 绩效指标 cell → its indicator rows, right after the project."""
    out: list[Row] = []
    moved: dict[int, int] = {}
    for row in rows:
        parent = moved.get(row.parent) if row.parent is not None else None
        moved[row.index] = len(out)
        out.append(replace(row, index=len(out), parent=parent))
        if row.kind != PROJECT:
            continue
        texts = dict(row.texts)
        if not is_packed(texts.get("packed", "")):
            continue
        project = moved[row.index]
        for ind in packed_to_indicators(texts["packed"]):
            cells = (
                ("level1", ind.level1),
                ("level2", ind.level2),
                ("name", ind.name),
                ("target", ind.target),
                ("period_target", ind.period_target),
                ("level1_code", ind.code1),
                ("level2_code", ind.code2),
            )
            out.append(
                Row(
                    group=0,
                    index=len(out),
                    name_raw=ind.name,
                    kind=INDICATOR,
                    page=row.page,
                    line=row.line,
                    code=ind.code2,
                    level=3,
                    parent=project,
                    texts=tuple((k, v) for k, v in cells if v is not None),
                )
            )
    return out


def document_to_grid_indicators(doc: Document) -> list[Indicator]:
    return [i for t in document_to_perf_tables(doc) for i in table_to_indicators(t)]


def _role_order(header: Header) -> tuple[str, ...]:
    """The header's roles left to right: a page that repeats the header ruled another way
    (a sliver column more or less) repeats the same roles."""
    roles = sorted(header.columns, key=header.columns.get)
    if "name" in roles:
        # beside an indicator column, `绩效指标` only labels the rows: the next page's header
        # may print it or leave that cell blank (东莞 2026 p169–170)
        roles = [r for r in roles if r != "packed"]
    return tuple(roles)
