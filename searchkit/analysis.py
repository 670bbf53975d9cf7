"""Text analyzers, in one place: how words become index terms.

``news`` (title and body): words, case- and accent-folded, stop words dropped, Porter-stemmed,
so "Massacres", "massacre" and "massacré" meet. ``names`` (site, author): words, folded but not
stemmed, so ``site:independent`` matches "The Independent" exactly as written. In both, an
initialism written with dots is one word without them: "U.S." is "us", as "US" is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import STOP_WORDS, Analyzer, Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

#: Whoosh's stop words but "us" and "may": in news they are the US and Theresa May as often as
#: pronoun and verb, and a query for "US officials" searched for "officials" alone.
NEWS_STOP_WORDS = frozenset(STOP_WORDS - {"us", "may"})


def fold(text: str) -> str:
    """A word as the index holds it before stemming: case-folded ("Straße" → "strasse"),
    compatibility characters and accents decomposed and dropped ("ﬁ" → "fi", "İzmir" →
    "izmir", "Élysée" → "elysee"), then the letters that do not decompose mapped by Whoosh's
    accent table ("ø" → "o")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.translate(accent_map)


class ComposedTokenizer(RegexTokenizer):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's word tokenizer over the text in composed form (NFC), so that an accent typed or
    stored as a separate combining mark ("E\u0301lyse\u0301e") does not split the word. Stored
    titles and bodies are composed already (``searchkit.schema.to_fields``), so the characters'
    offsets are those of the stored text."""

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Any]:
        return super().__call__(unicodedata.normalize("NFC", value), **kwargs)  # type: ignore[no-any-return]


class FoldFilter(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """Folds every token with :func:`fold`."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


#: An initialism as the tokenizer cuts it: single letters joined by dots ("u.s", "u.s.s.r"); the
#: tokenizer leaves out the last dot. Not "3.5" or "bbc.co.uk".
_INITIALISM = re.compile(r"[^\W\d_](?:\.[^\W\d_])+")


class InitialismFilter(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """Drops the dots of an initialism, so "U.S." and "US", "U.N." and "UN" are one word. Left
    to the stemmer, "u.s" became "u.", which neither "US" nor "u.s" typed with its dot met."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            if _INITIALISM.fullmatch(token.text):
                token.text = token.text.replace(".", "")
            yield token


def news_analyzer() -> Analyzer:
    """Analyzer for title and body: tokenize | fold | initialisms | stop | stem."""
    return (
        ComposedTokenizer()
        | FoldFilter()
        | InitialismFilter()
        | StopFilter(stoplist=NEWS_STOP_WORDS)
        | StemFilter(cachesize=100_000)
    )


def names_analyzer() -> Analyzer:
    """Analyzer for site and author names: tokenize | fold | initialisms."""
    return ComposedTokenizer() | FoldFilter() | InitialismFilter()
