"""Kept for the modules that import it: the metadata readers live in `parsers.metadata`."""

from __future__ import annotations

from .metadata import ORG_SUFFIX, document_to_info, published_of, title_of

__all__ = ["ORG_SUFFIX", "document_to_info", "published_of", "title_of"]
