"""Stated changes recomputed: `收入减少了 798.42 万元，减少 19.0%` against the figure
the change is about (`收入总计 3395.5 万元`), and `比上年 X 万元增加 Y 万元` against
both figures.

The percentage of a change is the change over the earlier figure. When the earlier
figure is printed, a mismatch beyond the printed precision is an error. When it is
not, it is inferred (current ∓ change) from a current figure found by name nearby;
that reading is an inference, so a mismatch is reported as a warning only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .figures import Figure, finding, format_amount, sum_finding
from .prose_rules import _metric, _names_match, _near, _ratio_check, money_figure, percent_figure

EARLIER = re.compile(r"上年|上一年|去年|同期")


def _current_for(facts: list[dict], i: int, metric: str) -> list[dict]:
    """Figures the change at facts[i] is about: plain money facts named alike,
    in the same sentence first, else within a few lines before it."""
    change = facts[i]
    pool = [g for g in facts[:i] if g.get("sentence") == change.get("sentence")]
    pool += [g for g in facts[:i] if g.get("sentence") != change.get("sentence") and _near(g, change, 4)]
    return [
        g
        for g in reversed(pool)
        if g.get("amount_wan") is not None
        and not g.get("relation")
        and not EARLIER.search(_metric(g))
        and _names_match(_metric(g), metric)
    ]


def _earlier_for(facts: list[dict], i: int) -> list[dict]:
    """An earlier figure printed in the same sentence (`比上年 3,000 万元`)."""
    change = facts[i]
    return [
        g
        for g in facts[:i]
        if g.get("sentence") == change.get("sentence")
        and g.get("amount_wan") is not None
        and not g.get("relation")
        and EARLIER.search(_metric(g) + (g.get("relation_target_raw") or ""))
    ]


def _signed(fig: Figure, direction: str | None) -> Figure:
    if direction == "decrease" and fig.value > 0:
        return Figure(fig.label, -fig.value, fig.slack, fig.raw, fig.page, fig.line, fig.table_code)
    return fig


def change_amount_findings(facts: list[dict]) -> Iterator[dict]:
    """current − earlier = the stated change, when all three are printed together."""
    for i, f in enumerate(facts):
        if f.get("relation") != "change" or f.get("amount_wan") is None:
            continue
        earlier = _earlier_for(facts, i)
        current = _current_for(facts, i, _metric(f))
        if len(earlier) != 1 or not current:
            continue
        delta = _signed(money_figure(f), f.get("direction"))
        e = money_figure(earlier[0])
        results = [
            sum_finding("ratio.change", money_figure(c), [e, delta], "正文所述增减额") for c in current
        ]
        if any(r is None or r["severity"] == "warning" for r in results):
            continue
        yield results[0]


def change_pct_findings(facts: list[dict]) -> Iterator[dict]:
    for i, f in enumerate(facts):
        if f.get("relation") != "change_pct" or f.get("unit") != "%":
            continue
        shown = percent_figure(f)
        same = [
            g
            for g in reversed(facts[:i])
            if g.get("sentence") == f.get("sentence")
            and g.get("relation") == "change"
            and g.get("amount_wan") is not None
        ]
        if shown is None or not same:
            continue
        change = same[0]
        j = facts.index(change)
        delta = money_figure(change)
        earlier = _earlier_for(facts, j)
        if earlier:
            bases, inferred = [money_figure(e) for e in earlier], False
        else:
            sign = -1 if change.get("direction") == "increase" else 1
            bases = [_base(money_figure(c), delta, sign) for c in _current_for(facts, j, _metric(change))]
            inferred = True
        results = [r for r in (_ratio_check(delta, b, shown) for b in bases) if r is not None]
        if not results or any(r[0] is None for r in results):
            continue
        severity, expected, base = next((r for r in results if r[0] == "warning"), results[0])
        if inferred:
            severity = "warning"
        how = "（上年数按本年数与增减额推算）" if inferred else ""
        msg = (
            f"增减额（{delta.label}）{delta.shown()} 万元 ÷ 上年 {format_amount(base.value)} 万元{how} = "
            f"{expected}%，报告为 {shown.shown()}%"
        )
        yield finding("ratio.change", shown, expected, shown.slack, msg, [delta, base], severity)


def _base(current: Figure, delta: Figure, sign: int) -> Figure:
    """The earlier figure implied by the current one and the change."""
    value = current.value + sign * delta.value
    return Figure(
        f"推算上年{current.label}", value, current.slack + delta.slack, None, current.page, current.line
    )


def change_findings(facts: list[dict]) -> Iterator[dict]:
    yield from change_amount_findings(facts)
    yield from change_pct_findings(facts)
