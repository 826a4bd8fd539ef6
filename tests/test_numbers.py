"""Number and unit parsing: examples from the reports and properties (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caizheng.normalize.units import to_wan
from caizheng.parsers.numbers import (
    NULL,
    find_numbers,
    money_unit_label,
    parse_chinese_numeral,
    parse_decimal,
    parse_number,
)


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("3,395.50", "3395.50", None),
        ("３，３９５．５０", "3395.50", None),
        ("（25）", "-25", None),
        ("(1,258.00)", "-1258.00", None),
        ("-25", "-25", None),
        ("12.6万人", "12.6", "万人"),
        ("99.34%", "99.34", "%"),
        ("98 百分比", "98", "%"),
        ("91,016,775.35", "91016775.35", None),
        ("3977 人", "3977", "人"),
        ("17.57亿元", "17.57", "亿元"),
    ],
)
def test_printed_numbers(text, value, unit):
    n = parse_number(text)
    assert n.value == Decimal(value) and n.unit == unit and n.raw == text


@pytest.mark.parametrize("text", ["", "-", "合计", "2021-03-05", "1.2.3", "（25"])
def test_not_numbers(text):
    assert parse_number(text, errors=NULL) is None
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    "text, value",
    [("十二", 12), ("一百零五", 105), ("三万", 30000), ("二〇二一", 2021), ("两千三百", 2300), ("十", 10)],
)
def test_chinese_numerals(text, value):
    assert parse_chinese_numeral(text) == value


def test_units_to_wan_are_exact():
    assert to_wan(Decimal("91016775.35"), "元") == Decimal("9101.677535")
    assert to_wan(Decimal("17.57"), "亿元") == Decimal("175700.000000")
    assert to_wan(Decimal("3395.50"), "万元") == Decimal("3395.500000")
    assert to_wan(Decimal("12"), "人") is None


def test_unit_labels():
    assert money_unit_label("部门：武汉市东西湖区人力资源和社会保障局 单位：万元") == "万元"
    assert money_unit_label("编制部门：上海市普陀区人民政府办公室 单位：元") == "元"
    assert money_unit_label("单位:万元") == "万元"
    assert money_unit_label("单位名称：区人社局") is None


def test_numbers_in_running_text():
    found = find_numbers("基本支出 553.53万元（人员支出521.42万元，日常公用经费支出32.1万元）")
    assert [(str(n.value), n.unit) for n, _, _ in found] == [
        ("553.53", "万元"),
        ("521.42", "万元"),
        ("32.1", "万元"),
    ]


money = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False
)


@given(money)
def test_thousands_separated_money_round_trips(value):
    printed = f"{value:,.2f}"
    assert parse_decimal(printed) == value
    assert parse_decimal(printed.replace(",", "")) == value


@given(money)
def test_parenthesized_negatives(value):
    printed = f"（{abs(value):,.2f}）"
    assert parse_decimal(printed) == -abs(value)


@given(st.decimals(min_value=0, max_value=Decimal("1e10"), places=2, allow_nan=False))
def test_yuan_to_wan_and_back(value):
    assert to_wan(value, "元") * 10000 == value


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_round_trip(n):
    assert parse_chinese_numeral(to_chinese(n)) == n


def to_chinese(n: int) -> str:
    """A plain writer of Chinese numerals, independent of the parser."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def below_10k(x: int) -> str:
        out, zero = "", False
        for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + name
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10_000)
    if not high:
        return below_10k(low)
    return below_10k(high) + "万" + (("零" if low < 1000 and low else "") + below_10k(low))


# --- hostile figures (issue 17.5): never an exception, never an absurd value -----------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("3 3 9 5 . 5 0", "3395.50"),  # PDF text spaced character by character
        ("3 395.50", "3395.50"),  # thousands grouped by spaces
        ("3395 .50", "3395.50"),
        ("15204546 9327596 3350000", None),  # a table row read as one cell: not one number
        ("12 34", None),
        ("\U000116d5\U000116d6", None),  # digits of another script: `\d` matches them, Decimal does not
        ("9" * 400, None),
    ],
)
def test_spaces_and_foreign_digits_in_numbers(text, value):
    n = parse_number(text, errors=NULL)
    assert (n.value if n else None) == (Decimal(value) if value else None)


def test_find_numbers_skips_what_is_not_a_figure():
    assert find_numbers("\U000116d5 项") == []
    assert find_numbers("9" * 400 + " 元") == []
    assert [n.value for n, _, _ in find_numbers("支出 １２３ 万元")] == [Decimal(123)]


def test_long_chinese_numerals_are_not_numbers():
    assert parse_chinese_numeral("一" * 5000, errors=NULL) is None
    assert parse_chinese_numeral("九" * 30 + "亿", errors=NULL) is None
    with pytest.raises(ValueError):
        parse_chinese_numeral("一" * 5000)


def test_amounts_beyond_the_money_type_are_refused():
    from caizheng.normalize.units import NULL as UNIT_NULL
    from caizheng.normalize.units import OutOfRange

    with pytest.raises(OutOfRange):
        to_wan(Decimal("1" + "0" * 24), "元")
    assert to_wan(Decimal("1" + "0" * 40), "万元", errors=UNIT_NULL) is None
    assert to_wan(Decimal("999999999999999999.99"), "元") == Decimal("99999999999999.999999")


def test_a_score_of_400_digits_is_not_a_score():
    from caizheng.parsers.scores.vocab import text_to_score

    assert text_to_score("9" * 400) is None
    assert text_to_score("\U000116d5") is None
    assert text_to_score("99.34") == 99.34
