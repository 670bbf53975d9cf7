"""Archive: the one facade over an index on disk. Open or create, add, ingest, search, get, stats.

>>> import tempfile
>>> from scrapers import Article
>>> with Archive(tempfile.mkdtemp()) as archive:
...     doc_id = archive.add(Article(title="Aleppo", body="A descent into hell.", url="https://x.test/a"))
...     [hit.title for hit in archive.search('"descent into hell"')]
['Aleppo']
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, FileIndex, LockError
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from scrapers import Article
from scrapers.article import check_text
from searchkit import ranking, schema, searcher
from searchkit.checks import check_flag, check_folder, check_seconds
from searchkit.errors import (
    ArchiveError,
    ArchiveLocked,
    ArchiveNotFound,
    DocumentNotFound,
    IngestError,
    OptionError,
    SchemaMismatch,
)
from searchkit.indexer import (
    SCRAPER_VERSION,
    Indexer,
    Progress,
    article_from_record,
    document_id,
    kept_from,
    merge_tiers,
    rebuild_items,
    url_id,
    worker_count,
)
from searchkit.live import held_live
from searchkit.query import parse
from searchkit.querytext import addresses
from searchkit.results import ArchiveStats, IngestReport, SearchResults
from searchkit.searcher import Facet, Sort
from searchkit.sources import iter_sources, missing, printable
from searchkit.store import (
    OPEN_TRIES,
    WRITER_OPTIONS,
    Manifest,
    Store,
    cancel,
    damaged,
    lost,
    open_index,
)

DEFAULT_LOCK_TIMEOUT = 30.0

__all__ = ["Archive", "article_from_record", "document_id"]


class Archive:
    """A searchable archive of news articles, stored as a Whoosh index in one folder.

    ``Archive(path)`` opens the index at ``path``, creating it when ``create`` is true (the
    default); with ``create=False`` a missing index raises ``ArchiveNotFound``. An index built
    with an older schema version raises ``SchemaMismatch`` unless ``check_schema`` is false,
    which is only good for calling :meth:`rebuild`; one built by a newer searchkit raises it
    always. A writer waits up to ``lock_timeout``
    seconds for another one to finish, then raises ``ArchiveLocked``; searches never wait.
    ``on_wait`` (an attribute too) is called each time a write starts waiting so, with the
    seconds it may wait.
    Use it as a context manager, or call ``close()``.

    One Archive may be shared by many threads: ``search``, ``get`` and ``stats`` run
    concurrently, each on a searcher of its own, and always see the latest commit, whether this
    Archive, another one or another process made it (issue 7), and the new generation after a
    rebuild switched to it (issue 6).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        check_schema: bool = True,
        on_wait: Callable[[float], None] | None = None,
    ) -> None:
        self.path = check_folder(path, "path")
        self.on_wait = on_wait
        if self.path.exists() and not self.path.is_dir():
            raise ArchiveNotFound(f"{self.path} is a file, not an index folder")
        self.lock_timeout = check_seconds(lock_timeout, "lock_timeout")
        create = check_flag(create, "create")  # create="no" made an index (QA)
        check_schema = check_flag(check_schema, "check_schema")
        self._guard = threading.Lock()  # swaps index and searcher pool on a generation switch
        self._closed = False
        self._store = Store(self.path)
        self._stamp = self._store.stamp()
        live = self._store.live()
        if live is None and not create:
            raise ArchiveNotFound(
                f"no index at {self.path}; create one with "
                f"`searchkit index PATH --index {self.path}`"
            )
        if live is None:
            live = self._store.create(SCRAPER_VERSION)
            self._stamp = self._store.stamp()
        elif (live.schema_version or 0) > schema.SCHEMA_VERSION:
            # Not even rebuilt: a rebuild would write it back in an older schema (QA).
            raise SchemaMismatch(
                f"the index at {self.path} was built by a newer searchkit (schema version "
                f"{live.schema_version}, this one reads {schema.SCHEMA_VERSION}); upgrade "
                "searchkit to use it"
            )
        elif check_schema and live.schema_version != schema.SCHEMA_VERSION:
            # searchkit.json edited by hand may hold no whole number there (QA: "version None")
            version = live.schema_version
            built = "no known schema version" if version is None else f"schema version {version}"
            raise SchemaMismatch(
                f"the index at {self.path} was built with {built}, this searchkit uses "
                f"{schema.SCHEMA_VERSION}; run `searchkit rebuild --index {self.path}`"
            )
        self._dir = live.path
        with damaged(live.path):
            self._index: FileIndex = open_index(live.path)
        self._searchers = _SearcherPool(self._index)

    # -- lifetime ---------------------------------------------------------------------------

    def __enter__(self) -> Archive:
        if self._closed:
            raise ValueError("the archive is closed")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the searchers and the index's open files."""
        with self._guard:
            self._closed = True
            self._searchers.close()
            self._index.close()

    def __len__(self) -> int:
        with self._checkout() as current:  # raises ValueError after close(), as search does
            return int(current.doc_count())

    def __bool__(self) -> bool:
        """An archive is true, empty or not, open or closed: with only ``__len__``, an empty one
        was false, so ``archive or Archive(path)`` opened a second one (QA)."""
        return True

    # -- writing ------------------------------------------------------------------------------

    def add(self, article: Article, *, id: str | None = None, source: str = "") -> str:
        """Index one article, replacing any document with the same id; returns the id.

        The id is ``id`` when given (spaces around it left out; a blank one is none), else the
        article's URL, else a hash of ``source`` or, with no source either, of the article's
        content. A document given its own id is found by that id, not by its URL. An article
        with no body is not indexed: ``IngestError``, and a document already under its id stays.
        """
        _article(article)
        # source=5 raised AttributeError (QA); None is no source, as before (review)
        source = "" if source is None else check_text("source", source)
        # id="   " was stored as it was, where id="" was none (QA)
        given = check_text("id", id).strip() if id else ""
        doc_id = given or document_id(article, source)
        if not article.body.strip():  # add_many counts it in IngestReport.empty
            raise IngestError("the article has no body; nothing was indexed", source=doc_id)
        self._write([(doc_id, article, source)])
        return doc_id

    def add_many(self, articles: Iterable[Article]) -> IngestReport:
        """Index many articles in one commit (ids as in :meth:`add`)."""
        if isinstance(articles, Article) or not isinstance(articles, Iterable):
            # "'NoneType' object is not iterable", from inside the indexer (QA)
            raise TypeError(f"articles must be an iterable of Article, not {_kind(articles)}")
        return self._write((document_id(_article(a), ""), a, "") for a in articles)

    def ingest(
        self,
        paths: str | Path | Iterable[str | Path],
        *,
        on_progress: Progress | None = None,
        strict: bool = False,
        prune: bool = False,
        workers: int | None = None,
    ) -> IngestReport:
        """Clean and index every page, JSONL record and WARC response under ``paths``.

        Pages are cleaned by ``workers`` processes (default: one per core), their postings filed
        by as many segment processes, and written in batches, each committed atomically. A page
        whose raw bytes and scrapers are unchanged since it was indexed is skipped without
        being cleaned. A source that cannot be read or cleaned is reported in
        ``IngestReport.failed`` and the rest is indexed; with ``strict`` the first failure
        raises ``IngestError`` instead. With ``prune``, documents whose source is gone are
        removed (``IngestReport.removed``): their file no longer exists, or a JSONL or WARC file
        read to its end no longer holds their record (``searchkit.prune``). A file under a
        folder that is of no type read (``.pdf``, a saved page's ``.css``) is no failure but is
        counted in ``IngestReport.ignored`` (hidden files and folders, ``.git/``, are not); given
        by name, it fails. ``-`` in ``paths`` reads paths or JSONL lines from standard input.
        One path may be given alone. With ``prune``, a path that does not exist raises
        ``IngestError`` before anything is read: an unmounted drive or a typo removed every
        document indexed from it (QA). ``on_progress`` is called with the number of sources
        read so far (pages, records), as each is done.
        """
        # A string is no flag: prune="no" pruned (QA).
        strict, prune = check_flag(strict, "strict"), check_flag(prune, "prune")
        _check_progress(on_progress)
        if isinstance(paths, bytes) or not isinstance(paths, str | os.PathLike | Iterable):
            # bytes were read as numbers, "not int"; None "is not iterable", deep inside (QA)
            raise TypeError(
                f"paths must be a str, a Path or an iterable of them, not {_kind(paths)}"
            )
        if isinstance(paths, str | os.PathLike):  # not its characters (QA round 5)
            paths = [paths]
        if prune:
            paths = list(paths)
            absent = missing(paths)
            if absent:
                raise prune_refused(absent[0])
        manifest = Manifest(self._live_dir())
        try:
            indexer = Indexer(
                self._writer,
                manifest=manifest,
                workers=workers,
                strict=strict,
                on_progress=on_progress,
            )
            with damaged(self._dir, opening=False):  # its segments are read as it writes
                return indexer.ingest(iter_sources(paths), prune=prune)
        finally:
            manifest.close()

    def rebuild(
        self, *, on_progress: Progress | None = None, workers: int | None = None
    ) -> IngestReport:
        """Re-read every recorded source into a new generation, then switch to it atomically.

        Pages are cleaned again by the current scrapers into the current schema (this is how
        an index of an older schema version is brought up to date). Searches keep answering
        from the old generation until the switch; a crash before it leaves the live index as
        it was. Documents whose source cannot be read or cleaned again are carried over as stored
        (and the source reported as failed). Other writers wait (``lock_timeout``) until the
        rebuild is done.
        """
        worker_count(workers)  # checked before a generation is made for it
        _check_progress(on_progress)
        hold = self._writer()  # the live generation's lock, held until the switch
        try:
            folder = self._store.prepare()
            try:
                report = self._rebuild_into(folder, hold, on_progress, workers)
            except BaseException:
                # Never live, and no other rebuild runs while we hold the lock: its batches
                # committed so far would fill a disk the failure may have found full (QA).
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self._store.switch(folder, SCRAPER_VERSION)
        finally:
            hold.cancel()
        self._follow_switch()
        return report

    def _rebuild_into(
        self,
        folder: Path,
        hold: SegmentWriter,
        on_progress: Progress | None,
        workers: int | None,
    ) -> IngestReport:
        """Write every document of the live generation, read again, into ``folder``."""
        fresh = whoosh_index.open_dir(str(folder))
        old, new = Manifest(self._dir), Manifest(folder)
        try:
            with damaged(self._dir, opening=False), hold.searcher() as current:
                indexer = Indexer(
                    lambda: fresh.writer(**WRITER_OPTIONS),
                    manifest=new,
                    workers=workers,
                    on_progress=on_progress,
                    keep=kept_from(current),
                )
                return indexer.ingest(rebuild_items(current, old))
        finally:
            old.close()
            new.close()
            fresh.close()

    def delete(self, doc_id: str) -> bool:
        """Remove a document; returns whether it was there."""
        with self._checkout() as current:
            held = _held_id(current, doc_id)
        if held is None:
            return False
        writer = self._writer()
        try:
            removed = writer.delete_by_term("id", held)
        except BaseException:
            cancel(writer)
            raise
        writer.commit(mergetype=merge_tiers)
        return bool(removed)

    def _write(self, items: Iterable[tuple[str, Article, str]]) -> IngestReport:
        """Index ``(id, article, source)`` items in one commit."""
        if self._closed:  # add_many([]) after close() asked for no writer, and said nothing (QA)
            raise ValueError("the archive is closed")
        with damaged(self._dir, opening=False):
            return Indexer(self._writer, workers=1).write(items)

    def _live_dir(self) -> Path:
        if self._closed:  # ingest of a path that is not there reported it, as if open (QA)
            raise ValueError("the archive is closed")
        self._follow_switch()
        return self._dir

    def _writer(self) -> SegmentWriter:
        """The live generation's writer, once no one else holds its lock."""
        while True:
            if self._closed:  # add, delete and ingest after close() wrote all the same
                raise ValueError("the archive is closed")
            self._follow_switch()
            # What we looked at: a rebuild in another thread moves self._stamp on when it
            # switches, and a writer that waited for its lock then took the old generation's.
            with self._guard:
                index, folder, stamp = self._index, self._dir, self._stamp
            try:
                with damaged(folder):
                    writer = self._locked_writer(index)
            except LockError as error:
                raise ArchiveLocked(
                    f"another process is writing to {self.path}; "
                    f"gave up after {self.lock_timeout:g} s"
                ) from error
            except (FileNotFoundError, EmptyIndexError):
                if self._store.stamp() == stamp:
                    raise  # no switch since we looked: the index's files were deleted
                continue  # rebuilds switched twice while we waited, deleting our generation
            if self._store.stamp() == stamp:
                # The lock of the live generation, still live: no rebuild runs, so a gen-N+1/ is
                # one a rebuild killed before its switch left. It took the disk space of a whole
                # index until the next rebuild (QA).
                self._store.clear_unfinished(folder)
                return writer
            writer.cancel()  # a rebuild switched generations while we waited: write to the new one

    def _locked_writer(self, index: FileIndex) -> SegmentWriter:
        """``index``'s writer, once its lock is free, waiting up to ``lock_timeout`` seconds:
        said to ``on_wait`` first, as a second ``searchkit index`` showed "0 pages/s" for as
        long as it waited and did not say why (archivist QA)."""
        if self.on_wait is not None and self.lock_timeout > 0:  # no wait at 0 s: nothing to say
            try:
                return index.writer(timeout=0, **WRITER_OPTIONS)
            except LockError:
                self.on_wait(self.lock_timeout)
        return index.writer(timeout=self.lock_timeout, delay=0.05, **WRITER_OPTIONS)

    def _follow_switch(self) -> None:
        """Open the live generation if a rebuild switched to a new one since we looked, or
        the index was made anew (deleted and created again: its ``gen-1`` is not the one
        open, whose searchers served the deleted documents, QA). Raises ``ArchiveNotFound``
        while the index is gone (moved or deleted: Whoosh's EmptyIndexError was an HTTP 500)."""
        if self._store.stamp() == self._stamp:
            return
        with self._guard:  # read again under the guard: another thread may have switched
            for _ in range(_SWITCH_TRIES):
                stamp = self._store.stamp()
                if self._closed:
                    return
                live = self._store.live()
                if live is None:
                    raise ArchiveNotFound(
                        f"the index at {self.path} is gone (moved or deleted); index into it "
                        "again, or open the folder it moved to"
                    )
                # Opened before the old pool is closed: should it fail, the archive stays as
                # it was. A later rebuild that deleted the generation meanwhile is looked past
                # (QA: Whoosh's EmptyIndexError reached a reader while two processes rebuilt).
                try:
                    with damaged(live.path):
                        index = open_index(live.path)
                except (EmptyIndexError, FileNotFoundError):
                    if self._store.stamp() == stamp:
                        raise
                    continue
                break
            else:
                raise ArchiveError(
                    f"the index at {self.path} switched generations {_SWITCH_TRIES} times while "
                    "it was opened (rebuilds running); try again"
                )
            self._searchers.close()  # searchers in use finish on the old generation
            self._index.close()
            self._index = index
            self._searchers = _SearcherPool(index)
            self._dir = live.path
            self._stamp = stamp

    # -- reading ------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        page: int = 1,
        sort: Sort = "relevance",
        since: date | int | str | None = None,
        until: date | int | str | None = None,
        site: str | Sequence[str] | None = None,
        author: str | Sequence[str] | None = None,
        lenient: bool = False,
        facets: bool | Sequence[Facet] = (),
        collapse: bool = True,
        feedback: bool = False,
        rerank: bool = False,
    ) -> SearchResults:
        """Ranked hits for a query (see ``searchkit.query`` for the syntax).

        ``since``/``until`` take a date, a year (``2016``) or ``"2016"``, ``"2016-11"``,
        ``"2016-11-29"`` (a year or month as ``since`` means its first day, as ``until`` its
        last). ``facets`` names counts to make over every hit: ``"site"``, ``"author"``,
        ``"month"``, or ``True`` for all three (``--facets``). ``limit`` is at most
        ``MAX_LIMIT`` (1000), as on the command line and over HTTP. ``site`` and ``author``
        take a name or several (any of them). Syndicated copies of one story are one hit
        listing the others in ``Hit.also_at``, unless ``collapse=False``.
        ``feedback=True`` re-scores a query of plain words with pseudo-relevance feedback (RM3:
        words of the first hits join the query): better rankings for topic searches, at about
        twice the time (``searchkit.ranking``). ``rerank=True`` re-ranks the first 30 hits by
        meaning with a small language model (all-MiniLM-L6-v2, on the CPU): the best ranking
        searchkit has, at about 0.75 s more a search (``searchkit.rerank``).

        Raises ``QueryError`` for a malformed query unless ``lenient`` is true, in which case
        the words of the query are searched instead, and ``OptionError`` (a ``ValueError``) for
        an option value it cannot take, such as ``limit=0`` or ``sort="popular"``.

        >>> import tempfile
        >>> from scrapers import Article
        >>> with Archive(tempfile.mkdtemp()) as archive:
        ...     _ = archive.add(Article(title="Aleppo", body="Shelling.", site="Wire", url="u:1"))
        ...     results = archive.search("aleppo", since="2016-11", facets=("site",))
        ...     results.total, results.facets
        (0, {'site': ()})
        """
        lenient = check_flag(lenient, "lenient")  # "false" was True (QA)
        collapse = check_flag(collapse, "collapse")
        feedback = check_flag(feedback, "feedback")
        rerank = check_flag(rerank, "rerank")
        with self._checkout() as current:
            parsed = parse(query, current.schema, lenient=lenient)
            return searcher.run(
                current,
                parsed,
                limit=limit,
                page=page,
                sort=sort,
                since=since,
                until=until,
                site=site,
                author=author,
                facets=facets,
                collapse=collapse,
                feedback=feedback,
                rerank=rerank,
            )

    def similar(self, doc_id: str, *, limit: int = 10, page: int = 1) -> SearchResults:
        """Documents most like ``doc_id`` by the key terms of its body (more like this).

        The key terms are its words of highest tf-idf among those other stories have too. The
        document itself and its syndicated copies are left out; ``total`` counts every story
        (copies once) that shares a key term, ``limit`` of them a ``page``. Raises
        ``DocumentNotFound`` when there is no document with that id.
        """
        with self._checkout() as current:
            held = _held_id(current, doc_id)
            found = None
            if held is not None:
                found = searcher.similar(current, held, limit=limit, page=page)
        if found is None:
            raise DocumentNotFound(f"no document with id {doc_id!r} in {self.path}")
        return found

    def get(self, doc_id: str) -> Article | None:
        """The article stored under ``doc_id``, or None."""
        with self._checkout() as current:
            held = _held_id(current, doc_id)
            stored = current.document(id=held) if held is not None else None
        return schema.from_fields(stored) if stored is not None else None

    def id_of(self, doc_id: str) -> str | None:
        """The id the document ``doc_id`` names is stored under (a URL as given, with its
        ``#fragment`` or spaces, names the document of the URL without them), or None."""
        with self._checkout() as current:
            return _held_id(current, doc_id)

    def stats(self) -> ArchiveStats:
        """Documents, distinct sites, date range and size on disk."""
        with self._checkout() as current:
            reader = current.reader()
            sites = {
                term
                for leaf, _offset in reader.leaf_readers()
                for term in leaf.lexicon("site_key")
                if term and held_live(leaf, "site_key", term)
            }
            field = reader.schema["published"]
            terms = list(field.sortable_terms(reader, "published"))  # in date order
            # From each end to the first date a live document has: not a check of every date.
            first = next((t for t in terms if held_live(reader, "published", t)), None)
            last = next((t for t in reversed(terms) if held_live(reader, "published", t)), None)
        return ArchiveStats(
            path=printable(str(self.path)),
            documents=len(self),
            sites=len(sites),
            first_published=field.from_bytes(first).date() if first is not None else None,
            last_published=field.from_bytes(last).date() if last is not None else None,
            size_bytes=_folder_size(self._dir),
        )

    @contextmanager
    def _checkout(self) -> Iterator[Searcher]:
        """A searcher of the live generation's latest commit, for this thread alone."""
        tries = 0
        while True:
            self._follow_switch()  # a rebuild switched generations (issue 6)
            with self._guard:
                if self._closed:
                    raise ValueError("the archive is closed")
                pool = self._searchers
            try:
                with damaged(self._dir):
                    taken = pool.take()
            except FileNotFoundError as error:
                # A segment of the commit read is gone: a later commit or rebuild deleted it
                # (read again), or it is lost (QA: "Error: …/MAIN_x.seg: No such file").
                tries += 1
                if tries == OPEN_TRIES:
                    raise lost(self._dir, error) from None
                continue
            if taken is not None:
                break
            # Another thread switched generations between the two steps and closed this pool
            # (QA round 5: searches during a rebuild raised "the archive is closed", HTTP 500):
            # take the new one. A pool closed and not replaced is a closed archive.
            with self._guard:
                if self._searchers is pool:
                    raise ValueError("the archive is closed")
        try:
            yield taken[0]
        finally:
            pool.give_back(*taken)


class _SearcherPool:
    """Whoosh searchers of the latest commit, each used by one thread at a time (issue 7).

    Whoosh does not promise that a Searcher is safe to use from two threads at once (its readers
    share file handles and caches), and one searcher behind a lock would make every search wait
    for the one before it. So each search checks a searcher out of this pool, opening a new one
    when none is idle, and gives it back afterwards. A searcher is tagged with the generation
    (commit number) that was the latest when it was opened: when a later commit lands, idle
    searchers of older generations are closed, and ones in use are closed when given back. A
    search therefore never sees an index older than the latest commit at the time it started.
    """

    def __init__(self, index: FileIndex) -> None:
        self._index = index
        self._lock = threading.Lock()
        self._generation = -1
        self._idle: list[Searcher] = []
        self._closed = False

    def take(self) -> tuple[Searcher, int] | None:
        """A searcher of the latest commit and its generation, for this thread alone until
        ``give_back``; None once the pool is closed."""
        with self._lock:
            if self._closed:
                return None
            # Read the generation before opening: the searcher sees this commit or a later one.
            latest = int(self._index.latest_generation())
            stale: list[Searcher] = []
            if latest > self._generation:
                stale, self._idle, self._generation = self._idle, [], latest
            idle = self._idle.pop() if self._idle and latest == self._generation else None
            try:
                current = idle or self._index.searcher(weighting=ranking.weighting())
            finally:
                for old in stale:
                    old.close()
        return current, latest

    def give_back(self, current: Searcher, latest: int) -> None:
        """Return a searcher that ``take`` gave: kept for the next search unless it is stale."""
        with self._lock:
            keep = not self._closed and latest == self._generation
            if keep:
                self._idle.append(current)
        if not keep:
            current.close()

    def close(self) -> None:
        """Close the idle searchers; those in use close when given back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for unused in idle:
            unused.close()


def prune_refused(absent: IngestError) -> IngestError:
    """The error a run with ``prune`` stops with, before it reads anything, when a path it
    was given is missing (``absent``): its documents would all look deleted."""
    return IngestError(
        f"{absent.reason}; nothing was indexed or pruned (pruning would remove every document "
        "read from it)",
        source=absent.source,
    )


def _folder_size(path: Path) -> int:
    """Bytes of the files in ``path``; a file a concurrent commit deletes meanwhile counts 0."""
    size = 0
    for entry in path.iterdir():
        try:
            if entry.is_file():
                size += entry.stat().st_size
        except FileNotFoundError:
            continue
    return size


#: Times a reader opens the live generation while rebuilds keep switching it.
_SWITCH_TRIES = 3


def _kind(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _check_progress(on_progress: object) -> None:
    """Refuse an ``on_progress`` that is not a function: it failed at the first page (QA)."""
    if on_progress is not None and not callable(on_progress):
        raise OptionError(
            f"on_progress must be a function of the number of sources read, not {on_progress!r}",
            option="on_progress",
        )


def _article(value: object) -> Article:
    """``value`` when it is an ``Article``; a dict raised AttributeError in the indexer (QA)."""
    if isinstance(value, Article):
        return value
    raise TypeError(f"an Article is needed, not {type(value).__name__}")


def _held_id(current: Searcher, doc_id: str) -> str | None:
    """The id a document is stored under: ``doc_id``, or the id indexing makes of it as a URL
    (trimmed, no ``#fragment``: ``get(article.url)`` found nothing for such a URL); None when
    there is none."""
    if not _is_text(doc_id):
        return None
    named = [doc_id, url_id(doc_id)]
    pasted = doc_id.strip().removeprefix("<").removesuffix(">")  # as a plain-text mail has it
    if _WEB_ADDRESS.match(pasted):  # as pasted: tracking, http or https, a last slash
        named += [url_id(address) for address in addresses(pasted, same_query=True)]
    for held in dict.fromkeys(named):
        if held and current.document_number(id=held) is not None:
            return held
    return None


#: An id that is a web address, which names its story in the forms a browser writes it, as a
#: query does (``querytext.addresses``; journalist QA: ``similar`` of a link with
#: ``?utm_source=`` found no document that ``search`` found).
_WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def _is_text(doc_id: str) -> bool:
    """Whether an id can name a document: no id is bytes that are not UTF-8, which the OS hands
    over as lone surrogates (``searchkit similar $'\\xff'`` raised UnicodeEncodeError)."""
    try:
        check_text("id", doc_id)  # the check every stored field passed
    except ValueError:
        return False
    return True
