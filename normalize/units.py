"""Money units to 万元, exactly: 元 ÷ 10000, 千元 ÷ 10, 亿元 × 10000."""

from __future__ import annotations

from decimal import Decimal, localcontext

TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}
WAN_QUANTUM = Decimal("0.000001")  # decimal128(24, 6)
MONEY_LIMIT = Decimal(10) ** 18  # decimal128(24, 6) holds 18 integer digits

RAISE = "raise"
NULL = "null"


class OutOfRange(ValueError):
    """An amount the warehouse's money type (decimal128(24, 6)) cannot hold."""


def to_wan(amount: Decimal, unit: str | None, errors: str = RAISE) -> Decimal | None:
    """The amount in 万元, or None when `unit` is not a money unit. An amount of 10^18 万元
    or more (no budget is; such a figure is misread) raises `OutOfRange`, or gives None
    with `errors=NULL`."""
    factor = TO_WAN.get((unit or "").strip())
    if factor is None:
        return None
    return money(amount * factor, errors)


def money(value: Decimal, errors: str = RAISE) -> Decimal | None:
    """`value` at the warehouse's precision (6 decimals), exactly, when it fits."""
    if not value.is_finite() or abs(value) >= MONEY_LIMIT:
        if errors == NULL:
            return None
        raise OutOfRange(f"{value:.6g} is beyond the range of decimal128(24, 6)")
    with localcontext() as ctx:
        ctx.prec = 40
        return value.quantize(WAN_QUANTUM)
