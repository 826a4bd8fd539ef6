"""Which whole a figure is listed under: `其中：A 1 万元，B 2 万元`, `基本支出 X（人员支出 Y…）`.

A list opens at `其中`/`包括`, or at a parenthesis right after a figure; its whole is the
last figure before it at the same parenthesis depth (in `620 人（含离休人员 1人），其中行政
人员 89 人` the parts belong to 620). It ends at its closing parenthesis, at the end of the
sentence (`包括` already at `;`), or as soon as its parts add up to the whole: then what
follows is a new figure, not a part (`收支总预算 X，其中本年收入 A，结余 B，上年结转 C；
本年支出 D…`). A sentence that opens with `其中` after a list lists the same whole again,
cut another way (by function after by economic class). Rates (`每人每年 0.1 万元`) are
never wholes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import regex

from .facts_phrase import MONEY_UNITS
from .records import Fact


def unit_family(unit: str | None) -> str | None:
    """Units that can be added up together: all money is one family; ratios are none."""
    return "money" if unit in MONEY_UNITS else None if unit in ("%", "‰") else unit


_TO_WAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}


def _amount(f: Fact) -> Decimal:
    return f.value * _TO_WAN[f.unit] if f.unit in _TO_WAN else f.value


@dataclass
class _List:
    end: int
    whole: Fact
    total: Decimal = Decimal(0)


@dataclass
class Lists:
    """The lists open in the sentence being read, and the wholes seen so far."""

    open: list[_List] = field(default_factory=list)
    wholes: list[tuple[int, Fact]] = field(default_factory=list)  # (parenthesis depth, figure)
    last_list_whole: Fact | None = None  # whole of the last list of the sentence before

    def new_sentence(self) -> None:
        current = self.open[-1].whole if self.open else None
        self.last_list_whole = current or self.last_list_whole
        self.open = []
        self.wholes = [(0, w) for d, w in self.wholes if d == 0][-1:]  # the last whole of the sentence before

    def forget(self) -> None:
        self.last_list_whole = None

    def add_whole(self, text: str, pos: int, fact: Fact) -> None:
        if not fact.metric_raw.startswith("每") and unit_family(fact.unit) is not None:
            self.wholes.append((depth_at(text, pos), fact))
        if fact.parent_metric_raw is None and not self.open:
            self.last_list_whole = None  # a figure on its own: a later `其中` lists its parts

    def open_between(self, text: str, lo: int, hi: int) -> None:
        for m in regex.finditer(r"其中|包括|\(", text[lo:hi]):
            pos = lo + m.start()
            if m[0] == "(" and text[lo:pos].strip():
                continue  # a parenthesis inside a name, not right after a figure
            self.open = [x for x in self.open if x.end > pos]
            if pos == 0 and self.last_list_whole is not None:
                whole = self.last_list_whole
            else:
                depth = depth_at(text, pos)
                whole = next((f for d, f in reversed(self.wholes) if d <= depth), None)
            if whole is None or (self.open and self.open[-1].whole is whole):
                continue
            end = scope_end(text, pos + 1) if m[0] == "(" else scope_end(text, pos, m[0] == "包括")
            self.open.append(_List(end, whole))

    def parent_of(self, pos: int, value: Decimal, unit: str | None) -> str | None:
        """The whole of the innermost open list, if the figure counts in the same kind of unit."""
        self.open = [x for x in self.open if x.end > pos]
        if (
            not self.open
            or unit_family(unit) is None
            or unit_family(self.open[-1].whole.unit) != unit_family(unit)
        ):
            return None
        lst = self.open[-1]
        lst.total += _amount(Fact("", value, unit, "", 0))
        if lst.total == _amount(lst.whole):
            self.open.pop()  # the parts add up: the list is complete
            self.last_list_whole = lst.whole
        return lst.whole.metric_raw


def depth_at(text: str, pos: int) -> int:
    return max(0, text.count("(", 0, pos) - text.count(")", 0, pos))


def scope_end(text: str, start: int, at_semicolon: bool = False) -> int:
    """Where a list opened at `start` ends: the `)` closing an enclosing parenthesis, or the sentence end."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return i
            depth -= 1
        elif at_semicolon and text[i] == ";" and depth == 0:
            return i
    return len(text)
