"""Indicator targets and actual values: `≥98 百分比` → (>=, 98, %).

A target cell mixes an operator (a symbol or words: 不低于, 以内, 达到…以上), a
number and a unit word that is often the name of the unit column (百分比, 次数,
人数). Qualitative targets (`良好`, `2021年底完成`) keep their text with op and
value null: a number inside a sentence is not a target value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex as re

SYMBOLS = {
    "≥": ">=",
    "≧": ">=",
    "≤": "<=",
    "≦": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
    "＞": ">",
    "＜": "<",
    "＝": "=",
}
SYMBOLS.update({">=": ">=", "<=": "<=", "＞＝": ">=", "＜＝": "<="})
# A Chinese input method types `>` and `<` as `》` and `《` (the same keys, shifted): before a
# figure (`》90%`) they are the comparison; elsewhere they quote a title (`《预算法》`).
SYMBOLS.update({"》": ">", "《": "<", "〉": ">", "〈": "<"})

# unit words as printed → normalized unit (the unit column's names included)
UNIT_WORDS = {
    "%": "%",
    "％": "%",
    "百分比": "%",
    "百分之": "%",
    "百分率": "%",
    "比率": "%",
    "次数": "次",
    "人数": "人",
    "个数": "个",
    "件数": "件",
    "户数": "户",
    "天数": "天",
    "人次": "人次",
    "万人": "万人",
    "万元": "万元",
    "元": "元",
    "亿元": "亿元",
    "人": "人",
    "次": "次",
    "个": "个",
    "件": "件",
    "户": "户",
    "家": "家",
    "场": "场",
    "期": "期",
    "项": "项",
    "台": "台",
    "套": "套",
    "门": "门",
    "篇": "篇",
    "本": "本",
    "份": "份",
    "张": "张",
    "天": "天",
    "日": "日",
    "月": "月",
    "年": "年",
    "小时": "小时",
    "分钟": "分钟",
    "所": "所",
    "名": "人",
    "位": "人",
    "批": "批",
    "条": "条",
    "册": "册",
    "平方米": "平方米",
    "公里": "公里",
}
_UNIT_ALT = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_COMPARE = "≥≧≤≦><=＞＜＝"
_WORD_SYMBOL = rf"(?:>=|<=|＞＝|＜＝|[{_COMPARE}])"  # a comparison wherever it stands
_SYMBOL = rf"(?:>=|<=|＞＝|＜＝|[{_COMPARE}》《〉〈])"  # …and the input method's, before a figure
# a cell that is a target and nothing else: [symbol] number [unit]
TARGET_CELL = re.compile(rf"^(?P<op>{_SYMBOL})?\s*(?P<num>{_NUMBER})\s*(?P<unit>{_UNIT_ALT})?$")
MULTI_UNIT = re.compile(
    rf"^(?P<op>{_SYMBOL})?\s*(?P<num>{_NUMBER})\s*(?:{_UNIT_ALT})(?:[、/／,，](?:{_UNIT_ALT}))+$"
)
# words around a number: 达到100%, 达90%以上, 不低于95%, 3天以内
WORDED = re.compile(
    rf"^(?P<pre>达到|达|不低于|不少于|不超过|不高于|不大于|不小于|高于|低于|大于|小于|超过|控制在|保持在|约)?\s*"
    rf"(?P<num>{_NUMBER})\s*(?P<unit>{_UNIT_ALT})?\s*(?P<post>以上|以下|以内|之内|及以上|及以下|内)?$"
)
PRE_OPS = {
    "达到": ">=",
    "达": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "高于": ">",
    "大于": ">",
    "超过": ">",
    "不超过": "<=",
    "不高于": "<=",
    "不大于": "<=",
    "低于": "<",
    "小于": "<",
    "控制在": "<=",
    "保持在": "=",
    "约": "=",
}
POST_OPS = {
    "以上": ">=",
    "及以上": ">=",
    "以下": "<=",
    "及以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "内": "<=",
}


@dataclass(frozen=True)
class Target:
    raw: str
    op: str | None = None
    value: float | None = None
    unit: str | None = None


def clean_cell(text: str) -> str:
    text = text.strip().replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", text)


def parse_target(raw: str | None, unit_hint: str | None = None) -> Target:
    """`≥98` + 百分比 → Target(op '>=', 98, '%'); qualitative text → op and value None.

    `unit_hint` is the content of a separate unit column (度量单位), used when the
    cell itself carries no unit. A number too long to be a float (`9` × 400), or in digits
    `float` does not read, is text.
    """
    try:
        target = _parse_target(raw, unit_hint)
    except ValueError:  # digits of a script `float` does not know (`regex`'s \d matches them)
        return Target((raw or "").strip())
    if target.value is not None and not math.isfinite(target.value):
        return Target(target.raw)
    return target


def _parse_target(raw: str | None, unit_hint: str | None) -> Target:
    if raw is None:
        return Target(raw="")
    text = clean_cell(raw)
    if not text:
        return Target(raw=raw.strip())
    hint = UNIT_WORDS.get(clean_cell(unit_hint)) if unit_hint else None
    m = TARGET_CELL.match(text)
    if m:
        op = SYMBOLS.get(m.group("op") or "=", "=")
        unit = UNIT_WORDS.get(m.group("unit") or "") or hint
        return Target(raw.strip(), op, _value(m.group("num")), unit)
    m = MULTI_UNIT.match(text)
    if m:  # `≥32台、件、套`: a bound on a count of things of several kinds, no single unit
        return Target(raw.strip(), SYMBOLS.get(m.group("op") or "=", "="), _value(m.group("num")), None)
    m = WORDED.match(text)
    if m and (m.group("pre") or m.group("post")):
        op = POST_OPS.get(m.group("post") or "") or PRE_OPS.get(m.group("pre") or "") or "="
        unit = UNIT_WORDS.get(m.group("unit") or "") or hint
        return Target(raw.strip(), op, _value(m.group("num")), unit)
    m = re.match(rf"^(?P<op>{_WORD_SYMBOL})(?!\d)", text)
    if m:  # `≤预算数`: a direction without a number
        return Target(raw.strip(), SYMBOLS.get(m.group("op")), None, None)
    return Target(raw.strip())


def is_target_token(token: str) -> bool:
    """Whether a whitespace-separated token is a numeric target cell (`≥98`, `2次数`, `100%`)."""
    return bool(TARGET_CELL.match(clean_cell(token)))


def unit_word(token: str) -> str | None:
    return UNIT_WORDS.get(clean_cell(token))


def _value(num: str) -> float:
    return float(num.replace(",", ""))
