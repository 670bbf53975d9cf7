"""searchkit's exception tree. The CLI catches ``SearchkitError`` in exactly one place.

    SearchkitError
    ├── ArchiveError
    │   ├── ArchiveNotFound     no index at the path (the message suggests `searchkit index`)
    │   ├── ArchiveLocked       another writer holds the lock
    │   ├── DocumentNotFound    no document with the id asked for (``Archive.similar``)
    │   └── SchemaMismatch      built by another SCHEMA_VERSION (suggests `searchkit rebuild`)
    ├── QueryError              bad query syntax; carries .query and .position
    ├── OptionError             an option's value is refused (limit, page, sort, since, until,
    │                           facets, workers, lock_timeout); also a ValueError
    └── IngestError             one source failed; .source; __cause__ is the ScrapeError/OSError

Other programmer misuse raises ValueError or TypeError and is never swallowed.
"""

from __future__ import annotations

from functools import partial
from typing import Any


class SearchkitError(Exception):
    """Base of every error searchkit raises on purpose."""


class ArchiveError(SearchkitError):
    """The index on disk cannot be used as asked."""


class ArchiveNotFound(ArchiveError):
    """There is no index at the path."""


class ArchiveLocked(ArchiveError):
    """Another writer holds the index's lock."""


class DocumentNotFound(ArchiveError):
    """No document in the index has the id asked for."""


class SchemaMismatch(ArchiveError):
    """The index was built with another schema version and needs a rebuild."""


class QueryError(SearchkitError):
    """A query string cannot be parsed.

    ``position`` is the 0-based character offset of the problem in ``query``.
    """

    def __init__(self, message: str, *, query: str, position: int | None = None) -> None:
        super().__init__(message)
        self.query = query
        self.position = position

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as it was made: the default passes only the message, and the keyword-only
        # arguments were missing when it was unpickled (QA round 5).
        made = partial(type(self), query=self.query, position=self.position)
        return (made, self.args, self.__dict__)


class OptionError(SearchkitError, ValueError):
    """An option has a value it cannot take, such as ``limit=0`` or ``sort="popular"``.

    ``option`` names it (``"limit"``), when known. It is a ValueError too, as these errors were
    before they had a class of their own.
    """

    def __init__(self, message: str, *, option: str = "") -> None:
        super().__init__(message)
        self.option = option

    def __reduce__(self) -> tuple[Any, ...]:
        return (partial(type(self), option=self.option), self.args, self.__dict__)


class IngestError(SearchkitError):
    """One source could not be read or cleaned (the batch carries on without it), or an
    article given to ``Archive.add`` has nothing to index; ``source`` names it."""

    def __init__(self, message: str, *, source: str) -> None:
        super().__init__(f"{source or repr(source)}: {message}")  # '' for an empty path
        self.source = source
        self.reason = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (partial(type(self), source=self.source), (self.reason,), self.__dict__)
