from __future__ import annotations

import pytest

from scrapers.boilerplate import SiteRule
from scrapers.clean_text import boilerplate_reason, clean_lines, normalize, preview


@pytest.mark.parametrize(
    "line",
    [
        "Kindly Share This Story:",
        "Share this:",
        "Click to share on Twitter (Opens in new window)",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Post Comment",
        "Cancel reply",
        "Related Post",
        "Related Posts",
        "Like this:",
        "Loading...",
        "amehnews greetings",
    ],
    ids=lambda s: s[:24],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert boilerplate_reason(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Aleppo is experiencing a descent into hell.",
        "Share prices fell by a third on Tuesday.",
        "He said: “Leave a reply on my desk.”",
    ],
    ids=["story", "share-in-sentence", "phrase-in-quote"],
)
def test_story_lines_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_normalize_strips_decoration() -> None:
    assert normalize("  Loading... ") == "loading"
    assert normalize("Required fields are marked *") == "required fields are marked"


def test_repeated_caption_is_kept_once() -> None:
    title, kept, dropped = clean_lines("T\n\nCaption (AFP)\nCaption (AFP)\n\nStory.")
    assert (title, kept) == ("T", ["Caption (AFP)", "Story."])
    assert [d.reason for d in dropped] == ["repeated line (a caption scraped twice)"]


def test_site_phrases_are_dropped_or_kept() -> None:
    rule = SiteRule(hosts=("example.com",), drop_lines=frozenset({"good night"}),
                    keep_lines=frozenset({"share"}))
    assert clean_lines("T\n\nShare\n\nStory.\n\nGood night", rule)[1] == ["Share", "Story."]
    assert clean_lines("T\n\nShare\n\nStory.\n\nGood night")[1] == ["Story.", "Good night"]


def test_empty_text() -> None:
    assert clean_lines("  \n\n") == ("", [], [])


@pytest.mark.parametrize(
    "line",
    ["Caption", "Close", "1 of 6", "Additional reporting by Joseph Hudak",
     "Keith Bradsher contributed reporting from Hong Kong.", "paul.takahashi@chron.com",
     "twitter.com/paultakahashi", "Tempo de leitura: 2 minutos", "4 min read"],
    ids=["caption", "close", "counter", "additional-reporting", "contributed", "email",
         "twitter", "reading-time-pt", "reading-time-en"],
)
def test_news_page_chrome_lines(line: str) -> None:
    assert boilerplate_reason(line) is not None


def test_preview_is_one_short_line() -> None:
    assert preview("a\n  b") == "a b"
    assert len(preview("x" * 500)) == 80
