"""The words around a figure: the phrase naming it, its phase, its canonical metric key.

A figure's name is the clause before it (`全县城镇新增就业 3977 人`), minus the words
that frame rather than name it: years, who (`我部门`, `全县`), list openers (`其中`) in
front; verbs (`达到`, `共计安排`, `为`) behind. jieba with the domain dictionary in
`data/reference/facts_terms.txt` cuts the clause into words, so trimming never splits
a term (`作为` is not `为`, `城镇新增就业` stays whole).
"""

from __future__ import annotations

import csv
import functools

import regex

from .reference import reference_dir
from .segment import tokenizer

REFERENCE = reference_dir()
TERMS = REFERENCE / "facts_terms.txt"
METRICS = REFERENCE / "metrics.csv"

MONEY_UNITS = {"元", "万元", "亿元", "千元"}
PEOPLE_UNITS = {"人", "万人", "人次", "万人次"}

# words in front of a name that say when, who or where, not what
_LEAD = {
    "其中", "包括", "主要", "主要是", "我", "我部门", "我局", "我单位", "我校", "本部门", "本单位", "部门", "单位",
    "全县", "全区", "全市", "全省", "全年", "当年", "本年度", "年度", "共有", "共", "有", "参加", "截止", "截至",
    "底", "年底", "为", "是", "的", "和", "及", "安排", "累计", "实现", "完成", "已", "今年", "在", "对", "从",
    "另有", "分别", "现有", "具体", "如下", "具体为", "执行", "年度执行", "较上年", "区", "县", "市",
    "人社局", "区人社局", "县人社局", "市人社局", "各类", "发放", "使",
}  # fmt: skip
# words behind a name that state, not name: verbs, hedges, particles
_TRAIL = {
    "为", "是", "达到", "达", "共计", "共", "计", "累计", "约", "了", "的", "安排", "完成", "实现", "控制", "控制在",
    "在", "有", "共有", "合计为", "总计为", "已", "到", "至", "均", "分别", "共计安排", "预计", "超过", "不低于",
    "不少于", "以上", "以内", "增至", "达成", "发放", "全部", "分别为", "金额为",
}  # fmt: skip
# a list ordinal, and an organisation named by its place (`上海市普陀区人民政府办公室收入预算`)
_ORDINAL = regex.compile(r"^(?:\(?[一二三四五六七八九十]+[)、.]|\(\d{1,2}\)|\d{1,2}[、)])")
_ORG = regex.compile(
    r"^(?:\p{Han}{1,8}?(?:省|市|区|县|州|旗))+[\p{Han}()]{0,20}?(?:局|办公室|委员会|人民政府|厅|学校|大学|中心)+"
    r"(?:本级|部门|\(单位\)|所属各预算单位)*(?=\p{Han}{2})"
)
_EDGE = " ,，;；:：、≥≤><=《》/"
_YEAR = regex.compile(r"^(?:截至|截止|到)?\d{4}年(?:度|底)?(?:年度)?")

# phase markers, the nearest before a figure wins; `预决算` is neither
PHASES = [
    ("budget_adjusted", r"预算调整|调整后(?:的)?预算|调整后|调整预算|全年预算"),
    ("budget_initial", r"年初预算|年初安排"),
    ("final", r"(?<!预)决算"),
    ("actual", r"实际支出|实际执行|执行数|执行资金|年末执行|实际完成"),
    ("unclear", r"追加|调增|调减"),  # a change to the budget, not a budget: no phase
]
PHASE_MARK = regex.compile("|".join(f"(?P<{k}>{p})" for k, p in PHASES))
# a marker read inside a comparison (`占预算调整的`, `完成年初预算的`, `比年初预算`) names the
# other side of the comparison, not the figure being stated
_COMPARED = regex.compile(r"(?:占|完成|比|较|超|低于|高于|相比)[^,;，；]{0,6}$")


def _jieba():
    return tokenizer(str(TERMS))


def clause_to_name(clause: str) -> str:
    """The name inside a clause: `2021年我部门整体支出` → `整体支出`; `全县城镇新增就业` → `城镇新增就业`."""
    s = regex.sub(r"\d+(?:\.\d+)?[余多]\p{Han}{0,3}$", "", clause)  # `失业补助金18余万人次 2.03亿元`
    s = regex.sub(r"^.*\d+(?:名|位)", "", s)  # `为 1313 名劳动者追讨工资`: the count is not the name
    s = regex.sub(r"^[^,;:]{2,30}?(?=\d{4}年)", "", s)  # `上海市普陀区…局2024年度收入`: who, before when
    s = _ORDINAL.sub("", _ORG.sub("", s))
    s = regex.sub(r"^\d*(?:余|多)(?:项|个|件|家|人|名|户|所)", "", s)  # `10 余项高频事项`: the count's tail
    name = s
    for _ in range(3):  # `我校2024年本年…`: who, then when, then the name
        s = _YEAR.sub("", name.strip(_EDGE))
        words = [w for w in _jieba().lcut(s, HMM=False) if w.strip()]
        while words and (words[0] in _LEAD or regex.fullmatch(r"[\d.年月日度]+", words[0])):
            if words.pop(0).isdigit():  # a year cut badly by jieba (`2024` `年本` `年`)
                words = [regex.sub(r"^年度?", "", "".join(words))]
        if "".join(words) == name:
            break
        name = "".join(words)
    while words and words[-1] in _TRAIL:
        words.pop()
    name = _YEAR.sub("", "".join(words)).strip(_EDGE)
    name = regex.sub(r"(?:不低于|不少于|不高于|不超过|高于|低于|超过|大于|小于|控制在)$", "", name)  # a bound
    if sum(name.count(q) for q in '"“”') % 2:
        name = regex.sub('["“”]', "", name)  # a quote left open by the clause boundary
    return name


@functools.cache
def _posseg():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_jieba())


def leading_noun_phrase(text: str) -> str:
    """The nouns a text opens with: what a classifier counts (`个体工商户审批发放贷款` → `个体工商户`)."""
    words = []
    for i, w in enumerate(_posseg().lcut(text, HMM=False)):
        if (
            w.flag.startswith("n")
            or w.flag in ("vn", "b")
            or (i == 0 and w.flag == "m" and not w.word.isdigit())
        ):
            words.append(w.word)
        else:
            break
    return "".join(words)


def text_to_phase(text: str) -> str | None:
    """The phase named last in `text` by a marker not inside a comparison, or None."""
    found = None
    for m in PHASE_MARK.finditer(text):
        if _COMPARED.search(text[: m.start()]):
            continue
        found = m.lastgroup
    return found


def weak_budget_phase(text: str) -> str | None:
    """`预算` with no other marker (`一般公共预算 39301.16 万元`) is the budget as first set."""
    return "budget_initial" if regex.search(r"(?<!决)预算(?!调整|执行)", text) else None


@functools.cache
def _metric_rules() -> list[tuple[str, regex.Pattern, str]]:
    with METRICS.open(encoding="utf-8") as f:
        return [(r["metric"], regex.compile(r["pattern"]), r["kind"]) for r in csv.DictReader(f)]


def name_to_metric(name: str, unit: str | None) -> str | None:
    """The canonical key for a common figure (data/reference/metrics.csv), by its name and unit."""
    if not name or unit is None:
        return None
    kind = "money" if unit in MONEY_UNITS else "people" if unit in PEOPLE_UNITS else None
    for key, pattern, want in _metric_rules():
        if want == kind and pattern.search(name):
            return key
    return None
