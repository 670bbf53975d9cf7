"""Title, authors, published date, site, canonical URL and language of an HTML page (issue 4).

Each field is read from the most reliable source the page offers, in this order:

- title: JSON-LD ``headline`` (unless cut short with "…" and a later title is the whole of it),
  ``og:title``, the first ``<h1>`` that is not the site's logo, ``<title>``; " – Site" (and a
  section before it) is cut off only when the part names the site or the URL's domain;
- authors: JSON-LD ``author``, ``<meta name="author">`` (and ``article:author`` when it is a
  name, not a profile URL), ``rel="author"`` links, a "By …" byline (and, in
  ``scrapers.extract``, a byline left out of the story's text); a JSON-LD organization that
  is not a wire service only after the sources here name no person, and the site never;
- published: JSON-LD ``datePublished``, ``article:published_time`` and similar meta tags
  (ISO 8601, RFC 2822, or written out: "November 18, 2019", "18.11.2019"), a ``<time>``'s
  ``datetime`` or text (one marked or labelled published first, then one in the story; none
  from the page's header or nav), Drupal's created field, a date in the URL; from 1800 to
  next year;
- site: ``og:site_name``, JSON-LD (then microdata) ``publisher.name``, ``application-name``
  (not the publishing software's), ``twitter:site``, the ``<title>``'s first or last part
  when it names the URL's domain;
- url: ``<link rel="canonical">``, ``og:url``, ``mainEntityOfPage`` (not a site's home page),
  else the URL the page came from;
- language: ``<html lang>``, ``og:locale``, ``content-language`` meta, JSON-LD ``inLanguage``;
- article_body: JSON-LD ``articleBody`` (the extractor's fallback when the DOM gives less).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from scrapers.article import parse_published
from scrapers.boilerplate import AGENCIES
from scrapers.clean_html import DROP_CLASS_RE, STORY_LIST_CLASS_RE
from scrapers.dom import Element, class_and_id, compile_xpath, text_of

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "blogposting",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "liveblogposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "webpage",
        "socialmediaposting",
    }
)
_SPACES = re.compile(r"\s+")
# "Title – Site Name", "Title | Site", "Title - Site": separators news sites put in <title>.
# Not " : ", which French typography puts inside headlines ("Coronavirus : Macron annonce…").
_TITLE_SEPARATORS = re.compile(r"\s+[|–—•·»-]\s+")
# A headline cut short by the site ("…by the end of t..."), in a JSON-LD headline (QA round 4).
_TRUNCATED = re.compile(r"\s*(?:\.\.\.|…)$")
# Class/id words of a site's logo or name, which themes put in an <h1> (QA round 4).
_LOGO_CLASS = re.compile(r"logo|brand|site-?title|site-?name|masthead", re.IGNORECASE)
# Second-level labels under a country code ("bbc.co.uk"), skipped to find the site's label.
_GENERIC_LABELS = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"})
#: "By Jane Doe"; "Par" and "Por" are the French, Spanish and Portuguese "By" (QA round 6).
BYLINE = re.compile(r"^\s*(?:by|written by|story by|words by|par|por)\s+(.+)$", re.IGNORECASE)
# The separator is kept: what follows a comma may be a dateline, not a second name.
_BYLINE_SPLIT = re.compile(r"\s*(,|\band\b|&|\|)\s*", re.IGNORECASE)
# "And" in French, Spanish, German and Portuguese: "Claire Dubois et Antoine Lefèvre" (QA s15).
# In lower case only, so that an initial ("Jane E Doe") is none.
_LOCAL_AND = re.compile(r"\s+(?:et|y|und|e)\s+")
# User names that a CMS writes where no author was set (WordPress's "admin"; QA round 6).
_NO_ONE = frozenset({"admin", "administrator", "webmaster", "root", "guest", "anonymous"})
# "Kim Sengupta in Beirut": where the reporter filed from (QA round 4).
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*$")
# "Doe, Jane": one name written last name first (QA round 4). Each side is one capitalised
# word with a lower-case letter (so not "AFP"), and neither is an agency (review of QA round 4).
_NAME_WORD = r"[A-Z][\w'’-]*[a-z][\w'’-]*"
_LAST_FIRST = re.compile(rf"^({_NAME_WORD}),\s*({_NAME_WORD}(?:\s+[A-Z]\.?)?)$")
_BY_PREFIX = re.compile(
    r"^(?:(?:(?:analysis|opinion|story|words|written|reporting|text)\s+)?by|par|por)\s+",
    re.IGNORECASE,
)
# Job titles in author fields ("AP National Political Writer", "CNN Editor-at-large").
_ROLE = re.compile(
    r"\b(?:writer|editor|editor-at-large|correspondent|reporter|columnist|"
    r"contributor|producer|staff)\b",
    re.IGNORECASE,
)
# Desks ("Jane Doe, Lagos Bureau", "Lagos Bureau Chief", "Newsroom"). These words are also
# surnames ("Emma Chief", "Maria Bureau"), so a name of two words that has one is a person,
# unless it comes after a comma or "|" (review of QA round 4).
_DESK = re.compile(r"\b(?:bureau|desk|chief|newsroom)\b", re.IGNORECASE)
_PERSON_DESK_WORDS = 2
# A credit for the pictures, not the story: "Photos by Kim Nguyen" in a meta author (QA).
_MEDIA_CREDIT = re.compile(
    r"^(?:photos?|photographs?|photography|pictures?|images?|videos?|illustrations?|graphics?)"
    r"\s+(?:by\b|:)",
    re.IGNORECASE,
)
# Credentials after a name ("Ilana Muhlstein, MS, RDN").
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,4}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?)$")
# Published dates before this year are placeholders ("0001-01-01" on dev: usatoday), as are the
# zero dates of spreadsheets and Unix: 1899-12-30 (Excel, .NET), 1900-01-01 and 1970-01-01 (on
# the page's clock or in UTC: a New York server writes Unix's zero as 1969-12-31T19:00:00-05:00,
# review). An archive holds older stories than the web (TIME 1963, AP 1988): the bound was
# 1990, which dropped them (QA).
_MIN_YEAR = 1800
_PLACEHOLDER_DAYS = frozenset({date(1899, 12, 30), date(1900, 1, 1), date(1970, 1, 1)})
# Dates in URLs: /2019/11/18/ or /2019-11-18 or /20191118 (issue 4; seen across the dev split).
_URL_DATE = re.compile(r"/((?:19|20)\d\d)([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=[/._-]|$)")
# RFC 2822, as some sites write article:published_time ("Tue, 29 Nov 2016 10:00:00 GMT").
_RFC_2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")
# What a <time> is labelled with, in the text before it or its class ("Updated 5 Dec ·
# Published 29 Nov"; QA round 4).
_PUBLISHED_LABEL = re.compile(r"publi|posted|pubdate|created", re.IGNORECASE)
_UPDATED_LABEL = re.compile(r"updat|modif|edited|mis à jour|aktualisiert", re.IGNORECASE)
# Class/id words of page chrome whose <time> is today's date, not the story's (QA round 4).
_CHROME_CLASS = re.compile(r"top-?bar|nav|menu|ticker|site-header|masthead", re.IGNORECASE)
_STORY_CLASS = re.compile(r"article|story|post|entry", re.IGNORECASE)
# The hAtom class "updated", which WordPress themes put on the published date too ("entry-date
# updated" in tagDiv's Newspaper, "entry-date published updated"): it labels nothing (QA).
_HATOM_UPDATED = re.compile(r"(?<![\w-])updated(?![\w-])")
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
#: Each month's number by its name, whole or cut to three letters ("sept" too).
_MONTHS = {
    word: number
    for number, name in enumerate(_MONTH_NAMES, 1)
    for word in (name, name[:3])
} | {"sept": 9} | {
    # French, German, Spanish, Portuguese and Italian names, written day first: "14 mars
    # 2021", "3. März 2020", "14 de marzo de 2021" (QA: none was read).
    word: number
    for number, names in enumerate(
        (
            "janvier januar enero janeiro gennaio",
            "février fevrier februar febrero fevereiro febbraio",
            "mars märz marz marzo março marco",
            "avril abril aprile",
            "mai mayo maio maggio",
            "juin juni junio junho giugno",
            "juillet juli julio julho luglio",
            "août aout agosto",
            "septembre septiembre setiembre setembro settembre",
            "octobre oktober octubre outubro ottobre",
            "novembre noviembre novembro",
            "décembre decembre dezember diciembre dezembro dicembre",
        ),
        1,
    )
    for word in names.split()
}
_MONTH_NAME_DATE = re.compile(
    r"(?:[A-Za-z]+,?\s+)?(?:(?P<month1>[A-Za-z]{3,9})\.?\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?,?"
    r"\s+(?P<year1>\d{4})|(?P<day2>\d{1,2})(?:st|nd|rd|th|\.|er|º)?\s+(?:of\s+|de\s+)?"
    r"(?P<month2>[^\W\d_]{3,10})\.?,?\s+(?:de\s+)?(?P<year2>\d{4}))\b"
)
# Drupal's default date format, month first: "Fri, 12/01/2023 - 08:30" (QA).
_DRUPAL_DATE = re.compile(r"[A-Z][a-z]{2}, (\d\d)/(\d\d)/(\d{4}) - \d\d:\d\d")
_NUMERIC_DATE = re.compile(r"(\d{1,2}|\d{4})([./])(\d{1,2})\2(\d{4}|\d{1,2})\b")
_COMPACT_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)?(Z)?)?")
_ISO_PREFIX = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
# A byline is a short line: longer ones are story sentences that start with "By" (the
# longest author field kept on dev is 40 characters; 80 leaves room for long names).
_MAX_BYLINE_CHARS = 80
# Class/id words of a byline's element; "autor", "auteur" and "firma" name it in Spanish,
# German, Portuguese and French (QA s15: <span class="autor">Por Lucía Fernández</span>).
_BYLINE_CLASS_WORDS = ("byline", "author", "autor", "auteur", "firma")

_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",  # Drupal's Metatag module (QA)
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "published_time",
    "pdate",  # the New York Times's: "20190704" (QA)
)
_AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "cxenseparse:author",
)
_SITE_META = ("og:site_name", "application-name", "al:android:app_name", "twitter:site")
# What some themes write as the application-name: the software, not the site (QA round 6).
_PUBLISHING_SOFTWARE = frozenset({"wordpress", "drupal", "joomla", "joomla!", "blogger", "ghost"})


@dataclass(frozen=True)
class Metadata:
    """What a page says about its story, apart from the text."""

    title: str = ""
    authors: tuple[str, ...] = ()
    published: date | datetime | None = None
    site: str = ""
    url: str = ""
    language: str = ""
    #: The JSON-LD ``articleBody``, when the page has one: a fallback for the story text.
    article_body: str = ""


def read_metadata(root: Element, url: str | None = None) -> Metadata:
    """Read the metadata of a parsed page (call before boilerplate is removed).

    >>> from scrapers.dom import parse
    >>> read_metadata(parse('<html lang="en"><title>Aleppo – News</title><h1>Aleppo</h1>')).title
    'Aleppo'
    """
    metas = _meta_tags(root)
    objects = list(json_ld_objects(root))
    # A story's own type first: a WebPage's date was taken for a NewsArticle's (QA: older Yoast
    # writes the page first).
    ld = sorted((item for item in objects if _is_article(item)), key=_is_page)
    site = _site(root, metas, ld)
    names = _site_names(site, url or _canonical(root, metas, ld, None))
    site = site or _title_site(root, names)
    # Older Yoast graphs give the author as {"@id": ...}, defined elsewhere in the page.
    ids = {str(item["@id"]): item for item in objects if item.get("@id") and item.get("name")}
    return Metadata(
        title=_title(root, metas, ld, names),
        authors=_authors(root, metas, ld, ids, names),
        # A fact check's ClaimReview dates it, though it names the claim's author (dev: snopes).
        published=_published(root, metas, ld + [o for o in objects if _is_review(o)], url),
        site=site,
        url=_canonical(root, metas, ld, url),
        language=_language(root, metas, ld),
        article_body=max(
            (str(item["articleBody"]) for item in ld if isinstance(item.get("articleBody"), str)),
            key=len,
            default="",
        ),
    )


#: A ``\\uXXXX`` escape of half a UTF-16 pair without its other half: JSON decodes it to a lone
#: surrogate, which is not text (no output can encode it), so it is read as U+FFFD instead.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def json_ld_objects(root: Element) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's ``application/ld+json`` scripts, ``@graph`` unpacked."""
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = _CDATA.sub("", script.text or "")  # WordPress and Drupal wrap it so (QA)
        try:
            data = json.loads(_LONE_SURROGATE.sub(r"\\ufffd", text), strict=False)
        except (ValueError, RecursionError):  # broken, or nested deeper than Python recurses
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                # A page's story may be its mainEntity: {"@type": "WebPage", "mainEntity":
                # {"@type": "NewsArticle", …}} (QA).
                stack.extend(item[key] for key in ("mainEntity", "@graph") if key in item)


#: The marks a script's JSON may be wrapped in: ``//<![CDATA[ … //]]>``, ``/*<![CDATA[*/``.
_CDATA = re.compile(r"^\s*(?://|/\*)?\s*<!\[CDATA\[\s*(?:\*/)?|(?://|/\*)?\s*\]\]>\s*(?:\*/)?\s*$")


def _types(item: dict[str, Any]) -> list[str]:
    types = item.get("@type")
    found = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    return [str(t).lower() for t in found]


def _is_article(item: dict[str, Any]) -> bool:
    return any(t in _ARTICLE_TYPES for t in _types(item))


def _is_page(item: dict[str, Any]) -> bool:
    """Whether a JSON-LD item is a web page of any kind, not its story."""
    return all(t in _PAGE_TYPES for t in _types(item))


_PAGE_TYPES = frozenset({"webpage", "socialmediaposting", "report"})


def _is_review(item: dict[str, Any]) -> bool:
    return "claimreview" in _types(item)


def _meta_tags(root: Element) -> dict[str, str]:
    """The content of each meta tag under each name it gives, the first tag of a name winning:
    its ``property``, ``name``, ``itemprop`` and ``http-equiv``, each word of them. The New York
    Times dates a story with ``property="article:published" itemprop="datePublished
    dateCreated"``, which was the name "article:published" alone (QA)."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        for attribute in _META_NAMES:
            for key in (meta.get(attribute) or "").lower().split():
                found.setdefault(key, content)
    return found


#: The attributes of a meta tag that name what it holds.
_META_NAMES = ("property", "name", "itemprop", "http-equiv")


def _clean(text: Any) -> str:
    # Meta values are sometimes escaped twice ("&#8211;" left after parsing; dev: my6sense).
    return _SPACES.sub(" ", html.unescape(str(text))).strip() if text else ""


def _title(
    root: Element, metas: dict[str, str], ld: list[dict[str, Any]], names: tuple[str, ...]
) -> str:
    """The first title the page offers, in the module docstring's order.

    A headline cut short ("…by the end of t...") gives way to a later title that it begins.
    """
    h1s = [h1 for h1 in root.iter("h1") if _clean(text_of(h1)) and not _is_logo(h1, names)]
    # An <h1> in the page's header is the site's name when the story has an <h1> of its own.
    h1s = [h1 for h1 in h1s if not _in_page_header(h1)] or h1s
    h1 = _clean(text_of(h1s[0])) if h1s else ""
    found = [_clean(item["headline"]) for item in ld if item.get("headline")]
    found += [
        _strip_site(_clean(metas[key]), names, h1)
        for key in ("og:title", "twitter:title")
        if metas.get(key)
    ]
    found.append(h1)
    found += [_strip_site(_clean(text_of(title)), names, h1) for title in root.iter("title")][:1]
    found = [text for text in found if text]
    if not found:
        return ""
    stem = _TRUNCATED.sub("", found[0])
    if stem != found[0]:
        return next((t for t in found[1:] if t.startswith(stem) and len(t) > len(stem)), found[0])
    return found[0]


def _site_names(site: str, url: str) -> tuple[str, ...]:
    """The site's name and its domain's own label ("bbc" for www.bbc.co.uk), compacted."""
    labels = url_host(url).split(".")[:-1]
    if len(labels) > 1 and labels[-1] in _GENERIC_LABELS:
        labels.pop()
    names = (_compact(site), labels[-1] if labels and labels[-1] != "www" else "")
    return tuple(name for name in names if len(name) >= 3)


def _compact(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _is_site(part: str, names: tuple[str, ...]) -> bool:
    """Whether a title part names the site: the name itself, the start of it ("Vanguard" on
    vanguardngr.com), or the name and one more word ("Daily News Nigeria" for "Daily News",
    "BBC News" on bbc.co.uk), but not a headline that starts with it ("comwrap auf der
    DMEXCO 2018" on comwrap's blog; dev). A leading "The" is ignored as well, so "The
    Independent" names independent.co.uk (review of QA round 4)."""
    words = part.split()
    if len(words) > 1 and words[0].lower() == "the" and _is_site(" ".join(words[1:]), names):
        return True
    compact = _compact(part)
    for name in names:
        if len(compact) * 2 >= len(name) and name.startswith(compact):
            return True
        for i in range(len(words)):
            if _compact(" ".join(words[: i + 1])).startswith(name):
                return len(words) - i - 1 <= 1
    return False


def _is_logo(h1: Element, names: tuple[str, ...]) -> bool:
    """Whether an <h1> holds the site's name or logo rather than the headline."""
    if _compact(text_of(h1)) in names:
        return True
    el = h1
    while el is not None and el.tag not in ("article", "main", "body"):
        if _LOGO_CLASS.search(class_and_id(el)):
            return True
        el = el.getparent()
    return False


def _in_page_header(el: Element) -> bool:
    """Whether an element is in the page's <header>, not an article's own."""
    return not _in_story(el) and any(parent.tag == "header" for parent in el.iterancestors())


def _in_story(el: Element) -> bool:
    """Whether an element is inside an ``<article>`` or ``<main>``."""
    return any(parent.tag in ("article", "main") for parent in el.iterancestors())


def _strip_site(title: str, names: tuple[str, ...], headline: str = "") -> str:
    """Cut the site's name off either end of a title: "Headline – Site", "Site | Headline",
    and a section before the site ("Headline - Metro | Site"). Without evidence that a part
    is the site, the title is kept whole ("Nigeria vs Ghana - live updates"; QA round 4).
    The page's ``headline`` (its <h1>) on one side of a separator is evidence too: a page
    that names no site kept "Headline | Coastal Daily News" (QA)."""
    seps = list(_TITLE_SEPARATORS.finditer(title))
    if headline and any(headline in (title[: s.start()], title[s.end() :]) for s in seps):
        return headline
    if not seps or not names:
        return title
    if _is_site(title[seps[-1].end() :], names):
        title = title[: seps[-1].start()]
        # A short part left before the site is its section ("Metro", "World news").
        if len(seps) > 1:
            section = title[seps[-2].end() :]
            if len(section.split()) <= 2 and section[:1].isupper():
                title = title[: seps[-2].start()]
        return title
    if _is_site(title[: seps[0].start()], names):
        return title[seps[0].end() :]
    return title


def _authors(
    root: Element,
    metas: dict[str, str],
    ld: list[dict[str, Any]],
    ids: dict[str, dict[str, Any]],
    site_names: tuple[str, ...],
) -> tuple[str, ...]:
    for item in ld:
        names = _names(item.get("author"), ids, site_names) or _names(
            item.get("creator"), ids, site_names
        )
        if names:
            return names
    for key in _AUTHOR_META:
        value = metas.get(key, "")
        # One that names no one ("Coastal Daily News Staff") gives way to the next (QA).
        if value and not value.startswith(("http:", "https:", "/")) and split_names(value):
            return split_names(value)
    for link in root.iter("a"):
        if "author" in (link.get("rel") or "").lower().split():
            names = split_names(text_of(link))
            if names:
                return names
    for el in root.iter("span", "div", "p", "address"):
        cls = class_and_id(el).lower()  # BBC's "byline-block" is a data-component (QA s15)
        if any(word in cls for word in _BYLINE_CLASS_WORDS):
            # Its text, else a line of it: "By Hannah Price" above "BBC News climate
            # reporter", which made the whole name no one's (QA).
            for text in (_clean(text_of(el)), *map(_clean, el.itertext())):
                match = BYLINE.match(text)
                if match and len(text) <= _MAX_BYLINE_CHARS and split_names(match.group(1)):
                    return split_names(match.group(1))
    # An organization that is not a wire service, when no person is named (QA: "BBC News"
    # over a byline).
    for item in ld:
        names = _names(item.get("author"), ids, site_names, people=False)
        if names:
            return names
    return ()


def _names(
    value: Any,
    ids: dict[str, dict[str, Any]],
    site_names: tuple[str, ...],
    *,
    people: bool = True,
) -> tuple[str, ...]:
    """Author names in a JSON-LD value: a name, a Person or Organization, a list of them.

    An ``{"@id": ...}`` reference is looked up in the page's JSON-LD. An Organization that
    is the site itself names no one, so the page's other author sources are read instead; a
    wire service is kept (QA round 4). Any other Organization ("BBC News") is kept only when
    ``people`` is false, when no source names a person (QA).
    """
    if not value:
        return ()
    if isinstance(value, str):
        return () if value.startswith(("http:", "https:")) else split_names(value)
    if isinstance(value, dict):
        if "name" not in value and str(value.get("@id")) in ids:
            value = ids[str(value["@id"])]
        name = value.get("name")
        if any(t.endswith("organization") for t in _types(value)) and (
            _compact(str(name)) in site_names or (people and _compact(str(name)) not in AGENCIES)
        ):
            return ()
        return _names(name, ids, site_names) if isinstance(name, str | list) else ()
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(n for n in _names(item, ids, site_names, people=people) if n not in out)
        return tuple(out)
    return ()


def split_names(text: str) -> tuple[str, ...]:
    """Names out of a byline: "By STEVE PEOPLES, AP National Political Writer" → Steve Peoples.

    Roles, desks, credentials, dates and a wire service after a name that sites put in author
    fields are left out (dev: AP wire stories, CNN, Beachbody, Quanta, Jerusalem Post; QA s15),
    and so are places: one word after a comma ("By Johnbosco Agbakwuru, Abuja", Vanguard's
    tagDiv byline) or " in Place" ("By Kim Sengupta in Beirut"). "Doe, Jane" is one name (QA
    round 4), but "AFP, Reuters" is two wire services, and "Emma Chief" a person, not a desk
    (review of QA round 4).
    """
    text = _BY_PREFIX.sub("", _clean(text))
    if ";" in text:  # names apart, each maybe "Doe, Jane" (review)
        parts = (split_names(part) for part in text.split(";"))
        return tuple(dict.fromkeys(name for names in parts for name in names))
    last_first = _LAST_FIRST.match(text)
    if (
        last_first
        and not _CREDENTIAL.match(last_first[2])
        and not any(_compact(part) in AGENCIES for part in last_first.groups())
    ):
        return (f"{last_first[2]} {last_first[1]}",)
    names: list[str] = []
    pieces = [part for piece in _BYLINE_SPLIT.split(text) for part in _split_local_and(piece)]
    for i in range(0, len(pieces), 2):
        # tagDiv's byline ends in its separator: "By Kevin Walsh - " (QA).
        name = _IN_PLACE.sub("", _BY_PREFIX.sub("", _clean(pieces[i]))).rstrip(" -–—·•")
        name = _without_agency(name)
        after_comma = i > 0 and pieces[i - 1] == ","
        after_desc = i > 0 and pieces[i - 1] in (",", "|")
        # One word after a comma is a dateline ("Jane Doe, Abuja"), unless it is a wire
        # service in a list of them ("AFP, Reuters"); after a person it is their employer.
        agency_list = _compact(name) in AGENCIES and all(_compact(n) in AGENCIES for n in names)
        if (
            not name
            or _MEDIA_CREDIT.match(name)
            or name.lower() in _NO_ONE
            or len(name) > _MAX_BYLINE_CHARS
            or any(c.isdigit() for c in name)
            or _ROLE.search(name)
            or (_DESK.search(name) and (after_desc or len(name.split()) != _PERSON_DESK_WORDS))
            or (_CREDENTIAL.match(name) and not agency_list)
            or (after_comma and " " not in name and not agency_list)
        ):
            continue
        if name.isupper() and _compact(name) not in AGENCIES:
            name = name.title()
        if name not in names:
            names.append(name)
    return tuple(names)


def _split_local_and(piece: str) -> list[str]:
    """A piece of a byline as names joined by "and" in another language, with "and" between
    them as ``_BYLINE_SPLIT`` gives it: only when each is two capitalised words or more, since
    "José Ortega y Gasset" and "Santiago Ramón y Cajal" are one person each (QA s15)."""
    parts = _LOCAL_AND.split(piece)
    if len(parts) == 1 or not all(
        len(words := part.split()) >= 2 and all(word[0].isupper() for word in words)
        for part in parts
    ):
        return [piece]
    return [item for part in parts for item in ("and", part)][1:]


def _without_agency(name: str) -> str:
    """A name without the wire service written after it, "MARK SHERMAN Associated Press" (QA
    s15), when a name of two words or more is left: "Michael Bloomberg" is a person."""
    words = name.split()
    for size in range(1, _MAX_AGENCY_WORDS + 1):
        if len(words) - size >= 2 and _compact(" ".join(words[-size:])) in AGENCIES:
            return " ".join(words[:-size])
    return name


# The most words of an agency's name ("Agence France Presse").
_MAX_AGENCY_WORDS = 3


def _published(
    root: Element, metas: dict[str, str], ld: list[dict[str, Any]], url: str | None
) -> date | datetime | None:
    candidates: list[str] = [str(item["datePublished"]) for item in ld if item.get("datePublished")]
    candidates += [metas[key] for key in _PUBLISHED_META if key in metas]
    # A <time> without a datetime attribute says its date in its text (QA round 6); one whose
    # text is no date ("3 hours ago") gives way to the next best (review).
    times = [t for t in root.iter("time") if t.get("datetime") or text_of(t).strip()]
    ranked = sorted((rank, i, t) for i, t in enumerate(times) if (rank := _time_rank(t)) >= 0)
    candidates += [t.get("datetime") or text_of(t) for _, _, t in ranked]
    candidates += [text_of(field) for field in _DRUPAL_CREATED(root)]
    found = (parsed for value in candidates if (parsed := parse_date(value)) is not None)
    first = next(found, None)
    if first is not None:
        if isinstance(first, datetime):
            return first
        # A day alone, where a later source gives the time on that day: both (review: a
        # BlogPosting's date won over its page's datetime, which lost the time).
        return next((p for p in found if isinstance(p, datetime) and p.date() == first), first)
    for match in _URL_DATE.finditer(_split(url).path):
        try:
            day = date(int(match[1]), int(match[3]), int(match[4]))
        except ValueError:
            continue
        if _in_range(day):
            return day
    return None


#: Drupal's node date, with no <time>: "Submitted by jdoe on <span class="field
#: field--name-created">Fri, 12/01/2023 - 08:30</span>" (QA).
_DRUPAL_CREATED = compile_xpath(
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' field--name-created ')]"
)


def _time_rank(time_el: Element) -> int:
    """How surely a ``<time>`` is the story's publication: 0 (marked or labelled published)
    to 3 (labelled updated); -1 for one in the page's chrome (a top bar's "today") or in a
    list of other stories.

    The label is the text just before the ``<time>``: its previous sibling's text and tail
    ("<span>Published</span> <time>"), else its parent's text. A ``<header>`` or ``<footer>``
    is chrome only outside an ``<article>`` or ``<main>``, since an article's own header holds
    its date (review of QA round 4).
    """
    prev = time_el.getprevious()
    parent = time_el.getparent()
    if prev is not None:
        before = f"{text_of(prev)} {prev.tail or ''}"
    else:
        before = (parent.text if parent is not None else "") or ""
    names = _HATOM_UPDATED.sub(" ", class_and_id(time_el))
    label = f"{before[-40:]} {names} {time_el.get('itemprop') or ''}"
    if time_el.get("pubdate") is not None or _PUBLISHED_LABEL.search(label):
        return 0
    if _UPDATED_LABEL.search(label):
        return 3
    for el in time_el.iterancestors():
        if el.tag not in ("body", "html") and STORY_LIST_CLASS_RE.search(class_and_id(el)):
            return -1  # a teaser's: "related-posts" would pass for the story's by its "post"
        if el.tag in ("article", "main") or _STORY_CLASS.search(class_and_id(el)):
            # Not a teaser's, in an <aside> or <nav> of related stories (QA: the date of "Tax
            # revenue falls" in the list after the story was taken for the story's); an
            # <aside> that is a layout box around the story is none (review).
            return -1 if any(_teasers(up) for up in el.iterancestors()) else 1
        if el.tag in ("header", "footer") and _in_story(el):
            continue
        if el.tag in ("header", "nav", "footer", "aside") or _CHROME_CLASS.search(class_and_id(el)):
            return -1
    return 2


def _teasers(el: Element) -> bool:
    """Whether ``el`` is an ``<aside>`` or ``<nav>`` of other stories: named as chrome is
    ("related", "recirc", "trending"), or holding several of them."""
    if el.tag not in ("aside", "nav"):
        return False
    return bool(DROP_CLASS_RE.search(class_and_id(el))) or len(el.findall(".//article")) > 1


def _in_range(day: date) -> bool:
    # Dates outside this range are placeholders or typos, not publication dates.
    days = {day}
    if isinstance(day, datetime):  # its day on the page's clock, and in UTC
        try:
            days = {day.date(), (day.astimezone(UTC) if day.tzinfo else day).date()}
        except OverflowError:  # 9999-12-31T23:59-01:00 is in no year (QA: the page failed)
            return False
    return all(_MIN_YEAR <= d.year <= date.today().year + 1 for d in days) and not (
        days & _PLACEHOLDER_DAYS
    )


def parse_date(value: str) -> date | datetime | None:
    """Read an ISO 8601 or RFC 2822 date or date-time out of a meta value, or ``None``.

    >>> parse_date("2016-11-29T10:00:00Z")
    datetime.datetime(2016, 11, 29, 10, 0, tzinfo=datetime.timezone.utc)
    >>> parse_date("Tue, 29 Nov 2016 10:00:00 GMT")
    datetime.datetime(2016, 11, 29, 10, 0, tzinfo=datetime.timezone.utc)
    """
    match = _ISO_PREFIX.search(value)
    parsed: date | datetime | None
    if match:
        day, clock, zone = match.groups()
        text = day if not clock else f"{day}T{clock}{_zone(zone)}"
        try:
            parsed = parse_published(text)
        except ValueError:
            return None
    elif _RFC_2822.match(value.strip()):
        try:
            parsed = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError):
            return None
    else:
        parsed = _written_date(value.strip())
    return parsed if parsed is not None and _in_range(parsed) else None


def _written_date(value: str) -> date | datetime | None:
    """A date as pages write it outside ISO 8601 (QA round 6): "November 18, 2019", "18 Nov.
    2019", "18.11.2019", "2019/11/18", "11/18/2019" when the day is past 12 (else the order is
    unknown) or Drupal's "Fri, 11/18/2019 - 10:30", "20191118T100000Z"."""
    try:
        if found := _COMPACT_DATE.fullmatch(value):
            year, month, day, hour, minute, second, utc = found.groups()
            if hour is None:
                return date(int(year), int(month), int(day))
            zone = UTC if utc else None
            return datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0), 0, zone
            )
        if found := _MONTH_NAME_DATE.match(value):
            month = _MONTHS.get((found["month1"] or found["month2"]).lower())
            number = found["day1"] or found["day2"]
            return (
                date(int(found["year1"] or found["year2"]), month, int(number)) if month else None
            )
        if found := _DRUPAL_DATE.fullmatch(value):
            month, day, year = found.groups()
            return date(int(year), int(month), int(day))
        if found := _NUMERIC_DATE.match(value):
            first, sep, second, year = found.groups()
            if len(first) == 4:  # 2019/11/18
                return date(int(first), int(second), int(year))
            day, month = (first, second) if sep == "." or int(first) > 12 else (second, first)
            if sep == "/" and int(first) <= 12 and int(second) <= 12:
                return None  # 11/10/2019: November or October?
            return date(int(year), int(month), int(day))
    except ValueError:
        return None
    return None


def _zone(zone: str | None) -> str:
    if not zone:
        return ""
    if zone == "Z":
        return "+00:00"
    return zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"


def _site(root: Element, metas: dict[str, str], ld: list[dict[str, Any]]) -> str:
    if metas.get("og:site_name"):
        return _site_name(metas["og:site_name"])
    for item in ld:
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and publisher.get("name"):
            return _site_name(publisher["name"])
    # The same in microdata: <div itemprop="publisher" itemscope><meta itemprop="name"> (QA).
    for name in _MICRODATA_PUBLISHER_NAME(root):
        value = _site_name(name.get("content") or text_of(name))
        if value:
            return value
    for key in _SITE_META[1:]:
        value = _site_name(metas.get(key, "")).lstrip("@")
        if value and value.lower() not in _PUBLISHING_SOFTWARE:
            return value
    return ""


def _title_site(root: Element, names: tuple[str, ...]) -> str:
    """The part of the page's ``<title>`` at either end that names its site, by the URL's
    domain, for a page that names it nowhere else: "School bond passes | Lake County Herald"
    on lakecountyherald.com (QA s15: the site was empty)."""
    found = root.find(".//title")
    title = _clean(text_of(found)) if found is not None else ""
    seps = list(_TITLE_SEPARATORS.finditer(title))
    if not seps or not names:
        return ""
    ends = (title[seps[-1].end() :], title[: seps[0].start()])
    return next((part for part in ends if _is_site(part, names)), "")


def _site_name(value: str) -> str:
    """A site's name as a reader says it: its first part when the page lists several
    ("The Jerusalem Post | JPost.com", "Autoracing | F1 | Indy | MotoGP"), and the host of one
    given as an address ("https://www.newsnation.in"), as the site facet showed them (QA)."""
    name = _clean(value).split(" | ")[0].strip()
    if _split(name).scheme in ("http", "https"):
        return url_host(name).removeprefix("www.")
    return name


_MICRODATA_PUBLISHER_NAME = compile_xpath(
    "//*[@itemprop='publisher']//*[@itemprop='name'][not(ancestor::*[@itemprop='logo'])]"
)


def _canonical(
    root: Element, metas: dict[str, str], ld: list[dict[str, Any]], url: str | None
) -> str:
    """The page's canonical link, else its ``og:url``, else the story's ``mainEntityOfPage``
    (a microdata link, a JSON-LD address or ``{"@id": address}``: QA), else ``url``. A link
    to a site's home page names no story: sites that point every page at it made distinct
    stories one document, each replacing the last (QA)."""
    links = [
        link.get("href") or ""
        for link in root.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    links.append(metas.get("og:url", ""))
    links += [link.get("href") or "" for link in _MAIN_ENTITY_LINKS(root)]
    for item in ld:
        entity = item.get("mainEntityOfPage")
        entity = entity.get("@id") if isinstance(entity, dict) else entity
        if isinstance(entity, str):
            links.append(entity)
    for href in links:
        found = _absolute(href, url) if href.strip() else ""
        if found and not _is_home_page(found):
            return found
    return url or ""


_MAIN_ENTITY_LINKS = compile_xpath("//link[@itemprop='mainEntityOfPage'][@href]")


def _is_home_page(url: str) -> bool:
    parts = _split(url)
    return parts.path.strip("/") == "" and not parts.query


def _absolute(href: str, base: str | None) -> str:
    href = href.strip()
    try:
        joined = urljoin(base, href) if base else href
    except ValueError:  # "http://[::1": a bad address, as if none were given
        return base or ""
    return joined if _split(joined).scheme in ("http", "https") else (base or "")


def _split(url: str | None) -> SplitResult:
    """The parts of ``url``; none for one that cannot be read: a page's bad canonical link
    ("http://[::1") failed the whole page with "Invalid IPv6 URL" (QA)."""
    try:
        return urlsplit(url or "")
    except ValueError:
        return urlsplit("")


def url_host(url: str | None) -> str:
    """The host name of ``url``, lowercase; "" for none, or one that is no address
    ("http://[x]/a")."""
    try:
        return (_split(url).hostname or "").lower()
    except ValueError:
        return ""


def _language(root: Element, metas: dict[str, str], ld: list[dict[str, Any]]) -> str:
    lang = root.get("lang") or root.get("xml:lang") or ""
    if not lang:
        lang = metas.get("og:locale", "") or metas.get("content-language", "")
    if not lang:
        for item in ld:
            if isinstance(item.get("inLanguage"), str):
                lang = item["inLanguage"]
                break
    return _language_tag(lang.replace("_", "-").split(",")[0])


def _language_tag(tag: str) -> str:
    """A language tag as BCP 47 writes it: the language in lower case, a region in capitals
    ("EN_gb " was "EN-gb", QA), other subtags as given: "en-GB", "zh-Hant-TW".

    >>> _language_tag(" EN-gb "), _language_tag("pt-br"), _language_tag("zh-hant-tw")
    ('en-GB', 'pt-BR', 'zh-hant-TW')
    """
    parts = tag.strip().split("-")
    return "-".join(
        part.lower() if at == 0 else part.upper() if len(part) == 2 else part
        for at, part in enumerate(parts)
    )
