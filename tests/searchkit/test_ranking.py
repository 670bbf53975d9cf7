"""ranking: the scoring model (issue 5)."""

from __future__ import annotations

from whoosh.filedb.filestore import RamStorage

from scrapers import Article
from searchkit import Archive
from searchkit.ranking import K1, NewsBM25F, weighting
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
