"""Drop the non-story DOM: navigation, forms, share and comment widgets, related lists, ads.

Two passes over the parsed page (issue 3, 4): elements whose tag never holds story text
(``boilerplate.DROP_TAGS``), then elements whose class or id names a kind of chrome
(``boilerplate.DROP_CLASS_WORDS``) or that are hidden. An element that holds most of the page's
text is never dropped, whatever its name: ASP.NET pages wrap everything in one ``<form>``, and
themes put words like ``single-post has-sidebar`` on the story's own wrapper.
"""

from __future__ import annotations

import re

from scrapers.boilerplate import CONTENT_CLASS_WORDS, DROP_CLASS_WORDS, DROP_TAGS, SiteRule
from scrapers.clean_text import Dropped
from scrapers.dom import Element, class_and_id, remove, select, text_of


def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Whole words of a class/id: separated by spaces, "-" or "_" (so "share" matches "post-share"
    # and "share_bar" but not "shareholders").
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s_-])(?:{alternation})(?:$|[\s_-])", re.IGNORECASE)


DROP_CLASS_RE = _word_pattern(DROP_CLASS_WORDS)
CONTENT_CLASS_RE = _word_pattern(CONTENT_CLASS_WORDS)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# An element holding more than this share of the page's text is the page's frame, not a widget,
# so its name does not get it dropped. A first setting (issue 3), to be calibrated on dev in
# issue 4.
_FRAME_SHARE = 0.5
# Longest preview of a dropped block in an explanation.
PREVIEW_CHARS = 80


def preview(text: str) -> str:
    """A one-line preview of a block's text, for explanations."""
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def prune(
    root: Element, rule: SiteRule | None = None, dropped: list[Dropped] | None = None
) -> None:
    """Remove non-story elements from ``root`` in place, noting each in ``dropped`` when given."""
    for el in list(root.iter(*DROP_TAGS)):
        if el.getparent() is not None:
            _drop(el, f"<{el.tag}> element", dropped)
    if rule is not None:
        for selector in rule.drop:
            for el in select(root, selector):
                _drop(el, f"site rule {selector!r}", dropped)
    total = len(text_of(root))
    for el in list(root.iter()):
        if el.getparent() is None or not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        reason = _chrome_reason(el)
        if reason is None:
            continue
        if total and len(text_of(el)) > _FRAME_SHARE * total:
            continue
        _drop(el, reason, dropped)


def _chrome_reason(el: Element) -> str | None:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return "hidden element"
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return "hidden element"
    names = class_and_id(el)
    if not names:
        return None
    match = DROP_CLASS_RE.search(names)
    if match is None or CONTENT_CLASS_RE.search(names):
        return None
    return f"class/id {match.group(0).strip(' -_')!r}"


def _drop(el: Element, reason: str, dropped: list[Dropped] | None) -> None:
    if dropped is not None:
        text = preview(text_of(el))
        if text:
            dropped.append(Dropped(text, reason))
    remove(el)
