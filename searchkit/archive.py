"""Archive: the one facade over an index on disk. Open or create, add, ingest, search, get, stats.

>>> import tempfile
>>> from scrapers import Article
>>> with Archive(tempfile.mkdtemp()) as archive:
...     doc_id = archive.add(Article(title="Aleppo", body="A descent into hell.", url="https://x.test/a"))
...     [hit.title for hit in archive.search('"descent into hell"')]
['Aleppo']
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from types import TracebackType

from whoosh import index as whoosh_index
from whoosh.index import FileIndex, LockError
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from scrapers import Article
from searchkit import schema, searcher
from searchkit.errors import ArchiveLocked, ArchiveNotFound, SchemaMismatch
from searchkit.indexer import (
    SCRAPER_VERSION,
    Indexer,
    Progress,
    article_from_record,
    document_id,
    rebuild_items,
)
from searchkit.query import parse
from searchkit.results import ArchiveStats, IngestReport, SearchResults
from searchkit.searcher import Sort
from searchkit.sources import iter_sources
from searchkit.store import POINTER, Manifest, Store

META_FILE = POINTER
DEFAULT_LOCK_TIMEOUT = 30.0

__all__ = ["Archive", "article_from_record", "document_id"]


class Archive:
    """A searchable archive of news articles, stored as a Whoosh index in one folder.

    ``Archive(path)`` opens the index at ``path``, creating it when ``create`` is true (the
    default); with ``create=False`` a missing index raises ``ArchiveNotFound``. An index built
    with another schema version raises ``SchemaMismatch`` unless ``check_schema`` is false,
    which is only good for calling :meth:`rebuild`. A writer waits up to ``lock_timeout``
    seconds for another one to finish, then raises ``ArchiveLocked``; searches never wait. Use
    it as a context manager, or call ``close()``.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        check_schema: bool = True,
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._searcher: Searcher | None = None
        self._guard = threading.RLock()  # re-entered by _follow_switch
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
        elif check_schema and live.schema_version != schema.SCHEMA_VERSION:
            raise SchemaMismatch(
                f"the index at {self.path} was built with schema version "
                f"{live.schema_version}, this searchkit uses {schema.SCHEMA_VERSION}; "
                f"run `searchkit rebuild --index {self.path}`"
            )
        self._dir = live.path
        self._index: FileIndex = whoosh_index.open_dir(str(live.path))

    # -- lifetime ---------------------------------------------------------------------------

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the searcher and the index's open files."""
        with self._guard:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        self._index.close()

    def __len__(self) -> int:
        self._follow_switch()
        return int(self._index.doc_count())

    # -- writing ------------------------------------------------------------------------------

    def add(self, article: Article, *, id: str | None = None, source: str = "") -> str:
        """Index one article, replacing any document with the same id; returns the id.

        The id is ``id`` when given, else the article's URL, else a hash of ``source`` or, with
        no source either, of the article's content.
        """
        doc_id = id or document_id(article, source)
        self._indexer().write([(doc_id, article, source)])
        return doc_id

    def add_many(self, articles: Iterable[Article]) -> IngestReport:
        """Index many articles in one commit (ids as in :meth:`add`)."""
        return self._indexer().write((document_id(a, ""), a, "") for a in articles)

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        on_progress: Progress | None = None,
        strict: bool = False,
        prune: bool = False,
        workers: int | None = None,
    ) -> IngestReport:
        """Clean and index every page, JSONL record and WARC response under ``paths``.

        Pages are cleaned by ``workers`` processes (default: one per core) and written in
        batches, each committed atomically. A page whose raw bytes and scrapers are unchanged
        since it was indexed is skipped without being cleaned. A source that cannot be read or
        cleaned is reported in ``IngestReport.failed`` and the rest is indexed; with ``strict``
        the first failure raises ``IngestError`` instead. With ``prune``, documents whose source
        file no longer exists are removed (``IngestReport.removed``). ``-`` in ``paths`` reads
        paths or JSONL lines from standard input.
        """
        manifest = Manifest(self._live_dir())
        try:
            indexer = Indexer(
                self._writer,
                manifest=manifest,
                workers=workers,
                strict=strict,
                on_progress=on_progress,
            )
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
        it was. Documents whose source cannot be read again are carried over as stored. Other
        writers wait (``lock_timeout``) until the rebuild is done.
        """
        hold = self._writer()  # the live generation's lock, held until the switch
        try:
            folder = self._store.prepare()
            fresh = whoosh_index.open_dir(str(folder))
            old, new = Manifest(self._dir), Manifest(folder)
            try:
                indexer = Indexer(
                    lambda: fresh.writer(),
                    manifest=new,
                    workers=workers,
                    on_progress=on_progress,
                )
                with hold.searcher() as current:
                    report = indexer.ingest(rebuild_items(current, old))
            finally:
                old.close()
                new.close()
                fresh.close()
            self._store.switch(folder, SCRAPER_VERSION)
        finally:
            hold.cancel()
        self._follow_switch()
        return report

    def delete(self, doc_id: str) -> bool:
        """Remove a document; returns whether it was there."""
        writer = self._writer()
        try:
            removed = writer.delete_by_term("id", doc_id)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return bool(removed)

    def _indexer(self) -> Indexer:
        return Indexer(self._writer, workers=1)

    def _live_dir(self) -> Path:
        self._follow_switch()
        return self._dir

    def _writer(self) -> SegmentWriter:
        """The live generation's writer, once no one else holds its lock."""
        while True:
            self._follow_switch()
            try:
                writer = self._index.writer(timeout=self.lock_timeout, delay=0.05)
            except LockError as error:
                raise ArchiveLocked(
                    f"another process is writing to {self.path}; "
                    f"gave up after {self.lock_timeout:g} s"
                ) from error
            if self._store.stamp() == self._stamp:
                return writer
            writer.cancel()  # a rebuild switched generations while we waited: write to the new one

    def _follow_switch(self) -> None:
        """Open the live generation if a rebuild switched to a new one since we looked."""
        stamp = self._store.stamp()
        if stamp == self._stamp:
            return
        live = self._store.live()
        if live is None or live.path == self._dir:
            self._stamp = stamp
            return
        with self._guard:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._index.close()
            self._index = whoosh_index.open_dir(str(live.path))
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
        since: date | None = None,
        until: date | None = None,
        site: str | None = None,
        author: str | None = None,
        lenient: bool = False,
    ) -> SearchResults:
        """Ranked hits for a query (see ``searchkit.query`` for the syntax).

        Raises ``QueryError`` for a malformed query unless ``lenient`` is true, in which case
        the words of the query are searched instead.
        """
        with self._guard:
            current = self._fresh_searcher()
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
            )

    def get(self, doc_id: str) -> Article | None:
        """The article stored under ``doc_id``, or None."""
        with self._guard:
            stored = self._fresh_searcher().document(id=doc_id)
        return schema.from_fields(stored) if stored is not None else None

    def stats(self) -> ArchiveStats:
        """Documents, distinct sites, date range and size on disk."""
        with self._guard:
            reader = self._fresh_searcher().reader()
            sites = sum(1 for term in reader.lexicon("site_key") if term)
            field = reader.schema["published"]
            dates = [field.from_bytes(t) for t in field.sortable_terms(reader, "published")]
        size = sum(p.stat().st_size for p in self._dir.iterdir() if p.is_file())
        return ArchiveStats(
            path=str(self.path),
            documents=len(self),
            sites=sites,
            first_published=min(dates).date() if dates else None,
            last_published=max(dates).date() if dates else None,
            size_bytes=size,
        )

    def _fresh_searcher(self) -> Searcher:
        """The shared searcher, reopened when another commit landed since it was opened."""
        self._follow_switch()  # a rebuild switched generations (issue 6)
        if self._searcher is None:
            self._searcher = self._index.searcher()
        elif not self._searcher.up_to_date():
            # A new searcher rather than Searcher.refresh(): refresh() fails in Whoosh-Reloaded
            # 2.7.5 when the old reader was of an empty index (it reuses an EmptyReader).
            self._searcher.close()
            self._searcher = self._index.searcher()
        return self._searcher
