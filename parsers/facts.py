"""Figures stated in prose → facts (issue 5).

Each number printed with a unit in a sentence of prose is a fact, named by the clause
before it. What the wording says about it is kept so an audit can recompute it: a list
(`其中：A 1 万元，B 2 万元`, `基本支出 X（人员支出 Y…）`) gives each part its whole in
`parent_metric_raw`; a share (`占本年支出 63.0%`), a completion (`完成年初预算的 89.4%`)
or a change (`比2020年减少798.42万元，减少19.0%`) gives `relation`, what it relates to
and the direction. Money figures get the phase their context names (年初预算, 预算调整,
决算, 执行数), carried to the next sentence when that one names none.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex

from caizheng.extract.model import Document

from .document_info import document_to_info
from .facts_lists import Lists
from .facts_phrase import (
    MONEY_UNITS,
    clause_to_name,
    leading_noun_phrase,
    name_to_metric,
    text_to_phase,
    weak_budget_phase,
)
from .facts_text import Sentence, document_to_sentences
from .numbers import find_numbers
from .records import Fact

# units that make a number a fact; dates, durations and scores (分) are not
FACT_UNITS = MONEY_UNITS | {
    "人", "万人", "人次", "万人次", "%", "‰", "户", "家", "件", "个", "场", "张", "份", "项", "所",
    "篇", "辆", "台", "套", "册", "万册", "万张", "万件", "万户", "万个", "万次", "期", "平方米", "亩", "公里",
}  # fmt: skip
_BOUNDARY = ",;:、!?。"
# a unit character that is the first character of a word (`基本支出 2143.9 项目支出`, `30310 个人`)
_UNIT_IN_WORD = {
    "项": "目", "个": "人体", "人": "员才社民口事力均", "家": "庭属", "场": "所地", "所": "属在有",
    "户": "籍口", "期": "间限", "台": "账", "张": "贴", "件": "数", "份": "额",
}  # fmt: skip
_DIRECTION = regex.compile(
    r"(?P<inc>增加|增长|上升|提高|增幅|涨幅|增收|增支|增)(?:了)?$|(?P<dec>减少|下降|降低|节约|降幅|减幅|减收|减支|减|压减|缩减)(?:了)?$"
)
_SHARE = regex.compile(r"占(?P<t>.*?)(?:的)?(?:比例|比重)?(?:为|达)?$")
_COMPLETION = regex.compile(r"完成(?P<t>.+?)的?$")
_COMPARE = regex.compile(r"(?:比|较|与)(?P<t>[^,;:、]{1,20}?)(?:相比|同比|同期|$)")


@dataclass
class _Context:
    """What earlier figures left for later ones: the whole a list belongs to, the phase."""

    last_whole: Fact | None = None  # the last figure that is not a ratio or change
    last_subject: str | None = None  # the name the last figure was about
    carry_phase: str | None = None  # phase of the last money figure of the sentence before
    lists: Lists = field(default_factory=Lists)
    counted: str = ""  # the noun the last count was named by, when it follows the count
    compared: str | None = None  # what the last change in the sentence was measured against
    share: tuple[str, str] | None = None  # (subject, target) of a `占X的 Y万元` awaiting its %


def _coordinated(text: str, i: int, floor: int) -> bool:
    """A `、` between two nouns, not between two items each with its figure."""
    j = i - 1
    while j >= floor and text[j] not in _BOUNDARY and text[j] != "(":
        j -= 1
    before = text[j + 1 : i]
    return 0 < len(before) <= 8 and not regex.search(r"\d", before)


def clause_start(text: str, end: int, floor: int) -> int:
    """Where the clause naming the figure at `end` begins.

    Punctuation ends it; so does an opening parenthesis left open (`（人员支出 521.42`).
    A short parenthesis without digits inside a name (`因公出国（境）费`) is part of it.
    """
    i = end - 1
    while i >= floor:
        ch = text[i]
        if ch == "、" and _coordinated(text, i, floor):
            i -= 1
            continue  # `完成重残、精准扶贫人员代缴 260 人`: two nouns sharing one figure
        if ch in _BOUNDARY or ch == "(":
            return i + 1
        if ch == ")":
            j = text.rfind("(", floor, i)
            inner = text[j + 1 : i] if j >= 0 else ""
            if j < 0 or len(inner) > 6 or regex.search(r"\d", inner):
                return i + 1
            i = j
        i -= 1
    return floor


def _skip_number(text: str, start: int, end: int, unit: str | None) -> bool:
    """Not a fact: no fact unit, an ordinal (第3个), a range (80%-60%), a document number."""
    if unit not in FACT_UNITS:
        return True
    before, after = text[max(0, start - 1) : start], text[end : end + 1]
    if before in ("第", "-", "~", "至") or after in ("-", "~", "至") or after == "号":
        return True
    if text[start] in "-−－" and (before.isdigit() or before == "%"):
        return True  # `100-80%`: a range, read as 100 and -80
    return bool(_UNIT_IN_WORD.get(unit) and text[end : end + 1] in _UNIT_IN_WORD[unit])


COUNT_UNITS = {"个", "家", "件", "场", "张", "份", "项", "所", "户", "篇", "辆", "台", "套"}


def _name_after(text: str, end: int, unit: str | None) -> str:
    """A count printed before its noun (`全县 30 个社保卡服务网点均已…`, `共涉及 12 个一级项目`)
    is named by what follows the classifier."""
    if unit not in COUNT_UNITS:
        return ""
    m = regex.match(r"[^\d,;:、。!?()]{2,16}", text[end:])
    if not m:
        return ""
    return leading_noun_phrase(m[0])


def _with_subject(text: str, name: str, cs: int, floor: int) -> str:
    """A bare verb (`三险，共净增 2.5 万人`) takes its subject from the clause before it."""
    if not regex.fullmatch(r"(?:净|新)?增(?:加|长)?|减少|完成|实现|合计|总计", name) or cs - 1 <= floor:
        return name
    before = text[clause_start(text, cs - 1, floor) : cs - 1]
    if not before or regex.search(r"\d", before):
        return name
    return clause_to_name(before) + name


def _relation(clause: str, before: str, ctx: _Context, unit: str):
    """(relation, target, direction, name) for a ratio or change clause, else None."""
    c = regex.sub(r"\([^()]{1,4}\)$", "", clause)  # `下降（增长）27.78%`: a template's alternative
    c = regex.sub(r"(?:了|约|为|达到|达)$", "", c)
    subject = ctx.last_subject or (ctx.last_whole.metric_raw if ctx.last_whole else None)
    m = _DIRECTION.search(c)
    if m and len(m[0].rstrip("了")) == 1 and not _COMPARE.search(before + c):
        m = None  # `年内新增 52 人`: 增 alone, compared with nothing, counts additions
    if m:
        own = regex.sub(r"(?:比|较|与|同).*$", "", c[: m.start()])
        name = clause_to_name(own) or subject or ""
        t = None
        for cm in _COMPARE.finditer(before + c[: m.start()]):
            t = cm["t"]
        direction = "increase" if m["inc"] else "decrease"
        rel = "change_pct" if unit == "%" else "change"
        t = (t and clause_to_name(t) or t) or ctx.compared  # `减少 798.42 万元，减少 19.0%`: the same base
        ctx.compared = t
        return rel, t, direction, name + m[0].rstrip("了"), name
    if unit != "%":
        return None
    if c in ("", "的") and ctx.share:
        return "share_of", ctx.share[1], None, ctx.share[0], None
    if c.endswith("占比"):
        return "ratio", None, None, subject, None
    if "占" in c:
        s = _SHARE.search(c[c.index("占") :])
        t = clause_to_name(s["t"]) if s and s["t"] else None
        return ("share_of" if t else "ratio"), t, None, subject or clause_to_name(c[: c.index("占")]), None
    m = _COMPLETION.search(c)
    if m and c.startswith("完成"):
        return "completion_of", clause_to_name(m["t"]), None, subject, None
    return None


def _plain_name(text: str, clause: str, at: tuple[int, int, int, int, int], unit: str, ctx: _Context):
    """(clause, name) of a figure that is not a ratio or change.

    `at` is (clause start, floor, end of the figure before, start, end). A count is named
    by the noun after its classifier; a figure right after another names the same thing.
    """
    cs, floor, prev_end, start, end = at
    after = _name_after(text, end, unit)
    name = after if after and regex.match(r"\p{Han}", text[end : end + 1]) else ""
    if ctx.counted and clause.startswith(ctx.counted) and len(clause) > len(ctx.counted):
        clause = clause[len(ctx.counted) :]  # `为139家企业发放稳岗补贴 134.40万元`: 企业 was counted
    ctx.counted = name
    name = name or clause_to_name(clause.lstrip("占")) or after
    if not name and regex.match(r"\p{Han}", text[end : end + 1]) and not clause.strip():
        name = leading_noun_phrase(text[end : end + 16])  # `859人嘉奖审批`
    if not name and not text[prev_end:start].strip() and ctx.last_whole is not None:
        name = ctx.last_whole.metric_raw  # `202 户 3.82 万元`: the same thing in another unit
    return clause, _with_subject(text, name, cs, floor)


def _money_phase(text: str, clause: str, start: int, unit: str, carried: str | None, final_doc: bool):
    """The phase of a money figure: named in its clause, else earlier in the sentence, else the
    sentence before; a bare `预算` outside final accounts is the budget as first set."""
    if unit not in MONEY_UNITS:
        return None
    phase = text_to_phase(clause) or text_to_phase(text[:start]) or carried
    if phase is None and not final_doc:
        phase = weak_budget_phase(text[:start])
    return None if phase == "unclear" else phase


def sentence_to_facts(sent: Sentence, ctx: _Context, final_doc: bool) -> list[Fact]:
    text = sent.text
    out: list[Fact] = []
    floor = 0
    prev_end = 0
    ctx.lists.new_sentence()
    ctx.compared = None
    ctx.share = None
    for num, start, end in find_numbers(text):
        if _skip_number(text, start, end, num.unit):
            continue
        ctx.lists.open_between(text, prev_end, start)
        cs = clause_start(text, start, floor)
        clause = text[cs:start]
        rel = _relation(clause, text[max(0, cs - 30) : cs], ctx, num.unit)
        page, line = sent.line_at(start)
        if rel:
            relation, target, direction, name, subject = rel
            if not name:
                floor = prev_end = end
                continue
            fact = Fact(
                metric_raw=name, value=num.value, unit=num.unit, sentence=text, page=page, line=line,
                value_raw=num.raw, relation=relation, relation_target_raw=target, direction=direction,
                metric=name_to_metric(name, num.unit, relation),
            )  # fmt: skip
            ctx.last_subject = subject or ctx.last_subject
        else:
            clause, name = _plain_name(text, clause, (cs, floor, prev_end, start, end), num.unit, ctx)
            if not name or name in ("含", "不含"):  # `（含 80%）` qualifies a range
                floor = prev_end = end
                continue
            phase = _money_phase(text, clause, start, num.unit, ctx.carry_phase, final_doc)
            fact = Fact(
                metric_raw=name, value=num.value, unit=num.unit, sentence=text, page=page, line=line,
                metric=name_to_metric(name, num.unit), phase=phase, value_raw=num.raw,
                parent_metric_raw=ctx.lists.parent_of(start, num.value, num.unit),
            )  # fmt: skip
            if fact.parent_metric_raw == name:
                fact = replace(fact, parent_metric_raw=None)
            if clause.startswith("占") and ctx.last_subject:
                ctx.share = (ctx.last_subject, name)  # `占预算调整的 66655.23 万元的 94.25%`
            else:
                ctx.last_whole = fact
                ctx.last_subject = name
                ctx.lists.add_whole(text, start, fact)
        out.append(fact)
        floor = prev_end = end
    money = [f for f in out if f.unit in MONEY_UNITS and f.relation is None]
    ctx.carry_phase = money[-1].phase if money else None
    return out


def document_to_facts(doc: Document) -> list[Fact]:
    """Every figure with a unit in the document's prose, with its name, phase and relations."""
    final_doc = document_to_info(doc).report_kind == "final_accounts"
    ctx = _Context()
    out: list[Fact] = []
    for sent in document_to_sentences(doc):
        if sent.starts_block:
            ctx = _Context()
        out.extend(sentence_to_facts(sent, ctx, final_doc))
    return out
