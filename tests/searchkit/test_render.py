"""render: snippets for a terminal and for HTML, results text with copies, facets, suggestion."""

from __future__ import annotations

from dataclasses import replace

from scrapers import Article
from searchkit import Copy, FacetCount, Hit, SearchResults, render

HIT = Hit(
    id="u:1",
    score=1.0,
    title="Tom & Jerry",
    url="https://x.example/a",
    site="Wire",
    published=None,
    snippet="<b>Cats</b> & mice: cats win",
    highlights=((3, 7), (20, 24)),
    also_at=(Copy(id="u:2", url="https://y.example/a", site="Post"),),
)


def test_snippet_html_escapes_text_and_marks_matches() -> None:
    assert render.snippet_html(HIT) == (
        "&lt;b&gt;<mark>Cats</mark>&lt;/b&gt; &amp; mice: <mark>cats</mark> win"
    )


def test_snippet_terminal_bolds_matches() -> None:
    assert render.snippet_terminal(HIT) == [
        "<b>\x1b[1mCats\x1b[0m</b> & mice: \x1b[1mcats\x1b[0m win"
    ]


def test_snippet_terminal_wraps_at_the_width_and_keeps_the_bold() -> None:
    # A long snippet ran past the terminal's edge, back to column 0 under the indented hit.
    hit = replace(
        HIT,
        snippet="Aleppo is in a\ndescent into hell, a massacre-in-waiting; Aleppo",
        highlights=((0, 6), (15, 32), (36, 44)),
    )
    bold = "\x1b[1m{}\x1b[0m".format
    assert render.snippet_terminal(hit, 20) == [
        f"{bold('Aleppo')} is in a",
        f"{bold('descent into hell')}, a",
        f"{bold('massacre')}-in-waiting;",
        "Aleppo",
    ]
    assert render.snippet_terminal(hit, 5)[3:5] == [bold("descent"), bold("into")]
    # Letters written without spaces, two columns each, break anywhere (review: one line).
    east = replace(HIT, snippet="東京の天気は晴れです。大阪では雨", highlights=((0, 2),))
    assert render.snippet_terminal(east, 10) == [
        f"{bold('東京')}の天気",
        "は晴れです",
        "。大阪では",
        "雨",
    ]
    # Through a pipe (no width), one line, however many columns its letters take (QA).
    assert render.snippet_terminal(east) == [f"{bold('東京')}の天気は晴れです。大阪では雨"]
    text = render.results_text(SearchResults(query="aleppo", total=1, hits=(hit,)), width=23)
    assert f"\n   {bold('massacre')}-in-waiting;\n   Aleppo\n" in text


def test_results_text_lists_copies_facets_and_suggestion() -> None:
    results = SearchResults(
        query="cats",
        total=1,
        hits=(HIT,),
        facets={"site": (FacetCount("Wire", 1),)},
        suggestion="cat",
    )
    text = render.results_text(results)
    assert "also at: Post" in text
    assert "site:\n       1  Wire" in text
    assert text.endswith("Did you mean: cat")


def test_warnings_text() -> None:
    results = SearchResults(query="a*", total=0, hits=(), warnings=("too many",))
    assert render.warnings_text(results) == "warning: too many"


def test_terminal_text_leaves_out_control_characters() -> None:
    """Stored text may hold control characters; printed as they are, they clear the screen or
    retitle the window (QA round 4). Only the renderer's own bold is left."""
    title, site = "Boat \x1b]0;pwned\x07 news", "Wire\x1b[5m"
    hit = Hit(
        id="u:1",
        score=1.0,
        title=title,
        url="https://x.example/a\r",
        site=site,
        published=None,
        snippet="a boat\x1b[2J\b\x9b sank\tthen",
        highlights=((2, 6),),
        also_at=(Copy(id="u:2", url="", site=site),),
    )
    results = SearchResults(
        query="boat", total=1, hits=(hit,), facets={"site": (FacetCount(site, 1),)}
    )
    text = render.results_text(results)
    bold = ("\x1b[1m", "\x1b[0m")
    for sequence in bold:
        text = text.replace(sequence, "")
    assert not any(ch in text for ch in "\x1b\x07\x08\r\x9b")
    assert "Boat ]0;pwned news" in text and "a boat[2J sank then" in text
    assert "also at: Wire[5m" in text and "Wire[5m · https://x.example/a" in text


def test_article_text_leaves_out_control_characters() -> None:
    article = Article(title="Boat\x1b[2J", body="Line one\x07.\n\nLine\ttwo.", site="W\x9b")
    assert render.article_text(article) == (
        "Title:     Boat[2J\nSite:      W\n\nLine one.\n\nLine\ttwo."
    )


def test_copies_name_each_site_once() -> None:
    # A site with three copies was named three times (QA).
    copies = tuple(
        Copy(id=f"u:{i}", url=f"https://{site.lower()}.example/{i}", site=site)
        for i, site in enumerate(["Wire", "Guardian", "Wire", "Guardian", ""])
    )
    hit = replace(HIT, also_at=copies)
    text = render.results_text(SearchResults(query="cats", total=1, hits=(hit,)))
    assert text.endswith("also at: Wire, Guardian, https://.example/4")


def test_results_text_says_the_filters_and_the_pages() -> None:
    # A journalist saw no filters when there were hits, no way to the next page and not
    # which page is the last (QA).
    results = SearchResults(query="cats", total=25, hits=(HIT,), page=1, limit=10)
    text = render.results_text(results, filters="--site wire")
    assert text.startswith("25 documents match 'cats' with --site wire (showing 1–1):")
    assert "More: --page 2 (of 3)" in text
    past = replace(results, hits=(), page=9)
    assert render.results_text(past) == "No hits on page 9 (25 in all; the last is page 3)."
    assert "More:" not in render.results_text(replace(results, page=3))


def test_authors_with_a_comma_in_a_name_are_set_apart_by_semicolons() -> None:
    # "Jane Doe, Doe, John" read as three people (web page QA).
    assert render.names(["Jane Doe", "Doe, John"]) == "Jane Doe; Doe, John"
    assert render.names(["Jane Doe", "John Roe"]) == "Jane Doe, John Roe"
    hit = replace(HIT, authors=("Jane Doe", "Doe, John"))
    text = render.results_text(SearchResults(query="cats", total=1, hits=(hit,)))
    assert "Wire · Jane Doe; Doe, John · https://x.example/a" in text
