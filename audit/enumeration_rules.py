"""Parts after 其中 against the whole before it, for sentences whose facts carry no
parent (`资产 11689.72 万元，其中货币资金 4245.06 万元；固定资产净值 15565.74 万元`).

The relation is read from the wording, not stated by the facts parser, so every
finding here is a warning: it points the auditor at the sentence without claiming
more certainty than the reading has. The whole is the money figure before 其中, or
among several the one whose name shares its ending with the parts (整体支出 for 基本支出 + 项目支出, not
the 预算调整 figure between them); a 其中 opening a sentence takes its whole from
the sentence before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .figures import finding, number_text, sum_finding
from .prose_rules import COMPLETE_LIST, _metric, _near, money_figure

OF_WHICH = "其中"


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


def _ending(name: str) -> str:
    return name[-2:] if len(name) >= 2 else name


def _pick_whole(candidates: list[dict], parts: list[dict]) -> dict | None:
    if len(candidates) == 1:
        return candidates[0]
    endings = {_ending(_metric(p)) for p in parts}
    alike = [c for c in candidates if _ending(_metric(c)) in endings]
    return alike[-1] if alike else None


def _depth_zero(sentence: str, i: int) -> bool:
    """Not inside brackets: a bracketed list is a split of the figure before it."""
    before = sentence[:i]
    return before.count("（") + before.count("(") <= before.count("）") + before.count(")")


def enumeration_findings(facts: list[dict]) -> Iterator[dict]:
    by_sentence: dict[str, list[dict]] = {}
    for f in facts:
        if f.get("sentence") and f.get("amount_wan") is not None and not f.get("relation"):
            by_sentence.setdefault(f["sentence"], []).append(f)
    previous: list[dict] = []
    previous_whole: dict | None = None  # the whole of the sentence before, if it enumerated
    for sentence, money in by_sentence.items():
        whole, parts = None, []
        if OF_WHICH in sentence and not any(f.get("parent_metric_raw") for f in money):
            cut = sentence.index(OF_WHICH)
            end = _segment_end(sentence, cut)
            pos = _positions(sentence, money)
            before = [f for f, p in zip(money, pos) if 0 <= p < cut]
            parts = [f for f, p in zip(money, pos) if cut < p < end and _depth_zero(sentence, p)]
            opens = not re.sub(r"\W", "", sentence[:cut])
            if not before and opens and previous and _near(previous[-1], money[0], 4):
                before = [previous_whole] if previous_whole is not None else previous
            whole = _pick_whole(before, parts) if len(parts) >= 2 else None
        if whole is not None:
            yield from _compare(whole, parts, sentence)
        previous, previous_whole = money, whole


def _segment_end(sentence: str, cut: int) -> int:
    """The list after 其中 ends at the next 其中 or full stop."""
    ends = [i for i in (sentence.find(OF_WHICH, cut + 1), sentence.find("。", cut)) if i >= 0]
    return min(ends) if ends else len(sentence)


def _compare(whole_fact: dict, part_facts: list[dict], sentence: str) -> Iterator[dict]:
    whole = money_figure(whole_fact)
    parts = [money_figure(p) for p in part_facts]
    big = [p for p in parts if p.value - p.slack > whole.value + whole.slack]
    for p in big:
        msg = f"部分大于整体：{p.label} {p.shown()} 万元 > {whole.label} {whole.shown()} 万元（按“其中”句式推断）"
        yield finding("part_exceeds_whole", whole, p.value, whole.slack + p.slack, msg, [p], "warning")
    if big:
        return
    f = sum_finding("prose.parts", whole, parts, "正文“其中”所列各项与整体")
    if f is None:
        return
    if f["difference"] > 0 and not COMPLETE_LIST.search(sentence):
        return  # fewer than the whole after 其中: a list of main items, not a split
    yield {**f, "severity": "warning"}
