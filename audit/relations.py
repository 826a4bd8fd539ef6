"""How many relations a table's rules checked, and how many failed (issues 13 and 15).

A relation is one comparison a rule makes (类 = Σ款 in one column, one row's 合计 = 基本 +
项目, one row's 完成预算%); it fails when the rule raises a finding for it, at any severity
(an error, a difference within rounding, a warning a government table's reading earns);
of those, `rounded` differ by no more than the rounding of the printed figures (the warning
says 在舍入误差范围内): they hold to the precision the table prints.
The rules count as they check, so the counts are the audit's own, never a second pass:
each takes a `Tally` and routes every comparison through `Tally.check`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    checked: int = 0
    failed: int = 0
    rounded: int = 0  # of the failed, those within the rounding of their printed figures
    kinds: Counter = field(default_factory=Counter)  # check id → relations of it checked

    def check(self, kind: str, found: dict | None) -> list[dict]:
        """One relation of `kind` (its check id) checked; its finding (None where it held) as a
        list of 0 or 1."""
        self.checked += 1
        self.kinds[kind] += 1
        if found is None:
            return []
        self.failed += 1
        self.rounded += within_rounding(found)
        return [found]

    def add(self, kind: str, checked: int, found: list[dict]) -> None:
        """`checked` relations of `kind`, of which `found` failed."""
        self.checked += checked
        self.failed += len(found)
        self.rounded += sum(within_rounding(f) for f in found)
        self.kinds[kind] += checked

    def of(self, *kinds: str) -> int:
        """Relations of these check ids checked."""
        return sum(self.kinds[k] for k in kinds)

    def __iadd__(self, other: Tally) -> Tally:
        self.checked += other.checked
        self.failed += other.failed
        self.rounded += other.rounded
        self.kinds.update(other.kinds)
        return self


def within_rounding(found: dict) -> bool:
    """A finding whose difference is no larger than its tolerance, the rounding of the figures
    it compares: the relation holds to the precision printed."""
    difference, tolerance = found.get("difference"), found.get("tolerance")
    return difference is not None and tolerance is not None and abs(difference) <= tolerance


def tally_or_new(tally: Tally | None) -> Tally:
    """A rule called without a tally counts into one nobody reads."""
    return tally if tally is not None else Tally()
