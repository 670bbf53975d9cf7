"""Line rules for text already scraped from a page (the seed format, issue 3).

The format: the title on the first line, then the story's paragraphs, one per line, usually
with blank lines between them, with the page's chrome (share prompts, the comment form,
"Related Post", the site's sign-off) left in as lines of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrapers.boilerplate import (
    BOILERPLATE_LINES,
    BOILERPLATE_PATTERNS,
    BOILERPLATE_PREFIXES,
    SiteRule,
)

_SPACES = re.compile(r"\s+")
# Decoration around a label that does not change what it says: "Share this:", "Loading...",
# "Required fields are marked *", "Related Posts »".
_TRIM = " \t:.…*»«|-–—>•·"
_PREFIX_RE = re.compile("|".join(re.escape(p) for p in BOILERPLATE_PREFIXES), re.IGNORECASE)
_PATTERN_RE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_PATTERNS), re.IGNORECASE)
# Patterns judge short blocks only: a sign-off like "Follow us on Twitter" is a line or two,
# while a story paragraph may mention following someone on Twitter (dev sign-offs: < 200).
_MAX_PATTERN_CHARS = 250


@dataclass(frozen=True)
class Dropped:
    """One piece of a page left out of the body, and why (what ``explain`` reports)."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """The fields as a JSON-ready dict (what ``searchkit clean --explain --json`` prints)."""
        return {"text": self.text, "reason": self.reason}


def normalize(line: str) -> str:
    """The form boilerplate phrases are compared in: lower case, spaces collapsed, decoration cut.

    >>> normalize("  Kindly Share This Story: ")
    'kindly share this story'
    """
    return _SPACES.sub(" ", line).strip(_TRIM).lower()


def boilerplate_reason(line: str, rule: SiteRule | None = None) -> str | None:
    """Why a line or text block is boilerplate, or ``None`` when it may be story text.

    A site ``rule`` adds its own phrases (``drop_lines``) and shields others (``keep_lines``).

    >>> boilerplate_reason("Leave a Reply")
    'boilerplate phrase'
    >>> boilerplate_reason("Aleppo is experiencing a descent into hell.") is None
    True
    """
    key = normalize(line)
    if not key or (rule is not None and key in rule.keep_lines):
        return None
    if key in BOILERPLATE_LINES:
        return "boilerplate phrase"
    if rule is not None and key in rule.drop_lines:
        return "site rule phrase"
    if _PREFIX_RE.match(line.strip()):
        return "boilerplate prefix"
    if len(line) <= _MAX_PATTERN_CHARS and _PATTERN_RE.search(line):
        return "boilerplate pattern"
    return None


def clean_lines(
    text: str, rule: SiteRule | None = None
) -> tuple[str, list[str], list[Dropped]]:
    """Split a text dump into (title, story paragraphs, dropped lines).

    >>> clean_lines("Title\\n\\nShare this:\\n\\nStory.\\nStory.\\n")[:2]
    ('Title', ['Story.'])
    """
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "", [], []
    title, rest = lines[0], lines[1:]
    kept: list[str] = []
    dropped: list[Dropped] = []
    for line in rest:
        reason = boilerplate_reason(line, rule)
        if reason is None and kept and line == kept[-1]:
            reason = "repeated line (a caption scraped twice)"
        if reason is None:
            kept.append(line)
        else:
            dropped.append(Dropped(line, reason))
    return title, kept, dropped
