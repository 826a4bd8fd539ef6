"""The document as one flat text with a way back to its lines, and the scope
(department or which project) each point of it belongs to.

Prose wraps mid-sentence (`评价等` / `级为“优”`), so score sentences are matched on the
lines of the whole document joined; every match maps back to the line it starts on for
provenance. Scope is tracked from table titles and 项目名称 rows, because a
final-accounts report prints the department's 自评表 and then one per project.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from caizheng.extract.model import Document, Line

from ..records import Score
from .vocab import dimension_raw_to_dimension

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Flat:
    """Joined text; starts[i] is where lines[i] begins in text."""

    text: str
    starts: tuple[int, ...]
    lines: tuple[Line, ...]

    def line_at(self, offset: int) -> Line:
        i = max(0, bisect_right(self.starts, offset) - 1)
        return self.lines[i]


@dataclass(frozen=True)
class Scope:
    scope: str  # department or project
    project_name: str | None = None


def _joiner(left: str, right: str) -> str:
    """Chinese wraps without a space; numbers and Latin text need one kept."""
    if not left or not right:
        return ""
    if _CJK.match(left[-1]) or _CJK.match(right[0]):
        return ""
    return " "


def document_to_flat(doc: Document) -> Flat:
    parts: list[str] = []
    starts: list[int] = []
    kept: list[Line] = []
    pos = 0
    prev = ""
    for page in doc.pages:
        for line in page.lines:
            text = re.sub(r"[ \t\u3000]+", " ", line.text).strip()
            if not text:
                continue
            sep = _joiner(prev, text)
            parts.append(sep)
            pos += len(sep)
            starts.append(pos)
            kept.append(line)
            parts.append(text)
            pos += len(text)
            prev = text
    return Flat("".join(parts), tuple(starts), tuple(kept))


_PROJECT_TITLE = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])?\s*"
    r"(?:\d{4}\s*年度?)?\s*(?P<name>.*?)\s*(?:项目)?(?:支出)?绩效(?:单位)?(?:自评|评价)(?:表|报告)$"
)
_ORG_END = re.compile(r"(?:局|院|厅|委|办|中心|站|所|部|处|室|单位|校|馆|会|队)$")
_PROJECT_NAME_ROW = re.compile(r"^项目名称[\s:：]*(?P<name>\S.*?)\s*$")
_DEPARTMENT_TITLE = re.compile(r"(?:部门|单位|整体).{0,12}?绩效(?:自评|评价)(?:表|报告)")


def line_to_scope_change(text: str) -> Scope | None:
    """A title or 项目名称 row that changes whose scores follow, else None."""
    t = re.sub(r"\s+", " ", text.replace("\t", " ")).strip()
    if not t or len(t) > 60:
        return None
    m = _PROJECT_NAME_ROW.match(t)
    if m:
        name = re.sub(r"\s+", "", m.group("name"))
        return Scope("project", name or None)
    compact = re.sub(r"\s+", "", t)
    if "项目" in compact:
        m = _PROJECT_TITLE.match(compact)
        if m:
            name = re.sub(r"^(?:项目支出|项目)$", "", m.group("name")) or None
            if name and compact.endswith("报告") and _ORG_END.search(name):
                name = None  # `XX局项目支出绩效自评报告` covers the bureau's projects, names none
            return Scope("project", name)
        return None
    if _DEPARTMENT_TITLE.search(compact):
        return Scope("department")
    return None


_TITLE_HEAD = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])?\s*\d{4}\s*年"
)
_AFTER_NAME = re.compile(
    r"^(?:主管部门|项目实施单位|实施单位|项目类别|项目属性|项目类型|预算执行|单位名称|年度)"
)


def _wrapped_line(texts: list[str], k: int) -> str:
    """A project title wrapped over two lines (`2021 年度…人才引` + `进、…项目绩效自评表`)
    and a 项目名称 whose name sits on the lines below it are read as one line."""
    text = re.sub(r"\s+", "", texts[k])
    if text == "项目名称":
        name = ""
        for nxt in texts[k + 1 : k + 4]:
            n = re.sub(r"\s+", "", nxt)
            if not n:
                continue
            if _AFTER_NAME.match(n):
                break
            name += n
        return "项目名称 " + name if name else text
    if text.endswith("表") and "项目" in text and not _TITLE_HEAD.match(text):
        prev = next((re.sub(r"\s+", "", p) for p in texts[max(0, k - 2) : k][::-1] if p.strip()), "")
        if _TITLE_HEAD.match(prev) and not prev.endswith(("表", "报告", "。", "：", ":")):
            return prev + text
    return texts[k]


def flat_to_scopes(flat: Flat) -> tuple[list[int], list[Scope]]:
    """Change points: offsets and the scope that holds from each."""
    offsets, scopes = [0], [Scope("department")]
    texts = [line.text for line in flat.lines]
    for k, start in enumerate(flat.starts):
        change = line_to_scope_change(_wrapped_line(texts, k))
        if change is None:
            continue
        if change.scope == "project" and change.project_name is None and scopes[-1].scope == "project":
            continue  # a generic 项目支出绩效自评表 line keeps the name already known
        if change.scope == "project" and scopes[-1].scope == "project" and _same_project(scopes[-1], change):
            continue
        offsets.append(start)
        scopes.append(change)
    return offsets, scopes


def _same_project(a: Scope, b: Scope) -> bool:
    x, y = a.project_name or "", b.project_name or ""
    return bool(x and y) and (x in y or y in x)


def scope_at(changes: tuple[list[int], list[Scope]], offset: int) -> Scope:
    offsets, scopes = changes
    return scopes[max(0, bisect_right(offsets, offset) - 1)]


def score_at(
    where, raw: str, max_score, score, page: int, line: int | None, source: str, parent=None
) -> Score:
    """A Score for `raw` in the scope (department or project) `where` it is printed under."""
    return Score(
        scope=where.scope,
        project_name=where.project_name,
        dimension_raw=raw,
        dimension=dimension_raw_to_dimension(raw),
        parent=parent,
        max_score=max_score,
        score=score,
        page=page,
        line=line,
        source=source,
    )
