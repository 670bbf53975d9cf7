"""The text of a user query, before Whoosh's parser reads it: checked, rewritten, or mended.

``check_syntax`` fails at the first problem with one ``QueryError`` that names its position
(unbalanced quotes and parentheses, operators with nothing to apply to, unknown fields, dates
that are none, fuzzy words of too many edits); ``rewrite`` turns a well-formed query into what
Whoosh's parser should read (``-`` as NOT, field names in lower case, …); ``mend`` mends a
malformed one for ``lenient=True``. ``searchkit.query`` parses the result. ``searched`` reads
which words a query looks for in title or body, leaving out what it excludes: "did you mean"
respells them, and re-ranking hands them to its model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from itertools import pairwise
from typing import NoReturn
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from searchkit.analysis import JOIN_CHARS, WORDS
from searchkit.dates import date_bound
from searchkit.errors import QueryError
from searchkit.schema import FIELD_ALIASES, TEXT_FIELDS

#: The most edits a ``fuzzy~N`` word may take. ``aleppo~5`` matched nearly every document (QA
#: bug 6): five edits turn a six-letter word into most short words, and Whoosh's own docs warn
#: that distances over 2 take very long and are rarely useful.
MAX_EDITS = 2

#: The most prefix, wildcard and fuzzy words and near words (``"a b"~N``) of title and body
#: one query may have: each walks the index's words, or the words' positions
#: (``_check_pattern_count``).
MAX_PATTERNS = 10

#: The deepest parentheses (and brackets) may nest. 500 levels ended in a RecursionError in
#: Whoosh's parser (QA bug 3); no query a person types needs more than a few.
MAX_DEPTH = 50

#: The longest query searched, in characters: about 300 words. Whoosh's parser takes time that
#: grows with the square of a word's length (a word of 20,000 letters: 2 s, one of 100,000: a
#: minute), so one request could tie up a server (QA round 4); at this length a query parses
#: in under 0.1 s.
MAX_QUERY_CHARS = 2000

OPERATORS = {"AND", "OR", "NOT"}
_BINARY = {"AND", "OR"}
#: A near query's N, as Whoosh's phrase syntax reads it.
_SLOP = re.compile(r"[1-9][0-9]*")
#: A phrase token, ``"a b"`` or ``"a b"~N`` (maybe after ``field:``).
_PHRASE = re.compile(r'[^\s()"]*"[^"]*"(?:~(\d+))?')
#: The tokens of a query: phrases, parentheses, and runs of anything else.
_TOKEN = re.compile(_PHRASE.pattern + r'|[()]|[^\s()"]+')
#: ``-word``, ``--word``: each ``-`` before a word, phrase or group is one negation.
_MINUS = re.compile(r"(^|[\s(])(-+)(?=[^\s\-])")
#: ``NOT NOT``: two negations in a row cancel (QA bug 1: Whoosh's parser raised IndexError).
_DOUBLE_NOT = re.compile(r"(?<![^\s(])NOT\s+NOT(?=\s|\(|$)")
#: ``NOT(x)``: Whoosh's NOT needs a space after it, or it ignored the NOT and searched FOR x.
_NOT_PAREN = re.compile(r"(?<![^\s(])NOT\(")
#: ``NOT"a phrase"``: the same for a quote (review).
_NOT_QUOTE = re.compile(r'(?<![^\s(])NOT(?=")')
#: The spaces just inside the brackets of a range: Whoosh read ``[2016 TO ]`` as an end of ''.
_RANGE_SPACE = re.compile(r"(?<=[\[{])\s+|\s+(?=[\]}])")
#: A field name before its colon, at the start of a token (``Title:``, ``-Title:``, ``(Title:``).
_FIELD_NAME = re.compile(r"(?<![^\s(\-])[^\W\d]\w*(?=:(?!//))")
_WORD = re.compile(r"\w+")
#: A field and its value, up to a space, a parenthesis or a quote (``searchkit:`` in a word is
#: no field: ``_FIELD_NAME``).
_FIELD_VALUE = re.compile(r'(?<![^\s(\-])([^\W\d]\w*):([^\s()"\[{][^\s()"]*)')
#: What makes a field's value other than the text it is: a pattern, a fuzzy word, a weight.
_NOT_PLAIN = re.compile(r"[*?~^]")
#: A word as lenient mode keeps it: a hyphenated one whole, so that ``F-16*`` searches "F-16".
_LENIENT_WORD = re.compile(rf"\w+(?:{JOIN_CHARS}\w+)*")
#: ``title:-aleppo``: a field whose value is negated, which means ``-title:aleppo``.
_FIELD_MINUS = re.compile(r"(?<![^\s(])([^\W\d]\w*):-(?=[^\s\-])")
_SURROGATE = re.compile("[\ud800-\udfff]")
_QUOTED = re.compile(r'"[^"]*"')
#: A word of a phrase that ends in ``*``, as a prefix does.
_PREFIX_IN_PHRASE = re.compile(r"(?<=\w)\*+(?!\w)")
#: The ``~…`` after a word, and what a fuzzy word may have there: ``~``, ``~N``, ``~N/P`` (the
#: first P letters as typed) and a ``^boost``. Whoosh read ``~12`` as one edit, then "2".
_FUZZY = re.compile(r"(?<=[^\s~])~(\S*)")
_FUZZY_SUFFIX = re.compile(r"(\d*)(?:/\d+)?")
#: The ``^…`` at the end of a word, and what a weight may be there, as Whoosh reads it.
_WEIGHT = re.compile(r"\^([^\s^]*)$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
#: The characters of a prefix or wildcard word, and a hyphen or an ampersand inside one.
_PATTERN_CHARS = re.compile(r"[*?]")
_JOINED = re.compile(rf"(?<=[\w*?.]){JOIN_CHARS}(?=\w)|(?<=\d),(?=\d)")
_IS_WEIGHT = re.compile(r"\^(?:" + _NUMBER.pattern + ")")
#: The largest weight: ``word^`` and 309 digits scored infinity, which is no JSON (QA).
MAX_WEIGHT = 1_000
#: ``name:`` at the start of a token: Whoosh's field syntax (``\w+:``), but not the ``http://``
#: of a URL nor the ``12:`` of a time.
_FIELD = re.compile(r"-?([^\W\d]\w*):(?!//)")
_ONE_DAY = timedelta(days=1)
#: A date in a query as Whoosh's parser reads it: a year, a month or a day, each of two digits
#: (``--since`` also takes ``2016-1``; ``searchkit.dates`` reads both).
_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")
#: Inside the brackets of ``published:[START TO END]``; either bound may be left out.
_DATE_RANGE = re.compile(r"\s*(?:(\S+)\s+)?TO(?:\s+(\S+))?\s*", re.IGNORECASE)
_CLOSE_RANGE = re.compile(r"[\]}]")
#: Inside the brackets of a range with neither bound: ``[TO]``, ``{ to }``.
_NO_BOUNDS = re.compile(r"\s*TO\s*", re.IGNORECASE)


#: A word of a query that matches other words: a wildcard, a fuzzy word, a range's bound.
_STANDS_FOR_OTHERS = re.compile(r"[*?~\[\]{}]")
#: Tokens that are no words: the operators, and the TO of a range.
_NO_WORDS = {"AND", "OR", "NOT", "TO"}
#: A token of the query, as the parser reads it: its "-"s (each one a NOT), its field name, and
#: a "phrase" (``"near words"~N``), a parenthesis or a run of anything else. A "-" on its own
#: (``ferry - strike``) is no NOT, and ``https:`` no field.
_SEARCHED_TOKEN = re.compile(
    r"""(?P<minus>-*)(?:(?P<field>[^\W\d]\w*):(?!//))?"""
    r"""(?P<value>"(?P<phrase>[^"]*)"(?:~(?P<slop>\d+))?|[()]|[^\s()"]+)?"""
)


def _aliases(field: str) -> str:
    """A pattern of the names a field goes by in a query (``published``, ``date``, …)."""
    return "(?:" + "|".join(name for name, f in FIELD_ALIASES.items() if f == field) + ")"


_DATE_FIELDS = _aliases("published")
#: A date range with an end left out of it: ``published:{2016-11-29 TO 2016-12-05}``.
_EXCLUSIVE_RANGE = re.compile("(" + _DATE_FIELDS + r":)(\[|\{)([^\]}]*)(\]|\})", re.IGNORECASE)
#: ``published:"2016-12"``: Whoosh read a quoted date as a phrase of its parts, not as the month.
_QUOTED_DATE = re.compile("(" + _DATE_FIELDS + r':)"([^"\s]+)"')
#: A URL with a "~" in it (``url:https://x.test/~user``), which Whoosh read as a fuzzy word
#: and another word (review): searched quoted, as the URL it is.
_URL_TILDE = re.compile(r"(?<![^\s(-])(" + _aliases("url") + r':)([^\s()"]*~[^\s()"]*)', re.I)
#: What a malformed query's words leave out, being no words: a date field and its value (a
#: date, quoted or not, a range or a group of dates) with the NOTs before it, and a ``~N`` or
#: ``^B`` suffix (not the ``/~`` of a URL).
_NOT_WORDS = re.compile(
    r"(?<![^\s(])(?:-|(?-i:NOT)\s+)*"
    + _DATE_FIELDS
    + r':(?:\([^()]*\)?|[\[{][^\]}]*[\]}]?|"[^"]*"|[^\s()"]*)',
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"(?<!/)[~^]\S*")


def shortened(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` cut to its words within MAX_QUERY_CHARS, for ``lenient=True``, and a warning
    that says so; ``text`` and none when it is short enough. A query pasted from a story
    was refused, lenient or not."""
    if not isinstance(text, str) or len(text) <= MAX_QUERY_CHARS:
        return text, ()
    cut = text[:MAX_QUERY_CHARS]
    if not text[MAX_QUERY_CHARS].isspace():
        cut = re.sub(r"\S+$", "", cut) or cut  # not half a word, unless it is one word
    cut = cut.rstrip()
    return cut, (
        f"the query is {len(text):,} characters long; its first {len(cut):,} are searched",
    )


#: Quotation marks a phrase may be typed or pasted in, each read as ``"``: a word processor
#: writes “white house”, French «white house», German „white house“; Whoosh searched their
#: words apart (QA).
_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\uff02", '"'))


#: Single quotation marks around a phrase: German ‚white house‘, French and Swiss ‹white house›
#: (and ›…‹). Only in pairs, the German closed by "‘" before no letter: "’" is an apostrophe
#: ("‚Bush’s plan‘", "l’économie"; review).
_SINGLE_QUOTED = re.compile(
    '\u201a([^\u201a\u2018"]*)\u2018(?!\\w)|\u2039([^\u2039\u203a"]*)\u203a'
    '|\u203a([^\u2039\u203a"]*)\u2039'
)


def straight_quotes(text: str) -> str:
    """``text`` with each typographic double quotation mark as ``"``, and each pair of single
    ones outside them: ``‚Wir schaffen das‘`` searched its words apart (QA); in a phrase they
    are quotes in the quote (``«Il a dit ‹non› hier»``, review)."""
    return _outside_quotes(
        text.translate(_QUOTES),
        lambda part: _SINGLE_QUOTED.sub(lambda m: f'"{"".join(m.groups(""))}"', part),
    )


def check_text(text: str) -> None:
    """Raise QueryError for a query with nothing in it, one longer than MAX_QUERY_CHARS, or
    bytes that are not UTF-8 (the OS hands them over as lone surrogates, which no output can
    encode): mending cannot help. A query that is no string is a ``TypeError``."""
    if not isinstance(text, str):  # None raised AttributeError: 'NoneType' … 'strip' (QA)
        raise TypeError(f"a query is a string, not {type(text).__name__}")
    if not text.strip():
        raise QueryError("the query is empty", query=text, position=0)
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text):,} characters long; at most {MAX_QUERY_CHARS:,} are taken; "
            "a lenient search takes its first words",
            query=text,
            position=MAX_QUERY_CHARS,
        )
    undecodable = _SURROGATE.search(text)
    if undecodable:
        fail("the query is not valid UTF-8 text", text, undecodable.start())


def mend(text: str, error: QueryError) -> tuple[list[str], str, str]:
    """The tokens, the rewritten text and the query as typed to search for a malformed query,
    for ``lenient=True``: the query mended by ``_repair`` if that makes it well-formed, else its
    words. With no
    words, the error is the mended query's, if any: ``()`` has "no words to search for", not
    the "empty parentheses" that mending dropped (QA round 6); else ``error``. Either is of
    the query as typed (QA: ``(((`` was the error of the query "")."""
    repaired = _repair(text)
    mended_error = error
    if repaired is not None:
        try:
            return check_syntax(repaired), rewrite(repaired), repaired.strip()
        except QueryError as still:
            mended_error = QueryError(str(still), query=text, position=0)
    words = _words_only(text)
    if not words:
        raise mended_error
    return words.split(), rewrite(words), words


def _repair(text: str) -> str | None:
    """The query with the least mending that makes its syntax well-formed, or None.

    Drops the unbalanced quote, an unmatched ``)``, an unclosed ``(`` with nothing after it,
    empty ``()`` and the AND, OR, NOT or ``field:`` that has nothing to apply to (at the start,
    the end, next to a parenthesis, or doubled), and closes an unclosed ``(`` at the end, so
    what it negates stays negated; ``title:-aleppo`` becomes ``-title:aleppo``, and
    ``title: aleppo`` ``title:aleppo``. Everything else
    is kept as typed: fields, phrases, exclusions (QA bug 5: the words fallback turned
    ``-author:doe`` into NOT of two words everywhere). None for an unclosed excluded phrase
    (``-"a b``): dropping its quote would search FOR its words.
    """
    text = _FIELD_MINUS.sub(r"-\1:", text)  # title:-aleppo meant -title:aleppo (QA round 5)
    # A phrase is of whole words: "white hous*" is "white hous" (review: it fell back to words).
    text = _QUOTED.sub(lambda quoted: _PREFIX_IN_PHRASE.sub("", quoted.group()), text)
    if text.count('"') % 2:
        at = text.rfind('"')
        if re.search(r'(?:^|[\s(])(?:-[^\s()"]*|NOT\s+)$', text[:at]):
            return None
        text = text[:at] + text[at + 1 :]
    kept: list[re.Match[str]] = []
    depth = 0
    for match in _TOKEN.finditer(text):
        token = _operator(match.group())
        if token in _BINARY and (
            token != match.group()
            or not kept
            or kept[-1].group() == "("
            or _dangles(kept[-1].group())
        ):
            continue
        if token == ")":
            if not depth:
                continue
            while _dangles(kept[-1].group()):
                kept.pop()
            depth -= 1
            if kept[-1].group() == "(":
                kept.pop()
                continue
        if token == "(":
            depth += 1
        kept.append(match)
    while kept and (_dangles(kept[-1].group()) or kept[-1].group() == "("):
        if kept.pop().group() == "(":
            depth -= 1
    # "title: zebra" meant title:zebra (QA round 4); "title: -zebra" is left to the words.
    glued = [
        i == 0
        or kept[i - 1].end() == m.start()
        or (_is_field(kept[i - 1].group()) and m.group()[0] != "-" and m.group() != "NOT")
        for i, m in enumerate(kept)
    ]
    mended = "".join(("" if g else " ") + m.group() for g, m in zip(glued, kept, strict=True))
    return mended + ")" * depth


def _dangles(token: str) -> bool:
    """An operator or ``field:`` with nothing after it to apply to."""
    return _operator(token) in OPERATORS or token.endswith(":")


def _words_only(text: str) -> str:
    """The words of a malformed query as a query of words, for ``lenient=True``: each word the
    user searched for, and ``NOT word`` for each one excluded (``-word``, ``NOT word``, a word of
    an excluded phrase or group), so that leniency never searches for a word typed to exclude.
    As in a well-formed query, two negations cancel (``NOT -word``, ``--word``). What is no
    word is left out: a ``~N`` or ``^B`` suffix, and a date field with its value."""
    words: list[str] = []
    groups = [False]  # for each open parenthesis: is the group excluded?
    phrase: bool | None = None  # inside quotes: is the phrase excluded?
    pending = False  # an odd number of NOTs or bare "-"s before the next word, phrase or group
    # Only words: "massacre~3", '"a b"~0' and "published:2016-13" searched 3, 0 and 13 (QA
    # round 4).
    text = _NOT_WORDS.sub(" ", text)
    for token in re.findall(r'"|[()]|[^\s()"]+', text):
        excluded = pending != groups[-1]
        if token == '"':
            phrase, pending = (excluded if phrase is None else None), False
        elif phrase is not None:
            words += [("NOT " if phrase else "") + w for w in _LENIENT_WORD.findall(token)]
        elif token == "(":
            groups.append(excluded)
            pending = False
        elif token == ")":
            if len(groups) > 1:
                groups.pop()
        elif token in ("NOT", "-"):
            pending = not pending
        elif token not in _BINARY:
            minuses = len(token) - len(token.lstrip("-"))
            field = _FIELD.match(token)
            if field and field.group(1).lower() in FIELD_ALIASES:  # title:siege: only "siege"
                token = token[field.end() :]
            token = _SUFFIX.sub("", token)
            excluded, pending = excluded != bool(minuses % 2), False
            # A pasted web address stays one, the story at it (QA: its words were searched)
            address = _PASTED_URL.match(token.lstrip("-"))
            found = [address.group()] if address else _LENIENT_WORD.findall(token)
            words += [("NOT " if excluded else "") + w for w in found]
    return " ".join(w for w in words if w.removeprefix("NOT ") not in OPERATORS)


def searched(text: str) -> Iterator[tuple[re.Match[str], tuple[str, ...]]]:
    """Each token of ``text`` searched for in title or body, with the fields it is searched in.

    Not one typed to exclude, after a "-" or NOT or in a group so excluded (two negations
    cancel, as in the query: ``--word`` is ``word``), nor a value of another field.
    """
    # For each open parenthesis: is the group excluded, and the fields its words are searched in.
    groups: list[tuple[bool, tuple[str, ...]]] = [(False, TEXT_FIELDS)]
    negated = False  # an odd number of NOTs before the next token
    urls = [url.span() for url in _pasted(text)]  # no title or body words
    for token in _SEARCHED_TOKEN.finditer(text):
        if any(start <= token.start() < end for start, end in urls):
            continue
        value = token["value"]
        if value is None:
            if token.group():  # a lone "-" or "note:": the parser's NOT takes it, not what follows
                negated = False
            continue
        negated ^= len(token["minus"]) % 2 == 1
        if value in _NO_WORDS:
            negated ^= value == "NOT"
            continue
        excluded, fields = groups[-1]
        excluded ^= negated
        negated = False
        if token["field"] is not None:
            fields = _fields(token["field"])
        if value == "(":
            groups.append((excluded, fields))
        elif value == ")":
            if len(groups) > 1:  # an unmatched ")" (of a lenient query) closes nothing
                groups.pop()
        elif fields and not excluded:
            yield token, fields


def _fields(name: str) -> tuple[str, ...]:
    """The text fields a ``name:`` value is looked up in: that field if it is title or body,
    else none (``site:``, ``url:``, …)."""
    field = FIELD_ALIASES.get(name.lower())  # Title: is title:, as the parser reads it
    return (field,) if field in TEXT_FIELDS else ()


def searched_words(text: str) -> str:
    """The words ``text`` searches for in title or body, in order, as plain text (for the
    re-ranking model): no operator, field name, excluded word, other field's value or suffix,
    nor a word that stands for others (``a*``, ``kenedy~``, a range): what it matches is not
    what was typed.

    >>> searched_words('title:aleppo "shelling of" -damascus site:bbc NOT (rebels OR army) sie*')
    'aleppo shelling of'
    """
    words: list[str] = []
    for token, _fields in searched(text):
        value = token["phrase"]
        if value is None:
            value = token["value"]
            if _STANDS_FOR_OTHERS.search(value):
                continue
            value = _SUFFIX.sub("", value)
        words += _WORD.findall(value)
    return " ".join(words)


#: The question mark of a query asked as a question: a ``?`` after the query's last word (a
#: word, not a field's value) is punctuation, not the wildcard of one letter ("who is the
#: president of France?" searched "france?", which matched no word, and found other
#: presidents: QA). A ``?`` elsewhere is one.
_QUESTION_MARK = re.compile(r"(?:\A|(?<=\s))([^\W_][\w'’.-]*?)\?+(?=\s*\Z)")


#: An en or em dash between two letters or digits of a query, which joins them as a hyphen
#: does: "Iran–Contra", as Wikipedia and word processors write it, searched "iran" and "contra"
#: apart, where "Iran-Contra" is their phrase (journalist QA).
_DASH_JOIN = re.compile(r"(?<=\w)[\u2013\u2014](?=\w)")


def _dashes_joined(text: str) -> str:
    """``text`` with ``_DASH_JOIN``'s dashes as hyphens, but in web addresses and ``url:`` or
    ``id:`` values, which are as typed (review: Wikipedia's "Iran–Contra_affair" address)."""
    return "".join(
        part if "://" in part or _EXACT_VALUE.match(part) else _DASH_JOIN.sub("-", part)
        for part in re.split(r"(\s+)", text)
    )


_EXACT_VALUE = re.compile(r"-?(?:url|id):", re.IGNORECASE)


def as_asked(text: str) -> str:
    """``text`` as its writer meant it: a question's mark and the dashes that join words, read
    as such (``_QUESTION_MARK``, ``_DASH_JOIN``)."""
    return _QUESTION_MARK.sub(r"\1", _dashes_joined(text))


def rewrite(text: str) -> str:
    """A well-formed query as Whoosh's parser should read it: a pasted web address as the
    story at it (``_pasted_urls``), field names in lower case (``Title:`` is ``title:``), ``-``
    as NOT, two NOTs in a row cancelled, no spaces just inside range brackets and a quoted date
    as the date."""
    return _QUOTED_DATE.sub(r"\1\2", _outside_quotes(_pasted_urls(text), _rewrite_unquoted))


def _rewrite_unquoted(part: str) -> str:
    part = _FIELD_NAME.sub(
        lambda m: m.group().lower() if m.group().lower() in FIELD_ALIASES else m.group(), part
    )
    part = _FIELD_VALUE.sub(_quoted_colons, part)
    part = _MINUS.sub(lambda m: m.group(1) + "NOT " * len(m.group(2)), part)
    part = _NOT_QUOTE.sub("NOT ", _NOT_PAREN.sub("NOT (", part))
    part = _URL_TILDE.sub(r'\1"\2"', part)
    part = _EXCLUSIVE_RANGE.sub(_inclusive_range, part)
    return _RANGE_SPACE.sub("", _DOUBLE_NOT.sub("", part))


def _quoted_colons(match: re.Match[str]) -> str:
    """A known field's value with a colon in it, quoted: Whoosh read ``urn:`` of
    ``id:urn:ap88:X`` as another field and searched ``id:ap88:X``, and ``body:time:10:30`` as
    ``body:10 OR body:30`` (QA); the ``:`` of a URL's ``https://`` alone is read right. Not a
    value that is a pattern, a fuzzy word or weighted: quotes would make it a phrase."""
    field, value = match.groups()
    weight = _WEIGHT.search(value)
    if weight is not None:  # title:time:10:30^2 is title:"time:10:30"^2 (review)
        value = value[: weight.start()]
    if field not in FIELD_ALIASES or not _has_colons(value) or _NOT_PLAIN.search(value):
        return match.group()
    return f'{field}:"{value}"' + (weight.group() if weight else "")


def _has_colons(value: str) -> bool:
    """Whether a field's value has a colon that Whoosh reads as a field's: not the one of a
    URL's ``https://``."""
    return ":" in value.replace("://", "", 1)


def _inclusive_range(match: re.Match[str]) -> str:
    """A date range with its ends left out (``{START TO END}``, as in Lucene) written with the
    days it holds (``[START+1 TO END-1]``): Whoosh left out the first instant of the start day
    only, so ``{2016-11-29 TO 2016-12-05}`` held both days (QA)."""
    field, opening, inside, closing = match.groups()
    bounds = _DATE_RANGE.fullmatch(inside)
    if bounds is None or (opening, closing) == ("[", "]"):
        return match.group()
    first, last = _range_days(opening, bounds.group(1), bounds.group(2), closing)
    return f"{field}[{first or ''} TO {last or ''}]"


def _range_days(
    opening: str, start: str | None, end: str | None, closing: str
) -> tuple[date | None, date | None]:
    """The first and last day a range of well-formed dates holds (``{`` and ``}`` leave their
    date out: the whole year, month or day)."""
    first = last = None
    if start:
        first = date_bound(start) if opening == "[" else date_bound(start, end=True) + _ONE_DAY
    if end:
        last = date_bound(end, end=True) if closing == "]" else date_bound(end) - _ONE_DAY
    return first, last


#: A web address pasted on its own: not a field's value, not in quotes (``https://site/story``),
#: with the parentheses in it in pairs (``https://en.wikipedia.org/wiki/Aleppo_(city)``), maybe
#: in the angle brackets of a plain-text mail (``<https://site/story>``, journalist QA).
_PASTED_URL = re.compile(
    r'(?<![^\s(<-])https?://(?:[^\s()"^<>]|\([^\s()"^<>]*\))+', re.IGNORECASE
)
#: Query parameters that say where a link was shared from, not which page it is.
_TRACKING = re.compile(r"(?:utm_\w*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid)=", re.I)


def _pasted_urls(text: str) -> str:
    """``text`` with each web address pasted in it searched as the address of a story, by its
    URL or its id (``url:"…" OR id:"…"``, as ``addresses`` may write it): its words were
    searched, any of them, and a ``?`` in it was a wildcard refused (QA)."""
    pieces, done = [], 0
    for match in _pasted(text):
        pieces += [text[done : match.start()], _url_values(match)]
        done = match.end()
    return "".join(pieces) + text[done:]


def _pasted(text: str) -> list[re.Match[str]]:
    """The web addresses pasted in ``text``, outside quotes."""
    return [m for m in _PASTED_URL.finditer(text) if text.count('"', 0, m.start()) % 2 == 0]


def _url_values(match: re.Match[str]) -> str:
    address = match.group().rstrip(".,;:!")  # the end of a sentence it was pasted in
    rest = match.group()[len(address) :]
    if _URL_PREFIX.fullmatch(address):  # every story under it, as url:…* (QA: found nothing)
        parts = urlsplit(address)
        values = [f"url:{parts.scheme}://{parts.netloc.lower()}{parts.path}"]
    else:
        values = [f'{field}:"{url}"' for url in addresses(address) for field in ("url", "id")]
    return f"({' OR '.join(values)}){rest}"


#: A pasted address that ends in "*" and is searched as the prefix of URLs: one of letters,
#: digits and ``. - / % _`` only, which no query syntax reads otherwise (review: parentheses,
#: a "~" or a ":" in it made it a match of every document, or of a word).
_URL_PREFIX = re.compile(r"https?://[\w.\-/%]+/[\w.\-/%]*\*", re.IGNORECASE)


def addresses(address: str, *, same_query: bool = False) -> list[str]:
    """The URLs a story at ``address`` may be stored under: without its ``#fragment``; with its
    query, without the parameters of who shared it (``utm_source``, ``fbclid``) or without a
    query; http or https, the host in lower case; the path with or without a slash at its end,
    its letters as typed, as a browser shows them or as it copies them (``_spellings``).
    With ``same_query``, not without the rest of its query: ``?page=2`` is another page (review:
    ``delete("…/c?story=999")`` deleted the story at ``…/c``).

    >>> addresses("https://X.example/a?utm_source=feed")[:4]
    ['https://x.example/a?utm_source=feed', 'https://x.example/a/?utm_source=feed', \
'https://x.example/a', 'https://x.example/a/']
    """
    parts = urlsplit(address)
    kept = "&".join(p for p in parts.query.split("&") if p and not _TRACKING.match(p))
    found: dict[str, None] = {}
    for scheme in (parts.scheme, _OTHER_SCHEME[parts.scheme]):  # urlsplit gives it in lower case
        for query in dict.fromkeys((parts.query, kept, kept if same_query else "")):
            for spelled in _spellings(parts.path):
                for path in (spelled, _other_slash(spelled)):
                    found[urlunsplit((scheme, parts.netloc.lower(), path, query, ""))] = None
    return list(found)


def _spellings(path: str) -> list[str]:
    """``path`` as typed, with its escaped letters beyond ASCII decoded (composed: NFC), and
    with those letters escaped as UTF-8: a browser shows "/zürich/" and copies "/z%C3%BCrich/",
    and a page's own link has either; a story stored under one was not found by the other
    (QA). Other escapes stay as typed: "%2F" is no "/" ("…/a%2Fb" named the story at
    "…/a/b", which delete removed: review)."""
    shown = unicodedata.normalize("NFC", _ESCAPED_LETTERS.sub(_unescaped, path))
    return list(dict.fromkeys((path, shown, _LETTERS_BEYOND_ASCII.sub(_escaped, shown))))


#: Escapes of the UTF-8 bytes of letters beyond ASCII, and those letters.
_ESCAPED_LETTERS = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")
_LETTERS_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]+")


def _unescaped(match: re.Match[str]) -> str:
    """Escaped UTF-8 bytes as their letters, or as typed when they are not UTF-8."""
    try:
        return unquote(match.group(), errors="strict")
    except UnicodeDecodeError:
        return match.group()


def _escaped(match: re.Match[str]) -> str:
    return quote(match.group(), safe="")


_OTHER_SCHEME = {"http": "https", "https": "http"}


def _other_slash(path: str) -> str:
    """``path`` with a slash at its end if it has none, else without it."""
    return path[:-1] if path.endswith("/") else path + "/"


def _outside_quotes(text: str, rewrite: Callable[[str], str]) -> str:
    """``text`` with ``rewrite`` applied to each stretch outside quotes."""
    parts = text.split('"')
    for i in range(0, len(parts), 2):  # even parts are outside quotes
        # Seen with the quote that follows it, if any, so that the "-" of -"a phrase" counts.
        quoted = i + 1 < len(parts)
        rewritten = rewrite(parts[i] + '"' * quoted)
        parts[i] = rewritten[:-1] if quoted else rewritten
    return '"'.join(parts)


def check_syntax(text: str) -> list[str]:
    """Split the query into tokens, raising QueryError at the first syntax problem."""
    if text.count('"') % 2:
        fail("unbalanced quote", text, text.rfind('"'))
    depth = 0
    open_at: list[int] = []
    in_quote = False
    for i, ch in enumerate(text):
        if ch == '"':
            in_quote = not in_quote
        elif in_quote:
            continue
        elif ch in "([{":
            depth += 1
            open_at.append(i)
            if depth > MAX_DEPTH:
                fail(f"parentheses nest more than {MAX_DEPTH} deep", text, i)
        elif ch in ")]}":
            # a range may open with [ or { and close with ] or } (inclusive or not), "(" only ")"
            if depth == 0 or (text[open_at[-1]] == "(") != (ch == ")"):
                fail(f"unmatched '{ch}'", text, i)
            if _NO_BOUNDS.fullmatch(text, open_at[-1] + 1, i):  # [TO] was every document
                fail(
                    "a range needs a start, an end or both ([2016 TO], [TO 2016-11])",
                    text,
                    open_at[-1],
                )
            depth -= 1
            open_at.pop()
    if open_at:
        fail(f"unclosed '{text[open_at[-1]]}'", text, open_at[-1])
    found = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in found]
    ops = [_operator(t) for t in tokens]
    # A pasted web address is no word: its "?", "*" and "~" are its own (``_pasted_urls``).
    urls = [url.span() for url in _pasted(text)]
    in_url = {
        i for i, m in enumerate(found) if any(a <= m.start() < m.end() <= b for a, b in urls)
    }
    for i, token in enumerate(ops):
        before = ops[i - 1] if i else None
        after = ops[i + 1] if i + 1 < len(ops) else None
        dangling_after = after is None or after == ")" or after in _BINARY
        if token in _BINARY and tokens[i] != token:  # -AND: Whoosh raised IndexError
            fail(f"'-' needs a word after it, not '{token}'", text, found[i].start())
        if token in _BINARY and (
            before is None or before == "(" or before in OPERATORS or dangling_after
        ):
            fail(f"'{token}' needs a word on each side", text, found[i].start())
        if token == "NOT" and dangling_after:
            fail("'NOT' needs a word after it", text, found[i].start())
        if token.endswith(":") and i not in in_url:  # an address before a colon
            _check_field_value(text, found, i)
        if i not in in_url:
            _check_tilde(text, found, i)
            _check_name_value(text, found, i)
        _check_weight(text, found, i)
        if token == "(" and after == ")":
            fail("empty parentheses", text, found[i].start())
    if all(t in OPERATORS or t in "()" or not _value(t).strip('-"').strip() for t in tokens):
        # '""' and 'title:""' alike: Whoosh searched the empty phrase, which matched nothing;
        # '" "' too, which warned of stop words where '""' was this error (QA)
        raise QueryError("the query has no words to search for", query=text, position=0)
    _check_fields(text, found)
    _check_joined_patterns(text)
    _check_phrase_patterns(text)
    _check_glued_patterns(text, found)
    _check_colon_patterns(text, found)
    _check_pattern_count(text, [m for i, m in enumerate(found) if i not in in_url])
    return tokens


def _operator(token: str) -> str:
    """``NOT`` for ``-NOT`` (each ``-`` is one more NOT), ``AND`` for ``-AND``, else ``token``."""
    bare = token.lstrip("-")
    return bare if bare in OPERATORS else token


def _value(token: str) -> str:
    """A token without its ``field:`` (``title:""`` → ``""``); ``note:`` alone is a word."""
    field = _FIELD.match(token)
    return token[field.end() :] or token if field else token


def _check_field_value(text: str, found: list[re.Match[str]], i: int) -> None:
    """Raise QueryError for the token ``found[i]``, ending with a colon, if it is a field with
    no value right after it: ``title:`` at the end or before ``)``, or ``title: zebra``, which
    Whoosh searched as zebra in every field (QA round 4). ``note: bakers`` is two words."""
    token, end = found[i].group(), found[i].end()
    field = _FIELD.fullmatch(token)
    if i + 1 == len(found) or found[i + 1].group() == ")":
        if field:  # "zebra:" is an unknown field before it is a field without a value
            _check_field_name(field.group(1), text, found[i].start() + field.start(1))
        fail(f"'{token}' needs a value after the colon", text, found[i].start())
    if _is_field(token) and text[end].isspace():
        fail(f"'{token}' needs its value right after the colon, not a space", text, end)


def _check_name_value(text: str, found: list[re.Match[str]], i: int) -> None:
    """Raise QueryError for ``site:`` or ``author:`` with a value of no word (``site:,``): it
    was dropped without a word, where ``--site ,`` is an error (QA)."""
    field = _FIELD.match(found[i].group().lstrip("-"))
    value = found[i].group().lstrip("-")[field.end() :] if field else ""
    name = field.group(1).lower() if field else ""
    wordless = value and value[:1] not in '("' and not re.search(r"[\w*?]", value)  # site:*
    if wordless and FIELD_ALIASES.get(name) in ("site", "author"):
        fail(f"'{found[i].group()}' has no word to match", text, found[i].start())


def _is_field(token: str) -> bool:
    """``title:``, ``-Title:``: a known field's name and colon, with no value."""
    field = _FIELD.fullmatch(token)
    return field is not None and field.group(1).lower() in FIELD_ALIASES


def _check_tilde(text: str, found: list[re.Match[str]], i: int) -> None:
    """Raise QueryError for a ``~`` that is no fuzzy word (``word~N``, N from 0 to MAX_EDITS)
    nor proximity (``"a b"~N``, N from 1), nor a ``~`` in a ``url:`` value. A fuzzy word is
    no pattern (``zebra*~`` found nothing, ``zebra~*`` was ``zebra*``, ``zebra~x`` was
    ``zebra~``) and takes no weight (Whoosh searched ``zebra~1^2`` as ``zebra~1`` or ``2``, and
    ``zebra^2~1`` for the text "zebra^2"); ``zebra~-1``, ``zebra~1.5``, ``zebra~2~2`` and
    ``"a b"~-1`` were searched as if the ``~…`` were not there, ``"a b"~0`` matched nothing,
    and ``"a b"~1.5`` was ``"a b"~1`` or ``5``."""
    token, at = found[i].group(), found[i].start()
    if token.startswith("~") and _after_group(found, i):  # (zebra)~2 searched "2" (QA)
        fail("a fuzzy word is one word (word~), not a group in parentheses", text, at)
    if token.lstrip("-").startswith("~~"):  # the fuzzy word "~": every one-letter word (QA)
        fail(f"a fuzzy word is word~ or word~N, not {token.lstrip('-')}", text, at)
    phrase = _PHRASE.fullmatch(token)
    after_phrase = i > 0 and found[i - 1].end() == at and '"' in found[i - 1].group()
    near_weight = after_phrase and "~" in found[i - 1].group() and token.startswith("^")
    if near_weight and not (_IS_WEIGHT.fullmatch(token) and _is_weight(token[1:])):
        weight = token[1:]  # "a b"~3^x: the slop is fine, the weight is not (review)
        fail(f"a weight is a number above 0, up to {MAX_WEIGHT}, not ^{weight}", text, at)
    glued = (
        after_phrase
        and not near_weight
        and (token.startswith("~") or ("~" in found[i - 1].group() and token not in "()"))
    )
    # N is ASCII digits, no leading zero, as Whoosh reads it: "~05" and "~５" were words (QA).
    slop = phrase.group(1) if phrase else None
    if (slop and not _SLOP.fullmatch(slop)) or glued:
        tilde = at + token.rfind("~") if phrase else at
        fail('a phrase takes "words"~N, N a whole number from 1', text, tilde)
    fuzzy = None if '"' in token or _URL_TILDE.match(token.lstrip("-")) else _FUZZY.search(token)
    if fuzzy is None:  # a URL's "~" is part of it
        return
    typed, suffix = token[: fuzzy.start()].lstrip("-"), fuzzy.group(1)
    word = re.sub(r"[*?]|\^.*", "", typed) or "word"
    valid = _FUZZY_SUFFIX.fullmatch(suffix)
    if valid and valid.group(1) and int(valid.group(1)) > MAX_EDITS:
        fail(
            f"a fuzzy word takes at most {MAX_EDITS} edits ({word}~{MAX_EDITS}), not "
            f"{valid.group(1)}",
            text,
            at + fuzzy.start(),
        )
    if not valid or word != typed:  # zebra~x was zebra~, zebra*~ found nothing (QA round 4)
        fail(
            f"a fuzzy word is {word}~ or {word}~N, N a whole number up to {MAX_EDITS}, "
            f"not {typed}~{suffix}",
            text,
            at + fuzzy.start(),
        )


def _check_weight(text: str, found: list[re.Match[str]], i: int) -> None:
    """Raise QueryError for a ``^`` after a word or phrase that is no weight (``word^N``, N a
    number above 0): Whoosh searched ``zebra^x``, ``zebra^`` and ``zebra^-1`` as ``zebra``, and
    ``zebra^1e9`` too, with no word of it (QA). A ``url:`` value keeps its ``^``; a fuzzy word
    takes no weight (``_check_tilde``)."""
    token, at = found[i].group(), found[i].start()
    field = _FIELD.match(token)
    if "~" in token or (field and FIELD_ALIASES.get(field.group(1).lower()) == "url"):
        return
    weight = _WEIGHT.search(token)
    group = _after_group(found, i)  # (zebra herd)^2 weighs both words
    glued = group or (i > 0 and found[i - 1].end() == at and found[i - 1].group().endswith('"'))
    if weight is None or (weight.start() == 0 and not glued):
        return  # a "^2" on its own is a word
    if not glued and not re.search(r"[^\W_]", token[: weight.start()]):
        return  # no word before it: "^_^" is a face, searched as nothing (review)
    number = weight.group(1)
    if "^" in token[: weight.start()] or not _NUMBER.fullmatch(number) or not _is_weight(number):
        word = token[: weight.start()].lstrip("-").split("^")[0] or found[i - 1].group()
        word = "(…)" if group else word
        fail(
            f"a weight is {word}^N, N a number above 0, up to {MAX_WEIGHT}, not ^{number}",
            text,
            at + weight.start(),
        )


def _after_group(found: list[re.Match[str]], i: int) -> bool:
    """Whether the ``i``-th token comes right after the parenthesis that closes a group."""
    return i > 0 and found[i - 1].end() == found[i].start() and found[i - 1].group() == ")"


def _is_weight(number: str) -> bool:
    """Whether ``number`` (digits, with a decimal point or not) is a weight a query may give."""
    return 0 < float(number) <= MAX_WEIGHT


def _check_joined_patterns(text: str) -> None:
    """Raise QueryError for a prefix or wildcard word searched in title or body with a hyphen
    or an ampersand before a letter or digit in it (``F-16*``, ``*-ray``): the index holds the
    parts as words, so it matched no word, and found nothing (review). ``al-*`` searches
    "al", its one word. A value of another field, alone or in a group
    (``url:(https://a.example/x-y* OR …)``), is no such word."""
    for token, _fields in searched(text):
        value = token["value"]
        if token["phrase"] is not None or not (_JOINED.search(value) or _cut_at_a_dot(value)):
            continue
        kind = "prefix or wildcard" if _PATTERN_CHARS.search(value) else None
        if kind is None and _FUZZY.search(value):
            kind = "fuzzy word"  # U.S.-Soviet~ and 1,000~ found nothing too (review)
        if kind is not None:
            fail(
                f"a {kind} is one word, not {value}: the index holds the parts of a hyphenated "
                "word, a number with commas or a word with dots apart",
                text,
                token.start("value"),
            )


def _cut_at_a_dot(value: str) -> bool:
    """Whether the index holds a word's parts apart at one of its dots (``bbc.co*``,
    ``node.js~``: found nothing since dots part words, review), not at a number's (``3.5*``)
    or an initialism's (``u.s*``)."""
    word = _FUZZY.sub("", value).replace("?", "x").replace("*", "")
    return "." in word.strip(".") and len(WORDS.findall(word)) > 1


def _check_pattern_count(text: str, found: list[re.Match[str]]) -> None:
    """Raise QueryError for a query of more than ``MAX_PATTERNS`` prefix, wildcard or fuzzy
    words or near words: a query of 49 ``word~2`` took 10 s on 20,000 stories, and one of 112
    ``"a b"~100`` 14 s, while the server's workers waited (QA)."""
    patterns = [match for match in found if _is_pattern(match.group())]
    if len(patterns) > MAX_PATTERNS:
        fail(
            f"a query takes at most {MAX_PATTERNS} prefix, wildcard, fuzzy or near words, not "
            f"{len(patterns)}",
            text,
            patterns[MAX_PATTERNS].start(),
        )


def _is_pattern(token: str) -> bool:
    """Whether a token of title or body is a prefix, wildcard or fuzzy word or near words
    (``"a b"~N``, whose positions Whoosh compares one by one: 20 took 2.4 s); not another
    field's value, nor ``*``, every document."""
    bare = token.lstrip("-")
    field = _FIELD.match(bare)
    if field is not None:
        if not _fields(field.group(1)):
            return False
        bare = bare[field.end() :]
    if '"' in bare:
        near = _PHRASE.fullmatch(bare)
        return near is not None and near.group(1) is not None
    if bare == "*":
        return False
    return _PATTERN_CHARS.search(bare) is not None or _FUZZY.search(bare) is not None


def _check_colon_patterns(text: str, found: list[re.Match[str]]) -> None:
    """Raise QueryError for a field's value with a colon in it that is a prefix, wildcard or
    fuzzy word: Whoosh reads the part before the colon as a field (``id:urn:ap88:A*`` was
    ``id:ap88:A*``, review), and quoted it is no pattern. The ``:`` of ``https://`` is fine."""
    for match in found:
        token = match.group().lstrip("-")
        field = _FIELD.match(token)
        if field is None or field.group(1).lower() not in FIELD_ALIASES:
            continue
        value = _WEIGHT.sub("", token[field.end() :])
        if _has_colons(value) and _NOT_PLAIN.search(value):
            fail(
                f"a value with a colon is searched as written, not as a prefix, wildcard or "
                f'fuzzy word: quote it ({field.group(1)}:"{value.strip("*?~")}")',
                text,
                match.end() - len(token) + field.end(),
            )


def _check_phrase_patterns(text: str) -> None:
    """Raise QueryError for a word ending in ``*`` in a phrase of title or body words (in a
    group of them too): a phrase is of words as written, so ``"white hous*"`` found nothing,
    and said nothing (QA). A ``*`` inside a word is the word's, as the index holds it
    (``"M*A*S*H"``), and one alone is no word."""
    for token, _fields in searched(text):
        star = _PREFIX_IN_PHRASE.search(token["phrase"] or "")
        if star is not None:
            fail(PHRASE_OF_WORDS, text, token.start("phrase") + star.start())


def _check_glued_patterns(text: str, found: list[re.Match[str]]) -> None:
    """Raise QueryError for a ``*`` or ``?`` right after a phrase: ``"white house"*`` was
    searched as the words "white" and "house*" of one field term, and found nothing (review)."""
    for before, after in pairwise(found):
        glued = before.end() == after.start() and before.group().endswith(('"', *"0123456789"))
        if glued and '"' in before.group() and after.group()[0] in "*?":
            fail(PHRASE_OF_WORDS, text, after.start())


#: Why a phrase takes no prefix or wildcard.
PHRASE_OF_WORDS = "a phrase is of whole words: a prefix or wildcard (*) works outside quotes"


def fail(message: str, text: str, position: int) -> NoReturn:
    """Raise QueryError at ``text[position]``: the message counts characters from 1, for people
    (``at position 8`` is the 8th), ``QueryError.position`` from 0, for code (7)."""
    raise QueryError(f"{message} at position {position + 1}", query=text, position=position)


def _check_fields(text: str, found: list[re.Match[str]]) -> None:
    """Raise QueryError for an unknown field name, and for a ``published`` date that is no date
    or a date range that holds no day: Whoosh searched them as words, or matched nothing."""
    for i, match in enumerate(found):
        field = _FIELD.match(match.group())
        at = match.start() + field.end() if field else 0
        if field is None or at == len(text) or text[at].isspace():
            continue  # "note: …" is two words for Whoosh too
        _check_field_name(field.group(1), text, match.start() + field.start(1))
        name = field.group(1).lower()  # Title: is title: (QA bug 6)
        if text[at] == "-":  # title:-aleppo was title:aleppo
            fail(
                f"to exclude, put the '-' before the field: -{field.group(1)}:"
                f"{match.group()[field.end() + 1 :]}",
                text,
                at,
            )
        if FIELD_ALIASES[name] != "published":
            continue
        if text[at] == "(":  # published:(2016 OR 2017-03): each word of the group is a date
            for word in _group(found, i + 1):
                token = word.group()
                if token not in OPERATORS and token not in "()" and not _FIELD.match(token):
                    _date_span(text, word.end() - len(token.lstrip("-")), word.end())
        elif text[at] in "[{":
            _check_date_range(text, at)
        elif text[at] == '"':
            _date_span(text, at + 1, text.index('"', at + 1))
        else:
            _date_span(text, at, match.end())


def _check_field_name(name: str, text: str, position: int) -> None:
    """Raise QueryError for a field name that is none, in any case."""
    if name.lower() not in FIELD_ALIASES:
        known = ", ".join(sorted(FIELD_ALIASES))
        fail(f"unknown field '{name}' (fields: {known})", text, position)


def _group(found: list[re.Match[str]], first: int) -> list[re.Match[str]]:
    """The tokens inside the parentheses that ``found[first]`` opens."""
    depth = 0
    for i in range(first, len(found)):
        depth += {"(": 1, ")": -1}.get(found[i].group(), 0)
        if depth == 0:
            return found[first + 1 : i]
    return found[first + 1 :]


def _check_date_range(text: str, at: int) -> None:
    """Check ``[START TO END]`` at ``text[at]``: each bound a date, the start not after the end."""
    close = _CLOSE_RANGE.search(text, at)
    bounds = _DATE_RANGE.fullmatch(text, at + 1, close.start()) if close else None
    if close is None or bounds is None:
        fail("a date range is [START TO END] (YYYY, YYYY-MM or YYYY-MM-DD)", text, at)
    for group in (1, 2):
        if bounds.group(group):
            _date_span(text, *bounds.span(group))  # each a date
    first, last = _range_days(text[at], bounds.group(1), bounds.group(2), close.group())
    if first and last and first > last:
        fail(
            f"the date range {text[at : close.end()]} holds no day (its first day, {first}, is "
            f"after its last, {last})",
            text,
            at,
        )


def _date_span(text: str, start: int, end: int) -> tuple[date, date]:
    """The first and last day of the date ``text[start:end]`` (a year, month or day, the
    month and day of two digits as Whoosh reads them)."""
    value = text[start:end]
    try:
        first, last = date_bound(value), date_bound(value, end=True)
    except ValueError as error:  # the reason --since gives: "(day is out of range for month)"
        fail(str(error).replace(repr(value), f"'{value}'"), text, start)
    if not _DATE.fullmatch(value):  # "2019-3", which --since takes
        padded = "-".join(part.zfill(2) for part in value.split("-"))
        fail(
            f"'{value}' is not a date here: write its month and day in two digits ({padded})",
            text,
            start,
        )
    return first, last
