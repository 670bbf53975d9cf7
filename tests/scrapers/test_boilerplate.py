"""The vocabulary is data; these check it stays well-formed (normalised, valid selectors)."""

from __future__ import annotations

from scrapers.boilerplate import (
    BOILERPLATE_LINES,
    BOILERPLATE_PREFIXES,
    SHARE_LABELS,
    SITE_RULES,
    TEASER_PREFIXES,
)
from scrapers.clean_text import normalize
from scrapers.dom import parse, select


def test_phrases_are_stored_normalised() -> None:
    for phrase in BOILERPLATE_LINES | SHARE_LABELS:
        assert normalize(phrase) == phrase, phrase


def test_prefixes_are_lower_case() -> None:
    for prefix in BOILERPLATE_PREFIXES + TEASER_PREFIXES:
        assert prefix == prefix.lower(), prefix


def test_site_rules_are_valid() -> None:
    root = parse("<p>x</p>")
    for rule in SITE_RULES:
        assert rule.hosts
        for selector in (rule.body, *rule.drop):
            if selector:
                select(root, selector)  # raises ValueError for an unsupported selector
        for phrase in rule.drop_lines | rule.keep_lines:
            assert normalize(phrase) == phrase, phrase
