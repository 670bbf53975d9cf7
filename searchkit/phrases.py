"""Exact phrases and near words, whose words keep the places of the stop words typed among them.

Indexing leaves stop words out but counts their positions (``searchkit.analysis``), as Lucene
does, so ``"vote for bush"`` is "vote" and, two positions later, "bush": it no longer finds
"vote Bush" or "vote. Bush", and "state-of-the-art" meets "state of the art". A stop word's
place holds any one word, as it does in Lucene: the index does not know which word was there.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from whoosh import query as wq
from whoosh.fields import FieldType
from whoosh.matching import Matcher, NullMatcher, WrappingMatcher
from whoosh.query.spans import Span, SpanNear2
from whoosh.searching import Searcher


class Phrase(wq.Phrase):  # type: ignore[misc]  # Whoosh is untyped
    """An exact phrase (Whoosh's, slop 1) of ``words`` (index terms), each at its place in
    ``offsets`` (positions after the first word's; by default side by side)."""

    def __init__(
        self,
        fieldname: str,
        words: Sequence[str],
        boost: float = 1.0,
        char_ranges: list[tuple[int, int]] | None = None,
        offsets: Sequence[int] | None = None,
    ) -> None:
        super().__init__(fieldname, list(words), boost=boost, char_ranges=char_ranges)
        self.offsets = tuple(range(len(words)) if offsets is None else offsets)
        if len(self.offsets) != len(words):
            raise ValueError(f"{len(words)} words but {len(self.offsets)} offsets")

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
        places = [[span.start for span in matcher.spans()] for matcher in self.ms]
        found = sorted(starts(places, self.offsets))
        return [Span(start, start + self.offsets[-1]) for start in found]


def offsets_of(q: wq.Phrase) -> tuple[int, ...]:
    """The place of each word of a phrase after the first's: a ``Phrase``'s own, side by side
    for any other."""
    return q.offsets if isinstance(q, Phrase) else tuple(range(len(q.words)))


def starts(places: list[list[int]], offsets: Sequence[int]) -> set[int]:
    """Where a phrase starts, given where each of its words is (``places``, one list of
    positions per word) and the offset of each word from the first."""
    found = set(places[0])
    for positions, offset in zip(places[1:], offsets[1:], strict=True):
        found &= {position - offset for position in positions}
        if not found:
            break
    return found


#: A word of near words: its terms (the letters of ``東京``, the parts of ``F-16``) and the
#: offset of each from the first.
Unit = tuple[tuple[str, ...], tuple[int, ...]]


class Near(wq.Phrase):  # type: ignore[misc]  # Whoosh is untyped
    """``"near words"~slop``: documents where the words all occur, in any order, in a stretch
    of text no wider than the words typed (``span`` positions, their own stop words counted)
    with ``slop - 1`` more: for two words, within ``slop`` positions of each other. So the
    phrase typed always matches: ``"vote for bush"~1`` finds "vote for Bush", and also "vote
    Bush" and "Bush, vote". A word of several terms (``units``) is its terms in order, in
    place. Scored as a phrase is, by the sum of its words' scores.

    A ``Phrase`` to the rest of searchkit, with ``ordered`` False: ``searchkit.words`` leaves it
    to Whoosh (its bulk phrases are ordered), and ``searchkit.snippets`` marks its words in any
    order. (Whoosh's own unordered ``SpanNear2`` checks the words in the order typed, each near
    the ones before it, so whether ``"a b c"~2`` matched "b … a c" depended on the typing.)
    """

    ordered = False

    def __init__(
        self, fieldname: str, units: list[Unit], slop: int = 1, boost: float = 1.0, span: int = 0
    ) -> None:
        words = [word for terms, _offsets in units for word in terms]
        super().__init__(fieldname, words, slop=slop, boost=boost)
        self.units = units
        self.span = max(span, _width(units))

    @property
    def widest(self) -> int:
        """How far apart the first and the last position of a match may be."""
        return int(self.slop) + self.span - 2

    def normalize(self) -> wq.Query:
        return self

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        field = self.fieldname
        units = [Phrase(field, words, offsets=offsets).normalize() for words, offsets in self.units]
        matchers = [unit.matcher(searcher, context) for unit in units]
        found = _NearMatcher(matchers, widest=self.widest)
        return found if self.boost == 1.0 else WrappingMatcher(found, boost=self.boost)


class _NearMatcher(SpanNear2.SpanNear2Matcher):  # type: ignore[misc]  # Whoosh is untyped
    def __init__(self, matchers: list[Matcher], widest: int) -> None:
        self.widest = widest
        super().__init__(matchers)

    def copy(self) -> _NearMatcher:
        return _NearMatcher([m.copy() for m in self.ms], self.widest)

    def _get_spans(self) -> list[Span]:
        found = sorted((s.start, s.end, i, None) for i, m in enumerate(self.ms) for s in m.spans())
        return [
            Span(min(s for s, _, _ in window), max(e for _, e, _ in window))
            for window in windows(found, len(self.ms), self.widest)
        ]


T = TypeVar("T")


def windows(
    found: list[tuple[int, int, int, T]], count: int, widest: int
) -> Iterator[list[tuple[int, int, T]]]:
    """The matches of near words: ``found`` holds where each of the ``count`` words is
    (``(start, end, word, anything)``, ascending); each shortest stretch that holds every word,
    ends at one of them and is at most ``widest`` positions from first to last is given as the
    ``(start, end, anything)`` of each word in it."""
    latest: dict[int, tuple[int, int, T]] = {}  # word → where it was last seen
    for start, end, word, payload in found:
        latest[word] = (start, end, payload)
        if len(latest) == count:
            first = min(s for s, _, _ in latest.values())
            if max(e for _, e, _ in latest.values()) - first <= widest:
                yield list(latest.values())


def near_of(phrase: Phrase, text: str, start: int, slop: int) -> wq.Query:
    """``"text"~slop`` made of ``phrase``, the exact phrase of ``text`` (which starts at
    ``start`` in the query): a ``Near`` of the words typed, or for one word the phrase of its
    terms."""
    typed: dict[int, list[tuple[str, int]]] = {}
    # The char ranges are those of the text composed, as the analyzer reads it (QA: near words
    # typed with separate accents were grouped wrong).
    composed = unicodedata.normalize("NFC", text)
    places = zip(phrase.words, phrase.offsets, phrase.char_ranges, strict=True)
    for word, offset, (begin, _end) in places:
        # The terms of each word typed: the char ranges of one word are not split by spaces.
        before = composed[: begin - start]
        typed.setdefault(len((before + "|").split()), []).append((word, offset))
    every = [_unit(terms) for terms in typed.values()]
    units = list(dict.fromkeys(every))  # a word typed twice: once, its place not counted
    if len(units) < 2:
        words, offsets = units[0]
        return Phrase(phrase.fieldname, words, boost=phrase.boost, offsets=offsets).normalize()
    span = phrase.offsets[-1] + 1 - (_width(every) - _width(units))
    return Near(phrase.fieldname, units, slop=slop, boost=phrase.boost, span=span)


def _width(units: list[Unit]) -> int:
    """The positions ``units`` take, side by side."""
    return sum(offsets[-1] + 1 for _terms, offsets in units)


def _unit(terms: list[tuple[str, int]]) -> Unit:
    """The unit of a word's terms and their offsets in the phrase."""
    first = terms[0][1]
    return tuple(word for word, _ in terms), tuple(offset - first for _, offset in terms)


def phrase_of(
    field: FieldType, fieldname: str, text: str, *, start: int = 0, boost: float = 1.0
) -> wq.Query:
    """The exact phrase of ``text`` in ``field`` (its analyzer's terms, at the places indexing
    gives them), a ``Term`` for one term, ``NullQuery`` for none. ``start`` is where ``text``
    starts in the query, for the character ranges of its words."""
    phrase = placed(field, fieldname, text, start=start)
    phrase.boost = boost
    return phrase.normalize()


def placed(field: FieldType, fieldname: str, text: str, *, start: int = 0) -> Phrase:
    """The ``Phrase`` of ``text`` in ``field``: its analyzer's terms, their places and their
    character ranges (from ``start``), however many."""
    words, places, ranges = [], [], []
    for token in field.tokenize(text, mode="query", chars=True, positions=True):
        words.append(token.text)
        places.append(token.pos)
        ranges.append((start + token.startchar, start + token.endchar))
    offsets = [place - places[0] for place in places]
    return Phrase(fieldname, words, char_ranges=ranges, offsets=offsets)
