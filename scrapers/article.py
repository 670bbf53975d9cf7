"""The Article record: what the scrapers make of one page. Data only, no parsing."""

from __future__ import annotations

import hashlib
import re
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
        if isinstance(self.authors, str):
            raise TypeError("authors must be a sequence of names, not one str")
        if not isinstance(self.authors, tuple):
            object.__setattr__(self, "authors", tuple(self.authors))
        # Every source meets here (pages, JSON-LD, JSONL records, Python callers), so this is
        # where text that cannot be stored is refused: a later stage (hashing, the index, JSON
        # output) would fail on it with no record of which page it was.
        if self.published is not None and not isinstance(self.published, date):
            # A str got as far as indexing, where it raised AttributeError (QA).
            raise TypeError(
                f"published must be a date or datetime, not {type(self.published).__name__}"
            )
        for name in _TEXT_FIELDS:
            check_text(name, getattr(self, name))
        for author in self.authors:
            check_text("authors", author)
        if not all(author.strip() for author in self.authors):
            # A blank name is none: search hits listed it, get() did not (QA).
            object.__setattr__(self, "authors", tuple(a for a in self.authors if a.strip()))

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body split into its paragraphs."""
        return tuple(p for p in self.body.split("\n\n") if p.strip())

    @property
    def content_hash(self) -> str:
        """A stable digest of what gets indexed, used to skip unchanged documents."""
        digest = hashlib.sha256()
        for part in (
            self.title,
            self.body,
            "\x1f".join(self.authors),
            self.site,
            self.url,
            self.language,
            self.published.isoformat() if self.published else "",
        ):
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
        """Build an Article from :meth:`to_dict` output (or a JSON object); unknown keys are
        ignored.

        ``title``, ``body``, ``site``, ``url`` and ``language`` must be strings, ``authors`` a
        string or a list of strings and ``published`` an ISO 8601 string; a missing key or
        ``null`` is empty. Raises ``ValueError`` for any other value: a list given as ``site``
        is refused, not stored as the text ``"['a', 'b']"``.

        >>> Article.from_dict({"title": "Aleppo", "authors": "Jane Roe"}).authors
        ('Jane Roe',)
        """
        return cls(
            title=text_field(data, "title"),
            body=text_field(data, "body"),
            authors=_names(data.get("authors")),
            published=parse_published(data.get("published")),
            site=text_field(data, "site"),
            url=text_field(data, "url"),
            language=text_field(data, "language"),
        )


_TEXT_FIELDS = ("title", "body", "site", "url", "language")

#: UTF-16 surrogates: a JSON escape such as "\ud800" with no partner decodes to one, which is
#: not a character and cannot be encoded as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(name: str, value: Any) -> str:
    """``value`` if it is a str of Unicode text; raises ``TypeError`` or ``ValueError`` naming
    the field otherwise (a lone surrogate is not text)."""
    if not isinstance(value, str):
        raise TypeError(f"'{name}' must be a str, not {type(value).__name__}")
    try:
        value.encode("utf-8")  # a fifth of the time of the search below, which only errors pay
    except UnicodeEncodeError:
        surrogate = _SURROGATE.search(value)
        assert surrogate is not None  # the one thing str holds that UTF-8 cannot encode
        raise ValueError(
            f"'{name}' holds a lone surrogate (U+{ord(surrogate.group()):04X}), which is not text"
        ) from None
    return value


def text_field(data: dict[str, Any], key: str) -> str:
    """The string at ``data[key]`` ("" when missing or null); raises ``ValueError`` for a value
    of another type (a number, a list, an object)."""
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a string, not {json_kind(value)}")
    return value


def json_kind(value: Any) -> str:
    """What a JSON value is, for messages: ``a list``, ``an object``, ``a number``, …"""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string" if isinstance(value, str) else type(value).__name__


def _names(value: Any) -> tuple[str, ...]:
    """Authors: one name or a list of names; empty names are dropped."""
    if value is None or isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list | tuple) and all(isinstance(name, str) for name in value):
        return tuple(name for name in value if name)
    kind = json_kind(value)
    if isinstance(value, list | tuple):  # "not a list" of a list that holds something else (QA)
        kind += " holding " + json_kind(next(v for v in value if not isinstance(v, str)))
    raise ValueError(f"'authors' must be a string or a list of strings, not {kind}")


def parse_published(value: Any) -> date | datetime | None:
    """Read a published date from an ISO 8601 string (date or date-time), or pass one through.

    Raises ``ValueError`` for a string that is not ISO 8601, or a value that is not a string.

    >>> parse_published("2016-11-29")
    datetime.date(2016, 11, 29)
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):  # datetime is a subclass of date
        return value
    if not isinstance(value, str):
        raise ValueError(f"'published' must be an ISO 8601 string, not {json_kind(value)}")
    text = value.strip()
    if not text:  # blank, like "": no date (a blank one was refused quoting '')
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"'published' must be a date (YYYY-MM-DD) or a date and time in ISO 8601, not {text!r}"
        ) from None
