"""Text analyzers, in one place: how words become index terms.

``news`` (title and body): words, lower-cased, accents folded, stop words dropped, Porter-stemmed,
so "Massacres", "massacre" and "massacré" meet. ``names`` (site, author): words, lower-cased and
folded but not stemmed, so ``site:independent`` matches "The Independent" exactly as written.
"""

from __future__ import annotations

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map


def news_analyzer() -> Analyzer:
    """Analyzer for title and body: tokenize | lowercase | fold accents | stop | stem."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=100_000)
    )


def names_analyzer() -> Analyzer:
    """Analyzer for site and author names: tokenize | lowercase | fold accents."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
