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
import unicodedata

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


# --- canonical metric keys (data/reference/metrics.csv) -----------------------------------
# A Chinese noun phrase is head-final: in `一般公共预算拨款安排的会议费预算支出` the thing
# measured is 会议费, and what comes after it (预算, 支出), before it (一般公共预算拨款安排的)
# or around it (年初预算数, 财政拨款, 增长) says when, from which funds or how it changed.
# So a phrase is trimmed of those words and its end is matched against the table's heads,
# the longest head winning; a `whole` row (收入, 支出) must be all that is left, since a bare
# 支出 at the end of 增人增资支出 is no total.

RATIO_UNITS = {"%", "‰"}
METRIC_UNITS = {
    "money": MONEY_UNITS,
    "people": PEOPLE_UNITS,
    "count": {"辆", "台", "套", "台套", "个", "家", "所", "项"},
    "ratio": RATIO_UNITS,
    "amount": MONEY_UNITS,  # money, and never a share or change of it (`预算` alone names no measure there)
}
_LEVEL_MARK = regex.compile(r"\((?:类|款|项)\)")
# how a figure changed, when the wording names it (the relation says which)
_CHANGE_WORD = regex.compile(r"(?:各)?(?:增长|增加|减少|下降|上升|提高|降低|节约|压减|缩减|增幅|降幅|增|减)$")
# when and how sure: phases, totals, the word for "the amount"
_QUALIFIER = regex.compile(
    r"(?:年初预算数|年初预算|年初安排|调整后预算数|调整后预算|调整预算数|调整预算|全年预算数|全年预算|"
    r"预算安排|预算数|预算|决算数|决算|执行数|完成数|实际数|实际|合计|总计|总额|总量|总数|总金额|金额|数额|安排|情况|共计|等)$"
)
# a phase in front of a bare total (`决算支出`, `预算收入`)
_PHASE_BEFORE_TOTAL = regex.compile(r"^(?:年初预算|调整后预算|全年预算|决算|预算)(?=(?:总)?(?:收入|支出)$)")
# which funds: a source named after the thing it pays for (`三公经费财政拨款支出`), not 财政拨款支出 itself
_FUNDS_AFTER = regex.compile(r"^(?P<thing>.*?\p{Han})(?:一般公共预算)?(?:财政)?拨款(?=支出$|$)")
_FUNDS_ONLY = {"财政", "一般公共预算", "一般公共预算财政", ""}
# 预算 inside a phrase (`公务接待费预算支出`), unless part of one of the four budgets' names
_INNER_BUDGET = regex.compile(r"(?<!一般公共|政府性基金|国有资本经营|社会保险基金)预算(?=收入|支出)")


def metric_head(name: str, relation: str | None = None) -> str:
    """The phrase without what frames it: `“三公”经费财政拨款支出决算数减少` → `三公经费`."""
    s = unicodedata.normalize("NFKC", name or "")
    s = _LEVEL_MARK.sub("", regex.sub(r"[\s\"“”'‘’《》]", "", s)).lstrip("—-–·")
    s = regex.sub(r"(?<=\p{Han})\([^()]{1,12}\)$", "", s)  # a gloss after the name: 设备(不含车辆)
    s = _YEAR.sub("", s)
    if relation:
        s = _CHANGE_WORD.sub("", s)
    for _ in range(4):
        before = s
        if not _QUALIFIER.sub("", s):
            break  # `预算执行数`, `年初预算`: the phase is all there is, and it is the name
        s = _QUALIFIER.sub("", s)
        s = _INNER_BUDGET.sub("", s)
        m = _FUNDS_AFTER.match(s)
        if m and m["thing"] not in _FUNDS_ONLY:
            s = m["thing"] + s[m.end() :]
        s = _PHASE_BEFORE_TOTAL.sub("", s)
        s = regex.sub(r"(?<=费|购置|运行|维护|接待)支出$", "", s)  # 公务接待费支出 is 公务接待费
        if s == before:
            break
    return s


@functools.cache
def _metric_rules() -> list[tuple[str, regex.Pattern, str, str]]:
    """(metric, head pattern, match, kind): the table, then the classes of 支出功能分类 by name."""
    with METRICS.open(encoding="utf-8") as f:
        rules = [
            (r["metric"], regex.compile(f"(?:{r['head']})$"), r["match"], r["kind"])
            for r in csv.DictReader(f)
        ]
    known = {k for k, *_ in rules}
    for code, name in _function_classes():
        key = f"function_{code}"
        if key not in known:
            rules.append(
                (
                    key,
                    regex.compile(f"(?:{regex.escape(name)}|{regex.escape(name[:-2])}类支出)$"),
                    "head",
                    "money",
                )
            )
    return rules


def _function_classes() -> list[tuple[str, str]]:
    """(code, name) of each 类 of 支出功能分类 whose name ends in 支出 and is one class's only
    (其他支出 is also an economic class; 国有资本经营预算支出 has its own row above)."""
    with (REFERENCE / "gov_classification.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["level"] == "类"]
    names = [r["name"] for r in rows]
    return [
        (r["code"], r["name"])
        for r in rows
        if r["kind"] == "function"
        and r["name"].endswith("支出")
        and names.count(r["name"]) == 1
        and r["name"] not in ("其他支出", "国有资本经营预算支出", "社会保险基金支出")
    ]


_CLASS_STEP = regex.compile(r"(?P<name>[^()]+?)\((?P<level>类|款|项)\)")


def class_path_code(name: str) -> str | None:
    """The code a name that spells its classification path stands for: `住房保障支出(类)住房改革
    支出(款)住房公积金(项)` → 2210201, each level looked up under the one before (支出功能分类)."""
    from .classification import candidates

    parent, code = None, None
    for m in _CLASS_STEP.finditer(unicodedata.normalize("NFKC", name).replace('"', "").strip("“”")):
        width = {"类": 3, "款": 5, "项": 7}[m["level"]]
        found = [e for e in candidates(m["name"], parent, "function") if len(e.code) == width]
        if len(found) != 1:
            break
        parent = code = found[0].code
    return code


def name_to_metric(name: str, unit: str | None, relation: str | None = None) -> str | None:
    """The canonical key of what a figure measures, from the head of its name
    (data/reference/metrics.csv), when the unit fits: money for money, people for people;
    a share or change (`relation`) of a measure keeps the measure's key."""
    if not name or unit is None:
        return None
    if unit in MONEY_UNITS or (relation and unit in RATIO_UNITS):
        code = class_path_code(name) if "(" in name or "（" in name else None
        if code:
            return f"function_{code}"
    head = metric_head(name, relation)
    if not head:
        return None
    best: tuple[int, str] | None = None
    for key, pattern, match, kind in _metric_rules():
        if kind == "amount" and relation:
            continue
        if unit not in METRIC_UNITS[kind] and not (relation and unit in RATIO_UNITS and kind != "count"):
            continue
        m = pattern.fullmatch(head) if match == "whole" else pattern.search(head)
        if m and (best is None or len(m[0]) > best[0]):
            best = (len(m[0]), key)
    return best[1] if best else None
