"""Snippets: the best passages of a hit's body around the matched words, with the match spans.

Text stays plain here; emphasis is the renderer's job (bold on a terminal, ``<mark>`` in HTML,
spans in JSON), so HTML-escaping happens where HTML is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh.analysis import Analyzer
from whoosh.highlight import (
    FIRST,
    BasicFragmentScorer,
    ContextFragmenter,
    Formatter,
    Highlighter,
    set_matched_filter,
    top_fragments,
)

#: Passage size: about two lines of a terminal, like a web search engine's snippet.
MAX_CHARS = 220
SEPARATOR = " … "


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


def fragmenter() -> ContextFragmenter:
    """Passages of up to MAX_CHARS with some words of context around each match."""
    return ContextFragmenter(maxchars=MAX_CHARS, surround=70)


def snippet(body: str, words: frozenset[str], analyzer: Analyzer) -> Snippet:
    """The best passage(s) of ``body`` around ``words`` (its index terms, e.g. stems), or its
    opening when none of them is in it.

    What Whoosh's ``Hit.highlights("body", top=2)`` makes, without a Whoosh hit: re-tokenize,
    mark the tokens that are query terms, take the two best
    passages.
    """
    tokens = analyzer(body, positions=True, chars=True, mode="index", removestops=False)
    tokens = Highlighter._merge_matched_tokens(set_matched_filter(tokens, words))
    fragments = fragmenter().fragment_tokens(body, tokens)
    best = top_fragments(fragments, 2, BasicFragmentScorer(), FIRST, minscore=1)
    found = SpanFormatter().format(best)
    return found if found.text else Snippet(opening(body))


def _squash(text: str, spans: list[tuple[int, int]]) -> Snippet:
    """Runs of whitespace become one space, and the spans move with the text."""
    out: list[str] = []
    new_at = [0] * (len(text) + 1)
    for i, ch in enumerate(text):
        new_at[i] = len(out)
        if not (ch.isspace() and out and out[-1] == " "):
            out.append(" " if ch.isspace() else ch)
    new_at[len(text)] = len(out)
    return Snippet("".join(out), tuple((new_at[a], new_at[b]) for a, b in spans))


def opening(body: str) -> str:
    text = " ".join(body.split())
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_CHARS)
    return text[: cut if cut > 0 else MAX_CHARS] + " …"
