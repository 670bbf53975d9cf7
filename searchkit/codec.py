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
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from pickle import dumps
from typing import Any

import numpy as np
from numpy.typing import NDArray
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.formats import Positions
from whoosh.system import pack_uint


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
        counts, positions = decode_positions(values, form)
        deltas = np.diff(positions, prepend=0)
        firsts = (np.cumsum(counts) - counts)[counts > 0]
        deltas[firsts] = positions[firsts]  # each posting's first position counts from 0
        return cls(counts, deltas)

    def positions(self) -> NDArray[np.int64]:
        """Every posting's positions, one after another (``counts`` tells which are whose)."""
        return restarting_cumsum(self.deltas.astype(np.int64), self.counts.astype(np.int64))

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

    __slots__ = ("values",)

    def __init__(self, values: NDArray[np.integer]) -> None:
        self.values = values

    def __reduce__(self) -> tuple[Any, ...]:
        return (_ints, _packed(self.values))

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[int]:
        return iter(self.values.tolist())

    def __getitem__(self, i: Any) -> Any:
        """An int, or a list of them for a slice (Whoosh's matchers read one at a time)."""
        return self.values[i].tolist()


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
    def _mini_ids(self) -> Any:
        ids = super()._mini_ids()  # deltas, for document ids
        return ids if self._byteids else PackedInts(np.array(ids, dtype=np.int64))

    def _mini_weights(self) -> Any:
        weights = super()._mini_weights()  # None when all are 1, one float when all the same
        if isinstance(weights, tuple) and all(w.is_integer() and 0 <= w < 2**32 for w in weights):
            return PackedInts(np.array(weights, dtype=np.int64))  # term frequencies, mostly
        return weights

    def _mini_values(self) -> Any:
        if type(self._format) is Positions and self._values:
            packed = PackedPositions.pack(self._values, self._format)
            if packed.deltas.min(initial=0) >= 0:  # positions that go back stay Whoosh's
                return packed
        return super()._mini_values()


def decode_positions(
    values: Sequence[bytes], form: Any
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each posting value's number of positions, and all the positions in one array: what
    ``form.decode_positions`` gives, for many values at once.

    A Whoosh ``Positions`` value is a 4-byte big-endian count, then the deltas between
    positions pickled (protocol 2) as a list: PROTO, EMPTY_LIST, BINPUT 0, then one item and
    APPEND or MARK, the items and APPENDS; an item is K (1 byte), M (2) or J (4, little-endian).
    Unpickling thousands of those lists one by one was most of a phrase check, so the items are
    read with numpy, one item of every value per step. Anything else is decoded by Whoosh.
    """
    if not values:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if isinstance(values, PackedPositions):
        return values.counts.astype(np.int64), values.positions()
    if type(form) is Positions:
        sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        data = np.frombuffer(b"".join(values) + bytes(8), dtype=np.uint8).astype(np.int64)
        start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        counts = (data[start] << 24) | (data[start + 1] << 16) | (data[start + 2] << 8)
        counts |= data[start + 3]
        header = all((data[start + 4 + i] == byte).all() for i, byte in enumerate(_LIST_HEADER))
        if header and (counts > 0).all():
            item = start + 9 + (counts > 1)  # after the header, and the MARK of two or more
            positions = np.zeros(int(counts.sum()), dtype=np.int64)
            slot = np.concatenate(([0], np.cumsum(counts)[:-1]))
            going = np.arange(len(values))
            step = 0
            while going.size:
                at = item[going]
                op = data[at]
                if not np.isin(op, _ITEM_OPCODES).all():
                    break  # not the layout expected: let Whoosh decode it
                one = data[at + 1]
                two = one | (data[at + 2] << 8)
                four = (two | (data[at + 3] << 16) | (data[at + 4] << 24)).astype(np.int32)
                positions[slot[going] + step] = np.where(
                    op == _K, one, np.where(op == _M, two, four)
                )
                item[going] += np.where(op == _K, 2, np.where(op == _M, 3, 5))
                step += 1
                going = going[counts[going] > step]
            else:
                return counts, restarting_cumsum(positions, counts)
    lists = [form.decode_positions(value) for value in values]
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    return counts, flat


#: How a protocol-2 pickle of a list starts: PROTO 2, EMPTY_LIST, BINPUT 0.
_LIST_HEADER = b"\x80\x02]q\x00"
#: Pickle opcodes of small ints: K (1 byte), M (2 bytes), J (4 bytes).
_K, _M, _J = ord("K"), ord("M"), ord("J")
_ITEM_OPCODES = np.array([_K, _M, _J])


def restarting_cumsum(values: NDArray[np.int64], sizes: NDArray[np.int64]) -> NDArray[np.int64]:
    """Running sums of ``values`` that start again at each run of ``sizes`` values."""
    if not len(values):
        return values
    summed = np.concatenate(([0], np.cumsum(values)))
    restarted: NDArray[np.int64] = summed[1:] - np.repeat(summed[np.cumsum(sizes) - sizes], sizes)
    return restarted
