"""'Did you mean': respell the rare words of a query from the index's own vocabulary (issue 5).

A word in fewer than 3 documents is respelled when a word one or two edits away (one for a stem
of up to five letters; two only after the first two letters) is in many more documents; the
nearest wins, then the most frequent, if the documents write it within two edits of the word
typed. Only the first words of a query, of up to 25 letters, are respelled.
Edits are counted between stems, and between the word typed and the words one edit from it
(then stemmed), since a typo can change how a word stems ("presidnet" is three edits from
"presid"). The vocabulary is
the stemmed title and body terms (a name may only be in headlines), so a respelled stem is
turned back into the word, as the documents write it, nearest to what was typed ("masacres" →
stem "masacr" → "massacr" → "massacres"; "feryy" → "ferri" → "ferry"; "strase" → "strasse",
not the stem "strass").

A ``title:`` or ``body:`` word (or group) is respelled from that field's vocabulary. In a
``"phrase"`` a respelling is offered only when the respelled phrase is in the index, so the
phrase decides between the many neighbours of a short word ("descent into hel" → "descent into
hell", not "help"). The rest of the query stays as typed: the values of other fields (a URL's
words are no title words: ``url:…/alepo`` was respelled ``url:…/aleppo``, which found nothing,
QA), and what is typed to exclude (``-word``, ``NOT word``, ``NOT (a group)``), since a
respelling could only exclude more and a suggestion is for a query that found too few (QA:
``NOT alepo`` was respelled, ``-alepo`` not).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from copy import copy
from itertools import islice, product

from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from searchkit.analysis import fold, neighbour_stems, without_possessive, word_pattern
from searchkit.live import held_live
from searchkit.phrases import Phrase, near_of, placed
from searchkit.querytext import searched

#: Only words of at least this many letters are respelled: shorter ones have too many neighbours.
MIN_LENGTH = 4
#: In a phrase, from this many letters: the phrase must be in the index, which rules out most
#: neighbours of a short word.
MIN_PHRASE_LENGTH = 3
#: Nor words longer than this: no typo of a word is so long, and the words one edit from a
#: word grow with the square of its length (review: a 1,990-letter word took 32 s).
MAX_LENGTH = 25
#: The words and phrases of a query looked at, from its start: a query of 150 rare words
#: took 3 s to respell, for a suggestion nobody reads.
MAX_TOKENS = 12

#: A respelling must be in this many times more documents than the word typed. A guess: a typo
#: is typically rare or absent and its fix common; 10x keeps real rare names ("Alep") alone
#: unless a far more common spelling sits one edit away.
RATIO = 10

#: The documents read to find how a respelled stem is written.
SURFACE_DOCS = 5
#: The respellings of a word whose written form is looked up, best first: the first written
#: within MAX_EDITS of the word typed is suggested.
SURFACE_CHOICES = 3

#: A word in this many documents or more is not treated as a typo, and is never respelled.
MAX_TYPO_DOCS = 3

#: Respellings are at most this many edits away; those two edits away share the first PREFIX
#: letters: most typos keep the start of a word, and scanning only that part of the vocabulary
#: keeps a suggestion near 50-250 ms on 100k documents (benchmarks/search_features.py). One edit
#: may change any letter, the first too: "Kadhafi" is "Gadhafi" (QA).
MAX_EDITS = 2
#: Stems this long or shorter take one edit, as Elasticsearch's AUTO fuzziness does: two
#: edits of a short word reach too many others ("oneill", stem "oneil", was respelled "only").
ONE_EDIT_LENGTH = 5
PREFIX = 2

#: In a phrase, the respellings of each rare word tried (nearest, then commonest, first), and
#: the respelled phrases looked up at most: a few phrase lookups, each a fraction of a search.
PHRASE_CHOICES = 10
PHRASE_TRIES = 50

#: A word in a token: not a prefix/fuzzy word, a number, a field name nor the part of a word
#: after a hyphen or an apostrophe. Nor a part of a wildcard pattern: "pr?sident" was
#: respelled "pr?siena", which found nothing (QA). The ``?`` of a question is no wildcard, but
#: the query as searched has dropped it already (``querytext.as_asked``).
_WORD = re.compile(r"(?<![\w:*?~'’\-])[^\W\d_][\w'’]*(?![\w:*?~'’])")


def suggestion(searcher: Searcher, text: str, *, near: bool = False) -> str | None:
    """``text`` with its rare words respelled, or None when no word needs it. ``text`` is the
    query as searched (``ParsedQuery.searched``): a question's mark is gone from it, and a ``?``
    left in it is a wildcard. ``near``: a word is only respelled one edit away (a letter
    dropped, added, changed, or two side by side swapped), for a query whose other words found
    stories: "covid vaccine" was respelled "cove vaccine" in an archive of 1988 (QA), as a
    typo "Gorbachov" is not far from "Gorbachev".

    >>> suggestion(searcher, 'aleppp "descent into hel" title:alepo')  # doctest: +SKIP
    'aleppo "descent into hell" title:aleppo'
    """
    # Composed first, as the analyzer reads it: ``_WORD`` cut a word at each accent typed as a
    # combining mark, "Zürich" (NFD) was respelled "Züsich" (QA). The suggestion comes back NFC.
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    at = 0
    typed = {fold(word.group()) for word in _WORD.finditer(text)}
    for start, end, better in _respellings(searcher, text, 1 if near else MAX_EDITS):
        if fold(better) in typed:  # "aleppo alepo" is not "aleppo aleppo", but "aleppo" (QA)
            start, end, better = _word_left_out(text, start, end)
        out += [text[at:start], better]
        at = end
    if not out:
        return None
    out.append(text[at:])
    return "".join(out)


def _word_left_out(text: str, start: int, end: int) -> tuple[int, int, str]:
    """The span of ``text`` to replace with "" to leave out its word from ``start`` to ``end``:
    with the spaces before it, or after it when it comes first."""
    if text[:start].strip():
        return len(text[:start].rstrip()), end, ""
    return start, len(text) - len(text[end:].lstrip()), ""


def _respellings(searcher: Searcher, text: str, edits: int) -> Iterator[tuple[int, int, str]]:
    """The start and end in ``text`` of each word or phrase respelled, and its respelling: a
    word at most ``edits`` away as written (``_respell``)."""
    for token, fields in islice(searched(text), MAX_TOKENS):
        if token["phrase"] is not None:
            slop = int(token["slop"]) if token["slop"] else None
            better = _respell_phrase(searcher, fields, token["phrase"], slop)
            if better is not None:
                yield *token.span("phrase"), better
            continue
        at = token.start("value")
        for word in _WORD.finditer(token["value"]):  # the value alone: no "-" or ":" before it
            better = _respell(searcher, fields, word.group(), edits)
            if better is not None:
                yield at + word.start(), at + word.end(), _cased_as(word.group(), better)


def _cased_as(typed: str, word: str) -> str:
    """``word`` (lower case) in the case of the word ``typed``: "Mourinho Tottenam" was
    respelled "Mourinho tottenham" (QA)."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


def _respell(
    searcher: Searcher, fields: tuple[str, ...], word: str, edits: int = MAX_EDITS
) -> str | None:
    """The respelling of ``word`` if it is rare in ``fields``, or None; as the documents write
    it, at most ``edits`` away (two letters side by side swapped are one). A possessive's "'s"
    is kept as typed: "buhs's" is "bush's" where the documents write "Bush" alone."""
    word, possessive = without_possessive(word)
    if not MIN_LENGTH <= len(word) <= MAX_LENGTH:
        return None
    analyzer = searcher.schema[fields[0]].analyzer
    terms = [token.text for token in analyzer(word)]
    if len(terms) != 1:
        return None  # a stop word, or a word the tokenizer splits
    folded = fold(word)
    for choice in _choices(searcher, fields, word, terms[0])[:SURFACE_CHOICES]:
        # Near as stems, but as the documents write it? "precut" was "precaution" (QA).
        surface = _surface(searcher, fields, word, choice)
        if distance(fold(surface), folded, limit=edits) <= edits:
            return surface + possessive
    return None


def _respell_phrase(
    searcher: Searcher, fields: tuple[str, ...], phrase: str, slop: int | None
) -> str | None:
    """``phrase`` (``"near words"~slop`` when ``slop`` is given) with its rare words respelled
    so that it is in the index, or None. ``phrase`` is composed (NFC, by ``suggestion``), as
    the analyzer reads it, so that its words' char ranges are places in it."""
    written = placed(searcher.schema[fields[0]], fields[0], phrase)
    tokens = [(term, *span) for term, span in zip(written.words, written.char_ranges, strict=True)]
    shortest = MIN_PHRASE_LENGTH if len(tokens) > 1 else MIN_LENGTH  # a word alone: no context
    options: list[list[str]] = []
    for term, start, end in tokens:
        typed = phrase[start:end]
        respelled = shortest <= end - start <= MAX_LENGTH
        found = _choices(searcher, fields, typed, term) if respelled else []
        options.append([term, *found[:PHRASE_CHOICES]] if found else [term])
    # Each word as typed or respelled, the phrase as typed left out (it is first).
    for terms in islice(product(*options), 1, PHRASE_TRIES + 1):
        exact = Phrase(fields[0], terms, offsets=written.offsets, char_ranges=written.char_ranges)
        query = exact.normalize() if slop is None else near_of(exact, phrase, 0, slop)
        if _in_index(searcher, fields, query):
            out, at = [], 0
            for (term, start, end), respelled in zip(tokens, terms, strict=True):
                if respelled != term:
                    typed, possessive = without_possessive(phrase[start:end])
                    surface = _surface(searcher, fields, typed, respelled)
                    # In the case typed, as outside quotes: "Lyom" was "lyon" here (QA).
                    out += [phrase[at:start], _cased_as(typed, surface) + possessive]
                    at = end
            return "".join(out) + phrase[at:]
    return None


def _in_index(searcher: Searcher, fields: tuple[str, ...], query: wq.Query) -> bool:
    """Whether a document matches ``query`` (of the first of ``fields``) in one of ``fields``."""
    for field in fields:
        if next(iter(searcher.docs_for_query(_in_field(query, field))), None) is not None:
            return True
    return False


def _in_field(query: wq.Query, field: str) -> wq.Query:
    """``query`` (a term, phrase or near words) in ``field``."""
    moved = copy(query)
    moved.fieldname = field
    return moved


def _documents(searcher: Searcher, fields: tuple[str, ...], term: str) -> int:
    """Documents with ``term`` in ``fields``, one count per field: a document with the word in
    both title and body counts twice (a cheap upper bound; headline words mostly are)."""
    reader = searcher.reader()
    return sum(reader.doc_frequency(field, term) for field in fields)


def _choices(searcher: Searcher, fields: tuple[str, ...], typed: str, stem: str) -> list[str]:
    """The respellings of a rare word, ``typed`` and stemmed to ``stem``, from the vocabulary of
    ``fields``, best first; none for a word that is not rare."""
    have = _documents(searcher, fields, stem)
    if have >= MAX_TYPO_DOCS:
        return []
    reader = searcher.reader()
    candidates = dict.fromkeys(neighbour_stems(typed, 0), 1)
    for field in fields:
        from_bytes = searcher.schema[field].from_bytes
        for term in map(from_bytes, reader.expand_prefix(field, stem[:PREFIX])):
            if term not in candidates and abs(len(term) - len(stem)) <= MAX_EDITS:
                candidates[term] = distance(term, stem, limit=MAX_EDITS)
    found: list[tuple[int, int, str]] = []  # (distance, -documents, term)
    for candidate, edits in candidates.items():
        if candidate == stem or edits > _max_edits(stem):
            continue
        if not any(held_live(reader, f, candidate) for f in fields):
            continue
        documents = _documents(searcher, fields, candidate)
        # A word the index has is only respelled by one edit, to a far commoner word.
        if not have or (edits == 1 and documents >= RATIO * have):
            found.append((edits, -documents, candidate))
    return [candidate for _edits, _documents, candidate in sorted(found)]


def _max_edits(stem: str) -> int:
    return 1 if len(stem) <= ONE_EDIT_LENGTH else MAX_EDITS


def _surface(searcher: Searcher, fields: tuple[str, ...], typed: str, respelled: str) -> str:
    """The word the documents write that stems to ``respelled`` and is nearest to what was typed
    (then the commonest), lower-cased with its accents kept: read from the first
    ``SURFACE_DOCS`` documents holding it. A stem alone ("strass") is no word to suggest.
    Nearness is of the folded forms, as the index compares words: "refrome" is "réforme"."""
    written = _written(searcher, fields, respelled)
    if not written:
        return respelled
    folded = fold(typed)
    return min(written, key=lambda word: (distance(fold(word), folded), -written[word], word))


def _written(searcher: Searcher, fields: tuple[str, ...], respelled: str) -> Counter[str]:
    """How often each word that stems to ``respelled`` is written in the first ``SURFACE_DOCS``
    documents holding it, lower-cased, not folded: the text was folded first, and "Düsseldorf"
    was suggested "dusseldorf" (QA)."""
    analyzer = searcher.schema[fields[0]].analyzer
    written: Counter[str] = Counter()
    for field in fields:
        docs = searcher.docs_for_query(wq.Term(field, respelled))
        for docnum in islice(docs, SURFACE_DOCS):
            text = searcher.stored_fields(docnum).get(field, "")
            found = word_pattern(text).finditer(text)
            words = Counter(_lower(without_possessive(match.group())[0]) for match in found)
            for word, count in words.items():
                # A stem keeps its word's first letters: only those words are analysed.
                if fold(word).startswith(respelled[:PREFIX]) and [
                    token.text for token in analyzer(word)
                ] == [respelled]:
                    written[word] += count
    return written


def _lower(word: str) -> str:
    """``word`` in lower case, but for the dot that lower-casing puts over the "i" of a
    Turkish "İ" ("İzmir" → "i̇zmir"), a mark no one types."""
    return word.lower().replace("i\u0307", "i")
