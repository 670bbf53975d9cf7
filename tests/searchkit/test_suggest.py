"""suggest.suggestion: rare words respelled from the index vocabulary, endings put back."""

from __future__ import annotations

import pytest

from scrapers import Article
from searchkit import Archive
from searchkit.suggest import suggestion


@pytest.fixture
def reader(archive: Archive):  # type: ignore[no-untyped-def]  # yields a Whoosh reader
    body = "The ferry massacres near the harbour. Ferry crews and the harbour police."
    archive.add_many(
        [Article(title=f"Story {n}", body=body, url=f"u:{n}") for n in range(12)]
        + [Article(title="Odd", body="A harbor spelled the other way.", url="u:odd")]
    )
    with archive._checkout() as searcher:
        yield searcher.reader()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("masacres", "massacres"),  # the typed ending is put back on the respelled stem
        ("feryy crews", "ferry crews"),  # Porter's y → i undone
        ('"harbuor police"', '"harbour police"'),  # inside a phrase, quotes kept
        ("ferry", None),  # nothing to respell
        ("harbor", "harbour"),  # a rare spelling one edit from a far commoner one
        ("site:feryy", None),  # field values are left alone
        ("feryy AND crews", "ferry AND crews"),
        ("zzzzzz", None),  # nothing near it
    ],
    ids=["ending", "y-to-i", "phrase", "known", "rare-variant", "field", "operator", "nothing"],
)
def test_suggestion(reader, text: str, expected: str | None) -> None:  # type: ignore[no-untyped-def]
    assert suggestion(reader, text) == expected
