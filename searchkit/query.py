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

import re
from copy import copy
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.fields import TEXT, FieldType, Schema
from whoosh.matching import AndNotMatcher, Matcher
from whoosh.qparser import (
    FieldAliasPlugin,
    FuzzyTermPlugin,
    GroupPlugin,
    MultifieldPlugin,
    OperatorsPlugin,
    OrGroup,
    PhrasePlugin,
    PrefixPlugin,
    QueryParser,
    WildcardPlugin,
)
from whoosh.qparser.syntax import GroupNode, TextNode, attach
from whoosh.qparser.taggers import RegexTagger
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from searchkit.analysis import (
    COMPOUND,
    STOP_STEM_MARK,
    completion_stems,
    fold,
    neighbour_stems,
    pattern_stems,
    unspaced,
    visible,
)
from searchkit.errors import QueryError
from searchkit.phrases import Phrase, near_of, phrase_of
from searchkit.querytext import (
    OPERATORS,
    as_asked,
    check_syntax,
    check_text,
    mend,
    rewrite,
    shortened,
    straight_quotes,
)
from searchkit.ranking import ALL_WORDS_BONUS, PHRASE_BONUS, TYPED_WORD_BONUS
from searchkit.schema import FIELD_ALIASES, TEXT_FIELDS, host_key
from searchkit.words import Word

#: Query-time boosts of the fields a plain word is looked up in. Both 1: the title counts more
#: through the BM25F field weights of ``searchkit.ranking`` (issue 5). An extra boost of the
#: title's score over-rewarded headline words: AP88 dev nDCG@10 (per-field BM25 K1 1.2, B 0.75)
#: with title boost 2.0 / 1.0 / 0.5: 0.475 / 0.498 / 0.494; Cranfield 0.382 / 0.386.
FIELD_BOOSTS = {"title": 1.0, "body": 1.0}


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
    #: Clauses of fields that narrow the search, each of which a story must match
    #: (``_filters_apart``), or None.
    filters: wq.Query | None = None
    #: What lenient mode changed that the results should say (a query cut to length).
    warnings: tuple[str, ...] = ()
    #: The query as searched: ``text``, or what lenient mode mended it into (``aleppo`` of
    #: ``aleppo)``), which a did-you-mean respells (QA: it offered "aleppo)" again).
    searched: str = ""


def parse(text: str, schema: Schema, *, lenient: bool = False) -> ParsedQuery:
    """Parse a user query.

    Raises ``QueryError`` (with the position of the problem) for unbalanced quotes, brackets or
    parentheses, empty parentheses, parentheses nested too deep and operators with
    nothing to apply to (``searchkit.querytext.check_syntax``). With ``lenient=True`` such a query
    is mended instead (``mend``), or if that is not enough, searches the words the user typed,
    those typed to exclude still excluded. A query of exclusions only (``-a``, ``NOT a``) finds
    every document without them. A lenient query longer than ``MAX_QUERY_CHARS`` is cut to
    its words within that length, with a warning.
    """
    warnings: tuple[str, ...] = ()
    if lenient:
        text, warnings = shortened(text)
    check_text(text)
    text = straight_quotes(visible(text))
    searched = asked = as_asked(text)
    try:
        tokens = check_syntax(asked)
        rewritten = rewrite(asked)
    except QueryError as error:
        if not lenient:
            raise
        tokens, rewritten, searched = mend(asked, error)
        # Said, as the search page said it: the CLI and JSON were silent (QA). As searched:
        # "the words of the query" was said of the mended "title:mango" too (QA).
        warnings = (*warnings, f"searched '{searched}' instead: {error}")
    warnings = (*warnings, *_foreign_operators(tokens))
    parser = _parser(schema)
    # Negations are lifted before Whoosh normalizes the query: normalizing flattens nested ORs,
    # and a ``-word`` of ``(a -b) OR c`` would then exclude from the whole query (QA round 4).
    # Filters apart before Whoosh's normalizing flattens the ORs in parentheses: the clauses
    # of ``(site:metro OR lang:fr)`` are alternatives, not each required (review).
    lifted, filters = _filters_apart(
        _lift_negations(parser.parse(rewritten, normalize=False)), tokens
    )
    lifted = lifted.normalize()
    if filters is not None:
        tokens, filters = _without_filters(tokens), _mend_terms(filters.normalize())
    parsed = _typed_first(_mend_terms(_words(lifted)))
    words = tuple(t for t in tokens if _is_plain_word(t))
    plain = all(_is_plain_word(t) or _is_punctuation(t) for t in tokens)
    open_words = tuple(t for t in tokens if _is_plain_word(t) or _is_open_word(t))
    tiered = all(_is_open_word(t) or _is_plain_word(t) or _is_punctuation(t) for t in tokens)
    if not tiered or len(open_words) < 2:
        return ParsedQuery(
            text=text,
            query=parsed,
            words=words,
            plain=plain,
            filters=filters,
            warnings=warnings,
            searched=searched,
        )
    tiers = _bonus_tiers(parser, open_words, phrase=plain)
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
        filters=filters,
        warnings=warnings,
        searched=searched,
    )


class _Parser(QueryParser):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's parser, but a word the analyzer cuts in several terms at hyphens or ampersands
    is the phrase of them: ``cease-fire`` is ``"cease fire"`` (Whoosh's either part found every
    story with "fire", ranked by BM25 alone, QA), ``F-16`` and ``AT&T`` are phrases too. So is
    a word of Chinese or Japanese letters (one index term per letter), as written: ``東京``
    does not find "京都の東"; and a prefix, wildcard or fuzzy word of them: no term starts with
    two letters, and one edit of ``東京`` is any ``東`` or ``京`` (``東京*``, ``東京~`` found
    nothing, or that). Other words cut in several, such as a URL pasted, search for any
    part; but a site's or an author's, which is the phrase of its words as ``--site`` and
    ``--author`` take it: ``author:doe,jane`` is "Doe, Jane", not any Doe or Jane (QA)."""

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> wq.Query:
        text_field = fieldname in self.schema and isinstance(self.schema[fieldname], TEXT)
        # A name's words are in one name, as the filters match them (``searcher._named``).
        whole = termclass is wq.Term and (fieldname in NAME_FIELDS or COMPOUND.fullmatch(text))
        if text_field and unspaced(text):
            text = re.sub(r"[*?]", "", text)
        elif text_field and termclass is wq.Term and "." in text and not whole:
            return _address(self.schema[fieldname], fieldname, text, boost)
        elif not (text_field and whole):
            q = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
            if type(q) is wq.FuzzyTerm and fieldname in TEXT_FIELDS:
                q = _StemmedFuzzy(fieldname, q.text, q.boost, typed=fold(text))
            return q
        q = phrase_of(self.schema[fieldname], fieldname, text, boost=boost)
        return or_host(q, text) if fieldname == "site" else q  # a domain: "lemonde.fr"


#: Fields of names, whose value typed is the phrase of its words: separators within it
#: ("doe,jane", "robert/fisk") are those of words in one name, as ``--site`` and ``--author``
#: read them.
NAME_FIELDS = frozenset({"site", "author"})


def or_host(q: wq.Query, name: str) -> wq.Query:
    """``q``, a match of the site ``name``, or its stories' host when ``name`` is a domain:
    ``site:lemonde.fr`` found nothing where the pages name their site "Le Monde" (QA)."""
    host = host_key(name)
    return wq.Or([q, wq.Term("host", host, boost=q.boost)]) if host else q


#: What parts the names of a pasted address: "@", "/", ":" and the like; not a dot, a hyphen
#: or an ampersand, which join the words of one name.
_ADDRESS_SEPARATORS = re.compile(r"[^\w.&\u2010\u2011-]+")


def _address(field: FieldType, fieldname: str, text: str, boost: float) -> wq.Query:
    """An address pasted (``john.smith@example.com``): any of its names, each the phrase of its
    words ("john smith", "example com"), not any of its words (review: since dots part words,
    "smith" alone found stories)."""
    parts = [
        phrase_of(field, fieldname, part, boost=boost) for part in _ADDRESS_SEPARATORS.split(text)
    ]
    return wq.Or([part for part in parts if part is not wq.NullQuery]).normalize()


def _parser(schema: Schema) -> QueryParser:
    parser = _Parser(None, schema, group=OrGroup)
    # Only AND, OR and NOT: Whoosh's ANDNOT, ANDMAYBE and REQUIRE raised TypeError here, and
    # the syntax checks do not know them; they are words.
    parser.replace_plugin(OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None))
    parser.remove_plugin_class(GroupPlugin)  # replace_plugin would keep it: another class
    parser.add_plugin(_GroupPlugin())
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


class _Grouped(wq.Or):  # type: ignore[misc]  # Whoosh is untyped
    """The query of a group typed in parentheses: an ``Or``, as Whoosh makes it, that
    ``_lift_negations`` keeps apart from the words around it."""


class _Parenthesized(GroupNode):  # type: ignore[misc]  # Whoosh is untyped
    """A group typed in parentheses. Whoosh made it of the parser's group type, so ``OR``
    appended the next word to it, and normalizing flattened it into the query around it: the
    ``-strike`` of ``(ferry -strike) OR aleppo`` excluded from the whole query (QA round 4)."""

    qclass = _Grouped


class _GroupPlugin(GroupPlugin):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's parentheses, each group made a ``_Parenthesized`` one. Groups are made first,
    before operators and fields make theirs, so every group below the top one is a pair of
    parentheses; and before a weight is checked for something to weigh, as Whoosh's own
    parentheses were (``(zebra herd)^2`` searched the word "2", QA)."""

    def filters(self, parser: QueryParser) -> list[tuple[Any, int]]:
        return [(self.do_groups, -1)]  # Whoosh's filters of priority 0 come after

    def do_groups(self, parser: QueryParser, group: GroupNode) -> GroupNode:
        top: GroupNode = super().do_groups(parser, group)
        _parenthesize(top)
        return top


def _parenthesize(node: GroupNode) -> None:
    for i, child in enumerate(node.nodes):
        if isinstance(child, GroupNode):
            _parenthesize(child)
            node.nodes[i] = _Parenthesized(child.nodes, boost=child.boost)


class _PhraseNode(PhrasePlugin.PhraseNode):  # type: ignore[misc]  # Whoosh is untyped
    """``"an exact phrase"``: a ``searchkit.phrases.Phrase``, whose words keep the places of
    the stop words typed between them."""

    def query(self, parser: QueryParser) -> wq.Query:
        fieldname = self.fieldname or parser.fieldname
        if fieldname not in parser.schema or not parser.schema[fieldname].analyzer:
            return super().query(parser)
        field = parser.schema[fieldname]
        q = phrase_of(field, fieldname, self.text, start=self.textstartchar, boost=self.boost)
        if fieldname == "site":
            q = or_host(q, self.text)  # site:"lemonde.fr" as site:lemonde.fr (review)
        return attach(q, self)


class _NearNode(_PhraseNode):
    """``"a b"~N``: a ``searchkit.phrases.Near`` query, the words in any order.

    Whoosh's phrase with a slop keeps the words in the order typed, so ``"aleppo fled"~2``
    missed "fled Aleppo" (QA bug 5). An exact phrase (``"a b"``, no ``~``) stays a ``Phrase``:
    ordered, in place.
    """

    def query(self, parser: QueryParser) -> wq.Query:
        phrase = super().query(parser)
        if not isinstance(phrase, Phrase):
            return phrase
        return attach(near_of(phrase, self.text, self.textstartchar, self.slop), self)


class _NearPlugin(PhrasePlugin):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's phrase syntax, where a ``~N`` after the quotes makes a ``_NearNode``."""

    class NearTagger(RegexTagger):  # type: ignore[misc]  # Whoosh is untyped
        def create(self, parser: QueryParser, match: re.Match[str]) -> TextNode:
            node = _NearNode if match.group("slop") else _PhraseNode
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
        if fieldname not in TEXT_FIELDS or unspaced(self.text):  # see _Parser.term_query
            q = parser.term_query(
                fieldname, self.text, wq.Wildcard, self.boost, tokenize=False, removestops=False
            )
            q = q.normalize() if q is not None else q
            if isinstance(q, wq.Every):  # url:* is "has a URL": not the documents without one
                q = wq.And([q, wq.Not(wq.Term(fieldname, ""))])
            return attach(q, self)
        text = fold(self.text)
        q = wq.Wildcard(fieldname, text, boost=self.boost).normalize()
        if isinstance(q, wq.Prefix):
            q = _StemmedPrefix(fieldname, q.text, boost=q.boost)
        elif isinstance(q, wq.Wildcard):
            q = _StemmedWildcard(fieldname, q.text, boost=q.boost)
        return attach(q, self)


class _StemmedPrefix(wq.Prefix):  # type: ignore[misc]  # Whoosh is untyped
    """A ``prefix*`` of title or body words, whose terms are stems: the stems that start with
    it, and those of the words it begins that do not (``analysis.completion_stems``):
    ``regulat*`` is also "regul", of "regulation", and ``massacres*`` "massacr"."""

    def _btexts(self, ixreader: IndexReader) -> list[bytes]:
        field = ixreader.schema[self.fieldname]
        found = list(super()._btexts(ixreader))
        stems = sorted(completion_stems(self.text))
        return found + [field.to_bytes(s) for s in stems if (self.fieldname, s) in ixreader]


class _StemmedWildcard(wq.Wildcard):  # type: ignore[misc]  # Whoosh is untyped
    """A ``wild?card`` of title or body words, whose terms are stems: the stems it matches, and
    those of the words it matches (``analysis.pattern_stems``): ``massac?e`` is "massacr"."""

    def _btexts(self, ixreader: IndexReader) -> list[bytes]:
        field = ixreader.schema[self.fieldname]
        start = re.split(r"[?*]", self.text, maxsplit=1)[0]
        terms = map(field.from_bytes, ixreader.expand_prefix(self.fieldname, start))
        return [field.to_bytes(stem) for stem in pattern_stems(self.text, terms)]


class _StemmedFuzzy(wq.FuzzyTerm):  # type: ignore[misc]  # Whoosh is untyped
    """A ``fuzzy~`` word of title or body: the stems within its edits of its stem (of the word
    as typed, when the stem is short or a stop word's), and the stems of the words one edit
    from the word as typed (``analysis.neighbour_stems``): "regulaton" is four edits from
    "regul", the stem of "regulation", and ``regulaton~`` found nothing (QA). The neighbours of
    a word of more than MAX_NEIGHBOURED letters are not looked up: they take long to stem."""

    def __init__(self, fieldname: str, text: str, boost: float = 1.0, *, typed: str) -> None:
        super().__init__(fieldname, text, boost)
        self.typed = typed

    def _btexts(self, ixreader: IndexReader) -> list[str]:
        stem = self.text.rstrip(STOP_STEM_MARK)
        # Edits of a short or marked stem are edits of another word: "be'" (of "being") of the
        # stop word "be" ("de", "re"), "do" (of "doing") of "co", "dc" (QA). Such a word's
        # edits are those of the word as typed ("was~" is "war", "wax"), its stem found whole.
        fuzzed = self.text if stem == self.text and len(stem) >= MIN_NEIGHBOUR_STEM else self.typed
        found = dict.fromkeys(
            ixreader.terms_within(self.fieldname, fuzzed, self.maxdist, self.prefixlength)
        )
        if (self.fieldname, self.text) in ixreader:
            found[self.text] = None
        if len(self.typed) > MAX_NEIGHBOURED:
            return list(found)
        # Not a neighbour's stem too short to tell a word from a typo's: "heing", one edit from
        # "being", is "he" (QA).
        shortest = min(MIN_NEIGHBOUR_STEM, max(3, len(self.typed) - 1))
        near = sorted(
            other
            for other in neighbour_stems(self.typed, self.prefixlength).difference(found)
            if len(other.rstrip(STOP_STEM_MARK)) >= shortest and (self.fieldname, other) in ixreader
        )
        return [*found, *near]


#: The longest fuzzy word whose neighbours are looked up: no typo of a word is longer, and
#: they grow with its length (review: ten words of 200 letters took 6 s).
MAX_NEIGHBOURED = 25
#: The shortest stem of a neighbour looked up.
MIN_NEIGHBOUR_STEM = 4


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


#: Fields whose clauses narrow a search of words (``_filters_apart``).
FILTER_FIELDS = frozenset({"site", "host", "author", "published", "language"})


def _filters_apart(q: wq.Query, tokens: list[str]) -> tuple[wq.Query, wq.Query | None]:
    """``q`` without its clauses of ``FILTER_FIELDS``, and those clauses, which every story
    found must match: a site, an author, a date or a language typed among words narrows the
    search, as in a web search engine (QA: ``contra site:metro`` was any story with "contra",
    or of that site). Clauses of one field are alternatives (``site:a site:b``), of several
    all required. Not when an ``OR`` joins the query's clauses: then it is as typed."""
    while isinstance(q, wq.Or | wq.And) and len(q.subqueries) == 1 and q.boost == 1.0:
        q = q.subqueries[0]  # the parser's wrapper of a group: ((iran site:metro)) (review)
    if isinstance(q, wq.AndNot):
        kept, filters = _filters_apart(q.a, tokens)
        if filters is None:
            return q, None
        narrowed = copy(q)  # its own class: ``_AndNot``
        narrowed.a = kept
        return narrowed, filters
    if not isinstance(q, wq.Or) or _or_between_clauses(tokens):
        return q, None
    filters = [sub for sub in q.subqueries if _is_filter(sub)]
    kept = [sub for sub in q.subqueries if not _is_filter(sub)]
    if not filters or not kept:
        return q, None
    fields: dict[str, list[wq.Query]] = {}
    for sub in filters:
        field = next(iter(sub.leaves())).fieldname
        # A site's host (``or_host``) is one of its alternatives, flattened into the query.
        fields.setdefault("site" if field == "host" else field, []).append(sub)
    required = [subs[0] if len(subs) == 1 else wq.Or(subs) for subs in fields.values()]
    words = kept[0] if len(kept) == 1 and q.boost == 1.0 else wq.Or(kept, boost=q.boost)
    return words, required[0] if len(required) == 1 else wq.And(required)


def _is_filter(q: wq.Query) -> bool:
    fields = [getattr(leaf, "fieldname", None) for leaf in q.leaves()]
    return bool(fields) and all(field in FILTER_FIELDS for field in fields)


def _or_between_clauses(tokens: list[str]) -> bool:
    """Whether an ``OR`` outside any parentheses joins the query's clauses."""
    depth = 0
    for token in tokens:
        depth += (token == "(") - (token == ")")
        if token == "OR" and depth == 0:
            return True
    return False


def _without_filters(tokens: list[str]) -> list[str]:
    """The tokens of a query but those of its clauses of ``FILTER_FIELDS``: ``site:metro``,
    ``site:`` and its group in parentheses, ``published:[`` to the end of its range."""
    kept: list[str] = []
    given = iter(tokens)
    for token in given:
        name, colon, value = token.partition(":")
        if not colon or FIELD_ALIASES.get(name.lower()) not in FILTER_FIELDS:
            kept.append(token)
        elif not value:  # a group: to its closing parenthesis
            depth = 0
            for inner in given:
                depth += (inner == "(") - (inner == ")")
                if depth == 0:
                    break
        elif value[:1] in "[{" and value[-1:] not in "]}":  # a range: to its closing bracket
            for inner in given:
                if inner[-1:] in "]}":
                    break
    return kept


def _bonus_tiers(
    parser: QueryParser, words: tuple[str, ...], *, phrase: bool
) -> list[tuple[wq.Query, float]]:
    """The all-words and (with ``phrase``) the phrase bonus clauses of a multi-word query, with
    the score a document in each gets on top of its BM25 score (the phrase tier holds all words
    too). A word may be a prefix: ``gorbachev negotiat*`` ranked the stories
    with one of the two as high as those with both (QA)."""
    groups = [_words(parser.parse(word)) for word in words]
    groups = [g for g in groups if g is not wq.NullQuery]
    if len(groups) < 2:
        return []
    tiers: list[tuple[wq.Query, float]] = [(wq.And(groups), ALL_WORDS_BONUS)]
    if not phrase:
        return tiers
    phrase_query = parser.parse('"' + " ".join(words) + '"')
    if phrase_query is not wq.NullQuery:
        tiers.append((phrase_query, ALL_WORDS_BONUS + PHRASE_BONUS))
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


#: The characters of the query syntax, besides operators and a leading "-".
_SYNTAX = re.compile(r'[:*?~^"()\[\]{}]')


def _is_plain_word(token: str) -> bool:
    """A word as typed, with what punctuation it may carry ("Gorbachev,", "$1", "'Soviet",
    "U.S."), and no query syntax. Such punctuation made a query not plain, without its tiers:
    ``Gorbachev, Reagan`` ranked stories with one of the words first (QA)."""
    return (
        token not in OPERATORS
        and not token.startswith("-")
        and re.search(r"\w", token) is not None
        and _SYNTAX.search(token) is None
    )


#: Operators of other search engines, which are words here, and what to write instead: each
#: was searched as a word without a word of why (QA: ``+lion +zebra`` found lion-only stories).
_FOREIGN_OPERATORS = {
    "+": "each word is looked for and stories with all of them come first; AND requires one",
    "!": "write NOT or -word",
    "&&": "write AND",
    "||": "write OR",
}


def _foreign_operators(tokens: list[str]) -> list[str]:
    """A warning for each operator of another engine typed (``+word``, ``!word``, ``&&``,
    ``||``), which this query language reads as a word."""
    found: dict[str, None] = {}
    for token in tokens:
        sign = token if token in ("&&", "||") else token[:1]
        if sign in _FOREIGN_OPERATORS and (len(sign) == 2 or token[1:2].isalnum()):
            found[sign] = None
    return [f"'{sign}' is not an operator here: {_FOREIGN_OPERATORS[sign]}" for sign in found]


#: A prefix (``negotiat*``) as typed.
_OPEN_WORD = re.compile(r"(.+?)\*")


def _is_open_word(token: str) -> bool:
    """A plain word typed as a prefix: it counts as a word of the query in its every-word tier.
    Not a fuzzy word: the tier matched its expansions a second time, and ``iran~ contra~
    arms~`` took 0.69 s at 100k stories, against 0.39 s (review); it ranks the stories that
    hold it as typed first already."""
    found = _OPEN_WORD.fullmatch(token)
    return found is not None and _is_plain_word(found.group(1))


def _is_punctuation(token: str) -> bool:
    """A token of no letter, digit or query syntax ("+", "&", "—"): it leaves a query plain."""
    return re.search(r"\w", token) is None and _SYNTAX.search(token) is None


class LanguageTag(wq.Regex):  # type: ignore[misc]  # Whoosh is untyped
    """A language as pages tag it, in any case and in any of its regions: ``lang:EN`` finds
    "en", and ``lang:pt`` "pt-BR" (QA: ``lang:en`` found half the English stories, none tagged
    "en-US" or "en-GB"); ``lang:en-gb`` finds "en-GB" and "en_GB" only."""

    def __init__(self, fieldname: str, text: str, boost: float = 1.0) -> None:
        tag = "[-_]".join(re.escape(part) for part in re.split("[-_]", text))  # en_GB is en-GB
        pattern = f"(?i){tag}(?:[-_][^\\W_]+)*\\Z"
        super().__init__(fieldname, pattern, boost=boost)
        self.typed = text


def _mend_terms(q: wq.Query) -> wq.Query:
    """Terms as Whoosh cannot take them, mended.

    ``language:EN`` finds "en" and "en-US" (``LanguageTag``): the language field is an ID,
    stored as the page gave it. A fuzzy
    word's fixed prefix (``ferry~/9``) is at most the word: a longer one raised IndexError in
    Whoosh's automaton (QA round 4). ``*`` and ``body:*`` are every document, which Whoosh
    takes from its list of them, not from the postings of every word.
    """
    if isinstance(q, wq.Term) and q.fieldname == "language":
        return LanguageTag(q.fieldname, q.text, boost=q.boost)
    if isinstance(q, wq.FuzzyTerm) and q.prefixlength > len(q.text):
        q = copy(q)
        q.prefixlength = len(q.text)
        return q
    if isinstance(q, wq.Every) and q.fieldname == "body":
        # Every document has a body: all of them, from the list of the live ones. Whoosh read
        # every posting of every body word: ``*`` took 30 s at 100k stories (QA round 5).
        return wq.Every(boost=q.boost)
    q = q.apply(_mend_terms)
    if isinstance(q, wq.Or) and any(_is_every_document(sub) for sub in q.subqueries):
        return wq.Every(boost=q.boost)  # ``*`` is Every(title) OR Every(body): every document
    return q


def _typed_first(q: wq.Query) -> wq.Query:
    """``q`` with each fuzzy word giving ``TYPED_WORD_BONUS`` to the stories that hold it as
    typed, once a story whatever the fields it is looked up in: ``hostage~`` put the rarer
    "postage" on top (QA)."""
    if isinstance(q, wq.FuzzyTerm):
        return _with_typed([q])
    if isinstance(q, wq.Or):
        # One word's fuzzy terms (one a field) are siblings: the parser flattens their Or.
        words: dict[tuple[str, int, float], list[wq.FuzzyTerm]] = {}
        others = []
        for sub in q.subqueries:
            if isinstance(sub, wq.FuzzyTerm):
                words.setdefault((sub.text, sub.maxdist, sub.boost), []).append(sub)
            else:
                others.append(_typed_first(sub))
        subs = others + [_with_typed(fuzzies) for fuzzies in words.values()]
        return wq.Or(subs, boost=q.boost, minmatch=q.minmatch, scale=q.scale)
    return q.apply(_typed_first)


def _with_typed(fuzzies: list[wq.FuzzyTerm]) -> wq.Query:
    typed = wq.Or([wq.Term(fuzzy.fieldname, fuzzy.text) for fuzzy in fuzzies])
    return wq.Or([*fuzzies, wq.ConstantScoreQuery(typed, TYPED_WORD_BONUS)])


def _is_every_document(q: wq.Query) -> bool:
    return isinstance(q, wq.Every) and q.fieldname is None


def _lift_negations(q: wq.Query) -> wq.Query:
    """Whoosh puts ``NOT x`` inside an OR group as "or not x", which matches nearly everything.

    Rewrite every ``Or([a, b, Not(x), Not(y)])`` as ``AndNot(Or([a, b]), Or([x, y]))``, and a
    group of negations only, ``Or([Not(x), Not(y)])``, as ``Not(Or([x, y]))``: NOT always
    excludes, and each NOT excludes more (``NOT x NOT y`` was "not x, or not y"). As in
    Lucene, a negated clause of a group in parentheses only excludes from the rest of that
    group: ``(herd -zebra) OR lion`` is herd without zebra, or lion; outside parentheses, from
    all the clauses ``OR`` and spaces join: ``herd OR -zebra`` is herd without zebra, and so is
    ``herd -zebra OR lion`` (herd or lion, without zebra). Groups at every depth are rewritten
    so, negated ones too (QA bug 4: ``-(zebra -herd)`` found nothing), and ``Not(Not(x))`` is
    ``x``. A group of negations only is every document without them, as at the top:
    ``(-zebra) OR lion`` is every document without zebra, or lion.
    """
    if isinstance(q, wq.Not):
        inner = _lift_negations(q.query).normalize()  # "((-a))" is "-a" here too
        return inner.query if isinstance(inner, wq.Not) else wq.Not(inner, boost=q.boost)
    if isinstance(q, wq.CompoundQuery):
        kind = wq.Or if isinstance(q, _Grouped) else q.__class__
        clauses = _clauses(q)
        children = [_lift_negations(clause) for clause in clauses]
        # A group of negations only, "(-a -b)", is every document without them: in an OR, a
        # clause like any other, not an exclusion from its neighbours (QA round 4). In an AND
        # it excludes, which finds the same documents and adds no score to them.
        excludes = [
            isinstance(child, wq.Not) and (kind is not wq.Or or not isinstance(clause, _Grouped))
            for clause, child in zip(clauses, children, strict=True)
        ]
        negated = [c.query for c, out in zip(children, excludes, strict=True) if out]
        kept = [c for c, out in zip(children, excludes, strict=True) if not out]
        if not negated:
            return kind(children, boost=q.boost)
        excluded = negated[0] if len(negated) == 1 else wq.Or(negated)
        if not kept:
            return wq.Not(excluded)
        positive = kind(kept, boost=q.boost) if len(kept) > 1 else kept[0]
        return _AndNot(positive, excluded)
    return q.apply(_lift_negations)


def _clauses(q: wq.CompoundQuery) -> list[wq.Query]:
    """The clauses of ``q`` with those of the groups of its kind inside it, as normalizing
    would merge them (the groups ``OR`` and the parser make), but not those of a group typed in
    parentheses; stop words and phrases of stop words left out, as normalizing does:
    ``the -zebra`` is every document without zebra."""
    kind = wq.Or if isinstance(q, wq.Or) else q.__class__
    found: list[wq.Query] = []
    for child in q.subqueries:
        if child.normalize() is wq.NullQuery:  # a stop word, "to be", (the)
            continue
        if isinstance(child, kind) and not isinstance(child, _Grouped):
            inner = _clauses(child)
            boost = child.boost
            found += inner if boost == 1 else [c.with_boost(c.boost * boost) for c in inner]
        else:
            found.append(child)
    return found


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
