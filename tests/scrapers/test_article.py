"""Article: the one place every source's text becomes a record, so the place it is checked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from scrapers import Article, extract


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "surrogate \ud800"},
        {"body": "a \udc00 b"},
        {"site": "\udfff"},
        {"url": "https://x.test/\ud800"},
        {"language": "e\ud800"},
        {"authors": ("Jane \ud800",)},
    ],
    ids=["title", "body", "site", "url", "language", "authors"],
)
def test_a_lone_surrogate_is_refused_naming_the_field(fields: dict[str, Any]) -> None:
    # It used to be accepted, then content_hash raised UnicodeEncodeError and ended the run.
    name = next(iter(fields))
    with pytest.raises(ValueError, match=f"'{name}' holds a lone surrogate"):
        Article(**fields)


def test_a_surrogate_pair_is_a_character() -> None:
    article = Article(title="smile \U0001f600")
    assert len(article.content_hash) == 32


def test_json_ld_with_a_lone_surrogate_keeps_the_page() -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "H \\ud800"}</script></head><body><p>Text.</p></body></html>'
    )
    assert extract(page).title == "H \ufffd"


def test_text_fields_must_be_str() -> None:
    with pytest.raises(TypeError, match="'site' must be a str, not list"):
        Article(site=["a", "b"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not one str"):
        Article(authors="Jane Roe")  # type: ignore[arg-type]
    # A str date got as far as indexing, which raised AttributeError (QA).
    with pytest.raises(TypeError, match="published must be a date or datetime, not str"):
        Article(published="2016-11")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"site": ["a", "b"]}, "'site' must be a string, not a list"),
        ({"title": 123}, "'title' must be a string, not a number"),
        ({"body": {"text": "x"}}, "'body' must be a string, not an object"),
        ({"url": True}, "'url' must be a string, not true or false"),
        ({"language": ["en"]}, "'language' must be a string, not a list"),
        ({"authors": ["Jane", 5]}, "'authors' must be a string or a list of strings"),
        ({"authors": {"name": "Jane"}}, "'authors' must be a string or a list of strings"),
        ({"published": 20161129}, "'published' must be an ISO 8601 string, not a number"),
        ({"published": "2019"}, r"'published' must be a date \(YYYY-MM-DD\) or a date and time"),
        ({"published": "yesterday"}, "in ISO 8601, not 'yesterday'"),
    ],
    ids=[
        "site-list",
        "title-number",
        "body-object",
        "url-bool",
        "language",
        "authors-mixed",
        "authors-object",
        "published-number",
        "published-year",  # was "Invalid isoformat string: '2019'" (QA round 4)
        "published-word",
    ],
)
def test_from_dict_refuses_values_of_the_wrong_type(data: dict[str, Any], message: str) -> None:
    # A list as site was stored as the text "['a', 'b']" and counted in the facets.
    with pytest.raises(ValueError, match=message):
        Article.from_dict(data)


def test_from_dict_takes_strings_names_and_nulls() -> None:
    article = Article.from_dict(
        {"title": "T", "body": None, "authors": ["Jane", "", "John"], "published": "2016-11-29"}
    )
    assert article == Article(title="T", authors=("Jane", "John"), published=date(2016, 11, 29))
    assert Article.from_dict({"authors": "Jane Roe"}).authors == ("Jane Roe",)
    assert Article.from_dict(article.to_dict()) == article
    # A blank date is no date, as "" is (it was refused, quoting '').
    assert Article.from_dict({"published": "  "}).published is None


def test_blank_author_names_are_none() -> None:
    # Search hits listed "" as an author; get() of the same story did not (QA).
    assert Article(body="x", authors=("", "Ann Lee", "  ")).authors == ("Ann Lee",)
