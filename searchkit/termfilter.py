"""Which terms of a field each segment holds, as a sorted numpy array of hashes (issue 6).

The one writer looks up every new page's id and its 16 band keys (``searchkit.duplicates``) in
every segment of the index, and a Whoosh segment that does not hold a term still costs about
6 µs to say so. With the 11 segments of a 100k-page index that was 1.2 ms a page, so the
writer's time per page grew with the index and 100k pages took 5.9x the time of 20k
(benchmarks/ingest.py). A segment's filter answers "certainly not here" for a list of terms in
one ``searchsorted``; only the terms it may hold are looked up in the segment itself.

Reading a segment's lexicon to build its filter costs about 1.3 µs a term, so a filter is built
only once as many terms have been looked up in that segment directly as it has documents: for
ids (one a document) about the cost of building it; for band keys (16 a document) about a
quarter, which is still within a small factor of it. A small ingest into a large index never
reads whole lexicons. Filters hold
8 bytes a term (with 16 band keys a document, 128 MB for a million documents) and live as long
as their ``TermFilters``; those of segments no longer in the index are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

Leaf = tuple[Any, int]  # a segment's reader and the number of its first document


class TermFilters:
    """Per-segment filters of one field, kept across the searchers of one ingest."""

    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname
        self._filters: dict[str, np.ndarray] = {}
        self._looked_up: dict[str, int] = {}  # terms looked up directly, by segment id

    def leaves_holding(
        self, reader: Any, texts: Sequence[str]
    ) -> Iterator[tuple[Any, int, list[str]]]:
        """Each segment of ``reader`` that may hold some of ``texts``, with its document offset
        and those of the texts (a hash match: the caller still looks them up)."""
        if not texts:
            return
        keys = np.array([hash(text.encode("utf-8")) for text in texts], dtype=np.int64)
        leaves = list(reader.leaf_readers())
        self._forget_others(leaves)
        for leaf, offset in leaves:
            hashes = self._filter(leaf, len(texts))
            if hashes is None:
                yield leaf, offset, list(texts)
                continue
            if not len(hashes):
                continue
            at = np.minimum(np.searchsorted(hashes, keys), len(hashes) - 1)
            found = hashes[at] == keys
            if found.any():
                yield leaf, offset, [text for text, hit in zip(texts, found, strict=True) if hit]

    def _filter(self, leaf: Any, terms: int) -> np.ndarray | None:
        """The segment's filter, built once it pays; None while lookups stay direct."""
        segment = leaf.segment()
        if segment is None:  # an empty index
            return None
        key = segment.segment_id()
        hashes = self._filters.get(key)
        if hashes is None:
            done = self._looked_up.get(key, 0) + terms
            self._looked_up[key] = done
            if done < leaf.doc_count_all():
                return None
            hashes = np.fromiter(
                (hash(term) for term in leaf.lexicon(self.fieldname)), dtype=np.int64
            )
            hashes.sort()
            self._filters[key] = hashes
            del self._looked_up[key]
        return hashes

    def _forget_others(self, leaves: list[Leaf]) -> None:
        if len(self._filters) + len(self._looked_up) <= 2 * len(leaves):
            return  # a segment is in one of the two dicts: few enough to be the live ones
        live = {leaf.segment().segment_id() for leaf, _ in leaves if leaf.segment() is not None}
        self._filters = {key: value for key, value in self._filters.items() if key in live}
        self._looked_up = {key: value for key, value in self._looked_up.items() if key in live}
