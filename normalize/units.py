"""Money units to 万元, exactly: 元 ÷ 10000, 千元 ÷ 10, 亿元 × 10000."""

from __future__ import annotations

from decimal import Decimal

TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}
WAN_QUANTUM = Decimal("0.000001")  # decimal128(24, 6)


def to_wan(amount: Decimal, unit: str | None) -> Decimal | None:
    """The amount in 万元, or None when `unit` is not a money unit."""
    factor = TO_WAN.get((unit or "").strip())
    if factor is None:
        return None
    return (amount * factor).quantize(WAN_QUANTUM)
