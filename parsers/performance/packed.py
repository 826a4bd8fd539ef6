"""A project's indicators packed into one 绩效指标 cell (the multi-project layout: one row per
project, under its unit's subtotal row, the indicators listed inside the row's last cell).

Each indicator is printed as its levels with their codes, then its name and its values:
`1、1－产出指标，11－数量指标，项目专职环保员数量；实施周期指标值：≦核定人数，年度指标值：≦核定人数；`.
The level codes carry the hierarchy (一级 `1`, 二级 `11` under it), so an item starts where a
number, an ordinal mark and a one-digit level code with its dash follow each other; the
ordinals themselves are not trusted (they restart within a cell).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

DASH = r"[－\-—–]"
# where an item starts: its ordinal (`1.` `2、`) and the 一级 code with its dash
ITEM_START = re.compile(rf"(?:^|(?<=[;；。：:]))\s*\d{{1,3}}\s*[、.．]\s*(?=\d\s*{DASH})")
_LEVELS = (
    rf"^(?P<c1>\d)\s*{DASH}\s*(?P<l1>[^，,；;]+?)\s*[，,]\s*"
    rf"(?P<c2>\d{{2,3}})\s*{DASH}\s*(?P<l2>[^，,；;]+?)\s*[，,]\s*"
)
# the name runs to the mark before its values (`实施周期指标值：` / `年度指标值：`), so a name
# that lists with `；` (`系统维护；数据整合、对接`) stays whole; without them, to the first `；`
ITEM = re.compile(_LEVELS + r"(?P<name>.+?)\s*[；;。]\s*(?P<values>(?:实施周期|年度)指标值.*)$", re.S)
ITEM_BARE = re.compile(_LEVELS + r"(?P<name>.+?)\s*[；;]\s*(?P<values>.*)$", re.S)
PERIOD = re.compile(r"实施周期指标值\s*[:：]\s*(?P<v>.*?)\s*(?=年度指标值|$)", re.S)
ANNUAL = re.compile(r"年度指标值\s*[:：]\s*(?P<v>.*)$", re.S)


@dataclass(frozen=True)
class PackedIndicator:
    level1: str
    level2: str
    code1: str
    code2: str
    name: str
    target: str | None  # 年度指标值
    period_target: str | None  # 实施周期指标值


def is_packed(text: str) -> bool:
    """Whether a cell holds packed indicators (at least one item with its level codes)."""
    return any(_item(part) for part in split_items(text))


def split_items(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text).strip()
    found = list(ITEM_START.finditer(text))
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [text[m.end() : end].strip() for m, end in zip(found, ends)]


def packed_to_indicators(text: str) -> list[PackedIndicator]:
    out = []
    for part in split_items(text):
        m = _item(part)
        if not m:
            continue
        values = m.group("values")
        period = PERIOD.search(values)
        annual = ANNUAL.search(values)
        out.append(
            PackedIndicator(
                level1=_clean(m.group("l1")),
                level2=_clean(m.group("l2")),
                code1=m.group("c1"),
                code2=m.group("c2"),
                name=_clean(m.group("name")),
                target=_value(annual.group("v")) if annual else None,
                period_target=_value(period.group("v")) if period else None,
            )
        )
    return out


def _item(part: str):
    return ITEM.match(part) or ITEM_BARE.match(part)


def _clean(text: str) -> str:
    return re.sub(r"(?<=[\p{Han}（）()%])\s+|\s+(?=[\p{Han}（）()%])", "", text).strip()


def _value(text: str) -> str | None:
    """A value as printed, without the separator that ends it (`100%;` `≥90%，`)."""
    t = _clean(text).rstrip("；;，,。 ")
    t = re.sub(r"([≥≤≦≧<>=])\s+", r"\1", t)
    return t or None
