"""Stated changes recomputed: `收入减少了 798.42 万元，减少 19.0%` against the figure
the change is about (`收入总计 3395.5 万元`), `比上年 X 万元增加 Y 万元` against both
figures, and `上年 A 万元，本年 B 万元，增长 Y%` (two figures and a rate, no change
amount) against the two figures.

The percentage of a change is the change over the earlier figure. When the earlier
figure is printed (`上年…`, or named by a year before the report's, as in `与2016年度
相比（2016年度…为 8,648.07 万元），增加 498.72 万元，增长 5.77%`), a mismatch beyond the
printed precision is an error. When it is not, it is inferred (current ∓ change) from
the current figure. That inference is sure when the wording fixes the current figure:
the change clause has no subject of its own and follows the figure it is about (`行政
运行（项）支出 6106.99 万元，与上年相比增加 101.48 万元，增长 1.66%`, also across a
`主要用于…。` sentence), or names it in the same sentence. Then a mismatch beyond the
printed precision is an error; any other inferred reading gives a warning only. A rate
in a reason clause (`增加 164.48 万元，主要原因…统一压减10%`) or of the opposite
direction is not the change's rate and is not compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from .figures import Figure, finding, format_amount, sum_finding
from .prose_rules import _metric, _names_match, _near, _ratio_check, money_figure, percent_figure
from .sentence import clause_before, depth_at, end_of, is_earlier, positions

# the words between a change amount and its rate: `，增长`, `，增幅为`, `、下降`
RATE_LINK = re.compile(
    r"^[,，、]?\s*(?:比上年|同比)?(?:增长|增加|上升|提高|增幅|减少|下降|降低|减幅|降幅)(?:了|为|约|达)*$"
)
REASON = re.compile(r"原因|由于|因为|主要是|主要用于|用于")
# a change clause without a subject of its own: `与上年相比增加`, `比2016年增加`, `，增加`
_TIME = r"(?:上年|上一年|去年|同期|\d{4}年度?)(?:年初)?(?:预算数?|执行数|决算数?)?"
SUBJECTLESS = re.compile(
    rf"(?:(?:同比|(?:与|比|较|同){_TIME}(?:相比|同比)?)[,，]?)?各?(?:增加|增长|减少|下降|降低|上升|提高|压减|节约|净增)了?"
)


class Doc:
    """The facts of one document, each knowing where it sits in its sentence."""

    def __init__(self, facts: list[dict], fiscal_year: int | None):
        self.facts = facts
        self.fiscal_year = fiscal_year
        self.pos = positions(facts)
        self.index = {id(f): i for i, f in enumerate(facts)}

    def at(self, f: dict) -> int | None:
        return self.pos.get(id(f))

    def earlier(self, f: dict) -> bool:
        return is_earlier(f, self.at(f), self.fiscal_year)

    def plain_money(self, f: dict) -> bool:
        return f.get("amount_wan") is not None and not f.get("relation")


def _current_for(doc: Doc, i: int, metric: str) -> list[dict]:
    """Figures the change at facts[i] is about: plain money facts named alike,
    in the same sentence first, else within a few lines before it."""
    facts, change = doc.facts, doc.facts[i]
    pool = [g for g in facts[:i] if g.get("sentence") == change.get("sentence")]
    pool += [g for g in facts[:i] if g.get("sentence") != change.get("sentence") and _near(g, change, 4)]
    return [
        g
        for g in reversed(pool)
        if doc.plain_money(g) and not doc.earlier(g) and _names_match(_metric(g), metric)
    ]


def _earlier_for(doc: Doc, i: int) -> list[dict]:
    """An earlier figure printed in the same clause group as the change (`比上年 3,000 万元`,
    `（2016年度…为 X 万元）`): no other change and no `；` between them."""
    change = doc.facts[i]
    out = []
    for k in range(i - 1, -1, -1):
        g = doc.facts[k]
        if g.get("sentence") != change.get("sentence") or g.get("relation") == "change":
            break
        a, b = doc.at(g), doc.at(change)
        if a is not None and b is not None and re.search("[;；]", (g.get("sentence") or "")[a:b]):
            break
        if doc.plain_money(g) and doc.earlier(g):
            out.append(g)
    return out


def _subject(doc: Doc, j: int) -> dict | None:
    """The figure a change at facts[j] is surely about, or None.

    The last plain money figure before it, a few lines up, when the change clause has no
    subject of its own (in the same sentence, or opening its sentence), or names that figure
    in the same sentence."""
    change = doc.facts[j]
    prev = next((g for g in reversed(doc.facts[:j]) if _outer(doc, g, change)), None)
    if prev is None or prev.get("relation") or doc.earlier(prev) or not _near(prev, change, 6):
        return None
    at = doc.at(change)
    if at is None:
        return None
    sentence = change.get("sentence") or ""
    if prev.get("sentence") == sentence:
        own = SUBJECTLESS.fullmatch(clause_before(sentence, at))
        named = _names_match(_metric(prev), re.sub(r"(?:增加|减少|增长|下降)$", "", _metric(change)))
        return prev if own or named else None
    return prev if SUBJECTLESS.fullmatch(sentence[:at]) else None


def _outer(doc: Doc, g: dict, change: dict) -> bool:
    """A money figure or change before `change` and not inside a bracket closed before it
    (`余额 197.88 亿元（一般债务 136.66 亿元…；专项债务 61.22 亿元），同比增加 46.67 亿元`)."""
    if not (doc.plain_money(g) or g.get("relation") == "change"):
        return False
    if g.get("sentence") != change.get("sentence") or doc.at(g) is None or doc.at(change) is None:
        return True
    sentence = g.get("sentence") or ""
    return depth_at(sentence, doc.at(g)) <= depth_at(sentence, doc.at(change))


def _signed(fig: Figure, direction: str | None) -> Figure:
    if direction == "decrease" and fig.value > 0:
        return Figure(fig.label, -fig.value, fig.slack, fig.raw, fig.page, fig.line, fig.table_code)
    return fig


def change_amount_findings(doc: Doc) -> Iterator[dict]:
    """current − earlier = the stated change, when all three are printed together."""
    for i, f in enumerate(doc.facts):
        if f.get("relation") != "change" or f.get("amount_wan") is None:
            continue
        earlier = _earlier_for(doc, i)
        current = _current_for(doc, i, _metric(f))
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


def _mixed_units(change: dict, others: list[dict]) -> bool:
    return any(o.get("unit") != change.get("unit") for o in others)


def _rate_of(doc: Doc, change: dict, pct: dict) -> bool:
    """The rate follows the change amount as its rate (`…万元，增长 Y%`): the same direction, and
    no reason clause, `；` or other figure between them."""
    a, b = doc.at(change), doc.at(pct)
    if change.get("direction") != pct.get("direction"):
        return False
    between_facts = doc.facts[doc.index[id(change)] + 1 : doc.index[id(pct)]]
    if any(doc.plain_money(g) for g in between_facts):
        return False  # `…减支 5.17 亿元，…；市本级支出 170.02 亿元，比上年下降 7.8%`: another figure's rate
    if a is None or b is None:
        return True
    between = (pct.get("sentence") or "")[end_of(change, a) : b]
    return not REASON.search(between) and not re.search("[;；]", between)


def _precise(delta: Figure, base: Figure, expected: Decimal) -> Decimal:
    """The expected rate to two places at least, so `30%` for 29.15% reads 29.15."""
    if -expected.as_tuple().exponent >= 2 or base.value == 0:
        return expected
    return (delta.value / base.value * 100).quantize(Decimal("0.01"))


def change_pct_findings(doc: Doc) -> Iterator[dict]:
    facts = doc.facts
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
            yield from _two_figures_finding(doc, i, shown)
            continue
        change = same[0]
        if not _rate_of(doc, change, f):
            continue
        j = doc.index[id(change)]
        delta = money_figure(change)
        earlier = _earlier_for(doc, j)
        subject = None
        if earlier:
            bases, inferred = [money_figure(e) for e in earlier], False
        else:
            sign = -1 if change.get("direction") == "increase" else 1
            subject = _subject(doc, j)
            currents = [subject] if subject else _current_for(doc, j, _metric(change))
            bases = [_base(money_figure(c), delta, sign) for c in currents]
            inferred = True
        results = [r for r in (_ratio_check(delta, b, shown) for b in bases) if r is not None]
        if not results or any(r[0] is None for r in results):
            continue
        severity, expected, base = next((r for r in results if r[0] == "warning"), results[0])
        if inferred and subject is None:
            severity = "warning"
        mixed = _mixed_units(change, earlier or ([subject] if subject else []))
        if mixed:
            severity = "warning"  # `增加 135089 元` beside 万元 figures: the unit is more likely the slip
        expected = _precise(delta, base, expected)
        how = "（上年数按本年数与增减额推算）" if inferred else ""
        msg = (
            f"增减额（{delta.label}）{delta.shown()} {change.get('unit') or '万元'} ÷ 上年 "
            f"{format_amount(base.value)} 万元{how} = {expected}%，报告为 {shown.shown()}%"
            + ("（增减额与本年数单位不同）" if mixed else "")
        )
        yield finding("ratio.change", shown, expected, shown.slack, msg, [delta, base], severity)


def _two_figures_finding(doc: Doc, i: int, shown: Figure | None) -> Iterator[dict]:
    """`上年 A 万元，本年 B 万元，比上年增长 Y%`: exactly two plain money figures before the rate in
    its sentence, one of them the earlier year's: Y = (B − A) / A."""
    pct = doc.facts[i]
    before = [
        g
        for g in doc.facts[:i]
        if g.get("sentence") == pct.get("sentence") and g.get("amount_wan") is not None
    ]
    if shown is None or len(before) != 2 or any(g.get("relation") for g in before):
        return
    earlier = [g for g in before if doc.earlier(g)]
    if len(earlier) != 1:
        return
    current = before[1] if earlier[0] is before[0] else before[0]
    e, c = money_figure(earlier[0]), money_figure(current)
    diff = c.value - e.value
    if diff == 0:
        return
    delta = Figure(f"{c.label}−{e.label}", abs(diff), c.slack + e.slack, None, c.page, c.line)
    r = _ratio_check(delta, e, shown)
    if r is None or r[0] is None:
        return
    severity, expected, base = r
    expected = _precise(delta, base, expected)
    msg = (
        f"（{c.label} {c.shown()} − {e.label} {e.shown()}）÷ {e.shown()} = {expected}%，"
        f"报告为 {shown.shown()}%"
    )
    yield finding("ratio.change", shown, expected, shown.slack, msg, [c, e], severity)


def _base(current: Figure, delta: Figure, sign: int) -> Figure:
    """The earlier figure implied by the current one and the change."""
    value = current.value + sign * delta.value
    return Figure(
        f"推算上年{current.label}", value, current.slack + delta.slack, None, current.page, current.line
    )


def change_findings(facts: list[dict], fiscal_year: int | None = None) -> Iterator[dict]:
    doc = Doc(facts, fiscal_year)
    yield from change_amount_findings(doc)
    yield from change_pct_findings(doc)
