"""Drop the non-story DOM: navigation, forms, share and comment widgets, related lists, ads.

Two passes (issues 3, 4). :func:`prune` works on the whole page before the story is located:
it drops elements whose tag never holds story text (``boilerplate.DROP_TAGS``), hidden
elements and a site rule's selectors. :func:`prune_chrome` works inside the located story
container: it drops elements whose class or id names a widget or media
(``boilerplate.DROP_CLASS_WORDS``, ``MEDIA_CLASS_WORDS``, and ``WEAK_DROP_CLASS_WORDS`` unless
the name also says story). Names are judged only inside the container because page wrappers
are named like chrome (``content-with-sidebar-wrp``). An element that holds most of the
text is never dropped, whatever it is: ASP.NET pages wrap everything in one ``<form>``, and a
page saved with a modal open hides its whole wrapper.
"""

from __future__ import annotations

import re

from scrapers.boilerplate import (
    CONTENT_CLASS_WORDS,
    DROP_CLASS_WORDS,
    DROP_TAGS,
    MEDIA_CLASS_WORDS,
    MEDIA_LAYOUT_WORDS,
    STORY_CLASS_HINTS,
    STORY_LIST_CLASS_WORDS,
    STORY_NOTE_CLASS_WORDS,
    WEAK_DROP_CLASS_WORDS,
    SiteRule,
)
from scrapers.clean_text import Dropped, preview
from scrapers.dom import (
    Element,
    class_and_id,
    compile_xpath,
    remove,
    select,
    strip_elements,
    text_of,
)


def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Whole words of a class/id: separated by spaces, "-" or "_" (so "share" matches "post-share"
    # and "share_bar" but not "shareholders").
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s_-])(?:{alternation})(?:$|[\s_-])", re.IGNORECASE)


#: Widgets (share, comments, related, ads): their paragraphs never vote for the story container.
WIDGET_CLASS_RE = _word_pattern(DROP_CLASS_WORDS)
#: Widgets and media: dropped inside the story container.
DROP_CLASS_RE = _word_pattern(DROP_CLASS_WORDS + MEDIA_CLASS_WORDS)
WEAK_DROP_CLASS_RE = _word_pattern(WEAK_DROP_CLASS_WORDS)
#: Lists of other stories (related, most read).
STORY_LIST_CLASS_RE = _word_pattern(STORY_LIST_CLASS_WORDS)
#: Notes of the story (corrections), set apart from its text.
STORY_NOTE_CLASS_RE = _word_pattern(STORY_NOTE_CLASS_WORDS)
STORY_HINT_RE = re.compile("|".join(STORY_CLASS_HINTS), re.IGNORECASE)
CONTENT_CLASS_RE = _word_pattern(CONTENT_CLASS_WORDS)
_MEDIA_LAYOUT_RE = _word_pattern(MEDIA_LAYOUT_WORDS)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# A chrome tag (<form>, <nav>, <header>, <aside>, <footer>) holding more than this share of the
# page's paragraph text is the page's frame (ASP.NET wraps pages in one <form>), so it stays;
# inside the story container the same share shields wrappers from their class names, and on the
# whole page it shields hidden elements. On dev, chrome tags hold at most 46% of a page's
# paragraph text but one <aside> (56%, autoracing); F1 is the same for 0.5-0.7 and drops at 0.4
# (0.982 -> 0.980).
_FRAME_SHARE = 0.5
# Chrome tags that some sites wrap around everything (ASP.NET's one <form>, a <header> or
# <aside> used as a layout box); they get the same guard.
_FRAME_TAGS = frozenset({"form", "header", "footer", "aside", "nav"})
# Figures hold images, but the block editor also wraps tables and pull quotes in <figure>
# ("wp-block-table", "wp-block-pullquote"; QA round 4): a figure holding one of these is story,
# unless it is an embed (a tweet is a <blockquote> in a "wp-block-embed" figure).
_FIGURE = "figure"  # one of DROP_TAGS, dropped one by one so that story figures stay
_STORY_FIGURE = compile_xpath("self::figure[.//table or .//blockquote]")
_EMBED_RE = _word_pattern(("embed",))
_ALWAYS_DROPPED = tuple(t for t in DROP_TAGS if t not in _FRAME_TAGS and t != _FIGURE)


def prune(
    root: Element, rule: SiteRule | None = None, dropped: list[Dropped] | None = None
) -> None:
    """Remove what is never story from the whole page: chrome tags, hidden and site-rule elements.

    Class and id names are not judged here but inside the story container
    (:func:`prune_chrome`): page wrappers carry names like ``content-with-sidebar-wrp``
    (dev: thehill) or ``widget Blog`` (dev: Blogger), and dropping one loses the story.
    """
    if dropped is None:
        strip_elements(root, _ALWAYS_DROPPED)  # the same, in one C call (most of them)
    for el in list(root.iter(*_ALWAYS_DROPPED, _FIGURE)):
        if el.tag == _FIGURE and _story_figure(el):
            continue
        if _attached(el, root):  # not inside one dropped before (a <figcaption> in a <figure>)
            _drop(el, f"<{el.tag}> element", dropped)
    by_paragraphs = root.find(".//p") is not None
    total = _story_chars(root, by_paragraphs)
    for el in list(root.iter(*_FRAME_TAGS)):
        if not _attached(el, root) or (
            total and _story_chars(el, by_paragraphs) > _FRAME_SHARE * total
        ):
            continue
        if el.tag == "header" and _entry_header(el):
            _keep_headings(el, dropped)
            continue
        _drop(el, f"<{el.tag}> element", dropped)
    if rule is not None:
        for selector in rule.drop:
            for el in select(root, selector):
                _drop(el, f"site rule {selector!r}", dropped)
    # Hidden elements get the frame guard too: a page saved with a cookie modal open has
    # aria-hidden on its whole wrapper, and "Continue reading" hides the story's rest (QA
    # round 4). Sparing every hidden element with paragraphs inside a story-named one was tried
    # and lost dev F1 (0.98359 -> 0.98355): businessinsider hides a schema.org copy of the story.
    for el in _MAYBE_HIDDEN(root):
        if (
            _hidden(el)
            and el.getparent() is not None
            and _attached(el, root)
            and not (total and _story_chars(el, by_paragraphs) > _FRAME_SHARE * total)
        ):
            _drop(el, "hidden element", dropped)


def prune_chrome(container: Element, dropped: list[Dropped] | None = None) -> None:
    """Remove elements inside the story container whose class or id names them as chrome."""
    total = len(text_of(container))
    stack = list(reversed(container))
    while stack:  # depth first, not descending into what was dropped
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        reason = _chrome_reason(el)
        if reason is not None and not (total and len(text_of(el)) > _FRAME_SHARE * total):
            _drop(el, reason, dropped)
        else:
            stack.extend(reversed(el))


def _entry_header(el: Element) -> bool:
    """Whether a ``<header>`` heads an entry of the story rather than the page: one inside an
    ``<article>`` that holds a sub-heading and no ``<h1>``. A live blog's entries are
    ``<article>``s whose header holds the entry's time and headline (QA s15: the Guardian's
    "<header><p><time/></p><h2>…</h2></header>" lost the headlines)."""
    return (
        el.find(".//h1") is None
        and bool(_SUBHEADINGS(el))
        and any(parent.tag == "article" for parent in el.iterancestors())
    )


_SUBHEADINGS = compile_xpath(".//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6]")
_SUBHEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _keep_headings(header: Element, dropped: list[Dropped] | None) -> None:
    """Remove all of an entry's header but its sub-headings (its time, byline and share
    links are chrome as a page header's are)."""
    stack = [header]
    while stack:  # a loop, not recursion: pages nest elements thousands deep
        el = stack.pop()
        el.text = None
        for child in list(el):
            child.tail = None
            if child.tag in _SUBHEADING_TAGS:
                continue
            if isinstance(child.tag, str) and _SUBHEADINGS(child):
                stack.append(child)
            else:
                _drop(child, f"<{header.tag}> element", dropped)


def _story_chars(el: Element, by_paragraphs: bool) -> int:
    """How much story-like text an element holds: its paragraphs' text on pages that have
    paragraphs, else all its text.

    Paragraphs, because Hearst sites' <nav> mega-menus hold up to 84% of a page's text but
    almost none of its <p> text (dev: chron, sfgate, mysanantonio).
    """
    if by_paragraphs:
        return sum(len(text_of(p)) for p in el.iter("p"))
    return len(text_of(el))


_MAYBE_HIDDEN = compile_xpath(
    "//*[@hidden or @aria-hidden='true' or contains(@style, 'none') or contains(@style, 'hidden')]"
)


def _story_figure(el: Element) -> bool:
    """Whether a <figure> holds story (a table or a quote) rather than an image or an embed."""
    if not _STORY_FIGURE(el):
        return False
    names = class_and_id(el)
    return not (names and _EMBED_RE.search(names))


def _attached(el: Element, root: Element) -> bool:
    """Whether ``el`` is still in ``root``'s tree (an ancestor may have been dropped)."""
    return any(ancestor is root for ancestor in el.iterancestors())


def _hidden(el: Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _chrome_reason(el: Element) -> str | None:
    names = class_and_id(el)
    if names:
        names = _MEDIA_LAYOUT_RE.sub(" ", names).strip()
    if not names:
        return None
    if CONTENT_CLASS_RE.search(names):
        return None
    match = DROP_CLASS_RE.search(names)
    if match is None:
        match = WEAK_DROP_CLASS_RE.search(names)
        if match is None or STORY_HINT_RE.search(names):
            return None
    return f"class/id {match.group(0).strip(' -_')!r}"


def _drop(el: Element, reason: str, dropped: list[Dropped] | None) -> None:
    if dropped is not None:
        # Its text nodes apart, so that blocks do not run together ("Leave a comment3 comments").
        text = preview(" ".join(el.itertext()))
        if text:
            dropped.append(Dropped(text, reason))
    remove(el)
