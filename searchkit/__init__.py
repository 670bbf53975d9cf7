"""searchkit: full-text search for news archives.

>>> from searchkit import Archive
>>> Archive.__name__
'Archive'
"""

import logging

from scrapers import Article
from searchkit.archive import Archive
from searchkit.errors import (
    ArchiveError,
    ArchiveLocked,
    ArchiveNotFound,
    DocumentNotFound,
    IngestError,
    QueryError,
    SchemaMismatch,
    SearchkitError,
)
from searchkit.results import ArchiveStats, Copy, FacetCount, Hit, IngestReport, SearchResults

__version__ = "0.1.0"

# The library never configures logging (STYLE habit 12).
logging.getLogger(__name__).addHandler(logging.NullHandler())

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
    "QueryError",
    "SchemaMismatch",
    "SearchResults",
    "SearchkitError",
    "__version__",
]
