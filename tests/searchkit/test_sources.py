"""sources: folders, gz pages, JSONL(.gz), WARC(.gz), stdin, locators, and errors in line."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from searchkit import IngestError
from searchkit.sources import (
    Ignored,
    NoRecords,
    RawPage,
    Record,
    count_items,
    file_of,
    iter_sources,
    missing,
    read_file,
    reread,
)

PAGE = b"<html><head><title>T</title></head><body><p>Story.</p></body></html>"
FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def test_folders_are_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "page.html").write_bytes(b"<html></html>")
    (tmp_path / "a.txt").write_bytes(b"Title\n\nBody.")
    (tmp_path / "notes.md").write_bytes(b"ignored")
    (tmp_path / "feed.jsonl").write_text('{"title": "t", "body": "b"}\n\n[1]\n', encoding="utf-8")
    (tmp_path / ".git").mkdir()  # hidden: not the user's pages, so not counted as ignored
    (tmp_path / ".git" / "HEAD").write_bytes(b"ref: refs/heads/main")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    (tmp_path / "linked").symlink_to(tmp_path / "b")  # not followed, but said (QA)
    items = list(iter_sources([tmp_path]))
    kinds = [RawPage, RawPage, Record, IngestError, IngestError, Ignored]
    assert [type(i) for i in items] == kinds
    link = items[-2]
    assert isinstance(link, IngestError) and link.source == str(tmp_path / "linked")
    assert link.reason == "a link to a folder, not followed: give the folder it links to by name"
    assert items[-1] == Ignored(str(tmp_path / "notes.md"))
    assert isinstance(items[0], RawPage) and items[0].data == b"Title\n\nBody."
    records = [i for i in items if isinstance(i, Record)]
    assert records[0].fields == {"title": "t", "body": "b"}
    assert records[0].source == f"{tmp_path / 'feed.jsonl'}:1"
    errors = [i for i in items if isinstance(i, IngestError)]
    assert errors[0].source.endswith("feed.jsonl:3") and "object" in errors[0].reason


def test_pages_saved_without_a_page_extension_are_read_as_pages(tmp_path: Path) -> None:
    # A mirror made by wget saves https://site/news/story as "story" and story.php as it is:
    # such a folder was all ignored files (review).
    (tmp_path / "story").write_bytes(PAGE)
    (tmp_path / "view.php").write_bytes(b"\xef\xbb\xbf <!-- saved -->\n<!DOCTYPE html>" + PAGE)
    (tmp_path / "feed.xml").write_bytes(b'<?xml version="1.0"?><html><body>x</body></html>')
    (tmp_path / "notes").write_bytes(b"Shopping: milk, <html> tags.")
    # Its comments matched each one way: 40 before no page took hours, unstoppable (review).
    (tmp_path / "layout").write_bytes(b"<!-- licence -->\n" * 40 + b"<LinearLayout/>")
    (tmp_path / "page.gz").write_bytes(gzip.compress(PAGE))
    os.mkfifo(tmp_path / "pipe")  # never opened: reading it would wait for a writer
    items = list(iter_sources([tmp_path]))
    assert items == [
        RawPage(source=str(tmp_path / "feed.xml"), data=items[0].data),  # type: ignore[union-attr]
        Ignored(str(tmp_path / "layout")),
        Ignored(str(tmp_path / "notes")),
        Ignored(str(tmp_path / "page.gz")),
        Ignored(str(tmp_path / "pipe")),
        RawPage(source=str(tmp_path / "story"), data=PAGE),
        RawPage(source=str(tmp_path / "view.php"), data=items[-1].data),  # type: ignore[union-attr]
    ]
    explicit = list(iter_sources([tmp_path / "story", tmp_path / "notes"]))
    assert explicit[0] == RawPage(source=str(tmp_path / "story"), data=PAGE)
    assert isinstance(explicit[1], IngestError) and "unsupported" in explicit[1].reason


def test_missing_and_unsupported_paths_become_errors(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    items = list(iter_sources([tmp_path / "nope.html", tmp_path / "photo.jpg"]))
    assert [type(i) for i in items] == [IngestError, IngestError]
    assert "no such file" in str(items[0]) and "unsupported" in str(items[1])


def test_names_that_are_not_utf8_become_errors_with_the_bytes_escaped(tmp_path: Path) -> None:
    # The manifest, the index and JSON output take text only (surrogates crashed the batch).
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / os.fsdecode(b"bad\xff\xfe.html")).write_bytes(PAGE)
    (tmp_path / os.fsdecode(b"dir\xff")).mkdir()
    (tmp_path / os.fsdecode(b"dir\xff") / "c.html").write_bytes(PAGE)
    items = list(iter_sources([tmp_path]))
    assert isinstance(items[0], RawPage) and items[0].source == str(tmp_path / "a.html")
    errors = [*items[1:], *iter_sources([tmp_path / os.fsdecode(b"bad\xff\xfe.html")])]
    assert [e.source for e in errors if isinstance(e, IngestError)] == [
        f"{tmp_path}/bad\\xff\\xfe.html",
        f"{tmp_path}/dir\\xff",
        f"{tmp_path}/bad\\xff\\xfe.html",
    ]
    assert all("not valid UTF-8" in str(e) for e in errors)


def test_gzipped_pages_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"title": "t", "body": "b"}\n'))
    page, record = list(iter_sources([tmp_path]))
    assert isinstance(page, RawPage) and page.data == PAGE
    assert isinstance(record, Record) and record.source.endswith("b.jsonl.gz:1")


def test_a_page_saved_compressed_under_its_own_name_is_read(tmp_path: Path) -> None:
    # wget saves a page as the server sent it: "story.html" holding gzip failed (archivist QA).
    (tmp_path / "story.html").write_bytes(gzip.compress(PAGE))
    (tmp_path / "story2").write_bytes(gzip.compress(PAGE))  # https://site/news/story2 (review)
    pages = list(iter_sources([tmp_path]))
    assert [page.data for page in pages if isinstance(page, RawPage)] == [PAGE, PAGE]


@pytest.mark.parametrize(
    "after", [b"", b"junk after the page", gzip.compress(PAGE)], ids=["one", "junk", "two"]
)
def test_a_gzipped_page_is_read_as_gzip_d_reads_it(tmp_path: Path, after: bytes) -> None:
    # Bytes after the member that start no other failed the page whole; gzip -d reads it (QA).
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(PAGE) + after)
    [page] = list(iter_sources([tmp_path]))
    assert isinstance(page, RawPage) and page.data == PAGE * (2 if after.startswith(b"\x1f") else 1)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.html", b"", "empty file"),
        ("cut.html.gz", gzip.compress(PAGE * 50)[:-30], "truncated"),
        ("fake.html.gz", b"not gzip at all", "not gzip"),
        ("huge.html", b"<p>" + b"x" * 2000, "too large"),
        ("huge.html.gz", gzip.compress(b"x" * 5000), "over the 0.000953674 MiB cap once decomp"),
    ],
    ids=["zero-bytes", "truncated-gz", "not-gz", "over-cap", "over-cap-gz"],
)
def test_bad_files_become_errors_with_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    [item] = list(iter_sources([tmp_path], max_bytes=1000))
    assert isinstance(item, IngestError)
    assert reason in item.reason and item.source == str(tmp_path / name)


def test_pipes_devices_and_broken_links_are_reported(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "gone.html").symlink_to(tmp_path / "nowhere.html")
    # A link loop ended the whole run with "Too many levels of symbolic links" (QA).
    (tmp_path / "loop1.html").symlink_to(tmp_path / "loop2.html")
    (tmp_path / "loop2.html").symlink_to(tmp_path / "loop1.html")
    (tmp_path / "story.txt").write_bytes(b"Title\n\nBody.")
    found = {
        Path(item.source).name: getattr(item, "reason", "read") for item in iter_sources([tmp_path])
    }
    loop = "a link that leads round in a loop"
    assert found == {
        "gone.html": "a link to a missing file",
        "loop1.html": loop,
        "loop2.html": loop,
        "pipe.html": "not a regular file (a pipe or device)",
        "story.txt": "read",  # the run goes on
        "zero.txt": "not a regular file (a pipe or device)",
    }
    [named] = iter_sources([tmp_path / "loop1.html"])  # it said "no such file or folder"
    assert isinstance(named, IngestError) and named.reason == loop


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_are_pages_with_their_url(
    write_warc: Callable[..., None], tmp_path: Path, name: str
) -> None:
    write_warc(
        tmp_path / name,
        [
            ("request", "https://a.example/1", b"GET / HTTP/1.1\r\n\r\n"),
            ("response", "https://a.example/1", PAGE),
            ("response", "https://a.example/logo.png", b"\x89PNG..."),
            ("response 404 Not Found", "https://a.example/gone", PAGE),  # not articles:
            ("response 301 Moved Permanently", "https://a.example/old", PAGE),
            ("response 503 Service Unavailable", "https://a.example/busy", PAGE),
            ("response", "https://a.example/2", PAGE.replace(b"Story", b"Other")),
        ],
    )
    pages = list(iter_sources([tmp_path]))
    assert all(isinstance(p, RawPage) for p in pages)
    assert [p.url for p in pages] == ["https://a.example/1", "https://a.example/2"]  # type: ignore[union-attr]
    assert all("#" in p.source and file_of(p.source) == str(tmp_path / name) for p in pages)
    # Each locator reads the same record again on its own (what `searchkit rebuild` does).
    assert list(reread([p.source for p in reversed(pages)])) == list(reversed(pages))


@pytest.mark.parametrize("name", ["c.warc", "c.warc.gz"])
def test_truncated_warc_keeps_what_came_before(
    write_warc: Callable[..., None], tmp_path: Path, name: str
) -> None:
    crawl = tmp_path / name
    write_warc(crawl, [("response", f"https://a.example/{i}", PAGE) for i in (1, 2)])
    last = [item.source for item in iter_sources([crawl])][-1]
    data = crawl.read_bytes()
    crawl.write_bytes(data[: len(data) - 40])
    first, error = list(iter_sources([crawl]))
    assert isinstance(first, RawPage) and isinstance(error, IngestError)
    # The file failed, not a record: --prune keeps the records of a file read part-way.
    assert error.source == str(crawl) and "truncated WARC record" in error.reason
    [again] = reread([last])  # what `searchkit rebuild` reports for the record cut short
    assert isinstance(again, IngestError) and again.source == last


def two_responses(
    write_warc: Callable[..., None], folder: Path, length: Callable[[int], int] | None = None
) -> bytes:
    """A plain WARC of two HTML responses, the first one's Content-Length made ``length`` of
    the true one when given."""
    plain = folder / "whole.warc"
    write_warc(plain, [("response", f"https://a.example/{i}", PAGE) for i in (1, 2)])
    data = plain.read_bytes()
    if length is None:
        return data
    found = re.search(rb"Content-Length: (\d+)", data)
    assert found is not None
    written = str(length(int(found.group(1)))).encode()
    return data[: found.start(1)] + written + data[found.end(1) :]


@pytest.mark.parametrize("name", ["h.warc", "h.warc.gz"])
def test_a_warc_cut_inside_a_records_headers_fails_the_file(
    write_warc: Callable[..., None], tmp_path: Path, name: str
) -> None:
    # warcio raised AttributeError, a traceback that ended the whole ingest (QA round 4).
    data = two_responses(write_warc, tmp_path)
    cut = data[: data.index(b"WARC/1.0", 10) + 60]
    crawl = tmp_path / name
    crawl.write_bytes(gzip.compress(cut) if name.endswith(".gz") else cut)
    first, error = list(iter_sources([crawl]))
    assert isinstance(first, RawPage) and isinstance(error, IngestError)
    assert error.source == str(crawl) and "cut short" in error.reason
    if name == "h.warc":  # `searchkit rebuild` reads the record cut short by its offset
        [again] = reread([f"{crawl}#{len(cut) - 60}"])
        assert isinstance(again, IngestError) and again.reason.endswith("(cut short)")


@pytest.mark.parametrize("name", ["n.warc", "n.warc.gz"])
def test_a_warc_record_longer_than_any_file_fails_the_file(
    write_warc: Callable[..., None], tmp_path: Path, name: str
) -> None:
    # warcio's OverflowError on a Content-Length of 2**63 or more ended the run (QA).
    huge = two_responses(write_warc, tmp_path, lambda _: 10**20 - 1)
    crawl = tmp_path / name
    crawl.write_bytes(gzip.compress(huge) if name.endswith(".gz") else huge)
    [error] = list(iter_sources([crawl]))
    assert isinstance(error, IngestError) and "not a readable WARC" in error.reason
    [again] = reread([f"{crawl}#0"])
    assert isinstance(again, IngestError) and "not a readable WARC record" in again.reason


@pytest.mark.parametrize("name", ["w.warc", "w.warc.gz"])
def test_a_warc_cut_anywhere_in_a_record_fails_the_file(
    write_warc: Callable[..., None], tmp_path: Path, name: str
) -> None:
    """warcio stopped without a word at many cuts (inside a record's WARC or HTTP headers), so
    the records after the cut looked deleted and --prune removed them (review)."""
    crawl = tmp_path / name
    write_warc(crawl, [("response", f"https://a.example/{i}", PAGE) for i in (1, 2, 3)])
    data = crawl.read_bytes()
    _, second, third = (int(item.source.rsplit("#", 1)[1]) for item in iter_sources([crawl]))
    for cut in range(second + 1, third - 12, 7):  # not the last bytes: a gzip trailer, CRLFs
        crawl.write_bytes(data[:cut])
        *pages, error = list(iter_sources([crawl]))
        assert len(pages) == 1 and isinstance(error, IngestError), cut
        assert error.source == str(crawl), (cut, error)


@pytest.mark.parametrize(
    "after",
    [gzip.compress(b""), gzip.compress(b"\r\n\r\n"), b"\r\n\r\n\n"],
    ids=["empty-member", "blank-member", "blank-lines"],
)
def test_blank_bytes_after_the_last_record_of_a_gzipped_warc_are_no_cut(
    write_warc: Callable[..., None], tmp_path: Path, after: bytes
) -> None:
    # Each failed the whole file as "cut short" or "truncated" (review).
    crawl = tmp_path / "c.warc.gz"
    write_warc(crawl, [("response", f"https://a.example/{i}", PAGE) for i in (1, 2)])
    crawl.write_bytes(crawl.read_bytes() + after)
    assert [type(item) for item in iter_sources([crawl])] == [RawPage, RawPage]


def test_a_jsonl_file_cut_inside_its_last_line_fails_the_file(tmp_path: Path) -> None:
    # The unfinished line was a bad record, so --prune removed the records after the cut.
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"title": "a", "body": "b"}\n{"title": "c", "bo')
    record, error = list(iter_sources([feed]))
    assert isinstance(record, Record) and isinstance(error, IngestError)
    assert error.source == str(feed) and error.reason.startswith("cut short in line 2 (not valid")
    feed.write_bytes(b'{"title": "a", "body": "b"}\n{"title": "c", "body": "d"}')  # no newline
    assert all(isinstance(item, Record) for item in iter_sources([feed]))
    feed.write_bytes(b'{"title": "a", "body": "b"}\nnot json\n')  # a bad record, not a cut
    assert list(iter_sources([feed]))[1].source == f"{feed}:2"
    feed.write_bytes(b'{"title": "a", "body": "b"}\n[1]')  # whole JSON, not a record
    assert list(iter_sources([feed]))[1].source == f"{feed}:2"


def test_gzip_errors_after_the_records_of_a_jsonl_file_fail_the_file(tmp_path: Path) -> None:
    data = gzip.compress(b'{"title": "t", "body": "b"}\n' * 3)
    (tmp_path / "crc.jsonl.gz").write_bytes(data[:-8] + bytes(4) + data[-4:])
    (tmp_path / "junk.jsonl.gz").write_bytes(data + b"junk after the gzip data")
    for name in ("crc.jsonl.gz", "junk.jsonl.gz"):
        *records, error = list(iter_sources([tmp_path / name]))
        assert len(records) == 3 and all(isinstance(r, Record) for r in records)
        assert isinstance(error, IngestError) and error.source == str(tmp_path / name)
        assert error.reason.endswith("after line 3")
        assert error.reason.startswith("corrupt gzip data (CRC" if "crc" in name else "not gzip")


def test_a_jsonl_gzip_cut_in_its_first_block_fails_before_its_first_line(tmp_path: Path) -> None:
    # QA: "truncated gzip data (it ends before its last block) after line 0"
    data = gzip.compress(b'{"title": "t", "body": "b"}\n' * 3)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[:20])
    (error,) = list(iter_sources([tmp_path / "cut.jsonl.gz"]))
    assert isinstance(error, IngestError) and error.source == str(tmp_path / "cut.jsonl.gz")
    assert (
        error.reason == "truncated gzip data (it ends before its last block) before its first line"
    )


def test_jsonl_lines_are_read_again_by_locator(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"title": f"t{i}", "body": "b"}) + "\n" for i in range(5)))
    wanted = [f"{feed}:2", f"{feed}:4", f"{feed}:1", f"{feed}:9", f"{tmp_path / 'gone.html'}"]
    items = list(reread(wanted))
    assert [i.fields["title"] for i in items[:3]] == ["t1", "t3", "t0"]  # type: ignore[union-attr]
    assert isinstance(items[3], IngestError) and "no line 9" in items[3].reason
    assert isinstance(items[4], IngestError)


def test_stdin_lines_are_paths_or_records(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PAGE)
    stream = io.BytesIO(f'{tmp_path / "a.html"}\n\n{{"title": "t", "body": "b"}}\n'.encode())
    page, record = list(iter_sources(["-"], stdin=stream))
    assert isinstance(page, RawPage) and page.source == str(tmp_path / "a.html")
    assert isinstance(record, Record) and record.source == "<stdin>:3"
    assert file_of(record.source) is None


def test_a_stdin_line_past_the_cap_fails_as_in_a_file() -> None:
    # A 40 MB record piped in was read whole; a line that long is no path either (QA).
    big = json.dumps({"title": "t", "body": "b" * 200}).encode()
    stream = io.BytesIO(big + b"\n" + b"x" * 300 + b"\n")
    record, path = list(iter_sources(["-"], stdin=stream, max_bytes=100))
    assert isinstance(record, IngestError) and record.source == "<stdin>:1"
    assert isinstance(path, IngestError) and path.source == "<stdin>:2"
    assert record.reason.startswith("too large") and path.reason.startswith("too large")


def test_missing_lists_the_paths_that_do_not_exist(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PAGE)
    absent = missing([tmp_path / "a.html", tmp_path / "b.html", "-", tmp_path])
    assert [(e.source, e.reason) for e in absent] == [
        (str(tmp_path / "b.html"), "no such file or folder")
    ]


def test_read_file_gives_a_page_or_each_record_as_index_reads_them(
    write_warc: Callable[..., None], tmp_path: Path
) -> None:
    (tmp_path / "story.html.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "story.php").write_bytes(PAGE)
    (tmp_path / "feed.jsonl").write_text('{"title": "t", "body": "b"}\n[1]\n', encoding="utf-8")
    write_warc(tmp_path / "c.warc", [("response", "https://x.test/a", PAGE)])
    (tmp_path / "empty.html").write_bytes(b"")
    [page] = read_file(tmp_path / "story.html.gz")
    assert isinstance(page, RawPage) and page.data == PAGE
    [php] = read_file(tmp_path / "story.php")  # a page by its start, as index reads it
    assert isinstance(php, RawPage) and php.data == PAGE
    (tmp_path / "code.php").write_bytes(b"<?php echo 1;")  # `clean` showed it; index skipped it
    [code] = read_file(tmp_path / "code.php")
    assert isinstance(code, IngestError) and code.reason == "unsupported file type '.php'"
    record, error = read_file(tmp_path / "feed.jsonl")
    assert isinstance(record, Record) and isinstance(error, IngestError)
    [response] = read_file(tmp_path / "c.warc")
    assert isinstance(response, RawPage) and response.url == "https://x.test/a"
    [empty] = read_file(tmp_path / "empty.html")
    assert isinstance(empty, IngestError) and empty.reason == "empty file (0 bytes)"


def test_warcio_repairs_are_not_printed(write_warc: Callable[..., None], tmp_path: Path) -> None:
    write_warc(tmp_path / "c.warc", [("response", "https://a.example/with space", b"<p>Hi</p>")])
    code = "import sys; from searchkit import sources; list(sources.iter_sources(sys.argv[1:]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "c.warc")], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stderr == ""


def test_a_wrong_record_length_is_not_printed(
    write_warc: Callable[..., None], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # warcio wrote a four-line WARNING on stderr, between searchkit's own lines (QA).
    crawl = tmp_path / "c.warc"
    crawl.write_bytes(two_responses(write_warc, tmp_path, lambda n: n - 5))
    items = list(iter_sources([crawl]))
    assert items and capfd.readouterr().err == ""


def test_a_response_record_without_a_target_uri_is_read(
    write_warc: Callable[..., None], tmp_path: Path
) -> None:
    # warcio raised AttributeError: reported as "cut short", and the records after it lost (QA).
    crawl = tmp_path / "c.warc"
    write_warc(crawl, [("response", f"https://a.example/{i}", PAGE) for i in (1, 2, 3)])
    crawl.write_bytes(crawl.read_bytes().replace(b"WARC-Target-URI: https://a.example/2\r\n", b""))
    pages = list(iter_sources([crawl]))
    assert [getattr(page, "url", page) for page in pages] == [
        "https://a.example/1",
        None,
        "https://a.example/3",
    ]
    assert all(isinstance(page, RawPage) and page.data == PAGE for page in pages)


def test_a_payload_whose_encoding_cannot_be_decoded_says_so(tmp_path: Path) -> None:
    # warcio decodes a gzip body cut in its header to nothing: "empty response payload" (QA).
    crawl = tmp_path / "c.warc"
    body = gzip.compress(PAGE)[:5]
    with crawl.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            "https://a.example/1", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
        record.raw_stream.close()  # warcio spooled the payload to a temporary file
    [error] = list(iter_sources([crawl]))
    assert isinstance(error, IngestError)
    assert error.reason == "response payload that cannot be decoded (Content-Encoding: gzip)"


def test_a_payload_in_an_encoding_warcio_does_not_read_says_so(tmp_path: Path) -> None:
    # Content-Encoding: br, as browsers ask for it, failed as "binary data" (QA).
    crawl = tmp_path / "c.warc"
    with crawl.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for n, encoding in enumerate(("br", "utf-8")):  # a server's bogus value: as sent
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html"), ("Content-Encoding", encoding)],
                protocol="HTTP/1.1",
            )
            payload = io.BytesIO(PAGE if encoding == "utf-8" else b"\x8b\x02\x80binary")
            record = writer.create_warc_record(
                f"https://a.example/{n}", "response", payload=payload, http_headers=headers
            )
            writer.write_record(record)
            record.raw_stream.close()
    error, page = list(iter_sources([crawl]))
    assert isinstance(error, IngestError)
    assert error.reason == "response payload that cannot be decoded (Content-Encoding: br)"
    assert isinstance(page, RawPage) and page.data == PAGE  # the next record is read


def test_a_damaged_gzip_member_of_a_warc_loses_its_record_alone(
    write_warc: Callable[..., None], tmp_path: Path
) -> None:
    # Bytes flipped inside one record's member lost every record after it, and the failure
    # quoted 1.7 KB of the binary it could not read (QA).
    crawl = tmp_path / "crawl.warc.gz"
    stories = [PAGE.replace(b"Story", f"Story {n} {'words ' * 300}".encode()) for n in range(3)]
    write_warc(crawl, [("response", f"https://a.example/{n}", p) for n, p in enumerate(stories)])
    starts = [int(page.source.rsplit("#", 1)[1]) for page in iter_sources([crawl])]
    data = bytearray(crawl.read_bytes())
    middle = (starts[1] + starts[2]) // 2
    data[middle : middle + 40] = bytes(40)
    crawl.write_bytes(bytes(data))
    items = list(iter_sources([crawl]))
    assert [getattr(item, "url", None) for item in items] == [
        "https://a.example/0",
        None,
        "https://a.example/2",
    ]
    failure = items[1]
    # Named by where it starts, with no bytes quoted: "after byte 0" and a line of binary
    # read as if the whole file were unreadable (QA).
    assert isinstance(failure, IngestError) and failure.source == str(crawl)
    assert failure.reason.startswith(f"not a readable WARC record at byte {starts[1]} (")
    assert failure.reason.isprintable() and "\\x" not in failure.reason


def test_an_index_inside_the_folder_is_not_read(tmp_path: Path) -> None:
    # `searchkit index .` put the default index under ./indexes, then counted its files as
    # ignored, more each run (QA).
    from scrapers import Article
    from searchkit import Archive

    (tmp_path / "story.txt").write_bytes(b"Title\n\nBody.")
    with Archive(tmp_path / "indexes" / "default") as archive:
        archive.add(Article(title="T", body="Body.", url="u:1"))
    assert [type(item) for item in iter_sources([tmp_path])] == [RawPage]
    # A file of the user's that is only called so is no index (review).
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "searchkit.json").write_text('{"settings": 1}')
    (tmp_path / "notes" / "page.html").write_bytes(PAGE)
    assert [type(item) for item in iter_sources([tmp_path])] == [RawPage, Ignored, RawPage]


def test_feeds_are_read_item_by_item(tmp_path: Path) -> None:
    harbour, atom, rdf = (FEEDS / n for n in ("harbour.rss", "estuary.atom", "channel.xml"))
    (tmp_path / "a.rss").write_bytes(harbour.read_bytes())
    (tmp_path / "b.atom").write_bytes(atom.read_bytes())
    (tmp_path / "c.xml").write_bytes(rdf.read_bytes())  # .xml: a feed by its root element
    (tmp_path / "d.rss.gz").write_bytes(gzip.compress(harbour.read_bytes()))
    (tmp_path / "e.xml.gz").write_bytes(gzip.compress(rdf.read_bytes()))
    (tmp_path / "f.rss").write_bytes(gzip.compress(rdf.read_bytes()))  # saved compressed
    (tmp_path / "g").write_bytes(atom.read_bytes())  # no extension: a feed by its start
    (tmp_path / "sitemap.xml").write_bytes(b'<?xml version="1.0"?><urlset><url/></urlset>')
    items = list(iter_sources([tmp_path]))
    assert [i.source for i in items] == [
        *(f"{tmp_path / 'a.rss'}#{n}" for n in (1, 2, 3)),
        *(f"{tmp_path / 'b.atom'}#{n}" for n in (1, 2, 3)),
        f"{tmp_path / 'c.xml'}#1",
        *(f"{tmp_path / 'd.rss.gz'}#{n}" for n in (1, 2, 3)),
        f"{tmp_path / 'e.xml.gz'}#1",
        f"{tmp_path / 'f.rss'}#1",
        *(f"{tmp_path / 'g'}#{n}" for n in (1, 2, 3)),
        str(tmp_path / "sitemap.xml"),
    ]
    assert all(isinstance(i, Record) for i in items[:-1])
    assert items[-1] == Ignored(str(tmp_path / "sitemap.xml"))
    first = items[0]
    assert isinstance(first, Record) and first.fields["title"] == "Ferry strike shuts the quay"
    assert isinstance(items[3], Record) and items[3].fields["site"] == "Estuary & Coast"
    assert count_items([tmp_path]) == 3 + 3 + 1 + 3 + 1 + 1 + 3  # for the progress bar's ETA
    [sitemap] = iter_sources([tmp_path / "sitemap.xml"])  # given by name, it fails
    assert isinstance(sitemap, IngestError)
    assert sitemap.reason == "unsupported file type '.xml' that is no RSS or Atom feed"


def test_a_feed_that_is_not_well_formed_is_one_failure_of_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_bytes((FEEDS / "harbour.rss").read_bytes().replace(b"</item>", b"", 1))
    # Damaged XML: the items recovered, then the file's failure (QA: one defect lost them all).
    record, failure = iter_sources([broken])
    assert isinstance(record, Record) and record.source == f"{broken}#1"
    assert isinstance(failure, IngestError) and failure.source == str(broken)
    assert failure.reason.startswith("not well-formed XML (Opening and ending tag mismatch")
    assert failure.reason.endswith("; 1 item read as recovered")
    assert "\n" not in failure.reason and "<string>" not in failure.reason
    [item] = reread([f"{broken}#1"])  # read again, its items are served, not the damage
    assert item == record
    broken.write_bytes(b"Fish & chips")  # no feed at all: one failure
    [failure] = iter_sources([broken])
    assert isinstance(failure, IngestError) and failure.reason.startswith("not well-formed")
    (tmp_path / "cut.atom.gz").write_bytes(
        gzip.compress((FEEDS / "estuary.atom").read_bytes())[:-9]
    )
    [cut] = iter_sources([tmp_path / "cut.atom.gz"])
    assert isinstance(cut, IngestError) and "gzip" in cut.reason


def test_feed_items_are_read_again_by_locator(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_bytes((FEEDS / "harbour.rss").read_bytes())
    page = tmp_path / "notes#2"  # a page whose own name ends as a feed item's locator does
    page.write_bytes(PAGE)
    wanted = [f"{feed}#2", f"{feed}#1", f"{feed}#7", str(page), f"{tmp_path / 'gone.rss'}#1"]
    items = list(reread(wanted))
    assert [i.source for i in items] == wanted
    second, first = items[0], items[1]
    assert isinstance(second, Record) and second.fields["title"] == "Lighthouse keeper retires"
    assert isinstance(first, Record) and first.fields["title"] == "Ferry strike shuts the quay"
    assert isinstance(items[2], IngestError) and items[2].reason == (
        "the feed has no item 7 any more"
    )
    assert items[3] == RawPage(source=str(page), data=PAGE)
    assert isinstance(items[4], IngestError) and items[4].reason == "no such file or folder"
    assert (file_of(f"{feed}#2"), file_of(str(page))) == (str(feed), str(page))
    feed.write_bytes(b"<rss><channel>")  # broken since: each item fails, as the file does
    [broken] = reread([f"{feed}#1"])
    assert isinstance(broken, IngestError) and broken.source == f"{feed}#1"
    assert broken.reason.startswith("not well-formed XML")


@pytest.mark.parametrize("copies", [1, 2], ids=["one-stream", "two-streams"])
def test_a_warc_gzipped_whole_is_read_and_read_again(
    write_warc: Callable[..., None], tmp_path: Path, copies: int
) -> None:
    # `gzip -c crawl.warc > crawl.warc.gz`, one gzip stream of every record (or two such
    # files joined), ended the whole run with a traceback (QA). Its offsets are those of the
    # decompressed WARC, which `searchkit rebuild` reads on to.
    plain = tmp_path / "crawl.warc"
    write_warc(plain, [("response", f"https://a.example/{n}", PAGE) for n in range(3)])
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(gzip.compress(plain.read_bytes()) * copies)
    plain.write_bytes(plain.read_bytes() * copies)
    pages = list(iter_sources([crawl]))
    assert [getattr(page, "url", None) for page in pages] == [
        f"https://a.example/{n}" for n in range(3)
    ] * copies
    offsets = [item.source.rsplit("#", 1)[1] for item in iter_sources([plain])]
    assert [page.source for page in pages] == [f"{crawl}#{at}" for at in offsets]
    sources = [page.source for page in pages]
    assert list(reread(sources)) == pages
    assert list(reread(reversed(sources))) == list(reversed(pages))
    [nothing] = reread([f"{crawl}#5"])
    assert isinstance(nothing, IngestError) and nothing.reason == "no WARC record at this offset"


def test_a_warc_gzipped_whole_and_cut_short_keeps_what_came_before(
    write_warc: Callable[..., None], tmp_path: Path
) -> None:
    plain = tmp_path / "crawl.warc"
    stories = [PAGE.replace(b"Story", f"Story {n} {'words ' * 3000}".encode()) for n in range(6)]
    write_warc(plain, [("response", f"https://a.example/{n}", p) for n, p in enumerate(stories)])
    crawl = tmp_path / "crawl.warc.gz"
    whole = gzip.compress(plain.read_bytes())
    crawl.write_bytes(whole[: len(whole) * 2 // 3])
    *pages, failure = list(iter_sources([crawl]))
    assert pages and all(isinstance(page, RawPage) for page in pages)
    assert isinstance(failure, IngestError) and failure.source == str(crawl)
    assert failure.reason.startswith(("truncated gzip data", "cut short"))


def test_records_gzipped_together_after_one_a_member_fail_the_file_in_one_line(
    write_warc: Callable[..., None], tmp_path: Path
) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    write_warc(crawl, [("response", "https://a.example/0", PAGE)])
    plain = tmp_path / "more.warc"
    write_warc(plain, [("response", f"https://a.example/{n}", PAGE) for n in (1, 2)])
    crawl.write_bytes(crawl.read_bytes() + gzip.compress(plain.read_bytes()))
    items = list(iter_sources([crawl]))
    assert [getattr(item, "url", None) for item in items[:2]] == [
        "https://a.example/0",
        "https://a.example/1",
    ]
    [failure] = items[2:]
    assert isinstance(failure, IngestError) and failure.source == str(crawl)
    assert failure.reason.startswith("records gzipped together after byte ")


def test_a_warc_deleted_since_is_said_when_read_again(
    write_warc: Callable[..., None], tmp_path: Path
) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    write_warc(crawl, [("response", f"https://a.example/{n}", PAGE) for n in range(2)])
    sources = [item.source for item in iter_sources([crawl])]
    crawl.unlink()  # telling a file gzipped whole from others raised FileNotFoundError here
    assert [getattr(item, "reason", None) for item in reread(sources)] == [
        "no such file or folder"
    ] * 2


def test_links_to_nothing_of_no_type_read_by_name_are_ignored(tmp_path: Path) -> None:
    # The README said every link to nothing or in a loop is reported; one whose name is of no
    # type read has no start to tell a page by, so it is counted as ignored like such a file.
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    (tmp_path / "gone.html").symlink_to(tmp_path / "nowhere.html")
    found = {Path(item.source).name: type(item) for item in iter_sources([tmp_path])}
    assert found == {
        "gone": Ignored,
        "gone.html": IngestError,
        "loop1": Ignored,
        "loop2": Ignored,
    }


def test_a_file_of_no_record_is_said_so(tmp_path: Path) -> None:
    # For --prune: a feed of no item, read to its end, holds none of the records it gave.
    (tmp_path / "blank.jsonl").write_text("\n\n")
    (tmp_path / "none.rss").write_text(
        '<rss version="2.0"><channel><title>T</title></channel></rss>'
    )
    (tmp_path / "zero.jsonl").write_bytes(b"")
    found = {Path(item.source).name: type(item) for item in iter_sources([tmp_path])}
    assert found == {"blank.jsonl": NoRecords, "none.rss": NoRecords, "zero.jsonl": IngestError}
    assert list(read_file(tmp_path / "none.rss")) == []  # `clean` says "holds no page or record"


def test_an_item_a_feed_repeats_is_read_once(tmp_path: Path) -> None:
    # A feed lists its newest item first: of two with one link, the first is the story.
    feed = tmp_path / "news.rss"
    template = "<item><title>{}</title><link>https://news.example/{}</link></item>"
    feed.write_text(
        '<rss version="2.0"><channel><title>T</title>'
        + template.format("New", "flood#top")
        + template.format("Other", "bridge")
        + template.format("Old", "flood")
        + "</channel></rss>"
    )
    given = [item.source for item in iter_sources([feed])]
    assert given == [f"{feed}#1", f"{feed}#2"]
    first, repeated = reread([f"{feed}#1", f"{feed}#3"])
    assert isinstance(first, Record) and first.fields["title"] == "New"
    assert isinstance(repeated, IngestError) and "repeats" in repeated.reason


def test_a_utf_16_feed_and_one_after_a_long_comment_are_feeds(tmp_path: Path) -> None:
    # A UTF-16 feed.xml, or one of no extension, was "unsupported file type '.xml' that is no
    # RSS or Atom feed", as was a feed.xml whose comment before its root passed 4 KiB (QA).
    feed = "<rss><channel><title>Caf\xe9</title><item><title>Quay</title></item></channel></rss>"
    (tmp_path / "a.xml").write_bytes(
        ('<?xml version="1.0" encoding="UTF-16"?>' + feed).encode("utf-16")
    )
    (tmp_path / "b").write_bytes(("\ufeff" + feed).encode("utf-16-be"))
    licence = "<!-- " + "Licensed to the reader. " * 250 + "-->\n"  # 6 KiB
    (tmp_path / "c.xml").write_bytes(('<?xml version="1.0"?>\n' + licence + feed).encode())
    items = list(iter_sources([tmp_path]))
    assert [i.source for i in items] == [f"{tmp_path / n}#1" for n in ("a.xml", "b", "c.xml")]
    assert all(isinstance(i, Record) and i.fields["site"] == "Caf\xe9" for i in items)
