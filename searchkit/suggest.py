"""'Did you mean': respell the rare words of a query from the index's own vocabulary (issue 5).

A word in fewer than 3 documents is respelled when a word one or two edits away (same first two
letters) is in many more documents; the nearest wins, then the most frequent. The vocabulary is
the stemmed body terms, so a respelled stem is turned back into the word nearest to what was
typed that has that stem ("masacres" → stem "masacr" → "massacr" → "massacres"; "feryy" →
"ferri" → "ferry").
"""

from __future__ import annotations

import re

from whoosh.reading import IndexReader
from whoosh.support.levenshtein import distance

from searchkit.analysis import fold

#: Only words of at least this many letters are respelled: shorter ones have too many neighbours.
MIN_LENGTH = 4

#: A respelling must be in this many times more documents than the word typed. A guess: a typo
#: is typically rare or absent and its fix common; 10x keeps real rare names ("Alep") alone
#: unless a far more common spelling sits one edit away.
RATIO = 10

#: Endings tried to turn a respelled stem back into a word (the stems are Porter's).
_ENDINGS = ("", "e", "s", "es", "ed", "ing", "al", "als", "ation", "ations", "y", "ies")

#: A word in this many documents or more is not treated as a typo, and is never respelled.
MAX_TYPO_DOCS = 3

#: Respellings are at most this many edits away and share the first PREFIX letters: most typos
#: keep the start of a word, and scanning only that part of the vocabulary keeps a suggestion
#: near 50-250 ms on 100k documents (benchmarks/search_features.py).
MAX_EDITS = 2
PREFIX = 2

_OPERATORS = {"AND", "OR", "NOT", "TO"}
# A word that is not a field name (word:), a field value (:word), a prefix/fuzzy word or a number.
_WORD = re.compile(r"(?<![\w:*~'’\-])([^\W\d_][\w'’]*)(?![\w:*~'’])")


def suggestion(reader: IndexReader, text: str, *, field: str = "body") -> str | None:
    """``text`` with its rare words respelled, or None when no word needs it.

    >>> suggestion(reader, "aleppp massacre")  # doctest: +SKIP
    'aleppo massacre'
    """
    analyzer = reader.schema[field].analyzer
    out: list[str] = []
    at = 0
    changed = False
    for match in _WORD.finditer(text):
        word = match.group(1)
        if word in _OPERATORS or len(word) < MIN_LENGTH:
            continue
        better = _respell(reader, field, analyzer, word)
        if better is not None:
            out += [text[at : match.start(1)], better]
            at = match.end(1)
            changed = True
    if not changed:
        return None
    out.append(text[at:])
    return "".join(out)


def _respell(reader: IndexReader, field: str, analyzer: object, word: str) -> str | None:
    terms = [token.text for token in analyzer(word)]  # type: ignore[operator]
    if len(terms) != 1:
        return None  # a stop word, or a word the tokenizer splits
    stem = terms[0]
    have = reader.doc_frequency(field, stem)
    if have >= MAX_TYPO_DOCS:
        return None
    best: tuple[int, int, str] | None = None  # (distance, -documents, term)
    from_bytes = reader.schema[field].from_bytes
    for btext in reader.expand_prefix(field, stem[:PREFIX]):
        candidate = from_bytes(btext)
        if abs(len(candidate) - len(stem)) > MAX_EDITS or candidate == stem:
            continue
        edits = distance(candidate, stem, limit=MAX_EDITS)
        if edits > MAX_EDITS:
            continue
        key = (edits, -reader.doc_frequency(field, candidate), candidate)
        if best is None or key < best:
            best = key
    if best is None or (have and (best[0] > 1 or -best[1] < RATIO * have)):
        return None  # a word the index has is only respelled by one edit, to a far commoner word
    return _surface(analyzer, word, stem, best[2])


def _surface(analyzer: object, typed: str, stem: str, respelled: str) -> str:
    """A word that stems to ``respelled`` and is closest to what was typed: the respelled stem
    with the typed ending put back, or with a common ending (Porter's y → i undone)."""
    folded = fold(typed)
    typed_ending = folded[len(stem) :] if folded.startswith(stem) else ""
    bases = [respelled] + ([respelled[:-1] + "y"] if respelled.endswith("i") else [])
    forms = [base + ending for base in bases for ending in (typed_ending, *_ENDINGS)]
    fits = [f for f in forms if [t.text for t in analyzer(f)] == [respelled]]  # type: ignore[operator]
    if not fits:
        return respelled
    return min(fits, key=lambda form: (distance(form, folded), len(form)))
