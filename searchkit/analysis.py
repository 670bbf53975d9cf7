"""Text analyzers, in one place: how words become index terms.

``news`` (title and body): words, case- and accent-folded, stop words dropped, Porter-stemmed,
so "Massacres", "massacre" and "massacré" meet. ``names`` (site, author): words, folded but not
stemmed, so ``site:independent`` matches "The Independent" exactly as written. In both, an
initialism written with dots is one word without them: "U.S." is "us", as "US" is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from string import ascii_lowercase
from typing import Any

from whoosh.analysis import STOP_WORDS, Analyzer, Filter, RegexTokenizer, StemFilter, Token
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

#: Whoosh's stop words but "us" and "may": in news they are the US and Theresa May as often as
#: pronoun and verb, and a query for "US officials" searched for "officials" alone.
NEWS_STOP_WORDS = frozenset(STOP_WORDS - {"us", "may"})


#: Characters that are not seen but would cut a word: the soft hyphen of German and Dutch
#: pages ("Donau&shy;dampf&shy;schiff"), the zero-width space, the word joiner and a stray
#: byte-order mark. Titles, bodies and queries are read without them (QA: a word so marked was
#: only found by its parts).
_INVISIBLE = str.maketrans(dict.fromkeys("\u00ad\u200b\u2060\ufeff"))


def visible(text: str) -> str:
    """``text`` without the characters that are not seen and would cut a word."""
    return text if text.isascii() else text.translate(_INVISIBLE)


def fold(text: str) -> str:
    """A word as the index holds it before stemming: case-folded ("Straße" → "strasse"),
    compatibility characters and accents decomposed and dropped ("ﬁ" → "fi", "İzmir" →
    "izmir", "Élysée" → "elysee"), then the letters that do not decompose mapped by Whoosh's
    accent table ("ø" → "o") and the ligatures written out ("cœur" → "coeur")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.translate(accent_map).translate(_LIGATURES)


#: Letters that are two: "cœur", "œuvre", "Cæsar" are typed "coeur", "oeuvre", "Caesar", and
#: found nothing (multilingual QA). The others decompose ("ﬁ", "ĳ") or are in Whoosh's table.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


#: The apostrophes of a possessive's "'s": straight, typographic, a left quote and an acute
#: accent, as pages write them ("Bush’s", "Bush´s").
APOSTROPHES = "'\u2019\u2018\u00b4"
#: A possessive's "'s", part of the word before it (an initialism's last dot too: "U.S.'s") and
#: dropped from its term (``FoldFilter``): as its own word it took a position, and the phrase
#: ``"bush plan"`` no longer met "Bush's plan" (QA).
_POSSESSIVE = rf"(?:\.?[{APOSTROPHES}][sS](?![\w*]))?"
#: A dot inside a word joins it only between digits ("3.5", "2.5bn"): "bodies.Volunteers", a
#: sentence's end that lost its space, and "Express.co.uk" are words apart, so each is found
#: (QA: as one word neither "bodies" nor ``--site express`` met them).
_DIGIT_DOT = r"\.(?<=\d\.)(?=\d)"
#: Single letters joined by dots, an initialism ("U.S.", "a.m.", the "U.S" of "U.S.News"): one
#: word, which ``InitialismFilter`` writes without its dots.
_INITIALISM = r"[^\W\d_](?:\.[^\W\d_](?![\w*]))+"
#: Whoosh's word pattern (``default_pattern``, ``[\w\*]+(\.?[\w\*]+)*``), found faster: its
#: capturing group and optional dot made the regex engine backtrack at the end of every word.
#: A dot joins an initialism's letters and a number's digits only. And a possessive's "'s" is
#: part of the word. No possessive quantifiers (``++``): Python 3.11.2, Debian 12's, matched
#: "homes." as "home" with them (archivist QA); these patterns never backtrack into a word, so
#: the greedy ones find the same words (5,000 AP stories alike) about 10% slower.
WORDS = re.compile(rf"(?:{_INITIALISM}|[\w*]+(?:{_DIGIT_DOT}[\w*]+)*){_POSSESSIVE}")
#: Letters of scripts written without spaces between words: Chinese characters (and the marks
#: 々〆〇), Japanese kana, full and half width.
_UNSPACED = (
    "\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
#: A letter of them, with the half-width sound marks after it: "ｶﾞ" is one letter, as "ガ" is,
#: so that positions count letters alike however wide (the mark folds away).
_UNSPACED_LETTER = re.compile(rf"(?=\w)[{_UNSPACED}][\uff9e\uff9f]*")
_OTHER = rf"(?:[^\W{_UNSPACED}]+|\*+)+"
#: ``WORDS`` for text with unspaced letters: each such letter is a word of its own, so that any
#: run of them is found as the phrase of its letters (``"東京"`` in "東京の天気"). Slower than
#: ``WORDS``, so only used for text that has such letters; the same words in any other text.
WORDS_UNSPACED = re.compile(
    rf"{_UNSPACED_LETTER.pattern}|(?:{_INITIALISM}|{_OTHER}(?:{_DIGIT_DOT}{_OTHER})*){_POSSESSIVE}"
)


def unspaced(text: str) -> bool:
    """Whether ``text`` has a letter of a script written without spaces."""
    return not text.isascii() and _UNSPACED_LETTER.search(text) is not None


def word_pattern(text: str) -> re.Pattern[str]:
    """The pattern that finds the words of ``text``."""
    return WORDS_UNSPACED if unspaced(text) else WORDS


#: A hyphen or an ampersand, which joins two words into one name without a space: "F-16",
#: "X-ray", "AT&T"; and one between two words.
JOIN_CHARS = "[-\u2010\u2011&]"
JOINER = re.compile(rf"(?<=\w){JOIN_CHARS}(?=\w)")
#: A word written as one that the analyzer may cut in several: words joined by hyphens,
#: ampersands or dots ("U.S.-Soviet", "bbc.co.uk"), and a number with separators of thousands
#: ("1,000"). A query searches it as the phrase of its parts (of one part, a word).
COMPOUND = re.compile(
    rf"\w+(?:(?:\.?{JOIN_CHARS}|(?<=\d),(?=\d)|\.)\w+)+\.?(?:[{APOSTROPHES}][sS])?"
)
AMPERSAND = "&"


class ComposedTokenizer(RegexTokenizer):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's word tokenizer over the text in composed form (NFC), so that an accent typed or
    stored as a separate combining mark ("E\u0301lyse\u0301e") does not split the word. Stored
    titles and bodies are composed already (``searchkit.schema.to_fields``), so the characters'
    offsets are those of the stored text. A letter of Chinese or Japanese is a word by itself
    (``WORDS_UNSPACED``). Each token's ``joined`` is the character that joins it to the word
    before or after it, with no space (``AMPERSAND`` first, then a hyphen), or "": the stop
    filter keeps the "F" of "F-16" and the "AT" of "AT&T"."""

    def __init__(self) -> None:
        super().__init__(WORDS)

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Any]:
        value = unicodedata.normalize("NFC", value)
        if not kwargs.get("tokenize", True):
            yield from super().__call__(value, **kwargs)
            return
        kwargs.pop("tokenize", None)
        start_pos, start_char = kwargs.pop("start_pos", 0), kwargs.pop("start_char", 0)
        keeporiginal = kwargs.pop("keeporiginal", False)
        token = Token(**kwargs)  # positions, chars, removestops, mode: as Whoosh's tokenizer
        positions, chars = token.positions, token.chars
        edges = joined_edges(value)
        for pos, match in enumerate(word_pattern(value).finditer(value)):
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            token.joined = edges.get(match.start()) or edges.get(match.end(), "") if edges else ""
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = (
                    start_char + match.start(),
                    start_char + match.end(),
                )
            yield token


def joined_edges(text: str) -> dict[int, str]:
    """Where a word joined to another starts or ends in ``text``, and the character joining
    them (``AMPERSAND`` over a hyphen, each hyphen as "-")."""
    edges: dict[int, str] = {}
    for match in JOINER.finditer(text):
        joiner = AMPERSAND if match.group() == AMPERSAND else "-"
        for edge in match.span():
            if edges.get(edge) != AMPERSAND:
                edges[edge] = joiner
    return edges


#: Joins the names of one field (the authors of a story) in the text indexed.
NAMES_SEPARATOR = " ; "
#: Positions left between two names, as Lucene's position increment gap: a phrase or near
#: words never span two names ("fisk jane" of "Robert Fisk ; Jane Doe").
NAME_GAP = 100


class NamesTokenizer(ComposedTokenizer):
    """Tokenizes names joined with ``NAMES_SEPARATOR``, each name ``NAME_GAP`` positions after
    the one before."""

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Any]:
        kwargs.pop("start_pos", None)
        start = kwargs.pop("start_char", 0)
        # On the whole separator: "Smith, Jr.; Anne" is one name.
        for number, name in enumerate(value.split(NAMES_SEPARATOR)):
            yield from super().__call__(
                name, start_pos=number * NAME_GAP, start_char=start, **kwargs
            )
            start += len(name) + len(NAMES_SEPARATOR)


class FoldFilter(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """Folds every token with :func:`fold`, a possessive's "'s" dropped ("Bush's" is "bush")."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold(without_possessive(token.text)[0])
            yield token


def without_possessive(word: str) -> tuple[str, str]:
    """``word`` without a possessive's "'s", and that "'s" ("" when there is none)."""
    if len(word) > 2 and word[-1] in "sS" and word[-2] in APOSTROPHES:
        return word[:-2], word[-2:]
    return word, ""


#: Initialisms: single letters joined by dots ("u.s", "u.s.s.r"; the tokenizer leaves out the
#: last dot, a fuzzy or wildcard word keeps it), each a whole word as the tokenizer cuts words
#: (the "U.S" of "U.S.News" too). Not "3.5".
_INITIALISMS = re.compile(r"(?<![\w.])[^\W\d_](?:\.[^\W\d_])+\.?(?![\w.])")


def undotted(text: str) -> str:
    """``text`` (a word, or a name of several) with its initialisms written without dots, as
    the analyzers index them ("u.s. news" → "us news")."""
    if "." not in text:
        return text
    return _INITIALISMS.sub(lambda match: match.group().replace(".", ""), text)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """One key for the forms of a name that the ``names`` analyzer reads alike, as the
    ``site``/``author`` filters find them: its words folded, initialisms without their dots,
    possessives without their "'s" ("U.S. News", "US News", "U.S.News" → "us news"). Kept
    for the names seen last: a facet over thousands of authors asks for each at every search."""
    words = word_pattern(name).findall(fold(name))
    return undotted(" ".join(without_possessive(word)[0] for word in words))


class InitialismFilter(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """Drops the dots of an initialism, so "U.S." and "US", "U.N." and "UN" are one word. Left
    to the stemmer, "u.s" became "u.", which neither "US" nor "u.s" typed with its dot met."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = undotted(token.text)
            yield token


class NewsStopFilter(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's ``StopFilter`` of ``NEWS_STOP_WORDS`` and words of one character (a stray "s"
    of "Bush's"), except that a digit ("3 dead", "3月"), a letter of Chinese or Japanese and a
    letter joined to a word by a hyphen or an ampersand ("F-16", "X-ray", "T-shirt", "G-7") are
    words, and so is a stop word joined by an ampersand ("AT&T": QA found no way to search
    either): stop words are left out (or marked ``stopped`` when the analyzer is told to keep
    them). The other words keep their positions, as Lucene's do: a stop word's place stays, so
    the phrase ``"vote for bush"`` does not find "vote Bush" (``searchkit.phrases``). A stop word
    joined by a hyphen is left out, as when it is written apart: "state-of-the-art" meets
    "state of the art"."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            text = token.text
            if (len(text) > 1 and text not in NEWS_STOP_WORDS) or is_word(
                text, getattr(token, "joined", "")
            ):
                token.stopped = False
                yield token
            elif not token.removestops:
                token.stopped = True
                yield token


def is_word(text: str, joined: str = "") -> bool:
    """Whether ``text`` (a token folded, joined to the next or last word by ``joined``: see
    ``ComposedTokenizer``) is indexed, not left out as a stop word (see ``NewsStopFilter``)."""
    if text in NEWS_STOP_WORDS:
        return joined == AMPERSAND
    if len(text) > 1 or joined:
        return True
    return text.isdigit() or _UNSPACED_LETTER.match(text) is not None


def news_stem(word: str) -> str:
    """Porter's stem of ``word``, but "use", "used", "using" and "useful" are "use": Porter
    makes them "us", the US of "U.S. officials" (QA: "U.S." found 2,059 AP stories that only
    used something). A stem that is a stop word is marked (``STOP_STEM_MARK``): "ate", "one",
    "willing" and "Andes" were "at", "on", "will" and "and", so a search for them marked every
    "at", "on", "will" and "and" in its snippets, and "ate" found "AT&T" (QA); "one" and "ones"
    still find each other."""
    stemmed: str = stem(word)
    if stemmed in NEWS_STOP_WORDS and word != stemmed:
        return stemmed + STOP_STEM_MARK
    return "use" if stemmed == "us" and word != "us" else stemmed


#: Ends a stem that would be a stop word: no word's term ends so (a possessive's "'s" is
#: dropped from it), so "on'" (of "one") is never "on" (the stop word), nor another word.
STOP_STEM_MARK = "'"


def news_analyzer() -> Analyzer:
    """Analyzer for title and body: tokenize | fold | initialisms | stop | stem."""
    return (
        ComposedTokenizer()
        | FoldFilter()
        | InitialismFilter()
        | NewsStopFilter()
        | StemFilter(stemfn=news_stem, cachesize=100_000)
    )


def names_analyzer() -> Analyzer:
    """Analyzer for site and author names: tokenize (each name of several apart) | fold |
    initialisms."""
    return NamesTokenizer() | FoldFilter() | InitialismFilter()


@lru_cache(maxsize=256)
def neighbour_stems(typed: str, fixed: int) -> frozenset[str]:
    """The stems (as title and body hold them) of the words one edit from ``typed`` after its
    first ``fixed`` letters: a letter dropped, swapped with the next, changed or added.
    Comparing stems alone misses a typo that changes the word's stem: "presidnet" stays
    "presidnet", two edits from "president", which is the stem of the rare "presidental", and
    three from "presid", that of "president"; "regulaton" is four from "regul", that of
    "regulation". Kept for the words asked last: a fuzzy word is looked up in title and body,
    and its hundreds of neighbours are stemmed once."""
    word = fold(typed)
    letters = set(ascii_lowercase) | set(word)
    words: set[str] = set()
    for at in range(fixed, len(word) + 1):
        head, tail = word[:at], word[at:]
        words.update(head + letter + tail for letter in letters)
        if tail:
            words.add(head + tail[1:])
            words.update(head + letter + tail[1:] for letter in letters)
        if len(tail) > 1:
            words.add(head + tail[1] + tail[0] + tail[2:])
    words.discard(word)
    return frozenset(stem for stem in map(_stem_of, words) if stem is not None)


#: Endings a ``prefix*`` may stop in or just before, as typed to catch a word's forms
#: (``regulat*``, ``investigat*``, ``terroris*``).
_ENDINGS = (
    "e", "s", "es", "ed", "y", "ies", "ied", "ing", "ings", "er", "ers", "ly", "al", "ally",
    "ion", "ions", "ation", "ations", "ate", "ates", "ated", "ating", "ator", "ators", "ative",
    "ication", "ications", "ment", "ments", "ement", "ness", "iness", "ousness", "ity", "ities",
    "ive", "ize", "ized", "izing", "ization", "izations", "ism", "ist", "ists", "able", "ible",
    "ance", "ence", "ancy", "ency", "ant", "ants", "ent", "ous", "ic", "ical", "ional", "ual",
    "ful",
)  # fmt: skip
#: Letters of an ending a prefix must end with to be taken as stopping inside it: "i" begins
#: too many ("justi*" would be "just", of "justing").
_ENDING_START = 2


@lru_cache(maxsize=256)
def completion_stems(prefix: str) -> frozenset[str]:
    """The stems of the words ``prefix`` begins that do not start with it. Porter stems
    "regulation" "regul": no stem starts with "regulat", and ``regulat*`` found nothing (QA).
    The words are ``prefix`` itself ("massacres" is "massacr", "happy" "happi") and ``prefix``
    completed by a common ending, whole or from the letters of it the prefix ends with.
    Measured on 3,000 words of 5 letters or more of AP88 cut at every length from 4: the stem
    of the whole word starts with the cut, or is one of these, for 95.8% of cuts (89% without).
    Kept for the prefixes asked last, as ``neighbour_stems``."""
    words = {prefix}
    for ending in _ENDINGS:
        words.add(prefix + ending)
        words.update(
            prefix + ending[n:]
            for n in range(_ENDING_START, len(ending))
            if prefix.endswith(ending[:n])
        )
    stems = (_stem_of(word) for word in words)
    return frozenset(stem for stem in stems if stem is not None and not stem.startswith(prefix))


def pattern_stems(pattern: str, terms: Iterable[str]) -> list[str]:
    """The ``terms`` (stems, as title and body hold them) the wildcard ``pattern`` matches,
    and those of the words it matches: Porter stems "massacres" "massacr", which ``massac?e``
    and ``massacr?s`` do not match, and they found nothing (QA). Such a stem is kept when it,
    or it less its last letter ("happi" of "happy"), completed by nothing or by a common
    ending, is a word the pattern matches and that stems to it.

    Only stems that can begin such a word and end as its letters before an ending are tried:
    a pattern with neither a first nor a last letter of its own (``*tion``: "tion" is an
    ending's) would try every term of the index, and has only its own matches.
    """
    head, *_middle, tail = re.split(r"[?*]+", pattern)
    endings = ("", *_ENDINGS)
    if any(ending.endswith(tail) for ending in endings if len(ending) >= len(tail)):
        tails: tuple[str, ...] = ()  # an ending holds the whole tail: any stem may come before
    else:
        tails = tuple({tail[: len(tail) - len(e)] for e in endings if tail.endswith(e)})
    whole = re.compile(_pattern_regex(pattern))
    if not head and not tails:
        return [term for term in terms if whole.fullmatch(term)]
    started = re.compile(_started_regex(pattern))
    # Only the endings a word ending as the pattern does can end with ("ing" or "ating" for
    # "s*ing"): trying all of them made "s*ing" 20 times slower than Whoosh's (review).
    fitting = tuple(e for e in endings if e.endswith(tail) or tail.endswith(e))
    return [
        term
        for term in terms
        if whole.fullmatch(term) or _stems_a_match(term, whole, started, tails, fitting)
    ]


def _stems_a_match(
    term: str,
    whole: re.Pattern[str],
    started: re.Pattern[str],
    tails: tuple[str, ...],
    endings: tuple[str, ...],
) -> bool:
    """Whether a word ``whole`` matches stems to ``term``: ``term`` or it less its last letter,
    which begin such a word (``started``) and end as one of ``tails`` does, then one of
    ``endings``."""
    if tails and not (term.endswith(tails) or term[:-1].endswith(tails)):
        return False
    if not started.fullmatch(term[:-1]):
        return False
    words = (base + ending for base in (term, term[:-1]) for ending in endings)
    return any(whole.fullmatch(word) and _stem_of(word) == term for word in words)


def _pattern_regex(pattern: str) -> str:
    """A wildcard pattern (``?`` one letter, ``*`` any) as a regular expression."""
    return "".join({"?": ".", "*": ".*"}.get(c, re.escape(c)) for c in pattern)


def _started_regex(pattern: str) -> str:
    """A regular expression of the starts of the words a wildcard ``pattern`` matches:
    ``ab?`` is ``(?:a(?:b(?:.)?)?)?``."""
    out = ""
    for c in reversed(pattern):
        out = f"(?:{_pattern_regex(c)}{out})?"
    return out


@lru_cache(maxsize=65536)
def _stem_of(word: str) -> str | None:
    """The one term title and body hold for ``word``, or None (a stop word, or several terms)."""
    terms = [token.text for token in _news_analyzer()(word)]
    return terms[0] if len(terms) == 1 else None


@lru_cache(maxsize=1)
def _news_analyzer() -> Analyzer:
    """The analyzer of title and body (``news_analyzer``), made once."""
    return news_analyzer()
