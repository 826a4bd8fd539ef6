"""Who reports: the department's full name, or for a negative its issuer.

A name ends in one of the suffixes Chinese public bodies use (部 厅 局 委 委员会 办公室
办事处 中心 院 所 站 馆 学校 大学 …) and is never cut inside: a suffix ends the name only
where what follows cannot continue it (a year, the report's kind `部门预算`, `本级`,
punctuation), so `中共…区委社会工作部` is not read as `中共…区委`, nor
`重庆市商务委员会` as `重庆市商务委`.

Read, in order: a labelled field (`部门：`, `单位名称`, `编制单位`, `预算主管部门：` …), the
title's name, the anonymized title's full form (`人力资源和社会保障部门` → the body's
`南宫市人力资源和社会保障局`), labelled fields further on, and the unit the body names
most as its subject. A government's reports are the government's: its name is made from
the region in `normalize.regions`. A negative keeps a name only where it names its
issuer the way official documents do: a letterhead line, `X关于…`, or a signature
above the date.
"""

from __future__ import annotations

from collections import Counter

import regex

SUFFIXES = (
    "人民政府办公室", "人民政府办公厅", "人民政府", "办公室", "办公厅", "办事处", "委员会", "常委会办公厅",
    "管理局", "监督局", "服务局", "保障局", "事务局", "总局", "总署", "局", "厅", "委", "办", "部",
    "人民法院", "人民检察院", "法院", "检察院", "医院", "研究院", "研究所", "设计院", "院", "所",
    "大学", "学院", "学校", "中学", "小学", "幼儿园", "中心", "站", "馆", "处", "队", "团", "社",
    "协会", "联合会", "学会", "基金会", "政府", "部门",
)  # fmt: skip
ORG_SUFFIX = "(?:" + "|".join(sorted(SUFFIXES, key=len, reverse=True)) + ")"
# what may follow a complete name in a title or a label
_END = regex.compile(
    r"(?:$|[^\p{Han}]|年|部门(?:预算|决算|整体|单位)|单位(?:预算|决算)|本级|关于|预算|决算|绩效|项目|整体|"
    r"政府信息|二[〇○零]|单位[:：]|财政拨款|收支|[一二三四五六七八九十]+[、.])"
)
_NAME = regex.compile(rf"[\p{{Han}}（）()“”\"]{{1,40}}?{ORG_SUFFIX}")
# a field's label: the explicit ones may be printed without a colon (a table cell)
_LABEL = regex.compile(
    r"(?:部门（单位）全称|部门\(单位\)全称|部门（单位）名称|部门\(单位\)名称|单位全称|单位名称|部门名称|"
    r"预算主管部门|主管部门|预算单位|编制部门|编制单位|填报单位)\s*[:：]?\s*|(?:部门|单位)\s*[:：]\s*"
)
_LEADING = regex.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|(?:19|20)\d{2}\s*年度?|二[〇○零]\S{2}年度?)\s*"
)
_CENTRAL = regex.compile(
    r"^(?:国家|中华人民共和国|中国(?!共产党\p{Han}{2,3}(?:省|市|自治区))|中共中央|中央|全国|最高人民|国务院)"
)
_REGION = regex.compile(r"^(?:中共|中国共产党)?\p{Han}{2,}?(?:省|自治区|市|州|盟|地区|县|区|旗)")


def names_in(text: str) -> list[str]:
    """Every complete name that starts at the text's start: the longest last."""
    text = text.replace(" ", "")
    out = []
    for m in regex.finditer(ORG_SUFFIX, text):
        end = m.end()
        if end < 3 or not _END.match(text, end):
            continue
        name = text[:end]
        if regex.fullmatch(r"[\p{Han}（）()“”\"]+", name):
            out.append(name)
    return out


def title_name(line: str) -> str | None:
    """The name a title line opens with (after a year or an ordinal), or None."""
    line = _LEADING.sub("", line.replace(" ", ""))
    line = regex.sub(r"^关于", "", line)
    names = names_in(line)
    # the longest complete name; `…部门` only for an anonymized title that has no other
    found = [n for n in names if len(n) >= 4 and not n.endswith("部门")] or [n for n in names if len(n) >= 6]
    return clean(found[-1]) if found else None


def labelled_name(line: str) -> str | None:
    for m in _LABEL.finditer(line.replace(" ", "")):
        rest = line.replace(" ", "")[m.end() :]
        names = [n for n in names_in(rest) if is_full(n)]
        if names:
            return clean(names[-1])
    return None


def clean(name: str) -> str:
    name = regex.sub(r"(?:文件|关于.*)$", "", name)
    name = regex.sub(r"\d{4}年.*$", "", name)
    return name.strip('“”"（）() ')


def is_full(name: str) -> bool:
    return (
        bool(regex.search(rf"{ORG_SUFFIX}$", name))
        and len(name) >= 4
        and not name.startswith(("区", "县", "市", "省"))
        and not name.endswith("部门")
    )


def has_region(name: str) -> bool:
    return bool(_REGION.match(name))


def is_standalone(name: str) -> bool:
    """Names that need no region: universities and central units."""
    return bool(regex.search(r"大学|学院$", name)) or is_central_name(name)


def is_central_name(name: str) -> bool:
    return bool(_CENTRAL.match(name)) and not regex.search(r"\p{Han}{2,}?(?:省|自治区|市|州|县)", name[2:])


def join_title(head: list[str]) -> list[str]:
    """Title lines, with a name wrapped over two lines (`上海市普陀区规划和自然` + `资源局`) joined."""
    out = []
    for i, line in enumerate(head[:8]):
        out.append(line)
        if i + 1 < len(head) and not title_name(line) and regex.fullmatch(r"\p{Han}+", line):
            out.append(line + head[i + 1])
    return sorted(out, key=lambda s: 0 if title_name(s) and len(s) > 6 else 1)


def org_name_of(head: list[str], lines: list[str]) -> str | None:
    """The department's full name: a labelled field, else the title's organisation."""
    for line in head:
        name = labelled_name(line)
        if name:
            return name
    for line in join_title(head):
        name = title_name(line)
        if name:
            if has_region(name) or is_standalone(name):
                return name
            return expand_anonymized(name, lines) or name
    return labelled_majority(lines) or most_named(lines)


def labelled_majority(lines: list[str]) -> str | None:
    """The name most labelled fields give (a cover printed as an image still has
    `部门：…` in its tables' headers)."""
    counts = Counter(n for ln in lines[:3000] if (n := labelled_name(ln)) and has_region(n))
    return counts.most_common(1)[0][0] if counts else None


def most_named(lines: list[str]) -> str | None:
    """The unit the body names most as its subject: `江苏省政协办公厅 2019年度…`,
    `江苏省政协办公厅本年收入…`."""
    subject = regex.compile(
        rf"^((?:中共)?\p{{Han}}{{2,10}}?(?:省|自治区|市|州|县|区)\p{{Han}}{{1,20}}?{ORG_SUFFIX})(?=\s*(?:20\d\d|本年|部门))"
    )
    counts = Counter(m[1] for ln in lines[:3000] if (m := subject.match(ln)))
    counts = Counter({n: c for n, c in counts.items() if is_full(n)})
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 3 else None


def expand_anonymized(generic: str, lines: list[str]) -> str | None:
    """`人力资源和社会保障部门` → the full name the body prints, e.g. `南宫市人力资源和社会保障局`."""
    core = regex.sub(rf"{ORG_SUFFIX}$", "", generic)
    if len(core) < 2:
        return None
    pattern = regex.compile(rf"(\p{{Han}}{{2,8}}?(?:省|市|县|区|旗)){regex.escape(core)}{ORG_SUFFIX}")
    counts = Counter(m.group(0) for ln in lines for m in pattern.finditer(ln.replace(" ", "")))
    return counts.most_common(1)[0][0] if counts else None


def issuer_of(block: list[str], lines: list[str]) -> str | None:
    """A negative's issuer, where it names one as official documents do: a letterhead
    line that is a name and nothing else, `X关于…`, or a signature above the date."""
    for line in block:
        t = line.replace(" ", "")
        names = names_in(t)
        if names and names[-1] == t and (has_region(t) or is_standalone(t)) and is_full(t):
            return t
        m = regex.match(r"^(\p{Han}{4,30}?)关于", t)
        if m and names_in(m[1]) and names_in(m[1])[-1] == m[1] and has_region(m[1]):
            return m[1]
    for prev, line in zip(lines, lines[1:]):
        t = prev.replace(" ", "")
        if regex.fullmatch(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日", line.replace(" ", "")):
            names = names_in(t)
            if names and names[-1] == t and has_region(t) and is_full(t):
                return t
    return None
