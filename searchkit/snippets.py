"""Snippets: the best passages of a hit's body around the matched words, with the match spans.

Text stays plain here; emphasis is the renderer's job (bold on a terminal, ``<mark>`` in HTML,
spans in JSON), so HTML-escaping happens where HTML is made.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from itertools import accumulate, chain
from typing import NamedTuple

from whoosh import query as wq
from whoosh.analysis import Analyzer, RegexTokenizer
from whoosh.reading import IndexReader

from searchkit.analysis import (
    WORDS,
    WORDS_UNSPACED,
    ComposedTokenizer,
    fold,
    is_word,
    joined_edges,
    undotted,
    word_pattern,
)
from searchkit.phrases import offsets_of, starts, windows
from searchkit.words import Word

#: Passage size: about two lines of a terminal, like a web search engine's snippet.
MAX_CHARS = 220
#: Characters of context kept around the matched words of a passage.
SURROUND = 70
#: Passages start within the text's first this many characters, as Whoosh's (its charlimit),
#: unless there is no match before it (see ``_passages``).
PASSAGES_WITHIN = 32_768
SEPARATOR = " … "
#: What may close a story after its last word: a full stop, quotes, brackets.
_CLOSING = re.compile(r"[.!?…\"'”’»)\]]*")
#: Words whose index term a Highlighter remembers before it starts again: 26 MiB with the forms
#: of each term (tracemalloc, 50,000 distinct words of AP stories), and one Highlighter per
#: pooled searcher. A page of ten AP stories reads ~3,000 distinct words, most of them common.
REMEMBERED = 50_000

#: The whitespace that squashing changes: runs of two or more, and single characters other than
#: a space (most whitespace in a passage is single spaces, which stay as they are).
_SQUASHED = re.compile(r"\s{2,}|[^\S ]")

#: The word patterns of ``searchkit.analysis`` as one capturing group: ``split`` then gives
#: separators and words alternately, and their spans are running sums of lengths, without a
#: match object for each word (a third faster).
_SPLITTERS = {pattern: re.compile(f"({pattern.pattern})") for pattern in (WORDS, WORDS_UNSPACED)}


#: A phrase a snippet marks: its words (index terms) in order, and the position of each after
#: the first's (``searchkit.phrases.Phrase.offsets``).
Phrase = tuple[tuple[str, ...], tuple[int, ...]]
#: ``"near words"~N``: its words, each as its terms (the letters of ``東京``) and their offsets,
#: and how far apart its first and last position may be (``searchkit.phrases.Near.widest``).
Near = tuple[tuple[tuple[tuple[str, ...], tuple[int, ...]], ...], int]


@dataclass(frozen=True)
class Marks:
    """What a snippet marks: ``words`` (index terms) wherever they are, and the words of
    ``phrases`` only where they make the phrase, those of ``near`` (``"near words"~N``, in any
    order) only where they are near."""

    words: frozenset[str] = frozenset()
    phrases: tuple[Phrase, ...] = ()
    near: tuple[Near, ...] = ()


def marks(query: wq.Query, reader: IndexReader, *, field: str = "body") -> Marks:
    """The words and phrases of ``query`` in ``field`` that a snippet marks: the query's words
    that are in the index, expansions of prefixes and wildcards included, and its phrases (and
    ``"near words"~N``), whose words are marked only where they make the phrase."""
    from_bytes = reader.schema[field].from_bytes
    query = _affirmed(query)
    found = query.existing_terms(reader, phrases=False, expand=True, fieldname=field)
    words = frozenset(from_bytes(text) for _field, text in found)
    phrases: set[Phrase] = set()
    near: set[Near] = set()
    for leaf in query.leaves():
        if isinstance(leaf, wq.Phrase) and leaf.fieldname == field:
            units = getattr(leaf, "units", None)  # searchkit.query's near words
            if units is None:
                phrases.add((tuple(leaf.words), offsets_of(leaf)))
            else:
                near.add((tuple(units), int(leaf.widest)))
    # A phrase whose words are all marked anyway (the phrase bonus of plain words) adds nothing.
    return Marks(
        words,
        tuple(sorted(p for p in phrases if not words.issuperset(p[0]))),
        tuple(sorted(n for n in near if not words.issuperset(w for t, _ in n[0] for w in t))),
    )


def _affirmed(query: wq.Query, negated: bool = False) -> wq.Query:
    """``query`` with what it excludes left out: a ``NOT`` or the ``b`` of ``a ANDNOT b`` turns
    the words under it over, and a word turned over an odd number of times is no word the
    query searches for. Snippets marked "killed" in ``(police -killed) OR court`` in a hit
    found by "court" (QA round 6)."""
    if isinstance(query, wq.Not):
        return _affirmed(query.query, not negated)
    if isinstance(query, wq.AndNot):
        return wq.Or([_affirmed(query.a, negated), _affirmed(query.b, not negated)])
    if query.is_leaf() or isinstance(query, Word):
        return wq.NullQuery if negated else query
    return query.apply(lambda sub: _affirmed(sub, negated))


@dataclass(frozen=True)
class Snippet:
    """Snippet text and the ``(start, end)`` spans of the matched words in it."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


class _Passage(NamedTuple):
    """A passage of a text: where it starts and ends, and each match it shows (where it starts
    and ends, and the index term it matches)."""

    start: int
    end: int
    matches: list[tuple[int, int, str]]

    def score(self) -> int:
        """Whoosh's ``BasicFragmentScorer``: the matches, times 100 for each distinct term."""
        return len(self.matches) * len({term for _, _, term in self.matches}) * 100


def _best(passages: list[_Passage], count: int) -> list[_Passage]:
    """The ``count`` best passages, in the text's order, as Whoosh's ``top_fragments`` picks
    them (of passages that score alike, the later ones)."""
    best = sorted(passages, key=lambda p: (p.score(), p.start), reverse=True)[:count]
    return sorted(best, key=lambda p: p.start)


def _formatted(text: str, passages: list[_Passage]) -> Snippet:
    """The passages of ``text`` as one snippet, with the spans of their matches."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    end = 0  # where the passage before ends
    for passage in passages:
        start = max(passage.start, end)
        between = text[end:start]
        if not parts:
            prefix = "… " if start > 0 else ""
        else:  # passages side by side are joined as the text joins them, not by "…"
            prefix = between if not between.strip() else SEPARATOR
        parts.append(prefix)
        offset += len(prefix)
        marks = [
            (a, _dotted(text, a, b))
            for a, b, _term in passage.matches
            if start <= a and b <= passage.end
        ]
        # A passage that ends with an initialism takes its last dot, as a mark does.
        cut = passage.end
        last = (text[start:cut].rsplit(maxsplit=1) or [""])[-1]
        end = max([_dotted(text, cut - len(last), cut), *(b for _, b in marks)])
        shown = text[start:end]
        spans.extend((offset + a - start, offset + b - start) for a, b in marks)
        parts.append(shown)
        offset += len(shown)
    if parts:
        # The text after the last passage: its final stop, or a "…" that says it goes on
        # (QA: a snippet cut short ended as if the story did, and lost its last full stop).
        rest = text[end:].rstrip()
        parts.append(rest if _CLOSING.fullmatch(rest) else " …" if rest else "")
    return _squash("".join(parts), _joined(spans))


class Highlighter:
    """Makes snippets of texts analysed by one analyzer: the passages Whoosh's highlighter
    (``Hit.highlights(top=2)`` with a ``ContextFragmenter(MAX_CHARS, SURROUND)``) makes, but
    over the whole text and with every match they show marked (see ``_passages``), in a tenth
    of the time (issue 5).

    Whoosh runs every token of the text through the analyzer's filter chain, about 4 ms for a
    news story; here the tokenizer's pattern finds the tokens, each distinct word is analysed
    once and remembered, and the passage search jumps from one matched word to the next.
    """

    def __init__(self, analyzer: Analyzer) -> None:
        tokenizer = getattr(analyzer, "items", [analyzer])[0]
        if not isinstance(tokenizer, RegexTokenizer) or tokenizer.gaps:
            raise ValueError("a Highlighter needs an analyzer that starts with a RegexTokenizer")
        self._analyzer = analyzer
        pattern: re.Pattern[str] = tokenizer.expression
        self._pattern = pattern
        self._composed = isinstance(tokenizer, ComposedTokenizer)
        # Each token seen: its term, and whether it is a stop word; and each term's forms (the
        # tokens seen of it), written first. Replaced whole when full, never cleared: a search
        # holding both (another thread may replace them) finds every token of ``terms`` among
        # the forms of its term.
        self._memory: tuple[dict[str, tuple[str, bool]], dict[str, set[str]]] = ({}, {})

    def index_terms(self, text: str) -> Counter[str]:
        """How often each index term is in ``text``, as indexing counts it (stop words left
        out): the words of a document for pseudo-relevance feedback (issue 5), at a fraction of
        the cost of running the analyzer on every token."""
        raw, starts, ends = self._tokens(text)
        found: Counter[str] = Counter()
        stopped: set[str] = set()
        for token, n in Counter(raw).items():
            term, stop = self._term(token)
            if stop:
                stopped.add(token)
            else:
                found[term] += n
        for i in _joined_words(text, raw, starts, ends, stopped):
            found[self._term(raw[i])[0]] += 1
        return found

    def snippet(
        self,
        text: str,
        words: frozenset[str],
        phrases: tuple[Phrase, ...] = (),
        near: tuple[Near, ...] = (),
    ) -> Snippet:
        """The best passage(s) of ``text`` around ``words`` (index terms, e.g. stems),
        ``phrases`` (only where their words make the phrase) and ``near`` words (only where they
        are near each other, in any order), or its opening when none is in it.
        """
        raw, starts, ends = self._tokens(text)
        distinct = set(raw)
        in_phrases = {word for phrase, _offsets in phrases for word in phrase}
        in_phrases.update(word for units, _widest in near for terms, _ in units for word in terms)
        wanted = words | in_phrases
        terms, forms = self._memory
        matching = {}  # each distinct token whose term is a query word, and that term
        for token in distinct.difference(terms):  # tokens not seen before: analysed once
            term = self._term(token)[0]
            if term in wanted:
                matching[token] = term
        for word in wanted:  # the tokens seen before, by the forms of each word
            for token in distinct.intersection(forms.get(word, ())):
                matching[token] = word
        matched = {}
        for token, term in matching.items():  # a few tokens, found by C-speed list scans
            i = -1
            with suppress(ValueError):
                while True:
                    i = raw.index(token, i + 1)
                    matched[i] = term
        stopped = {token for token in matching if self._term(token)[1]}
        if stopped:  # a stop word the index left out is no word's: "at*" marked every "at" (QA)
            indexed = _joined_words(text, raw, starts, ends, stopped)
            matched = {i: t for i, t in matched.items() if raw[i] not in stopped or i in indexed}
        if in_phrases - words:
            matched = self._phrased(text, raw, starts, ends, matched, words, phrases, near)
        passages = _passages(starts, ends, matched) if matched else []
        found = _formatted(text, _best(passages, 2))
        return found if found.text else Snippet(opening(text))

    def _phrased(
        self,
        text: str,
        raw: list[str],
        starts: list[int],
        ends: list[int],
        matched: dict[int, str],
        words: frozenset[str],
        phrases: tuple[Phrase, ...],
        near: tuple[Near, ...],
    ) -> dict[int, str]:
        """``matched`` (token number → term) without the words of ``phrases`` that are not
        part of one, unless they are also among ``words``.

        A phrase is where ``searchkit.phrases.Phrase`` finds it: each word at its offset from
        the first. A token's number is its position, as indexing counts them (stop words too).
        A stop word is in no phrase, unless indexing keeps it as a word: the "F" of "F-16" is
        one, not that of "an F 16" (``searchkit.analysis.is_word``).
        """
        kept = {i: term for i, term in matched.items() if term in words}
        terms = self._memory[0]  # every token of the text is in it (``snippet`` saw to that)
        stopped = {raw[i] for i in matched if (terms.get(raw[i]) or self._term(raw[i]))[1]}
        indexed = _joined_words(text, raw, starts, ends, stopped)
        places: dict[str, list[int]] = {}  # each term's token numbers, ascending
        for i in sorted(matched):
            if raw[i] not in stopped or i in indexed:
                places.setdefault(matched[i], []).append(i)
        found = [
            _chains([places[word] for word in phrase], offsets)
            for phrase, offsets in phrases
            if all(word in places for word in phrase)
        ]
        for units, widest in near:
            if all(word in places for terms, _ in units for word in terms):
                placed = [([places[word] for word in terms], offsets) for terms, offsets in units]
                found.append(_windows(placed, widest))
        for i in chain.from_iterable(found):
            kept[i] = matched[i]
        return kept

    def _term(self, word: str) -> tuple[str, bool]:
        """The term the analyzer makes of one token, and whether it is a stop word (which
        indexing leaves out, and a snippet may still mark)."""
        terms, forms = self._memory
        found = terms.get(word)
        if found is None:
            if len(terms) >= REMEMBERED:
                terms, forms = self._memory = ({}, {})
            token = next(iter(self._analyzer(word, mode="index", removestops=False)))
            forms.setdefault(token.text, set()).add(word)  # before ``terms``: see __init__
            found = terms[word] = (token.text, bool(token.stopped))
        return found

    def _tokens(self, text: str) -> tuple[list[str], list[int], list[int]]:
        """The tokens of ``text``, where each starts, and where each ends."""
        if not self._composed:
            found = list(self._pattern.finditer(text))
            return [m.group() for m in found], [m.start() for m in found], [m.end() for m in found]
        parts = _SPLITTERS[word_pattern(text)].split(text)  # separators and tokens, alternately
        edges = list(accumulate(map(len, parts)))
        return parts[1::2], edges[:-1:2], edges[1::2]


def _joined_words(
    text: str, raw: list[str], starts: list[int], ends: list[int], stopped: set[str]
) -> set[int]:
    """The numbers of the tokens among ``stopped`` that indexing keeps as words in ``text``,
    since a hyphen or an ampersand joins them to a word ("F-16", "AT&T"). Looked up from the
    joiners, which few texts have many of: a pass over every token cost phrase searches a
    fifth of their time."""
    edges = joined_edges(text) if stopped else {}
    found: set[int] = set()
    for at in edges:  # a joiner's edge: where the word before it ends, or the one after starts
        i = bisect_left(starts, at)
        if i == len(starts) or starts[i] != at:
            i = bisect_left(ends, at)
            if i == len(ends) or ends[i] != at:
                continue
        joined = edges.get(starts[i]) or edges.get(ends[i], "")
        if raw[i] in stopped and is_word(fold(raw[i]), joined):
            found.add(i)
    return found


def _dotted(text: str, start: int, end: int) -> int:
    """The end of the word at ``text[start:end]``, with the last dot of an initialism, which the
    word patterns leave out: "U.S." is marked whole, not "U.S"."""
    word = text[start:end]
    return end + 1 if text.startswith(".", end) and undotted(word) != word else end


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that touch as one: the letters of a Chinese word (one term each) are one mark."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start == joined[-1][1]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _chains(places: list[list[int]], offsets: tuple[int, ...]) -> set[int]:
    """The tokens (numbers in ``places``, one list per word of a phrase) that take part in a
    match of the whole phrase: a token of each word, each at its offset from the first's."""
    return {start + offset for start in starts(places, offsets) for offset in offsets}


def _windows(units: list[tuple[list[list[int]], tuple[int, ...]]], widest: int) -> set[int]:
    """The tokens (numbers in ``units``: for each word, one list per term, and the terms'
    offsets) that take part in a match of near words as ``searchkit.phrases.Near`` finds it:
    each word, in any order, its first and last position at most ``widest`` apart; a word of
    several terms is its terms in place."""
    found = sorted(
        (start, start + offsets[-1], word, tuple(start + offset for offset in offsets))
        for word, (places, offsets) in enumerate(units)
        for start in starts(places, offsets)
    )
    return {
        token
        for window in windows(found, len(units), widest)
        for _start, _end, tokens in window
        for token in tokens
    }


def _passages(starts: list[int], ends: list[int], terms: dict[int, str]) -> list[_Passage]:
    """Whoosh's ``ContextFragmenter.fragment_tokens`` over the tokens of a text that start
    and end at ``starts`` and ``ends``, of which those numbered in ``terms`` match (as that
    term): the same passages, each with every match it shows, but outside a passage it jumps
    to the next match instead of walking every token in between.

    Whoosh stops at 32,768 characters, so a match further into a long story was never shown
    (QA). Here a passage may start past PASSAGES_WITHIN only when none starts before it: the
    first match is shown however far in it is, and a story of megabytes with matches all
    through costs what it did (making every passage of a 5 MB story took 22 s for 20 hits
    instead of 8, review). Shorter stories (all of AP88) take the same path.
    """
    matched = sorted(terms)
    passages: list[_Passage] = []
    first: int | None = None
    countdown = -1
    tokens: list[tuple[int, int, str]] = []
    current = 0
    i = 0
    end = 0
    while i < len(starts):
        if countdown < 0:
            # Outside a passage: Whoosh keeps the starts of the tokens within SURROUND
            # characters before the next match, and the passage begins at the first of them.
            at = bisect_left(matched, i)
            if at == len(matched) or (passages and starts[matched[at]] >= PASSAGES_WITHIN):
                break
            j = matched[at]
            if j > i:
                earliest = bisect_left(starts, ends[j - 1] - SURROUND, i, j)
                first = starts[earliest] if earliest < j else None
            i = j
        start, end = starts[i], ends[i]
        length = end - start
        term = terms.get(i)
        if term is not None:
            tokens.append((start, end, term))
        if current + length > MAX_CHARS:
            # The word that overflows the passage ends it, shown, and so marked if it matches:
            # Whoosh leaves it out of the matches ("… officials ferry" unmarked, QA).
            countdown = 0
        elif term is not None:
            if first is None:
                first = start
                countdown = 2 * SURROUND  # the unused context before it goes after
            else:
                countdown = SURROUND
        current += length
        countdown -= length
        if countdown <= 0:
            if tokens:  # Whoosh makes a passage of no match here too, and never shows it
                passages.append(_Passage(tokens[0][0] if first is None else first, end, tokens))
            tokens, first, current = [], None, 0
        i += 1
    if tokens:
        passages.append(_Passage(tokens[0][0] if first is None else first, end, tokens))
    return passages


def _squash(text: str, spans: list[tuple[int, int]]) -> Snippet:
    """Runs of whitespace become one space, and the spans move with the text."""
    runs = [m.span() for m in _SQUASHED.finditer(text)]
    starts = [start for start, _ in runs]
    dropped = list(accumulate(end - start - 1 for start, end in runs))

    def moved(i: int) -> int:
        k = bisect_right(starts, i) - 1  # the last run that starts at or before i
        if k < 0:
            return i
        start, end = runs[k]
        if i >= end:
            return i - dropped[k]
        return i - (dropped[k - 1] if k else 0) - max(0, i - start - 1)

    return Snippet(_SQUASHED.sub(" ", text), tuple((moved(a), moved(b)) for a, b in spans))


def opening(body: str) -> str:
    text = " ".join(body.split())
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_CHARS)
    return text[: cut if cut > 0 else MAX_CHARS] + " …"
