"""Placing the figures of a classification tree on their columns, and its codes.

A text row `社会保障和就业支出 2,971.56 1,931.29 1,040.27` gives its total and two of
the table's other columns, in order, without saying which. The table's own
arithmetic decides: the children of a row add up to it column by column, and
the 合计 row's columns are known (printed in full, or hinted by the summary
table: income from 财政拨款 only). `tree_solve` walks the tree top-down and, for
each group of siblings, keeps the placements whose column sums equal the
parent's; a figure with more than one surviving placement stays unplaced.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

import regex as re

from .classes import function_class_code

TREE_MEASURES = {
    "income": (
        "total",
        "fiscal_appropriation",
        "upper_subsidy",
        "business_income",
        "operating_income",
        "subsidiary_remit",
        "other_income",
    ),
    "expenditure": (
        "total",
        "basic",
        "project",
        "remit_upper",
        "operating_expenditure",
        "subsidiary_subsidy",
    ),
    "general_budget_expenditure": ("total", "basic", "project"),
    "fiscal_expenditure": ("total", "basic", "project"),
}
MAX_COMBINATIONS = 50_000
CORE = {"basic", "project", "fiscal_appropriation"}
TOTAL_NAME = re.compile(r"^(合计|总计|支出合计|收入合计)$")


@dataclass(eq=False)
class Node:
    name: str
    line: object
    values: list[tuple[Decimal, str]]
    indent: int
    level: int = 0  # 0 合计, 1 类, 2 款, 3 项
    children: list[Node] = field(default_factory=list)
    options: list[tuple[int, ...]] = field(default_factory=list)
    columns: tuple[int, ...] | None = None  # column index of each figure after the total
    code: str | None = None

    @property
    def extras(self) -> list[Decimal]:
        return [v for v, _ in self.values[1:]]

    def vector(self, n: int) -> list[Decimal] | None:
        if self.columns is None:
            return None
        vec = [Decimal(0)] * n
        for c, v in zip(self.columns, self.extras):
            vec[c] = v
        return vec


def build_tree(nodes: list[Node]) -> Node:
    """Levels from names and indentation: 合计, a known 类 name, indented 项, else 款."""
    root = next((n for n in nodes if TOTAL_NAME.match(n.name)), None)
    if root is None:
        root = Node(name="(合计)", line=None, values=[], indent=0)
    root.level = 0
    parents = {0: root}
    for n in nodes:
        if n is root:
            continue
        if n.code and len(n.code) in (3, 5, 7):  # a printed code says its level
            n.level = (len(n.code) - 1) // 2
        elif function_class_code(n.name):
            n.level = 1
        elif n.indent >= 2:
            n.level = 3
        else:
            n.level = 2
        parent = next((parents[lv] for lv in range(n.level - 1, -1, -1) if lv in parents), root)
        parent.children.append(n)
        parents[n.level] = n
        for deeper in [lv for lv in parents if lv > n.level]:
            del parents[deeper]
    return root


def tree_solve(nodes: list[Node], n_cols: int, measures: list[str], hint: set[str] | None) -> int:
    """Place every node's figures; returns how many figures stay unplaced."""
    root = build_tree(nodes)
    cols = list(range(1, n_cols))
    for n in nodes + ([root] if root not in nodes else []):
        k = len(n.extras)
        if k == 0:
            n.columns = ()
        n.options = [tuple(c - 1 for c in combo) for combo in itertools.combinations(cols, k)] if k else [()]
    if root.values and root.columns is None:
        allowed = {i - 1 for i, m in enumerate(measures) if i and (hint is None or m in hint)}
        fitting = [o for o in root.options if set(o) <= allowed] if hint else root.options
        if len(fitting) > 1:
            # the columns every department prints (基本/项目; 财政拨款) before the 事业单位 ones
            core = {i - 1 for i, m in enumerate(measures) if m in CORE}
            fitting = [o for o in fitting if set(o) <= core] or fitting
        if len(fitting) == 1:
            root.columns = fitting[0]
    _solve_children(root, n_cols - 1)
    return sum(len(n.extras) for n in nodes if n.columns is None)


def _solve_children(parent: Node, width: int) -> None:
    kids = [k for k in parent.children if k.values]
    vec = parent.vector(width) if parent.values else None
    if kids:
        if vec is not None:
            allowed = {i for i, v in enumerate(vec) if v}
            for k in kids:
                k.options = [o for o in k.options if set(o) <= allowed] or k.options
        undecided = [k for k in kids if k.columns is None]
        sizes = [len(k.options) for k in undecided]
        total = 1
        for s in sizes:
            total *= s
        if vec is not None and undecided and total <= MAX_COMBINATIONS:
            fixed = [Decimal(0)] * width
            for k in kids:
                if k.columns is not None:
                    for c, v in zip(k.columns, k.extras):
                        fixed[c] += v
            good = []
            for combo in itertools.product(*(k.options for k in undecided)):
                sums = list(fixed)
                for k, o in zip(undecided, combo):
                    for c, v in zip(o, k.extras):
                        sums[c] += v
                if all(abs(s - t) <= Decimal("0.005") * (len(kids) + 1) for s, t in zip(sums, vec)):
                    good.append(combo)
            for i, k in enumerate(undecided):
                choices = {combo[i] for combo in good}
                if len(choices) == 1:
                    k.columns = choices.pop()
        for k in kids:
            if k.columns is None and len(k.options) == 1:
                k.columns = k.options[0]
    for k in parent.children:
        _solve_children(k, width)


def assign_codes(nodes: list[Node], pool: set[str]) -> None:
    """类 codes from names; 款 and 项 from the codes under them the document prints, in order."""
    current_class = current_kuan = None
    groups: dict[str, list[Node]] = {}
    for n in nodes:
        if n.level == 1:
            n.code = function_class_code(n.name)
            current_class, current_kuan = n, None
        elif n.level == 2 and current_class is not None and current_class.code:
            groups.setdefault(current_class.code, []).append(n)
            current_kuan = n
        elif n.level == 3 and current_kuan is not None:
            groups.setdefault(id(current_kuan), []).append(n)
    for key, members in groups.items():
        if isinstance(key, str):
            _zip_codes(members, key, 5, pool)
    for n in nodes:
        if n.level == 2 and n.code:
            members = groups.get(id(n), [])
            _zip_codes(members, n.code, 7, pool)


def _zip_codes(members: list[Node], prefix: str, length: int, pool: set[str]) -> None:
    codes = sorted(c for c in pool if len(c) == length and c.startswith(prefix))
    codes += sorted({c[:length] for c in pool if len(c) > length and c.startswith(prefix)} - set(codes))
    codes = sorted(set(codes))
    if len(codes) == len(members):
        for n, c in zip(members, codes):
            n.code = c
        return
    for n in members:  # `其他…支出` is the group's 99 wherever the others cannot be placed
        if n.name.startswith("其他") and prefix + "99" in codes:
            n.code = prefix + "99"
