"""Stable identifiers derived from content, so the same input always gives the same output."""

from __future__ import annotations

import hashlib


def digest(*parts: object, length: int = 12) -> str:
    """A short hex digest of ``parts``: equal inputs give equal ids across runs and machines."""
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()[:length]


def incident_id(article_id: str, sentence_start: int, site_start: int, event_type: str) -> str:
    """Id of an incident found in one article: where its sentence and its place start."""
    return "inc-" + digest(article_id, sentence_start, site_start, event_type)
