"""--prune: documents whose file is gone, or whose record a JSONL or WARC file no longer holds."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from searchkit import Archive
from searchkit.store import Manifest


def record(number: int, kind: str = "url") -> dict[str, Any]:
    """Record ``number`` of a feed, identified by its URL, its own id, or neither (its line)."""
    fields: dict[str, Any] = {
        "title": f"Feed {number}",
        "body": f"Harbour feed item {number}: the quay stayed shut for {number} days.",
    }
    if kind == "url":
        fields["url"] = f"https://feed.example/{number}"
    elif kind == "id":
        fields["id"] = number
    return fields


def write_feed(path: Path, numbers: Iterable[int], kind: str = "url") -> None:
    text = "".join(json.dumps(record(number, kind)) + "\n" for number in numbers).encode()
    path.write_bytes(gzip.compress(text) if path.suffix == ".gz" else text)


def page(number: int) -> bytes:
    return (
        f"<html><head><title>Story {number}</title></head><body><article><h1>Story {number}</h1>"
        f"<p>The harbour master said ships number {number} were late again, and many "
        "fishermen waited on the quay for news of the storm, which had closed the port.</p>"
        "</article></body></html>"
    ).encode()


def titles(archive: Archive) -> list[str]:
    return sorted(hit.title for hit in archive.search("harbour", collapse=False))


def recorded(archive: Archive) -> list[str]:
    """The sources the manifest lists."""
    manifest = Manifest(archive._live_dir())
    try:
        return [source for source, _ in manifest.sources()]
    finally:
        manifest.close()


@pytest.mark.parametrize("kind", ["url", "id", "neither"])
def test_records_gone_from_a_jsonl_file_are_removed(
    archive: Archive, tmp_path: Path, kind: str
) -> None:
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, range(1, 7), kind)
    archive.ingest([feed], workers=1)
    write_feed(feed, [1, 3, 4, 6], kind)  # records 2 and 5 deleted: the ones after move up
    assert archive.ingest([feed], workers=1).removed == 0
    assert len(archive) == 6
    report = archive.ingest([feed], prune=True, workers=1)
    assert (report.removed, report.failed) == (2, ())
    assert titles(archive) == ["Feed 1", "Feed 3", "Feed 4", "Feed 6"]
    assert recorded(archive) == [f"{feed}:{line}" for line in (1, 2, 3, 4)]
    assert archive.ingest([feed], prune=True, workers=1).removed == 0
    # Each document now names the line it is on, which is where a rebuild reads it.
    assert archive.rebuild(workers=1).failed == ()
    assert titles(archive) == ["Feed 1", "Feed 3", "Feed 4", "Feed 6"]


def test_a_record_gone_from_a_warc_file_is_removed(
    archive: Archive, tmp_path: Path, write_warc: Callable[..., None]
) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    responses = {n: ("response", f"https://port.example/{n}", page(n)) for n in (1, 2, 3)}
    write_warc(crawl, list(responses.values()))
    assert archive.ingest([crawl], workers=1).added == 3
    write_warc(crawl, [responses[1], responses[3]])
    assert archive.ingest([crawl], workers=1).removed == 0
    whole = crawl.read_bytes()
    crawl.write_bytes(whole[:-40])  # cut inside the last record: nothing is lost
    report = archive.ingest([crawl], prune=True, workers=1)
    assert report.removed == 0 and [e.source for e in report.failed] == [str(crawl)]
    assert len(archive) == 3
    crawl.write_bytes(whole)
    assert archive.ingest([crawl], prune=True, workers=1).removed == 1
    assert titles(archive) == ["Story 1", "Story 3"]
    assert archive.get("https://port.example/2") is None
    assert archive.rebuild(workers=1).failed == ()
    assert titles(archive) == ["Story 1", "Story 3"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-20],
        lambda data: data[:-8] + bytes(4) + data[-4:],
        lambda data: b"",
    ],
    ids=["truncated-gzip", "bad-crc-after-the-records", "emptied"],
)
def test_a_feed_read_part_way_loses_nothing(
    archive: Archive, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    feed = tmp_path / "feed.jsonl.gz"
    write_feed(feed, range(1, 7))
    archive.ingest([feed], workers=1)
    write_feed(feed, [1, 2, 3])
    whole = feed.read_bytes()
    feed.write_bytes(damage(whole))
    report = archive.ingest([feed], prune=True, workers=1)
    assert report.removed == 0 and [e.source for e in report.failed] == [str(feed)]
    assert len(archive) == 6 and len(recorded(archive)) == 6
    feed.write_bytes(whole)
    assert archive.ingest([feed], prune=True, workers=1).removed == 3
    assert len(archive) == 3


@pytest.mark.parametrize(
    "bad",
    ['{"title": "Feed 2", "body": ', json.dumps({**record(2), "site": ["a", "b"]})],
    ids=["not-json", "wrong-type"],  # failing when read, and when cleaned
)
def test_a_file_with_a_record_that_is_now_bad_keeps_its_documents(
    archive: Archive, tmp_path: Path, bad: str
) -> None:
    # After a shift, a failing record may be the story whose old locator gives another record
    # now: with line 1 deleted and record 4 broken, Feed 4's document was removed (review).
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, range(1, 5))
    archive.ingest([feed], workers=1)
    lines = feed.read_text().splitlines()
    feed.write_text("\n".join([bad, *lines[2:]]) + "\n")  # line 1 deleted, record 2 broken
    report = archive.ingest([feed], prune=True, workers=1)
    assert report.removed == 0 and [e.source for e in report.failed] == [f"{feed}:1"]
    assert titles(archive) == ["Feed 1", "Feed 2", "Feed 3", "Feed 4"]
    feed.write_text("\n".join(lines[1:3]) + "\n")  # mended: records 2 and 3
    assert archive.ingest([feed], prune=True, workers=1).removed == 2
    assert titles(archive) == ["Feed 2", "Feed 3"]


def test_a_record_that_never_gave_a_document_does_not_stop_pruning(
    archive: Archive, tmp_path: Path
) -> None:
    # A redirect with no body, a line that is not an object, fail on every run: counting them
    # kept such a file out of --prune for good (review).
    feed = tmp_path / "feed.jsonl"
    feed.write_text("[1]\n" + "".join(json.dumps(record(n)) + "\n" for n in (1, 2, 3)))
    archive.ingest([feed], workers=1)
    feed.write_text("[1]\n" + "".join(json.dumps(record(n)) + "\n" for n in (1, 3)))
    report = archive.ingest([feed], prune=True, workers=1)
    assert report.removed == 1 and [e.source for e in report.failed] == [f"{feed}:1"]
    assert titles(archive) == ["Feed 1", "Feed 3"]


def test_only_the_files_read_lose_records_and_not_those_another_file_gives(
    archive: Archive, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    write_feed(one, [1, 2, 3])
    write_feed(two, [2, 4])  # record 2 is in both; stored from one.jsonl, the first read
    archive.ingest([one, two], workers=1)
    write_feed(one, [1])
    write_feed(two, [2])
    report = archive.ingest([one], prune=True, workers=1)  # two.jsonl was not read
    assert report.removed == 1
    assert titles(archive) == ["Feed 1", "Feed 2", "Feed 4"]
    archive.rebuild(workers=1)  # record 2 is read from two.jsonl; record 4 carried over
    assert titles(archive) == ["Feed 1", "Feed 2", "Feed 4"]


def test_a_story_another_file_still_gives_stays_when_its_file_is_gone(tmp_path: Path) -> None:
    # a.html held the story and b.html was an unchanged copy of it: removing a.html removed
    # the story until b.html was read again.
    folder = tmp_path / "in"
    folder.mkdir()
    canonical = b'<link rel="canonical" href="https://port.example/0">'
    copy = page(0).replace(b"</head>", canonical + b"</head>")
    (folder / "a.html").write_bytes(copy)
    (folder / "b.html").write_bytes(copy)
    (folder / "c.html").write_bytes(page(1))
    with Archive(tmp_path / "ix") as archive:
        archive.ingest(folder, workers=1)
        (folder / "a.html").unlink()
        (folder / "c.html").unlink()
        assert archive.ingest(folder, prune=True, workers=1).removed == 1  # c.html's alone
        with archive._checkout() as current:  # stored as from b.html, where rebuild reads it
            assert current.document(id="https://port.example/0")["source"] == str(folder / "b.html")
        assert titles(archive) == ["Story 0"]
        archive.rebuild(workers=1)
        assert titles(archive) == ["Story 0"]


def test_a_story_another_source_gives_in_another_version_takes_that_version(
    tmp_path: Path,
) -> None:
    # Of two lines giving one URL, the index held the second; once it was deleted, --prune
    # kept its text under the first line, which rebuild then read as another version.
    feed = tmp_path / "feed.jsonl"
    first, second = record(0), {**record(0), "title": "Second", "body": "Harbour feed again."}
    feed.write_text(json.dumps(first) + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    folder = tmp_path / "in"  # and two files giving one URL, z/ read after a/
    for name, number in (("a", 1), ("z", 2)):
        (folder / name).mkdir(parents=True)
        html = page(number).replace(
            b"</head>", b'<link rel="canonical" href="https://port.example/0"></head>'
        )
        (folder / name / "p.html").write_bytes(html)
    with Archive(tmp_path / "ix") as archive:
        archive.ingest([feed, folder / "a", folder / "z"], workers=1)
        assert titles(archive) == ["Second", "Story 2"]
        feed.write_text(json.dumps(first) + "\n", encoding="utf-8")
        (folder / "z" / "p.html").unlink()
        report = archive.ingest([feed, folder / "a"], prune=True, workers=1)
        assert (report.removed, report.updated, report.failed) == (0, 2, ())
        assert titles(archive) == ["Feed 0", "Story 1"]
        archive.rebuild(workers=1)
        assert titles(archive) == ["Feed 0", "Story 1"]


RSS_ITEM = (
    "<item><title>Feed {0}</title><link>https://feed.example/{0}</link>"
    "<description>Harbour feed item {0}: the quay stayed shut for {0} days.</description></item>"
)


def write_rss(path: Path, numbers: Iterable[int]) -> None:
    items = "".join(RSS_ITEM.format(number) for number in numbers)
    path.write_text(f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>')


@pytest.mark.parametrize("name", ["news.rss", "feed.jsonl", "feed.jsonl.gz"])
def test_a_file_read_whole_that_holds_no_record_any_more_is_pruned(
    archive: Archive, tmp_path: Path, name: str
) -> None:
    # QA: a feed keeping one item was pruned of the others, one keeping none of none.
    feed = tmp_path / name
    write = write_rss if name.endswith(".rss") else write_feed
    write(feed, [1, 2, 3])
    archive.ingest([feed], workers=1)
    if name.endswith(".rss"):
        write_rss(feed, [])
    else:  # blank lines: not the 0 bytes of a failed download, which prunes nothing
        data = b"\n\n"
        feed.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    assert archive.ingest([feed], workers=1).removed == 0 and len(archive) == 3
    report = archive.ingest([feed], prune=True, workers=1)
    assert (report.removed, report.failed, len(archive), recorded(archive)) == (3, (), 0, [])


@pytest.mark.parametrize("name", ["news.rss", "feed.jsonl"])
def test_a_file_of_0_bytes_prunes_nothing(archive: Archive, tmp_path: Path, name: str) -> None:
    # A download that failed (curl -o news.rss) may leave 0 bytes: no word of its records.
    feed = tmp_path / name
    (write_rss if name.endswith(".rss") else write_feed)(feed, [1, 2, 3])
    archive.ingest([feed], workers=1)
    feed.write_bytes(b"")
    report = archive.ingest([feed], prune=True, workers=1)
    assert (report.removed, [e.source for e in report.failed]) == (0, [str(feed)])
    assert len(archive) == 3
