"""Printed figures as intervals, and the one comparison every rule makes.

A figure printed `3,395.50` stands for anything in [3395.495, 3395.505): its slack
is half a unit of its last printed digit. A sum is consistent when the interval of
the parts overlaps the interval of the total (XBRL Calculations 1.1): the total
may differ from the sum of the parts by at most the sum of their slacks. Beyond
that slack the report is wrong (`error`); within it but not exact, the difference
is rounding (`warning` at most).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

ZERO = Decimal(0)
WAN_PER_UNIT = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}
_NUMBER = re.compile(r"[-+]?\d[\d,，]*(?:\.(\d+))?")


@dataclass(frozen=True)
class Figure:
    """One printed figure: its value (万元 for money), its slack, and where it is."""

    label: str
    value: Decimal
    slack: Decimal
    raw: str | None = None
    page: int | None = None
    line: int | None = None
    table_code: str | None = None

    def shown(self) -> str:
        """The figure as an auditor reads it: the printed text, else the value."""
        return self.raw.strip() if self.raw else format_amount(self.value)


def decimals_of(raw: str | None) -> int | None:
    """Decimal places printed in `raw` (`3,395.50` → 2, `40` → 0); None without a number."""
    if not raw:
        return None
    m = _NUMBER.search(str(raw).replace("．", "."))
    if not m:
        return None
    return len(m.group(1) or "")


def number_text(raw: str | None) -> str | None:
    """The number as printed in `raw`, without its unit (`2143.9万元` → `2143.9`)."""
    if not raw:
        return None
    m = _NUMBER.search(str(raw).replace("．", "."))
    return m.group(0) if m else None


def raw_number(raw: str | None) -> Decimal | None:
    """The number in `raw` as printed, in its own unit (`3,395.50` → 3395.50)."""
    if not raw:
        return None
    m = _NUMBER.search(str(raw).replace("．", "."))
    if not m:
        return None
    try:
        return Decimal(m.group(0).replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def slack_of(value: Decimal, raw: str | None, unit: str | None = None) -> Decimal:
    """Half a unit of the last printed digit, expressed in the unit of `value`.

    The scale between the printed number and `value` (元 printed, 万元 stored) is
    read from the two numbers themselves, else from `unit`.
    """
    places = decimals_of(raw)
    if places is None:
        places = max(0, -value.as_tuple().exponent) if value is not None else 2
    half = Decimal(5) * Decimal(10) ** -(places + 1)
    printed = raw_number(raw)
    if printed:
        return abs(half * value / printed)
    return half * WAN_PER_UNIT.get((unit or "").strip(), Decimal(1))


def to_decimal(v: Any) -> Decimal | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, float) and v != v:  # NaN
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def format_amount(v: Decimal) -> str:
    """`3529.970000` → `3,529.97`: thousands separators, trailing zeros dropped to 2 places."""
    v = v.normalize() if v == v.to_integral() else v
    places = max(2, min(6, -v.as_tuple().exponent)) if v != v.to_integral() else 0
    text = f"{v:,.{places}f}"
    if "." in text:
        text = text.rstrip("0")
        if len(text.split(".")[1]) < 2:
            text = text + "0" * (2 - len(text.split(".")[1]))
    return text


def format_printed(value: Decimal, like: list[Figure]) -> str:
    """`value` in the unit the figures it was computed from are printed in (a sum of
    `189,767,551` and `3,296,600` printed in 元 is shown in 元, not in the 万元 it is
    stored in), with as many decimals as they print."""
    places = [decimals_of(f.raw) if f.raw else max(0, -f.value.as_tuple().exponent) for f in like]
    n = max([p for p in places if p is not None] or [2])
    scale = next((_printed_scale(f) for f in like if _printed_scale(f) is not None), Decimal(1))
    return f"{value * scale:,.{n}f}"


def _printed_scale(f: Figure) -> Decimal | None:
    """printed number / stored value for one figure (10000 for a 元 figure stored in 万元)."""
    printed = raw_number(f.raw)
    if not printed or not f.value:
        return None
    ratio = printed / f.value
    return next(
        (
            s
            for s in (Decimal(1), Decimal(10000), Decimal(10), Decimal("0.0001"))
            if abs(ratio - s) <= s / 1000
        ),
        None,
    )


def budget_row_to_figure(row: dict, label: str | None = None) -> Figure | None:
    """A budget_lines row as a Figure, or None when it has no amount."""
    value = to_decimal(row.get("amount_wan"))
    if value is None:
        return None
    return Figure(
        label=label or row.get("item_name") or row.get("item_name_raw") or row.get("item_code") or "?",
        value=value,
        slack=slack_of(value, row.get("amount_raw"), row.get("unit_raw")),
        raw=row.get("amount_raw"),
        page=row.get("page"),
        line=row.get("line"),
        table_code=row.get("table_code"),
    )


def plain_figure(label: str, value: Any, raw: str | None = None, **where) -> Figure | None:
    """A figure that is not money (a score, a weight, a percentage), slack from its printing."""
    v = to_decimal(value)
    if v is None:
        return None
    return Figure(
        label=label, value=v, slack=slack_of(v, raw if raw is not None else str(v)), raw=raw, **where
    )


def severity_of(difference: Decimal, tolerance: Decimal) -> str | None:
    """None when exact, `warning` within the slack, `error` beyond it."""
    if difference == 0:
        return None
    return "warning" if abs(difference) <= tolerance else "error"


def finding(
    check: str,
    observed: Figure,
    expected: Decimal,
    tolerance: Decimal,
    message: str,
    parts: list[Figure] = (),
    severity: str | None = None,
) -> dict | None:
    """A findings row, or None when observed equals expected."""
    difference = observed.value - expected
    severity = severity or severity_of(difference, tolerance)
    if severity is None:
        return None
    return {
        "check": check,
        "severity": severity,
        "message": message,
        "expected": expected,
        "observed": observed.value,
        "difference": difference,
        "tolerance": tolerance,
        "table_code": observed.table_code,
        "page": observed.page,
        "line": observed.line,
        "detail": figures_to_json([observed, *parts]),
    }


def figures_to_json(figures: list[Figure]) -> str:
    return json.dumps(
        [
            {
                "label": f.label,
                "value": str(f.value),
                "printed": f.raw,
                "table_code": f.table_code,
                "page": f.page,
                "line": f.line,
            }
            for f in figures
        ],
        ensure_ascii=False,
    )


def sum_finding(check: str, total: Figure, parts: list[Figure], what: str = "") -> dict | None:
    """Compare a printed total with the sum of its printed parts.

    The message names every figure: `支出总计 3,529.98 ≠ 本年支出合计 3,395.50 +
    年末结转和结余 134.47 = 3,529.97`.
    """
    if not parts:
        return None
    expected = sum((p.value for p in parts), ZERO)
    tolerance = total.slack + sum((p.slack for p in parts), ZERO)
    difference = total.value - expected
    severity = severity_of(difference, tolerance)
    if severity is None:
        return None
    shown = " + ".join(f"{p.label} {p.shown()}" for p in parts[:12])
    if len(parts) > 12:
        shown += f" + …（共 {len(parts)} 项）"
    where = f"{what}：" if what else ""
    rounding = "（在舍入误差范围内）" if severity == "warning" else ""
    message = f"{where}{total.label} {total.shown()} ≠ {shown} = {format_printed(expected, [total, *parts])}{rounding}"
    return finding(check, total, expected, tolerance, message, parts, severity)


def equal_finding(check: str, observed: Figure, other: Figure, what: str = "") -> dict | None:
    """Two printings of the same figure (in two tables, or prose and table) must agree."""
    tolerance = observed.slack + other.slack
    difference = observed.value - other.value
    severity = severity_of(difference, tolerance)
    if severity is None:
        return None
    where = f"{what}：" if what else ""
    rounding = "（在舍入误差范围内）" if severity == "warning" else ""
    place = f"（{other.table_code or '正文'} 第{other.page}页）" if other.page else ""
    message = f"{where}{observed.label} {observed.shown()} ≠ {other.label} {other.shown()}{place}{rounding}"
    return finding(check, observed, other.value, tolerance, message, [other], severity)
