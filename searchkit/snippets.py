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
from itertools import accumulate
from typing import Any

from whoosh.analysis import Analyzer, RegexTokenizer, Token
from whoosh.analysis.tokenizers import default_pattern
from whoosh.highlight import (
    DEFAULT_CHARLIMIT,
    FIRST,
    BasicFragmentScorer,
    Formatter,
    mkfrag,
    top_fragments,
)

#: Passage size: about two lines of a terminal, like a web search engine's snippet.
MAX_CHARS = 220
#: Characters of context kept around the matched words of a passage.
SURROUND = 70
SEPARATOR = " … "
#: Words whose index term a Highlighter remembers before it starts again: 26 MiB with the forms
#: of each term (tracemalloc, 50,000 distinct words of AP stories), and one Highlighter per
#: pooled searcher. A page of ten AP stories reads ~3,000 distinct words, most of them common.
REMEMBERED = 50_000

#: The whitespace that squashing changes: runs of two or more, and single characters other than
#: a space (most whitespace in a passage is single spaces, which stay as they are).
_SQUASHED = re.compile(r"\s{2,}|[^\S ]")

#: The words of Whoosh's default pattern (``default_pattern``), found a third faster: its
#: capturing group and optional dot made the regex engine backtrack at the end of every word.
_FASTER_WORDS = re.compile(r"[\w*]++(?:\.[\w*]++)*+", re.UNICODE)
#: The same as one group: ``split`` then gives separators and words alternately, and their spans
#: are running sums of lengths, without a match object for every word.
_SPLIT_WORDS = re.compile(f"({_FASTER_WORDS.pattern})", re.UNICODE)


@dataclass(frozen=True)
class Snippet:
    """Snippet text and the ``(start, end)`` spans of the matched words in it."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


class SpanFormatter(Formatter):  # type: ignore[misc]  # Whoosh is untyped
    """A Whoosh formatter that returns a Snippet instead of marked-up text."""

    def format(self, fragments: list[Any], replace: bool = False) -> Snippet:
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        offset = 0
        for fragment in sorted(fragments, key=lambda f: f.startchar):
            prefix = SEPARATOR if parts else ("… " if fragment.startchar > 0 else "")
            parts.append(prefix)
            offset += len(prefix)
            text = fragment.text[fragment.startchar : fragment.endchar]
            for token in fragment.matches:
                if fragment.startchar <= token.startchar and token.endchar <= fragment.endchar:
                    spans.append(
                        (
                            offset + token.startchar - fragment.startchar,
                            offset + token.endchar - fragment.startchar,
                        )
                    )
            parts.append(text)
            offset += len(text)
        return _squash("".join(parts), spans)


class Highlighter:
    """Makes snippets of texts analysed by one analyzer: the passages Whoosh's highlighter
    (``Hit.highlights(top=2)`` with a ``ContextFragmenter(MAX_CHARS, SURROUND)``) makes, in a
    tenth of the time (issue 5).

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
        default = (default_pattern.pattern, default_pattern.flags)
        self._pattern = pattern
        self._split = _SPLIT_WORDS if (pattern.pattern, pattern.flags) == default else None
        # Each token seen: its term, and whether it is a stop word; and each term's forms (the
        # tokens seen of it), written first. Replaced whole when full, never cleared: a search
        # holding both (another thread may replace them) finds every token of ``terms`` among
        # the forms of its term.
        self._memory: tuple[dict[str, tuple[str, bool]], dict[str, set[str]]] = ({}, {})

    def index_terms(self, text: str) -> Counter[str]:
        """How often each index term is in ``text``, as indexing counts it (stop words left
        out): the words of a document for pseudo-relevance feedback (issue 5), at a fraction of
        the cost of running the analyzer on every token."""
        counts = Counter(self._tokens(text)[0])
        found: Counter[str] = Counter()
        for token, n in counts.items():
            term, stop = self._term(token)
            if not stop:
                found[term] += n
        return found

    def snippet(self, text: str, words: frozenset[str]) -> Snippet:
        """The best passage(s) of ``text`` around ``words`` (index terms, e.g. stems), or its
        opening when none of them is in it."""
        raw, starts, ends = self._tokens(text)
        distinct = set(raw)
        terms, forms = self._memory
        matching = {}  # each distinct token whose term is a query word, and that term
        for token in distinct.difference(terms):  # tokens not seen before: analysed once
            term = self._term(token)[0]
            if term in words:
                matching[token] = term
        for word in words:  # the tokens seen before, by the forms of each word
            for token in distinct.intersection(forms.get(word, ())):
                matching[token] = word
        matched = {}
        for token, term in matching.items():  # a few tokens, found by C-speed list scans
            i = -1
            with suppress(ValueError):
                while True:
                    i = raw.index(token, i + 1)
                    matched[i] = term
        fragments = _fragments(text, starts, ends, matched) if matched else []
        best = top_fragments(fragments, 2, BasicFragmentScorer(), FIRST, minscore=1)
        found: Snippet = SpanFormatter().format(best)
        return found if found.text else Snippet(opening(text))

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
        if self._split is None:
            found = list(self._pattern.finditer(text))
            return [m.group() for m in found], [m.start() for m in found], [m.end() for m in found]
        parts = self._split.split(text)  # separators and tokens, alternately
        edges = list(accumulate(map(len, parts)))
        return parts[1::2], edges[:-1:2], edges[1::2]


def _fragments(text: str, starts: list[int], ends: list[int], terms: dict[int, str]) -> list[Any]:
    """Whoosh's ``ContextFragmenter.fragment_tokens`` over the tokens of ``text`` that start
    and end at ``starts`` and ``ends``, of which those numbered in ``terms`` match (as that
    term): the same passages, but outside a passage it jumps to the next match instead of
    walking every token in between."""
    count = bisect_right(ends, DEFAULT_CHARLIMIT)  # Whoosh stops there
    matched = sorted(terms)
    fragments = []
    first: int | None = None
    countdown = -1
    tokens: list[Token] = []
    current = 0
    i = 0
    end = 0
    while i < count:
        if countdown < 0:
            # Outside a passage: Whoosh keeps the starts of the tokens within SURROUND
            # characters before the next match, and the passage begins at the first of them.
            at = bisect_left(matched, i)
            if at == len(matched) or matched[at] >= count:
                break
            j = matched[at]
            if j > i:
                earliest = bisect_left(starts, ends[j - 1] - SURROUND, i, j)
                first = starts[earliest] if earliest < j else None
            i = j
        start, end = starts[i], ends[i]
        length = end - start
        if current + length > MAX_CHARS:
            countdown = 0
        elif i in terms:
            if first is None:
                first = start
                countdown = 2 * SURROUND  # the unused context before it goes after
            else:
                countdown = SURROUND
            tokens.append(Token(text=terms[i], startchar=start, endchar=end, matched=True))
        current += length
        countdown -= length
        if countdown <= 0:
            fragments.append(mkfrag(text, tokens, startchar=first, endchar=end))
            tokens, first, current = [], None, 0
        i += 1
    if tokens:
        if count < len(starts) and i == count:
            end = ends[count]
        fragments.append(mkfrag(text, tokens, startchar=first, endchar=end))
    return fragments


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
