"""Name normalization (SCHEMA.md conventions): NFKC, no whitespace touching a CJK
character, no leading ordinal (`一、` `（一）` `1.` `(1)` `1、`), unified quotes."""

from __future__ import annotations

import unicodedata

import regex

_CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef"
_SPACE_NEAR_CJK = regex.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
_ORDINAL = regex.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百]+[)）]|[(（]\d+[)）]|\d+[、.．](?!\d)|[①-⑳])\s*"
)
_PART_OF = regex.compile(r"^其中\s*[:：]\s*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


def normalize_name(text: str | None) -> str | None:
    """`一、一般公共 预算财政拨款收入` → `一般公共预算财政拨款收入`."""
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    s = _SPACE_NEAR_CJK.sub("", s).strip()
    s = regex.sub(r"\s+", " ", s)
    s = _ORDINAL.sub("", s, count=1).strip()
    return _PART_OF.sub("", s, count=1).strip()  # `其中：基本支出` is the row 基本支出
