"""Parts listed in a sentence against their whole: the items after 其中
(`资产 11689.72 万元，其中货币资金 4245.06 万元；固定资产净值 15565.74 万元`) and the
items in brackets after a figure (`基本支出 553.53 万元（人员支出 521.42 万元，日常公用
经费支出 32.1 万元）`).

The structure comes from the wording; the facts parser's `parent_metric_raw` is a
second, independent reading. A finding is an error only when both readings agree
on the whole; otherwise it is a warning. A list that adds up in consecutive runs
(income items, then expenditure items, each to the same 总预算) is consistent, and
a list whose parts disagree with their own stated shares (`…万元，占 0.71%`) is in
doubt as read and left to the auditor rather than summed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .figures import ZERO, Figure, finding, number_text, sum_finding
from .prose_rules import (
    COMPLETE_LIST,
    _metric,
    _names_match,
    _near,
    _ratio_check,
    money_figure,
    percent_figure,
)

OF_WHICH = "其中"
OPEN, CLOSE = "（(", "）)"


def _positions(sentence: str, facts: list[dict]) -> list[int]:
    """Where each fact's number is printed in the sentence, in order (-1 when not found)."""
    out, start = [], 0
    for f in facts:
        text = number_text(f.get("value_raw")) or f.get("value_exact") or ""
        i = sentence.find(text, start) if text else -1
        out.append(i)
        if i >= 0:
            start = i + len(text)
    return out


def _depth(sentence: str, i: int) -> int:
    before = sentence[:i]
    return sum(before.count(c) for c in OPEN) - sum(before.count(c) for c in CLOSE)


def _ending(name: str) -> str:
    return name[-2:] if len(name) >= 2 else name


def _pick_whole(candidates: list[dict], parts: list[dict]) -> dict | None:
    """The whole among the figures before the list: the only one, the one the parts'
    parent names, or the one whose name ends like the parts' names."""
    if len(candidates) == 1:
        return candidates[0]
    parents = {p.get("parent_metric_raw") for p in parts}
    if len(parents) == 1 and None not in parents:
        parent = _metric({"metric_raw": parents.pop()})
        named = [c for c in candidates if _metric(c) == parent]
        if len(named) == 1:
            return named[0]
    endings = {_ending(_metric(p)) for p in parts}
    alike = [c for c in candidates if _ending(_metric(c)) in endings]
    return alike[-1] if alike else None


def _segment_end(sentence: str, cut: int) -> int:
    """The list after 其中 ends at the next 其中 or full stop."""
    ends = [i for i in (sentence.find(OF_WHICH, cut + 1), sentence.find("。", cut)) if i >= 0]
    return min(ends) if ends else len(sentence)


def _close_of(sentence: str, i: int) -> int:
    """Index of the bracket closing the one at i, or -1."""
    depth = 0
    for j in range(i, len(sentence)):
        if sentence[j] in OPEN:
            depth += 1
        elif sentence[j] in CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return -1


def bracket_lists(sentence: str, money: list[dict], pos: list[int]) -> Iterator[tuple[dict, list[dict]]]:
    """(whole, parts) for `X 万元（A 万元，B 万元）`: the bracket right after a figure."""
    for f, p in zip(money, pos):
        if p < 0:
            continue
        after = p + len(number_text(f.get("value_raw")) or "")
        m = re.match(r"\s*(万元|元|亿元)?\s*[（(]", sentence[after:])
        if not m:
            continue
        start = after + m.end() - 1
        end = _close_of(sentence, start)
        if end < 0:
            continue
        parts = [
            g
            for g, q in zip(money, pos)
            if start < q < end and _depth(sentence, q) == _depth(sentence, start) + 1
        ]
        if len(parts) >= 2:
            yield f, parts


def enumeration_findings(facts: list[dict]) -> Iterator[dict]:
    by_sentence: dict[str, list[dict]] = {}
    for f in facts:
        if f.get("sentence") and f.get("amount_wan") is not None and not f.get("relation"):
            by_sentence.setdefault(f["sentence"], []).append(f)
    previous: list[dict] = []
    previous_whole: dict | None = None  # the whole of the sentence before, if it enumerated
    for sentence, money in by_sentence.items():
        pos = _positions(sentence, money)
        whole, parts = None, []
        cut = _first_of_which(sentence)
        if cut >= 0:
            end = _segment_end(sentence, cut)
            before = [f for f, p in zip(money, pos) if 0 <= p < cut and _depth(sentence, p) == 0]
            parts = [f for f, p in zip(money, pos) if cut < p < end and _depth(sentence, p) == 0]
            opens = not re.sub(r"\W", "", sentence[:cut])
            if not before and opens and previous and _near(previous[-1], money[0], 4):
                before = [previous_whole] if previous_whole is not None else previous
            whole = _pick_whole(before, parts) if len(parts) >= 2 else None
        if whole is not None:
            for side in _sides(whole, parts, sentence, pos, money):
                yield from _compare(whole, side, sentence, facts)
        for w, ps in bracket_lists(sentence, money, pos):
            yield from _compare(w, ps, sentence, facts)
        previous, previous_whole = money, whole


def _sides(
    whole: dict, parts: list[dict], sentence: str, pos: list[int], money: list[dict]
) -> list[list[dict]]:
    """The parts as one list, or as the two sides of a balance: `收支总预算 X，其中本年收入 A，
    结余 B；本年支出 D，结转下年 E` lists the income side, then after `；` the expenditure side,
    each adding to X. When one side adds up, each side is compared with the whole on its own."""
    at = {id(f): p for f, p in zip(money, pos)}
    groups: list[list[dict]] = [[]]
    for a, b in zip([None, *parts], parts):
        if a is not None and ";" in sentence[at[id(a)] : at[id(b)]].replace("；", ";"):
            groups.append([])
        groups[-1].append(b)
    total = money_figure(whole)
    if len(groups) < 2 or not any(
        (f := sum_finding("prose.parts", total, [money_figure(p) for p in g])) is None
        or f["severity"] == "warning"
        for g in groups
    ):
        return [parts]
    return groups


def _first_of_which(sentence: str) -> int:
    i = sentence.find(OF_WHICH)
    while i >= 0 and _depth(sentence, i) != 0:
        i = sentence.find(OF_WHICH, i + 1)
    return i


def _agreed(whole: dict, parts: list[dict]) -> bool:
    """The facts parser names this whole as the parent of every part."""
    return all(
        p.get("parent_metric_raw") and _names_match(p["parent_metric_raw"], _metric(whole)) for p in parts
    )


def _views_add_up(total: Figure, parts: list[Figure]) -> bool:
    """The parts split into consecutive runs, each adding to the total (two sides of a budget)."""
    run, slack, cuts = ZERO, ZERO, 0
    for p in parts:
        run += p.value
        slack += p.slack
        if abs(total.value - run) <= slack + total.slack:
            run, slack, cuts = ZERO, ZERO, cuts + 1
    return cuts > 1 and run == 0


def _shares_disagree(whole: Figure, parts: list[dict], facts: list[dict]) -> bool:
    """A part followed by its own share (`占 0.71%`) that does not fit: the part is in doubt."""
    for p in parts:
        i = next((k for k, f in enumerate(facts) if f is p), None)
        if i is None or i + 1 >= len(facts):
            continue
        pct = facts[i + 1]
        if (
            pct.get("unit") != "%"
            or pct.get("sentence") != p.get("sentence")
            or pct.get("relation") not in ("ratio", "share_of")
        ):
            continue
        shown = percent_figure(pct)
        check = _ratio_check(money_figure(p), whole, shown) if shown else None
        if check and check[0] == "error":
            return True
    return False


def _compare(whole_fact: dict, part_facts: list[dict], sentence: str, facts: list[dict]) -> Iterator[dict]:
    whole = money_figure(whole_fact)
    parts = [money_figure(p) for p in part_facts]
    if _views_add_up(whole, parts) or _shares_disagree(whole, part_facts, facts):
        return
    severity = "error" if _agreed(whole_fact, part_facts) else "warning"
    big = [p for p in parts if p.value - p.slack > whole.value + whole.slack]
    for p in big:
        msg = f"部分大于整体：{p.label} {p.shown()} 万元 > {whole.label} {whole.shown()} 万元"
        yield finding("part_exceeds_whole", whole, p.value, whole.slack + p.slack, msg, [p], severity)
    if big:
        return
    f = sum_finding("prose.parts", whole, parts, "正文所列各部分与整体")
    if f is None:
        return
    if f["difference"] > 0 and not COMPLETE_LIST.search(sentence):
        return  # fewer than the whole: a list of the main items, not a split
    yield {**f, "severity": "warning" if f["severity"] == "warning" else severity}
