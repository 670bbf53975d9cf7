"""The layout of an index folder: generations and the atomic switch between them (issue 6).

::

    indexes/news/
      searchkit.json   the pointer: {"generation": "gen-3", "schema_version": 2, …}
      gen-3/           the live Whoosh index (its own TOC, segments and write lock) and
                       sources.sqlite, the manifest of every source read into it
      gen-2/           the previous generation, kept so searchers opened before the switch finish
                       their work; removed at the next switch

``searchkit rebuild`` builds ``gen-N+1`` beside the live one and then replaces the pointer with
``os.replace``, which is atomic on POSIX: a reader sees the old pointer or the new one, never a
mix, and a crash before the replace leaves the live generation untouched (a rebuild that fails
removes its half-built folder; the next writer removes one a killed rebuild left,
``clear_unfinished``). Within a generation Whoosh's own commits are atomic too (a new TOC file
per commit), so ``kill -9`` at any moment leaves an index that opens.

An index made before generations existed keeps its Whoosh files in the folder itself and a
pointer without ``"generation"``; it is read in place and moved into ``gen-1`` by its first
rebuild.
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import re
import shutil
import sqlite3
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb import structfile
from whoosh.util.filelock import FileLock
from whoosh.writing import SegmentWriter

from searchkit import schema
from searchkit.codec import NewsCodec
from searchkit.errors import ArchiveError

POINTER = "searchkit.json"
MANIFEST = "sources.sqlite"

#: ``limitmb``: the memory a writer's posting pool may hold before it spills sorted runs to
#: disk (Whoosh's default is 128). A segment of COMMIT_EVERY (10k) news pages fits in 512: with
#: 128 or 256 its writer spilled and merged runs, and writing 10k analysed AP pages took 3.3
#: or 3.1 ms a document against 1.8 ms with 512 (or 1024). A writer holds at most this, so memory
#: stays bounded: about 0.5 GiB per segment process (one per core) and for the main writer.
#: ``codec``: Whoosh 3's, with each block's contents packed into arrays (``searchkit.codec``), in
#: blocks of up to 512 postings instead of 128: a search reads a term's postings a block at a
#: time, with a fixed cost per block.
WRITER_OPTIONS: dict[str, Any] = {"limitmb": 512, "codec": NewsCodec(blocklimit=512)}


class _MappedFile:
    """A read-only file over a memoryview (of a memory-mapped segment), without copying it.

    Whoosh reads a compound segment through ``BufferFile``, which wraps the mapped bytes in a
    ``BytesIO``: a copy of the segment's postings and term index for every searcher. Each
    searcher then cost as much memory as the index, and ~60 ms per 10k documents to open: the
    writer of an unchanged 100k-page rerun peaked at 785 MiB (benchmarks/ingest.py), growing
    with the index. Segments written as separate files (``compound=False``) avoid the copy but
    are read with system calls: the writer's term lookups took 3x as long as from the copy,
    and its CPU at 100k pages went from 108 s to 162 s. Read straight from the map, a searcher
    of a 10k-document index opens in 16 ms with no copy, and lookups take 1.5x the copy's time.
    """

    __slots__ = ("_buf", "_pos")

    def __init__(self, buf: memoryview) -> None:
        self._buf = buf
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start, length = self._pos, len(self._buf)
        end = length if size is None or size < 0 else min(start + size, length)
        self._pos = max(start, end)
        return self._buf[start:end].tobytes()

    def readline(self, size: int | None = -1) -> bytes:
        start, length = self._pos, len(self._buf)
        limit = length if size is None or size < 0 else min(start + size, length)
        end = start
        while end < limit:
            chunk = self._buf[end : min(end + 256, limit)].tobytes()
            found = chunk.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(chunk)
        self._pos = end
        return self._buf[start:end].tobytes()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._buf)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._buf = memoryview(b"")


def _buffer_file_init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
    self._buf = buf
    self._name = name
    self.file = _MappedFile(memoryview(buf))
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


structfile.BufferFile.__init__ = _buffer_file_init  # what it was, minus the BytesIO copy

_GENERATION = re.compile(r"^gen-(\d+)$")
# Whoosh's file names for the default index name "MAIN" (TOCs, segments, lock, temp folder).
_WHOOSH_FILE = re.compile(r"^(?:_?MAIN[_.]|sources\.sqlite)")


@dataclass(frozen=True)
class Generation:
    """One built index inside the folder: where it is and what built it."""

    path: Path
    name: str  # "gen-3"; "" for an index laid out before generations
    schema_version: int | None
    scraper_version: str | None


#: The file a process creating the index locks (``Store.create``).
CREATE_LOCK = ".create.lock"


class Store:
    """The generations under one index folder and its pointer file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pointer = path / POINTER

    def live(self) -> Generation | None:
        """The generation searches read, or None when there is no index here.

        Raises ``ArchiveError`` when generations holding documents are here but the pointer is
        missing, damaged or names none of them: taking that for "no index" made the next
        ingest create a new one and delete every generation (QA). Generations without documents
        (the first one, when its creation died before it wrote the pointer) are leftovers,
        which ``prepare`` clears away.
        """
        for _ in range(3):  # a rebuild may switch, and delete what the pointer named, meanwhile
            stamp = self.stamp()
            found = self._pointed()
            if found is not None:
                return found
            if not any(_holds_documents(folder) for _, folder in self._generations()):
                return None
            if self.stamp() == stamp:
                break
        raise ArchiveError(
            f"{self.pointer} is missing or damaged, so no generation of the index at "
            f"{self.path} is known to be live; nothing was changed: restore that file "
            "(its generation is a gen-N folder here), or index the sources into a new folder"
        )

    def _pointed(self) -> Generation | None:
        """The generation the pointer names, or the index laid out before generations."""
        meta = self._read_pointer()
        name = meta.get("generation")
        if isinstance(name, str) and _GENERATION.match(name):
            folder = self.path / name
            with damaged(folder):
                if index_exists(folder):
                    return _generation(folder, name, meta)
            if folder.is_dir() and _holds_documents(folder):  # its TOC deleted (QA)
                raise ArchiveError(
                    f"the index in {folder} is damaged (its table of contents, _MAIN_*.toc, "
                    "is missing); restore it from a backup, or index the sources into a new folder"
                )
        with damaged(self.path):
            if index_exists(self.path):
                return _generation(self.path, "", meta)
        return None

    def stamp(self) -> tuple[int, int, int]:
        """Changes whenever the pointer is replaced (a rebuild switched generations)."""
        try:
            info = os.stat(self.pointer)
        except OSError:
            return (0, 0, 0)
        return (info.st_ino, info.st_mtime_ns, info.st_size)

    def create(self, scraper_version: str) -> Generation:
        """A new, empty index in ``gen-1``, made live; or the one another process made while
        this one waited. Processes that found no index at once each made one: they raised
        FileExistsError, or one's pointer named a generation another had cleared away, and
        every command failed after (QA)."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path / CREATE_LOCK))
        lock.acquire(blocking=True)
        try:
            live = self.live()
            if live is not None:
                return live
            return self.switch(self.prepare(), scraper_version)
        finally:
            lock.release()

    def prepare(self) -> Path:
        """A new generation folder with an empty index of the current schema, not yet live.

        Folders left by a rebuild that died before its switch are removed first (callers hold
        the live generation's write lock, so no other rebuild is using them).
        """
        live = self.live()
        numbers = [n for n, _ in self._generations()]
        self.clear_unfinished(live.path if live else self.path)
        folder = self.path / f"gen-{max(numbers, default=0) + 1}"
        folder.mkdir()
        whoosh_index.create_in(str(folder), schema.build_schema())
        return folder

    def clear_unfinished(self, live: Path) -> None:
        """Remove the generations numbered past ``live``: those of rebuilds that died before
        their switch (``kill -9``, a power cut; one that fails removes its own).

        Only for a caller that holds the write lock of ``live`` and has seen, after taking it,
        that the pointer still names ``live`` (``Archive._writer``'s check of ``stamp``). A
        rebuild takes that same lock, checked the same way, before ``prepare`` makes its folder
        and holds it until ``switch``, and a switch is made only under it: while the caller
        holds it, no rebuild is building a generation, and none is switching to one. A
        rebuild's lock dies with its process. Generations numbered below ``live`` are left:
        the previous one serves searchers opened before the last switch.
        """
        live_number = _number(live.name) if live != self.path else 0  # 0: the older layout
        for number, folder in self._generations():
            if number > live_number:
                shutil.rmtree(folder, ignore_errors=True)

    def switch(self, folder: Path, scraper_version: str) -> Generation:
        """Make ``folder`` the live generation in one atomic step; old ones are cleared away."""
        previous = self._pointed()  # none yet when ``create`` makes the first
        meta = {
            "generation": folder.name,
            "schema_version": schema.SCHEMA_VERSION,
            "scraper_version": scraper_version,
        }
        temporary = self.path / f".{POINTER}.tmp"
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(json.dumps(meta) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.pointer)
        _fsync_dir(self.path)
        keep = {folder.name, previous.name if previous else ""}
        for _, old in self._generations():
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
        if "" not in keep:  # the pre-generation files have served their last searcher
            for entry in self.path.iterdir():
                if _WHOOSH_FILE.match(entry.name):
                    if entry.is_dir():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
        return _generation(folder, folder.name, meta)

    def is_index(self) -> bool:
        """Whether the folder is an index: its pointer names a generation (a file of the
        user's that is only called ``searchkit.json`` is none)."""
        return isinstance(self._read_pointer().get("generation"), str)

    def _read_pointer(self) -> dict[str, Any]:
        try:
            meta = json.loads(self.pointer.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}

    def _generations(self) -> list[tuple[int, Path]]:
        if not self.path.is_dir():
            return []
        found = [(_number(p.name), p) for p in self.path.iterdir() if _GENERATION.match(p.name)]
        return sorted(found)


def cancel(writer: SegmentWriter) -> None:
    """Cancel ``writer`` and remove the files it wrote that no table of contents lists.

    Whoosh's ``cancel`` leaves the files of the segment it was writing (and those of the
    segment processes writing for it, ``searchkit.segments``), and stops at the first error
    closing them: on a full disk, the failed run's partial segments and its ``MAIN.tmp/`` kept
    the disk full, and the next run failed too, even with nothing to write (QA). Whoosh removes
    such files only at its next commit. Here they go while the lock is still held, so that no
    other writer (whose files they might be) runs meanwhile; a file that any table of contents
    present lists is kept (``remove_unlisted``), so readers of any commit lose nothing. Call it
    after the segment processes are stopped. Closing the segment may fail on a full disk: it is
    thrown away anyway, so that error is not raised over the one that stopped the run.
    """
    if writer.is_closed:
        return
    try:
        try:
            with suppress(OSError):
                writer._close_segment()
        finally:
            # The posting pools' runs (the segment processes' too) and the unlisted segments.
            shutil.rmtree(writer.temp_storage().folder, ignore_errors=True)
            remove_unlisted(writer.storage, writer.indexname, writer.schema)
    finally:
        writer._finish()  # releases the lock


def remove_unlisted(storage: Any, indexname: str, index_schema: Any) -> None:
    """Delete the segment files in ``storage`` (an index folder, a Whoosh ``FileStorage``) that
    no table of contents there lists, and the temporary files of tables of contents never
    written out, as Whoosh's ``clean_files`` does at a commit, but keeping the segments of every
    table of contents present, not only the newest. Only for a writer that holds the lock:
    nothing else writes segments or tables of contents then. Nothing is deleted when a table of
    contents cannot be read (its segments would be taken for unlisted)."""
    names = storage.list()
    tocs = whoosh_index.TOC._pattern(indexname)
    segment = whoosh_index.TOC._segment_pattern(indexname)
    unwritten = re.compile(rf"^_{re.escape(indexname)}_\d+\.toc\.")
    listed: set[str] = set()
    try:
        for name in names:
            if match := tocs.match(name):
                toc = _read_toc(storage, indexname, int(match.group(1)), index_schema)
                listed.update(s.segment_id() for s in toc.segments)
    except Exception:  # damaged (any of Whoosh's many errors): leave everything as it is
        return
    if not any(tocs.match(name) for name in names):
        return
    for name in names:
        match = segment.match(name)
        if (match and match.group(1) not in listed) or unwritten.match(name):
            with suppress(OSError):  # gone already
                storage.delete_file(name)


def _read_toc(storage: Any, indexname: str, generation: int, index_schema: Any) -> Any:
    """Whoosh's ``TOC.read`` of one generation, whose file is closed when it fails too."""
    opened: list[Any] = []

    def open_file(name: str, **kwargs: Any) -> Any:
        opened.append(storage.open_file(name, **kwargs))
        return opened[-1]

    try:
        reading = SimpleNamespace(open_file=open_file)
        return whoosh_index.TOC.read(reading, indexname, generation, index_schema)
    finally:
        for stream in opened:
            if not stream.is_closed:
                stream.close()


#: What Whoosh raises reading index files cut short or overwritten (QA: a traceback, or a bare
#: "Aborted!" from the CLI). Not ``EmptyIndexError`` (no TOC yet, or a generation deleted by a
#: rebuild meanwhile), which callers handle. A TOC of 0 to 2 bytes makes Whoosh raise TypeError.
_DAMAGE = (EOFError, struct.error, pickle.UnpicklingError, zlib.error, whoosh_index.IndexError)
_OPENING_DAMAGE = (*_DAMAGE, TypeError)


@contextmanager
def damaged(folder: Path, *, opening: bool = True) -> Iterator[None]:
    """Index files in ``folder`` that cannot be read, as an ``ArchiveError`` in one line.
    ``opening``: only Whoosh runs in the block (TypeError is damage, not a bug of ours), to
    open the index or a searcher; a file of ``folder`` not found there is left to the caller,
    which opens again (a commit may have deleted it). Else a writer holds the lock, and such a
    file is lost: damage."""
    caught = _OPENING_DAMAGE if opening else _DAMAGE
    try:
        yield
    except whoosh_index.EmptyIndexError:
        raise
    except FileNotFoundError as error:
        # A writer holds the lock: no commit deletes a file under it, so one gone is lost (QA:
        # "Error: …/MAIN_x.seg: No such file"). A reader retries (a commit may have deleted it).
        inside = os.path.abspath(folder) + os.sep  # its filename is absolute, folder may not be
        if opening or not os.path.abspath(str(error.filename)).startswith(inside):
            raise
        raise lost(folder, error) from None
    except (*caught, OSError) as error:
        # An OSError only when junk read as an offset makes a seek fail (QA round 4: "Error:
        # Invalid argument"); a failing disk stays itself.
        if isinstance(error, OSError) and error.errno != errno.EINVAL:
            raise
        raise damage(folder, f"{type(error).__name__}: {error}") from error


def damage(folder: Path, what: str) -> ArchiveError:
    """The error of an index in ``folder`` that cannot be read, for the reason ``what``."""
    return ArchiveError(
        f"the index in {folder} is damaged ({what}); restore it from a backup, or index the "
        "sources into a new folder"
    )


def lost(folder: Path, error: FileNotFoundError) -> ArchiveError:
    """The error of an index in ``folder`` one of whose files is gone (``error``)."""
    return damage(folder, f"{Path(error.filename).name} is missing")


#: Times an index is opened before a FileNotFoundError is believed.
OPEN_TRIES = 3


def open_index(folder: Path) -> Any:
    """Whoosh's index in ``folder``, a ``FileIndex``."""
    return _read_settled(lambda: whoosh_index.open_dir(str(folder)))


def index_exists(folder: Path) -> bool:
    """Whether ``folder`` holds a Whoosh index."""
    return bool(_read_settled(lambda: whoosh_index.exists_in(str(folder))))


def _read_settled(read: Callable[[], Any]) -> Any:
    """``read()``, again when a commit by another process deleted the table of contents it
    was opening: Whoosh lists the files, then opens the newest, which that commit replaces
    (QA: processes creating one index at once failed with FileNotFoundError of _MAIN_0.toc)."""
    for _ in range(OPEN_TRIES - 1):
        try:
            return read()
        except FileNotFoundError:
            pass
    return read()


def _holds_documents(folder: Path) -> bool:
    """Whether the generation in ``folder`` holds documents, or may: one that cannot be read
    is not taken for empty."""
    try:
        index = whoosh_index.open_dir(str(folder))
    except whoosh_index.EmptyIndexError:
        # No TOC: its creation died before it wrote one, unless it has segments or a manifest
        # (the TOC deleted, QA: taken for a leftover, the generation was deleted).
        return any(p.suffix == ".seg" or p.name == MANIFEST for p in folder.iterdir())
    except (*_OPENING_DAMAGE, OSError):
        return True
    try:
        return bool(index.doc_count_all())
    finally:
        index.close()


def _generation(folder: Path, name: str, meta: dict[str, Any]) -> Generation:
    version = meta.get("schema_version")
    scraper = meta.get("scraper_version")
    return Generation(
        path=folder,
        name=name,
        # A bool is an int to Python, not a version (QA: "schema version True").
        schema_version=version if type(version) is int else None,
        scraper_version=scraper if isinstance(scraper, str) else None,
    )


def _number(name: str) -> int:
    match = _GENERATION.match(name)
    return int(match.group(1)) if match else 0


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class Seen:
    """What the manifest knows of one source: its raw hash, the scrapers that cleaned it and
    the document it gave ("" for a page with no story)."""

    raw_hash: str
    scraper_version: str
    doc_id: str


class Manifest:
    """Every source read into a generation, whether or not it gave a document (issue 6).

    The Whoosh documents hold one source each; the manifest also remembers pages with no
    story and further copies of a stored page, so that an unchanged run skips those too
    without cleaning them again. Rows are written only after the Whoosh commit they describe:
    a crash in between leaves rows missing (those pages are cleaned again), never rows for
    documents that were not committed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._db = _open_manifest(folder)

    def follow(self, folder: Path) -> None:
        """Read and record in ``folder``'s manifest from now on: that of the generation a
        writer was given, which a rebuild may have switched to since this one was opened."""
        if folder != self.folder:
            self._db.close()
            self.folder, self._db = folder, _open_manifest(folder)

    def get(self, source: str) -> Seen | None:
        try:
            row = self._db.execute(
                "SELECT raw_hash, scraper_version, doc_id FROM sources WHERE source = ?", (source,)
            ).fetchone()
        except sqlite3.Error as error:  # not ``_told``: this runs for every page read
            raise manifest_error(self.folder, error) from error
        return Seen(*row) if row else None

    def put(self, rows: Iterable[tuple[str, Seen]]) -> None:
        """Record rows in one transaction, in their order and after every row recorded before
        (a source recorded again moves to the end)."""
        with _told(self.folder), self._db:
            self._db.execute("BEGIN IMMEDIATE")
            (last,) = self._db.execute("SELECT coalesce(max(seq), 0) FROM sources").fetchone()
            self._db.executemany(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
                (
                    (src, s.raw_hash, s.scraper_version, s.doc_id, seq)
                    for seq, (src, s) in enumerate(rows, start=last + 1)
                ),
            )

    def delete(self, sources: Iterable[str]) -> None:
        with _told(self.folder), self._db:
            self._db.execute("BEGIN")
            self._db.executemany("DELETE FROM sources WHERE source = ?", ((s,) for s in sources))

    def sources(self) -> Iterator[tuple[str, str]]:
        """``(source, document id)`` of every recorded source ("" for a page with no story),
        in the order they were recorded: of two sources that gave one id, the later is the one
        the index holds (``rebuild_items``). Rows from before that order was kept come first,
        sorted (so one file's JSONL lines come together)."""
        rows = self._db.execute("SELECT source, doc_id FROM sources ORDER BY seq, source")
        # Row by row, not from the cursor: closing this generator then closed the cursor, which
        # raised once the manifest was closed (Ctrl-C in a rebuild closes it first).
        yield from iter(rows.fetchone, None)

    def givers(self, doc_ids: Iterable[str]) -> list[tuple[str, str]]:
        """``(source, document id)`` of the sources recorded as giving one of ``doc_ids``, in
        the order of ``sources``."""
        wanted = set(doc_ids)
        return [(source, doc_id) for source, doc_id in self.sources() if doc_id in wanted]

    def close(self) -> None:
        self._db.close()


@contextmanager
def _told(folder: Path) -> Iterator[None]:
    """A failure of the manifest's database (locked by another process for too long, the
    disk full) as an ``ArchiveError`` that names it: one line, not a traceback."""
    try:
        yield
    except sqlite3.Error as error:
        raise manifest_error(folder, error) from error


#: SQLite's primary result codes (the low byte of an extended one) of a disk that fails or is
#: full: SQLITE_IOERR ("disk I/O error", what a full disk gives when SQLite cannot grow its WAL
#: or shared-memory file) and SQLITE_FULL ("database or disk is full").
_SQLITE_DISK = {10, 13}


def manifest_error(folder: Path, error: sqlite3.Error) -> ArchiveError:
    """The manifest's database failing (``error``) as one line that names it; a failing or
    full disk says so. QA: after a run stopped by a full disk, the next one said only
    "Error: …/sources.sqlite: disk I/O error", which reads like damage."""
    code = getattr(error, "sqlite_errorcode", None)
    hint = ""
    if isinstance(code, int) and code & 0xFF in _SQLITE_DISK:
        hint = " (the disk may be full: free some space and run the command again)"
    return ArchiveError(f"{folder / MANIFEST}: {error}{hint}")


def _open_manifest(folder: Path) -> sqlite3.Connection:
    with _told(folder):
        db = sqlite3.connect(folder / MANIFEST, isolation_level=None)
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA journal_mode = WAL")
        with db:
            db.execute("BEGIN IMMEDIATE")  # two processes may open an old manifest at once
            db.execute(
                "CREATE TABLE IF NOT EXISTS sources (source TEXT PRIMARY KEY, raw_hash TEXT, "
                "scraper_version TEXT, doc_id TEXT, seq INTEGER) WITHOUT ROWID"
            )
            columns = {row[1] for row in db.execute("PRAGMA table_info(sources)")}
            if "seq" not in columns:  # written before the order of the rows was kept
                db.execute("ALTER TABLE sources ADD COLUMN seq INTEGER")
            # Each put asks for the last seq, and sources() reads in its order: without an
            # index, every batch's put scanned the whole table (80 ms at 1M sources, review).
            db.execute("CREATE INDEX IF NOT EXISTS sources_by_seq ON sources (seq)")
        return db
