"""codec: positions packed per block read back as Whoosh wrote them, by Whoosh and in bulk."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec.whoosh3 import W3Codec
from whoosh.formats import Characters, Positions
from whoosh.index import open_dir

from scrapers import Article
from searchkit import Archive, store
from searchkit.codec import (
    NewsCodec,
    PackedInts,
    PackedPositions,
    restarting_cumsum,
)

from .test_words import BODIES, bulk_and_whoosh

POSITION_LISTS = st.lists(
    st.lists(st.integers(0, 2**31 - 2), min_size=1, max_size=40).map(sorted),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(POSITION_LISTS)
def test_packed_positions_give_back_each_value_and_survive_pickling(
    lists: list[list[int]],
) -> None:
    form = Positions()
    values = [form.encode(positions) for positions in lists]
    packed = pickle.loads(pickle.dumps(PackedPositions.pack(values, form), 2))
    assert list(packed) == values  # what Whoosh's matchers read, byte for byte
    assert packed[-1:] == values[-1:] and packed[1:3] == values[1:3]
    with pytest.raises(IndexError):
        packed[len(values)]
    assert packed.counts.tolist() == [len(positions) for positions in lists]
    assert restarting_cumsum(packed.deltas, packed.counts).tolist() == [
        p for positions in lists for p in positions
    ]


@given(POSITION_LISTS)
def test_positions_of_other_formats_are_packed_from_what_whoosh_decodes(
    lists: list[list[int]],
) -> None:
    form = Characters()
    values = [form.encode([(p, 0, 0) for p in positions]) for positions in lists]
    packed = PackedPositions.pack(values, form)
    assert restarting_cumsum(packed.deltas, packed.counts).tolist() == [
        p for positions in lists for p in positions
    ]


@pytest.mark.parametrize("codec", [NewsCodec(), W3Codec()], ids=["packed", "whoosh"])
@pytest.mark.parametrize("text", ['"east aleppo"', "east aleppo", '"aleppo east" siege'])
def test_either_layout_ranks_like_whoosh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: W3Codec, text: str
) -> None:
    # Segments written by plain Whoosh (before searchkit packed positions) still read in bulk;
    # 150 copies a batch make posting lists of several blocks, in two segments.
    monkeypatch.setitem(store.WRITER_OPTIONS, "codec", codec)
    with Archive(tmp_path / "index") as archive:
        for batch in range(2):
            archive.add_many(
                Article(title="", body=body, url=f"u:{batch}:{copy}:{body}")
                for copy in range(150)
                for body in BODIES
            )
        with archive._checkout() as current:
            readers = [reader for reader, _offset in current.reader().leaf_readers()]
            assert {type(reader.segment().codec()) for reader in readers} == {type(codec)}
            got, expected = bulk_and_whoosh(current, text)
        assert got == expected and got
        # Merged into one segment by searchkit's codec: Whoosh's matchers read the old
        # segments' postings, which are written packed, and every score stays the same.
        index = open_dir(str(archive._dir))
        index.writer(**{**store.WRITER_OPTIONS, "codec": NewsCodec()}).commit(optimize=True)
        index.close()
        with archive._checkout() as current:
            assert len(current.reader().leaf_readers()) == 1
            assert bulk_and_whoosh(current, text) == (got, expected)


@given(st.lists(st.integers(0, 2**40), max_size=300))
def test_packed_ints_read_as_the_tuple_whoosh_wrote(values: list[int]) -> None:
    packed = pickle.loads(pickle.dumps(PackedInts(np.array(values, dtype=np.int64)), 2))
    assert list(packed) == values and len(packed) == len(values)
    assert [packed[i] for i in range(len(values))] == values
    assert packed[1:4] == values[1:4]


def test_running_sums_restart_after_empty_runs() -> None:
    values = np.array([1, 2, 3, 4], dtype=np.int64)
    sizes = np.array([0, 2, 0, 2, 0], dtype=np.int64)
    assert restarting_cumsum(values, sizes).tolist() == [1, 3, 3, 7]
