"""Plain-words queries matched and scored in bulk with numpy (issue 5).

Whoosh scores a query through a tree of matchers, several Python calls per posting: a six-word
AP88 topic ranked with its bonus tiers took a second at 100k documents. A query of plain words
needs no tree. Each of its terms' posting lists is read a block at a time into arrays, scored
with the BM25F of :class:`searchkit.ranking.NewsBM25F` (Whoosh's BM25F scores each field's term
on its own and sums the scores), and the bonuses of :mod:`searchkit.query` are added: every word
present, and the words as the phrase typed. The searcher then takes the page, the total, the
collapsed count and the facets from the same arrays.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from searchkit.query import ALL_WORDS_BONUS, PHRASE_BONUS, ParsedQuery

Term = tuple[str, str]  # (field, text)

#: Whoosh stores a field's length in a document as one byte; this decodes every byte at once.
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass(frozen=True)
class Words:
    """A plain-words query as the lists it needs: its terms and its two bonus tiers."""

    #: Every ``(field, text)`` term ranked (a word in title and in body: two terms), with its
    #: query boost.
    terms: tuple[tuple[Term, float], ...]
    #: The all-words tier: for each word, the terms any one of which counts as the word present.
    groups: tuple[frozenset[Term], ...] = ()
    #: The phrase tier: ``(field, words)``, the words in order as consecutive positions.
    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Ranked:
    """Every matching document, ascending, and its score (BM25F plus bonuses)."""

    docs: NDArray[np.int64]
    scores: NDArray[np.float64]


def words_of(parsed: ParsedQuery) -> Words | None:
    """The lists of a plain-words query, or None when it is not one (operators, fields, …)."""
    if not parsed.plain:
        return None
    terms = _leaves(parsed.ranked if parsed.ranked is not None else parsed.query)
    if terms is None:
        return None
    groups: list[frozenset[Term]] = []
    phrases: list[tuple[str, tuple[str, ...]]] = []
    for tier, bonus in parsed.tiers:
        if bonus == ALL_WORDS_BONUS and isinstance(tier, wq.And):
            for word in tier.subqueries:
                leaves = _leaves(word)
                if leaves is None:
                    return None
                groups.append(frozenset(term for term, _boost in leaves))
        elif bonus == ALL_WORDS_BONUS + PHRASE_BONUS:
            for phrase in tier.subqueries if isinstance(tier, wq.Or) else [tier]:
                if not isinstance(phrase, wq.Phrase) or phrase.slop != 1:
                    return None
                phrases.append((phrase.fieldname, tuple(phrase.words)))
        else:
            return None
    return Words(terms=tuple(terms), groups=tuple(groups), phrases=tuple(phrases))


def _leaves(q: wq.Query) -> list[tuple[Term, float]] | None:
    """The terms of an OR of terms with their boosts; None for any other query."""
    if q is wq.NullQuery:
        return []
    if isinstance(q, wq.Term):
        return [((q.fieldname, q.text), q.boost)]
    if isinstance(q, wq.Or) and q.boost == 1.0 and not q.scale and not q.minmatch:
        leaves: list[tuple[Term, float]] = []
        for child in q.subqueries:
            found = _leaves(child)
            if found is None:
                return None
            leaves.extend(found)
        return leaves
    return None


def rank(searcher: Searcher, words: Words, allowed: NDArray[np.bool_] | None) -> Ranked:
    """Every document holding a term of ``words`` (among ``allowed`` ones, and not deleted),
    scored as Whoosh scores the query with its bonus clauses."""
    model = searcher.weighting
    if not isinstance(model, BM25F):
        raise TypeError(f"bulk scoring reproduces BM25F, not {type(model).__name__}")
    size = searcher.doc_count_all()
    postings = _Postings(searcher)
    scores = np.zeros(size, dtype=np.float64)
    matched = np.zeros(size, dtype=np.bool_)
    for (field, text), boost in words.terms:
        ids, weights = postings.get(field, text)
        if not len(ids):
            continue
        b = model._field_B.get(field, model.B)
        k1 = model.K1
        idf = searcher.idf(field, text)
        average = searcher.avg_field_length(field) or 1
        lengths = _lengths(searcher, field)[ids]
        # Whoosh's scoring.bm25, for every posting at once.
        norm = k1 * ((1 - b) + b * lengths / average)
        scores[ids] += boost * (idf * ((weights * (k1 + 1)) / (weights + norm)))
        matched[ids] = True
    matched &= _live(searcher)
    if allowed is not None:
        matched &= allowed
    if words.groups:
        every = matched.copy()
        for group in words.groups:
            present = np.zeros(size, dtype=np.bool_)
            for field, text in group:
                present[postings.get(field, text)[0]] = True
            every &= present
        scores[every] += ALL_WORDS_BONUS
        if words.phrases:
            scores[_phrased(postings, words.phrases, np.flatnonzero(every))] += PHRASE_BONUS
    docs = np.flatnonzero(matched).astype(np.int64)
    return Ranked(docs=docs, scores=scores[docs])


def _phrased(
    postings: _Postings, phrases: tuple[tuple[str, tuple[str, ...]], ...], docs: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Those of ``docs`` that hold one of the phrases: its words at consecutive positions in one
    field, as Whoosh's ``Phrase`` (slop 1) finds them."""
    found = np.zeros(len(docs), dtype=np.bool_)
    for field, phrase in phrases:
        lists = [postings.get(field, word) for word in phrase]
        # Only documents holding every word in this field can hold the phrase there.
        holding = ~found
        for ids, _weights in lists:
            holding &= np.isin(docs, ids)
        for i in np.flatnonzero(holding):
            doc = docs[i]
            ends: set[int] | None = None
            for word in phrase:
                starts = set(postings.positions(field, word, int(doc)))
                ends = starts if ends is None else {p for p in starts if p - 1 in ends}
                if not ends:
                    break
            found[i] = bool(ends)
    return docs[found]


class _Postings:
    """The posting lists of one search's terms, each read once, over all segments.

    Document numbers are the searcher's (segment offset added). The positions of each posting
    are kept undecoded, for the phrase check of the few documents that need it.
    """

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._lists: dict[Term, tuple[NDArray[np.int64], NDArray[np.float64], list[bytes]]] = {}

    def get(self, field: str, text: str) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Ascending document numbers holding the term, and the term's weight (frequency) in
        each; deleted documents included."""
        ids, weights, _values = self._read(field, text)
        return ids, weights

    def positions(self, field: str, text: str, doc: int) -> list[int]:
        """The term's positions in a document that holds it."""
        ids, _weights, values = self._read(field, text)
        at = int(np.searchsorted(ids, doc))
        positions: list[int] = self._searcher.schema[field].format.decode_positions(values[at])
        return positions

    def _read(
        self, field: str, text: str
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], list[bytes]]:
        key = (field, text)
        if key not in self._lists:
            btext = self._searcher.schema[field].to_bytes(text)
            id_parts: list[NDArray[np.int64]] = []
            weight_parts: list[NDArray[np.float64]] = []
            values: list[bytes] = []
            for reader, offset in self._searcher.reader().leaf_readers():
                if (field, btext) in reader:
                    for ids, weights, block_values in _blocks(reader, field, btext):
                        id_parts.append(ids + offset)
                        weight_parts.append(weights)
                        values.extend(block_values)
            self._lists[key] = (
                np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int64),
                np.concatenate(weight_parts) if weight_parts else np.zeros(0, dtype=np.float64),
                values,
            )
        return self._lists[key]


def _blocks(
    reader: IndexReader, field: str, btext: bytes
) -> list[tuple[NDArray[np.int64], NDArray[np.float64], tuple[bytes, ...]]]:
    """A segment's posting list of one term as arrays, one per block, deleted documents
    included.

    Reads Whoosh 3's on-disk blocks directly (Whoosh-Reloaded 2.7.5's ``W3LeafMatcher``
    internals): the matcher decodes each block's ids and weights in Python, posting by posting.
    A single posting is stored inline and comes as a list matcher, read the ordinary way.
    """
    matcher = reader._terms.matcher(field, btext, reader.schema[field].format)
    if not isinstance(matcher, W3LeafMatcher):
        ids, weights, values = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        return [(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), tuple(values))]
    blocks = []
    while True:
        matcher._read_data()
        ids, weights, values = matcher._data
        count = matcher._blocklength
        if weights is None:
            weights = (1.0,) * count
        elif isinstance(weights, float):
            weights = (weights,) * count
        deltas = np.array(ids, dtype=np.int64)
        blocks.append(
            (
                deltas if matcher._byteids else np.cumsum(deltas),
                np.array(weights, dtype=np.float64),
                values,
            )
        )
        if matcher._lastblock:
            return blocks
        matcher._goto(matcher._nextoffset)


# -- per-searcher arrays --------------------------------------------------------------------------

_ARRAYS: weakref.WeakKeyDictionary[Searcher, dict[str, NDArray[np.generic]]] = (
    weakref.WeakKeyDictionary()
)


def _lengths(searcher: Searcher, field: str) -> NDArray[np.float64]:
    """Each document's length in ``field`` as Whoosh scores it, read once per searcher from the
    segments' length columns (one byte per document)."""
    cached = _ARRAYS.setdefault(searcher, {})
    key = f"length:{field}"
    if key not in cached:
        parts = []
        for reader, _offset in searcher.reader().leaf_readers():
            size = reader.doc_count_all()
            codes = np.zeros(size, dtype=np.uint8)
            column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            if column is not None:
                stored = min(column._count, size)
                raw = column._dbfile.get(column._basepos, stored)
                codes[:stored] = np.frombuffer(raw, dtype=np.uint8)
            parts.append(_LENGTHS[codes])
        cached[key] = np.concatenate(parts) if parts else np.zeros(0)
    lengths: NDArray[np.float64] = cached[key]  # type: ignore[assignment]
    return lengths


def _live(searcher: Searcher) -> NDArray[np.bool_]:
    """True for each document that is not deleted."""
    cached = _ARRAYS.setdefault(searcher, {})
    if "live" not in cached:
        live = np.ones(searcher.doc_count_all(), dtype=np.bool_)
        for reader, offset in searcher.reader().leaf_readers():
            deleted = sorted(reader.deleted_docs_set) if reader.has_deletions() else []
            live[np.array(deleted, dtype=np.int64) + offset] = False
        cached["live"] = live
    alive: NDArray[np.bool_] = cached["live"]  # type: ignore[assignment]
    return alive
