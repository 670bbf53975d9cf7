"""The scrapers' exception tree (kept apart from searchkit's, so scrapers stays independent).

    ScrapeError          a page could not be turned into an Article
    └── DecodeError      the bytes are not text in any encoding we can find

A page with no story is not an error: ``extract`` returns an Article with an empty body.
"""


class ScrapeError(Exception):
    """A page could not be turned into an Article."""


class DecodeError(ScrapeError):
    """The page's bytes could not be decoded to text."""
