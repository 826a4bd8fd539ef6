"""Dimension scores explained section by section in prose.

A department self-evaluation walks through its dimensions under headings that carry
the dimension's maximum (`（一）投入绩效情况分析（分值15分）`), states the parts either
as `二级指标目标设定5分 … 自评得分4分` or under sub-headings of another numbering style
(`1.目标设定（5分）…得分4分`), and closes each with `投入绩效自评得分14分`. A
dimension or part is kept only when both its maximum and its score are printed: a
half-known part would make the audit's sums wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Score
from .text import Flat, scope_at, score_at
from .vocab import (
    name_to_dimension_raw,
    repair_truncated_name,
    text_to_score,
)

N = r"\d+(?:\.\d+)?"
_HEAD = re.compile(
    r"^(?P<num>[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[、.．](?!\d)|[（(]\d+[)）])?\s*"
    rf"(?P<name>[\u4e00-\u9fff]{{2,16}}?)\s*[（(]\s*(?:分值|满分|权重分?|权重)?\s*[:：]?\s*(?P<max>{N})\s*分\s*[)）]"
    r"(?P<rest>.*)$"
)
_REST_SCORE = re.compile(rf"^[，,：:。；]?\s*(?:自评)?(?:实际)?得分(?:为|是)?\s*[:：]?\s*(?P<score>{N})\s*分")
_MAJOR_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SUB = re.compile(
    rf"二级指标\s*[:：]?\s*(?P<name>[\u4e00-\u9fff“”\"]{{2,14}}?)\s*[（(]?\s*(?:分值|权重)?\s*(?P<max>{N})\s*分"
)
_SELF_SCORE = re.compile(rf"自评得分\s*(?:为|是)?\s*[:：]?\s*(?P<score>{N})\s*分?")
_ANY_SCORE = re.compile(rf"得分\s*(?:为|是)?\s*[:：]?\s*(?P<score>{N})\s*分?")


@dataclass
class Head:
    name: str
    max_score: float | None
    start: int  # offset in the flat text
    style: str  # numbering family: siblings share it
    rest_score: float | None  # `投入（20分），得分18分` on the heading line itself
    end: int = 0
    parent: Head | None = None


def numbering_to_style(num: str | None) -> str:
    """`（一）` and `(二)` are one family, `1.` and `2、` another: siblings share one."""
    if not num:
        return "none"
    if re.match(r"[（(][一二三四五六七八九十]", num):
        return "cn_paren"
    if re.match(r"[一二三四五六七八九十]", num):
        return "cn_dun"
    if re.match(r"[（(]\d", num):
        return "ar_paren"
    return "ar_dot"


def line_to_head(text: str, start: int) -> Head | None:
    m = _HEAD.match(re.sub(r"\s+", "", text))
    if not m:
        return None
    name = repair_truncated_name(name_to_dimension_raw(m.group("name")))
    if not 2 <= len(name) <= 10:
        return None
    rest = _REST_SCORE.match(m.group("rest"))
    return Head(
        name=name,
        max_score=text_to_score(m.group("max")),
        start=start,
        style=numbering_to_style(m.group("num")),
        rest_score=text_to_score(rest.group("score")) if rest else None,
    )


def flat_to_heads(flat: Flat) -> list[Head]:
    """Headings with a maximum, nested: a heading numbered in another style than the
    current top-level one is its part; a 一、 chapter heading closes them all."""
    heads: list[Head] = []
    top: Head | None = None
    for start, line in zip(flat.starts, flat.lines):
        head = line_to_head(line.text, start)
        if head is None:
            if _MAJOR_HEADING.match(line.text.strip()):
                _close(heads, top, start)
                top = None
            continue
        if top is None or head.style == top.style:
            _close(heads, top, start)
            top = head
        else:
            head.parent = top
        if heads and heads[-1].parent is not None and heads[-1].end == 0:
            heads[-1].end = start  # the previous part ends where any heading starts
        heads.append(head)
    _close(heads, top, len(flat.text))
    return heads


def _close(heads: list[Head], top: Head | None, at: int) -> None:
    for h in heads:
        if h.end == 0 and (h is top or h.parent is top):
            h.end = at


def _named_score(name: str, body: str) -> tuple[float, int] | None:
    """`投入绩效自评得分14分` (the last such statement) and where it starts."""
    pattern = re.compile(
        rf"{re.escape(name)}(?:类|方面|部分)?(?:绩效|指标)*(?:自评)?(?:总)?得分(?:为|是|合计)?\s*[:：]?\s*(?P<score>{N})\s*分"
    )
    found = list(pattern.finditer(body))
    return (text_to_score(found[-1].group("score")), found[-1].start()) if found else None


def segment_to_score(segment: str) -> float | None:
    """A part's score: its `自评得分`, else its only `得分`."""
    m = _SELF_SCORE.search(segment)
    if m:
        return text_to_score(m.group("score"))
    found = _ANY_SCORE.findall(segment)
    return text_to_score(found[0]) if len(found) == 1 else None


def _record(flat: Flat, changes, at: int, name: str, max_score, score, parent=None) -> Score:
    line = flat.line_at(at)
    return score_at(scope_at(changes, at), name, max_score, score, line.page, line.number, "prose", parent)


def flat_to_dimensions(flat: Flat, changes) -> list[Score]:
    out: list[Score] = []
    heads = flat_to_heads(flat)
    for top in [h for h in heads if h.parent is None]:
        body = flat.text[top.start : top.end]
        own = _named_score(top.name, body)
        score = own[0] if own else top.rest_score
        if score is None or top.max_score is None:
            continue
        own_at = own[1] if own else len(body)
        out.append(_record(flat, changes, top.start, top.name, top.max_score, score))
        for part in [h for h in heads if h.parent is top]:
            seg = flat.text[
                part.start : min(part.end, top.start + own_at)
                if part.start < top.start + own_at
                else part.end
            ]
            named = _named_score(part.name, seg)
            part_score = part.rest_score
            if part_score is None:
                part_score = named[0] if named else segment_to_score(seg)
            if part_score is not None and part.max_score is not None:
                out.append(
                    _record(flat, changes, part.start, part.name, part.max_score, part_score, top.name)
                )
        out.extend(_sub_indicators(flat, changes, top, body, own_at))
    return out


def _sub_indicators(flat: Flat, changes, top: Head, body: str, own_at: int) -> list[Score]:
    """`二级指标目标设定5分 … 自评得分4分` inside a section."""
    out = []
    subs = list(_SUB.finditer(body))
    for k, m in enumerate(subs):
        stop = subs[k + 1].start() if k + 1 < len(subs) else len(body)
        if own_at > m.end():
            stop = min(stop, own_at)
        score = segment_to_score(body[m.end() : stop])
        if score is None:
            continue
        name = repair_truncated_name(re.sub(r"[“”\"]", "", m.group("name")))
        out.append(
            _record(
                flat, changes, top.start + m.start(), name, text_to_score(m.group("max")), score, top.name
            )
        )
    return out
