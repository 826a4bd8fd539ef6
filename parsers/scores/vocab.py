"""Vocabulary of evaluation scores: grades, dimension names, score numbers.

Reports word the same grade four ways (优 / 优秀 / 评为“优” / A 档) and the same
dimension several ways (投入 / 投入指标 / 投入绩效情况); the audit needs one word for
each, so every parser in scores_*.py normalizes through here.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# longest first: 较差 before 差, 优秀 before 优
GRADE_WORDS = (
    ("优秀", "excellent"),
    ("优", "excellent"),
    ("良好", "good"),
    ("良", "good"),
    ("中等", "fair"),
    ("一般", "fair"),
    ("不合格", "poor"),
    ("合格", "fair"),
    ("中", "fair"),
    ("较差", "poor"),
    ("差", "poor"),
)
GRADE_PATTERN = "|".join(w for w, _ in GRADE_WORDS)

# printed dimension name → normalized; the department template (财预〔2020〕10号 and the
# provincial copies) and the project template (投入/过程/产出/效益) use these names
DIMENSIONS = {
    "总分": "total",
    "总得分": "total",
    "合计": "total",
    "总计": "total",
    "投入": "input",
    "过程": "process",
    "产出": "output",
    "效果": "outcome",
    "效益": "benefit",
    "满意度": "satisfaction",
    "目标设定": "target_setting",
    "预算配置": "budget_allocation",
    "预算执行": "budget_execution",
    "预算执行情况": "budget_execution",
    "预算执行率": "budget_execution",
    "预算管理": "budget_management",
    "资产管理": "asset_management",
    "预算绩效监控管理": "performance_monitoring",
    "绩效监控管理": "performance_monitoring",
    "职责履行": "duty_performance",
    "履职效益": "duty_benefit",
    "履职效果": "duty_outcome",
    "部门管理": "department_management",
    "能力建设": "capacity_building",
    "社会满意度": "social_satisfaction",
    "服务对象满意度": "beneficiary_satisfaction",
    "监督发现问题": "oversight_findings",
    "工作成效": "work_results",
    "评价结果应用": "result_use",
    "结果应用创新": "result_use_innovation",
    "平均分": "average",
}

# words a dimension name carries around it that are not part of the name
_DIMENSION_NOISE = re.compile(r"(?:类|方面|部分)?(?:绩效)?(?:指标)?(?:情况)?(?:分析)?(?:评价)?$")
_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．])\s*"
)


def grade_raw_to_grade(raw: str | None) -> str | None:
    """`优秀` → excellent; None when the word is not a grade."""
    if not raw:
        return None
    text = raw.strip().strip("“”\"'「」")
    for word, grade in GRADE_WORDS:
        if text.startswith(word):
            return grade
    return None


def text_to_score(text: str | None) -> float | None:
    """`99.34` → 99.34. Scores are awarded points, so float is exact enough; None when
    the text is not a plain non-negative number."""
    if text is None:
        return None
    t = unicodedata.normalize("NFKC", text).strip()
    if not re.fullmatch(r"[0-9]{1,6}(?:\.[0-9]{1,12})?", t):  # explicit digits; no score has 7 integer digits
        return None
    try:
        return float(Decimal(t))
    except InvalidOperation:
        return None


def name_to_dimension_raw(text: str) -> str:
    """`（一）投入绩效情况分析` → 投入: the name without numbering and filler words."""
    name = _NUMBERING.sub("", unicodedata.normalize("NFKC", text)).strip()
    name = re.sub(r"\s+", "", name)
    stripped = _DIMENSION_NOISE.sub("", name)
    return stripped or name


def repair_truncated_name(name: str) -> str:
    """A name printed short of a template name (`资产管` for 资产管理) is completed,
    but only when exactly one template name starts with it."""
    if name in DIMENSIONS or len(name) < 3:
        return name
    fits = [k for k in DIMENSIONS if k.startswith(name)]
    return fits[0] if len(fits) == 1 else name


def dimension_raw_to_dimension(raw: str) -> str | None:
    """投入 → input; None for a name outside the known templates."""
    return DIMENSIONS.get(re.sub(r"\s+", "", raw))
