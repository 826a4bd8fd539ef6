"""text.punctuation: doubled punctuation (`。。`) and quotes or brackets left unbalanced.

Quotes and brackets are counted over the running text, across line wraps and page breaks:
a quote opened at the end of a line and closed on the next is balanced. The count starts
again at a numbered heading and after a table; only a heading shows that a paragraph ended. A closing bracket after a list ordinal at
the start of a line (`1）`) opens nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .wording import context, wording_finding

PAIRS = {"“": "”", "(": ")", "《": "》", "【": "】", "「": "」", "『": "』"}
CLOSERS = {v: k for k, v in PAIRS.items()}
DOUBLED = regex.compile(r"。。|,,|;;|、、|,。|。,")
ORDINAL = regex.compile(r"(?:^|(?<=[;,。:]))(?:\d{1,2}|[a-zA-Z]|[一二三四五六七八九十]{1,3})\)")


def punctuation_findings(prose: list[dict]) -> Iterator[dict]:
    for line in prose:
        text = line.get("text") or ""
        for m in DOUBLED.finditer(text):
            yield wording_finding("text.punctuation", line, context(text, m.start(), m.end()), "标点重复")
    yield from _unbalanced(prose)


def _unbalanced(prose: list[dict]) -> Iterator[dict]:
    """A bracket still open at the next heading is unclosed; one open where a table interrupts
    the text is not judged (the rest of the sentence may be what was read as the table), nor
    is a closing bracket before the next heading."""
    stack: list[tuple[str, dict, int]] = []  # (opener, line, position)
    sure = True  # the block began at a heading or the start of the document
    for n, line in enumerate(prose):
        if line.get("block_start") and n > 0:
            if line.get("heading") and sure:
                yield from _unclosed(stack)
            stack, sure = [], bool(line.get("heading"))
        text = line.get("text") or ""
        ordinals = {m.end() - 1 for m in ORDINAL.finditer(text)}
        for i, ch in enumerate(text):
            if ch in PAIRS:
                stack.append((ch, line, i))
            elif ch in CLOSERS:
                opener = CLOSERS[ch]
                depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == opener), None)
                if depth is None and (i in ordinals or not sure):
                    continue  # `1）`: a list ordinal, not a closing bracket
                if depth is None:
                    yield wording_finding(
                        "text.punctuation", line, context(text, i, i + 1), f"“{ch}”无对应的“{opener}”"
                    )
                    continue
                yield from _unclosed(stack[depth + 1 :])
                del stack[depth:]
    if sure:
        yield from _unclosed(stack)


def _unclosed(stack: list[tuple[str, dict, int]]) -> Iterator[dict]:
    for opener, line, i in stack:
        text = line.get("text") or ""
        yield wording_finding("text.punctuation", line, context(text, i, i + 1), f"“{opener}”未闭合")
