"""Syndicated copies: the same story republished by several sites, found at index time (issue 5).

A body becomes a set of 3-word shingles; a one-permutation MinHash over them (one hash per
shingle, kept as the minimum in each of ``BINS`` bins; empty bins filled from their neighbours)
gives a signature whose matching bins estimate the Jaccard similarity of two bodies. ``BANDS``
groups of ``ROWS`` bins are hashed into band keys, stored in the ``dup_bands`` field: a new
document is compared only with documents that share a band key (locality-sensitive hashing),
and joins the cluster (``dup_key``) of the most similar one above ``THRESHOLD`` whose opening
words hold its lead, or whose lead its opening words hold (``shares_lead``), unless the two
were published too far apart (``WINDOW_DAYS``) or are one site's stories of different days.
At query time the searcher collapses each cluster into one hit.

>>> story = ("Rebel fighters and government forces fought street by street in east Aleppo on "
...          "Tuesday, as the United Nations warned that tens of thousands of civilians were "
...          "trapped without food or medicine and aid convoys waited at the edge of the city.")
>>> a = fingerprint(story + " Read more at City Wire.")
>>> b = fingerprint("Reuters - " + story + " Copyright 2016 Lyon Daily, all rights reserved.")
>>> similarity(a, b) > THRESHOLD, shares_lead(a, b)
(True, True)
"""

from __future__ import annotations

import hashlib
import re
from array import array
from dataclasses import dataclass
from datetime import date
from typing import Any

from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from searchkit import schema
from searchkit.analysis import WORDS_UNSPACED, unspaced
from searchkit.termfilter import TermFilters

#: Words per shingle: 3-word shingles are rare enough that two different stories on one event
#: share few of them, and short enough that a changed word spoils only 3 shingles.
SHINGLE = 3

#: Signature size: 16 bands of 3 bins. A pair at Jaccard 0.7 shares a band with probability
#: 1 - (1 - 0.7**3)**16 ≈ 0.999, a pair at 0.3 with ≈ 0.36 (then rejected by THRESHOLD).
ROWS = 3
BANDS = 16
BINS = ROWS * BANDS

#: Estimated Jaccard similarity above which two bodies are one story. Set by reasoning, not yet
#: measured on labelled pairs: two copies of a 300-word story that differ in ~30 words of
#: boilerplate each share ~0.7 of their shingles; different stories on one event share < 0.1.
THRESHOLD = 0.5

#: Bodies with fewer shingles than this are never called copies: too short to tell.
MIN_SHINGLES = 20

#: A copy tells the same story from its lead: the shingles of a run of LEAD words near the
#: start of one body (at least LEAD_SHARE of them) are among those of the other's first OPENING
#: words. Similarity alone merged different short stories that end with one long licence footer
#: (QA round 4): 25 words of story and 62 of footer each are 0.57 alike. The run may start at
#: any multiple of LEAD words, so that each copy may open with a header of its own (a byline,
#: a photo caption: review), but ends in the first third of the body, before such a footer. In
#: a body under 3 * LEAD words the first run reaches past that third, so its part in the third
#: must be shared too: a one-sentence story and a footer 3 times as long were a copy of another.
#: Left (measured on made-up words): a run is still half footer when the story is under 12 words
#: and the footer 5 times as long and 6 words more, or when the story is under 37, 62 or 87
#: words and the body at least 150, 225 or 300 words long (a run at word 25, 50 or 75 then ends
#: in its first third). No rule of position tells a short story from a short header: each is
#: text of one body before text both have.
LEAD = 25
OPENING = 100
LEAD_SHARE = 0.5

#: Dated copies further apart than this many days are different stories, whatever their sites:
#: a syndicated copy is the story republished, by wires and aggregators the same day or within
#: days (the seed, The Independent's story on a Nigerian site, came 3 days later), by a weekly
#: paper in its next issue. Two weeks leave a week of slack for a late reprint; a weekly report
#: written to one template (AP's money supply, 2½ months apart on two sites, was one hit: QA)
#: is further apart from all but the next week or two, which its figures tell apart (FIGURES).
#: On AP88 with planted copies (benchmarks/duplicates.py) every planted copy 0-3 days apart
#: is still found.
WINDOW_DAYS = 14

#: Two bodies of different days (or with no day) that both state figures (at least
#: MIN_FIGURES distinct) are different stories when fewer than FIGURE_SHARE of the shorter
#: list's are in the other: a copy repeats its story's numbers, while a report written to one
#: template (money supply, a lottery draw, a weekly chart) repeats the words and changes the
#: numbers, so it looks a copy to the similarity of its shingles (a lottery result of the next
#: day, 0.54: QA). A figure is a whole number ("2,952.8", "3-15-22") with the word after it
#: ("billion", a chart's song): bare numbers matched between reports (AP's money supply two
#: weeks apart: 0.38 of them) and between a chart's weeks (1 to 40, in another order: all),
#: and shingles with a digit matched more (template words next to "M2", "2,9xx" split into
#: "2" "9xx"). One day's stories are left alone: a story updated during the day (the market
#: at 10, at noon, at the close) changes its figures and stays one story. The first FIGURES
#: of a body are kept, in order, so that a shortened copy keeps its original's opening ones.
#: On AP88 (benchmarks/duplicates.py) every planted copy (3 words changed) keeps its group,
#: and reports of one template on other days share 0.24 to 0.41 of their figures.
MIN_FIGURES = 8
FIGURE_SHARE = 0.5
FIGURES = 128

#: Candidates (documents sharing a band key) compared per new document.
MAX_CANDIDATES = 20

#: Indexed members of a cluster a new document is checked against before it joins.
MAX_MEMBERS = 50

#: Indexed candidates whose fingerprint is remembered (~0.5 KB each), per batch.
REMEMBERED = 20000

_WORD = re.compile(r"\w+")
#: A whole number, with its separators (2,952.8; 3-15-22; 10:30), or a word.
_FIGURE_OR_WORD = re.compile(r"\d+(?:[.,:/-]\d+)*|\w+")
_EMPTY = 0xFFFFFFFF


@dataclass(frozen=True)
class Fingerprint:
    """A body's MinHash signature (one 32-bit minimum per bin), its band keys, the hashes of
    the shingles of its first OPENING words, in order (as bytes: ~0.8 KB), its length in
    words, and the hashes of its first FIGURES shingles with a digit (see FIGURE_SHARE)."""

    signature: bytes
    bands: tuple[str, ...]
    opening: bytes = b""
    words: int = 0
    figures: bytes = b""


#: Where and when a document was published: its site and its day (ISO), "" when not known.
Edition = tuple[str, str]
#: A document a new one may be a copy of: its id, cluster, fingerprint and edition.
Candidate = tuple[str, str, Fingerprint, Edition]


def edition_of(fields: dict[str, Any]) -> Edition:
    """The edition of a document from its stored (or about to be stored) fields."""
    return (str(fields.get("site") or "").casefold(), str(fields.get("published_iso") or "")[:10])


def _reissue(mine: Edition, other: Edition) -> bool:
    """Whether two documents are one site's stories of different days: a weekly report written
    to one template (AP's rig count, money supply, roll-call votes) is a new story each time,
    not a copy; merged, the one was hidden under the other (QA)."""
    return (
        bool(mine[0]) and mine[0] == other[0] and bool(mine[1] and other[1]) and mine[1] != other[1]
    )


def _apart(mine: Edition, other: Edition) -> bool:
    """Whether two documents were published too far apart to be copies (see WINDOW_DAYS)."""
    if not (mine[1] and other[1]):
        return False  # no day to tell them apart
    try:
        days = (date.fromisoformat(mine[1]) - date.fromisoformat(other[1])).days
    except ValueError:
        return False
    return abs(days) > WINDOW_DAYS


def fingerprint(body: str) -> Fingerprint:
    """The signature and band keys of a body; no band keys when it is too short to compare."""
    folded = body.casefold()
    # In Chinese or Japanese, each letter is a word, as the analyzers make them: a whole run
    # of letters (a clause) was one word, so one letter changed spoiled the clause's shingles
    # and a short story had too few shingles to be compared.
    words = (WORDS_UNSPACED if unspaced(folded) else _WORD).findall(folded)
    ordered = [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    hashes = {shingle: _hash(shingle) for shingle in ordered}
    shingles = hashes.keys()
    mins = array("I", [_EMPTY] * BINS)
    for h in hashes.values():
        slot, value = h % BINS, (h >> 16) & 0xFFFFFFFE  # never _EMPTY
        if value < mins[slot]:
            mins[slot] = value
    bands: tuple[str, ...] = ()
    if len(shingles) >= MIN_SHINGLES:
        _densify(mins)
        bands = tuple(
            f"{band:x}"
            + hashlib.blake2b(
                mins[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=6
            ).hexdigest()
            for band in range(BANDS)
            if _EMPTY not in mins[band * ROWS : (band + 1) * ROWS]
        )
    opening = array("Q", [hashes[shingle] for shingle in ordered[: OPENING - SHINGLE + 1]])
    figures = _figures(folded)
    return Fingerprint(mins.tobytes(), bands, opening.tobytes(), len(words), figures)


def _figures(folded: str) -> bytes:
    """The hashes (32-bit) of the first FIGURES distinct figures of a folded body, each a
    number and the word after it (see FIGURE_SHARE)."""
    tokens = _FIGURE_OR_WORD.findall(folded)
    found: dict[int, None] = {}
    for i, token in enumerate(tokens):
        if token[0].isdigit():
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            found[_hash(f"{token} {after}") & 0xFFFFFFFF] = None
            if len(found) == FIGURES:
                break
    return array("I", found).tobytes()


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


def _densify(mins: array[int]) -> None:
    """Fill each empty bin from the next filled one (rotation densification, Shrivastava & Li
    2014), so that a short body has every band key and comparable bins."""
    filled = [i for i, value in enumerate(mins) if value != _EMPTY]
    if not filled or len(filled) == len(mins):
        return
    for i in range(len(mins)):
        if mins[i] == _EMPTY:
            j = next((k for k in filled if k > i), filled[0])
            step = (j - i) % len(mins)
            mins[i] = (mins[j] ^ (step * 0x9E3779B1)) & 0xFFFFFFFE


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of two bodies' shingle sets: the share of matching bins."""
    first, second = array("I"), array("I")
    first.frombytes(a.signature)
    second.frombytes(b.signature)
    used = [(x, y) for x, y in zip(first, second, strict=True) if x != _EMPTY or y != _EMPTY]
    if not used:
        return 0.0
    return sum(1 for x, y in used if x == y) / len(used)


def _retold(mine: Fingerprint, other: Fingerprint, day: Edition, others: Edition) -> bool:
    """Whether two bodies are a template's stories of different days: not one day's, and
    their figures differ (see FIGURE_SHARE)."""
    return not (day[1] and day[1] == others[1]) and figures_differ(mine, other)


def figures_differ(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether two bodies state different figures: both state some, and the shorter list is
    mostly not in the other (see FIGURE_SHARE)."""
    mine, theirs = array("I"), array("I")
    mine.frombytes(a.figures)
    theirs.frombytes(b.figures)
    fewer, more = sorted((set(mine), set(theirs)), key=len)
    return len(fewer) >= MIN_FIGURES and len(fewer & more) < FIGURE_SHARE * len(fewer)


def shares_lead(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether the lead of one body is in the opening of the other (see LEAD)."""
    return _lead_in(a, b) or _lead_in(b, a)


def _lead_in(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether LEAD_SHARE of the shingles of a run of LEAD words near the start of ``a`` are in
    ``b``'s opening (see LEAD)."""
    mine, theirs = array("Q"), array("Q")
    mine.frombytes(a.opening)
    theirs.frombytes(b.opening)
    found = set(theirs)
    third = a.words // 3
    end = max(LEAD, min(OPENING, third))  # where the last run may end
    for start in range(0, end - LEAD + 1, LEAD):
        run = mine[start : start + LEAD - SHINGLE + 1]
        # In a body under 3 * LEAD words the run reaches past the first third: its part in
        # the first third must be shared too (see LEAD).
        if _mostly_in(run, found) and _mostly_in(run[: third - SHINGLE + 1 - start], found):
            return True
    return False


def _mostly_in(hashes: array[int], found: set[int]) -> bool:
    """Whether LEAD_SHARE of the distinct ``hashes`` (at least one) are ``found``."""
    distinct = set(hashes)
    return bool(distinct) and len(distinct & found) >= LEAD_SHARE * len(distinct)


class Clusters:
    """Assigns each new document a syndication cluster: that of its nearest copy, else its own.

    Looks copies up among the documents already indexed (through ``searcher``) and those added
    earlier in the same batch (kept in memory: ~2 KB per document). The indexed candidates are
    remembered too (up to REMEMBERED): the first copy of a story is a candidate for every later
    one, and fingerprinting its stored body each time was 2 ms a document at 100k pages.
    ``bands`` are the segments' filters of band keys, kept by the caller across its searchers.
    """

    def __init__(self, searcher: Searcher, bands: TermFilters) -> None:
        self._searcher = searcher
        self._filters = bands
        self._bands: dict[str, list[int]] = {}
        self._batch: list[Candidate] = []  # (doc id, cluster, fingerprint, edition)
        self._indexed: dict[int, Candidate] = {}  # by document number
        self._clusters: dict[str, list[int]] = {}  # this batch's documents, by cluster

    def assign(self, doc_id: str, mine: Fingerprint, edition: Edition = ("", "")) -> str:
        """The cluster key for a document about to be written, given its body's fingerprint
        and its edition (site, day)."""
        cluster = schema.cluster_of(doc_id, mine.signature)
        if mine.bands:
            candidates = self._candidates(doc_id, mine)
            copies = sorted(
                (
                    (similarity(mine, other), other_cluster)
                    for _, other_cluster, other, when in candidates
                    if not _apart(edition, when)
                    and similarity(mine, other) >= THRESHOLD
                    and shares_lead(mine, other)
                    and not _retold(mine, other, edition, when)
                ),
                key=lambda found: -found[0],
            )
            # Never a cluster with a member this is no copy of (another site's copy of a site's
            # story chained the site's story of another day to it: QA), checked on every
            # member, not only the candidates.
            for _score, other_cluster in copies:
                if not any(
                    _reissue(edition, when)
                    or _apart(edition, when)
                    or _retold(mine, other, edition, when)
                    for other_id, _, other, when in self._members(other_cluster)
                    if other_id != doc_id
                ):
                    cluster = other_cluster
                    break
            self._clusters.setdefault(cluster, []).append(len(self._batch))
            for band in mine.bands:
                self._bands.setdefault(band, []).append(len(self._batch))
            self._batch.append((doc_id, cluster, mine, edition))
        return cluster

    def _members(self, cluster: str) -> list[Candidate]:
        """The documents of a cluster, of this batch and indexed (at most MAX_MEMBERS of the
        indexed ones)."""
        found = [self._batch[index] for index in self._clusters.get(cluster, ())]
        try:
            postings = self._searcher.reader().postings(schema.DUP_KEY, cluster)
        except TermNotFound:
            return found
        for docnum in list(postings.all_ids())[:MAX_MEMBERS]:
            found.append(self._indexed_copy(docnum))
        return found

    def _candidates(self, doc_id: str, mine: Fingerprint) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for band in mine.bands:
            for index in self._bands.get(band, ()):
                other_id, cluster, other, edition = self._batch[index]
                if other_id != doc_id:
                    found[other_id] = (other_id, cluster, other, edition)
        for docnum in self._sharing_a_band(mine):
            indexed = self._indexed_copy(docnum)
            if indexed[0] != doc_id and indexed[0] not in found:
                found[indexed[0]] = indexed
        return list(found.values())[: MAX_CANDIDATES * 2]

    def _indexed_copy(self, docnum: int) -> Candidate:
        """The id, cluster, fingerprint and edition of an indexed document."""
        known = self._indexed.get(docnum)
        if known is None:
            if len(self._indexed) >= REMEMBERED:
                self._indexed.clear()
            stored = self._searcher.stored_fields(docnum)
            known = self._indexed[docnum] = (
                stored["id"],
                stored.get(schema.DUP_KEY) or schema.cluster_of(stored["id"]),
                fingerprint(stored.get("body", "")),
                edition_of(stored),
            )
        return known

    def _sharing_a_band(self, mine: Fingerprint) -> list[int]:
        """Indexed documents sharing most band keys with ``mine``, at most MAX_CANDIDATES.

        Read from the raw postings of ``dup_bands``, in the segments whose filter says they may
        hold the band: a scored search cost the single writer about 1 ms a document, and the
        whole index's reader looks a term up in every segment two or three times (issue 6).
        """
        shared: dict[int, int] = {}
        reader = self._searcher.reader()
        for leaf, offset, bands in self._filters.leaves_holding(reader, mine.bands):
            for band in bands:
                try:
                    postings = leaf.postings(schema.DUP_BANDS, band)  # deleted ones left out
                except TermNotFound:
                    continue
                for docnum in postings.all_ids():
                    shared[offset + docnum] = shared.get(offset + docnum, 0) + 1
        return sorted(shared, key=lambda docnum: -shared[docnum])[:MAX_CANDIDATES]
