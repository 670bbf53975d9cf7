"""The pipeline: a raw page (bytes or text) → an :class:`Article`.

Stages, in the order the data flows through them:

1. decode   — bytes → text (:mod:`scrapers.decode`); text passes through;
2. sniff    — an HTML page, or plain text already scraped from one (the seed format);
3. text dumps: the title is the first line, the body is what :func:`clean_text.clean_lines`
   keeps, and the byline and dateline it left out before the story give authors and date;
4. parse    — HTML → lxml tree (:mod:`scrapers.dom`);
5. metadata — title, authors, date, site, URL, language and the JSON-LD articleBody, read
   before anything is removed (:mod:`scrapers.metadata`); a page saved by a browser names
   its URL in a comment, when no other does;
6. prune    — drop non-story elements by tag, class/id and site rule (:mod:`scrapers.clean_html`);
7. locate   — the story container: the site rule's, else the best-scoring element
   (:mod:`scrapers.body`);
8. blocks   — the container's text as paragraphs, each filtered by text rules
   (:mod:`scrapers.body`);
9. fallback — the JSON-LD articleBody when the DOM gave less than half of it, filtered by
   the same text rules.

:func:`explain` runs the same stages and reports what was left out and why.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, datetime

from scrapers.article import Article
from scrapers.body import blocks, keep, story_paragraphs
from scrapers.boilerplate import (
    BYLINE_TAIL,
    NAME_AND_JOB,
    SITE_RULES,
    UPDATE_LABEL,
    VON_BYLINE,
    SiteRule,
)
from scrapers.clean_html import prune
from scrapers.clean_text import (
    BOILERPLATE_PATTERN,
    Dropped,
    clean_lines,
    clean_paragraphs,
    preview,
)
from scrapers.decode import decode, looks_like_html
from scrapers.dom import parse
from scrapers.metadata import BYLINE, parse_date, read_metadata, split_names, url_host

__all__ = ["Dropped", "explain", "extract", "site_rule"]

# The DOM's text is replaced by the page's JSON-LD articleBody only when it holds less than
# this share of it. Of the 8 dev pages with a JSON-LD articleBody, it scored below our DOM
# text on 6 (cut short or empty: F1 0.0-0.93) and above it on 1 (1.0 against 0.98), so it is
# a fallback for pages whose DOM holds no story, and never fires on dev.
_LD_FALLBACK_SHARE = 0.5
# A byline in the story's text names people of two to four words, none of these (see
# _byline_authors).
_MAX_NAME_WORDS = 4
_SMALL_WORDS = frozenset(
    {"the", "of", "a", "an", "and", "for", "to", "in", "on", "at", "by", "que"}
)
# Some sites put HTML in the JSON-LD articleBody.
_MARKUP = re.compile(r"</?(?:p|br|div|a|em|strong|b|i|span)\b", re.IGNORECASE)


def extract(page: str | bytes, url: str | None = None) -> Article:
    """Turn one page into an Article: the story's text and what the page says about it.

    ``page`` is the raw bytes of a saved page (decoded by its declared charset, else UTF-8,
    else a guess) or text: HTML, or plain text already scraped from a page with the title on
    its first line. ``url`` is where the page came from; it picks site rules and is
    ``Article.url``. Without it, ``Article.url`` is the page's canonical URL, if it names one
    (the archive upserts by URL, and sites that point every page's canonical link at their
    home page would otherwise merge distinct stories). A page with no story gives an
    Article with an empty body. Raises :class:`~scrapers.errors.DecodeError` for bytes that
    are not text.

    >>> extract("Aleppo\\n\\nShare this:\\n\\nThe story.\\n\\nLeave a Reply").body
    'The story.'
    """
    return _run(page, url, None)


def explain(page: str | bytes, url: str | None = None) -> list[Dropped]:
    """What :func:`extract` leaves out of a page's body, each with a reason.

    Runs the same stages as :func:`extract` and lists what each drops, stage by stage (chrome
    tags and hidden elements, text outside the story container, chrome inside it, then the
    text rules), in page order within a stage. Each :class:`Dropped` has a one-line ``text``
    preview (at most 80 characters) and a short ``reason`` such as ``"<nav> element"``,
    ``"class/id 'share'"``, ``"outside the story container"`` or ``"boilerplate phrase"``.

    >>> [d.reason for d in explain("Title\\n\\nStory.\\n\\nLeave a Reply")]
    ['boilerplate phrase']
    """
    dropped: list[Dropped] = []
    _run(page, url, dropped)
    return dropped


def site_rule(url: str | None) -> SiteRule | None:
    """The site rule for a URL's host or one of its parent domains, if there is one.

    >>> site_rule("https://www.vanguardngr.com/2016/11/aleppo/").body
    '.entry-content'
    """
    if not url:
        return None
    host = url_host(url)
    for rule in SITE_RULES:
        for known in rule.hosts:
            if host == known or host.endswith("." + known):
                return rule
    return None


def _ld_paragraphs(
    article_body: str, rule: SiteRule | None, dropped: list[Dropped] | None
) -> list[str]:
    """A JSON-LD articleBody as paragraphs: plain text by line, or markup by block.

    The text rules apply as to a page's own paragraphs: sites leave ad labels, share prompts
    and the comment form's heading in it (QA round 4).
    """
    if _MARKUP.search(article_body):
        return list(keep(blocks(parse(article_body)), rule, dropped))
    text = html.unescape(article_body)
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    paragraphs, lines_dropped = clean_paragraphs(lines, rule)
    if dropped is not None:
        dropped.extend(lines_dropped)
    return paragraphs


def _run(page: str | bytes, url: str | None, dropped: list[Dropped] | None) -> Article:
    if isinstance(page, bytes | bytearray):
        text = decode(bytes(page))
    elif isinstance(page, str):
        text = page
    else:
        raise TypeError(f"page must be str or bytes, not {type(page).__name__}")
    text = text.replace("\x00", "")  # as a browser drops it: "har\x00bour" was "har\ufffdbour" (QA)
    rule = site_rule(url)
    if not looks_like_html(text):
        title, paragraphs, lines_dropped = clean_lines(text, rule)
        if dropped is not None:
            dropped.extend(lines_dropped)
        return Article(
            title=title,
            body="\n\n".join(paragraphs),
            authors=_byline_authors(lines_dropped),  # a text dump's byline too (QA)
            published=_dateline_date(lines_dropped),
            url=url or "",
        )
    saved = _saved_from(text)
    if saved and not url:  # a page saved by a browser names where it came from
        rule = site_rule(saved)
    root = parse(text)
    meta = read_metadata(root, url or saved)
    prune(root, rule, dropped)
    left_out: list[Dropped] = []
    paragraphs = story_paragraphs(root, rule, left_out, title=meta.title)
    if dropped is not None:
        dropped.extend(left_out)
    if meta.article_body and sum(map(len, paragraphs)) < _LD_FALLBACK_SHARE * len(
        meta.article_body
    ):
        # Pages rendered by scripts ship the story only as JSON-LD (issue 4).
        if dropped is not None:
            dropped.extend(Dropped(preview(p), "JSON-LD articleBody is fuller") for p in paragraphs)
        paragraphs = _ld_paragraphs(meta.article_body, rule, dropped)
    return Article(
        title=meta.title,
        body="\n\n".join(paragraphs),
        authors=meta.authors or _byline_authors(left_out),
        published=meta.published or _dateline_date(left_out),
        site=meta.site,
        url=url or meta.url or saved,
        language=meta.language,
    )


#: The mark a browser writes at the top of a page it saves ("Mark of the Web"):
#: ``<!-- saved from url=(0048)https://www.example.com/news/story -->``.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)


def _saved_from(text: str) -> str:
    """The address a browser saved the page from, or "" (QA: such a page had no URL, so no
    site, and its id was its file's path)."""
    found = _SAVED_FROM.search(text, 0, 4096)
    return found[1] if found else ""


def _byline_authors(left_out: list[Dropped]) -> tuple[str, ...]:
    """The names of the first byline left out of the story's text ("By Babajide Komolafe" in
    a paragraph of its own), for a page whose metadata names no author (QA round 6). A name
    is of two to four words, none a small word: "By The Numbers", "By Air" and "By Order Of
    The Court" are headings, and "The Guardian" of "By Jane Doe, The Guardian" no one
    (review). A byline is "By …" (its date, handle or job cut off), "Posted … by …", "Jane
    Doe, Staff Reporter" or "Von …", left out before any of the story was kept: later, it is
    a sub-heading's or a book's (QA)."""
    for line in _lead_lines(left_out):
        if line.endswith("…"):
            continue
        byline = (
            BYLINE.match(line)
            or _POSTED_BY.match(line)
            or _NAME_AND_JOB.match(line)
            or _VON.match(line)
        )
        if byline:
            # The names, without the date, handle or address after them (QA)
            text = _BYLINE_TAIL.sub("", byline.group(1))
            names = tuple(name for name in split_names(text) if _is_full_name(name))
            if names:
                return names
    return ()


def _dateline_date(left_out: list[Dropped]) -> date | datetime | None:
    """The date of the first dateline left out of the story's text ("Published: March 14,
    2021" in a paragraph of its own), for a page whose metadata gives none (QA: the line left
    the story and its date went nowhere), left out before any of the story was kept. Not an
    "Updated" one: that is a later date. A byline's date counts too: "Por Lucía Ortega Madrid
    30/01/2024 11:45" is the only date some pages give (QA s15)."""
    for line in _lead_lines(left_out):
        dateline = _DATELINE.match(line)
        if dateline:
            found = _first_date(dateline.group(1))
        elif BYLINE.match(line) or _VON.match(line):
            found = _first_date(line)
        else:
            continue
        if found is not None:
            return found
    return None


def _first_date(text: str) -> date | datetime | None:
    """The first date a dateline's text gives before its update, wherever it starts: "6:02
    p.m. ET March 12, 2024 | Updated 9:15 p.m. ET March 12, 2024" (QA: none was read)."""
    text = _UPDATE.split(text, maxsplit=1)[0]
    for word in _WORD_START.finditer(text):
        found = parse_date(text[word.start() :])
        if found is not None:
            return found
    return None


_UPDATE = re.compile(rf"\b{UPDATE_LABEL}\b", re.IGNORECASE)
_WORD_START = re.compile(r"\b\w")


def _lead_lines(left_out: list[Dropped]) -> Iterator[str]:
    """The lines left out as bylines and datelines are (by a pattern), before any of the story
    was kept."""
    return (d.text for d in left_out if d.reason == BOILERPLATE_PATTERN and d.lead)


_DATELINE = re.compile(
    r"^(?:published|posted|first published|publié|publiée|publicado|publicada|veröffentlicht|"
    r"pubblicato)(?: on| at)?\s*:?\s*(.+)$",
    re.IGNORECASE,
)
#: A dateline that ends in its writer: "Posted on March 14, 2021 by Jane Doe" (QA).
_POSTED_BY = re.compile(r"^(?:posted|published|updated)\b.*?\bby\s+(.+)$", re.IGNORECASE)
_NAME_AND_JOB = re.compile(NAME_AND_JOB, re.IGNORECASE)
_VON = re.compile(VON_BYLINE, re.IGNORECASE)
_BYLINE_TAIL = re.compile(f"(?:{BYLINE_TAIL})+\\s*$", re.IGNORECASE)


def _is_full_name(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= _MAX_NAME_WORDS and not _SMALL_WORDS.intersection(
        word.lower() for word in words
    )
