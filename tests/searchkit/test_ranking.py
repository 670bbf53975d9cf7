"""ranking: the scoring model (issue 5)."""

from __future__ import annotations

from math import log

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.util.numeric import byte_to_length, length_to_byte

from scrapers import Article
from searchkit import Archive
from searchkit.ranking import K1, TITLE_B, TITLE_WEIGHT, B, NewsBM25F, weighting
from searchkit.schema import build_schema, to_fields


def test_idf_is_positive_and_falls_with_document_frequency() -> None:
    index = RamStorage().create_index(build_schema())
    with index.writer() as writer:
        for i, body in enumerate(["common rare", "common", "common", "common"]):
            writer.add_document(**to_fields(f"d{i}", Article(title="", body=body)))
    with index.searcher(weighting=weighting()) as searcher:
        model = searcher.weighting
        assert isinstance(model, NewsBM25F)
        rare = model.idf(searcher, "body", "rare")
        common = model.idf(searcher, "body", "common")
    assert rare > common > 0


def test_common_words_do_not_outweigh_rare_ones(archive: Archive) -> None:
    filler = [Article(title="", body=f"the report said {i}", url=f"u:{i}") for i in range(20)]
    archive.add_many(
        [
            *filler,
            Article(title="", body="report said report said report said", url="u:common"),
            Article(title="", body="an armistice", url="u:rare"),
        ]
    )
    assert archive.search("armistice report said").hits[0].url == "u:rare"


def test_a_word_saturates_once_over_title_and_body(archive: Archive) -> None:
    # BM25F (issue 5): the word's frequencies in title and body are summed before saturation, so
    # its score stays below idf * (K1 + 1), where per-field scores added would pass it.
    filler = [Article(title="News", body=f"a report {i}", url=f"u:{i}") for i in range(20)]
    archive.add_many([*filler, Article(title="Aleppo", body="aleppo " * 30, url="u:both")])
    with archive._checkout() as current:
        model = current.weighting
        assert isinstance(model, NewsBM25F)
        bound = model.word_idf(current, ("title", "body"), "aleppo") * (K1 + 1)
    hit = archive.search("aleppo").hits[0]
    assert hit.url == "u:both"
    assert hit.score < bound


def test_a_words_score_is_bm25f_computed_by_hand(archive: Archive) -> None:
    # The bulk path and Whoosh share one implementation of a Word's score, so this checks the
    # formula itself (issue 5): field frequencies weighted and length-normalised, summed, then
    # saturated once with the Robertson–Spärck Jones idf of the word's larger document frequency.
    archive.add_many(
        [
            Article(title="Aleppo", body="aleppo siege today", url="u:1"),
            Article(title="Markets", body="a market report on aleppo", url="u:2"),
            Article(title="Weather", body="rain again", url="u:3"),
        ]
    )
    with archive._checkout() as current:
        n = current.doc_count_all()
        title_avg = current.avg_field_length("title")
        body_avg = current.avg_field_length("body")
        df = max(current.doc_frequency("title", "aleppo"), current.doc_frequency("body", "aleppo"))

    def stored(length: int) -> float:  # Whoosh keeps a field's length in one byte
        return float(byte_to_length(length_to_byte(length)))

    title_tf = TITLE_WEIGHT * 1 / ((1 - TITLE_B) + TITLE_B * stored(1) / title_avg)
    body_tf = 1 / ((1 - B) + B * stored(3) / body_avg)  # aleppo, siege, today
    tf = title_tf + body_tf
    idf = log(1 + (n - df + 0.5) / (df + 0.5))
    expected = idf * tf * (K1 + 1) / (tf + K1)
    hit = archive.search("aleppo").hits[0]
    assert hit.url == "u:1"
    assert hit.score == pytest.approx(expected)
