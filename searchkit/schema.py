"""The Whoosh schema and Article ⇄ stored fields. The only module that knows field names.

Bump ``SCHEMA_VERSION`` whenever a field or an analyzer changes: an index built with another
version must be rebuilt (``searchkit rebuild``) before it can be searched.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from scrapers import Article
from scrapers.metadata import url_host
from searchkit.analysis import NAMES_SEPARATOR, name_key, names_analyzer, news_analyzer, visible

#: 2: facet columns (facet_site, facet_author, facet_month) and syndication fields (dup_key,
#: dup_bands) for issue 5. 3: raw_hash and scraper_version per document, so re-indexing skips
#: unchanged pages without cleaning them again; title and body are AnalyzedText (issue 6).
#: 4: words folded by ``searchkit.analysis.fold`` ("Straße", "İzmir", decomposed accents), title
#: and body stored composed (NFC), "us" and "may" no longer stop words.
#: 5: published holds the page's local time, not UTC, so filters see the day it shows.
#: 6: initialisms without their dots ("U.S." is "us", as "US" is).
#: 7: each letter of Chinese or Japanese a word of its own.
#: 8: a digit alone is a word ("3 dead", "3月"); half-width kana and 々〆〇 are such letters.
#: 9: the authors of a story 100 positions apart (``searchkit.analysis.NAME_GAP``).
#: 10: a letter joined to a word by a hyphen or an ampersand is a word ("F-16", "X-ray"), and so
#: is a stop word joined by an ampersand ("AT&T").
#: 11: "use", "used", "using" are "use", no longer "us" (``searchkit.analysis.news_stem``);
#: titles and bodies stored without soft hyphens and zero-width spaces (``visible``).
#: 12: a stop word keeps its position, so a phrase's stop words keep their places
#: (``searchkit.phrases``).
#: 13: a dot joins a word only between digits or an initialism's letters ("bodies.Volunteers",
#: "Express.co.uk" are words apart; ``searchkit.analysis.WORDS``).
#: 14: a stem that is a stop word is marked ("ate", "one", "Andes": "at'", "on'", "and'", not
#: "at", "on", "and"; ``searchkit.analysis.news_stem``).
#: 15: "œ" and "æ" are "oe" and "ae" ("cœur" is "coeur"; ``searchkit.analysis.fold``); a site
#: counted once whatever its case and accents (``site_key``, by ``name_key``); the host of a
#: story's URL and the domains it is under (``host``), which ``site:lemonde.fr`` matches.
SCHEMA_VERSION = 15

#: The sortable column each facet counts (issue 5); columns, so counting never reads stored fields.
FACET_FIELDS = {"site": "facet_site", "author": "facet_author", "month": "facet_month"}

#: The syndication cluster of a document (collapsed at query time) and its LSH band keys
#: (looked up at add time); see ``searchkit.duplicates``.
DUP_KEY = "dup_key"
DUP_BANDS = "dup_bands"

#: Separates the authors of one document in the facet_author column (never in a name).
_AUTHOR_SEPARATOR = "\x1f"

#: Fields a plain query word is looked up in, with their query-time weights (title above body).
TEXT_FIELDS = ("title", "body")

#: Field names users may write before a colon, mapped to the index field they search.
FIELD_ALIASES = {
    "title": "title",
    "body": "body",
    "site": "site",
    "author": "author",
    "authors": "author",
    "url": "url",
    "id": "id",
    "published": "published",
    "date": "published",
    "language": "language",
    "lang": "language",
}


class Analyzed(tuple[tuple[bytes, int, float, bytes], ...]):
    """A text field's terms, analysed ahead of time: ``(term, frequency, weight, positions)``."""

    __slots__ = ()


class AnalyzedText(TEXT):  # type: ignore[misc]  # Whoosh is untyped
    """A TEXT field that also takes ``Analyzed`` terms in place of its text (issue 6).

    Tokenizing and stemming is most of what indexing a document costs; with this, worker
    processes do it (:func:`analyze`) and the single writer only files the postings. Searching
    is unchanged: queries go through the same analyzer.
    """

    def index(self, value: Any, **kwargs: Any) -> Any:
        if isinstance(value, Analyzed):
            return iter(value)
        return super().index(value, **kwargs)


def build_schema() -> Schema:
    """The index's fields. Stored fields are what a Hit and ``Archive.get`` give back."""
    news = news_analyzer()
    names = names_analyzer()
    return Schema(
        id=ID(unique=True, stored=True),
        url=ID(stored=True),
        title=AnalyzedText(analyzer=news, stored=True),
        body=AnalyzedText(analyzer=news, stored=True, phrase=True),
        site=AnalyzedText(analyzer=names, stored=True, phrase=True),
        site_key=ID(sortable=True),
        host=KEYWORD(),
        author=AnalyzedText(analyzer=names, phrase=True),
        authors=STORED(),
        published=DATETIME(sortable=True),
        published_iso=STORED(),
        language=ID(stored=True),
        content_hash=ID(stored=True),
        source=ID(stored=True),
        facet_site=ID(sortable=True),
        facet_author=ID(sortable=True),
        facet_month=ID(sortable=True),
        dup_key=ID(stored=True, sortable=True),
        dup_bands=KEYWORD(),
        raw_hash=STORED(),
        scraper_version=STORED(),
    )


def hosts(url: str) -> list[str]:
    """The host of ``url`` and the domains it is under, without "www.", which ``site:`` also
    matches (``host_key``): "https://www.bbc.co.uk/news" is "bbc.co.uk" and "co.uk" ("uk"
    alone is no domain ``host_key`` gives)."""
    labels = url_host(url.strip()).rstrip(".").removeprefix("www.").split(".")
    return [".".join(labels[at:]) for at in range(len(labels) - 1) if all(labels[at:])]


def host_key(name: str) -> str | None:
    """The ``host`` term a ``site`` name matches when it is written as a domain
    ("lemonde.fr", "www.theguardian.com"), or None: ``--site theguardian.com`` found nothing
    where the pages name their site "The Guardian" (multilingual QA)."""
    found = _DOMAIN.fullmatch(name.strip().lower())
    return found.group(1) if found else None


#: A site named by its domain: words joined by dots, the last of letters.
_DOMAIN = re.compile(r"(?:www\.)?((?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,})")


def split_authors(joined: str) -> list[str]:
    """The authors in one value of the facet_author column."""
    return [name for name in joined.split(_AUTHOR_SEPARATOR) if name]


def to_fields(
    doc_id: str,
    article: Article,
    *,
    source: str = "",
    dup_key: str = "",
    dup_bands: tuple[str, ...] = (),
    raw_hash: str = "",
    scraper_version: str = "",
) -> dict[str, Any]:
    """The Whoosh document for an article.

    ``dup_key`` is its syndication cluster and ``dup_bands`` the band keys that find it
    (issue 5). ``raw_hash`` and ``scraper_version`` say what the article was cleaned from and by
    which scrapers; together they let an unchanged page be skipped before it is cleaned again.
    """
    fields: dict[str, Any] = {
        "id": doc_id,
        "url": article.url.strip(),
        "title": unicodedata.normalize("NFC", visible(article.title)),
        "body": unicodedata.normalize("NFC", visible(article.body)),
        "site": article.site,
        "site_key": name_key(article.site),
        "host": " ".join(hosts(article.url)),
        "author": NAMES_SEPARATOR.join(article.authors),
        "authors": list(article.authors),
        "published_iso": article.published.isoformat() if article.published else "",
        "language": article.language,
        "content_hash": article.content_hash,
        "source": source,
        "facet_site": " ".join(article.site.split()),
        "facet_author": _AUTHOR_SEPARATOR.join(" ".join(a.split()) for a in article.authors),
        "facet_month": article.published.isoformat()[:7] if article.published else "",
        "dup_key": dup_key or cluster_of(doc_id),
        "dup_bands": " ".join(dup_bands),
        "raw_hash": raw_hash,
        "scraper_version": scraper_version,
    }
    if article.published is not None:
        fields["published"] = as_naive(article.published)
    return fields


def cluster_of(doc_id: str, signature: bytes = b"") -> str:
    """A new syndication cluster's key: short, stable, derived from its first document's id
    and the ``signature`` of its body then (``duplicates.Fingerprint``).

    The body counts because the copies keep the key when that document changes or goes: keyed
    on the id alone, the document given another story stayed grouped with them until a rebuild.
    """
    return hashlib.sha1(doc_id.encode("utf-8") + signature).hexdigest()[:16]


def analyze(fields: dict[str, Any], schema: Schema) -> dict[str, Any]:
    """``fields`` (from :func:`to_fields`) with the text fields analysed ahead of time.

    The text itself is kept as the stored value (``_stored_<name>``), so the index holds exactly
    what ``to_fields`` alone would give.
    """
    out = dict(fields)
    for name, text in fields.items():
        if isinstance(text, str) and isinstance(schema[name], AnalyzedText):
            out[name] = Analyzed(schema[name].index(text))
            if schema[name].stored:
                out[f"_stored_{name}"] = text
    return out


def from_fields(stored: dict[str, Any]) -> Article:
    """The Article back from a document's stored fields."""
    return Article.from_dict(
        {
            "title": stored.get("title", ""),
            "body": stored.get("body", ""),
            "authors": stored.get("authors") or [],
            "published": stored.get("published_iso") or None,
            "site": stored.get("site", ""),
            "url": stored.get("url", ""),
            "language": stored.get("language", ""),
        }
    )


def as_naive(value: date | datetime) -> datetime:
    """Whoosh's DATETIME field takes naive datetimes: dates become midnight, and aware times
    keep the wall-clock time written in the page, their offset dropped, so that filters, sorts,
    facets and display all see the publication's own calendar day (in UTC, a page of
    2016-11-30T23:30-05:00, shown and faceted as November, was filtered as December)."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value.replace(tzinfo=None)
