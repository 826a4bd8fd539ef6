"""Read the numbers reports print: `3,395.50`, `３３９５.５０`, `（25）`, `-25`,
`12.6万人`, `99.34%`, `十二`, `一百零五`. Money stays exact (`Decimal`).

These are lexical: they turn printed text into a value and a unit as printed.
Converting money to 万元 is `normalize.units`' job.

Every parse function takes `errors`: `RAISE` (default) raises `ValueError` on text
that is not a number, `NULL` returns None.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

RAISE = "raise"
NULL = "null"

# units as printed, longest first so 万元 wins over 元; normalized spelling on the right
UNITS = {
    "万元": "万元",
    "亿元": "亿元",
    "千元": "千元",
    "元": "元",
    "万人次": "万人次",
    "万人": "万人",
    "人次": "人次",
    "人数": "人",
    "人": "人",
    "百分比": "%",
    "百分之": "%",
    "%": "%",
    "％": "%",
    "‰": "‰",
    "户": "户",
    "家": "家",
    "件": "件",
    "个": "个",
    "场": "场",
    "张": "张",
    "份": "份",
    "项": "项",
    "次数": "次",
    "次": "次",
    "期": "期",
    "所": "所",
    "篇": "篇",
    "门": "门",
    "辆": "辆",
    "台": "台",
    "套": "套",
    "年": "年",
    "月": "月",
    "天": "天",
    "日": "日",
    "小时": "小时",
    "分": "分",
    "平方米": "平方米",
    "亩": "亩",
    "公里": "公里",
    "万册": "万册",
    "万张": "万张",
    "万件": "万件",
    "万户": "万户",
    "万个": "万个",
    "万次": "万次",
    "册": "册",
}
_UNIT_ALT = "|".join(regex.escape(u) for u in sorted(UNITS, key=len, reverse=True))

# The digits a report prints: ASCII and full-width, by an explicit set. `\d` would also
# match every other script's digits (U+116D5 …), which `Decimal` may not know.
D = "[0-9０-９]"
_TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")

# a printed number: optional sign or parentheses, digits with thousands separators, decimals
NUMBER = regex.compile(
    r"(?P<neg>[-−－]|(?P<paren>[（(]))?"
    rf"(?P<num>{D}{{1,3}}(?:,{D}{{3}})+(?:\.{D}+)?|{D}+(?:\.{D}+)?|\.{D}+)"
    r"(?(paren)[）)])"
)
MAX_DIGITS = 40  # longer runs of digits are not a figure (no report prints 10^40 of anything)
_FULL = regex.compile(rf"^\s*{NUMBER.pattern}\s*(?P<unit>{_UNIT_ALT})?\s*$")

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_UNIT_LABEL = regex.compile(r"(?:单位|金额单位|计量单位)[:：](万元|亿元|千元|元)")
CN_NUMERAL = regex.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
MAX_CN_NUMERAL = 24  # characters; longer is not a numeral anyone prints


@dataclass(frozen=True)
class Number:
    """A number as printed: its exact value, the unit printed with it, and the raw text."""

    value: Decimal
    unit: str | None
    raw: str

    @property
    def decimals(self) -> int:
        """How many decimals were printed (the precision an audit compares at)."""
        exp = self.value.as_tuple().exponent
        return -exp if isinstance(exp, int) and exp < 0 else 0


_SPACED = regex.compile(r"[0-9,.]+(?:\s+[0-9,.]+)+")


def clean(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII), and the spaces inside one
    printed number removed: a number spaced out character by character (`3 3 9 5 . 5 0`,
    PDF text), or grouped by thousands with spaces (`3 395.50`). Space-separated figures
    that are not one number's pieces (`15204546 9327596`, a table row in one cell) stay
    apart, so they never read as one absurd number."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACED.sub(_join_if_one_number, text).strip()


def _join_if_one_number(m) -> str:
    parts = m.group(0).split()
    if all(len(p) == 1 for p in parts) or _thousands_groups(parts) or _split_decimals(parts):
        return "".join(parts)
    return m.group(0)


def _thousands_groups(parts: list[str]) -> bool:
    """`3 395 000.50`: 1-3 digits, then groups of three (the last may carry decimals)."""
    head, *groups = parts
    if not (head.isdigit() and len(head) <= 3):
        return False
    *inner, last = groups
    return all(g.isdigit() and len(g) == 3 for g in inner) and bool(
        regex.fullmatch(r"[0-9]{3}(\.[0-9]+)?", last)
    )


def _split_decimals(parts: list[str]) -> bool:
    """`3395 .50`, `3395. 50`: one number broken at its decimal point."""
    return len(parts) == 2 and (parts[0].endswith(".") or parts[1].startswith(".")) and parts[0][0] != "."


def parse_number(text: str, errors: str = RAISE) -> Number | None:
    """Parse a cell or token that is exactly one number, optionally with a unit.

    >>> parse_number("3,395.50").value
    Decimal('3395.50')
    >>> parse_number("（25）").value
    Decimal('-25')
    >>> parse_number("12.6万人").unit
    '万人'
    """
    raw = text
    m = _FULL.match(clean(text)) if text else None
    if not m:
        return _fail(raw, errors)
    try:
        value = to_decimal(m["num"])
    except (InvalidOperation, ValueError):
        return _fail(raw, errors)
    if m["neg"]:
        value = -value
    unit = UNITS.get(m["unit"]) if m["unit"] else None
    return Number(value=value, unit=unit, raw=raw)


def parse_decimal(text: str, errors: str = RAISE) -> Decimal | None:
    """The value of a bare number (`3,395.50`, `-`, `（1.2）`); a unit is not allowed."""
    n = parse_number(text, errors=NULL)
    if n is None or n.unit is not None:
        return _fail(text, errors)
    return n.value


def is_number(text: str) -> bool:
    return parse_number(text, errors=NULL) is not None


def parse_chinese_numeral(text: str, errors: str = RAISE) -> int | None:
    """`十二` → 12, `一百零五` → 105, `三万` → 30000, `二〇二一` → 2021 (digit by digit)."""
    s = text.strip()
    if not s or len(s) > MAX_CN_NUMERAL or not CN_NUMERAL.fullmatch(s):
        return _fail(text, errors)
    if not any(c in _CN_UNITS for c in s):  # 二〇二一: digits read in order
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, section, digit = 0, 0, 0
    for c in s:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
            continue
        unit = _CN_UNITS[c]
        if unit >= 10_000:
            total = (total + section + digit) * unit
            section, digit = 0, 0
        else:
            section += (digit or 1) * unit
            digit = 0
    return total + section + digit


def find_numbers(text: str) -> list[tuple[Number, int, int]]:
    """Every number in running text with the unit that follows it, and its span."""
    out = []
    for m in regex.finditer(rf"{NUMBER.pattern}\s*(?P<unit>{_UNIT_ALT})?", text):
        try:
            value = to_decimal(m["num"])
        except ValueError:  # a run of digits too long to be a figure: not a number
            continue
        if m["neg"]:
            value = -value
        unit = UNITS.get(m["unit"]) if m["unit"] else None
        out.append((Number(value=value, unit=unit, raw=m.group(0).strip()), m.start(), m.end()))
    return out


def to_decimal(digits: str) -> Decimal:
    """The exact value of a matched number (`3,395.50`, `３３９５`); a run of more than
    `MAX_DIGITS` digits raises ValueError."""
    plain = digits.translate(_TO_ASCII).replace(",", "")
    if sum(c.isdigit() for c in plain) > MAX_DIGITS:
        raise ValueError(f"not a figure: {len(plain)} digits")
    return Decimal(plain)


def _fail(text, errors):
    if errors == NULL:
        return None
    raise ValueError(f"not a number: {text!r}")


def money_unit_label(text: str) -> str | None:
    """The money unit a table header declares (`单位：万元`, `单位:元`), or None."""
    m = _UNIT_LABEL.search(
        regex.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace(":", "：")).replace("：", ":")
    )
    return m[1] if m else None
