"""What a row of a finance table is, and where it hangs.

A row's kind comes from its name (`其中：` → a part of the row above; `合计`/`小计`/`总计`
→ the total of its scope; `人员经费合计` → the total of a named subset; `栏次`/`**`
with small integers → the column numbers printed under the header, never money).
Its place comes from what the report prints, by the published conventions:

- a classification code: 类/款/项 (3/5/7 digits; economic 3/5): the parent is the
  nearest row above whose code is a proper prefix of it;
- an outline ordinal: `一、` > `（一）` > `1.` > `（1）` (the GB/T 9704 numbering of
  official documents): the parent is the nearest row above of a higher rank;
- a name the functional classification knows (类 `教育支出`, its 款 `职业教育`, …) where
  no code is printed.

Rows with none of these are top-level. `assign_parents` works on one column group's
rows in printed order, across page breaks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex as re

from .model import COLUMN_INDEX, ITEM, NAMED_TOTAL, OF_WHICH, TOTAL

SPACE = re.compile(r"\s+")

OUTLINE = (
    (re.compile(r"^[一二三四五六七八九十]+[、．.]"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2),
    (re.compile(r"^\d{1,2}[、.．](?!\d)"), 3),
    (re.compile(r"^[（(]\d{1,2}[)）]"), 4),
    (re.compile(r"^[①-⑳]"), 5),
)
OF_WHICH_NAME = re.compile(r"^[（(]?其中[)）]?[:：]?")
# the total of the rows above (or, printed first, below) it: 合计, 本年收入合计, 当年支出小计, 收入总计
TOTAL_NAME = re.compile(r"^(?:本年|当年|本期)?(?:收入|支出|收支)?(?:合计|小计|总计)(?:数)?$")
NAMED_TOTAL_NAME = re.compile(r"(?:合计|小计|总计)$")
COLUMN_INDEX_NAME = re.compile(r"^(?:栏次|栏号|行次|列次|\*+|甲|乙)$")
SMALL_INT = re.compile(r"^\d{1,2}$")
# a 栏次 cell that states how its column is computed (`3=2/1*100`, `5=4-2`: government tables)
COLUMN_FORMULA = re.compile(r"^(\d{1,2})[=＝][\d+\-−*/×÷().（）]+$")


def clean(name: str) -> str:
    return SPACE.sub("", name or "")


def outline_rank(name: str) -> int | None:
    """1 for `一、`, 2 for `（一）`, 3 for `1.`, 4 for `（1）`, 5 for `①`; None without one."""
    n = clean(name)
    return next((rank for pattern, rank in OUTLINE if pattern.match(n)), None)


def strip_outline(name: str) -> str:
    n = clean(name)
    for pattern, _ in OUTLINE:
        n = pattern.sub("", n, count=1)
    return n


def is_column_index(name: str, raws: Sequence[str]) -> bool:
    """The 栏次 row: its label (`栏次`, `**`, or none) and 1–2 digit integers, all distinct.

    A data row may hold small integers in a 元 table, but never under the label 栏次, and
    an unlabelled row of distinct one- and two-digit integers, each no larger than the
    count of columns, is what the 栏次 row prints (`1 2 3 4 …`, `1 2 4 6 5`)."""
    figures = [r.replace(" ", "") for r in raws if r and r.strip() and not re.fullmatch(r"\*+", r.strip())]
    figures = [COLUMN_FORMULA.sub(r"\1", f) for f in figures]
    if len(figures) < 2 or not all(SMALL_INT.match(f) for f in figures):
        return False
    label = clean(name)
    if COLUMN_INDEX_NAME.match(label):
        return True
    numbers = [int(f) for f in figures]
    return not label and len(set(numbers)) == len(numbers) and max(numbers) <= len(raws) + 2


COLUMN_LETTER = re.compile(r"^[A-Z](?:[=＝][A-Z\d+\-−*/×÷().（）]+)?$")
COLUMN_LABELS_NAME = re.compile(r"^(?:公式|栏次|栏号|列次|\*+)?$")


def is_column_labels(name: str, raws: Sequence[str]) -> bool:
    """A row naming the columns by letter or number and how they are computed, not a row of
    the table (`公式 | A=B+C | B | C | D=E+F | E | F`, or the 栏次 row `1 | 2 | 3=2/1*100`)."""
    labels = [r.replace(" ", "") for r in raws if r and r.strip()]
    if not COLUMN_LABELS_NAME.match(clean(name)) or len(labels) < 2:
        return False
    return all(COLUMN_LETTER.match(t) for t in labels) or is_column_index(name, raws)


def row_kind(name: str, raws: Sequence[str] = ()) -> str:
    n = strip_outline(name)
    if is_column_index(name, raws):
        return COLUMN_INDEX
    if OF_WHICH_NAME.match(n):
        return OF_WHICH
    if TOTAL_NAME.match(n):
        return TOTAL
    if NAMED_TOTAL_NAME.search(n) and len(n) > 2:
        return NAMED_TOTAL
    return ITEM


@dataclass(frozen=True)
class Place:
    level: int | None
    parent: int | None
    certain: bool = True  # False: a row whose place the printed structure does not settle
    kind: str | None = None  # a kind the row's neighbours decide (the rows a 其中 introduces)


@dataclass(frozen=True)
class _Open:
    index: int
    code: str | None
    rank: int | None


def code_level(code: str | None) -> int | None:
    """类 1, 款 2, 项 3, 目 4 (function 3/5/7 digits; economic 3/5; revenue 3/5/7/9: 1030603
    产权转让收入 over 103060304 国有股权、股份转让收入)."""
    if not code or not code.isdigit() or len(code) not in (3, 5, 7, 9):
        return None
    return (len(code) - 1) // 2


def assign_parents(rows: Sequence[tuple], infer_code=None) -> list[Place]:
    """Each row's level and parent from (kind, code, name[, depth]) in printed order; `depth`
    is the name column a row's name is printed in where a table prints its names over
    several columns (`一般公共预算资金 | 小计` above ` | 公共财政拨款资金`), a level like any other.

    `infer_code(name, parent_code)` may give a classification code for a row printed
    without one (the classification's names: 类 `教育支出`, its 款, …). Where some rows are
    placed so, or print codes, a row whose name the classification lacks is not placed
    (`certain` false), nor are the unclassified rows before the first classified one."""
    printed_codes = any(code_level(r[1]) for r in rows)
    out: list[Place] = []
    stack: list[_Open] = []
    last_item: int | None = None
    of_which_rank: int | None = None
    named_levels = False
    plain: list[int] = []
    for i, (kind, code, name, *rest) in enumerate(rows):
        depth = rest[0] if rest else None
        if kind in (TOTAL, NAMED_TOTAL, COLUMN_INDEX):
            of_which_rank = None
            if kind == TOTAL:
                stack = []
            out.append(Place(None, None))
            continue
        rank = outline_rank(name)
        if kind == OF_WHICH:
            out.append(Place(None, last_item))
            of_which_rank = outline_rank(OF_WHICH_NAME.sub("", clean(name)))
            continue
        if of_which_rank is not None and rank == of_which_rank and last_item is not None:
            out.append(Place(None, last_item, kind=OF_WHICH))  # `其中：（1）…` then `（2）…`: both under 其中
            continue
        if (
            kind == ITEM
            and of_which_rank is None
            and rank is None
            and code_level(code) is None
            and depth is None
            and i > 0
            and out[-1].kind in (None, OF_WHICH)
            and rows[i - 1][0] in (OF_WHICH, ITEM)
            and (rows[i - 1][0] == OF_WHICH or out[-1].kind == OF_WHICH)
            and last_item is not None
            and outline_rank(rows[last_item][2]) is not None
        ):
            # `（一）一般债券` `其中：再融资` `财政预算安排`: an unnumbered row after an unnumbered 其中
            # under a numbered row continues the 其中 list (it cannot be an outline row of its own)
            out.append(Place(None, last_item, kind=OF_WHICH))
            continue
        of_which_rank = None
        last_item = i
        if rank is None and depth is not None:
            rank = 10 + depth  # below every outline rank of the row above it
        if code_level(code) is None and rank is None and infer_code is not None:
            parent_code = next((o.code for o in reversed(stack) if o.code), None)
            code = _inferred(infer_code, name, parent_code, stack)
            if code is None and (named_levels or printed_codes):
                out.append(Place(None, None, certain=False))  # a name the classification lacks
                continue
            if code is not None and not named_levels:
                named_levels = True
                plain.extend(j for j in range(i) if out[j].level is None and rows[j][0] == ITEM)
            if (
                code is not None
                and code_level(code) < 3
                and stack
                and stack[-1].code == code
                and clean(rows[stack[-1].index][2]) == clean(name)
            ):
                # the name of the row above again: a 款 whose one 项 bears its name (21299
                # 其他城乡社区支出 → 2129999 其他城乡社区支出), the 项 being absent from the reference
                out.append(Place(code_level(code) + 1, stack[-1].index))
                stack = [*stack, _Open(i, None, None)]
                continue
        if code_level(code) is None and rank is None and _after_numbered(rows, out, i):
            # `四、生态环保` then `城镇污水垃圾收集处理` then `五、社会事业` (山东 2023 表34): an
            # unnumbered row right under a numbered one may be its one part or a sibling; the
            # printed outline does not say which, so the row's place is not certain
            out.append(Place(None, None, certain=False))
            continue
        place, stack = _place(i, code, rank, stack)
        out.append(place)
    for j in plain:  # rows before the first classified name (a unit's name above its classes)
        out[j] = Place(out[j].level, out[j].parent, certain=False, kind=out[j].kind)
    return out


def _after_numbered(rows: Sequence[tuple], out: list[Place], i: int) -> bool:
    """Row i follows an item numbered in the outline (一、 （一） 1.) that is not a 其中 row."""
    if i == 0 or rows[i - 1][0] != ITEM or out[i - 1].kind == OF_WHICH:
        return False
    return outline_rank(rows[i - 1][2]) is not None and code_level(rows[i - 1][1]) is None


def _inferred(infer_code, name, parent_code, stack) -> str | None:
    """The code a name stands for: under the open rows first (款 of the current 类), then a 类."""
    for open_code in [o.code for o in reversed(stack) if o.code] + [None]:
        code = infer_code(name, open_code)
        if code:
            return code
    return None


def _place(i: int, code: str | None, rank: int | None, stack: list[_Open]) -> tuple[Place, list[_Open]]:
    stack = list(stack)
    level = code_level(code)
    if level is not None:
        while stack and not (stack[-1].code and code.startswith(stack[-1].code) and stack[-1].code != code):
            stack.pop()
        parent = stack[-1].index if stack else None
        stack.append(_Open(i, code, None))
        return Place(level, parent), stack
    if rank is not None:
        while stack and (stack[-1].rank is None or stack[-1].rank >= rank):
            stack.pop()
        parent = stack[-1].index if stack else None
        stack.append(_Open(i, None, rank))
        return Place(rank, parent), stack
    return Place(None, None), []
