"""snippets: passages around the matched words, with their spans."""

from __future__ import annotations

from searchkit.analysis import news_analyzer
from searchkit.snippets import MAX_CHARS, snippet

STORY = (
    "Bakers in Lyon walked out over pay on Monday. "
    + "The city was quiet. " * 20
    + "By evening the striking bakers had closed every bakery in the old town."
)


def test_marks_every_form_of_the_words() -> None:
    found = snippet("Striking bakers struck; a baker strikes.", frozenset({"baker", "strike"}),
                    news_analyzer())  # fmt: skip
    marked = [found.text[a:b] for a, b in found.spans]
    assert marked == ["Striking", "bakers", "baker", "strikes"]


def test_takes_the_best_passages_of_a_long_body() -> None:
    found = snippet(STORY, frozenset({"baker", "strike"}), news_analyzer())
    assert found.text.startswith("Bakers in Lyon") and " … " in found.text
    assert "striking bakers" in found.text and len(found.text) < 2 * MAX_CHARS + 10
    assert {found.text[a:b].lower() for a, b in found.spans} == {"bakers", "striking"}


def test_opening_when_no_word_matches() -> None:
    found = snippet(STORY, frozenset({"aleppo"}), news_analyzer())
    assert found.text.startswith("Bakers in Lyon walked out") and found.spans == ()
