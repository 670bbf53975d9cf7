"""extract() never fails on odd input: a page with no story is an empty body, not an error."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers import Article, DecodeError, extract

TAGS = st.sampled_from(["p", "div", "br", "a", "table", "td", "nav", "form", "script", "h1",
                        "article", "li", "ul", "span", "figure", "aside"])
FRAGMENT = st.one_of(
    st.text(max_size=40),
    TAGS.map(lambda t: f"<{t} class='x share'>"),
    TAGS.map(lambda t: f"</{t}>"),
    st.just("<br><br>"),
    st.just('<script type="application/ld+json">{"@type": "NewsArticle", "author": 5}</script>'),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(FRAGMENT, max_size=30).map("".join))
def test_any_text_gives_an_article(page: str) -> None:
    assert isinstance(extract(page, url="https://example.com/2019/11/18/x"), Article)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_bytes_give_an_article_or_a_decode_error(page: bytes) -> None:
    try:
        article = extract(page)
    except DecodeError:
        return
    assert isinstance(article, Article)
