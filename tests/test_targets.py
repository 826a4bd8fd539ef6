"""Target parsing: `≥98 百分比` → (>=, 98, %), worded operators, qualitative targets kept raw."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caizheng.parsers.performance.targets import SYMBOLS, UNIT_WORDS, parse_target


@pytest.mark.parametrize(
    "raw, op, value, unit",
    [
        ("≥98 百分比", ">=", 98, "%"),
        ("≤4.5", "<=", 4.5, None),
        ("100 百分比", "=", 100, "%"),
        ("达到100%", ">=", 100, "%"),
        ("达90%以上", ">=", 90, "%"),
        ("不低于95%", ">=", 95, "%"),
        ("3天以内", "<=", 3, "天"),
        ("2次数", "=", 2, "次"),
        ("≥292422 人数", ">=", 292422, "人"),
        ("≤", "<=", None, None),
        ("》90%", ">", 90, "%"),  # `>` as a Chinese input method types it
        ("《3天", "<", 3, "天"),
    ],
)
def test_targets_from_the_samples(raw, op, value, unit):
    t = parse_target(raw)
    assert (t.op, t.value, t.unit) == (op, value, unit)
    assert t.raw == raw


@pytest.mark.parametrize(
    "raw",
    ["良好", "2021年底完成", "出现一户，认定一户，安置一户", "无", "整合组建了4个机构", "《预算法》"],
)
def test_qualitative_targets_keep_their_text(raw):
    t = parse_target(raw)
    assert t.raw == raw and t.op is None and t.value is None


def test_unit_column_is_a_hint_only():
    assert parse_target("≥98", "百分比").unit == "%"
    assert parse_target("≥12件", "百分比").unit == "件"  # the cell's own unit wins


numbers = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@given(number=numbers, symbol=st.sampled_from(sorted(SYMBOLS)), unit=st.sampled_from(sorted(UNIT_WORDS)))
def test_symbol_number_unit_round_trip(number, symbol, unit):
    text = f"{symbol}{number.normalize():f}{unit}"
    t = parse_target(text)
    assert t.op == SYMBOLS[symbol]
    assert Decimal(str(t.value)) == number
    assert t.unit == UNIT_WORDS[unit]


@given(
    number=numbers,
    word=st.sampled_from(["不低于", "不少于", "达到"]),
    unit=st.sampled_from(["%", "人", "件"]),
)
def test_worded_lower_bounds(number, word, unit):
    t = parse_target(f"{word}{number.normalize():f}{unit}")
    assert (t.op, t.unit) == (">=", unit)
    assert Decimal(str(t.value)) == number
