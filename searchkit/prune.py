"""``searchkit index --prune``: remove the documents whose source is gone (issue 6).

Two rules, applied once the run's documents and manifest rows are committed:

1. a document whose source file no longer exists is removed, with its manifest rows, whatever
   paths the run was given, unless a manifest row of a source that may still exist gives its
   id (an unchanged copy in another file): then it is moved to that source, as in rule 2;
2. a JSONL, WARC or feed file that the run read to its end (one of no record too:
   ``sources.NoRecords``), none of its records that gave a document failing (``Reads``),
   says which of its records exist. Its locators that did not
   come up in the run lose their manifest rows; then a document stored from one of its
   locators that no longer gives it is removed, unless a manifest row still gives the
   document's id: then it is stored again as from that row's source (``move``), which is
   where ``rebuild`` will read it. A source whose bytes differ from those the document was
   stored from may give another version: that source is read again instead (``move`` leaves
   the id to the indexer), so that the story kept is the one it gives.

Rule 2 goes by id, not by locator, because a locator names a place in the file. Deleting line 2
of a feed moves every later record up a line, but their documents keep the locators they were
stored from (a story met again at another locator is an unchanged copy and is not rewritten:
``indexer._is_copy``): the document stored from line 3 is the record now on line 2, and the
manifest row of line 2 gives its id. Removing the document of line 2's old record and nothing
more would leave line 3's document naming line 3, where ``rebuild`` would read line 4's record
and lose it; hence the move. For the same reason a document is deleted as the document it is,
not by its ``source`` term, which may also name a document this run stored. A story that
another file still gives stays, whether or not the run read that file.

A file that could not be read, or whose reading stopped part-way, ends with an ``IngestError``
for the file itself (``searchkit.sources``), and a record that gave a document and fails now
says nothing of the story it holds (after a shift, its document's old locator gives another
record): rule 2 leaves the records of both alone, as the run without --prune does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from whoosh.writing import SegmentWriter

from searchkit.errors import IngestError
from searchkit.sources import NoRecords, file_of
from searchkit.store import Manifest


class _Located(Protocol):
    @property
    def source(self) -> str: ...


_Item = TypeVar("_Item", bound=_Located)


class Reads:
    """The locators a run gave of each JSONL, WARC and feed file, and the files it failed to read.

    Memory: one locator per record read, some 100 bytes each (100 MB for a million records),
    kept until the run ends; only --prune keeps them.
    """

    def __init__(self) -> None:
        self._given: dict[str, set[str]] = {}
        self._failed: set[str] = set()
        self._failed_records: set[str] = set()

    def watch(self, items: Iterable[_Item]) -> Iterator[_Item]:
        """``items`` as they are, each one's source noted on the way."""
        for item in items:
            path = file_of(item.source)  # None for standard input
            if isinstance(item, NoRecords):  # read to its end: none of its records is there
                self._given.setdefault(item.source, set())
            elif path is not None and path != item.source:
                self._given.setdefault(path, set()).add(item.source)
            if isinstance(item, IngestError):
                self.failed(item.source)
            yield item

    def failed(self, source: str) -> None:
        """Note that ``source`` failed, when read or when cleaned: a file, or one of its
        records (see ``settle``)."""
        path = file_of(source)
        if path == source:
            self._failed.add(path)
        elif path is not None:
            self._failed_records.add(source)

    def settle(self, manifest: Manifest) -> None:
        """Count as unread the files with a failing record whose locator gave a document: such a
        record says nothing of the story it holds now, which may be one whose old locator gives
        another record (lines shifted), so no document of its file is taken for deleted
        (review). A record that never gave one (a redirect with no body) does not count, or
        the file would never be pruned."""
        for source in self._failed_records:
            seen = manifest.get(source)
            if seen is not None and seen.doc_id:
                self._failed.add(str(file_of(source)))

    def whole(self, path: str) -> bool:
        """Whether the run read the JSONL or WARC file at ``path`` to its end."""
        return path in self._given and path not in self._failed

    def whole_files(self) -> set[str]:
        """The JSONL and WARC files the run read to their end and that still exist."""
        return {path for path in self._given if self.whole(path) and os.path.exists(path)}

    def holds(self, source: str) -> bool:
        """Whether ``source`` may still exist: its file does and, if the run read that file to
        its end, the run gave this locator."""
        path = file_of(source)
        if path is None:
            return True
        return os.path.exists(path) and (not self.whole(path) or source in self._given[path])


def remove_gone(
    searcher: Any,
    writer: SegmentWriter,
    manifest: Manifest | None,
    reads: Reads,
    *,
    move: Callable[[int, str], None],
) -> int:
    """Delete the documents and manifest rows of sources that are gone; returns how many
    documents.

    ``searcher`` is ``writer``'s: what the index held when it opened. ``move(docnum, source)``
    stores a document of ``searcher`` again as read from another source. Without a manifest,
    only rule 1 applies.
    """
    gone = {  # rule 1: id → number of each document whose file is gone
        str(searcher.stored_fields(docnum)["id"]): docnum
        for source, exists in _sources(searcher)
        if not exists
        for docnum in searcher.document_numbers(source=source)
    }
    # One that another source still gives (an unchanged copy in another file) is stored
    # again as from that source, where rebuild will read it: it stays (review).
    removed = _move_or_delete(gone, manifest, reads, writer, move)
    if manifest is None:
        return removed
    reads.settle(manifest)
    manifest.delete([source for source, _ in manifest.sources() if not reads.holds(source)])
    whole = reads.whole_files()
    if whole:
        unsure = _not_given_by_their_locator(searcher, manifest, whole)
        removed += _move_or_delete(unsure, manifest, reads, writer, move)
    return removed


def _move_or_delete(
    found: dict[str, int],
    manifest: Manifest | None,
    reads: Reads,
    writer: SegmentWriter,
    move: Callable[[int, str], None],
) -> int:
    """Each of the ``found`` documents (id → number) moved to a source that may still give its
    id, by the manifest, or else deleted; returns how many were deleted."""
    if not found:
        return 0
    rows = manifest.givers(found) if manifest is not None else ()
    givers = {doc_id: source for source, doc_id in rows if reads.holds(source)}
    for doc_id, docnum in found.items():
        if doc_id in givers:
            move(docnum, givers[doc_id])
        else:
            writer.delete_document(docnum)
    return len(found) - len(givers)


def _sources(searcher: Any) -> Iterator[tuple[str, bool]]:
    """Each source in the index that names a file, and whether that file exists."""
    last_file: str | None = None
    exists = True
    for term in searcher.reader().lexicon("source"):  # a snapshot: deleting is safe
        source = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        path = file_of(source)
        if path is None:
            continue
        if path != last_file:  # the locators of one JSONL/WARC file sort together
            last_file, exists = path, os.path.exists(path)
        yield source, exists


def _not_given_by_their_locator(
    searcher: Any, manifest: Manifest, files: set[str]
) -> dict[str, int]:
    """The documents stored from a locator of ``files`` that no longer gives them: id → number.

    After a record deleted near the top of a feed, that is most of the feed's documents: one id
    each, held until the prune ends (and they are all moved).
    """
    found: dict[str, int] = {}
    # One pass over the stored fields of the whole index, whatever share of it these files
    # hold: 0.13 s for 20k documents, where looking up the documents of each of their 20k
    # locators (searcher.document_numbers) took 1.1 s.
    for docnum, stored in searcher.reader().iter_docs():
        source, doc_id = str(stored.get("source") or ""), str(stored["id"])
        if file_of(source) in files:
            seen = manifest.get(source)
            if seen is None or seen.doc_id != doc_id:
                found[doc_id] = docnum
    return found
