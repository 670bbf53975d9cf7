"""Adapter for the extraction scorer: ``extract_body(html, url) -> str`` (issue 4)."""

from __future__ import annotations

from scrapers import extract


def extract_body(html: str, url: str | None = None) -> str:
    """The body searchkit's extractor finds in a page."""
    return extract(html, url=url).body
