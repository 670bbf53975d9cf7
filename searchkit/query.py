"""User query string → Whoosh Query.

The syntax is Whoosh's, checked first so that a typo fails with one clear message instead of
silently matching nothing: words, ``"exact phrases"``, ``"near words"~5``, ``AND``/``OR``/``NOT``,
``-word``, parentheses, ``field:value`` (title, body, site, author, url, published),
``prefix*``, ``fuzzy~``, date ranges ``published:[2016-11-01 TO 2016-12-31]`` and
``published:2016-11``.

Plain words are looked up in title and body and scored over both at once (a ``Word``, title
weighted above body: see ``searchkit.ranking``). A document that holds
every word of the query ranks above one that holds only some, and one that holds them as the
phrase the user typed ranks above that (issue 3, issue 5): both are constant-score bonus clauses
added to the ranked OR of the words, so documents with only some words are still found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import (
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldPlugin,
    OrGroup,
    PrefixPlugin,
    QueryParser,
    WildcardPlugin,
)
from whoosh.qparser.syntax import TextNode, attach

from searchkit.analysis import fold
from searchkit.errors import QueryError
from searchkit.ranking import ALL_WORDS_BONUS, PHRASE_BONUS
from searchkit.schema import FIELD_ALIASES, TEXT_FIELDS
from searchkit.words import Word

#: Query-time boosts of the fields a plain word is looked up in. Both 1: the title counts more
#: through the BM25F field weights of ``searchkit.ranking`` (issue 5). An extra boost of the
#: title's score over-rewarded headline words: AP88 dev nDCG@10 (per-field BM25 K1 1.2, B 0.75)
#: with title boost 2.0 / 1.0 / 0.5: 0.475 / 0.498 / 0.494; Cranfield 0.382 / 0.386.
FIELD_BOOSTS = {"title": 1.0, "body": 1.0}


_OPERATORS = {"AND", "OR", "NOT"}
_BINARY = {"AND", "OR"}
_TOKEN = re.compile(r'[^\s()"]*"[^"]*"(?:~\d+)?|[()]|[^\s()"]+')
_MINUS = re.compile(r"(^|[\s(])-(?=[^\s\-])")
_WORD = re.compile(r"\w+")


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
    parentheses and for operators with nothing to apply to. With ``lenient=True`` such a query
    searches the words the user typed instead.
    """
    if not text.strip():
        raise QueryError("the query is empty", query=text, position=0)
    try:
        tokens = _check_syntax(text)
        rewritten = _rewrite_minus(text)
    except QueryError:
        if not lenient:
            raise
        tokens = [w for w in _WORD.findall(text) if w not in _OPERATORS]
        if not tokens:
            raise
        rewritten = " ".join(tokens)
    parser = _parser(schema)
    parsed = _lift_negations(_words(parser.parse(rewritten)))
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
    parser.add_plugin(MultifieldPlugin(list(FIELD_BOOSTS), fieldboosts=FIELD_BOOSTS))
    parser.add_plugin(FuzzyTermPlugin())
    aliases: dict[str, list[str]] = {}
    for alias, field in FIELD_ALIASES.items():
        if alias != field:
            aliases.setdefault(field, []).append(alias)
    parser.add_plugin(FieldAliasPlugin(aliases))
    parser.remove_plugin_class(WildcardPlugin)
    parser.add_plugin(_FoldedWildcardPlugin())
    return parser


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


def _rewrite_minus(text: str) -> str:
    """``-word`` (and ``-"a phrase"``) excludes: rewritten to Whoosh's ``NOT``, outside quotes."""
    parts = text.split('"')
    for i in range(0, len(parts), 2):  # even parts are outside quotes
        parts[i] = _MINUS.sub(r"\1NOT ", parts[i])
    return '"'.join(parts)


def _lift_negations(q: wq.Query) -> wq.Query:
    """Whoosh puts ``NOT x`` inside an OR group as "or not x", which matches nearly everything.

    Rewrite every ``Or([a, b, Not(x)])`` as ``AndNot(Or([a, b]), x)``: NOT always excludes.
    """
    if isinstance(q, wq.CompoundQuery):
        children = [_lift_negations(child) for child in q.subqueries]
        negated = [child.query for child in children if isinstance(child, wq.Not)]
        kept = [child for child in children if not isinstance(child, wq.Not)]
        if negated and kept:
            positive = q.__class__(kept, boost=q.boost) if len(kept) > 1 else kept[0]
            excluded = negated[0] if len(negated) == 1 else wq.Or(negated)
            return wq.AndNot(positive, excluded)
        return q.__class__(children, boost=q.boost)
    return q


def _check_syntax(text: str) -> list[str]:
    """Split the query into tokens, raising QueryError at the first syntax problem."""
    if text.count('"') % 2:
        position = text.rfind('"')
        raise QueryError(
            f"unbalanced quote at position {position + 1}", query=text, position=position
        )
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
        elif ch in ")]}":
            if depth == 0:
                raise QueryError(f"unmatched '{ch}' at position {i + 1}", query=text, position=i)
            depth -= 1
            open_at.pop()
    if open_at:
        raise QueryError(
            f"unclosed '{text[open_at[-1]]}' at position {open_at[-1] + 1}",
            query=text,
            position=open_at[-1],
        )
    found = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in found]
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        dangling_after = after is None or after == ")" or after in _BINARY
        if token in _BINARY and (
            before is None or before == "(" or before in _OPERATORS or dangling_after
        ):
            raise QueryError(
                f"'{token}' needs a word on each side", query=text, position=found[i].start()
            )
        if token == "NOT" and dangling_after:
            raise QueryError("'NOT' needs a word after it", query=text, position=found[i].start())
        if token.endswith(":") and (after is None or after == ")"):
            raise QueryError(
                f"'{token}' needs a value after the colon", query=text, position=found[i].start()
            )
    if all(t in _OPERATORS or t in "()" or t.startswith("-") for t in tokens):
        raise QueryError(
            "the query only excludes words; add a word to search for", query=text, position=0
        )
    return tokens
