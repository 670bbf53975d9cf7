"""How postings are stored: Whoosh 3's codec, with each block's contents packed as arrays.

Whoosh 3 writes a posting list in blocks of up to 128 postings, each block a zlib-compressed
pickle of ``(ids, weights, values)``: tuples of ints and of floats (9 bytes each), and for a
``Positions`` field one value a posting, its positions as a 4-byte count, then the deltas
between them pickled as a list. Unpickling a block rebuilds 128 of those values one
``_codecs.encode`` call at a time, and each then needs decoding: most of a phrase search (issue
5). :class:`NewsCodec` writes the same blocks, but the ids and the (whole-number) weights as
:class:`PackedInts` and the values of a ``Positions`` field as one :class:`PackedPositions`
(every posting's count and position deltas), each array in the smallest unsigned type that
holds it: they unpickle in a few steps, read straight into numpy, and take less room.

Whoosh's own matchers iterate a block's ids and index its weights and values, and these objects
give them what Whoosh's tuples would; nothing else changes, and segments written by plain
Whoosh are read as before.

Indexes name this module and its ``NewsCodec``, ``_ints`` and ``_unpack`` (a segment pickles its
codec, a block the functions that rebuild its arrays): renaming any of them makes every index
written since unreadable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from pickle import dumps, loads
from typing import Any

import numpy as np
from numpy.typing import NDArray
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.formats import Positions
from whoosh.system import _INT_SIZE, pack_uint


class PackedPositions(Sequence[bytes]):
    """The values of one block of a ``Positions`` field: each posting's number of positions
    (``counts``) and the deltas between its positions, the first from 0, all in one array
    (``deltas``); both of any unsigned or signed integer type."""

    __slots__ = ("_starts", "counts", "deltas")

    def __init__(self, counts: NDArray[np.integer], deltas: NDArray[np.integer]) -> None:
        self.counts = counts
        self.deltas = deltas
        self._starts: list[int] | None = None

    @classmethod
    def pack(cls, values: Sequence[bytes], form: Any) -> PackedPositions:
        """Whoosh-encoded positions (``form.encode``), one value a posting, packed."""
        if type(form) is Positions:  # a 4-byte count, then the deltas pickled as a list
            lists = [loads(value[_INT_SIZE:]) for value in values]
        else:
            lists = [_deltas(form.decode_positions(value)) for value in values]
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        total = int(counts.sum())
        return cls(counts, np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=total))

    def __reduce__(self) -> tuple[Any, ...]:
        # Each array as bytes of the smallest unsigned type that holds it, little-endian.
        return (_unpack, (*_packed(self.counts), *_packed(self.deltas)))

    def __len__(self) -> int:
        return len(self.counts)

    def __getitem__(self, i: Any) -> Any:
        """One posting's value as ``Positions.encode`` makes it, for Whoosh's matchers."""
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = range(len(self))[i]  # IndexError past the end, as a tuple raises it
        if self._starts is None:
            self._starts = [0, *np.cumsum(self.counts).tolist()]
        deltas = self.deltas[self._starts[i] : self._starts[i + 1]].tolist()
        return pack_uint(len(deltas)) + dumps(deltas, 2)


class PackedInts(Sequence[int]):
    """A block's ids (deltas between them) or weights (term frequencies), as one array."""

    __slots__ = ("_list", "values")

    def __init__(self, values: NDArray[np.integer]) -> None:
        self.values = values
        self._list: list[int] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (_ints, _packed(self.values))

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[int]:
        return iter(self._as_list())

    def __getitem__(self, i: Any) -> Any:
        """An int, or a list of them for a slice. Whoosh's matchers read one at a time: from a
        list made once, as a numpy scalar each was 25 times slower."""
        return self._as_list()[i]

    def _as_list(self) -> list[int]:
        if self._list is None:
            self._list = self.values.tolist()
        return self._list


def _deltas(positions: list[int]) -> list[int]:
    return [now - before for now, before in zip(positions, [0, *positions], strict=False)]


def _packed(values: NDArray[np.integer]) -> tuple[str, bytes]:
    """An array of naturals as bytes of the smallest unsigned type that holds it, and that
    type."""
    if len(values) and values.min() < 0:
        raise ValueError("only naturals are packed")
    top = int(values.max()) if len(values) else 0
    dtype = next(
        t for t, bits in (("<u1", 8), ("<u2", 16), ("<u4", 32), ("<u8", 64)) if top >> bits == 0
    )
    return dtype, values.astype(dtype).tobytes()


def _ints(dtype: str, data: bytes) -> PackedInts:
    return PackedInts(np.frombuffer(data, dtype=dtype))


def _unpack(count_type: str, counts: bytes, delta_type: str, deltas: bytes) -> PackedPositions:
    # Left as stored: a search widens the arrays of all the blocks it reads at once.
    return PackedPositions(
        np.frombuffer(counts, dtype=count_type), np.frombuffer(deltas, dtype=delta_type)
    )


#: How packed positions start in a block's pickle (protocol 2): the GLOBAL opcode of ``_unpack``,
#: right after the block's ids and weights.
PACKED_GLOBAL = b"c" + f"{__name__}\n{_unpack.__name__}\n".encode()


class NewsCodec(W3Codec):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh 3's codec, writing the contents of each block packed (see the module)."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PackingPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class _PackingPostingsWriter(W3PostingsWriter):  # type: ignore[misc]  # Whoosh is untyped
    """Packs the blocks of PACK_FROM postings or more; smaller ones stay Whoosh's tuples."""

    def _packs(self) -> bool:
        return len(self._ids) >= PACK_FROM and not self._byteids

    def _mini_ids(self) -> Any:
        ids = super()._mini_ids()  # deltas, for document ids
        return PackedInts(np.array(ids, dtype=np.int64)) if self._packs() else ids

    def _mini_weights(self) -> Any:
        weights = super()._mini_weights()  # None when all are 1, one float when all the same
        if (
            self._packs()
            and isinstance(weights, tuple)
            and all(w.is_integer() and 0 <= w < 2**32 for w in weights)
        ):
            return PackedInts(np.array(weights, dtype=np.int64))  # term frequencies, mostly
        return weights

    def _mini_values(self) -> Any:
        if self._packs() and type(self._format) is Positions:
            packed = PackedPositions.pack(self._values, self._format)
            if packed.deltas.min(initial=0) >= 0:  # positions that go back stay Whoosh's
                return packed
        return super()._mini_values()


#: The fewest postings of a packed block. Most terms of a news archive are rare: of the 118k
#: blocks of 4,000 AP stories, 85% hold one or two postings and 95% fewer than 16 (which hold 18%
#: of the postings). Packing every block (a few numpy calls each) took 19% more CPU to index
#: them (22.7 s against 19.0 s with Whoosh's codec); packing only the larger ones, 7% (19.2 s
#: against 17.9 s). The short lists are quick to read either way.
PACK_FROM = 16


def restarting_cumsum(values: NDArray[np.int64], sizes: NDArray[np.int64]) -> NDArray[np.int64]:
    """Running sums of ``values`` that start again at each run of ``sizes`` values."""
    if not len(values):
        return values
    summed = np.concatenate(([0], np.cumsum(values)))
    restarted: NDArray[np.int64] = summed[1:] - np.repeat(summed[np.cumsum(sizes) - sizes], sizes)
    return restarted
