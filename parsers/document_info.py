"""What kind of report a document is, whose, for which year, published when.

`document_to_info(doc)` reads the title block (the first lines), labelled fields
(`部门：`, `部门（单位）全称：`, `预算主管部门：`, `填报日期`) and, where the title is
anonymized (`人力资源和社会保障部门 2021 年部门预算`), the full names the body
prints. The region is resolved later from `org_name` by `normalize.regions`.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import regex

from extract.model import Document

from .numbers import parse_chinese_numeral
from .records import DocumentInfo

TITLE_LINES = 40  # the title block: lines read for kind, year and name

_KINDS = (
    ("performance_self_evaluation", regex.compile(r"自评报告|自评表|绩效评价报告|绩效自评|评价自评")),
    ("final_accounts", regex.compile(r"部门决算|决算公开|决算表|年度决算")),
    ("budget", regex.compile(r"部门预算|预算公开|预算表|单位预算")),
)
# a label followed by the department's full name
_LABELLED = regex.compile(
    r"(?:部门（单位）全称|部门\(单位\)全称|部门（单位）名称|单位全称|单位名称|预算主管部门|主管部门|编制部门|填报单位|部门|单位)"
    r"\s*[:：]\s*(?P<name>[\p{Han}（）()]{3,40}?)(?=\s|$|单位[:：]|[0-9])"
)
ORG_SUFFIX = (
    r"(?:人民政府办公室|办公室|办公厅|委员会|管理局|监督局|服务局|保障局|事务局|局|厅|委|办|院|大学|学院|学校|中心|"
    r"政府|法院|检察院|医院|研究所|所|站|馆|处|队|协会|联合会|会|社|团|部门)"
)
_ORG = regex.compile(rf"[\p{{Han}}（）()“”\"]{{2,40}}?{ORG_SUFFIX}(?![\p{{Han}}])")
_ORG_PREFIX = regex.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)\s*")
_YEAR_IN_TITLE = regex.compile(r"(?<!\d)(20[0-4]\d)\s*年")
_DATE = regex.compile(
    r"(?P<y>20\d{2}|二[〇零][一二三四五六七八九〇零]{2})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)
_DATE_LABEL = regex.compile(r"(?:填报|报送|编制|印发|发布|公开)?日期\s*[:：]?\s*")


def document_to_info(doc: Document) -> DocumentInfo:
    lines = [unicodedata.normalize("NFKC", ln.text).strip() for ln in doc.lines()]
    lines = [ln for ln in lines if ln and not regex.fullmatch(r"[-#*_=\s|]+", ln)]
    # a report's title is prose, not a table row: a list of reports (a README, an
    # index) names report kinds in its cells without being one
    prose = [ln for ln in lines if "|" not in ln and "\t" not in ln]
    head = [_strip_markup(ln) for ln in prose[:TITLE_LINES]]
    title = title_of(head)
    org = org_name_of(head, lines)
    return DocumentInfo(
        report_kind=report_kind_of(head, prose),
        fiscal_year=fiscal_year_of(head, lines),
        org_name=org,
        published=published_of(lines),
        title=title,
    )


def _strip_markup(line: str) -> str:
    return regex.sub(r"^[#>*\s]+|\*\*", "", line).strip()


def title_of(head: list[str]) -> str | None:
    for i, line in enumerate(head[:15]):
        if any(p.search(line) for _, p in _KINDS) and regex.search(
            r"\d{4}\s*年", " ".join(head[max(0, i - 2) : i + 2])
        ):
            return line
    if head and not _SECTION_HEADING.match(head[0]):
        return head[0]
    return None  # the text opens with a section (第一部分 …): it prints no title


_SECTION_HEADING = regex.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\d+[、.．])"
)


def report_kind_of(head: list[str], lines: list[str]) -> str:
    """The kind the title names; failing that, the kind the body names first."""
    for block in (head[:15], head, lines):
        first = None
        for pos, line in enumerate(block):
            for kind, pattern in _KINDS:
                if pattern.search(line):
                    first = first or (pos, kind)
            if first:
                return first[1]
    return "unknown"


def fiscal_year_of(head: list[str], lines: list[str]) -> int | None:
    """The year the figures are for: the year in the title block, else the most printed year."""
    for line in head[:15]:
        if any(p.search(line) for _, p in _KINDS) or regex.search(r"年度|整体支出|预算|决算", line):
            m = _YEAR_IN_TITLE.search(line)
            if m:
                return int(m[1])
    for line in head:
        m = regex.search(r"(?<!\d)(20[0-4]\d)\s*年度", line)
        if m:
            return int(m[1])
    years = Counter(int(m[1]) for ln in lines for m in _YEAR_IN_TITLE.finditer(ln))
    return years.most_common(1)[0][0] if years else None


def org_name_of(head: list[str], lines: list[str]) -> str | None:
    """The department's full name: a labelled field, else the title's organisation."""
    for line in head:
        m = _LABELLED.search(line)
        if m and _is_full_org(m["name"]):
            return _clean_org(m["name"])
    joined = _join_title(head)
    for line in joined:
        m = _ORG.search(_ORG_PREFIX.sub("", line).replace(" ", ""))
        if m:
            name = _clean_org(m.group(0))
            if _has_region(name) or _is_standalone(name):
                return name
            return _expand_anonymized(name, lines) or name
    return None


def _join_title(head: list[str]) -> list[str]:
    """Title lines, with a name wrapped over two lines (`上海市普陀区规划和自然` + `资源局`) joined."""
    out = []
    for i, line in enumerate(head[:8]):
        out.append(line)
        if i + 1 < len(head) and not _ORG.search(line) and regex.fullmatch(r"\p{Han}+", line):
            out.append(line + head[i + 1])
    return sorted(out, key=lambda s: 0 if _ORG.search(s) and len(s) > 6 else 1)


def _is_full_org(name: str) -> bool:
    return (
        bool(regex.search(rf"{ORG_SUFFIX}$", name))
        and len(name) >= 4
        and not name.startswith(("区", "县", "市"))
    )


def _clean_org(name: str) -> str:
    name = regex.sub(r"(?:文件|关于.*)$", "", name)
    name = regex.sub(r"\d{4}年.*$", "", name)
    return name.strip('“”"（）() ')


def _has_region(name: str) -> bool:
    from_region = regex.match(r"^(?:中共)?\p{Han}{2,}?(?:省|自治区|市|州|盟|地区|县|区|旗)", name)
    return bool(from_region)


def _is_standalone(name: str) -> bool:
    """Names that need no region: universities and central units."""
    return bool(regex.search(r"大学|学院$", name))


def _expand_anonymized(generic: str, lines: list[str]) -> str | None:
    """`人力资源和社会保障部门` → the full name the body prints, e.g. `南宫市人力资源和社会保障局`."""
    core = regex.sub(rf"{ORG_SUFFIX}$", "", generic)
    if len(core) < 2:
        return None
    pattern = regex.compile(rf"(\p{{Han}}{{2,8}}?(?:省|市|县|区|旗)){regex.escape(core)}{ORG_SUFFIX}")
    counts = Counter(m.group(0) for ln in lines for m in pattern.finditer(ln.replace(" ", "")))
    return counts.most_common(1)[0][0] if counts else None


def published_of(lines: list[str]) -> str | None:
    """The date printed on the report: a labelled date, else a date standing alone on a line."""
    for line in lines:
        m = _DATE_LABEL.search(line)
        if m:
            d = _DATE.match(line[m.end() :])
            if d:
                return _iso(d)
    for line in reversed(lines):
        d = _DATE.fullmatch(line.replace(" ", ""))
        if d:
            return _iso(d)
    return None


def _iso(m) -> str | None:
    def num(s):
        if s is None:
            return None
        return int(s) if s.isdigit() else parse_chinese_numeral(s.replace("〇", "零"), errors="null")

    y = m["y"]
    year = int(y) if y.isdigit() else parse_chinese_numeral(y)
    month, day = num(m["m"]), num(m["d"])
    if not month or not 1 <= month <= 12:
        return None
    if day and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"
