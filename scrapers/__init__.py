"""scrapers: raw article pages (HTML, or text already scraped from HTML) → clean Article records.

>>> from scrapers import extract
>>> extract("Title\\n\\nKindly Share This Story:\\n\\nThe story.").body
'The story.'
"""

from scrapers.article import Article
from scrapers.errors import DecodeError, ScrapeError
from scrapers.extract import Dropped, explain, extract

__all__ = ["Article", "DecodeError", "Dropped", "ScrapeError", "explain", "extract"]
