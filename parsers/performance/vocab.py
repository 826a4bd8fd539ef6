"""The vocabulary of indicator levels (一级/二级指标) and how printed names map to it.

Printed level names vary: `产出` / `产出指标`, `社会效益指标（20分）` (a weight in the
name), `服务对象满意度指标` in a wrapped cell. `split_level` takes the weight out and
returns the canonical name; `leading_levels` uses jieba with the domain dictionary in
`data/reference/indicator_terms.txt` to find level names glued to the cell after them
(`产出指标数量指标` when the text lost its spaces).
"""

from __future__ import annotations

import regex as re

from ..reference import reference_dir
from ..segment import tokenizer

TERMS = reference_dir() / "indicator_terms.txt"

LEVEL1 = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "部门管理",
    "履职效果",
    "能力建设",
    "服务对象满意度",
)
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "资金投入",
    "财务管理",
    "人员管理",
    "资产管理",
    "重点工作管理",
    "部门履职目标",
    "部门效果目标",
    "社会影响",
    "人力资源建设",
    "档案管理",
    "服务对象满意度",
)
SHORT = {
    "产出": "产出指标",
    "效益": "效益指标",
    "满意度": "满意度指标",
    "成本": "成本指标",
    "数量": "数量指标",
    "质量": "质量指标",
    "时效": "时效指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "服务对象满意度指标": "服务对象满意度指标",
    "满意度指标": "满意度指标",
}
WEIGHT = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[）)]$")


def split_level(text: str | None) -> tuple[str | None, float | None]:
    """`社会效益指标（20分）` → ('社会效益指标', 20.0); unknown names come back cleaned."""
    if not text:
        return None, None
    t = re.sub(r"\s+", "", text)
    weight = None
    m = WEIGHT.search(t)
    if m:
        weight = float(m.group(1))
        t = t[: m.start()]
    return SHORT.get(t, t) or None, weight


def level_of(token: str) -> int:
    """1 or 2 when the token is a level name (weight allowed), else 0."""
    name, _ = split_level(token)
    if name in LEVEL1 and name not in LEVEL2:
        return 1
    if name in LEVEL2 and name not in LEVEL1:
        return 2
    if name in LEVEL1:  # 成本指标 / 服务对象满意度: both levels; the caller decides by position
        return 3
    return 0


def _jieba():
    return tokenizer(str(TERMS))


def leading_levels(text: str) -> tuple[list[str], str]:
    """Level names glued to the front of a cell, and the rest: `产出指标数量指标宣传` → ([..2], '宣传')."""
    names: list[str] = []
    rest = text
    if not any(rest.startswith(n) for n in LEVEL1 + LEVEL2):
        return names, rest
    for word in _jieba().lcut(text, HMM=False):
        if not rest.startswith(word) or word not in LEVEL1 + LEVEL2:
            break
        names.append(word)
        rest = rest[len(word) :]
    return names, rest
