"""Inputs → pages and records: folders, files, gzip, JSONL, WARC, feeds, stdin. Reads, never parses
HTML.

A ``RawPage`` is one saved page (HTML or a text dump) to be cleaned by the scrapers; a ``Record`` is
one JSONL line, or one item of an RSS or Atom feed (``searchkit.feeds``), already split into
fields. A source that cannot be read becomes an ``IngestError``
in the stream, so one bad file never stops the batch.

Every item carries a *locator* in ``source`` from which it can be read again on its own (issue 6:
``searchkit rebuild`` re-reads what the index holds, ``--prune`` checks the file still exists):

    /abs/path/page.html           a page file (also .htm .xhtml .txt, each optionally .gz)
    /abs/path/feed.jsonl:12       line 12 of a JSONL file (also .jsonl.gz)
    /abs/path/crawl.warc.gz#4096  the WARC record starting at byte 4096 (also .warc); in a
                                  .warc.gz gzipped whole, byte 4096 of the decompressed WARC
    /abs/path/news.rss#3          the third item of a feed (also .atom, .xml, any name; .gz)
    <stdin>:3                     line 3 of standard input (cannot be read again)

Everything streams: folders are walked one directory at a time, JSONL and WARC files record by
record, so memory does not grow with the size of the archive. A feed is the exception: it is
parsed whole (under the same cap as a page), since a feed that is not well-formed XML is
skipped whole, reported as the file's failure, rather than read up to where it breaks.

A JSONL or WARC file whose reading stops part-way (truncated or corrupt gzip, a WARC record cut
short, a read error) ends with an ``IngestError`` whose source is the file itself, not a locator:
``--prune`` removes the records of a file it read to the end only.

A file under a folder that is of no type read (a saved page's ``style.css``, ``notes.pdf``) is
not an error, since folders of saved pages hold such assets, but it is not passed over without
a word either: it comes as ``Ignored``, to be counted (QA: a folder of PDFs indexed to nothing
and said nothing). Hidden files, and those in hidden folders (``.git/``), are not counted: they
are not the user's pages. Given by name, such a file is an ``IngestError``.
"""

from __future__ import annotations

import errno
import gzip
import json
import logging
import mmap
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from searchkit import feeds
from searchkit.errors import IngestError
from searchkit.store import Store

# warcio logs the repairs it makes to malformed records ("Replacing spaces in invalid
# WARC-Target-URI"); with no handler of the application's, Python printed them on stderr,
# between searchkit's own lines. A record searchkit cannot use is reported as failed instead.
logging.getLogger("warcio").addHandler(logging.NullHandler())

#: File suffixes read as pages (HTML or text dumps), JSON lines, WARC and feeds; each may add
#: ``.gz``. In the README's order, which the summary line's "ignored … (not …)" follows. A
#: ``.xml`` file is read as a feed when it starts as one (``kind_at``): most are not (a
#: sitemap, a saved page's data), so ``.xml`` is not among them.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
RECORD_SUFFIXES = (".jsonl",)
WARC_SUFFIXES = (".warc",)
FEED_SUFFIXES = (".rss", ".atom")
SUFFIXES = PAGE_SUFFIXES + RECORD_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES
#: The suffix of a file read as a feed when its root element is a feed's.
XML_SUFFIX = ".xml"

#: The largest page (or JSONL line, or WARC payload) read, after decompression. The largest of
#: the 91 dev pages is under 1 MiB and news pages with inline images rarely pass 5 MiB; 16 MiB
#: leaves room for those and still refuses a mislabelled disk image or log before it eats memory.
MAX_PAGE_BYTES = 16 * 1024 * 1024

STDIN = "-"
STDIN_SOURCE = "<stdin>"

_JSONL_LOCATOR = re.compile(r"^(?P<file>.+\.jsonl(?:\.gz)?):(?P<line>\d+)$", re.IGNORECASE)
_WARC_LOCATOR = re.compile(r"^(?P<file>.+\.warc(?:\.gz)?)#(?P<offset>\d+)$", re.IGNORECASE)
#: A feed's item, by its number in the feed (from 1): any name, since a feed is known by its
#: start too (``kind_at``). Matched after ``_WARC_LOCATOR``; see ``_feed_item``.
_FEED_LOCATOR = re.compile(r"^(?P<file>.+)#(?P<item>\d+)$")


@dataclass(frozen=True)
class RawPage:
    """The bytes of one saved page, where they came from and, when known, the page's URL."""

    source: str
    data: bytes
    url: str | None = None


@dataclass(frozen=True)
class Record:
    """One JSONL article: ``{"id"?, "url"?, "title", "body" or "html", "published"?, …}``.

    ``data`` is the line as read, which is what decides whether the record changed; for a
    feed's item, its fields as JSON (the channel's title among them, which is not in the item).
    """

    source: str
    fields: dict[str, Any]
    data: bytes = b""


@dataclass(frozen=True)
class Ignored:
    """A file a folder walk came upon that is of no type read: counted, neither read nor failed."""

    source: str


@dataclass(frozen=True)
class NoRecords:
    """A JSONL, WARC or feed file read to its end that holds no record (blank lines, a feed of
    no item): nothing to index, but ``--prune`` learns from it that none of the records the
    file gave is there any more. A file of 0 bytes is a failure instead ("empty file"), as a
    download that wrote nothing may leave it: it says nothing of the records it held."""

    source: str


Item = RawPage | Record | IngestError


def iter_sources(
    paths: Iterable[str | Path], *, max_bytes: int = MAX_PAGE_BYTES, stdin: IO[bytes] | None = None
) -> Iterator[Item | Ignored | NoRecords]:
    """Every page and record under ``paths``, in a stable (sorted) order, with errors in line,
    the files under a folder that are of no type read as ``Ignored``, and each JSONL, WARC or
    feed file that holds no record as ``NoRecords``.

    A path ``-`` reads standard input (or ``stdin``): each line is a path to read, or a JSON
    object (a JSONL record). A path given again is read once: its documents were counted twice
    (QA). So is a path inside a folder given: ``corpus corpus/html`` read the pages of
    ``corpus/html`` twice, each failure said twice and the counts inflated (archivist QA).
    """
    names = []
    for path in paths:
        name = os.fspath(path) if isinstance(path, str | os.PathLike) else path
        if not isinstance(name, str):  # bytes failed deep inside, "no attribute 'encode'" (QA)
            raise TypeError(f"a path must be a str or a Path, not {type(path).__name__}")
        names.append(name)
    walked = {os.path.realpath(n) for n in names if n not in (STDIN, "") and _folder(n)}
    given: set[str] = set()
    for name in names:
        if name == STDIN:
            yield from _stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
        elif name == "":
            yield _empty_path()
        elif os.path.realpath(name) not in given and not _inside(name, walked):
            given.add(os.path.realpath(name))  # a folder and a link to it: read once (QA)
            yield from _path(os.path.abspath(name), max_bytes)


def _folder(name: str) -> bool:
    """Whether ``name`` is a folder to walk (a name that is not UTF-8 is an error instead)."""
    return os.path.isdir(name) and _valid_name(os.path.abspath(name))


def _inside(name: str, folders: set[str]) -> bool:
    """Whether ``name``, where its links lead, is inside one of ``folders`` (real paths), so
    read by their walk: not under a link to a folder, which a walk does not follow (review:
    ``corpus corpus/linked`` read nothing of ``linked``), nor when it is not there, which a
    walk would not say."""
    if not os.path.exists(name):
        return False
    return any(folder in folders for folder in _ancestors(os.path.realpath(name)))


def _ancestors(path: str) -> Iterator[str]:
    """The folders above ``path``, nearest first."""
    parent = os.path.dirname(path)
    while parent != path:
        yield parent
        path, parent = parent, os.path.dirname(parent)


def _empty_path() -> IngestError:
    """The failure of an empty path: ``os.path.abspath("")`` is the current folder, which was
    indexed, the index's own files and all (QA)."""
    return IngestError("an empty path, which names no file or folder", source="")


def read_file(path: str | Path, *, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[Item]:
    """The items of one file, read as ``iter_sources`` reads a file it is given: each record of
    a JSONL file, each HTML response of a WARC file, a page file as one page.

    A file of a type not read (``story.php``), a missing, empty or unreadable file and a folder
    are one ``IngestError``: ``searchkit clean`` shows what ``index`` would take, and refuses
    what it would skip (QA).
    """
    path = os.path.abspath(path)
    if os.path.isdir(path):
        yield IngestError("a folder, not a file", source=path)
    else:
        yield from (item for item in _named(path, max_bytes) if not isinstance(item, NoRecords))


def missing(paths: Iterable[str | Path]) -> list[IngestError]:
    """The failures ``iter_sources`` would report for those of ``paths`` that do not exist.

    >>> [error.reason for error in missing(["/no/such/folder", "-"])]
    ['no such file or folder']
    """
    paths = list(paths)  # read twice
    failures = [_empty_path() for path in paths if str(path) == ""]
    return failures + [
        error
        for path in paths
        if str(path) not in (STDIN, "") and not os.path.exists(path)  # a link to nothing too
        for error in _named(os.path.abspath(path), MAX_PAGE_BYTES)
        if isinstance(error, IngestError)
    ]


def kind_of(name: str) -> str | None:
    """``"page"``, ``"jsonl"``, ``"warc"``, ``"feed"`` for a file name we read, else None.

    >>> [kind_of(n) for n in ("a.HTML.gz", "b.jsonl", "c.warc.gz", "d.rss", "e.xml", "f.pdf")]
    ['page', 'jsonl', 'warc', 'feed', None, None]
    """
    suffix = _suffix(name).removesuffix(".gz")
    if suffix in PAGE_SUFFIXES:
        return "page"
    if suffix in RECORD_SUFFIXES:
        return "jsonl"
    if suffix in WARC_SUFFIXES:
        return "warc"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return None


#: How an HTML page starts, after a byte-order mark, an XML declaration and comments.
_HTML_START = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:"
    + feeds.COMMENT
    + rb"\s*)*<(?:!doctype\s+html|html|head)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


def kind_at(path: str) -> str | None:
    """``kind_of`` the file at ``path``; for a file of no type read by its name, ``"page"`` when
    it starts as an HTML page (a mirror made by wget saves https://site/news/story as a file
    named "story", and story.php as it is; a folder of them indexed nothing: review), or
    ``"feed"`` when it starts as an RSS or Atom feed (``feed.xml``, ``feed.xml.gz``, or a
    feed saved as "feed" or "index.php")."""
    name = os.path.basename(path)
    kind = kind_of(name)
    if kind is not None:
        return kind
    gzipped = name.lower().endswith(".gz")
    if gzipped and _suffix(name) != XML_SUFFIX + ".gz":
        return None
    start = _start(path)
    if not gzipped and _HTML_START.match(start):
        return "page"
    if feeds.starts_as_feed(start):
        return "feed"
    return None


#: How much of a file of no type read is looked into: an HTML page's start, or a feed's root
#: element after its declaration, a stylesheet instruction and comments. 64 KiB: a feed.xml
#: whose licence comment before its root passed 4 KiB was refused (QA); a feed whose comments
#: are longer still is read when named .rss or .atom.
_PEEK = 65536


def _start(path: str) -> bytes:
    """The first bytes of the file at ``path``, decompressed if it is gzip, as wget may save it
    ("story" holding gzip was ignored: review); b"" for a pipe or a device, reading one could
    wait forever."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""
        with open(path, "rb") as file:
            start = file.read(_PEEK)
        if start.startswith(_GZIP_MEMBER):
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(start, _PEEK)
        return start
    except (OSError, zlib.error):
        return b""


def _suffix(name: str) -> str:
    """A file name's type, lowercase with its ``.gz`` (``.pdf.gz``), or "" when it has none."""
    lower = name.lower()
    gz = ".gz" if lower.endswith(".gz") else ""
    return os.path.splitext(lower.removesuffix(".gz"))[1] + gz


def file_of(source: str) -> str | None:
    """The file a locator reads from (None for standard input or an unknown source).

    >>> file_of("/a/feed.jsonl:12"), file_of("/a/c.warc.gz#10"), file_of("<stdin>:1")
    ('/a/feed.jsonl', '/a/c.warc.gz', None)
    >>> file_of("/a/news.rss#3")
    '/a/news.rss'
    """
    if not source or source.startswith(STDIN_SOURCE):
        return None
    for pattern in (_JSONL_LOCATOR, _WARC_LOCATOR):
        match = pattern.match(source)
        if match:
            return match.group("file")
    item = _feed_item(source)
    return item[0] if item is not None else source


def _feed_item(source: str) -> tuple[str, int] | None:
    """The feed and item number a locator names, or None. A page whose own name ends so
    (``notes#2``) exists under that name, and is the page: only a feed's locator names no
    file. (One deleted since, beside a feed named ``notes``, would be taken for its item 2.)"""
    match = _FEED_LOCATOR.match(source)
    if match is None or _WARC_LOCATOR.match(source) or os.path.lexists(source):
        return None
    return match.group("file"), int(match.group("item"))


def reread(sources: Iterable[str], *, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[Item]:
    """Read again the items at ``sources`` (locators, as found in ``source``), in that order.

    Consecutive locators in one JSONL file are served by one pass over the file, so re-reading
    a whole feed stays linear; WARC records are reached by seeking to their offset (in a WARC
    gzipped whole, by reading on to it); an RSS or Atom feed is parsed once for its
    consecutive items.
    """
    jsonl: _JsonlCursor | None = None
    warc: _WarcCursor | None = None
    feed: _FeedItems | None = None
    try:
        for source in sources:
            jsonl_match = _JSONL_LOCATOR.match(source)
            warc_match = _WARC_LOCATOR.match(source)
            feed_item = None if jsonl_match or warc_match else _feed_item(source)
            if source.startswith(STDIN_SOURCE):
                yield IngestError("read from standard input; cannot be read again", source=source)
            elif jsonl_match:
                file, line = jsonl_match.group("file"), int(jsonl_match.group("line"))
                if jsonl is None or jsonl.path != file or jsonl.line >= line:
                    if jsonl is not None:
                        jsonl.close()
                    jsonl = _JsonlCursor(file)
                yield jsonl.read(line, max_bytes)
            elif warc_match:
                file, offset = warc_match.group("file"), int(warc_match.group("offset"))
                if warc is None or warc.path != file or not warc.ahead(offset):
                    if warc is not None:
                        warc.close()
                    warc = _WarcCursor(file)
                yield warc.read(offset, max_bytes)
            elif feed_item is not None:
                if feed is None or feed.path != feed_item[0]:
                    feed = _FeedItems(feed_item[0], max_bytes)
                yield feed.item(feed_item[1])
            else:
                yield from _page(source, max_bytes)
    finally:
        if jsonl is not None:
            jsonl.close()
        if warc is not None:
            warc.close()


def count_items(paths: Iterable[str | Path]) -> int | None:
    """How many items ``iter_sources(paths)`` will give, for a progress bar's ETA.

    Counts page files, JSONL lines and feeds' item tags without parsing anything; None when it
    cannot know (standard input, WARC files).
    """
    total = 0
    for path in paths:
        if str(path) == STDIN:
            return None
        for file, kind in _files(os.path.abspath(path)):
            if kind == "warc":
                return None
            if kind == "jsonl":
                try:
                    with _open(file) as stream:
                        blocks = iter(lambda: stream.read(1 << 20), b"")
                        total += sum(block.count(b"\n") for block in blocks)
                except (OSError, EOFError, zlib.error):
                    total += 1
            elif kind == "feed":
                try:
                    total += max(1, len(_ITEM_TAG.findall(_read(file, MAX_PAGE_BYTES))))
                except _Unreadable:
                    total += 1
            else:
                total += 1
    return total


#: An RSS item's or Atom entry's start tag, counted for a progress bar's total (an ``<item>``
#: in a story's CDATA counts too: an estimate).
_ITEM_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>]")


def _files(path: str) -> Iterator[tuple[str, str | None]]:
    """The files under ``path`` (or ``path``) of a type read, and each one's type."""
    if not os.path.isdir(path):
        yield path, kind_at(path)
        return
    try:
        with os.scandir(path) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _files(entry.path)
        elif (kind := kind_at(entry.path)) is not None:
            yield entry.path, kind


# -- walking --------------------------------------------------------------------------------


def _path(path: str, max_bytes: int) -> Iterator[Item | Ignored | NoRecords]:
    if _folder(path):
        yield from _walk(path, max_bytes)
    else:
        yield from _named(path, max_bytes)


def _named(path: str, max_bytes: int) -> Iterator[Item | NoRecords]:
    """A path given by name that is no folder to walk: its items, or why it gives none."""
    if not _valid_name(path):
        yield _bad_name(path)
    elif os.path.exists(path):
        yield from _file(path, kind_at(path), max_bytes, explicit=True)
    elif os.path.lexists(path):  # a link to nothing, or round in a loop: said as such
        yield IngestError(_why_no_file(path), source=path)
    else:
        yield IngestError("no such file or folder", source=path)


def _walk(
    folder: str, max_bytes: int, *, hidden: bool = False
) -> Iterator[Item | Ignored | NoRecords]:
    """Depth first, each directory's entries sorted: a stable order without listing the tree.

    ``hidden``: the folder is in a hidden one, whose files are not counted as ignored.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        yield _os_error(error, folder)
        return
    for entry in entries:
        folder_entry = entry.is_dir(follow_symlinks=False)
        entry_hidden = hidden or entry.name.startswith(".")
        if entry.is_symlink() and _links_to_folder(entry.path):
            # Not followed (a link may lead back up the tree, or to a folder read already),
            # but said: a folder of links indexed to nothing without a word (QA).
            if not entry_hidden:
                yield IngestError(
                    "a link to a folder, not followed: give the folder it links to by name",
                    source=entry.path,
                )
            continue
        kind = None if folder_entry else kind_at(entry.path)  # each file looked into once
        if not folder_entry and kind is None:
            # Of no type searchkit reads: counted, unless hidden (a pipe named .html is reported).
            if not entry_hidden:
                yield Ignored(entry.path)
        elif not _valid_name(entry.name):
            yield _bad_name(entry.path)
        elif folder_entry:
            # A searchkit index is no pages: `searchkit index .` counted the default index's
            # own files, under ./indexes, as ignored, more each run (QA).
            if not Store(Path(entry.path)).is_index():
                yield from _walk(entry.path, max_bytes, hidden=entry_hidden)
        else:
            yield from _file(entry.path, kind, max_bytes, explicit=False)


def _links_to_folder(path: str) -> bool:
    """Whether the link at ``path`` leads to a folder (not when it leads nowhere, or round in
    a loop: ``DirEntry.is_dir`` raised ELOOP, and one such link ended the whole run, QA)."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _file(
    path: str, kind: str | None, max_bytes: int, *, explicit: bool
) -> Iterator[Item | NoRecords]:
    """The items of the file at ``path``, of type ``kind`` (``kind_at``)."""
    if kind is not None and not os.path.isfile(path):
        yield IngestError(_why_no_file(path), source=path)
    elif kind == "jsonl":
        yield from _held(path, _jsonl(path, max_bytes))
    elif kind == "warc":
        yield from _held(path, _warc(path, max_bytes))
    elif kind == "page":
        yield from _page(path, max_bytes)
    elif kind == "feed":
        yield from _held(path, _feed(path, max_bytes))
    elif explicit:
        suffix = _suffix(os.path.basename(path))
        what = f"'{suffix}'" if suffix else "(no extension)"  # not the file's own name (QA)
        if suffix.removesuffix(".gz") == XML_SUFFIX:
            what += " that is no RSS or Atom feed"
        yield IngestError(f"unsupported file type {what}", source=path)


def _held(path: str, items: Iterator[Item]) -> Iterator[Item | NoRecords]:
    """``items``, the records of the file at ``path`` (and its failures), or ``NoRecords``
    when there are none."""
    found = False
    for item in items:
        found = True
        yield item
    if not found:
        yield NoRecords(path)


def _why_no_file(path: str) -> str:
    """Why ``path``, which names something, is no file to read."""
    try:
        os.stat(path)
    except OSError as error:
        loop = error.errno == errno.ELOOP
        return "a link that leads round in a loop" if loop else "a link to a missing file"
    return "not a regular file (a pipe or device)"


def _stdin(stream: IO[bytes], max_bytes: int) -> Iterator[Item | Ignored | NoRecords]:
    for number, raw in enumerate(stream, start=1):
        line = raw.strip()
        if not line:
            continue
        if len(line) > max_bytes:  # as in a file (QA: 40 MB were read whole)
            yield IngestError(_too_large(len(line), max_bytes), source=f"{STDIN_SOURCE}:{number}")
        elif line.startswith(b"{"):
            yield _record(f"{STDIN_SOURCE}:{number}", line)
        else:
            yield from _path(os.path.abspath(os.fsdecode(line)), max_bytes)


# -- reading ----------------------------------------------------------------------------------


def _page(path: str, max_bytes: int) -> Iterator[Item]:
    try:
        data = _read(path, max_bytes)
    except _Unreadable as error:
        yield error.failure(path)
        return
    yield RawPage(source=path, data=data)


class _Unreadable(Exception):
    """Why a file cannot be used; becomes an IngestError with the file's locator."""

    def __init__(self, reason: str, cause: BaseException | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.cause = cause

    def failure(self, source: str) -> IngestError:
        error = IngestError(self.reason, source=source)
        error.__cause__ = self.cause
        return error


def _read(path: str, max_bytes: int) -> bytes:
    """A whole page file, decompressed; raises _Unreadable for empty, huge or corrupt files.
    A page is gzip-compressed when named ``.gz`` or when its bytes are: wget saves a page as
    the server sent it, "story.html" compressed, which failed as "gzip-compressed" (QA)."""
    try:
        size = os.path.getsize(path)
        if size == 0:
            raise _Unreadable("empty file (0 bytes)")
        with open(path, "rb") as stream:
            compressed = stream.read(len(_GZIP_MEMBER)) == _GZIP_MEMBER
        if compressed or path.lower().endswith(".gz"):
            data = _gunzipped(path, max_bytes + 1)
            if len(data) > max_bytes:
                cap = f"{max_bytes / 2**20:g} MiB"
                raise _Unreadable(f"too large (over the {cap} cap once decompressed)")
        else:
            if size > max_bytes:
                raise _Unreadable(_too_large(size, max_bytes))
            with open(path, "rb") as stream:
                data = stream.read(max_bytes + 1)
    except OSError as error:  # gzip.BadGzipFile is an OSError
        raise _Unreadable(_reason(error), error) from error
    except (EOFError, zlib.error) as error:
        raise _Unreadable(_gzip_reason(error), error) from error
    if len(data) > max_bytes:
        raise _Unreadable(_too_large(len(data), max_bytes))
    if not data:
        raise _Unreadable("empty file (no bytes after decompression)")
    return data


def _gunzipped(path: str, most: int) -> bytes:
    """Up to ``most`` bytes of the gzip file at ``path``, decompressed. Bytes after the last
    member that start no other are left, as ``gzip -d`` leaves them ("trailing garbage
    ignored"): a page so saved failed whole (QA)."""
    parts: list[bytes] = []
    size = 0
    with gzip.open(path, "rb") as stream:
        try:
            while size < most:
                part = stream.read1(most - size)  # one member's bytes at most: none are lost
                if not part:
                    break
                parts.append(part)
                size += len(part)
        except gzip.BadGzipFile as error:
            if not parts or not str(error).startswith("Not a gzipped file"):
                raise
    return b"".join(parts)


def _open(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def _jsonl(path: str, max_bytes: int) -> Iterator[Item]:
    number = 0
    try:
        if os.path.getsize(path) == 0:
            yield IngestError("empty file (0 bytes)", source=path)
            return
        with _open(path) as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                source = f"{path}:{number}"
                if len(line) > max_bytes:
                    yield IngestError(_too_large(len(line), max_bytes), source=source)
                    continue
                item = _record(source, line)
                if (
                    isinstance(item, IngestError)
                    and item.reason.startswith(_NOT_JSON)
                    and not line.endswith(b"\n")
                ):
                    # An unfinished last line that is not a record: the file was cut short, and
                    # --prune would take the records after the cut for deleted ones (review).
                    yield IngestError(f"cut short in line {number} ({item.reason})", source=path)
                    return
                yield item
    except OSError as error:  # gzip's CRC check and junk after the data fail here too
        yield _os_error(error, path, after=f"line {number}" if number else "")
    except (EOFError, zlib.error) as error:
        # Cut in its first block, no line was read: "after line 0" read oddly (QA).
        where = f"after line {number}" if number else "before its first line"
        yield IngestError(f"{_gzip_reason(error)} {where}", source=path)


_NOT_JSON = "not valid JSON"


def _record(source: str, line: bytes) -> Item:
    try:
        fields = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return IngestError(f"{_NOT_JSON} ({error})", source=source)
    # Each of these two ended the run with a traceback (QA).
    except ValueError:  # Python reads no whole number of more digits than its limit
        digits = f"{sys.get_int_max_str_digits():,}"
        return IngestError(f"{_NOT_JSON} (a number of over {digits} digits)", source=source)
    except RecursionError:
        return IngestError(f"{_NOT_JSON} (nested deeper than can be read)", source=source)
    if not isinstance(fields, dict):
        return IngestError("a JSONL line must be an object", source=source)
    return Record(source=source, fields=fields, data=line.strip())


class _JsonlCursor:
    """Forward-only access to numbered lines of one JSONL file (for ``reread``)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.line = 0
        self._stream: IO[bytes] | None = None
        self._error: OSError | None = None
        try:
            self._stream = _open(path)
        except OSError as error:
            self._error = error

    def read(self, line: int, max_bytes: int) -> Item:
        source = f"{self.path}:{line}"
        if self._stream is None:
            assert self._error is not None
            return _os_error(self._error, source)
        try:
            raw = b""
            while self.line < line:
                raw = self._stream.readline(max_bytes + 1)
                if not raw:
                    return IngestError(f"the file has no line {line} any more", source=source)
                if len(raw) > max_bytes:
                    return IngestError(_too_large(len(raw), max_bytes), source=source)
                self.line += 1
        except (OSError, EOFError, zlib.error) as error:
            return IngestError(f"cannot read line {line} ({error})", source=source)
        return _record(source, raw)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


# -- feeds ------------------------------------------------------------------------------------


def _feed(path: str, max_bytes: int, repeats: set[int] | None = None) -> Iterator[Item]:
    """Each item of the RSS or Atom feed at ``path`` as a record, or one failure of the file:
    bytes that are no feed are skipped whole. A feed that is damaged XML (a bare ``&``, a cut
    short download) gives the items recovered, then a failure of the file that says so, as a
    JSONL file cut short does: the run tells of it, and ``--prune`` removes none of its
    documents.

    Of two items with one link (or id), the first is read and the later one skipped, its number
    added to ``repeats``: a feed lists its newest item first, and the older copy of a story it
    lists twice replaced the newer, "updated 1" in a fresh index (QA). (Of two lines of a JSONL
    file, the later is kept: a file appended to has its newest record last.)"""
    try:
        data = _read(path, max_bytes)
    except _Unreadable as error:
        yield error.failure(path)
        return
    try:
        feed = feeds.read(data)
    except feeds.FeedError as error:
        yield IngestError(brief(str(error)), source=path)
        return
    yield from _feed_records(path, feed.items, repeats)
    if feed.damage:
        count = f"{len(feed.items)} item{'' if len(feed.items) == 1 else 's'}"
        yield IngestError(brief(f"{feed.damage}; {count} read as recovered"), source=path)


def _feed_records(
    path: str, found: list[dict[str, Any]], repeats: set[int] | None
) -> Iterator[Record]:
    named: set[str] = set()
    for number, fields in enumerate(found, start=1):
        name = _named_by(fields)
        if name in named:
            if repeats is not None:
                repeats.add(number)
            continue
        if name:
            named.add(name)
        # The fields, not the item's bytes, decide whether it changed: the channel's title,
        # which gives its site, is outside the item.
        line = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")
        yield Record(source=f"{path}#{number}", fields=fields, data=line)


def _named_by(fields: dict[str, Any]) -> str:
    """What names a feed's item as a document: its link without its ``#fragment``, else its
    own id (as ``indexer.clean`` takes them); "" when neither does."""
    url = str(fields.get("url") or "").strip().split("#", 1)[0]
    return url or str(fields.get("id") or "")


class _FeedItems:
    """The items of one feed, read once, for ``reread`` to serve by number."""

    def __init__(self, path: str, max_bytes: int) -> None:
        self.path = path
        self._repeats: set[int] = set()
        items = list(_feed(path, max_bytes, self._repeats))
        first = items[0] if items else None
        # The failure of a feed that gave no item (a damaged feed's comes after its items).
        self._whole = first if isinstance(first, IngestError) and first.source == path else None
        self._numbered = {i.source: i for i in items if not isinstance(i, IngestError)}

    def item(self, number: int) -> Item:
        source = f"{self.path}#{number}"
        if self._whole is not None:
            failure = IngestError(self._whole.reason, source=source)
            failure.__cause__ = self._whole.__cause__
            return failure
        if source in self._numbered:
            return self._numbered[source]
        if number in self._repeats:
            return IngestError(f"item {number} repeats an earlier item of the feed", source=source)
        return IngestError(f"the feed has no item {number} any more", source=source)


# -- WARC -------------------------------------------------------------------------------------


def _warc(path: str, max_bytes: int) -> Iterator[Item]:
    try:
        if os.path.getsize(path) == 0:
            yield IngestError("empty file (0 bytes)", source=path)
            return
    except OSError as error:
        yield _os_error(error, path)
        return
    if _gzipped_whole(path):
        _, failure, _ = yield from _warc_from(path, 0, max_bytes, whole=True)
        if failure is not None:
            yield failure
        return
    start: int | None = 0
    said = False  # a failure was reported, and no record read since: one line a damaged stretch
    while start is not None:
        read, failure, start = yield from _warc_from(path, start, max_bytes)
        said = said and not read
        if failure is not None and not said:
            yield failure
            said = True


def _warc_from(
    path: str, start: int, max_bytes: int, *, whole: bool = False
) -> Generator[Item, None, tuple[int, IngestError | None, int | None]]:
    """The pages of the WARC at ``path`` from byte ``start``. Returns how many records were
    read, why the rest cannot be (or None), and where to try next: the next gzip member that
    opens a record (each record of a ``.warc.gz`` is a member of its own: one damaged member
    lost every record after it, QA), or None.

    ``whole``: the file is gzipped whole (``_gzipped_whole``), read decompressed from its
    start, its offsets those of the decompressed WARC; a damage ends it, having no next member.
    """
    from warcio.exceptions import ArchiveLoadFailed

    offset, read, records = start, 0, None
    try:
        with _Gunzipped(path) if whole else open(path, "rb") as stream:
            stream.seek(start)
            records = _records(stream)
            record = None
            for record in records:
                page = _warc_page(
                    record, lambda: f"{path}#{records.get_record_offset()}", max_bytes
                )
                offset, read = records.get_record_offset(), read + 1
                if page is not None:
                    yield page
            _check_end(stream, records, record)
        return read, None, None
    except _Unreadable as error:  # the file ends inside a record, or a member is damaged
        failure = IngestError(f"{error.reason} after byte {offset}", source=path)
    except OSError as error:
        return read, _os_error(error, path, after=f"byte {offset}" if offset else ""), None
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, OverflowError) as error:
        # Named by where the record starts (the end of the last one read), with no quote of
        # bytes that are no text: "after byte 0" and a line of binary read as if the whole
        # file were unreadable (QA). Still the file's failure, not the record's: --prune must
        # not take what follows a cut for deleted (review).
        at = _end_of_last(records) if read else start
        where = f"after byte {offset}" if at is None else f"record at byte {at}"
        reason = f"not a readable WARC {where} ({_warc_error(error)})"
        if whole and isinstance(error, (EOFError, zlib.error)):
            reason = f"{_gzip_reason(error)} after byte {offset}"
        failure = IngestError(reason, source=path)
    except AttributeError:  # warcio's, on a record whose headers the file cuts short
        failure = IngestError(f"not a readable WARC after byte {offset} (cut short)", source=path)
    except _OneMember:  # a member after the first holds several records: cannot be located
        reason = f"records gzipped together after byte {offset}, not each a gzip member"
        failure = IngestError(reason, source=path)
    # Never back to where it started: it would read the same stretch for ever.
    return read, failure, None if whole else _next_member(path, max(offset, start) + 1)


def _end_of_last(records: Any) -> int | None:
    """Where the last record warcio read ends (so where the next one starts), if it has
    measured it already: the file is closed by now, and measuring read it (a ValueError on a
    closed file, in a traceback that ended the run, QA)."""
    measured = records.member_info  # (offset, length) of the last record read to its end
    return measured[0] + measured[1] if measured and measured[1] else None


def _gzipped_whole(path: str) -> bool:
    """Whether the WARC at ``path`` is gzipped whole (``gzip -c crawl.warc``): its first gzip
    member holds more than its first record. warcio reads only a file of a member a record,
    which it can seek in (QA: a traceback ended the run). Such a file is read decompressed.

    Told from the first member alone, read up to the end of its first record and a little
    after: warcio's own check could not be trusted, it took the members after a short one
    for the rest of it.
    """
    try:
        with open(path, "rb") as stream:
            return _first_member_holds_more(stream)
    except OSError:  # the reader says why it cannot be read
        return False


def _first_member_holds_more(stream: IO[bytes]) -> bool:
    """``_gzipped_whole`` of the file open as ``stream``."""
    member = zlib.decompressobj(wbits=31)
    head, seen = b"", 0  # the first record's start; bytes decompressed before ``out``
    end = -1  # where the first record ends, once known
    if stream.read(2) != _GZIP_MEMBER[:2]:
        return False
    stream.seek(0)
    while not member.eof:
        pending = stream.read(_MEMBER_PEEK)
        if not pending:
            # The file ends inside it: read decompressed, for a cut read so is told where
            # it stops (warcio stopped at it without a word, the records after it lost).
            return True
        while pending and not member.eof:
            try:
                out = member.decompress(pending, _MEMBER_PEEK)
            except zlib.error:
                return False
            pending = member.unconsumed_tail
            if end < 0:
                head += out
                found = _record_end(head)
                if found is None or (found < 0 and len(head) > _MEMBER_PEEK * 16):
                    return False  # no WARC record's headers: reported by the reader
                end = found
                out = head
                seen = 0
            if end >= 0 and out[max(0, end - seen) :].strip():
                return True  # more than blank lines after the first record
            seen += len(out)
    return False


def _record_end(head: bytes) -> int | None:
    """Where the WARC record whose start ``head`` holds ends: -1 while its headers are not all
    in ``head``, None when they give no length."""
    blank = head.find(b"\r\n\r\n")
    if blank < 0:
        return -1
    length = re.search(rb"(?im)^content-length:[ \t]*(\d+)\r?$", head[:blank])
    return blank + 4 + int(length.group(1)) if length else None


class _Gunzipped(gzip.GzipFile):
    """A WARC gzipped whole, read decompressed. ``read`` gives what one step decompresses, so
    the records before a cut come before its EOFError: ``GzipFile.read`` lost the 16 KB block
    warcio asked for, and the records in it."""

    def __init__(self, path: str) -> None:
        super().__init__(path, "rb")

    def read(self, size: int | None = -1) -> bytes:
        return self.read1(size) if size is not None and size > 0 else super().read(size)


#: A WARC read: the file, or a file gzipped whole read decompressed.
_Stream = IO[bytes] | gzip.GzipFile


class _OneMember(Exception):
    """warcio's refusal of a gzip member that holds more than one record."""


def _refuse_one_member() -> None:
    raise _OneMember


def _warc_error(error: Exception) -> str:
    """warcio's reason, short, without the first line it quotes when that is not text."""
    text = str(error)
    _, quoted, line = text.partition("first line: ")
    if quoted and not line.isprintable():
        text = "no WARC header: a damaged gzip member?"
    return brief(text, _BRIEF)


#: The first bytes of a gzip member (magic and deflate), and how much of one is read to tell
#: whether it opens a WARC record.
_GZIP_MEMBER = b"\x1f\x8b\x08"
_MEMBER_PEEK = 4096


def _next_member(path: str, after: int) -> int | None:
    """Where the first gzip member after byte ``after`` of a gzipped WARC that opens a record
    starts, or None (none, or the file is no gzip)."""
    with open(path, "rb") as stream:
        if stream.read(2) != _GZIP_MEMBER[:2]:
            return None
        with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as data:
            found = data.find(_GZIP_MEMBER, after)
            while found != -1:
                member = zlib.decompressobj(wbits=31)
                try:
                    if member.decompress(data[found : found + _MEMBER_PEEK], 16).startswith(
                        b"WARC/"
                    ):
                        return found
                except zlib.error:
                    pass
                found = data.find(_GZIP_MEMBER, found + 1)
    return None


def _records(stream: _Stream) -> Any:
    """warcio's iterator over the records of ``stream``, silent: it printed four lines on
    stderr for a record whose length is wrong, between searchkit's own (QA). Such a record is
    reported as any other that cannot be read."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    records.INC_RECORD = ""  # the warning it writes to stderr
    # Its refusal of a gzip member of several records is an ArchiveLoadFailed of 8 lines
    # (with a blank first one) that no other damage can be told from by its type.
    records._raise_invalid_gzip_err = _refuse_one_member
    # A response record without a WARC-Target-URI raised AttributeError there, and every
    # record after it in the file was lost (QA): its HTTP headers are read as any other's.
    headers = records.loader.load_http_headers
    records.loader.load_http_headers = lambda kind, uri, *rest: headers(kind, uri or "http:", *rest)
    return records


class _WarcCursor:
    """The records of one WARC by offset (for ``reread``). In a WARC gzipped whole, whose
    offsets are in the decompressed stream, nothing can be sought: it reads on from the last
    record asked for, so re-reading the file's records in order stays linear."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._whole = _gzipped_whole(path)
        self._stream: _Gunzipped | None = None
        self._records: Any = None
        self._next: Any = None  # a record read past, not yet asked for
        self._at = 0  # where the records read on from start

    def ahead(self, offset: int) -> bool:
        """Whether the cursor can serve ``offset`` without starting the file again."""
        return not self._whole or self._records is None or offset >= self._at

    def read(self, offset: int, max_bytes: int) -> Item:
        if not self._whole:
            return _warc_at(self.path, offset, max_bytes)
        source = f"{self.path}#{offset}"
        if self._records is None:
            try:
                self._stream = stream = _Gunzipped(self.path)
                self._records = _records(stream)
            except OSError as error:
                return _os_error(error, source)
            self._at = 0
        return _read_record(lambda: self._on_to(offset), source, max_bytes)

    def _on_to(self, offset: int) -> Any:
        """The record at ``offset`` or None, having read past those before it."""
        try:
            while True:
                record, self._next = self._next, None
                if record is None:
                    record = next(self._records, None)
                if record is None:
                    return None
                at = self._records.offset  # where the record warcio just parsed starts
                self._at = at
                if at == offset:
                    return record
                if at > offset:
                    self._next = record
                    return None
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream = self._records = self._next = None


def _warc_at(path: str, offset: int, max_bytes: int) -> Item:
    source = f"{path}#{offset}"
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            return _read_record(lambda: _record_at(stream, offset), source, max_bytes)
    except OSError as error:
        return _os_error(error, source)


def _record_at(stream: _Stream, offset: int) -> Any:
    """The WARC record at ``offset`` of ``stream`` (sought there), or None when there is none."""
    record = next(_records(stream), None)
    if record is None:
        stream.seek(offset)
        if stream.read(5) == b"WARC/":  # warcio stops without a word in cut headers
            raise AttributeError  # as it raises for others: "cut short"
    return record


def _read_record(record_at: Callable[[], Any], source: str, max_bytes: int) -> Item:
    """The page of the record ``record_at`` gives (None: there is none), or why not."""
    from warcio.exceptions import ArchiveLoadFailed

    try:
        record = record_at()
        if record is not None:
            page = _warc_page(record, lambda: source, max_bytes)
            return page or IngestError("no HTML response record here any more", source=source)
    except _Unreadable as error:
        return error.failure(source)
    except OSError as error:
        return _os_error(error, source)
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, OverflowError) as error:
        reason = f"not a readable WARC record ({_warc_error(error)})"
        return IngestError(reason, source=source)
    except AttributeError:  # warcio's, on a record whose headers the file cuts short
        return IngestError("not a readable WARC record (cut short)", source=source)
    except _OneMember:
        return IngestError("records gzipped together, not each a gzip member", source=source)
    return IngestError("no WARC record at this offset", source=source)


#: The most characters of a reader's error message a failure quotes: warcio quotes the bytes
#: it could not read, 1.7 KB of binary on a terminal (QA).
_BRIEF = 80
#: The most characters of an error message printed: messages quote the values they refuse,
#: and a date of a million digits made a line of a megabyte (QA).
LONGEST_MESSAGE = 300


def brief(text: str, limit: int = LONGEST_MESSAGE) -> str:
    """``text`` on one line, cut to ``limit`` characters, control characters escaped."""
    text = printable(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _check_end(stream: _Stream, records: Any, last: Any) -> None:
    """Raise ``_Unreadable`` unless the WARC ended where its last record does: warcio stops
    without a word at bytes it cannot read as a record (a file cut inside one), and ``--prune``
    would take the records after the cut for deleted ones (review of issue 6's prune)."""
    end = 0
    if last is not None:
        if getattr(last.raw_stream, "limit", 0):  # bytes it declared but never came
            raise _Unreadable("truncated WARC record")
        end = records.get_record_offset() + records.get_record_length()
    if isinstance(stream, gzip.GzipFile):  # gzipped whole: its size is not known, seek on
        short = stream.seek(end) < end
    else:
        short = end > os.fstat(stream.fileno()).st_size
        stream.seek(end)
    if short:  # it ends inside the last record's frame
        raise _Unreadable("cut short")
    if not _blank(stream.read(_TAIL)):
        raise _Unreadable("cut short")


#: Bytes read after a WARC's last record to tell a cut-short file from a record separator.
_TAIL = 4096


def _blank(tail: bytes) -> bool:
    """Whether the bytes after a WARC's last record hold nothing: whitespace, or gzip members
    of whitespace (an empty member appended, say)."""
    while tail.startswith(b"\x1f\x8b"):
        member = zlib.decompressobj(wbits=31)
        try:
            text = member.decompress(tail)
        except zlib.error:
            return False
        if not member.eof or text.strip():
            return False
        tail = member.unused_data
    return not tail.strip()


def _warc_page(record: Any, locate: Callable[[], str], max_bytes: int) -> Item | None:
    """An HTML ``response`` record's payload as a page; other records are not articles.

    ``locate`` gives the record's locator; warcio knows a record's offset only once its
    content has been read, so it is called after. Raises ``_Unreadable`` for a record the file
    ends inside.
    """
    headers = record.rec_headers
    if not headers.protocol and not headers.headers:
        return None  # blank lines (or a gzip member of them) after the last record
    if not headers.get_header("Content-Length"):  # every record has one
        raise _Unreadable("truncated WARC record")  # the file ends inside its headers
    if record.rec_type != "response":
        return None
    http = record.http_headers
    if http is not None:
        content_type = (http.get_header("Content-Type") or "text/html").lower()
        if "html" not in content_type:
            return None
        if not (http.get_statuscode() or "200").startswith("2"):
            return None  # a crawl's "Page not found", redirect or error page (QA)
    url = record.rec_headers.get_header("WARC-Target-URI")
    encoding = (http.get_header("Content-Encoding") or "") if http is not None else ""
    coding = encoding.strip().lower()
    data = record.content_stream().read(max_bytes + 1)
    source = locate()
    if coding in _UNREAD_CODINGS:
        # warcio hands such a payload over still encoded: "binary data" was all it said (QA).
        # Not a value no coding has ("utf-8", "none"), whose payload is as sent (review).
        return IngestError(brief(_undecodable(encoding)), source=source)
    if len(data) > max_bytes:
        return IngestError(_too_large(len(data), max_bytes), source=source)
    if getattr(record.raw_stream, "limit", 0):  # bytes the record declared but never came
        raise _Unreadable("truncated WARC record")
    if not data:
        if coding not in ("", "identity"):  # warcio gives b"" (QA)
            return IngestError(brief(_undecodable(encoding)), source=source)
        return IngestError("empty response payload", source=source)
    return RawPage(source=source, data=data, url=url or None)


# -- errors -------------------------------------------------------------------------------------


#: Content codings warcio does not decode (it reads gzip and deflate).
_UNREAD_CODINGS = frozenset({"br", "zstd", "compress", "x-compress"})


def _undecodable(encoding: str) -> str:
    return f"response payload that cannot be decoded (Content-Encoding: {encoding})"


def printable(path: str) -> str:
    """``path`` as text that any output takes, on one line: bytes that are not UTF-8, which
    the OS decodes to lone surrogates (``os.fsdecode``), and control characters, such as a
    newline in a file's name (QA: a report of one file took two lines), are shown escaped.

    >>> printable(os.fsdecode(b"bad\\xff.txt")), printable("em\\npty.html")
    ('bad\\\\xff.txt', 'em\\\\x0apty.html')
    """
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate the OS does not make; escape it as it is
        text = path.encode("utf-8", "backslashreplace").decode("utf-8")
    else:
        text = raw.decode("utf-8", "backslashreplace")
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _valid_name(path: str) -> bool:
    """Whether a path is UTF-8, which the manifest, the index and JSON output need."""
    try:
        path.encode("utf-8")  # a byte that is not UTF-8 is a lone surrogate here
    except UnicodeEncodeError:
        return False
    return True


def _bad_name(path: str) -> IngestError:
    return IngestError("name is not valid UTF-8; rename it to index it", source=printable(path))


def _too_large(size: int, max_bytes: int) -> str:
    return f"too large ({size / 2**20:.1f} MiB > the {max_bytes / 2**20:g} MiB cap)"


def _reason(error: OSError) -> str:
    """Why a file cannot be read, in the words ``index`` uses for them all: Python's own were
    "Not a gzipped file (b'pl')" and "No such file or directory" (QA)."""
    if isinstance(error, gzip.BadGzipFile):
        return "not gzip data" if "Not a gzipped file" in str(error) else _gzip_reason(error)
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    reason = error.strerror or str(error)
    return reason[:1].lower() + reason[1:]


def _gzip_reason(error: Exception) -> str:
    """Why gzip data cannot be read: cut short, or damaged."""
    if isinstance(error, EOFError):
        return "truncated gzip data (it ends before its last block)"
    return f"corrupt gzip data ({error})"


def _os_error(error: OSError, source: str, *, after: str = "") -> IngestError:
    failure = IngestError(_reason(error) + (f" after {after}" if after else ""), source=source)
    failure.__cause__ = error
    return failure


__all__ = [
    "FEED_SUFFIXES",
    "MAX_PAGE_BYTES",
    "STDIN",
    "SUFFIXES",
    "XML_SUFFIX",
    "Ignored",
    "Item",
    "NoRecords",
    "RawPage",
    "Record",
    "count_items",
    "file_of",
    "iter_sources",
    "kind_of",
    "missing",
    "printable",
    "read_file",
    "reread",
]
