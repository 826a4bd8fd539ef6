"""What kind of report a document is, and how sure that reading is.

Three readings are made and then weighed (`kind_of`):
- the title block names a family (预算, 决算, 绩效目标, 自评, 评价) and often who reports:
  a department (`部门预算`, `单位预算`, a name ending in 局/委/办…) or a government
  (`预算执行情况和…预算草案`, `总决算`, `决算草案`, `全市`/`市本级`, `地方政府债务`, or a
  region named alone: `山东省2023年决算情况表`);
- the table titles (a department prints 部门收支总表/财政拨款收支总表, a government
  一般公共预算收入表 by tax, 转移支付分地区表, 债务限额及余额表);
- the vocabulary of the text (税收收入, 上级补助收入, 各位代表 … against 部门概况, 主要职责,
  机关运行经费 …).
A title whose genre is not a report (通知, 办法, 汇编, 公报, 信息公开工作年度报告 …) makes
the document `unknown`, whatever finance words it quotes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

_FAMILIES = (
    ("performance_self_evaluation", regex.compile(r"自评报告|自评表|绩效自评|自评价|评价自评|自评情况")),
    ("performance_evaluation", regex.compile(r"绩效评价报告|绩效评价结果|重点评价|第三方评价|评价报告")),
    ("performance_targets", regex.compile(r"绩效目标表|绩效目标申报表|目标申报表|绩效目标")),
    ("final", regex.compile(r"决算")),
    ("budget", regex.compile(r"预算|债务|债券")),
)
_GOV_TITLE = regex.compile(
    r"总决算|决算草案|预算草案|预算[（(]草案[)）]|预算执行|执行情况|完成情况|政府预算|财政预算|财政决算|政府决算|"
    r"地方财政|全(?:省|市|区|州|县|盟|国)|(?:省|市|区|州|县|旗|盟)本级|省级|市级|区级财政|"
    r"地方政府|政府(?:一般|专项)?债务|债券|一般公共预算(?:收入|支出|收支)|代表大会.{0,12}会议|人大.{0,6}会议"
)
_DEPT_TITLE = regex.compile(r"部门|单位预算|单位决算|单位整体|项目支出|预算单位|主管部门")
_NOT_A_REPORT = regex.compile(
    r"通知|汇编|办法|条例|规定|公报|意见|决定|批复|复函|指南|问题解答|温馨提示|工作年度报告|统计公报|"
    r"(?<=\p{Han}{2})(?<!表|表格)目录$|章程|合同"
)
_GOV_WORDS = ("税收收入", "增值税", "企业所得税", "上级补助收入", "返还性收入", "一般性转移支付", "专项转移支付",
              "债务限额", "债务余额", "再融资", "新增债券", "本级", "全市", "全省", "全区", "各位代表",
              "预算稳定调节基金", "非税收入", "补助下级", "上解上级")  # fmt: skip
_DEPT_WORDS = ("部门收支总表", "收支预算总表", "收支决算总表", "部门收入总表", "部门支出总表", "财政拨款收支",
               "机关运行经费", "部门概况", "单位概况", "主要职责", "主要职能", "机构设置", "预算单位",
               "本部门", "本单位", "部门整体", "人员经费")  # fmt: skip
_PERF_WORDS = ("一级指标", "二级指标", "三级指标", "指标值", "产出指标", "效益指标", "满意度指标")
_SELF_EVAL_WORDS = ("自评", "得分", "实际完成值", "偏差原因")


@dataclass(frozen=True)
class Reading:
    family: str | None  # budget, final, performance_* or None
    sector: str | None  # government, department or None


def _family(text: str) -> str | None:
    for family, pattern in _FAMILIES:
        if pattern.search(text):
            return family
    return None


def _sector(text: str, org_in_title: bool, region_only: bool) -> str | None:
    if _DEPT_TITLE.search(text):
        return "department"
    if _GOV_TITLE.search(text):
        return "government"
    if org_in_title:
        return "department"
    return "government" if region_only else None


def title_reading(block: list[str], org_in_title: bool, region_only: bool) -> Reading:
    """The family of the first title line that names one (a line and the next, for a
    title wrapped over two), and the sector the whole block gives."""
    text = "".join(block).replace(" ", "")
    family = None
    for i, line in enumerate(block):
        family = _family(line.replace(" ", "")) or _family("".join(block[i : i + 2]).replace(" ", ""))
        if family:
            break
    return Reading(family, _sector(text, org_in_title, region_only))


def not_a_report(block: list[str]) -> bool:
    return any(_NOT_A_REPORT.search(line.replace(" ", "")) for line in block[:8])


def tables_reading(titles: list[str]) -> tuple[Reading, int]:
    """The family and sector most table titles name, and how many titles had one."""
    families: Counter[str] = Counter()
    sectors: Counter[str] = Counter()
    for t in titles:
        t = t.replace(" ", "")
        family = _family(t) or ("budget" if regex.search(r"一般公共预算|政府性基金|收支.*表$", t) else None)
        if not family:
            continue
        families[family] += 1
        if _DEPT_TITLE.search(t) or regex.search(r"财政拨款|三公|机关运行|基本支出", t):
            sectors["department"] += 1
        elif _GOV_TITLE.search(t) or regex.search(r"税收返还|转移支付|分地区|收入.*(?:执行|完成|决算)", t):
            sectors["government"] += 1
    n = sum(families.values())
    money = families["budget"] + families["final"]
    if money >= 3:  # target or self-evaluation tables beside money tables are a report's attachments
        families = Counter({k: v for k, v in families.items() if k in ("budget", "final")})
    family = _top(families)
    sector = _top(sectors)
    return Reading(family, sector), n


def vocabulary_reading(text: str) -> Reading:
    gov = sum(min(text.count(w), 5) for w in _GOV_WORDS)
    dept = sum(min(text.count(w), 5) for w in _DEPT_WORDS)
    perf = sum(min(text.count(w), 5) for w in _PERF_WORDS)
    self_eval = sum(min(text.count(w), 5) for w in _SELF_EVAL_WORDS)
    sector = "government" if gov > 2 * dept + 3 else "department" if dept > gov else None
    finals, budgets = text.count("决算"), text.count("预算")
    if perf >= 10 and perf > gov + dept:
        family = "performance_self_evaluation" if self_eval >= 8 else "performance_targets"
    elif finals + budgets < 5:
        family = None
    else:
        family = "final" if finals > budgets else "budget"
    return Reading(family, sector)


def _top(counts: Counter) -> str | None:
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2) + [(None, 0)]
    return best if n > rest[0][1] else None


def to_kind(family: str | None, sector: str | None) -> str:
    if family is None:
        return "unknown"
    if family in ("budget", "final"):
        base = {"budget": "budget", "final": "final_accounts"}[family]
        return f"government_{base}" if sector == "government" else base
    return family


def kind_of(
    title: Reading, tables: tuple[Reading, int], vocabulary: Reading, negative: bool, weak: bool = False
) -> tuple[str, float]:
    """The kind and a confidence in 0..1: how many readings agree, and how strong the
    strongest is (the title's, then the tables', then the vocabulary's)."""
    table, n_tables = tables
    if negative:
        return "unknown", 0.9 if n_tables < 3 else 0.7
    family = title.family or table.family or vocabulary.family
    if family is None:
        return "unknown", 0.8 if vocabulary.sector is None else 0.6
    sector = title.sector or table.sector or vocabulary.sector
    if family.startswith("performance"):
        sector = None
    kind = to_kind(family, sector)
    if title.family:
        score = 0.8 if title.sector or family.startswith("performance") else 0.7
        score -= 0.15 if weak else 0
    elif table.family and n_tables >= 3:
        score = 0.65
    else:
        score = 0.45
    for other in (table, vocabulary):
        if other.family is None:
            continue
        agrees = to_kind(other.family, other.sector or sector) == kind
        score += 0.08 if agrees else -0.1
    return kind, round(max(0.1, min(score, 0.99)), 2)
