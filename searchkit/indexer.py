"""Batched, parallel writes: worker processes clean pages and file postings, one writer decides
(issue 6).

The stages, in the order a page flows through them:

1. feed  (main process): hash the page's raw bytes; when the manifest (``store.Manifest``) says
   this source was read with the same raw hash and the same ``SCRAPER_VERSION``, count it
   unchanged and move on *without cleaning it again*; count a file of no type read (met in
   a folder) ignored;
2. clean (worker processes, in chunks): ``scrapers.extract`` (or a JSONL record's fields)
   → ``Article`` and its id, then the text fields are analysed (``schema.analyze``) and the
   body fingerprinted (``duplicates.fingerprint``). Chunks go out through a bounded window
   and come back in order, so memory stays flat however large the archive (no list of pages
   is ever built);
3. write (main process, the only writer): decide whether the document is new, replaced or
   unchanged, delete what it replaces (and what a page file gave under another URL before),
   assign its syndication cluster; its postings are filed by segment processes
   (``searchkit.segments``) once a batch is large enough to pay for them. A commit every
   ``commit_every`` documents makes each batch durable and atomic (Whoosh writes a new TOC
   per commit), and only then are the batch's manifest rows recorded, so ``kill -9`` loses
   at most the current batch and running the same command again skips what was committed.

A page that cannot be read or cleaned becomes an ``IngestError`` in ``IngestReport.failed``; the
batch goes on, unless ``strict`` asks to stop at the first one.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from dataclasses import fields as dc_fields
from itertools import chain, islice
from pathlib import Path
from typing import Any

from whoosh.fields import Schema
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

import scrapers
from scrapers import Article, Dropped, extract
from scrapers.article import check_text, json_kind, text_field
from scrapers.body import plain_text
from scrapers.decode import looks_like_html
from scrapers.errors import ScrapeError
from searchkit import schema, segments, store
from searchkit.checks import check_whole
from searchkit.duplicates import Clusters, Fingerprint, edition_of, fingerprint
from searchkit.errors import IngestError, SearchkitError
from searchkit.prune import Reads, remove_gone
from searchkit.results import IngestReport
from searchkit.sources import (
    STDIN_SOURCE,
    Ignored,
    Item,
    NoRecords,
    RawPage,
    Record,
    brief,
    file_of,
    read_file,
    reread,
)
from searchkit.store import Manifest, Seen
from searchkit.termfilter import TermFilters


def _scraper_version() -> str:
    # A digest of the scrapers' source rather than a hand-bumped number: any change to the
    # cleaning code re-cleans every page on the next `searchkit index`, and nobody has to
    # remember to bump anything (scrapers/ is owned by another engineer).
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(scrapers.__file__).parent.glob("*.py")):
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


#: Which scrapers cleaned a document; stored with it so a scrapers change re-cleans pages.
SCRAPER_VERSION = _scraper_version()

#: Documents per segment, and per commit of the writer alone; a batch filed by N segment
#: processes commits every N x COMMIT_EVERY documents, in N segments of this size, so the
#: merge schedule does not depend on the number of cores. Merging segments (merge_tiers)
#: costs the writer about as much per document as adding it. With 2,000 the first merges came
#: at 22k documents and 100k pages cost 10x the writer CPU of 20k (406 s vs 40 s,
#: benchmarks/ingest.py); with 10,000 the first merge comes at 110k documents, and each
#: document is rewritten about once (FINAL_SEGMENT_DOCS). A crash loses at most one batch: about
#: a minute of work at the benchmark's rates. Whoosh's pool spills to disk past its 128 MB, so
#: memory does not grow with the batch.
COMMIT_EVERY = 10000

#: Segments of one size tier that are merged into one (see merge_tiers): at most about
#: 9 per tier stay unmerged.
MERGE_FANOUT = 10

#: Segments with at least this many live documents are final: merged again only once most of
#: their documents are deleted (Lucene's maxMergedSegment, counted in documents). Ten batches of
#: COMMIT_EVERY documents merge into one final segment, so each document is rewritten about
#: once, merging costs time linear in N, and a 1M-document index has about ten final segments.
#: Without it, ten 100k segments merged again into a 1M one: rewriting every document, some
#: half an hour for a million short records at the rate the writer merges them (ten 10k-record
#: segments of the benchmarks/memory.py index took 192 s), while the pipeline waits.
FINAL_SEGMENT_DOCS = 30_000

#: Pages sent to a worker at once: enough to hide the pickling round trip, small enough that
#: the in-flight window (workers x WINDOW_PER_WORKER chunks) holds only a few MiB.
CHUNK = 16
WINDOW_PER_WORKER = 4

#: Below this many pages to clean, the main process cleans them itself: starting the
#: forkserver and its workers (a Python start-up and imports each) costs more than it saves
#: on a small batch, such as the test suite's many small ingests.
PARALLEL_AFTER = 256

#: The most processes a run may ask for (``workers``): 99999999999999999999 overflowed a C int
#: deep in multiprocessing, with a traceback (QA).
MAX_WORKERS = 256

Progress = Callable[[int], None]
Writer = Callable[[], SegmentWriter]

_SCHEMA: Schema | None = None  # the worker's copy, for analysing text ahead of the writer


@dataclass(frozen=True)
class _Job:
    """A page or record to clean, with what the feed learned about it."""

    item: RawPage | Record
    raw_hash: str
    old_id: str | None  # the id the same source was stored under, if any


@dataclass(frozen=True)
class _Cleaned:
    """A cleaned page: its id, the fields to write (text analysed when a worker made it) and
    its body's fingerprint (for finding syndicated copies)."""

    doc_id: str
    content_hash: str
    empty: bool
    fields: dict[str, Any]
    fingerprint: Fingerprint
    source: str
    raw_hash: str = ""
    old_id: str | None = None
    scraper_version: str = ""
    # A rebuild's carried document that what it read gives in another version, or another
    # place of its file gives now, must not replace: written only when the index holds no
    # document of its id yet (``if_absent``), and with no manifest row (``recorded``) when
    # its locator gives another story now, whose row that is.
    if_absent: bool = False
    recorded: bool = True


@dataclass(frozen=True)
class _Failed:
    source: str
    reason: str


def cleaned(
    doc_id: str,
    article: Article,
    source: str,
    *,
    raw_hash: str = "",
    old_id: str | None = None,
    scraper_version: str = "",
    analyzed_by: Schema | None = None,
) -> _Cleaned:
    """Package an article for the writer; with ``analyzed_by``, its text is analysed here."""
    fields = schema.to_fields(
        doc_id, article, source=source, raw_hash=raw_hash, scraper_version=scraper_version
    )
    if analyzed_by is not None:
        fields = schema.analyze(fields, analyzed_by)
    return _Cleaned(
        doc_id,
        article.content_hash,
        not article.body.strip(),
        fields,
        fingerprint(article.body),
        source,
        raw_hash,
        old_id,
        scraper_version,
    )


@dataclass
class _Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    empty: int = 0
    removed: int = 0
    ignored: int = 0
    failed: list[IngestError] = field(default_factory=list)
    empty_sources: list[str] = field(default_factory=list)

    def no_story(self, source: str) -> None:
        """Count a page with no story, from ``source`` ("" for an article added from Python,
        which names no page: ``add_many`` listed "" as its source, QA)."""
        self.empty += 1
        if source:
            self.empty_sources.append(source)

    def report(self) -> IngestReport:
        return IngestReport(
            added=self.added,
            updated=self.updated,
            unchanged=self.unchanged,
            empty=self.empty,
            removed=self.removed,
            ignored=self.ignored,
            failed=tuple(self.failed),
            empty_sources=tuple(self.empty_sources),
        )


class _Batch:
    """The open writer, a searcher over what it started from, and the manifest rows waiting
    for its commit; all renewed after each commit. The segments' term filters (for looking up
    ids and band keys) are kept from one commit to the next: most segments outlive a commit.

    With ``procs`` > 1, documents past the first PARALLEL_AFTER of an ingest are filed by that
    many segment processes (``searchkit.segments``) and the writer only deletes and commits.
    """

    def __init__(self, open_writer: Writer, manifest: Manifest | None, procs: int = 1) -> None:
        self._open_writer = open_writer
        self._procs = procs
        self._segments: segments.SegmentProcesses | None = None
        self._written = 0  # over all batches: the first few documents are not worth processes
        self._writer: SegmentWriter | None = None
        self._searcher: Searcher | None = None
        self._clusters: Clusters | None = None
        self._ids = TermFilters("id")
        self._bands = TermFilters(schema.DUP_BANDS)
        self.manifest = manifest
        # id → content hash of the documents written since the last commit (not in the searcher)
        self.seen: dict[str, str] = {}
        self.rows: list[tuple[str, Seen]] = []
        self.size = 0  # documents written or deleted since the last commit
        # id → content hash of the documents deleted because the page that gave them names
        # another URL now; another page may still give one (over all batches)
        self.orphans: dict[str, str] = {}

    @property
    def writer(self) -> SegmentWriter:
        if self._writer is None:
            self._writer = self._open_writer()
            if self.manifest is not None:
                # The rows go where the documents do: a rebuild may have switched generations
                # since the manifest was opened (while this writer waited for the lock, say).
                self.manifest.follow(Path(self._writer.storage.folder))
        return self._writer

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = self.writer.searcher()
        return self._searcher

    @property
    def clusters(self) -> Clusters:
        """Syndication clusters (issue 5) over what is committed plus this batch's documents."""
        if self._clusters is None:
            self._clusters = Clusters(self.searcher, self._bands)
        return self._clusters

    def exists(self, doc_id: str) -> bool:
        """Whether a document with this id was in the index when the batch started."""
        return any(
            not leaf.has_deletions() or _first(leaf, doc_id) is not None
            for leaf in self._holding(doc_id)
        )

    def stored(self, doc_id: str) -> dict[str, Any] | None:
        """The stored fields of the document with this id, as the batch started."""
        for leaf in self._holding(doc_id):
            docnum = _first(leaf, doc_id)
            if docnum is not None:
                return dict(leaf.stored_fields(docnum))
        return None

    def _holding(self, doc_id: str) -> Iterator[Any]:
        """The segment readers whose terms include this id (its document may be deleted)."""
        for leaf, _offset, _ids in self._ids.leaves_holding(self.searcher.reader(), [doc_id]):
            if ("id", doc_id) in leaf:  # a miss costs less than opening its postings
                yield leaf

    def full(self, every: int) -> bool:
        """Whether the batch holds ``every`` documents for each segment it is writing."""
        per_segment = self._procs if self._segments is not None else 1
        return self.size >= every * per_segment or len(self.rows) >= 4 * every * per_segment

    def add(self, fields: dict[str, Any]) -> None:
        """Add a new document (one with its id was deleted first, if there was one)."""
        if self._segments is None and self._procs > 1 and self._written >= PARALLEL_AFTER:
            writer = self.writer
            self._segments = segments.SegmentProcesses(
                writer.storage.folder, writer.indexname, self._procs
            )
        if self._segments is not None:
            self._segments.add(fields)
        else:
            self.writer.add_document(**fields)
        self.size += 1
        self._written += 1

    def move(self, docnum: int, source: str) -> None:
        """Store document ``docnum`` (of ``searcher``) again as read from ``source``, which
        the manifest says gives it (``searchkit.prune``: the locator it was stored from gives
        another record now, and ``rebuild`` re-reads a document from its locator). When
        ``source``'s bytes differ from those the document was stored from, it may give another
        version: the document is deleted and its id left in ``orphans``, to read again."""
        stored = self.searcher.stored_fields(docnum)
        doc_id = str(stored["id"])
        seen = self.manifest.get(source) if self.manifest is not None else None
        assert seen is not None, "prune moves a document to a source the manifest lists"
        if seen.raw_hash != stored.get("raw_hash"):
            self.writer.delete_document(docnum)
            self.orphans[doc_id] = str(stored.get("content_hash"))
            self.size += 1
            return
        moved = cleaned(
            doc_id,
            schema.from_fields(stored),
            source,
            raw_hash=seen.raw_hash,
            scraper_version=seen.scraper_version,
        )
        self.writer.delete_document(docnum)
        self.add(
            {
                **moved.fields,
                schema.DUP_KEY: stored.get(schema.DUP_KEY) or schema.cluster_of(doc_id),
                schema.DUP_BANDS: " ".join(moved.fingerprint.bands),
            }
        )

    def commit(self) -> None:
        """Commit the writer, then (never before) record the manifest rows it made true."""
        # Rows without documents (pages with no story) still take a writer: it is given the
        # live generation, whose manifest the rows belong in (a rebuild may have switched).
        writer = self.writer if self.rows and self.manifest is not None else self._writer
        if writer is not None:
            if self.size:
                merge: segments.MergePolicy = merge_tiers
                if self._segments is not None:
                    merge = self._segments.merge_policy(merge_tiers)
                    self._segments = None
                # Also closes the writer's searcher and releases the lock (not if it fails:
                # ``cancel`` then does).
                writer.commit(mergetype=merge)
            else:
                # Nothing to write: no new generation of the TOC. What a run killed before this
                # one left (kill -9, a full disk) goes too, which Whoosh left for its next commit.
                store.cancel(writer)
            # Done with: cancelling a committed writer raised "This writer is closed", which
            # hid why recording the rows failed (Ctrl-C, a locked manifest).
            self._writer = None
        if self.rows and self.manifest is not None:
            self.manifest.put(self.rows)
        self._searcher = self._clusters = None
        self.seen.clear()
        self.rows.clear()
        self.size = 0

    def cancel(self) -> None:
        """Drop the batch: the segment processes stop first, so that the files they wrote go
        with the writer's (``store.cancel``)."""
        try:
            if self._segments is not None:
                self._segments.cancel()
        finally:
            if self._writer is not None:
                store.cancel(self._writer)
            self._segments = self._writer = self._searcher = self._clusters = None


class Indexer:
    """Writes pages, records and articles into one Whoosh index through ``open_writer``.

    ``open_writer`` returns a locked ``SegmentWriter`` (or raises ``ArchiveLocked``);
    ``manifest`` records every source read (for skipping unchanged ones); ``workers`` is the
    number of cleaning processes, and of segment processes (default: one per core; 1 does both
    in this process); ``on_progress`` is called with the number of items handled so far.
    ``keep`` gives, for a source that fails, the documents to write in its place (a rebuild
    keeps those the live generation holds), in the order the sources come.
    """

    def __init__(
        self,
        open_writer: Writer,
        *,
        manifest: Manifest | None = None,
        workers: int | None = None,
        strict: bool = False,
        on_progress: Progress | None = None,
        commit_every: int | None = None,
        keep: Callable[[str], Iterator[_Cleaned]] | None = None,
    ) -> None:
        commit_every = commit_every if commit_every is not None else COMMIT_EVERY
        if commit_every < 1:
            raise ValueError("commit_every must be at least 1")
        self._open_writer = open_writer
        self.manifest = manifest
        self.workers = worker_count(workers)
        self.strict = strict
        self.on_progress = on_progress
        self.commit_every = commit_every
        self.keep = keep
        self._done = 0

    # -- entry points -------------------------------------------------------------------------

    def ingest(
        self, items: Iterable[Item | Ignored | NoRecords | _Cleaned], *, prune: bool = False
    ) -> IngestReport:
        """Clean and write every item; with ``prune``, then remove the documents whose source
        is gone (``searchkit.prune``)."""
        counts = _Counts()
        batch = _Batch(self._open_writer, self.manifest, self.workers)
        reads = Reads()
        try:
            stream = reads.watch(items) if prune else items
            for outcome in self._cleaned(self._jobs(stream, batch, counts)):
                self._write(outcome, batch, counts)
                self._tick()
                if batch.full(self.commit_every):
                    batch.commit()
            self._give_back(batch, counts)
            if prune:
                batch.commit()  # the manifest rows of this run, which pruning reads
                for error in counts.failed:  # those of cleaning; reads saw those of reading
                    reads.failed(error.source)
                removed = remove_gone(
                    batch.searcher, batch.writer, batch.manifest, reads, move=batch.move
                )
                counts.removed += removed
                batch.size += removed
                self._give_back(batch, counts)  # the versions the other sources give
            batch.commit()
        except BaseException:
            batch.cancel()
            raise
        return counts.report()

    def write(self, documents: Iterable[tuple[str, Article, str]]) -> IngestReport:
        """Write already-cleaned articles as ``(id, article, source)``, in one commit."""
        counts = _Counts()
        batch = _Batch(self._open_writer, None)
        try:
            for doc_id, article, source in documents:
                self._write(cleaned(doc_id, article, source), batch, counts)
            batch.commit()
        except BaseException:
            batch.cancel()
            raise
        return counts.report()

    # -- stage 1: feed ------------------------------------------------------------------------

    def _jobs(
        self, items: Iterable[Item | Ignored | NoRecords | _Cleaned], batch: _Batch, counts: _Counts
    ) -> Iterator[_Job | _Cleaned | _Failed]:
        for item in items:
            if isinstance(item, Ignored):
                counts.ignored += 1  # no tick: the progress total counts what is read
                continue
            if isinstance(item, NoRecords):
                continue  # nothing to index (--prune has noted it)
            if isinstance(item, IngestError):
                # Written in turn with the pages cleaned before it: reported at once, a line
                # that is no JSON came before an earlier record that failed cleaning, which
                # --strict then never named (QA).
                yield _Failed(item.source, item.reason)
                continue
            if isinstance(item, _Cleaned):
                yield item
                continue
            raw_hash = hashlib.blake2b(item.data, digest_size=16).hexdigest()
            seen = self.manifest.get(item.source) if self.manifest is not None else None
            if (
                seen is not None
                and seen.raw_hash == raw_hash
                and seen.scraper_version == SCRAPER_VERSION
                and (not seen.doc_id or batch.exists(seen.doc_id))
            ):
                # A page with no story is empty again, as in the run that read it: counted
                # unchanged, "unchanged 31" stood beside 30 documents (archivist QA).
                if seen.doc_id:
                    counts.unchanged += 1
                else:
                    counts.no_story(item.source)
                self._tick()
                continue
            # Only a page file's old id is replaced: a record's locator (a JSONL line, a WARC
            # offset, a feed's item number) is a place in its file, not a story, and one that
            # gives another story now says nothing of the story it gave (QA: a feed saved again
            # with a new item on top lost the story its old item 2 gave, without --prune). A
            # line of standard input is no lasting location either (QA: each piped batch
            # deleted the one before).
            old_id = seen.doc_id or None if seen is not None and _a_page(item.source) else None
            yield _Job(item, raw_hash, old_id)

    # -- stage 2: clean -----------------------------------------------------------------------

    def _cleaned(self, jobs: Iterator[_Job | _Cleaned | _Failed]) -> Iterator[_Cleaned | _Failed]:
        chunks = _chunks(jobs, CHUNK)
        cleaned_here = 0
        for chunk in chunks:
            yield from clean_chunk(chunk)
            cleaned_here += len(chunk)
            if self.workers > 1 and cleaned_here >= PARALLEL_AFTER:
                break
        else:
            return
        pool = ProcessPoolExecutor(
            self.workers, mp_context=segments.context(), initializer=segments.as_worker
        )
        window: deque[Future[list[_Cleaned | _Failed]]] = deque()
        try:
            for chunk in chunks:
                window.append(pool.submit(clean_chunk, chunk))
                if len(window) >= self.workers * WINDOW_PER_WORKER:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        except BrokenProcessPool:  # a traceback of 50 lines (QA: the OOM killer, say)
            raise SearchkitError(
                "a cleaning process was killed (perhaps for want of memory); "
                + segments.NOT_COMMITTED
            ) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    # -- stage 3: write -----------------------------------------------------------------------

    def _write(self, outcome: _Cleaned | _Failed, batch: _Batch, counts: _Counts) -> None:
        if isinstance(outcome, _Failed):
            kept = list(self._kept(outcome.source))
            reason = outcome.reason + (KEPT_AS_INDEXED if kept else "")
            self._fail(IngestError(reason, source=outcome.source), counts)
            for document in kept:
                self._write(document, batch, counts)
            return
        if outcome.if_absent and (outcome.doc_id in batch.seen or batch.stored(outcome.doc_id)):
            return  # given by what was read: that version is the one kept
        row = None  # the manifest row this outcome makes true, if it has a source
        if outcome.recorded and outcome.source and outcome.raw_hash:
            doc_id = "" if outcome.empty else outcome.doc_id
            row = (outcome.source, Seen(outcome.raw_hash, outcome.scraper_version, doc_id))
            batch.rows.append(row)
        if outcome.empty:
            counts.no_story(outcome.source)
            return
        doc_id = outcome.doc_id
        if doc_id in batch.seen:
            if batch.seen[doc_id] == outcome.content_hash:
                counts.unchanged += 1  # another copy of a page written in this batch
                return
            if row is not None:
                batch.rows.pop()  # true only once this document is written, after the commit
            batch.commit()  # Whoosh cannot replace a document added by the same writer
            if row is not None:
                batch.rows.append(row)
        # Given again: counted here, not again when the run looks back at the ids it dropped.
        # One this run deleted is written again, whatever the index still shows (QA: a story
        # moved to a new file while its old file took another, or a feed's lines shifted
        # down, was skipped as a copy of the document just deleted, and lost).
        dropped = batch.orphans.pop(doc_id, None)  # its content hash, when so deleted
        stored = batch.stored(doc_id) if dropped is None else None
        was = dropped if dropped is not None else stored and stored.get("content_hash")
        if was is None:
            counts.added += 1
        elif was != outcome.content_hash:
            counts.updated += 1
        else:
            counts.unchanged += 1
            if stored is not None and (_same_origin(stored, outcome) or _is_copy(stored, outcome)):
                return
            # Same story from new bytes or scrapers: rewritten so the next run can skip it.
        # The syndication cluster (issue 5) is assigned here, in the one writer, because it
        # depends on what is already indexed; the fingerprint was computed by the worker.
        fields = {
            **outcome.fields,
            schema.DUP_KEY: batch.clusters.assign(
                doc_id, outcome.fingerprint, edition_of(outcome.fields)
            ),
            schema.DUP_BANDS: " ".join(outcome.fingerprint.bands),
        }
        if outcome.old_id is not None and outcome.old_id != doc_id:
            # The page now names another URL: its old document goes, unless another source
            # gave that URL since and holds it.
            held = batch.stored(outcome.old_id)
            if held is not None and held.get("source") == outcome.source:
                batch.writer.delete_by_term("id", outcome.old_id)
                if outcome.old_id not in batch.seen:  # else a page of this batch gave it
                    batch.orphans[outcome.old_id] = str(held.get("content_hash"))
        if stored is not None:
            batch.writer.delete_by_term("id", doc_id)  # replaced
        batch.add(fields)
        batch.seen[doc_id] = outcome.content_hash

    def _give_back(self, batch: _Batch, counts: _Counts) -> None:
        """Read again the unchanged sources that gave an id deleted in this run because the
        page it was stored from names another URL now: the document one of them gives
        replaces it, as rebuild would (the run skipped them, their document being there).
        ``counts`` tells each such id as updated, or removed when no source gives it now."""
        if not batch.orphans:
            return
        batch.commit()  # the rows of the pages that moved: they no longer give those ids
        orphans = dict(batch.orphans)
        batch.orphans.clear()
        rows = self.manifest.givers(orphans) if self.manifest is not None else ()
        givers = [s for s, _ in rows if not s.startswith(STDIN_SOURCE)]
        # Not pages of the run (or counted in it already), so not in its report; one that can
        # no longer be read or cleaned (a file deleted since) simply no longer gives the id:
        # neither a failure of the run, nor one for --strict or --prune to act on (review).
        readable = (item for item in reread(givers) if not isinstance(item, IngestError))
        untold = _Counts()
        for outcome in self._cleaned(self._jobs(readable, batch, untold)):
            if not isinstance(outcome, _Failed):
                self._write(outcome, batch, untold)
        batch.commit()
        for doc_id, content_hash in orphans.items():
            now = batch.stored(doc_id)
            if now is None:
                counts.removed += 1
            elif now.get("content_hash") != content_hash:
                counts.updated += 1

    def _fail(self, error: IngestError, counts: _Counts) -> None:
        if self.strict:
            raise error
        counts.failed.append(error)

    def _kept(self, source: str) -> Iterator[_Cleaned]:
        return self.keep(source) if self.keep is not None else iter(())

    def _tick(self) -> None:
        self._done += 1
        if self.on_progress is not None:
            self.on_progress(self._done)


def worker_count(workers: int | None) -> int:
    """The processes a run asked for ``workers`` uses: one per core when None; raises
    ``OptionError`` for a count it cannot take."""
    if workers is None:
        return os.cpu_count() or 1
    return check_whole(workers, "workers", 1, MAX_WORKERS)


def merge_tiers(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: merge MERGE_FANOUT segments of one size tier into the new one.

    A segment's tier is its live document count rounded to a power of ten, so ten merged
    segments land in the middle of the next tier. Segments of FINAL_SEGMENT_DOCS or more live
    documents stay as they are; one with more deleted documents than live ones is rewritten
    without them, whatever its tier. Whoosh's default (MERGE_SMALL) merged every small segment
    at once whenever their count passed a Fibonacci bound; with 2,000-document commits that
    rewrote tens of thousands of documents every ~20 commits, and 100k pages cost the writer
    9.9x the CPU of 20k (benchmarks/ingest.py, issue 6).
    """
    from whoosh.reading import SegmentReader

    keep, merge = tiers_to_merge(segments)
    for segment in merge:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return keep


def tiers_to_merge(segments: list[Any]) -> tuple[list[Any], list[Any]]:
    """The segments merge_tiers keeps and those it merges (empty segments are dropped)."""
    tiers: dict[int, list[Any]] = {}
    keep: list[Any] = []
    merge: list[Any] = []
    for segment in segments:
        live = segment.doc_count()
        if live == 0:
            continue  # every document in it was deleted or replaced: dropped, not merged
        if 2 * live < segment.doc_count_all():
            merge.append(segment)
        elif live >= FINAL_SEGMENT_DOCS:
            keep.append(segment)
        else:
            tiers.setdefault(round(math.log10(live)), []).append(segment)
    for group in tiers.values():
        (merge if len(group) >= MERGE_FANOUT else keep).extend(group)
    return keep, merge


def clean_chunk(jobs: list[_Job | _Cleaned | _Failed]) -> list[_Cleaned | _Failed]:
    """Clean and analyse a chunk of pages (in a worker process); failures are returned."""
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = schema.build_schema()
    out: list[_Cleaned | _Failed] = []
    for job in jobs:
        if isinstance(job, _Cleaned | _Failed):
            out.append(job)
            continue
        item = job.item
        # Any failure of one page, in cleaning, hashing or analysing, is that page's alone.
        try:
            doc_id, article = clean(item)
            out.append(
                cleaned(
                    doc_id,
                    article,
                    item.source,
                    raw_hash=job.raw_hash,
                    old_id=job.old_id,
                    scraper_version=SCRAPER_VERSION,
                    analyzed_by=_SCHEMA,
                )
            )
        except Exception as error:
            out.append(_Failed(item.source, failure_reason(error)))
    return out


def failure_reason(error: Exception) -> str:
    """Why a page failed, as one printable line (the message may quote the page's text): the
    message alone for what the scrapers and the record checks refuse ("ValueError: 'site' must
    be a string" read as a crash, QA), the error's class too for anything else, a bug."""
    said = str(error) if isinstance(error, ScrapeError | ValueError) else None
    return brief(said or f"{type(error).__name__}: {error}")


def clean(item: RawPage | Record) -> tuple[str, Article]:
    """The id and Article for one page or record (raises ScrapeError or ValueError).

    The id is the article's URL when it has one, else a record's own ``id``, else a hash of
    the source (``document_id``).
    """
    if isinstance(item, RawPage):
        article = extract(item.data, url=item.url)
        return document_id(article, _stable(item.source)), article
    article = article_from_record(item.fields)
    own_id = record_id(item.fields)
    if own_id and not url_id(article.url):
        return own_id, article
    return document_id(article, _stable(item.source)), article


@dataclass(frozen=True)
class Preview:
    """What ``searchkit index`` makes of one page or record: its id and Article, and with
    ``explain`` what the scrapers left out of its body."""

    source: str
    doc_id: str
    article: Article
    dropped: list[Dropped] | None = None


def preview(
    path: str | Path, *, url: str | None = None, explain: bool = False
) -> Iterator[Preview | IngestError]:
    """What indexing the file at ``path`` would store: one page, or each record of a JSONL or
    WARC file (``sources.read_file``), with failures in line as ``ingest`` reports them. A file
    that holds none (blank lines, a WARC of no HTML response) is one failure of the file.

    ``url`` is where a page came from (records and WARC responses carry their own).
    """
    found = False
    for item in read_file(path):
        found = True
        if isinstance(item, IngestError):
            yield item
            continue
        if url and isinstance(item, RawPage) and item.url is None:
            item = replace(item, url=url)
        try:
            doc_id, article = clean(item)
            dropped = _dropped(item) if explain else None
        except Exception as error:
            yield IngestError(failure_reason(error), source=item.source)
            continue
        yield Preview(item.source, doc_id, article, dropped)
    if not found:  # `searchkit clean` exited 1 and said nothing (QA)
        yield IngestError("holds no page or record", source=os.path.abspath(path))


def _dropped(item: RawPage | Record) -> list[Dropped]:
    if isinstance(item, RawPage):
        return scrapers.explain(item.data, url=item.url)
    html = record_html(item.fields)
    return scrapers.explain(html, url=text_field(item.fields, "url") or None) if html else []


def document_id(article: Article, source: str) -> str:
    """A document's id: its URL when known, else a stable hash of its source (or content). A
    URL of spaces or a ``#fragment`` alone is none (QA: such articles all had the id "", each
    replacing the last)."""
    located = url_id(article.url)
    if located:
        return located
    if source:
        return "src:" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]
    return "sha:" + article.content_hash[:20]


def url_id(url: str) -> str:
    """The id of a document with this URL: trimmed, without its ``#fragment``."""
    return url.strip().split("#", 1)[0]


def article_from_record(fields: dict[str, Any]) -> Article:
    """An Article from a JSONL record: ``html`` is cleaned by the scrapers, other fields win.

    Raises ``ValueError`` for a record with neither a ``body`` nor an ``html`` string, or with
    a field of the wrong type (see ``Article.from_dict``; ``html`` must be a string too).
    """
    html = record_html(fields)
    given = Article.from_dict(fields)
    if fields.get("body") is None and fields.get("html") is None:  # their types checked above
        raise ValueError("a record needs a 'body' or an 'html' string")
    if not html:
        return given
    page = extract(html, url=given.url or None)
    if not page.body and len(html) <= SUMMARY_CHARS:
        page = replace(page, body=plain_text(html))
    own = {f.name: getattr(given, f.name) for f in dc_fields(Article) if getattr(given, f.name)}
    return replace(page, **own)


#: The longest ``html`` of a record (a page wrapped around a fragment included) whose plain text
#: is its body when the scrapers find no story in it: a feed item's summary of a sentence or two
#: is too short to read as a story, and such items were indexed as empty (QA); a whole page
#: with no story in it is no summary.
SUMMARY_CHARS = 2000


def record_html(fields: dict[str, Any]) -> str:
    """A record's ``html`` as a page the scrapers read as HTML ("" when it has none).

    ``html`` is HTML whatever it looks like: a fragment of a tag or two (``<p>One
    paragraph.</p>``, a feed item's summary) or plain words looked to the scrapers like a text
    dump, whose first line is its title, and the record's story was lost. Such a fragment is
    put in a page's body.

    >>> record_html({"html": "<p>Rebels agreed.</p>"})
    '<html><body><p>Rebels agreed.</p></body></html>'
    """
    html = text_field(fields, "html")
    if html and not looks_like_html(html):
        return f"<html><body>{html}</body></html>"
    return html


def record_id(fields: dict[str, Any]) -> str:
    """A JSONL record's own ``id`` as text ("" when it has none): a string or a whole number.

    >>> record_id({"id": 12}), record_id({"id": ""})
    ('12', '')
    """
    value = fields.get("id")
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"'id' must be a string or a whole number, not {json_kind(value)}")
    return check_text("id", str(value))


#: What a failure says of the documents a rebuild keeps from it: "skipped …: no such file or
#: folder" read as if they were lost (archivist QA).
KEPT_AS_INDEXED = "; what it gave is kept as indexed"


def rebuild_items(
    current: Searcher, manifest: Manifest
) -> Iterator[RawPage | Record | IngestError | _Cleaned]:
    """Everything ``current`` holds, to be written into a new generation.

    Each source the manifest recorded is read again (so it is cleaned by today's scrapers), in
    the order it was recorded: of two that give one id, the later wins, as it did when they
    were ingested, and both are recorded again (a rebuild that read only the one the index held
    forgot the other, which the next unchanged run then took for new and stored instead).
    Pages recorded as having had no story are read too (today's scrapers may find one), after
    carrying over any document they gave before; sources of a deleted document are not. Then
    the sources of documents not read so: the manifest does not list them (an index of schema
    1) or names another document for them (a run stopped between its commit and its rows). A
    source that cannot be read any more is an ``IngestError`` (reported, and its documents kept
    by ``kept_from``); documents with no source to read (standard input, added from Python) are
    carried over as they are stored, and so are those of a record's place that what was read
    does not give.
    """
    reader = current.reader()

    def holds(doc_id: str) -> bool:
        """Whether a row's document is one to read its source for (a page with no story is)."""
        return not doc_id or current.document_number(id=doc_id) is not None

    storyless: set[str] = set()  # recorded as having had no story at their last read

    def recorded() -> Iterator[str]:
        for source, doc_id in manifest.sources():
            if not source.startswith(STDIN_SOURCE) and holds(doc_id):
                if not doc_id:
                    storyless.add(source)
                yield source

    sources = (
        term.decode("utf-8") if isinstance(term, bytes) else str(term)
        for term in reader.lexicon("source")
    )

    def left_out(source: str) -> bool:
        """Whether ``recorded`` left out a source the index holds a document of: no row, or
        a row out of date (a run stopped before writing it)."""
        row = manifest.get(source)
        return row is None or not holds(row.doc_id)

    unrecorded = (
        s
        for s in sources
        if s and not s.startswith(STDIN_SOURCE) and left_out(s) and _was_read(current, s)
    )
    pending: deque[str] = deque()

    def remember(stream: Iterator[str]) -> Iterator[str]:
        for source in stream:
            pending.append(source)
            yield source

    told: set[tuple[str, str]] = set()  # a file's failure, told once for all its records
    for item in reread(remember(chain(recorded(), unrecorded))):
        source = pending.popleft()  # reread yields exactly one item per source
        if source in storyless and not isinstance(item, IngestError):
            # A page that lost its story keeps the document it gave before, as in ingest;
            # read again after it, today's scrapers may find a story that replaces it.
            yield from _stored_from(current, source)
        path = file_of(source)
        if isinstance(item, IngestError) and path and path != source:
            gone = not os.path.exists(path)
            told_before = (path, item.reason) in told
            told.add((path, item.reason))
            if gone or told_before:
                # A record of a file gone, or of one that fails whole as its last record did
                # (a feed saved over by a "not found" page): its documents kept, the file told
                # once, not each of its 100 records (QA).
                yield from _stored_from(current, source, if_absent=not gone)
                if gone and not told_before:
                    yield IngestError(item.reason + KEPT_AS_INDEXED, source=path)
                continue
        yield item  # a source that cannot be read any more: reported, its documents kept
    # Last, in one pass over what ``current`` stores, after every source read is written:
    for _docnum, stored in reader.iter_docs():
        source = str(stored.get("source") or "")
        if _added_from_python(stored) or not source or source.startswith(STDIN_SOURCE):
            yield _carry(stored)  # no source to read again: carried as stored
        elif not _a_page(source):
            # A record's place (a JSONL line, a WARC offset, a feed's item) that gives another
            # story now says nothing of the story it gave, which ``index`` keeps until --prune
            # (QA: the rebuild lost it): carried unless what was read gives its id. A page file
            # that names another URL now gave its new document in its old one's place.
            yield _carry(stored, recorded=False)


def kept_from(current: Searcher) -> Callable[[str], Iterator[_Cleaned]]:
    """The ``keep`` of a rebuild: a source that cannot be read or cleaned again (a file gone
    or since overwritten with junk) keeps the documents ``current`` holds from it, as stored,
    so that a rebuild never loses a document. A record's place that fails (a feed's item 3,
    the feed holding two now) keeps them only where nothing read gives their ids: the story
    it gave may have moved up the file, and be read there in a newer version (QA)."""

    def keep(source: str) -> Iterator[_Cleaned]:
        return _stored_from(current, source, if_absent=not _a_page(source))

    return keep


def _stored_from(current: Searcher, source: str, *, if_absent: bool = False) -> Iterator[_Cleaned]:
    """The documents ``current`` holds from ``source``, to carry over as they are stored."""
    for docnum in current.document_numbers(source=source):
        yield _carry(current.stored_fields(docnum), if_absent=if_absent)


def _carry(stored: dict[str, Any], *, if_absent: bool = False, recorded: bool = True) -> _Cleaned:
    """A stored document, to write again as it is."""
    document = cleaned(
        str(stored["id"]),
        schema.from_fields(stored),
        str(stored.get("source") or ""),
        raw_hash=str(stored.get("raw_hash") or ""),
        scraper_version=str(stored.get("scraper_version") or ""),
    )
    if if_absent or not recorded:
        # Only held back when nothing read gives its id (see ``_Cleaned``).
        return replace(document, if_absent=True, recorded=recorded)
    return document


def _first(leaf: Any, doc_id: str) -> int | None:
    """The number, in one segment, of the live document with this id."""
    try:
        postings = leaf.postings("id", doc_id)  # deleted ones left out
    except TermNotFound:
        return None
    return next(iter(postings.all_ids()), None)


def _same_origin(stored: dict[str, Any], outcome: _Cleaned) -> bool:
    return bool(
        stored.get("source", "") == outcome.source
        and stored.get("raw_hash", "") == outcome.raw_hash
        and stored.get("scraper_version", "") == outcome.scraper_version
    )


def _is_copy(stored: dict[str, Any], outcome: _Cleaned) -> bool:
    """The same story stored from another source that still exists: keep the first one.

    Without this, two copies of one page would take turns as the stored source and each run
    would rewrite the document. (The manifest records the copy, so it is skipped next time.)
    """
    source = str(stored.get("source") or "")
    path = file_of(source)
    return bool(outcome.source and source != outcome.source and path and os.path.exists(path))


def _was_read(current: Searcher, source: str) -> bool:
    """Whether a document was cleaned from the bytes at ``source``: not one added from Python
    (``Archive.add(article, source=...)``), which a rebuild carries over (QA round 5: it was
    replaced by whatever the file at its source made)."""
    found = current.documents(source=source)  # an article added with this source, and a page
    return any(not _added_from_python(stored) for stored in found)


def _added_from_python(stored: dict[str, Any]) -> bool:
    """Whether a document came from ``Archive.add``/``add_many``: no raw bytes gave it, so its
    ``raw_hash`` is empty. (Indexes of schema 1 have no raw_hash at all: read again.)"""
    return stored.get("raw_hash") == ""


def _a_page(source: str) -> bool:
    """Whether ``source`` is a page file, which gives one document, rather than a record at a
    place in a file (``feed.jsonl:12``, ``crawl.warc.gz#4096``, ``news.rss#3``) or a line of
    standard input."""
    return bool(source) and file_of(source) == source


def _stable(source: str) -> str:
    # Standard input has no lasting location: an id from "<stdin>:3" would change with the
    # order of the lines, so such records are identified by their content instead.
    return "" if source.startswith(STDIN_SOURCE) else source


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(items, size)):
        yield chunk
