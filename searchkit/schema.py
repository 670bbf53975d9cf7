"""The Whoosh schema and Article ⇄ stored fields. The only module that knows field names.

Bump ``SCHEMA_VERSION`` whenever a field or an analyzer changes: an index built with another
version must be rebuilt (``searchkit rebuild``) before it can be searched.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from scrapers import Article
from searchkit.analysis import names_analyzer, news_analyzer

#: 2: facet columns (facet_site, facet_author, facet_month) and syndication fields (dup_key,
#: dup_bands) for issue 5.
SCHEMA_VERSION = 2

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


def build_schema() -> Schema:
    """The index's fields. Stored fields are what a Hit and ``Archive.get`` give back."""
    news = news_analyzer()
    names = names_analyzer()
    return Schema(
        id=ID(unique=True, stored=True),
        url=ID(stored=True),
        title=TEXT(analyzer=news, stored=True),
        body=TEXT(analyzer=news, stored=True, phrase=True),
        site=TEXT(analyzer=names, stored=True, phrase=True),
        site_key=ID(sortable=True),
        author=TEXT(analyzer=names, phrase=True),
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
    )


def site_key(site: str) -> str:
    """The normalised form of a site name used for filters and facets."""
    return " ".join(site.lower().split())


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
) -> dict[str, Any]:
    """The Whoosh document for an article, with its syndication cluster and band keys."""
    fields: dict[str, Any] = {
        "id": doc_id,
        "url": article.url,
        "title": article.title,
        "body": article.body,
        "site": article.site,
        "site_key": site_key(article.site),
        "author": " ; ".join(article.authors),
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
    }
    if article.published is not None:
        fields["published"] = as_naive_utc(article.published)
    return fields


def cluster_of(doc_id: str) -> str:
    """A new syndication cluster's key: short, stable, derived from its first document's id."""
    return hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:16]


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


def as_naive_utc(value: date | datetime) -> datetime:
    """Whoosh's DATETIME field takes naive datetimes: dates become midnight, aware times UTC."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value
