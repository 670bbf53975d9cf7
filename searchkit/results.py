"""Result records: frozen dataclasses with ``to_dict()``. No Whoosh object leaks out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from searchkit.errors import IngestError


@dataclass(frozen=True)
class Copy:
    """Another site's copy of a hit's story (a syndicated near-duplicate, issue 5)."""

    id: str
    url: str
    site: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"id": self.id, "url": self.url, "site": self.site}


@dataclass(frozen=True)
class FacetCount:
    """How many matching documents have one value of a facet (a site, an author, a month)."""

    value: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class Hit:
    """One ranked search result.

    ``snippet`` is plain text from the body around the matched words; ``highlights`` are the
    ``(start, end)`` character spans of the matched words inside ``snippet``. ``also_at`` lists
    the other matching copies of the same story, folded into this hit (issue 5). ``published``
    is the day of publication as the page wrote it (its local date, whatever the time zone;
    ``"YYYY-MM-DD"`` in ``to_dict()``), or None; ``Archive.get`` gives the full time.
    """

    id: str
    score: float
    title: str
    url: str
    site: str
    published: date | None
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    also_at: tuple[Copy, ...] = ()
    #: The story's byline: a reporter searches by it, and wants it in the list (QA).
    authors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields, in the order the CLI's ``--json`` prints them."""
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "title": self.title,
            "url": self.url,
            "site": self.site,
            "authors": list(self.authors),
            "published": self.published.isoformat() if self.published else None,
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "also_at": [copy.to_dict() for copy in self.also_at],
        }


@dataclass(frozen=True)
class SearchResults:
    """One page of ranked hits and the total number of matching documents (issue 5 adds the rest).

    ``total`` counts hits: syndicated copies folded into one hit count once. ``facets`` maps each
    facet asked for ("site", "author", "month") to counts over every matching document, not only
    this page. ``warnings`` say where the search was cut short (a prefix with too many
    expansions); ``suggestion`` is a respelled query when few documents match, else None.
    """

    query: str
    total: int
    hits: tuple[Hit, ...]
    page: int = 1
    limit: int = 10
    facets: dict[str, tuple[FacetCount, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    suggestion: str | None = None

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def to_dict(self) -> dict[str, Any]:
        """The dict the CLI's ``search --json`` prints."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {
                name: [count.to_dict() for count in counts] for name, counts in self.facets.items()
            },
            "warnings": list(self.warnings),
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class IngestReport:
    """What one ``Archive.ingest``/``add_many`` call did.

    ``empty`` counts pages with no story (nothing to index), and ``empty_sources`` names those
    read from a file (QA: "empty 1" did not say which page); ``removed`` the documents dropped
    because their source is gone (``prune``); ``failed`` holds one error per source that
    could not be read or cleaned; ``ignored`` counts the files under a folder given that are
    of no type read (``.pdf``, a saved page's ``.css``; hidden ones aside), which are no
    failure but tell why a folder gave fewer pages than it holds files (QA).
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    empty: int = 0
    failed: tuple[IngestError, ...] = field(default_factory=tuple)
    removed: int = 0
    ignored: int = 0
    empty_sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts, with each failure's source and reason, and the sources of the
        pages with no story."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "empty": self.empty,
            "removed": self.removed,
            "ignored": self.ignored,
            "failed": [{"source": e.source, "reason": e.reason} for e in self.failed],
            "empty_sources": list(self.empty_sources),
        }


@dataclass(frozen=True)
class ArchiveStats:
    """The size and spread of an index."""

    path: str
    documents: int
    sites: int
    first_published: date | None
    last_published: date | None
    size_bytes: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "path": self.path,
            "documents": self.documents,
            "sites": self.sites,
            "first_published": _iso(self.first_published),
            "last_published": _iso(self.last_published),
            "size_bytes": self.size_bytes,
        }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None
