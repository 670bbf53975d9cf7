"""The Article record: what the scrapers make of one page. Data only, no parsing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Article:
    """One news article, cleaned of everything that is not the story.

    ``body`` holds the paragraphs separated by blank lines. ``published`` is a ``date`` or a
    ``datetime`` when the page says when it was published, else ``None``.

    >>> Article(title="Aleppo", body="First.\\n\\nSecond.").paragraphs
    ('First.', 'Second.')
    """

    title: str = ""
    body: str = ""
    authors: tuple[str, ...] = field(default_factory=tuple)
    published: date | datetime | None = None
    site: str = ""
    url: str = ""
    language: str = ""

    def __post_init__(self) -> None:
        # Accept any iterable of names (a list from JSON, say) but keep the record immutable.
        if not isinstance(self.authors, tuple):
            object.__setattr__(self, "authors", tuple(self.authors))

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body split into its paragraphs."""
        return tuple(p for p in self.body.split("\n\n") if p.strip())

    @property
    def content_hash(self) -> str:
        """A stable digest of what gets indexed, used to skip unchanged documents."""
        digest = hashlib.sha256()
        for part in (self.title, self.body, "\x1f".join(self.authors), self.site, self.url,
                     self.language, self.published.isoformat() if self.published else ""):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x1e")
        return digest.hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        """The fields as JSON-ready values (dates as ISO 8601 strings, authors as a list)."""
        return {
            "title": self.title,
            "body": self.body,
            "authors": list(self.authors),
            "published": self.published.isoformat() if self.published else None,
            "site": self.site,
            "url": self.url,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build an Article from :meth:`to_dict` output; unknown keys are ignored."""
        return cls(
            title=str(data.get("title") or ""),
            body=str(data.get("body") or ""),
            authors=tuple(_as_names(data.get("authors"))),
            published=parse_published(data.get("published")),
            site=str(data.get("site") or ""),
            url=str(data.get("url") or ""),
            language=str(data.get("language") or ""),
        )


def _as_names(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v]


def parse_published(value: Any) -> date | datetime | None:
    """Read a published date from an ISO 8601 string (date or date-time), or pass one through.

    Raises ``ValueError`` for a string that is not ISO 8601.

    >>> parse_published("2016-11-29")
    datetime.date(2016, 11, 29)
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):  # datetime is a subclass of date
        return value
    text = str(value).strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
