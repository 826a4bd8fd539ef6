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
from dataclasses import dataclass, replace

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


def clean(name: str | None) -> str:
    """The text without its whitespace: how the table readers compare names and headers."""
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


INDENT_STEP = (
    4.0  # points: the least a printed level indents (reports indent by one or two characters, 9–24 pt)
)
INDENT_TOLERANCE = 1.5  # points: two names starting this close start at the same indent
MAX_INDENTS = 4


def indent_levels(rows: Sequence[tuple]) -> list[int | None] | None:
    """The level each item's name is indented to, where a table prints its hierarchy by
    indentation alone (no codes, no numbering: 朝阳 2024 p65 prints `国有土地使用权出让收入` at
    75.6 pt and its five parts under it at 97.7). rows: (kind, (x0, x1) of the name's first
    line or None), in printed order; offsets are taken from the leftmost item, the pages of one
    table sharing its columns.

    None unless the items start at 2 to MAX_INDENTS offsets at least INDENT_STEP apart, the
    first item at the leftmost, and no item more than one level deeper than the item above it.
    Names centred (their middles in line) or set right (their ends in line) are no indentation,
    however their starts differ."""
    items = [(i, span) for i, (kind, span) in enumerate(rows) if kind == ITEM and span]
    if len(items) < 3 or len(items) < sum(1 for kind, *_ in rows if kind == ITEM):
        return None
    left = min(x0 for _, (x0, _) in items)
    offsets = [x0 - left for _, (x0, _) in items]
    for edge in ([(x0 + x1) / 2 for _, (x0, x1) in items], [x1 for _, (_, x1) in items]):
        if max(edge) - min(edge) <= 2 * INDENT_TOLERANCE:
            return None
    steps: list[float] = []  # the offset each level starts at
    for offset in sorted(offsets):
        if not steps or offset - steps[-1] > INDENT_TOLERANCE:
            steps.append(offset)
    if not 2 <= len(steps) <= MAX_INDENTS or any(b - a < INDENT_STEP for a, b in zip(steps, steps[1:])):
        return None
    levels = [min(range(len(steps)), key=lambda k: abs(steps[k] - offset)) for offset in offsets]
    if levels[0] != 0 or any(b > a + 1 for a, b in zip(levels, levels[1:])):
        return None
    out: list[int | None] = [None] * len(rows)
    for (i, _), level in zip(items, levels):
        out[i] = level
    for i, (kind, span) in enumerate(rows):  # a total set at a level (the 其中 after it)
        if kind in (TOTAL, NAMED_TOTAL) and span:
            near = [k for k, step in enumerate(steps) if abs(span[0] - left - step) <= INDENT_TOLERANCE]
            out[i] = near[0] if near else None
    return out


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
    """Each row's level and parent from (kind, code, name[, depth[, indent]]) in printed order;
    `depth` is the name column a row's name is printed in where a table prints its names over
    several columns (`一般公共预算资金 | 小计` above ` | 公共财政拨款资金`), a level like any other;
    `indent` the level its name is indented to (`indent_levels`), where the table indents.

    `infer_code(name, parent_code)` may give a classification code for a row printed
    without one (the classification's names: 类 `教育支出`, its 款, …). Where some rows are
    placed so, or print codes, a row whose name the classification lacks is not placed
    (`certain` false), nor are the unclassified rows before the first classified one."""
    printed_codes = any(code_level(r[1]) for r in rows)
    out: list[Place] = []
    stack: list[_Open] = []
    last_item: int | None = None
    of_which_rank: int | None = None
    of_which_indent: int | None = None  # the indent of the row a 其中 list is of
    of_which_last: int | None = None  # the list's latest row
    named_levels = False
    plain: list[int] = []
    for i, (kind, code, name, *rest) in enumerate(rows):
        depth = rest[0] if rest else None
        indent = rest[1] if len(rest) > 1 else None
        below = _indent_of(rows[i + 1]) if i + 1 < len(rows) else None
        if kind == NAMED_TOTAL and indent is not None and below is not None and below >= indent:
            # `市县合计` set in under `宁夏回族自治区`, the cities further in under it (宁夏 2024
            # p106): a part of the row above and the whole of the rows below. Set in no further
            # than the counties it heads (拉萨 2025 p11: `区县级合计`, 城关区 …), it heads them too.
            # (One with no rows under it, `省本级本年收入合计` at the end, stays a total.)
            of_which_rank = of_which_indent = None
            last_item = i
            place, stack = _place(i, None, 10 * (indent + 1) + (0 if below == indent else 1), stack)
            out.append(replace(place, level=indent + 1, kind=ITEM))  # a part like any other
            continue
        if kind in (TOTAL, NAMED_TOTAL, COLUMN_INDEX):
            of_which_rank = of_which_indent = None
            if kind == TOTAL:
                stack = []
            if kind != COLUMN_INDEX:
                last_item = i  # a 其中 right under a total is the total's
            out.append(Place(None, None))
            continue
        rank = outline_rank(name)
        if kind == OF_WHICH:
            out.append(Place(None, last_item))
            of_which_rank = outline_rank(OF_WHICH_NAME.sub("", clean(name)))
            of_which_indent = _indent_of(rows[last_item]) if last_item is not None else None
            of_which_last = i
            continue
        if of_which_indent is not None and indent == of_which_indent + 1:
            # `其中：保险费收入` then `财政补贴收入` set in one step under the row the list is of,
            # where the words after `其中：` start (宁夏 2024 p102): the list goes on
            out.append(Place(None, last_item, kind=OF_WHICH))
            of_which_last = i
            continue
        if of_which_indent is not None and indent is not None and indent > of_which_indent + 1:
            # set in further: a part of the 其中 item above (河北 2021 p8: `其中：税收返还支出`,
            # `转移支付支出`, then `一般性转移支付` and `专项转移支付` under the latter)
            out.append(Place(indent + 1, of_which_last))
            continue
        of_which_indent = None
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
        if indent is not None and rank is None and _numbered_above(rows, i, indent):
            # `一、本年支出合计` then `一般公共服务支出` at its indent (杭州 2026 p28), or `四、生态环保`
            # then `城镇污水垃圾收集处理`: its part or its sibling, the print does not say which
            place, stack = _place(i, None, 10 * (indent + 1) + 1, stack)
            out.append(replace(place, level=indent + 1, certain=False))
            continue
        if indent is not None:
            # the printed indentation first, the numbering within it: `一、` and `（一）` at one
            # indent are 类 and 款, an unnumbered row at that indent is a sibling of `一、`
            place, stack = _place(i, None, 10 * (indent + 1) + (rank or 1), stack)
            out.append(replace(place, level=indent + 1))
            continue
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


def _indent_of(row: tuple) -> int | None:
    return row[4] if len(row) > 4 else None


def _numbered_above(rows: Sequence[tuple], i: int, indent: int) -> bool:
    """The row above row i is numbered in the outline (an item or a total) and set at its indent."""
    if i == 0 or rows[i - 1][0] not in (ITEM, TOTAL) or outline_rank(rows[i - 1][2]) is None:
        return False
    above = _indent_of(rows[i - 1])
    return above == indent or (above is None and rows[i - 1][0] == TOTAL)


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
