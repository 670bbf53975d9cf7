"""Exact phrases whose words may stand apart: the stop words typed between them keep their places.

Indexing leaves stop words out but counts their positions (``searchkit.analysis``), as Lucene
does, so ``"vote for bush"`` is "vote" and, two positions later, "bush": it no longer finds
"vote Bush" or "vote. Bush", and "state-of-the-art" meets "state of the art". A stop word's
place holds any one word, as it does in Lucene: the index does not know which word was there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh import query as wq
from whoosh.fields import FieldType
from whoosh.matching import Matcher, NullMatcher, WrappingMatcher
from whoosh.query.spans import Span, SpanNear2
from whoosh.searching import Searcher


class Phrase(wq.Phrase):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's exact phrase (slop 1) of ``words`` (index terms), each at its place in
    ``offsets`` (positions after the first word's; by default side by side)."""

    def __init__(
        self,
        fieldname: str,
        words: Sequence[str],
        slop: int = 1,
        boost: float = 1.0,
        char_ranges: list[tuple[int, int]] | None = None,
        offsets: Sequence[int] | None = None,
    ) -> None:
        super().__init__(fieldname, list(words), slop=slop, boost=boost, char_ranges=char_ranges)
        self.offsets = tuple(range(len(words)) if offsets is None else offsets)
        if len(self.offsets) != len(words):
            raise ValueError(f"{len(words)} words but {len(self.offsets)} offsets")

    @property
    def side_by_side(self) -> bool:
        """Whether no stop word stands between the words."""
        return self.offsets == tuple(range(len(self.words)))

    def __eq__(self, other: object) -> bool:
        return bool(super().__eq__(other)) and self.offsets == getattr(other, "offsets", None)

    def __hash__(self) -> int:
        return int(super().__hash__()) ^ hash(self.offsets)

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, offsets={self.offsets})"

    def normalize(self) -> wq.Query:
        if len(self.words) < 2:
            return super().normalize()
        return self

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        if self.slop != 1 or self.side_by_side:
            return super().matcher(searcher, context)
        reader = searcher.reader()
        if not all((self.fieldname, word) in reader for word in self.words):
            return NullMatcher()
        terms = [wq.Term(self.fieldname, word) for word in self.words]
        found = _PlacedMatcher([t.matcher(searcher, context) for t in terms], self.offsets)
        return found if self.boost == 1.0 else WrappingMatcher(found, boost=self.boost)


class _PlacedMatcher(SpanNear2.SpanNear2Matcher):  # type: ignore[misc]  # Whoosh is untyped
    """The documents where each word is at its offset from the first one's position."""

    def __init__(self, matchers: list[Matcher], offsets: tuple[int, ...]) -> None:
        self.offsets = offsets
        super().__init__(matchers)

    def copy(self) -> _PlacedMatcher:
        return _PlacedMatcher([m.copy() for m in self.ms], self.offsets)

    def _get_spans(self) -> list[Span]:
        starts = {span.start for span in self.ms[0].spans()}
        for matcher, offset in zip(self.ms[1:], self.offsets[1:], strict=True):
            starts &= {span.start - offset for span in matcher.spans()}
            if not starts:
                return []
        return [Span(start, start + self.offsets[-1]) for start in sorted(starts)]


def phrase_of(
    field: FieldType, fieldname: str, text: str, *, start: int = 0, boost: float = 1.0
) -> wq.Query:
    """The exact phrase of ``text`` in ``field`` (its analyzer's terms, at the places indexing
    gives them), a ``Term`` for one term, ``NullQuery`` for none. ``start`` is where ``text``
    starts in the query, for the character ranges of its words."""
    words, places, ranges = [], [], []
    for token in field.tokenize(text, mode="query", chars=True, positions=True):
        words.append(token.text)
        places.append(token.pos)
        ranges.append((start + token.startchar, start + token.endchar))
    offsets = [place - places[0] for place in places]
    return Phrase(fieldname, words, boost=boost, char_ranges=ranges, offsets=offsets).normalize()
