"""Archive: the one facade over an index on disk. Open or create, add, ingest, search, get, stats.

>>> import tempfile
>>> from scrapers import Article
>>> with Archive(tempfile.mkdtemp()) as archive:
...     doc_id = archive.add(Article(title="Aleppo", body="A descent into hell.", url="https://x.test/a"))
...     [hit.title for hit in archive.search('"descent into hell"')]
['Aleppo']
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from scrapers import Article, extract
from scrapers.article import parse_published
from searchkit import ranking, schema, searcher
from searchkit.errors import ArchiveLocked, ArchiveNotFound, IngestError, SchemaMismatch
from searchkit.query import parse
from searchkit.results import ArchiveStats, IngestReport, SearchResults
from searchkit.searcher import Sort
from searchkit.sources import RawPage, Record, iter_sources

META_FILE = "searchkit.json"
DEFAULT_LOCK_TIMEOUT = 30.0

Progress = Callable[[int], None]


class Archive:
    """A searchable archive of news articles, stored as a Whoosh index in one folder.

    ``Archive(path)`` opens the index at ``path``, creating it when ``create`` is true (the
    default); with ``create=False`` a missing index raises ``ArchiveNotFound``. Use it as a
    context manager, or call ``close()``.
    """

    def __init__(
        self, path: str | Path, *, create: bool = True, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._searcher: Searcher | None = None
        self._guard = threading.Lock()
        if whoosh_index.exists_in(str(self.path)):
            self._check_schema_version()
            self._index = whoosh_index.open_dir(str(self.path))
        elif create:
            self.path.mkdir(parents=True, exist_ok=True)
            self._index = whoosh_index.create_in(str(self.path), schema.build_schema())
            (self.path / META_FILE).write_text(
                json.dumps({"schema_version": schema.SCHEMA_VERSION}) + "\n", encoding="utf-8"
            )
        else:
            raise ArchiveNotFound(
                f"no index at {self.path}; create one with "
                f"`searchkit index PATH --index {self.path}`"
            )

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
        return int(self._index.doc_count())

    # -- writing ------------------------------------------------------------------------------

    def add(self, article: Article, *, id: str | None = None, source: str = "") -> str:
        """Index one article, replacing any document with the same id; returns the id.

        The id is ``id`` when given, else the article's URL, else a hash of ``source`` or, with
        no source either, of the article's content.
        """
        doc_id = id or document_id(article, source)
        self._write(iter([(doc_id, article, source)]))
        return doc_id

    def add_many(self, articles: Iterable[Article]) -> IngestReport:
        """Index many articles in one commit (ids as in :meth:`add`)."""
        return self._write((document_id(a, ""), a, "") for a in articles)

    def ingest(
        self, paths: Iterable[str | Path], *, on_progress: Progress | None = None
    ) -> IngestReport:
        """Clean and index every page and JSONL record under ``paths`` (files or folders).

        A source that cannot be read or cleaned is reported in ``IngestReport.failed`` and the
        rest of the batch is indexed.
        """
        return self._write(_articles(iter_sources(paths)), on_progress)

    def delete(self, doc_id: str) -> bool:
        """Remove a document; returns whether it was there."""
        with self._writer() as writer:
            removed = writer.delete_by_term("id", doc_id)
        return bool(removed)

    def _write(
        self,
        items: Iterable[tuple[str, Article, str] | IngestError],
        on_progress: Progress | None = None,
    ) -> IngestReport:
        added = updated = unchanged = empty = done = 0
        failed: list[IngestError] = []
        seen: set[str] = set()
        with self._writer() as writer, writer.searcher() as current:
            for item in items:
                done += 1
                if on_progress is not None:
                    on_progress(done)
                if isinstance(item, IngestError):
                    failed.append(item)
                    continue
                doc_id, article, source = item
                if not article.body.strip():
                    empty += 1
                    continue
                stored = current.document(id=doc_id)
                if (
                    doc_id not in seen
                    and stored is not None
                    and stored.get("content_hash") == article.content_hash
                ):
                    unchanged += 1
                    continue
                if stored is None and doc_id not in seen:
                    added += 1
                else:
                    updated += 1
                seen.add(doc_id)
                writer.update_document(**schema.to_fields(doc_id, article, source=source))
        return IngestReport(
            added=added, updated=updated, unchanged=unchanged, empty=empty, failed=tuple(failed)
        )

    def _writer(self) -> SegmentWriter:
        try:
            return self._index.writer(timeout=self.lock_timeout, delay=0.05)
        except LockError as error:
            raise ArchiveLocked(
                f"another process is writing to {self.path}; gave up after {self.lock_timeout:g} s"
            ) from error

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
        size = sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())
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
        if self._searcher is None:
            self._searcher = self._index.searcher(weighting=ranking.weighting())
        elif not self._searcher.up_to_date():
            # A new searcher rather than Searcher.refresh(): refresh() fails in Whoosh-Reloaded
            # 2.7.5 when the old reader was of an empty index (it reuses an EmptyReader).
            self._searcher.close()
            self._searcher = self._index.searcher(weighting=ranking.weighting())
        return self._searcher

    def _check_schema_version(self) -> None:
        meta = self.path / META_FILE
        try:
            version = json.loads(meta.read_text(encoding="utf-8")).get("schema_version")
        except (OSError, ValueError):
            version = None
        if version != schema.SCHEMA_VERSION:
            raise SchemaMismatch(
                f"the index at {self.path} was built with schema version {version}, this "
                f"searchkit uses {schema.SCHEMA_VERSION}; "
                f"run `searchkit rebuild --index {self.path}`"
            )


def document_id(article: Article, source: str) -> str:
    """A document's id: its URL when known, else a stable hash of its source (or content)."""
    if article.url:
        return article.url.strip().split("#", 1)[0]
    if source:
        return "src:" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]
    return "sha:" + article.content_hash[:20]


def _articles(
    items: Iterable[RawPage | Record | IngestError],
) -> Iterator[tuple[str, Article, str] | IngestError]:
    """Clean each page or record into ``(id, Article, source)``; a failure becomes an error item."""
    for item in items:
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            if isinstance(item, RawPage):
                article = extract(item.data, url=item.url)
                source = str(Path(item.source).resolve())
                yield document_id(article, source), article, source
            else:
                article = article_from_record(item.fields)
                doc_id = str(item.fields.get("id") or "") or document_id(article, item.source)
                yield doc_id, article, item.source
        except Exception as error:
            failure = IngestError(f"{type(error).__name__}: {error}", source=item.source)
            failure.__cause__ = error
            yield failure


def article_from_record(fields: dict[str, Any]) -> Article:
    """An Article from a JSONL record: ``html`` is cleaned by the scrapers, other fields win."""
    html = fields.get("html")
    if not isinstance(fields.get("body"), str) and not isinstance(html, str):
        raise ValueError("a record needs a 'body' or an 'html' string")
    base = extract(html, url=fields.get("url")) if isinstance(html, str) else Article()
    data = base.to_dict()
    for key in ("title", "body", "url", "site", "language", "authors"):
        if fields.get(key):
            data[key] = fields[key]
    if fields.get("published"):
        data["published"] = parse_published(fields["published"])
    return Article.from_dict(data)
