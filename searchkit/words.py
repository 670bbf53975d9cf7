"""Queries of words and phrases matched and scored in bulk with numpy (issue 5).

Whoosh scores a query through a tree of matchers, several Python calls per posting: a six-word
AP88 topic ranked with its bonus tiers took a second at 100k documents. A query that only ORs
words and phrases needs no tree. Each of its terms' posting lists is read a block at a time into
arrays, scored with :class:`searchkit.ranking.NewsBM25F` (a plain word, a :class:`Word`, over
title and body at once; a term of one field, and each word of a phrase, as Whoosh's BM25F scores
it in that field), and the bonuses of :mod:`searchkit.query` are added: every word present, and
the words as the phrase typed. Phrases are checked by positions, only in the documents that
hold all their words. The searcher then takes the page, the total, the collapsed count and the
facets from the same arrays.
"""

from __future__ import annotations

import weakref
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from io import BytesIO
from itertools import chain
from pickle import load, loads
from struct import Struct
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import ListMatcher, Matcher, NullMatcher, ReadTooFar
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from searchkit.codec import PACKED_GLOBAL, PackedInts, PackedPositions, restarting_cumsum
from searchkit.phrases import offsets_of
from searchkit.ranking import (
    ALL_WORDS_BONUS,
    FEEDBACK_DOCS,
    FEEDBACK_MAX_SHARE,
    FEEDBACK_TERMS,
    FIELD_WEIGHTS,
    ORIGINAL_WEIGHT,
    PHRASE_BONUS,
    NewsBM25F,
)
from searchkit.schema import TEXT_FIELDS

if TYPE_CHECKING:
    from searchkit.query import ParsedQuery

Term = tuple[str, str]  # (field, text)

#: Whoosh stores a field's length in a document as one byte; this decodes every byte at once.
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


#: Keys of positions in documents: document * _STRIDE + position.
_STRIDE = 1 << 32

#: A phrase: its field, its words (index terms) in order, and the position of each after the
#: first word's (``searchkit.phrases.Phrase.offsets``: the stop words between them keep places).
Placed = tuple[str, tuple[str, ...], tuple[int, ...]]


class Word(wq.CompoundQuery):  # type: ignore[misc]  # Whoosh is untyped
    """A plain word looked up in several fields (its subqueries: one ``Term`` each) and scored
    once over them all with BM25F (issue 5), in bulk like the rest of this module.

    Not an ``Or``, so that Whoosh's ``normalize`` never flattens it into an enclosing ``Or``.
    """

    JOINT = " | "

    def normalize(self) -> wq.Query:
        return self.__class__([q.normalize() for q in self.subqueries], boost=self.boost)

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        model = searcher.weighting
        if not isinstance(model, NewsBM25F):
            raise TypeError(f"a Word is scored by NewsBM25F, not {type(model).__name__}")
        terms = tuple((q.fieldname, q.text) for q in self.subqueries)
        ids, scores = _bm25f(searcher, model, _Postings(searcher), terms, FIELD_WEIGHTS)
        return _scored(searcher, ids, self.boost * scores)


class _Scored(ListMatcher):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's ListMatcher of sorted ids and their scores, with its best score found once and
    ``skip_to`` by bisection. Whoosh's took the max of the whole list at every ``replace`` its
    collector makes, thousands a search: ``president AND said`` took 9 s at 100k documents.
    The best of the whole list stays a bound on what is left, as Whoosh's was."""

    _ids: list[int]
    _weights: list[float]
    _i: int  # the position in the lists

    def __init__(self, ids: list[int], weights: list[float], position: int = 0) -> None:
        super().__init__(ids, weights=weights, position=position)
        self._best = max(weights)

    def copy(self) -> _Scored:
        return _Scored(self._ids, self._weights, self._i)

    def block_max_weight(self) -> float:
        return self._best

    def skip_to(self, id: int) -> None:
        if not self.is_active():
            raise ReadTooFar
        self._i = bisect_left(self._ids, id, self._i)


def terms_matcher(searcher: Searcher, field: str, texts: Sequence[str], boost: float) -> Matcher:
    """A matcher of the documents holding any of ``texts`` in ``field`` (the words a prefix,
    wildcard or fuzzy word expands to), scored ``boost`` times the sum of the terms' BM25 scores
    there, in bulk. Whoosh ORed a matcher per term, which took 11 s for ``pres*`` (300 terms)
    at 100k stories and three minutes for ``a*`` (QA round 5), and scored its constant-score
    expansions unevenly (1 for any prefix match, but term weights for a wildcard)."""
    model = searcher.weighting
    if not isinstance(model, NewsBM25F):
        raise TypeError(f"bulk scoring reproduces NewsBM25F, not {type(model).__name__}")
    postings = _Postings(searcher)
    scores = np.zeros(searcher.doc_count_all(), dtype=np.float64)
    holding = np.zeros(len(scores), dtype=np.bool_)
    for text in texts:
        ids, term_scores = _bm25f(searcher, model, postings, ((field, text),))
        scores[ids] += term_scores
        holding[ids] = True
    docs = np.flatnonzero(holding)
    return _scored(searcher, docs, boost * scores[docs])


def constant_matcher(searcher: Searcher, holding: NDArray[np.bool_], boost: float) -> Matcher:
    """A matcher of the documents ``holding`` marks that are not deleted, each scored ``boost``."""
    docs = np.flatnonzero(holding)
    return _scored(searcher, docs, np.full(len(docs), boost))


def _scored(searcher: Searcher, docs: NDArray[np.int64], scores: NDArray[np.float64]) -> Matcher:
    """A matcher of ``docs`` (ascending) with their ``scores``, deleted documents left out."""
    kept = live(searcher)[docs]
    if not kept.any():
        return NullMatcher()
    return _Scored(docs[kept].tolist(), scores[kept].tolist())


@dataclass(frozen=True)
class Words:
    """A query of words and phrases as the lists it needs: what it ranks and its bonus tiers."""

    #: Plain words ranked, each as its terms (the word in title and in body), with their query
    #: boosts.
    words: tuple[tuple[tuple[Term, ...], float], ...] = ()
    #: Terms of one field ranked (``title:word``), with their query boosts.
    terms: tuple[tuple[Term, float], ...] = ()
    #: Phrases ranked (typed in quotes), with their query boosts. Whoosh scores a phrase as the
    #: sum of its words' scores in its field.
    phrases: tuple[tuple[Placed, float], ...] = ()
    #: The all-words tier: for each word, the terms and phrases (a word of Chinese or Japanese
    #: letters) any one of which counts as the word present.
    groups: tuple[tuple[frozenset[Term], tuple[Placed, ...]], ...] = ()
    #: The phrase tier: the words of the query as a phrase, in title or in body.
    phrase_tier: tuple[Placed, ...] = ()


@dataclass(frozen=True)
class Ranked:
    """Every matching document, ascending, and its score (BM25F plus bonuses)."""

    docs: NDArray[np.int64]
    scores: NDArray[np.float64]
    #: The bonuses in ``scores``: what a document's tier adds to its BM25F score.
    bonuses: NDArray[np.float64]


def words_of(parsed: ParsedQuery) -> Words | None:
    """The lists of a query that only ORs words and phrases of title and body, or None for
    any other (NOT, AND, prefixes, other fields, …): Whoosh runs those."""
    leaves = _leaves(parsed.ranked if parsed.ranked is not None else parsed.query)
    if leaves is None:
        return None
    words = [(_terms(q), boost) for q, boost in leaves if isinstance(q, Word)]
    terms = [((q.fieldname, q.text), boost) for q, boost in leaves if isinstance(q, wq.Term)]
    phrases = [(_phrase(q), boost) for q, boost in leaves if isinstance(q, wq.Phrase)]
    groups: list[tuple[frozenset[Term], tuple[Placed, ...]]] = []
    phrase_tier: list[Placed] = []
    for tier, bonus in parsed.tiers:
        if bonus == ALL_WORDS_BONUS and isinstance(tier, wq.And):
            for word in tier.subqueries:
                found = _leaves(word)
                if found is None:
                    return None
                words_in = [q for q, _ in found if not isinstance(q, wq.Phrase)]
                phrases_in = [_phrase(q) for q, _ in found if isinstance(q, wq.Phrase)]
                groups.append(
                    (frozenset(chain.from_iterable(map(_terms, words_in))), tuple(phrases_in))
                )
        elif bonus == ALL_WORDS_BONUS + PHRASE_BONUS:
            found = _leaves(tier)
            if found is None or not all(isinstance(q, wq.Phrase) for q, _ in found):
                return None
            phrase_tier.extend(_phrase(q) for q, _boost in found)
        else:
            return None
    return Words(
        words=tuple(words),
        terms=tuple(terms),
        phrases=tuple(phrases),
        groups=tuple(groups),
        phrase_tier=tuple(phrase_tier),
    )


def _phrase(q: wq.Phrase) -> Placed:
    """The (field, words, offsets) of a ``Phrase``."""
    return (q.fieldname, tuple(q.words), offsets_of(q))


def _terms(q: wq.Query) -> tuple[Term, ...]:
    """The (field, text) of a ``Term``, or of each of a ``Word``'s."""
    if isinstance(q, Word):
        return tuple((sub.fieldname, sub.text) for sub in q.subqueries)
    return ((q.fieldname, q.text),)


def _leaves(q: wq.Query) -> list[tuple[wq.Query, float]] | None:
    """The words, terms and phrases (slop 1) of title and body that an OR of them is made of,
    with their boosts; None for any other query."""
    if q is wq.NullQuery:
        return []
    if isinstance(q, Word):
        if all(isinstance(sub, wq.Term) and sub.fieldname in TEXT_FIELDS for sub in q.subqueries):
            return [(q, q.boost)]
        return None
    if isinstance(q, wq.Term | wq.Phrase) and q.fieldname in TEXT_FIELDS:
        # Bulk phrases are exact: ordered, side by side ("near words"~N are in any order).
        if isinstance(q, wq.Phrase) and (q.slop != 1 or not getattr(q, "ordered", True)):
            return None
        return [(q, q.boost)]
    if isinstance(q, wq.Or) and q.boost == 1.0 and not q.scale and not q.minmatch:
        leaves: list[tuple[wq.Query, float]] = []
        for child in q.subqueries:
            found = _leaves(child)
            if found is None:
                return None
            leaves.extend(found)
        return leaves
    return None


def rank(searcher: Searcher, words: Words, allowed: NDArray[np.bool_] | None) -> Ranked:
    """Every document holding a term or a phrase of ``words`` (among ``allowed`` ones, and not
    deleted), scored as Whoosh scores the query with its bonus clauses."""
    model = searcher.weighting
    if not isinstance(model, NewsBM25F):
        raise TypeError(f"bulk scoring reproduces NewsBM25F, not {type(model).__name__}")
    size = searcher.doc_count_all()
    # The words of a typed phrase: their positions are read in nearly every block.
    positional = frozenset(
        (field, word) for (field, phrase, _offsets), _ in words.phrases for word in phrase
    )
    postings = _Postings(searcher, positional)
    scores = np.zeros(size, dtype=np.float64)
    matched = np.zeros(size, dtype=np.bool_)
    for terms, boost in words.words:
        ids, word_scores = _bm25f(searcher, model, postings, terms, FIELD_WEIGHTS)
        scores[ids] += boost * word_scores
        matched[ids] = True
    for (field, text), boost in words.terms:
        ids, term_scores = _bm25f(searcher, model, postings, ((field, text),))
        scores[ids] += boost * term_scores
        matched[ids] = True
    alive = live(searcher) if allowed is None else live(searcher) & allowed
    for (field, phrase, offsets), boost in words.phrases:
        holding = _phrased(postings, ((field, phrase, offsets),), alive)
        phrase_scores = np.zeros(size, dtype=np.float64)
        for word in phrase:
            ids, term_scores = _bm25f(searcher, model, postings, ((field, word),))
            phrase_scores[ids] += term_scores
        scores[holding] += boost * phrase_scores[holding]
        matched |= holding
    matched &= alive
    bonuses = np.zeros(size, dtype=np.float64)
    if words.groups:
        every = matched.copy()
        for group_terms, group_phrases in words.groups:
            present = np.zeros(size, dtype=np.bool_)
            for field, text in group_terms:
                present[postings.get(field, text)[0]] = True
            if group_phrases:
                present |= _phrased(postings, group_phrases, every)
            every &= present
        bonuses[every] += ALL_WORDS_BONUS
        if words.phrase_tier:
            bonuses[_phrased(postings, words.phrase_tier, every)] += PHRASE_BONUS
    docs = np.flatnonzero(matched).astype(np.int64)
    return Ranked(docs=docs, scores=scores[docs] + bonuses[docs], bonuses=bonuses[docs])


def expand(
    searcher: Searcher, words: Words, ranked: Ranked, analyse: Callable[[str], Counter[str]]
) -> Ranked:
    """``ranked`` scored again with pseudo-relevance feedback (RM3, issue 5), for a query of
    plain words; any other is returned as it is.

    The words of the first ``FEEDBACK_DOCS`` documents (title and body, analysed as indexed)
    make a language model, each document weighted by its share of their BM25F scores; its
    ``FEEDBACK_TERMS`` likeliest words, leaving out those in more than ``FEEDBACK_MAX_SHARE`` of
    the documents, join the query's, which keep ``ORIGINAL_WEIGHT`` of the weight. Only the
    documents that matched the query are scored again, so the total, the facets and the tiers
    stay those of the words typed. ``analyse`` counts the index terms of a text
    (``searchkit.snippets.Highlighter.index_terms``).
    """
    count = len(words.words)
    if not count or words.terms or words.phrases or not len(ranked.docs):
        return ranked
    model = searcher.weighting
    relevance = ranked.scores - ranked.bonuses
    first = first_docs(ranked, FEEDBACK_DOCS)
    shares = relevance[first]
    shares = shares / shares.sum() if shares.sum() > 0 else np.full(len(first), 1 / len(first))
    likelihood: dict[str, float] = {}
    for docnum, share in zip(ranked.docs[first].tolist(), shares.tolist(), strict=True):
        stored = searcher.stored_fields(docnum)
        counts = analyse("\n".join(stored.get(field, "") for field in TEXT_FIELDS))
        length = sum(counts.values())
        for word, n in counts.items():
            likelihood[word] = likelihood.get(word, 0.0) + share * n / length
    parent = searcher.get_parent()
    common = FEEDBACK_MAX_SHARE * parent.doc_count_all()
    chosen: list[tuple[str, float]] = []
    for word, value in sorted(likelihood.items(), key=lambda kv: (-kv[1], kv[0])):
        if max(parent.doc_frequency(field, word) for field in TEXT_FIELDS) <= common:
            chosen.append((word, value))
            if len(chosen) == FEEDBACK_TERMS:
                break
    total = sum(value for _word, value in chosen)
    if not total:
        return ranked
    postings = _Postings(searcher)
    added = np.zeros(searcher.doc_count_all(), dtype=np.float64)
    for word, value in chosen:
        terms = tuple((field, word) for field in TEXT_FIELDS)
        ids, word_scores = _bm25f(searcher, model, postings, terms, FIELD_WEIGHTS)
        added[ids] += value / total * word_scores
    rescored = ORIGINAL_WEIGHT / count * relevance + (1 - ORIGINAL_WEIGHT) * added[ranked.docs]
    return Ranked(docs=ranked.docs, scores=rescored + ranked.bonuses, bonuses=ranked.bonuses)


def first_docs(ranked: Ranked, count: int) -> NDArray[np.int64]:
    """Where in ``ranked`` its first ``count`` documents are: by score, then by number (as
    Whoosh breaks ties). Every document tied with the last one is sorted before the cut, so
    pages of any size agree on the order."""
    at = np.arange(len(ranked.docs))
    if count < len(at):
        cut = np.partition(-ranked.scores, count - 1)[count - 1]
        at = np.flatnonzero(-ranked.scores <= cut)
    order: NDArray[np.int64] = at[np.lexsort((ranked.docs[at], -ranked.scores[at]))][:count]
    return order


def _bm25f(
    searcher: Searcher,
    model: NewsBM25F,
    postings: _Postings,
    terms: tuple[Term, ...],
    weights: Mapping[str, float] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The documents holding a word in any of its fields (``terms``: the word in each), and its
    BM25F score in each: the frequencies in the fields, each weighted (``weights``, 1 for a
    field not in it) and length-normalised with the field's B, summed, then saturated once with
    the idf of the word.

    A plain word is scored with ``FIELD_WEIGHTS`` over title and body, and Whoosh runs a
    ``Word`` with this too (on each segment), so both paths score alike. A single term, unweighted,
    gets what Whoosh's ``scoring.bm25`` gives it in its field.
    """
    parent = searcher.get_parent()
    size = searcher.doc_count_all()
    tf = np.zeros(size, dtype=np.float64)
    holding = np.zeros(size, dtype=np.bool_)
    weights = weights or {}
    for field, text in terms:
        ids, frequencies = postings.get(field, text)
        if not len(ids):
            continue  # nor read the field's lengths (an empty index has none)
        b = model.field_b(field)
        average = parent.avg_field_length(field) or 1
        norm = (1 - b) + b * _lengths(searcher, field)[ids] / average
        tf[ids] += weights.get(field, 1.0) * frequencies / norm
        holding[ids] = True
    docs = np.flatnonzero(holding).astype(np.int64)
    idf = model.word_idf(searcher, [field for field, _text in terms], terms[0][1])
    return docs, model.saturate(idf, tf[docs])


def _phrased(
    postings: _Postings,
    phrases: tuple[Placed, ...],
    every: NDArray[np.bool_],
) -> NDArray[np.bool_]:
    """Those of the ``every`` documents that hold one of the phrases: its words in one field,
    each at its offset from the first, as ``searchkit.phrases.Phrase`` finds them."""
    found = np.zeros_like(every)
    for field, phrase, offsets in phrases:
        # Only documents holding every word in this field can hold the phrase there.
        holding = every & ~found
        for word in phrase:
            present = np.zeros_like(every)
            present[postings.get(field, word)[0]] = True
            holding &= present
        docs = np.flatnonzero(holding)
        # Where the phrase so far ends, as document * _STRIDE + position.
        owners, positions = postings.positions(field, phrase[0], docs)
        ends = owners * _STRIDE + positions
        for word, gap in zip(phrase[1:], np.diff(offsets).tolist(), strict=True):
            docs = _distinct(ends // _STRIDE)  # the documents still in the running
            owners, positions = postings.positions(field, word, docs)
            after = owners * _STRIDE + positions
            ends = after[_among(after - gap, ends)]
        found[ends // _STRIDE] = True
    return found


def _distinct(ascending: NDArray[np.int64]) -> NDArray[np.int64]:
    """The distinct values of an ascending array (``np.unique`` without its sort)."""
    if not len(ascending):
        return ascending
    first: NDArray[np.int64] = ascending[np.concatenate(([True], ascending[1:] != ascending[:-1]))]
    return first


def _among(values: NDArray[np.int64], ascending: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Whether each of ``values`` is in ``ascending`` (``np.isin`` by binary search, as the
    keys are sorted already)."""
    if not len(ascending):
        return np.zeros(len(values), dtype=np.bool_)
    at = np.minimum(np.searchsorted(ascending, values), len(ascending) - 1)
    found: NDArray[np.bool_] = ascending[at] == values
    return found


class _Postings:
    """The posting lists of one search's terms, each read once, over all segments.

    Document numbers are the searcher's (segment offset added). Positions are only decoded for
    the blocks that the phrase check looks into.
    """

    def __init__(self, searcher: Searcher, positional: frozenset[Term] = frozenset()) -> None:
        self._searcher = searcher
        self._positional = positional  # terms whose blocks are read whole at once
        self._lists: dict[Term, _List] = {}

    def get(self, field: str, text: str) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Ascending document numbers holding the term, and the term's weight (frequency) in
        each; deleted documents included."""
        found = self._read(field, text)
        return found.ids, found.weights

    def positions(
        self, field: str, text: str, docs: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """The term's positions in ``docs`` (documents that hold it), all in one array, and the
        document each is in."""
        found = self._read(field, text)
        at = np.searchsorted(found.ids, docs)
        block = np.searchsorted(found.starts, at, side="right") - 1
        touched = _distinct(block)
        packed = [found.blocks[b].packed() for b in touched.tolist()]
        if not packed:
            return docs, np.zeros(0, dtype=np.int64)
        # The touched blocks' postings one after another: each one's number of positions, and
        # where its position deltas start among all of theirs.
        counts = np.concatenate([p.counts for p in packed]).astype(np.int64)
        deltas = np.concatenate([p.deltas for p in packed]).astype(np.int64)
        firsts = np.cumsum(counts) - counts
        before = np.cumsum([0] + [len(p) for p in packed])[np.searchsorted(touched, block)]
        posting = before + at - found.starts[block]
        count, first = counts[posting], firsts[posting]
        taken = np.repeat(first - (np.cumsum(count) - count), count) + np.arange(count.sum())
        return np.repeat(docs, count), restarting_cumsum(deltas[taken], count)

    def _read(self, field: str, text: str) -> _List:
        key = (field, text)
        if key not in self._lists:
            btext = self._searcher.schema[field].to_bytes(text)
            ids: list[NDArray[np.int64]] = []
            weights: list[NDArray[np.float64]] = []
            starts: list[NDArray[np.int64]] = []
            blocks: list[_Block] = []
            count = 0
            for reader, offset in self._searcher.reader().leaf_readers():
                if (field, btext) in reader:
                    whole = key in self._positional
                    segment = _segment_list(reader, field, btext, whole=whole)
                    ids.append(segment.ids + offset)
                    weights.append(segment.weights)
                    starts.append(segment.starts + count)
                    blocks.extend(segment.blocks)
                    count += len(segment.ids)
            self._lists[key] = _List(
                np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64),
                np.concatenate(weights) if weights else np.zeros(0, dtype=np.float64),
                np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64),
                blocks,
            )
        return self._lists[key]


class _List(NamedTuple):
    """One term's postings: documents, weights, and where each block's positions are."""

    ids: NDArray[np.int64]
    weights: NDArray[np.float64]
    starts: NDArray[np.int64]  # the index in ``ids`` of each block's first posting
    blocks: list[_Block]


class _Block:
    """One block of postings as stored, its positions decoded on first use."""

    __slots__ = ("_compressed", "_data", "_form", "_packed")

    def __init__(
        self,
        data: bytes,
        form: Any,
        *,
        compressed: bool = False,
        values: Sequence[bytes] | None = None,
    ) -> None:
        self._data = data
        self._form = form
        self._compressed = compressed
        self._packed = None if values is None else _pack(values, form)

    def packed(self) -> PackedPositions:
        """The block's positions, packed."""
        if self._packed is None:
            self.read_whole()
        assert self._packed is not None
        return self._packed

    def read_whole(self) -> tuple[Any, Any]:
        """The block's ids and weights, its positions packed on the way."""
        ids, weights, values = loads(self.data())
        self._packed = _pack(values, self._form)
        return ids, weights

    def data(self) -> bytes:
        """The block's pickle."""
        return zlib.decompress(self._data) if self._compressed else self._data


def _pack(values: Sequence[bytes], form: Any) -> PackedPositions:
    """A block's values packed (as ``searchkit.codec`` writes them, or as Whoosh 3 does)."""
    return values if isinstance(values, PackedPositions) else PackedPositions.pack(values, form)


#: What follows the ids and the weights in the pickle (protocol 2) of a block plain Whoosh wrote:
#: the first posting's positions, as a ``bytes`` object. (In a block ``searchkit.codec`` wrote,
#: ``PACKED_GLOBAL`` follows them.)
_FIRST_VALUE = b"c_codecs\nencode\n"


def _segment_list(reader: IndexReader, field: str, btext: bytes, *, whole: bool) -> _List:
    """A segment's posting list of one term, deleted documents included.

    Reads Whoosh 3's on-disk blocks directly (Whoosh-Reloaded 2.7.5's ``W3LeafMatcher``
    internals). Its matcher unpickles each block whole and decodes the ids one by one, though
    most of a block is the positions: only the ids and weights, which come first, are
    decompressed and unpickled, unless the term's positions will be read too (``whole``), when
    each block is read once, whole. A single posting is stored inline and comes as a list
    matcher, read the ordinary way.
    """
    form = reader.schema[field].format
    matcher = reader._terms.matcher(field, btext, form)
    if not isinstance(matcher, W3LeafMatcher):
        inline: list[tuple[int, float, bytes]] = []
        while matcher.is_active():
            inline.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        return _List(
            np.array([docnum for docnum, _, _ in inline], dtype=np.int64),
            np.array([weight for _, weight, _ in inline], dtype=np.float64),
            np.zeros(1, dtype=np.int64),
            [_Block(b"", form, values=[value for _, _, value in inline])],
        )
    id_blocks: list[NDArray[np.integer]] = []
    weight_blocks: list[NDArray[np.generic]] = []
    blocks: list[_Block] = []
    postfile = matcher._postfile
    count, compressed = matcher._blocklength, bool(matcher._compression)
    start, end, last = matcher._dataoffset, matcher._nextoffset, matcher._lastblock
    while True:
        block = _Block(postfile.get(start, end - start), form, compressed=compressed)
        ids, weights = block.read_whole() if whole else _ids_and_weights(block, count)
        id_blocks.append(ids.values if isinstance(ids, PackedInts) else np.array(ids))
        if weights is None or isinstance(weights, float):
            weight_blocks.append(np.full(count, 1.0 if weights is None else weights))
        else:
            weight_blocks.append(
                weights.values if isinstance(weights, PackedInts) else np.array(weights)
            )
        blocks.append(block)
        if last:
            break
        count, compressed, start, end, last = _block_at(postfile, end)
    sizes = np.array([len(block) for block in id_blocks], dtype=np.int64)
    stored = np.concatenate(id_blocks).astype(np.int64)
    if not matcher._byteids:
        stored = restarting_cumsum(stored, sizes)  # each block's ids are deltas from 0
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    return _List(stored, np.concatenate(weight_blocks).astype(np.float64), starts, blocks)


def _block_at(postfile: Any, position: int) -> tuple[int, bool, int, int, bool]:
    """The block of postings at ``position``: its number of postings, whether it is compressed,
    where its data starts and ends, and whether it is the last of its list.

    What Whoosh 3's ``W3LeafMatcher._goto`` reads (a signed length, negative for the last
    block, then the pickled block info), but unpickled from one slice of the file: Whoosh
    unpickles the info from the file itself, one read call per pickle opcode, which took half
    the time of reading a long posting list.
    """
    (length,) = _BLOCK_LENGTH.unpack(postfile.get(position, _BLOCK_LENGTH.size))
    start = position + _BLOCK_LENGTH.size
    head = BytesIO(postfile.get(start, min(abs(length), _INFO_BOUND)))
    count, _maxid, _maxweight, compression, _minlength, _maxlength = load(head)
    return count, bool(compression), start + head.tell(), start + abs(length), length < 0


#: A block's length, as Whoosh writes it (``write_int``); and an upper bound on the size of its
#: pickled info: six small numbers.
_BLOCK_LENGTH = Struct("!i")
_INFO_BOUND = 128


def _ids_and_weights(block: _Block, count: int) -> tuple[Any, Any]:
    """The ids and the weights of a block (``PackedInts``, or Whoosh's tuples), leaving its
    positions pickled (and, mostly, compressed)."""
    head = block._data
    if block._compressed:
        # Packed ids take up to 4 bytes each, the weights mostly 1; the pickled calls that make
        # the two arrays take ~120 bytes. Only when that is not enough is more inflated, up to
        # a bound for Whoosh's own blocks: 5 bytes an id and 9 a weight.
        inflater = zlib.decompressobj()
        head = inflater.decompress(head, 5 * count + 256)
        if head.find(PACKED_GLOBAL) < 0 and inflater.unconsumed_tail:
            head += inflater.decompress(inflater.unconsumed_tail, 9 * count)
    at = head.find(PACKED_GLOBAL)
    if at < 0:
        at = head.find(_FIRST_VALUE)
        if at > 0 and count >= 4:
            at -= 1  # the MARK of the values' tuple
    if at > 0:
        # Cut before the positions, then TUPLE2 and STOP: the pickle of (ids, weights).
        with suppress(Exception):  # not the layout expected: unpickle it all below
            ids, weights = loads(head[:at] + b"\x86.")
            if len(ids) == count:
                return ids, weights
    ids, weights, _values = loads(block.data())
    return ids, weights


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


def live(searcher: Searcher) -> NDArray[np.bool_]:
    """True for each document that is not deleted, read once per searcher (not to be changed)."""
    cached = _ARRAYS.setdefault(searcher, {})
    if "live" not in cached:
        live = np.ones(searcher.doc_count_all(), dtype=np.bool_)
        for reader, offset in searcher.reader().leaf_readers():
            deleted = sorted(reader.deleted_docs_set) if reader.has_deletions() else []
            live[np.array(deleted, dtype=np.int64) + offset] = False
        cached["live"] = live
    alive: NDArray[np.bool_] = cached["live"]  # type: ignore[assignment]
    return alive
