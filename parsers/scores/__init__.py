"""Evaluation scores and grades → Score records (issue 4).

A self-evaluation states its score several times over: in a table (`合计 100 98`), in
a sentence (`自评得分 99.34 分，评价等级为“优”`) and per dimension. Each source is read
on its own (`prose`, `tables`) and the results merged, so one total carries
its maximum from the table, its grade from the prose and the printed grade
thresholds, and the audit sees each score once.
"""

from __future__ import annotations

from dataclasses import fields, replace

from caizheng.extract.model import Document

from ..records import Score
from .prose import flat_to_full_marks, flat_to_grade_lines, flat_to_prose_scores, flat_to_thresholds
from .tables import document_to_table_scores
from .text import document_to_flat, flat_to_scopes
from .vocab import grade_raw_to_grade


def score_to_key(s: Score) -> tuple:
    """Two records with this key are the same score stated twice."""
    return (s.scope, s.project_name or "", s.dimension or s.dimension_raw, s.parent or "", s.score)


def merge_scores(scores: list[Score]) -> list[Score]:
    """One record per key; a later statement fills what the first left empty."""
    merged: dict[tuple, Score] = {}
    for s in scores:
        key = score_to_key(s)
        if key not in merged:
            merged[key] = s
            continue
        first = merged[key]
        fill = {
            f.name: getattr(s, f.name)
            for f in fields(Score)
            if getattr(first, f.name) is None and getattr(s, f.name) is not None
        }
        merged[key] = replace(first, **fill) if fill else first
    return list(merged.values())


def with_context(
    scores: list[Score], full_marks: dict, thresholds: dict, grades: dict | None = None
) -> list[Score]:
    """Totals take the 满分, the grade thresholds and a grade printed apart, each as
    stated in their own scope."""
    out = []
    for s in scores:
        if s.dimension == "total":
            key = (s.scope, s.project_name)
            fill = {}
            if s.max_score is None and full_marks.get(key) is not None:
                fill["max_score"] = full_marks[key]
            if s.thresholds_raw is None and thresholds.get(key):
                fill["thresholds_raw"] = thresholds[key]
            if s.grade is None and (grades or {}).get(key):
                fill["grade_raw"] = grades[key]
                fill["grade"] = grade_raw_to_grade(grades[key])
            s = replace(s, **fill) if fill else s
        out.append(s)
    return out


def document_to_scores(doc: Document) -> list[Score]:
    flat = document_to_flat(doc)
    changes = flat_to_scopes(flat)
    found = [*document_to_table_scores(doc, flat, changes), *flat_to_prose_scores(flat)]
    found = [s for s in found if s.score is not None]
    merged = merge_scores(found)
    return with_context(
        merged,
        flat_to_full_marks(flat, changes),
        flat_to_thresholds(flat, changes),
        flat_to_grade_lines(flat, changes),
    )
