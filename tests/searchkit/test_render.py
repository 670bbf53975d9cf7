"""render: snippets for a terminal and for HTML, results text with copies, facets, suggestion."""

from __future__ import annotations

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
    assert (
        render.snippet_terminal(HIT) == "<b>\x1b[1mCats\x1b[0m</b> & mice: \x1b[1mcats\x1b[0m win"
    )


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
