"""searchkit: full-text search for news archives.

The whole public surface is below (``__all__``): ``Archive`` opens an index and is the one
object to call; ``Article`` is what goes in, ``SearchResults`` (of ``Hit``), ``IngestReport``
and ``ArchiveStats`` are what comes out (frozen dataclasses with ``to_dict()``, the same dicts
the CLI's ``--json`` and the HTTP API give); every error it raises on purpose derives from
``SearchkitError``. An Archive may be shared between threads. ``searchkit.server`` serves an
Archive over HTTP (``searchkit serve``).

>>> import tempfile
>>> from searchkit import Archive, Article
>>> with Archive(tempfile.mkdtemp()) as archive:
...     doc_id = archive.add(Article(title="Ferries stop", body="Storms closed the port."))
...     results = archive.search("storm")
...     [(hit.title, [hit.snippet[a:b] for a, b in hit.highlights]) for hit in results]
[('Ferries stop', ['Storms'])]
"""

import importlib
import logging
import typing

if typing.TYPE_CHECKING:
    from scrapers import Article
    from searchkit.archive import Archive
    from searchkit.errors import (
        ArchiveError,
        ArchiveLocked,
        ArchiveNotFound,
        DocumentNotFound,
        IngestError,
        OptionError,
        QueryError,
        SchemaMismatch,
        SearchkitError,
    )
    from searchkit.results import (
        ArchiveStats,
        Copy,
        FacetCount,
        Hit,
        IngestReport,
        SearchResults,
    )

__version__ = "0.1.0"

# The library never configures logging (STYLE habit 12).
logging.getLogger(__name__).addHandler(logging.NullHandler())

#: The module each public name comes from, imported at its first use: the ``searchkit``
#: command takes Ctrl-C before its modules are loaded (``searchkit.__main__``), which took
#: 0.7 s, and one pressed meanwhile printed a traceback (QA).
_HOMES = {
    "Archive": "searchkit.archive",
    "Article": "scrapers",
    **dict.fromkeys(
        [
            "ArchiveError",
            "ArchiveLocked",
            "ArchiveNotFound",
            "DocumentNotFound",
            "IngestError",
            "OptionError",
            "QueryError",
            "SchemaMismatch",
            "SearchkitError",
        ],
        "searchkit.errors",
    ),
    **dict.fromkeys(
        ["ArchiveStats", "Copy", "FacetCount", "Hit", "IngestReport", "SearchResults"],
        "searchkit.results",
    ),
}


def __getattr__(name: str) -> typing.Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "Archive",
    "ArchiveError",
    "ArchiveLocked",
    "ArchiveNotFound",
    "ArchiveStats",
    "Article",
    "Copy",
    "DocumentNotFound",
    "FacetCount",
    "Hit",
    "IngestError",
    "IngestReport",
    "OptionError",
    "QueryError",
    "SchemaMismatch",
    "SearchResults",
    "SearchkitError",
    "__version__",
]
