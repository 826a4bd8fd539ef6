"""Scores: dimension scores add to the total, indicator scores add to the stated
合计, weights add to the stated maximum, no score exceeds its weight, and the
grade matches the thresholds.

Scores are awarded, not measured: a score printed as an integer is exact. Only a
part printed with decimals brings rounding slack, and then so does an integral
total (99 for 98.6).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from .figures import ZERO, Figure, finding, format_amount, sum_finding, to_decimal

GRADES = {"excellent": "优", "good": "良", "fair": "中", "poor": "差"}
DEFAULT_THRESHOLDS = [(Decimal(90), "excellent"), (Decimal(80), "good"), (Decimal(60), "fair")]
GRADE_WORDS = [
    ("优", "excellent"),
    ("良", "good"),
    ("中", "fair"),
    ("合格", "fair"),
    ("一般", "fair"),
    ("差", "poor"),
]


def score_figure(label: str, value, row: dict) -> Figure | None:
    """A score or weight as a Figure; integers are exact (no slack)."""
    v = to_decimal(value)
    if v is None:
        return None
    if v == v.to_integral():
        v, slack = v.quantize(Decimal(1)), ZERO
    else:
        v = v.normalize()
        slack = Decimal(5) * Decimal(10) ** (v.as_tuple().exponent - 1)
    return Figure(label, v, slack, None, row.get("page"), row.get("line"), "scores")


def _total_slack(total: Figure, parts: list[Figure]) -> Figure:
    if total.slack == 0 and any(p.slack for p in parts):
        return Figure(
            total.label, total.value, Decimal("0.5"), total.raw, total.page, total.line, total.table_code
        )
    return total


def _groups(rows: list[dict]) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        out[(r.get("scope"), r.get("project_name") or "")].append(r)
    return dict(out)


def _unique_total(rows: list[dict]) -> dict | None:
    totals = [r for r in rows if r.get("dimension") == "total"]
    values = {(r.get("score"), r.get("max_score")) for r in totals}
    if len(values) != 1:
        scored = {r.get("score") for r in totals if r.get("score") is not None}
        if len(scored) != 1:
            return None
        return next(r for r in totals if r.get("score") is not None)
    return totals[0]


def _name(r: dict) -> str:
    return r.get("dimension_raw") or r.get("dimension") or ""


def _sum(check, total_row, total_field, parts_rows, part_field, what, label_of=_name) -> Iterator[dict]:
    total = score_figure(
        f"{_name(total_row)}{'得分' if total_field == 'score' else '分值'}",
        total_row.get(total_field),
        total_row,
    )
    pairs = [(r, score_figure(label_of(r), r.get(part_field), r)) for r in parts_rows]
    pairs = [(r, p) for r, p in pairs if p is not None]
    parts = [p for _, p in pairs]
    if total is None or not parts:
        return
    total = _total_slack(total, parts)
    indicator_parts = [p for r, p in pairs if "name" in r]
    if len(indicator_parts) > 12:
        parts = _collapsed(indicator_parts, what) + [p for r, p in pairs if "name" not in r]
    f = sum_finding(check, total, parts, what)
    if f:
        yield f


def _collapsed(parts: list[Figure], what: str) -> list[Figure]:
    """Many indicator rows read better as one figure: `29 项指标 87`."""
    value = sum((p.value for p in parts), ZERO)
    slack = sum((p.slack for p in parts), ZERO)
    first = parts[0]
    return [Figure(f"{len(parts)} 项指标合计", value, slack, None, first.page, first.line, first.table_code)]


def dimension_findings(rows: list[dict], indicators: list[dict]) -> Iterator[dict]:
    total = _unique_total(rows)
    dims = [r for r in rows if r.get("dimension") != "total"]
    top = [r for r in dims if not r.get("parent")]
    if total is not None:
        top_max = [to_decimal(r.get("max_score")) for r in top]
        stated_max = to_decimal(total.get("max_score"))
        complete = bool(top) and None not in top_max and sum(top_max, ZERO) == (stated_max or Decimal(100))
        scored = [r for r in indicators if r.get("score") is not None]
        if complete:
            yield from _sum("score.sum", total, "score", top, "score", "各维度得分之和应等于总分")
            if stated_max is not None:
                yield from _sum(
                    "score.weights", total, "max_score", top, "max_score", "各维度分值之和应等于总分值"
                )
        elif scored:
            levels = {r.get("level1_raw") for r in indicators} | {r.get("level1") for r in indicators}
            extra = [dict(r, weight_or_max=r.get("max_score")) for r in top if _name(r) not in levels]
            label = _indicator_label
            yield from _sum(
                "score.sum", total, "score", [*scored, *extra], "score", "各指标得分之和应等于合计得分", label
            )
            weighted = [r for r in indicators if r.get("weight") is not None]
            if stated_max is not None and weighted:
                yield from _sum(
                    "score.weights",
                    total,
                    "max_score",
                    [*weighted, *extra],
                    "weight_or_max",
                    "各指标分值之和应等于合计分值",
                    label,
                )
    yield from _children_findings(dims)


def _indicator_label(r: dict) -> str:
    return r.get("name") or _name(r)


def _children_findings(dims: list[dict]) -> Iterator[dict]:
    """A dimension's sub-dimensions add to it, when their weights add to its weight."""
    by_parent: dict[str, list[dict]] = defaultdict(list)
    for r in dims:
        if r.get("parent"):
            by_parent[r["parent"]].append(r)
    for parent_name, kids in by_parent.items():
        parents = [r for r in dims if _name(r) == parent_name and not r.get("parent")]
        if len(parents) != 1:
            continue
        parent = parents[0]
        kid_max = [to_decimal(k.get("max_score")) for k in kids]
        pmax = to_decimal(parent.get("max_score"))
        if None in kid_max or pmax is None or sum(kid_max, ZERO) != pmax:
            continue
        yield from _sum("score.sum", parent, "score", kids, "score", f"{parent_name}下各项得分之和")


def exceeds_weight_findings(rows: list[dict], indicators: list[dict]) -> Iterator[dict]:
    for r in [*rows, *indicators]:
        weight = r.get("max_score") if "max_score" in r else r.get("weight")
        s, w = score_figure(_indicator_label(r), r.get("score"), r), score_figure("分值", weight, r)
        if s is None or w is None or s.value <= w.value + s.slack:
            continue
        msg = f"{s.label} 得分 {format_amount(s.value)} 超过其分值 {format_amount(w.value)}"
        f = finding("score.exceeds_weight", s, w.value, s.slack, msg, [w], "error")
        if f:
            yield f


FLOOR_PATTERNS = [
    re.compile(r"[≥≧]\s*(\d+(?:\.\d+)?)|>=\s*(\d+(?:\.\d+)?)"),
    re.compile(r"(\d+(?:\.\d+)?)\s*分?\s*[≤≦<＜]=?\s*(?:得分|分数|总分|评分|综合得分)"),
    re.compile(r"(\d+(?:\.\d+)?)\s*分?\s*(?:（含）|\(含\))?\s*(?:及|或)?以上"),
    re.compile(r"(\d+(?:\.\d+)?)\s*分?\s*(?:（含）|\(含\))?\s*[-—－~～至到]\s*\d+"),
]


def thresholds_from_text(text: str | None) -> list[tuple[Decimal, str]]:
    """`得分≥85分为优秀；75≤得分＜85分为良好` → [(85, excellent), (75, good)], highest first.

    Each clause names one grade and its lower bound; a clause with only an upper
    bound (`得分＜60分为较差`) is the floor grade and needs no entry.
    """
    if not text:
        return []
    out = set()
    for clause in re.split(r"[；;，,。、\n]", text):
        words = [(clause.find(w), g) for w, g in GRADE_WORDS if w in clause]
        if not words:
            continue
        grade = min(words)[1]
        for pattern in FLOOR_PATTERNS:
            m = pattern.search(clause)
            if m:
                out.add((Decimal(next(g for g in m.groups() if g)), grade))
                break
    return sorted(out, reverse=True)


def grade_of(score: Decimal, thresholds: list[tuple[Decimal, str]]) -> str:
    for floor, grade in thresholds:
        if score >= floor:
            return grade
    return "poor"


def grade_findings(rows: list[dict]) -> Iterator[dict]:
    for r in rows:
        if r.get("dimension") != "total" or not r.get("grade") or r.get("score") is None:
            continue
        printed = thresholds_from_text(r.get("thresholds_raw"))
        printed = printed if len(printed) >= 2 else []  # one level read is not a scale
        thresholds = printed or DEFAULT_THRESHOLDS
        score = to_decimal(r["score"])
        want = grade_of(score, thresholds)
        if want == r["grade"]:
            continue
        basis = "报告所列标准" if printed else "通常标准（≥90优、≥80良、≥60中）"
        s = score_figure("总分", r["score"], r)
        msg = f"总分 {format_amount(score)} 按{basis}应为“{GRADES[want]}”，报告评为“{r.get('grade_raw') or GRADES.get(r['grade'], r['grade'])}”"
        yield finding("score.grade", s, s.value, ZERO, msg, [], "error" if printed else "warning")


def _project_key(name: str | None) -> str:
    return re.sub(r"\W|(项目)?(绩效)?(自评|目标)表$", "", name or "")


def match_indicator_groups(score_keys, ind_groups: dict[tuple, list[dict]]) -> dict[tuple, tuple]:
    """Score group → the indicator group of the same project: the same name, else the
    one name containing the other (a title suffix or a shortened name), when unique."""
    out = {}
    for scope, name in score_keys:
        if (scope, name) in ind_groups:
            out[(scope, name)] = (scope, name)
            continue
        mine = _project_key(name)
        alike = [
            k
            for k in ind_groups
            if k[0] == scope
            and mine
            and _project_key(k[1])
            and (mine in _project_key(k[1]) or _project_key(k[1]) in mine)
        ]
        if len(alike) == 1:
            out[(scope, name)] = alike[0]
    return out


def score_findings(scores: list[dict], indicators: list[dict]) -> Iterator[dict]:
    ind_groups = _groups([r for r in indicators if r.get("table_kind") == "self_eval"])
    score_groups = _groups(scores)
    matched = match_indicator_groups(score_groups, ind_groups)
    for key, rows in score_groups.items():
        inds = ind_groups.get(matched.get(key), [])
        weighted = [dict(r, weight_or_max=r.get("weight")) for r in inds]
        yield from dimension_findings(rows, weighted)
        yield from grade_findings(rows)
    for rows in [*score_groups.values(), *ind_groups.values()]:
        yield from exceeds_weight_findings(rows, [])
