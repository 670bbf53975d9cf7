"""words: plain-words queries ranked in bulk, exactly as Whoosh ranks their bonus query."""

from __future__ import annotations

import zlib
from collections import Counter
from pickle import dumps

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.searching import Searcher

from scrapers import Article
from searchkit import Archive, store
from searchkit.codec import PackedInts, PackedPositions
from searchkit.query import parse
from searchkit.words import _Block, _ids_and_weights, expand, rank, words_of

BODIES = [
    "east aleppo under siege",
    "aleppo east of the river",
    "east coast storms",
    "aleppo aleppo aleppo",
    "the east aleppo front and east aleppo again",
    "nothing here",
    "an east wind over aleppo",
]


@pytest.fixture
def segmented(archive: Archive) -> Archive:
    """Articles over three segments (one batch each), one of them deleted."""
    for batch in (BODIES[:3], BODIES[3:5], BODIES[5:]):
        archive.add_many(
            Article(title="Aleppo" if "siege" in body else "", body=body, url=f"u:{body}")
            for body in batch
        )
    assert archive.delete(archive.search('"east wind"').hits[0].id)
    return archive


@pytest.mark.parametrize(
    "text",
    [
        "east aleppo",
        "aleppo",
        "aleppo east siege",
        "the east",
        "east east aleppo",
        "missing east",
        '"east aleppo"',
        'siege "aleppo east"',
        '"aleppo aleppo"',
        '"missing east"',
        "title:aleppo east",
        "east OR aleppo",
        '"east of the river"',
        '"aleppo the river"',
        "aleppo east of the river",
        '"east the under"',
    ],
    ids=[
        "two-words",
        "one-word",
        "three-words",
        "stop-word",
        "repeated",
        "unknown-word",
        "phrase",
        "word-and-phrase",
        "repeated-in-phrase",
        "unknown-in-phrase",
        "field",
        "or",
        "stop-words-in-phrase",
        "stop-word-not-in-place",
        "plain-words-with-stop-words",
        "stop-word-in-place-of-a-word",
    ],
)
def test_ranks_like_whoosh(segmented: Archive, text: str) -> None:
    with segmented._checkout() as current:
        got, expected = bulk_and_whoosh(current, text)
    assert got == expected
    assert got or text in ('"missing east"', '"aleppo the river"')


def test_words_of_chinese_letters_rank_in_bulk_like_whoosh(archive: Archive) -> None:
    # Each is the phrase of its letters: a query of two went to Whoosh's phrase matchers, twice,
    # and took over a second on 1,500 stories.
    bodies = ["东京天气晴朗", "天气不好，东京下雨", "京都的东边", "东京", "今天天气"]
    archive.add_many(Article(title="", body=body, url=f"u:{body}") for body in bodies)
    with archive._checkout() as current:
        assert words_of(parse("东京 天气", current.schema)) is not None
        got, expected = bulk_and_whoosh(current, "东京 天气")
    assert got == expected
    assert len(got) == 4  # not 京都的东边


def test_phrase_documents_rank_above_all_words_above_some(segmented: Archive) -> None:
    urls = [hit.url for hit in segmented.search("east aleppo", collapse=False)]
    assert set(urls[:2]) == {
        "u:the east aleppo front and east aleppo again",
        "u:east aleppo under siege",
    }
    assert urls[2] == "u:aleppo east of the river"  # all words, not as the phrase
    assert set(urls[3:]) == {"u:aleppo aleppo aleppo", "u:east coast storms"}


def test_filters_limit_the_ranking_and_the_count(segmented: Archive) -> None:
    with segmented._checkout() as current:
        parsed = parse("east aleppo", current.schema)
        words = words_of(parsed)
        assert words is not None
        allowed = np.zeros(current.doc_count_all(), dtype=np.bool_)
        allowed[0] = True
        ranked = rank(current, words, allowed)
    assert ranked.docs.tolist() == [0]


@pytest.mark.parametrize(
    "text", ["aleppo*", "east -aleppo", "east AND aleppo", '"east aleppo"~3', "site:lyon"]
)
def test_other_queries_are_left_to_whoosh(segmented: Archive, text: str) -> None:
    with segmented._checkout() as current:
        assert words_of(parse(text, current.schema)) is None


@pytest.mark.parametrize(
    "codec", [store.WRITER_OPTIONS["codec"], W3Codec()], ids=["packed", "whoosh"]
)
def test_reads_long_posting_lists_block_by_block(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, codec: W3Codec
) -> None:
    # Whoosh pickles a block of 1, 2 or 3 postings unlike a longer one: "tail1" to "tail3" end
    # in such blocks (after a full one), in searchkit's layout and in plain Whoosh's.
    monkeypatch.setitem(store.WRITER_OPTIONS, "codec", codec)
    full = codec._blocklimit
    bodies = [
        " ".join(
            ["common"] * (1 + i % 4)
            + [f"tail{k}" for k in (1, 2, 3) if i < full + k]
            + (["once"] if i == 7 else [])
        )
        for i in range(full + 3)
    ]
    archive.add_many(Article(title="", body=b, url=f"u:{i}") for i, b in enumerate(bodies))
    with archive._checkout() as current:
        for text in ("common once", "tail1 tail2", "tail3", "once", "common tail3"):
            got, expected = bulk_and_whoosh(current, text)
            assert got == expected and got, text


@pytest.mark.parametrize("top_id", [200, 60_000, 2_000_000_000])
@pytest.mark.parametrize("top_weight", [3, 60_000, 3_000_000_000])
@pytest.mark.parametrize("packed", [True, False], ids=["packed", "whoosh"])
def test_reads_ids_and_weights_of_any_width(
    monkeypatch: pytest.MonkeyPatch, top_id: int, top_weight: int, packed: bool
) -> None:
    # Only a block's first bytes are inflated for its ids and weights, more when packed arrays
    # of wide numbers (or Whoosh's tuples) need them; the positions after are never unpickled.
    monkeypatch.setattr(_Block, "data", lambda _block: pytest.fail("the whole block was read"))
    count = 512
    ids = np.linspace(0, top_id, count).astype(np.int64)
    weights = np.linspace(1, top_weight, count).astype(np.int64)
    positions = PackedPositions(np.ones(count, dtype=np.int64), np.arange(count) * 7)
    if packed:
        block = (PackedInts(ids), PackedInts(weights), positions)
    else:
        block = (tuple(ids.tolist()), tuple(map(float, weights.tolist())), tuple(positions))
    got_ids, got_weights = _ids_and_weights(
        _Block(zlib.compress(dumps(block, 2)), None, compressed=True), count
    )
    assert list(got_ids) == ids.tolist()
    assert list(got_weights) == weights.tolist()


def bulk_and_whoosh(current: Searcher, text: str) -> tuple[dict[int, float], dict[int, float]]:
    """Each matching document's score from the bulk path and from Whoosh's own search."""
    parsed = parse(text, current.schema)
    words = words_of(parsed)
    assert words is not None
    expected = {hit.docnum: round(hit.score, 9) for hit in current.search(parsed.query, limit=None)}
    ranked = rank(current, words, None)
    got = dict(zip(ranked.docs.tolist(), ranked.scores.round(9).tolist(), strict=True))
    return got, expected


def test_feedback_lifts_documents_on_the_topic_of_the_first_ones(archive: Archive) -> None:
    # RM3 (issue 5): the best matches for "aleppo" are about shelling, so of two stories that
    # name aleppo once, the one about shelling ranks first; only matching documents count.
    filler = [Article(title="", body=f"market report {i}", url=f"u:f{i}") for i in range(40)]
    stories = {
        "u:a": "aleppo aleppo siege shelling",
        "u:b": "aleppo aleppo shelling siege night",
        "u:sport": "aleppo football today",
        "u:war": "aleppo shelling today",
    }
    archive.add_many(
        [*filler, *(Article(title="", body=body, url=url) for url, body in stories.items())]
    )
    plain = {hit.url: hit.score for hit in archive.search("aleppo", collapse=False)}
    assert plain["u:war"] == plain["u:sport"]  # without feedback: one word, same length
    results = archive.search("aleppo", collapse=False, feedback=True)
    urls = [hit.url for hit in results]
    assert results.total == 4
    assert urls.index("u:war") < urls.index("u:sport")
    with archive._checkout() as current:
        words = words_of(parse("aleppo", current.schema))
        assert words is not None
        first = rank(current, words, None)
        again = expand(current, words, first, lambda text: Counter(text.split()))
    assert again.docs.tolist() == first.docs.tolist()
    assert again.bonuses.tolist() == first.bonuses.tolist()
