from pathlib import Path

from whoosh import fields, index

from searchkit.termfilter import TermFilters


def _index(folder: Path, batches: list[list[str]]) -> index.Index:
    ix = index.create_in(str(folder), fields.Schema(id=fields.ID(stored=True, unique=True)))
    for ids in batches:  # one segment per batch
        writer = ix.writer()
        for doc_id in ids:
            writer.add_document(id=doc_id)
        writer.commit(merge=False)
    return ix


def _holding(filters: TermFilters, reader: object, texts: list[str]) -> dict[int, list[str]]:
    return {offset: found for _leaf, offset, found in filters.leaves_holding(reader, texts)}


def test_every_segment_holding_a_term_is_named_before_and_after_its_filter_is_built(
    tmp_path: Path,
) -> None:
    ix = _index(tmp_path, [["a", "b", "c"], ["d", "e"]])
    filters = TermFilters("id")
    with ix.searcher() as searcher:
        reader = searcher.reader()
        # Direct at first: every segment may hold anything.
        assert _holding(filters, reader, ["a"]) == {0: ["a"], 3: ["a"]}
        assert not filters._filters
        list(filters.leaves_holding(reader, ["x", "y"]))  # as many terms as documents: built
        assert len(filters._filters) == 2
        assert _holding(filters, reader, ["a", "zz"]) == {0: ["a"]}
        assert _holding(filters, reader, ["e", "b"]) == {0: ["b"], 3: ["e"]}
        assert _holding(filters, reader, ["nothing"]) == {}
        assert _holding(filters, reader, []) == {}


def test_filters_of_segments_gone_from_the_index_are_dropped(tmp_path: Path) -> None:
    ix = _index(tmp_path, [["a"], ["b"], ["c"]])
    filters = TermFilters("id")
    with ix.searcher() as searcher:
        for _ in range(2):
            list(filters.leaves_holding(searcher.reader(), ["a"]))
    assert len(filters._filters) == 3
    ix.optimize()  # one new segment replaces the three
    with ix.searcher() as searcher:
        assert _holding(filters, searcher.reader(), ["c"]) == {0: ["c"]}
    assert len(filters._filters) + len(filters._looked_up) == 1


def test_an_empty_index_is_looked_up_directly(tmp_path: Path) -> None:
    ix = _index(tmp_path, [])
    with ix.searcher() as searcher:
        assert _holding(TermFilters("id"), searcher.reader(), ["a"]) == {0: ["a"]}
