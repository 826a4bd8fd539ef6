"""Scores stated in prose: the total and its grade, 满分, the grade thresholds, each
dimension section's score with its 二级指标 under it, and averages over projects.

Self-evaluation reports explain their score in sentences (`自评得分 99.34 分，评价等级为
“优”`; `（一）投入绩效情况分析（分值15分）… 二级指标目标设定5分 … 自评得分4分 … 投入绩效
自评得分14分`). Matching runs on the joined text (`text.Flat`) so a sentence
wrapped over two lines still matches.
"""

from __future__ import annotations

import re

from ..records import Score
from .sections import flat_to_dimensions
from .text import Flat, flat_to_scopes, scope_at
from .vocab import (
    GRADE_PATTERN,
    dimension_raw_to_dimension,
    grade_raw_to_grade,
    text_to_score,
)

N = r"\d+(?:\.\d+)?"
TOP_DIMENSIONS = ("投入", "过程", "产出", "效果", "效益", "满意度")

_GRADE_SAID = r"(?:(?:综合)?(?:绩效)?(?:评价|自评)?(?:(?:等级|等次|结果|结论|评级)\s*(?:为|是|评定为|[:：])|等级|评级)|评为|评定为)"
_TOTAL_GRADED = re.compile(
    rf"(?:自评|评价|综合|最终|绩效)?(?:总)?(?:得分|评分)(?:为|是)?\s*[:：]?\s*(?P<score>{N})\s*分\s*[，,、;；]?\s*"
    rf"{_GRADE_SAID}\s*[“\"「]?(?P<grade>{GRADE_PATTERN})"
)
# the grade first: `评价等级为“优”，自评得分 95 分`
_TOTAL_GRADED_FIRST = re.compile(
    rf"{_GRADE_SAID}\s*[“\"「]?(?P<grade>{GRADE_PATTERN})[”\"」]?\s*[，,、]\s*"
    rf"(?:自评|评价|综合|最终|绩效)?(?:总)?(?:得分|评分)(?:为|是)?\s*[:：]?\s*(?P<score>{N})\s*分"
)
_TOTAL_PLAIN = re.compile(
    rf"(?:(?:自评|综合)?(?:总分|总得分)|综合(?:得分|评分)|整体(?:支出)?(?:绩效)?(?:自评|评价)?得分)"
    rf"(?:为|是)?\s*[:：]?\s*(?P<score>{N})\s*分"
)
# a bare `自评得分 95 分` is the total only where its clause says whose: 我部门, 该项目…
_TOTAL_CLAIMED = re.compile(rf"(?:自评|评价)(?:总)?得分(?:为|是)?\s*[:：]?\s*(?P<score>{N})\s*分")
_WHOSE = re.compile(r"部门|整体|单位|我局|本局|项目|综上|综合|经评价|经自评|最终|本次")
_PART_WORDS = re.compile(r"指标|分值|权重")
_FULL_MARKS = re.compile(rf"满分(?:为|是)?\s*[:：]?\s*(?P<max>{N})\s*分")
_THRESHOLD = re.compile(
    rf"(?P<floor>{N})\s*分?\s*(?:（含）|\(含\))?\s*(?:以上|及以上|以下|\s)?\s*(?:的)?\s*(?:为|是|评为|评定为)\s*[“\"]?"
    rf"(?P<grade>{GRADE_PATTERN})"
)
# the grade first: `优：90分（含）以上；良：80-89分`, `优秀（≥90分）`
_THRESHOLD_GRADE_FIRST = re.compile(
    rf"(?<![其集])(?P<grade>{GRADE_PATTERN})[”\"]?\s*[（(:：]\s*(?:得分|分数)?\s*(?:[≥>＞]=?|大于等于|不低于)?\s*(?P<floor>{N})\s*分?"
)
_THRESHOLD_TAIL = re.compile(r"\s*(?:（含）|\(含\))?\s*(?:及以上|以上|及以下|以下|[”\"])?")
_AVERAGE = re.compile(
    rf"(?:(?P<n>\d+|[一二三四五六七八九十]+)个(?:重点)?项目|项目(?P<n2>\d+)个)[^。；;]{{0,40}}?"
    rf"平均(?:得)?分(?:为|是)?\s*[:：]?\s*(?P<score>{N})\s*分"
)


def _score(flat: Flat, changes, offset: int, **fields) -> Score:
    line = flat.line_at(offset)
    where = scope_at(changes, offset)
    raw = fields.pop("dimension_raw")
    return Score(
        scope=fields.pop("scope", where.scope),
        project_name=fields.pop("project_name", where.project_name),
        dimension_raw=raw,
        dimension=fields.pop("dimension", dimension_raw_to_dimension(raw)),
        page=line.page,
        line=line.number,
        source="prose",
        **fields,
    )


def _names_dimension_before(text: str, start: int) -> bool:
    """`投入绩效自评得分14分` is a dimension's score, not the total."""
    before = re.sub(r"\s+", "", text[max(0, start - 8) : start])
    before = re.sub(r"(?:类|方面|部分)?(?:绩效|指标)*$", "", before)
    return before.endswith(TOP_DIMENSIONS)


def _clause_before(text: str, start: int) -> str:
    cut = max(text.rfind(c, 0, start) for c in "。；;！")
    return text[max(cut + 1, start - 60) : start]


_PROJECT_IN_CLAUSE = re.compile(
    r"(?:[“《\"](?P<quoted>[^”》\"]{2,40})[”》\"]|(?P<plain>[\u4e00-\u9fff（）()、\d]{2,40}?))项目"
)
_NAME_LEAD = re.compile(r"^(?:.*(?:[，,：:的]|\d{4}\s*年度?))?(?:我局|我单位|我部门|本单位|本部门|本|该)?")


def clause_to_project(clause: str) -> tuple[bool, str | None]:
    """Does the clause before a score speak of a project (`农民工保证金利息支出项目自评
    得分 100 分`), and which? Only the score's own comma clause (or a clause ending in
    项目 just before it) counts: `我局共实施项目12个，自评得分95分` is the bureau's. A
    department's 整体 score is not a project's."""
    parts = re.split(r"[，,]", re.sub(r"\s+", "", clause))
    c = parts[-1]
    if "项目" not in c and len(parts) > 1 and parts[-2].endswith("项目"):
        c = parts[-2]  # `农民工保证金利息支出项目，自评得分100分`
    if "项目" not in c or "整体" in c or "部门" in c:
        return False, None
    found = list(_PROJECT_IN_CLAUSE.finditer(c))
    if not found:
        return True, None
    m = found[-1]
    name = m.group("quoted") or _NAME_LEAD.sub("", m.group("plain") or "")
    if len(name) < 2 or re.search(r"[\d一二三四五六七八九十]+个$|^(?:各|所有|全部|其他)", name):
        return True, None  # `39个项目` counts projects, it names none
    return True, name


def _total(flat: Flat, changes, m, **fields) -> Score:
    """A total, in the scope of the project its own sentence names if it names one."""
    is_project, name = clause_to_project(_clause_before(flat.text, m.start()))
    if is_project:
        where = scope_at(changes, m.start())
        fields["scope"] = "project"
        fields["project_name"] = name or (where.project_name if where.scope == "project" else None)
    return _score(
        flat, changes, m.start(), dimension_raw="总分", score=text_to_score(m.group("score")), **fields
    )


_SCALE_BEFORE = re.compile(
    r"(?:满分|采取|采用|实行|按照|体系|设置|设定|百分制|打分)[^。；]{0,12}$|(?:考核|目标|达到|不低于|力争)[^。；，,]{0,4}$"
)
_SCALE_AFTER = re.compile(
    r"^\s*(?:制|以上|及以上|以下|左右|，?其中|[,，]?(?:投入|过程|产出|效果|效益)[^。；]{0,6}\d)"
)


def describes_scale(text: str, start: int, end: int) -> bool:
    """`采取百分制，总分100分，其中投入20分` states the scale and `考核总分90分以上` a
    target, not a score."""
    return bool(
        _SCALE_BEFORE.search(text[max(0, start - 14) : start]) or _SCALE_AFTER.match(text[end : end + 14])
    )


def flat_to_totals(flat: Flat, changes) -> list[Score]:
    """The total score, with its grade where the sentence gives one."""
    out: list[Score] = []
    for pattern in (_TOTAL_GRADED, _TOTAL_GRADED_FIRST):
        for m in pattern.finditer(flat.text):
            if _names_dimension_before(flat.text, m.start()):
                continue
            grade_raw = m.group("grade")
            out.append(_total(flat, changes, m, grade_raw=grade_raw, grade=grade_raw_to_grade(grade_raw)))
    for m in _TOTAL_CLAIMED.finditer(flat.text):
        clause = _clause_before(flat.text, m.start())
        if (
            _WHOSE.search(clause)
            and not _PART_WORDS.search(clause)
            and not _names_dimension_before(flat.text, m.start())
            and not describes_scale(flat.text, m.start(), m.end())
        ):
            out.append(_total(flat, changes, m))
    for m in _TOTAL_PLAIN.finditer(flat.text):
        if not describes_scale(flat.text, m.start(), m.end()):
            out.append(_total(flat, changes, m))
    return out


def flat_to_full_marks(flat: Flat, changes) -> dict:
    """(scope, project) → the first 满分 N 分 stated there."""
    out: dict = {}
    for m in _FULL_MARKS.finditer(flat.text):
        where = scope_at(changes, m.start())
        out.setdefault((where.scope, where.project_name), text_to_score(m.group("max")))
    return out


_GRADE_LINE = re.compile(
    rf"^(?:综合)?(?:绩效)?(?:评价|自评)?(?:等级|评级|等次)\s*[:：]?\s*[“\"]?(?P<grade>{GRADE_PATTERN})[”\"]?$"
)


_GRADE_SENTENCE = re.compile(
    rf"(?:经评价|经自评|综上所述|综上)?[，,]?(?:综合)?(?:绩效)?(?:评价|自评)(?:等级|结论|结果|等次|评级)(?:为|是|评定为|[:：])\s*"
    rf"[“\"]?(?P<grade>{GRADE_PATTERN})[”\"]?(?:等级|等次|档次|级)?\s*(?:[。；;]|$)"
)


def flat_to_grade_lines(flat: Flat, changes) -> dict:
    """(scope, project) → a grade stated apart from the score: on its own line in a
    自评表 (`评价等级 优`) or in its own sentence (`评价结论为“优秀”。`)."""
    out: dict = {}
    for start, line in zip(flat.starts, flat.lines):
        m = _GRADE_LINE.match(re.sub(r"\s+", "", line.text))
        if m:
            where = scope_at(changes, start)
            out.setdefault((where.scope, where.project_name), m.group("grade"))
    starts = set(flat.starts)
    for m in _GRADE_SENTENCE.finditer(flat.text):
        if m.start() in starts or flat.text[m.start() - 1 : m.start()] in ("。", "；", ";", "，", ","):
            where = scope_at(changes, m.start())
            out.setdefault((where.scope, where.project_name), m.group("grade"))
    return out


def flat_to_thresholds(flat: Flat, changes) -> dict:
    """(scope, project) → the grade thresholds as printed (`得分≥85 分为优秀；…`).

    Two or more threshold phrases close together make a statement; one alone is too
    often a sentence about something else."""
    out: dict = {}
    matches = sorted(
        [*_THRESHOLD.finditer(flat.text), *_THRESHOLD_GRADE_FIRST.finditer(flat.text)],
        key=lambda m: m.start(),
    )
    i = 0
    while i < len(matches):
        j = i
        end = matches[i].end()
        while j + 1 < len(matches) and matches[j + 1].start() - end <= 30:
            j += 1
            end = max(end, matches[j].end())
        if j > i:
            start = matches[i].start()
            cut = max(flat.text.rfind(c, 0, start) for c in "：:。，,")
            begin = cut + 1 if cut >= 0 and start - cut <= 20 else start
            end += len(_THRESHOLD_TAIL.match(flat.text, end).group(0))
            where = scope_at(changes, begin)
            out.setdefault((where.scope, where.project_name), flat.text[begin:end].strip())
        i = j + 1
    return out


def flat_to_averages(flat: Flat, changes) -> list[Score]:
    """`绩效自评的项目39个，…平均得分99.33分`: an average over a set of projects,
    named by its count since the report names no project."""
    out = []
    for m in _AVERAGE.finditer(flat.text):
        out.append(
            _score(
                flat,
                changes,
                m.start(),
                scope="project",
                project_name=f"{m.group('n') or m.group('n2')}个项目",
                dimension_raw="平均分",
                score=text_to_score(m.group("score")),
            )
        )
    return out


def flat_to_prose_scores(flat: Flat) -> list[Score]:
    changes = flat_to_scopes(flat)
    return [
        *flat_to_totals(flat, changes),
        *flat_to_dimensions(flat, changes),
        *flat_to_averages(flat, changes),
    ]
