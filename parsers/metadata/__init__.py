"""What kind of report a document is, whose, for which year, published when.

`document_to_info(doc)` reads the title block, the table titles and the vocabulary
(`kinds`), the year (`years`), the reporting unit (`orgs`) and the date (`dates`). The
region, and for a government's report the government's name, are resolved later from
`org_name` and `title_block` by `normalize.regions`.
"""

from __future__ import annotations

import regex

from caizheng.extract.model import Document

from ..records import DocumentInfo
from . import kinds
from .dates import published_of
from .lines import document_lines, head_of, prose_lines, table_titles, title_block
from .orgs import ORG_SUFFIX, has_region, is_central_name, issuer_of, org_name_of, title_name
from .years import fiscal_year_of

__all__ = ["ORG_SUFFIX", "document_to_info", "published_of", "title_of"]

_GOVERNMENT_BODY = regex.compile(r"(?:人民政府|财政局|财政厅|财政委员会)$")


def document_to_info(doc: Document) -> DocumentInfo:
    lines = document_lines(doc)
    prose = prose_lines(lines)
    head = head_of(prose)
    block = title_block(head)
    titles = table_titles(prose)
    kind, confidence = kind_and_confidence(block, head, titles, "\n".join(prose[:20000]))
    if kind.startswith("government_"):
        org = None  # the government, named from its region by normalize.regions
    elif kind == "unknown":
        org = issuer_of(block, prose[:400])
    else:
        org = org_name_of(head, lines)
    return DocumentInfo(
        report_kind=kind,
        report_kind_confidence=confidence,
        fiscal_year=fiscal_year_of(block, kind, titles, lines),
        org_name=org,
        admin_level="central" if org and _is_central(org, prose) else None,
        published=published_of(lines),
        title=title_of(head),
        title_block=" ".join(block) or None,
    )


def kind_and_confidence(block: list[str], head: list[str], titles: list[str], text: str) -> tuple[str, float]:
    names = [n for line in block if (n := title_name(line))]
    org_in_title = any(not _GOVERNMENT_BODY.search(n) for n in names)
    region_only = (
        not names and bool(block) and has_region(regex.sub(r"^\s*(?:19|20)\d{2}\s*年?", "", block[0]))
    )
    title = kinds.title_reading(block, org_in_title, region_only)
    weak = title.family is None  # no title: the first lines' headings may name the kind
    if weak:
        headings = [ln for ln in head[:15] if len(ln) <= 40 and _mostly_han(ln)]
        title = kinds.title_reading(headings, org_in_title, region_only)
    tables = kinds.tables_reading(titles)
    return kinds.kind_of(title, tables, kinds.vocabulary_reading(text), kinds.not_a_report(block), weak=weak)


def _mostly_han(line: str) -> bool:
    """A Chinese title or heading, not a sentence of another language quoting a few words."""
    chars = [c for c in line if not c.isspace()]
    return sum(1 for c in chars if regex.match(r"\p{Han}", c)) * 2 >= len(chars)


def _is_central(org: str, prose: list[str]) -> bool:
    """A central unit: its name says so (国家…, 中华人民共和国…, 最高人民…), or the
    report says it is directly under a central ministry (`西南大学…是教育部直属…`)."""
    if is_central_name(org):
        return True
    if has_region(org):
        return False
    pattern = regex.compile(
        rf"{regex.escape(org)}.{{0,30}}?是(?:\p{{Han}}{{1,8}}部|国家\p{{Han}}{{1,8}}局|国务院)直属"
    )
    return any(pattern.search(line) for line in prose[:400])


_KIND_WORDS = regex.compile(r"自评|绩效|决算|预算|目标表|申报表")
_SECTION_HEADING = regex.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\d+[、.．])"
)


def title_of(head: list[str]) -> str | None:
    for i, line in enumerate(head[:15]):
        if _KIND_WORDS.search(line) and regex.search(r"\d{4}\s*年", " ".join(head[max(0, i - 2) : i + 2])):
            return line
    if head and not _SECTION_HEADING.match(head[0]):
        return head[0]
    return None  # the text opens with a section (第一部分 …): it prints no title
