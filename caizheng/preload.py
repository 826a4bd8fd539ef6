"""Imported once by the worker pool's fork server: loads the pipeline and warms the
caches every document needs (jieba's dictionaries take about a second to load), so
each forked worker inherits them instead of loading them again per document."""

from __future__ import annotations

from . import pipeline  # noqa: F401  (the parsers, pyarrow, pdfplumber)


def warm() -> None:
    from caizheng.parsers import facts_phrase
    from caizheng.parsers.performance import vocab as perf_vocab

    perf_vocab.leading_levels("产出指标数量指标")
    facts_phrase.leading_noun_phrase("个体工商户审批发放贷款")
    facts_phrase._jieba().lcut("城镇新增就业")


warm()
