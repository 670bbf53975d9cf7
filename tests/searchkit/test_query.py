"""query.parse: syntax checks with positions, lenient fallback, bonus clauses, negation."""

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import query as wq

from searchkit import QueryError
from searchkit.query import parse
from searchkit.schema import build_schema

SCHEMA = build_schema()


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ('"descent into', "unbalanced quote", 0),
        ("(aleppo OR syria", "unclosed '('", 0),
        ("aleppo)", "unmatched ')'", 6),
        ("aleppo AND", "'AND' needs a word on each side", 7),
        ("OR aleppo", "'OR' needs a word on each side", 0),
        ("aleppo NOT", "'NOT' needs a word after it", 7),
        ("title:", "needs a value", 0),
        ("   ", "empty", 0),
        ("-aleppo", "only excludes", 0),
    ],
    ids=[
        "quote",
        "open-paren",
        "close-paren",
        "and-end",
        "or-start",
        "not-end",
        "field",
        "empty",
        "only-not",
    ],
)
def test_malformed_queries_say_what_and_where(text: str, message: str, position: int) -> None:
    with pytest.raises(QueryError, match=re.escape(message)) as caught:
        parse(text, SCHEMA)
    assert caught.value.position == position
    assert caught.value.query == text


def test_lenient_searches_the_words() -> None:
    parsed = parse('"descent into (hell', SCHEMA, lenient=True)
    assert parsed.words == ("descent", "into", "hell")


def test_plain_words_get_all_words_and_phrase_bonuses() -> None:
    parsed = parse("east aleppo", SCHEMA).query
    assert isinstance(parsed, wq.Or)
    bonuses = [q for q in parsed.subqueries if isinstance(q, wq.ConstantScoreQuery)]
    assert len(bonuses) == 2


def test_one_word_gets_no_bonus() -> None:
    leaves = parse("aleppo", SCHEMA).query.leaves()
    assert not any(isinstance(q, wq.ConstantScoreQuery) for q in leaves)


def test_not_inside_or_excludes() -> None:
    assert isinstance(parse("aleppo NOT bakers", SCHEMA).query, wq.AndNot)


def test_hyphenated_words_are_not_negations() -> None:
    assert "NOT" not in repr(parse("al-Basha", SCHEMA).query)


@given(st.text(max_size=40))
def test_parse_raises_nothing_but_query_error(text: str) -> None:
    with contextlib.suppress(QueryError):
        parse(text, SCHEMA)
