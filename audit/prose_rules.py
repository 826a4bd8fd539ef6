"""Prose against itself: parts against their whole, stated percentages recomputed,
基本支出 + 项目支出 against the expenditure they split.

Prose is where a rule most easily misreads what a figure refers to, so every
rule here resolves its operands from the sentence first and accepts any reading
that is consistent: it flags only a figure that no reading explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal

from .figures import Figure, finding, number_text, slack_of, sum_finding, to_decimal
from .rows import clean_name

RATIO_RELATIONS = ("share_of", "ratio")
# a target that names only a budget (预算调整数, 年初预算): the numerator's own budget figure
BUDGET_WORD = re.compile(
    r"(本年|本年度|年初|全年|调整后的?)?(预算)(调整)?(数|额|金额)?|预算调整(数|额)?|调整(后)?预算(数)?"
)
WHOLE_EXPENDITURE = re.compile(
    r"^(本年|本部门|部门|决算|整体|全年|年度)*(整体)?支出(合计|总额|总计|决算数?)?$|^决算支出$"
)
BASIC = re.compile(r"^(其中)?[:：]?基本支出$")
PROJECT = re.compile(r"^(其中)?[:：]?项目支出$")
COMPLETE_LIST = re.compile(r"按[^，。；]{0,8}分类")


def money_figure(f: dict) -> Figure | None:
    value = to_decimal(f.get("amount_wan"))
    if value is None:
        return None
    raw = number_text(f.get("value_raw")) or f.get("value_exact") or str(f.get("value"))
    return Figure(
        clean_name(f.get("metric_raw")) or "?",
        value,
        slack_of(value, raw, f.get("unit")),
        raw,
        f.get("page"),
        f.get("line"),
        None,
    )


def _metric(f: dict) -> str:
    return clean_name(f.get("metric_raw"))


def _names_match(a: str, b: str) -> bool:
    a, b = clean_name(a), clean_name(b)
    return bool(a) and bool(b) and (a == b or (len(b) >= 2 and b in a) or (len(a) >= 2 and a in b))


def _money(facts: list[dict]) -> list[tuple[int, dict]]:
    return [(i, f) for i, f in enumerate(facts) if f.get("amount_wan") is not None]


def _near(f: dict, g: dict, lines: int = 6) -> bool:
    return f.get("page") == g.get("page") and abs((f.get("line") or 0) - (g.get("line") or 0)) <= lines


def _whole_for(facts: list[dict], i: int, parent: str) -> dict | None:
    """The money fact naming `parent`: in the same sentence, else the nearest before it."""
    part = facts[i]
    same = [g for g in facts if g.get("sentence") == part.get("sentence") and g is not part]
    for pool in (same, [g for g in reversed(facts[:i]) if _near(g, part)]):
        hits = [
            g
            for g in pool
            if g.get("amount_wan") is not None
            and not g.get("parent_metric_raw")
            and _metric(g) == clean_name(parent)
        ]
        if not hits:
            hits = [
                g
                for g in pool
                if g.get("amount_wan") is not None
                and _names_match(_metric(g), parent)
                and _metric(g) != _metric(part)
            ]
        values = {to_decimal(g["amount_wan"]) for g in hits}
        if len(values) == 1:
            return hits[0]
    return None


def basic_project_findings(facts: list[dict]) -> Iterator[dict]:
    """支出 = 基本支出 + 项目支出 where prose states all three close together.

    The whole is the nearest expenditure total stated before the pair, within a
    few lines and after the previous pair, so a budget sentence that only splits
    its expenditure is never compared with an unrelated total.
    """
    money = _money(facts)
    last_pair_end = -1
    for k, (_i, f) in enumerate(money):
        if not BASIC.match(_metric(f)) or k + 1 >= len(money):
            continue
        j, g = money[k + 1]
        if not PROJECT.match(_metric(g)) or not _near(f, g, 3) or f.get("parent_metric_raw"):
            continue
        wholes = [
            h
            for idx, h in reversed(money[:k])
            if idx > last_pair_end and WHOLE_EXPENDITURE.match(_metric(h)) and _near(h, f, 4)
        ]
        last_pair_end = j
        if not wholes:
            continue
        whole = money_figure(wholes[0])
        out = sum_finding(
            "prose.parts", whole, [money_figure(f), money_figure(g)], "正文所列基本支出与项目支出之和"
        )
        if out:
            yield out


def percent_figure(f: dict) -> Figure | None:
    v = to_decimal(f.get("value_exact") or f.get("value"))
    if v is None:
        return None
    raw = number_text(f.get("value_raw")) or f.get("value_exact") or str(f.get("value"))
    return Figure(
        clean_name(f.get("metric_raw")) or "比例",
        v,
        slack_of(v, raw),
        raw,
        f.get("page"),
        f.get("line"),
        None,
    )


def ratio_candidates(facts: list[dict], i: int) -> tuple[dict | None, list[dict]]:
    """(numerator, denominators in order of preference) for the percentage facts[i]."""
    pct = facts[i]
    sentence = pct.get("sentence")
    before = [g for g in facts[:i] if g.get("sentence") == sentence and g.get("amount_wan") is not None]
    if not before:
        return None, []
    named = [g for g in before if _metric(pct) and _metric(g) == _metric(pct)]
    numerator = (named or before)[-1]
    target = clean_name(pct.get("relation_target_raw"))
    if not target:
        return numerator, []
    dens = [
        g
        for g in facts
        if g is not numerator
        and g.get("amount_wan") is not None
        and g.get("sentence") == sentence
        and _names_match(_metric(g), target)
    ]
    if BUDGET_WORD.fullmatch(target):
        phase = (
            "budget_adjusted"
            if "调整" in target or "全年" in target
            else "budget_initial"
            if "年初" in target
            else None
        )
        same_metric = [
            g
            for g in facts
            if g is not numerator
            and g.get("amount_wan") is not None
            and _metric(g) == _metric(numerator)
            and (g.get("phase") == phase if phase else (g.get("phase") or "").startswith("budget"))
        ]
        dens = same_metric + dens
    if not dens:
        near = [
            g
            for g in facts[:i]
            if g is not numerator
            and g.get("amount_wan") is not None
            and _metric(g) == target
            and _near(g, pct, 4)
        ]
        dens = near[-1:]
    return numerator, dens


def ratio_findings(facts: list[dict]) -> Iterator[dict]:
    """A stated share (`占…的 99.34%`) against the ratio of the figures it names,
    compared at the precision printed."""
    for i, pct in enumerate(facts):
        if pct.get("unit") != "%" or pct.get("relation") not in (*RATIO_RELATIONS, "completion_of"):
            continue
        numerator, dens = ratio_candidates(facts, i)
        inferred = False
        if pct.get("relation") == "completion_of" and not dens:
            numerator, dens = completion_by_position(facts, i)
            inferred = True
        shown = percent_figure(pct)
        if numerator is None or not dens or shown is None:
            continue
        num = money_figure(numerator)
        results = [_ratio_check(num, money_figure(d), shown) for d in dens]
        results = [r for r in results if r is not None]
        others = [
            g for g in facts if g.get("sentence") == pct.get("sentence") and g.get("amount_wan") is not None
        ]
        alternatives = [_ratio_check(num, money_figure(g), shown) for g in others if g is not numerator]
        if not results or any(r[0] is None for r in results) or any(a and a[0] is None for a in alternatives):
            continue
        best = next((r for r in results if r[0] == "warning"), results[0])
        severity, expected, den = best
        target = pct.get("relation_target_raw") or den.label
        msg = (
            f"{num.label} {num.shown()} 占{target}（{den.label} {den.shown()}）的比例应为 {expected}%，"
            f"报告为 {shown.shown()}%"
        )
        if inferred:
            severity, msg = "warning", msg + "（预算数与执行数按句中位置推断）"
        yield finding("ratio", shown, expected, shown.slack, msg, [num, den], severity)


def completion_by_position(facts: list[dict], i: int) -> tuple[dict | None, list[dict]]:
    """`预算 X 万元，执行 Y 万元，执行率 Z%`: with exactly two figures before the rate in
    its sentence, the later over the earlier."""
    pct = facts[i]
    before = [
        g for g in facts[:i] if g.get("sentence") == pct.get("sentence") and g.get("amount_wan") is not None
    ]
    if len(before) != 2:
        return None, []
    return before[1], [before[0]]


def _ratio_check(num: Figure, den: Figure, shown: Figure):
    """(severity or None, expected rounded to the printed places, denominator)."""
    if den.value <= den.slack:
        return None
    exact = num.value / den.value * 100
    places = max(0, -shown.value.as_tuple().exponent)
    expected = exact.quantize(Decimal(1).scaleb(-places))
    lo = (num.value - num.slack) / (den.value + den.slack) * 100
    hi = (num.value + num.slack) / (den.value - den.slack) * 100
    if expected == shown.value:
        return (None, expected, den)
    truncated = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    if truncated == shown.value:
        return ("warning", expected, den)  # cut, not rounded: a habit, not an inconsistency
    if shown.value + shown.slack >= lo and shown.value - shown.slack <= hi:
        return ("warning", expected, den)
    return ("error", expected, den)


def prose_findings(facts: list[dict]) -> Iterator[dict]:
    facts = [f for f in facts if f.get("value") is not None or f.get("amount_wan") is not None]
    yield from basic_project_findings(facts)
    yield from ratio_findings(facts)
