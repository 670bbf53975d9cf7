"""User query string → Whoosh Query.

The syntax is Whoosh's, checked first so that a typo fails with one clear message instead of
silently matching nothing: words, ``"exact phrases"``, ``"near words"~5`` (in any order),
``AND``/``OR``/``NOT``, ``-word``, parentheses, ``field:value`` (title, body, site, author,
url, published), ``prefix*``, ``fuzzy~``, date ranges ``published:[2016-11-01 TO 2016-12-31]``
and ``published:2016-11``.

Plain words are looked up in title and body and scored over both at once (a ``Word``, title
weighted above body: see ``searchkit.ranking``). A document that holds
every word of the query ranks above one that holds only some, and one that holds them as the
phrase the user typed ranks above that (issue 3, issue 5): both are constant-score bonus clauses
added to the ranked OR of the words, so documents with only some words are still found.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.matching import AndNotMatcher, Matcher, WrappingMatcher
from whoosh.qparser import (
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldPlugin,
    OperatorsPlugin,
    OrGroup,
    PhrasePlugin,
    PrefixPlugin,
    QueryParser,
    WildcardPlugin,
)
from whoosh.qparser.syntax import TextNode, attach
from whoosh.qparser.taggers import RegexTagger
from whoosh.query.spans import Span, SpanNear2
from whoosh.searching import Searcher

from searchkit.analysis import fold
from searchkit.dates import date_bound
from searchkit.errors import OptionError, QueryError
from searchkit.ranking import ALL_WORDS_BONUS, PHRASE_BONUS
from searchkit.schema import FIELD_ALIASES, TEXT_FIELDS
from searchkit.words import Word

#: Query-time boosts of the fields a plain word is looked up in. Both 1: the title counts more
#: through the BM25F field weights of ``searchkit.ranking`` (issue 5). An extra boost of the
#: title's score over-rewarded headline words: AP88 dev nDCG@10 (per-field BM25 K1 1.2, B 0.75)
#: with title boost 2.0 / 1.0 / 0.5: 0.475 / 0.498 / 0.494; Cranfield 0.382 / 0.386.
FIELD_BOOSTS = {"title": 1.0, "body": 1.0}

#: The most edits a ``fuzzy~N`` word may take. ``aleppo~5`` matched nearly every document (QA
#: bug 6): five edits turn a six-letter word into most short words, and Whoosh's own docs warn
#: that distances over 2 take very long and are rarely useful.
MAX_EDITS = 2

#: The deepest parentheses (and brackets) may nest. 500 levels ended in a RecursionError in
#: Whoosh's parser (QA bug 3); no query a person types needs more than a few.
MAX_DEPTH = 50

_OPERATORS = {"AND", "OR", "NOT"}
_BINARY = {"AND", "OR"}
_TOKEN = re.compile(r'[^\s()"]*"[^"]*"(?:~\d+)?|[()]|[^\s()"]+')
#: ``-word``, ``--word``: each ``-`` before a word, phrase or group is one negation.
_MINUS = re.compile(r"(^|[\s(])(-+)(?=[^\s\-])")
#: ``NOT NOT``: two negations in a row cancel (QA bug 1: Whoosh's parser raised IndexError).
_DOUBLE_NOT = re.compile(r"(?<![^\s(])NOT\s+NOT(?=\s|\(|$)")
#: ``NOT(x)``: Whoosh's NOT needs a space after it, or it ignored the NOT and searched FOR x.
_NOT_PAREN = re.compile(r"(?<![^\s(])NOT\(")
#: The spaces just inside the brackets of a range: Whoosh read ``[2016 TO ]`` as an end of ''.
_RANGE_SPACE = re.compile(r"(?<=[\[{])\s+|\s+(?=[\]}])")
#: A field name before its colon, at the start of a token (``Title:``, ``-Title:``, ``(Title:``).
_FIELD_NAME = re.compile(r"(?<![^\s(\-])[^\W\d]\w*(?=:(?!//))")
_WORD = re.compile(r"\w+")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The ``~…`` after a word, and what a fuzzy word may have there: ``~``, ``~N``, ``~N/P`` (the
#: first P letters as typed) and a ``^boost``. Whoosh read ``~12`` as one edit, then "2".
_FUZZY = re.compile(r"(?<=[^\s~])~(\S*)")
_FUZZY_SUFFIX = re.compile(r"(\d*)(?:/\d+)?(?:\^[\d.]*)?")
#: A phrase token, ``"a b"`` or ``"a b"~N``, as ``_TOKEN`` finds it (maybe after ``field:``).
_PHRASE = re.compile(r'[^\s()"]*"[^"]*"(?:~(\d+))?')
#: ``name:`` at the start of a token: Whoosh's field syntax (``\w+:``), but not the ``http://``
#: of a URL nor the ``12:`` of a time.
_FIELD = re.compile(r"-?([^\W\d]\w*):(?!//)")
#: A date in a query, as ``--since`` takes it: a year, a month or a day.
_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")
#: Inside the brackets of ``published:[START TO END]``; either bound may be left out.
_DATE_RANGE = re.compile(r"\s*(?:(\S+)\s+)?TO(?:\s+(\S+))?\s*", re.IGNORECASE)
_CLOSE_RANGE = re.compile(r"[\]}]")
#: ``published:"2016-12"``: Whoosh read a quoted date as a phrase of its parts, not as the month.
_QUOTED_DATE = re.compile(
    "((?:" + "|".join(n for n, f in FIELD_ALIASES.items() if f == "published") + r'):)"([^"\s]+)"'
)


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed user query: the Whoosh query to run and the words it searched for."""

    text: str
    query: wq.Query
    words: tuple[str, ...]
    #: True when the query is nothing but plain words (no operators, phrases, fields, …).
    plain: bool = False
    #: For a plain multi-word query, ``query`` is ``ranked`` plus constant-score bonuses, which
    #: ``searchkit.words`` computes in bulk instead: ``tiers`` are ``(query, bonus)`` pairs, best
    #: first, each tier's documents a subset of the next one's (phrase ⊂ all words ⊂ any word).
    ranked: wq.Query | None = None
    tiers: tuple[tuple[wq.Query, float], ...] = ()


def parse(text: str, schema: Schema, *, lenient: bool = False) -> ParsedQuery:
    """Parse a user query.

    Raises ``QueryError`` (with the position of the problem) for unbalanced quotes, brackets or
    parentheses, empty parentheses, parentheses nested over ``MAX_DEPTH`` deep and operators with
    nothing to apply to. With ``lenient=True`` such a query is mended instead (see ``_repair``),
    or if that is not enough, searches the words the user typed, those typed to exclude still
    excluded. A query of exclusions only (``-a``, ``NOT a``) finds every document without them.
    """
    if not text.strip():
        raise QueryError("the query is empty", query=text, position=0)
    undecodable = _SURROGATE.search(text)
    if undecodable:  # bytes that are not UTF-8, as the OS decodes them (os.fsdecode)
        _fail("the query is not valid UTF-8 text", text, undecodable.start())
    try:
        tokens = _check_syntax(text)
        rewritten = _rewrite(text)
    except QueryError as error:
        if not lenient:
            raise
        tokens, rewritten = _lenient(text, error)
    parser = _parser(schema)
    parsed = _caseless_language(_lift_negations(_words(parser.parse(rewritten))))
    words = tuple(t for t in tokens if _is_plain_word(t))
    plain = len(words) == len(tokens)
    if not plain or len(words) < 2:
        return ParsedQuery(text=text, query=parsed, words=words, plain=plain)
    tiers = _bonus_tiers(parser, words)
    # One query with the bonuses as constant-score clauses (phrase documents get both).
    increments = (ALL_WORDS_BONUS, PHRASE_BONUS)[: len(tiers)]
    bonuses = [wq.ConstantScoreQuery(q, b) for (q, _), b in zip(tiers, increments, strict=True)]
    query = wq.Or([parsed, *bonuses])
    return ParsedQuery(
        text=text,
        query=query if tiers else parsed,
        words=words,
        plain=plain,
        ranked=parsed,
        tiers=tuple((q, bonus) for q, bonus in reversed(tiers)),
    )


def _parser(schema: Schema) -> QueryParser:
    parser = QueryParser(None, schema, group=OrGroup)
    # Only AND, OR and NOT: Whoosh's ANDNOT, ANDMAYBE and REQUIRE raised TypeError here, and
    # the syntax checks do not know them; they are words.
    parser.replace_plugin(OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None))
    parser.add_plugin(MultifieldPlugin(list(FIELD_BOOSTS), fieldboosts=FIELD_BOOSTS))
    parser.add_plugin(FuzzyTermPlugin())
    aliases: dict[str, list[str]] = {}
    for alias, field in FIELD_ALIASES.items():
        if alias != field:
            aliases.setdefault(field, []).append(alias)
    parser.add_plugin(FieldAliasPlugin(aliases))
    parser.remove_plugin_class(WildcardPlugin)
    parser.add_plugin(_FoldedWildcardPlugin())
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(_NearPlugin())
    return parser


class _NearNode(PhrasePlugin.PhraseNode):  # type: ignore[misc]  # Whoosh is untyped
    """``"a b"~N``: a ``_Near`` query, the words in any order.

    Whoosh's phrase with a slop keeps the words in the order typed, so ``"aleppo fled"~2``
    missed "fled Aleppo" (QA bug 5). An exact phrase (``"a b"``, no ``~``) stays a ``Phrase``:
    ordered, adjacent.
    """

    def query(self, parser: QueryParser) -> wq.Query:
        phrase = super().query(parser)
        if not isinstance(phrase, wq.Phrase):
            return phrase
        words = list(dict.fromkeys(phrase.words))  # a word typed twice counts once
        near = _Near(phrase.fieldname, words, slop=phrase.slop, boost=phrase.boost)
        return attach(near, self)


class _Near(wq.Phrase):  # type: ignore[misc]  # Whoosh is untyped
    """Documents where the words all occur, in any order, in a stretch of text with at most
    ``slop - 1`` other words: for two words, within ``slop`` positions of each other. Scored as
    a phrase is, by the sum of its words' scores.

    A ``Phrase`` to the rest of searchkit, with ``ordered`` False: ``searchkit.words`` leaves it
    to Whoosh (its bulk phrases are ordered), and ``searchkit.snippets`` marks its words in any
    order. (Whoosh's own unordered ``SpanNear2`` checks the words in the order typed, each near
    the ones before it, so whether ``"a b c"~2`` matched "b … a c" depended on the typing.)
    """

    ordered = False

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        words = [wq.Term(self.fieldname, word).matcher(searcher, context) for word in self.words]
        found = _NearMatcher(words, slop=self.slop)
        return found if self.boost == 1.0 else WrappingMatcher(found, boost=self.boost)


class _NearMatcher(SpanNear2.SpanNear2Matcher):  # type: ignore[misc]  # Whoosh is untyped
    def _get_spans(self) -> list[Span]:
        """The shortest stretches of the current document that hold every word, each ending at
        one of their positions, that are short enough."""
        widest = self.slop + len(self.ms) - 2  # last position - first, with slop - 1 others
        occurrences = sorted((s.start, i) for i, m in enumerate(self.ms) for s in m.spans())
        latest: dict[int, int] = {}  # word → its last position so far
        spans = []
        for position, word in occurrences:
            latest[word] = position
            if len(latest) == len(self.ms) and position - min(latest.values()) <= widest:
                spans.append(Span(min(latest.values()), position))
        return spans


class _NearPlugin(PhrasePlugin):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's phrase syntax, where a ``~N`` after the quotes makes a ``_NearNode``."""

    class NearTagger(RegexTagger):  # type: ignore[misc]  # Whoosh is untyped
        def create(self, parser: QueryParser, match: re.Match[str]) -> TextNode:
            node = _NearNode if match.group("slop") else PhrasePlugin.PhraseNode
            slop = int(match.group("slop") or 1)
            return node(match.group("text"), match.start("text"), slop)

    def taggers(self, parser: QueryParser) -> list[tuple[RegexTagger, int]]:
        return [(self.NearTagger(self.expr), 0)]


class _FoldedPatternNode(TextNode):  # type: ignore[misc]  # Whoosh is untyped
    """A ``prefix*`` or ``wild?card`` word: on title/body lower-cased and accent-folded, not
    stemmed.

    Whoosh runs the pattern through the field's analyzer, stemmer included, so ``élys*`` became
    ``eli*`` and missed "Élysée" (issue 5). The word typed before a trailing ``*`` is also looked
    up whole (its stem), so ``massacres*`` still finds "massacres".
    """

    def __init__(self, text: str, *, prefix: bool) -> None:
        super().__init__(text + "*" if prefix else text)
        self.qclass = wq.Wildcard

    def query(self, parser: QueryParser) -> wq.Query:
        fieldname = self.fieldname or parser.fieldname
        if fieldname not in TEXT_FIELDS:
            q = parser.term_query(
                fieldname, self.text, wq.Wildcard, self.boost, tokenize=False, removestops=False
            )
            return attach(q.normalize() if q is not None else q, self)
        text = fold(self.text)
        q = wq.Wildcard(fieldname, text, boost=self.boost).normalize()
        if isinstance(q, wq.Prefix):
            stems = list(parser.schema[fieldname].process_text(q.text, mode="query"))
            if len(stems) == 1 and stems[0] != q.text:
                q = wq.Or([q, wq.Term(fieldname, stems[0], boost=self.boost)])
        return attach(q, self)


class _FoldedWildcardPlugin(WildcardPlugin):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's wildcard syntax, made of ``_FoldedPatternNode``s."""

    def do_wildcards(self, parser: QueryParser, group: Any) -> Any:
        group = super().do_wildcards(parser, group)
        for i, node in enumerate(group):
            if isinstance(node, PrefixPlugin.PrefixNode | WildcardPlugin.WildcardNode):
                folded = _FoldedPatternNode(
                    node.text, prefix=isinstance(node, PrefixPlugin.PrefixNode)
                )
                folded.startchar, folded.endchar = node.startchar, node.endchar
                group[i] = folded
        return group


def _bonus_tiers(parser: QueryParser, words: tuple[str, ...]) -> list[tuple[wq.Query, float]]:
    """The all-words and the phrase bonus clauses of a plain multi-word query, with the score
    a document in each gets on top of its BM25 score (the phrase tier holds all words too)."""
    groups = [_words(parser.parse(word)) for word in words]
    groups = [g for g in groups if g is not wq.NullQuery]
    if len(groups) < 2:
        return []
    tiers: list[tuple[wq.Query, float]] = [(wq.And(groups), ALL_WORDS_BONUS)]
    phrase = parser.parse('"' + " ".join(words) + '"')
    if phrase is not wq.NullQuery:
        tiers.append((phrase, ALL_WORDS_BONUS + PHRASE_BONUS))
    return tiers


def _words(q: wq.Query) -> wq.Query:
    """Every word the parser looked up in title and body (the same text in a ``Term`` of each
    field, with the same boost, in one ``Or``: the parser flattens the ``Or`` of each word into
    the query's) as one ``Word``, scored over both fields at once."""
    if isinstance(q, wq.Or):
        fields: dict[tuple[str, float], list[wq.Term]] = {}
        for sub in q.subqueries:
            if isinstance(sub, wq.Term) and sub.fieldname in TEXT_FIELDS:
                fields.setdefault((sub.text, sub.boost), []).append(sub)
        subs: list[wq.Query] = []
        for sub in q.subqueries:
            text_term = isinstance(sub, wq.Term) and sub.fieldname in TEXT_FIELDS
            found = fields.get((sub.text, sub.boost)) if text_term else None
            if found is None or sorted(t.fieldname for t in found) != sorted(TEXT_FIELDS):
                subs.append(_words(sub))
            elif sub is found[0]:
                # New terms, not ``with_boost`` copies: Whoosh deep-copies a query to re-boost it.
                terms = [wq.Term(t.fieldname, t.text) for t in found]
                subs.append(Word(terms, boost=sub.boost))
        if len(subs) == 1 and q.boost == 1.0:
            return subs[0]
        return wq.Or(subs, boost=q.boost, minmatch=q.minmatch, scale=q.scale)
    if isinstance(q, wq.CompoundQuery | wq.BinaryQuery | wq.Not):
        return q.apply(_words)
    return q


def _is_plain_word(token: str) -> bool:
    return token not in _OPERATORS and bool(re.fullmatch(r"\w[\w'’.\-]*", token))


def _lenient(text: str, error: QueryError) -> tuple[list[str], str]:
    """The tokens and the rewritten text to search for a malformed query, for ``lenient=True``:
    the query mended by ``_repair`` if that makes it well-formed, else its words; ``error`` if
    it has none."""
    repaired = _repair(text)
    if repaired is not None:
        with contextlib.suppress(QueryError):
            return _check_syntax(repaired), _rewrite(repaired)
    words = _words_only(text)
    if not words:
        raise error
    return words.split(), words


def _repair(text: str) -> str | None:
    """The query with the least mending that makes its syntax well-formed, or None.

    Drops the unbalanced quote, an unmatched ``)``, an unclosed ``(`` with nothing after it,
    empty ``()`` and the AND, OR, NOT or ``field:`` that has nothing to apply to (at the start,
    the end, next to a parenthesis, or doubled), and closes an unclosed ``(`` at the end, so
    what it negates stays negated. Everything else is kept as typed: fields, phrases, exclusions
    (QA bug 5: the words fallback turned ``-author:doe`` into NOT of two words everywhere). None
    for an unclosed excluded phrase (``-"a b``): dropping its quote would search FOR its words.
    """
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
            token != match.group() or not kept or _operator(kept[-1].group()) in {"(", *_OPERATORS}
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
    mended = "".join(
        ("" if i == 0 or kept[i - 1].end() == m.start() else " ") + m.group()
        for i, m in enumerate(kept)
    )
    return mended + ")" * depth


def _dangles(token: str) -> bool:
    """An operator or ``field:`` with nothing after it to apply to."""
    return _operator(token) in _OPERATORS or token.endswith(":")


def _words_only(text: str) -> str:
    """The words of a malformed query as a query of words, for ``lenient=True``: each word the
    user searched for, and ``NOT word`` for each one excluded (``-word``, ``NOT word``, a word of
    an excluded phrase or group), so that leniency never searches for a word typed to exclude.
    As in a well-formed query, two negations cancel (``NOT -word``, ``--word``)."""
    words: list[str] = []
    groups = [False]  # for each open parenthesis: is the group excluded?
    phrase: bool | None = None  # inside quotes: is the phrase excluded?
    pending = False  # an odd number of NOTs or bare "-"s before the next word, phrase or group
    for token in re.findall(r'"|[()]|[^\s()"]+', text):
        excluded = pending != groups[-1]
        if token == '"':
            phrase, pending = (excluded if phrase is None else None), False
        elif phrase is not None:
            words += [("NOT " if phrase else "") + w for w in _WORD.findall(token)]
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
            excluded, pending = excluded != bool(minuses % 2), False
            words += [("NOT " if excluded else "") + w for w in _WORD.findall(token)]
    return " ".join(w for w in words if w.removeprefix("NOT ") not in _OPERATORS)


def _rewrite(text: str) -> str:
    """A well-formed query as Whoosh's parser should read it: field names in lower case
    (``Title:`` is ``title:``), ``-`` as NOT, two NOTs in a row cancelled, no spaces just inside
    range brackets and a quoted date as the date."""
    return _QUOTED_DATE.sub(r"\1\2", _outside_quotes(text, _rewrite_unquoted))


def _rewrite_unquoted(part: str) -> str:
    part = _FIELD_NAME.sub(
        lambda m: m.group().lower() if m.group().lower() in FIELD_ALIASES else m.group(), part
    )
    part = _MINUS.sub(lambda m: m.group(1) + "NOT " * len(m.group(2)), part)
    part = _NOT_PAREN.sub("NOT (", part)
    return _RANGE_SPACE.sub("", _DOUBLE_NOT.sub("", part))


def _outside_quotes(text: str, rewrite: Callable[[str], str]) -> str:
    """``text`` with ``rewrite`` applied to each stretch outside quotes."""
    parts = text.split('"')
    for i in range(0, len(parts), 2):  # even parts are outside quotes
        # Seen with the quote that follows it, if any, so that the "-" of -"a phrase" counts.
        quoted = i + 1 < len(parts)
        rewritten = rewrite(parts[i] + '"' * quoted)
        parts[i] = rewritten[:-1] if quoted else rewritten
    return '"'.join(parts)


def _caseless_language(q: wq.Query) -> wq.Query:
    """``language:EN`` finds "en" (and ``lang:en-gb`` "en-GB"): the language field is an ID,
    stored as the page gave it, so a value is matched against its terms in any case."""
    if isinstance(q, wq.Term) and q.fieldname == "language":
        pattern = "(?i)" + re.escape(q.text) + r"\Z"
        return wq.Regex(q.fieldname, pattern, boost=q.boost)
    return q.apply(_caseless_language)


def _lift_negations(q: wq.Query) -> wq.Query:
    """Whoosh puts ``NOT x`` inside an OR group as "or not x", which matches nearly everything.

    Rewrite every ``Or([a, b, Not(x), Not(y)])`` as ``AndNot(Or([a, b]), Or([x, y]))``, and a
    group of negations only, ``Or([Not(x), Not(y)])``, as ``Not(Or([x, y]))``: NOT always
    excludes, and each NOT excludes more (``NOT x NOT y`` was "not x, or not y"). As in
    Lucene, a negated clause of a group only excludes from the rest of that group:
    ``herd OR -zebra`` is herd without zebra. Groups at every depth are rewritten so, negated
    ones too (QA bug 4: ``-(zebra -herd)`` found nothing), and ``Not(Not(x))`` is ``x``.
    """
    if isinstance(q, wq.Not):
        inner = _lift_negations(q.query)
        return inner.query if isinstance(inner, wq.Not) else wq.Not(inner, boost=q.boost)
    if isinstance(q, wq.CompoundQuery):
        children = [_lift_negations(child) for child in q.subqueries]
        negated = [child.query for child in children if isinstance(child, wq.Not)]
        kept = [child for child in children if not isinstance(child, wq.Not)]
        if not negated:
            return q.__class__(children, boost=q.boost)
        excluded = negated[0] if len(negated) == 1 else wq.Or(negated)
        if not kept:
            return wq.Not(excluded)
        positive = q.__class__(kept, boost=q.boost) if len(kept) > 1 else kept[0]
        return _AndNot(positive, excluded)
    return q.apply(_lift_negations)


class _AndNot(wq.AndNot):  # type: ignore[misc]  # Whoosh is untyped
    """``a ANDNOT b``, run by ``_AndNotMatcher``."""

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return _AndNotMatcher(self.a.matcher(searcher, context), excluded)


class _AndNotMatcher(AndNotMatcher):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's ``AndNotMatcher`` kept the first document of ``a`` whenever ``b``'s first came
    before it (whoosh-community/whoosh#419): ``lyon NOT aleppo`` found a Lyon story naming
    Aleppo when an earlier story named Aleppo too."""

    def _find_first(self) -> None:
        self._find_next()

    def _find_next(self) -> bool:
        return self.a.is_active() and bool(super()._find_next())


def _check_syntax(text: str) -> list[str]:
    """Split the query into tokens, raising QueryError at the first syntax problem."""
    if text.count('"') % 2:
        _fail("unbalanced quote", text, text.rfind('"'))
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
                _fail(f"parentheses nest more than {MAX_DEPTH} deep", text, i)
        elif ch in ")]}":
            # a range may open with [ or { and close with ] or } (inclusive or not), "(" only ")"
            if depth == 0 or (text[open_at[-1]] == "(") != (ch == ")"):
                _fail(f"unmatched '{ch}'", text, i)
            depth -= 1
            open_at.pop()
    if open_at:
        _fail(f"unclosed '{text[open_at[-1]]}'", text, open_at[-1])
    found = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in found]
    ops = [_operator(t) for t in tokens]
    for i, token in enumerate(ops):
        before = ops[i - 1] if i else None
        after = ops[i + 1] if i + 1 < len(ops) else None
        dangling_after = after is None or after == ")" or after in _BINARY
        if token in _BINARY and tokens[i] != token:  # -AND: Whoosh raised IndexError
            _fail(f"'-' needs a word after it, not '{token}'", text, found[i].start())
        if token in _BINARY and (
            before is None or before == "(" or before in _OPERATORS or dangling_after
        ):
            _fail(f"'{token}' needs a word on each side", text, found[i].start())
        if token == "NOT" and dangling_after:
            _fail("'NOT' needs a word after it", text, found[i].start())
        if token.endswith(":") and (after is None or after == ")"):
            field = _FIELD.fullmatch(token)
            if field:  # "zebra:" is an unknown field before it is a field without a value
                _check_field_name(field.group(1), text, found[i].start() + field.start(1))
            _fail(f"'{token}' needs a value after the colon", text, found[i].start())
        _check_tilde(text, found, i)
        if token == "(" and after == ")":
            _fail("empty parentheses", text, found[i].start())
    if all(t in _OPERATORS or t in "()" or not _value(t).strip('-"') for t in tokens):
        # '""' and 'title:""' alike: Whoosh searched the empty phrase, which matched nothing
        raise QueryError("the query has no words to search for", query=text, position=0)
    _check_fields(text, found)
    return tokens


def _operator(token: str) -> str:
    """``NOT`` for ``-NOT`` (each ``-`` is one more NOT), ``AND`` for ``-AND``, else ``token``."""
    bare = token.lstrip("-")
    return bare if bare in _OPERATORS else token


def _value(token: str) -> str:
    """A token without its ``field:`` (``title:""`` → ``""``); ``note:`` alone is a word."""
    field = _FIELD.match(token)
    return token[field.end() :] or token if field else token


def _check_tilde(text: str, found: list[re.Match[str]], i: int) -> None:
    """Raise QueryError for a ``~`` that is no fuzzy word (``word~N``, N from 0 to MAX_EDITS)
    nor proximity (``"a b"~N``, N from 1): ``zebra~-1``, ``zebra~1.5``, ``zebra~2~2`` and
    ``"a b"~-1`` were searched as if the ``~…`` were not there, ``"a b"~0`` matched nothing."""
    token, at = found[i].group(), found[i].start()
    phrase = _PHRASE.fullmatch(token)
    after_phrase = i > 0 and found[i - 1].end() == at and '"' in found[i - 1].group()
    if (phrase and phrase.group(1) and int(phrase.group(1)) == 0) or (
        after_phrase and token.startswith("~")
    ):
        tilde = at + token.rfind("~") if phrase else at
        _fail('a phrase takes "words"~N, N a whole number from 1', text, tilde)
    fuzzy = None if '"' in token else _FUZZY.search(token)
    if fuzzy is None:
        return
    word, suffix = token[: fuzzy.start()].lstrip("-"), fuzzy.group(1)
    valid = _FUZZY_SUFFIX.fullmatch(suffix)
    if valid and valid.group(1) and int(valid.group(1)) > MAX_EDITS:
        _fail(
            f"a fuzzy word takes at most {MAX_EDITS} edits ({word}~{MAX_EDITS}), not "
            f"{valid.group(1)}",
            text,
            at + fuzzy.start(),
        )
    if not valid and suffix[0] in "0123456789-+.~":  # "~user" in a URL is no fuzzy word
        _fail(
            f"a fuzzy word is {word}~ or {word}~N, N a whole number up to {MAX_EDITS}, "
            f"not {word}~{suffix}",
            text,
            at + fuzzy.start(),
        )


def _fail(message: str, text: str, position: int) -> NoReturn:
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
            _fail(
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
                if token not in _OPERATORS and token not in "()" and not _FIELD.match(token):
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
        _fail(f"unknown field '{name}' (fields: {known})", text, position)


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
        _fail("a date range is [START TO END] (YYYY, YYYY-MM or YYYY-MM-DD)", text, at)
    if not bounds.group(1) and not bounds.group(2):
        _fail("a date range needs a start, an end or both ([2016 TO], [TO 2016-11])", text, at)
    start, end = (_date_span(text, *bounds.span(g)) if bounds.group(g) else None for g in (1, 2))
    if start and end and start[0] > end[1]:
        _fail(
            f"the date range {text[at : close.end()]} holds no day (it ends before it starts)",
            text,
            at,
        )


def _date_span(text: str, start: int, end: int) -> tuple[date, date]:
    """The first and last day of the date ``text[start:end]`` (a year, month or day, the
    month and day of two digits as Whoosh reads them)."""
    value = text[start:end]
    if _DATE.fullmatch(value):
        try:
            return date_bound(value), date_bound(value, end=True)
        except OptionError:
            pass
    _fail(f"'{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", text, start)
