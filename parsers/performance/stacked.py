"""Self-evaluation indicator tables printed one cell per line (text converted from PDF).

Each cell of such a table sits on its own lines, wrapped narrow: `产出指` / `标` /
`（40` / `分）` is the 一级指标 `产出指标（40分）`. A row ends with its 得分, a bare number
at the end of a line. Before it: the levels (when the row starts a new one), found
by the level vocabulary on the joined text, then the 三级指标 name, then the target
and the actual value. When target and actual share the score's line
(`70户 100户 10`) they are its tokens; otherwise each of them starts with a figure
(`5000万` / `5884.24` / `万`) and the name is what comes before.
"""

from __future__ import annotations

import regex as re

from caizheng.extract.model import Document, Line

from ..records import Indicator
from .targets import parse_target
from .vocab import split_level

HEADER_START = re.compile(r"^一级指")
HEADER_END = re.compile(r"^得分")
END = re.compile(r"^(总分|合计|偏差|备注|单位主要负责人)")
LEVEL1 = re.compile(r"^(产出|效益|满意度|成本)指标(（\d+(?:\.\d+)?分）)?")
LEVEL2 = re.compile(
    r"^(?:(?:数量|质量|时效|成本|社会效益|经济效益|生态效益|可持续影响|经济成本|社会成本|生态环境成本)指标"
    r"|(?:服务对象|群众|社会公众)满意度(?:指标)?)(（\d+(?:\.\d+)?分）)?"
)
SCORE = re.compile(r"(?:^|\s)(\d{1,3}(?:\.\d{1,2})?)\s*$")
STARTS_FIGURE = re.compile(r"^[≥≤＞＜>=<》《]?\s*\d")
PROJECT = re.compile(r"^项目名称\s*(\S.*)?$")
NEXT_LABEL = re.compile(r"^(主管部门|项目实施单位|实施单位|项目类别)")
TITLE = re.compile(r"(?:项目)?绩效自评表\s*$")


def document_to_stacked_indicators(doc: Document) -> list[Indicator]:
    if doc.format == "pdf":
        return []
    lines = [ln for page in doc.pages for ln in page.lines if ln.text.strip()]
    out: list[Indicator] = []
    project: str | None = None
    scope = "department"
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        if TITLE.search(text):
            scope = "project" if "项目" in text else "department"
            project = None
        m = PROJECT.match(text)
        if m:
            project = _project_name(lines, i, m.group(1))
        if HEADER_START.match(text):
            end = next(
                (j for j in range(i, min(i + 16, len(lines))) if HEADER_END.match(lines[j].text.strip())),
                None,
            )
            if end is not None:
                rows, i = _table(lines, end + 1)
                for row in rows:
                    out.append(_indicator(row, scope, project if scope == "project" else None))
                continue
        i += 1
    return out


def _project_name(lines: list[Line], i: int, first: str | None) -> str | None:
    """The 项目名称 cell may wrap over several lines; it ends where the next label (主管部门) starts."""
    parts = [first] if first else []
    for ln in lines[i + 1 : i + 4]:
        text = ln.text.strip()
        if NEXT_LABEL.match(text):
            return re.sub(r"\s+", "", "".join(parts)) or None
        parts.append(text)
    # no label in sight: not this layout, keep the name on its own line (or the next)
    nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else None
    return re.sub(r"\s+", "", first or "") or nxt


def _table(lines: list[Line], start: int):
    rows = []
    buf: list[Line] = []
    level1 = level2 = None
    i = start
    while i < len(lines):
        text = lines[i].text.strip()
        if END.match(text) or HEADER_START.match(text) or TITLE.search(text):
            break
        m = SCORE.search(text)
        nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        # `5884.24` / `万`: a figure alone on its line whose unit wrapped onto the next is no score
        unit_next = text == (m.group(1) if m else None) and bool(
            re.match(r"^(万|亿|元|%|％|人|个|户|次|场|件|家|张|份)", nxt)
        )
        if m and float(m.group(1)) <= 100 and not unit_next:
            before = text[: m.start(1)].split()
            row = _row(buf, before, level1, level2)
            if row and float(m.group(1)) > _cap(row):
                buf.append(lines[i])  # a number inside the text (`季度考核 90` / `分以上`), not a score
                i += 1
                continue
            if row:
                level1, level2 = row["level1"], row["level2"]
                row["score"] = float(m.group(1))
                row["line"] = lines[i]
                rows.append(row)
            buf = []
        else:
            buf.append(lines[i])
        i += 1
    return rows, i


def _row(buf: list[Line], before: list[str], level1, level2):
    frags = [re.sub(r"\s+", "", ln.text) for ln in buf]
    joined = "".join(frags)
    pos = 0
    m = LEVEL1.match(joined)
    if m:
        level1, level2, pos = m.group(0), None, m.end()
    m = LEVEL2.match(joined[pos:])
    if m:
        level2, pos = m.group(0), pos + m.end()
    rest = _cut(frags, pos)
    if len(before) >= 2:
        name, target, actual = "".join(rest), before[-2], before[-1]
        if len(before) > 2:
            name += "".join(before[:-2])
    else:
        cells: list[str] = []
        name_parts: list[str] = []
        for f in rest + before:
            if STARTS_FIGURE.match(f):
                cells.append(f)  # a target or an actual value starts with its figure
            elif cells:
                cells[-1] += f  # its wrapped tail (`5884.24` / `万`)
            else:
                name_parts.append(f)
        if len(cells) == 2:
            target, actual = cells
            name = "".join(name_parts)
        elif len(rest) >= 3:  # worded values: the last two fragments
            name, target, actual = "".join(rest[:-2]), rest[-2], rest[-1]
        else:
            return None
    if not name:
        return None
    return {"level1": level1, "level2": level2, "name": name, "target": target, "actual": actual}


def _cap(row: dict) -> float:
    """The most a row can score: the weight its levels print (`满意度指标（20分）`), else 100."""
    weights = [w for w in (split_level(row["level1"])[1], split_level(row["level2"])[1]) if w]
    return min(weights) if weights else 100.0


def _cut(frags: list[str], pos: int) -> list[str]:
    """The fragments after the first `pos` characters of their concatenation."""
    out, seen = [], 0
    for f in frags:
        if seen + len(f) <= pos:
            seen += len(f)
            continue
        out.append(f[max(0, pos - seen) :])
        seen += len(f)
    return [f for f in out if f]


def _indicator(row: dict, scope: str, project: str | None) -> Indicator:
    l1, _ = split_level(row["level1"])
    l2, _ = split_level(row["level2"])
    target = parse_target(row["target"])
    actual = parse_target(row["actual"])
    return Indicator(
        scope=scope,
        table_kind="self_eval",
        name=row["name"],
        page=row["line"].page,
        line=row["line"].number,
        project_name=project,
        level1_raw=row["level1"],
        level2_raw=row["level2"],
        level1=l1,
        level2=l2,
        target_raw=row["target"],
        target_op=target.op,
        target_value=target.value,
        target_unit=target.unit,
        actual_raw=row["actual"],
        actual_op=actual.op,
        actual_value=actual.value,
        actual_unit=actual.unit,
        score=row["score"],
    )
