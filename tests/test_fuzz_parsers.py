"""Fuzz the lexical parsers (numbers, units, targets, scores) with text built from what
reports print and what hostile input adds (other scripts' digits, very long runs,
spaces, signs, units). Bounded in `make test`; `make fuzz` runs far more examples
(HYPOTHESIS_PROFILE=fuzz). Each parser either returns a sane value or says no — it
never raises anything else, never returns inf, never an amount the warehouse cannot hold."""

from __future__ import annotations

import math
import os
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from caizheng.normalize.units import MONEY_LIMIT, OutOfRange, to_wan
from caizheng.normalize.units import NULL as UNIT_NULL
from caizheng.parsers.numbers import NULL, find_numbers, parse_chinese_numeral, parse_number
from caizheng.parsers.performance.targets import parse_target
from caizheng.parsers.scores.vocab import text_to_score

settings.register_profile(
    "test", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fuzz", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "test"))

PIECES = st.sampled_from(
    list("0123456789０１２３４５６７８９,.，．-−－()（）%％ ")
    + ["\U000116d5", "\u0663", "\u09e6", "\uff10"]  # digits of other scripts
    + ["万元", "元", "亿元", "千元", "人", "次", "百分比", "≥", "≤", ">", "<", "=", "以上", "不低于", "达到"]
    + list("零〇一二两三四五六七八九十百千万亿")
    + ["9" * 30, "1" * 400, " " * 3]
)
TEXT = st.lists(PIECES, max_size=30).map("".join)


@given(TEXT)
def test_parse_number_returns_a_storable_number_or_none(text):
    n = parse_number(text, errors=NULL)
    if n is not None:
        assert n.value.is_finite() and len(n.value.as_tuple().digits) <= 40
        to_wan(n.value, "万元", errors=UNIT_NULL)  # never raises with NULL


@given(TEXT)
def test_find_numbers_never_raises_and_keeps_its_spans(text):
    for number, start, end in find_numbers(text):
        assert 0 <= start < end <= len(text) and number.value.is_finite()


@given(TEXT)
def test_chinese_numerals_are_bounded(text):
    value = parse_chinese_numeral(text, errors=NULL)
    assert value is None or 0 <= value < 10**40


@given(TEXT, st.sampled_from([None, "百分比", "%", "次", "万元"]))
@example("\U000116d5", None)  # found by `make fuzz`: float() does not know this digit
@example("≥" + "9" * 400, "%")
def test_targets_are_finite_or_text(text, hint):
    target = parse_target(text, hint)
    assert target.value is None or math.isfinite(target.value)


@given(TEXT)
def test_scores_are_finite_or_none(text):
    score = text_to_score(text)
    assert score is None or (math.isfinite(score) and score >= 0)


@given(
    st.decimals(allow_nan=False, allow_infinity=False), st.sampled_from(["元", "万元", "千元", "亿元", "人"])
)
def test_to_wan_fits_the_money_type_or_says_so(amount, unit):
    try:
        wan = to_wan(amount, unit)
    except OutOfRange:
        return
    assert wan is None or abs(wan) < MONEY_LIMIT and wan == wan.quantize(Decimal("0.000001"))
