"""Generations, rebuild and its atomic switch, the writer lock, and kill -9 (issue 6)."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import whoosh.fields
import whoosh.writing
from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.structfile import BufferFile

import searchkit.archive
import searchkit.indexer
from scrapers import Article
from searchkit import Archive, ArchiveError, ArchiveLocked, SchemaMismatch, schema, store

ROOT = Path(__file__).resolve().parents[2]


def story(number: int, word: str = "harbour") -> str:
    return (
        f"<html><head><title>Story {number}</title>"
        f'<link rel="canonical" href="https://port.example/{number}"></head><body><article>'
        f"<p>The {word} master said ships number {number} were late again, and many fishermen "
        "waited on the quay for news of the storm, which had closed the port.</p>"
        "</article></body></html>"
    )


def pages(folder: Path, count: int, word: str = "harbour") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{number:04}.html").write_text(story(number, word), encoding="utf-8")
    return folder


def generations(index: Path) -> list[str]:
    return sorted(p.name for p in index.iterdir() if p.name.startswith("gen-"))


def test_a_new_index_lives_in_a_generation(tmp_path: Path) -> None:
    Archive(tmp_path / "ix").close()
    pointer = json.loads((tmp_path / "ix" / "searchkit.json").read_text())
    assert pointer["generation"] == "gen-1" and pointer["schema_version"] == schema.SCHEMA_VERSION
    assert generations(tmp_path / "ix") == ["gen-1"]


@pytest.mark.parametrize("left", ["folder", "empty index"])
def test_a_first_creation_that_died_before_its_pointer_is_started_again(
    tmp_path: Path, left: str
) -> None:
    # A generation with no documents and no pointer is what a first run killed while creating
    # the index leaves: it was taken for a lost pointer, and the folder refused every command.
    generation = tmp_path / "ix" / "gen-1"
    generation.mkdir(parents=True)
    if left == "empty index":
        whoosh_index.create_in(str(generation), schema.build_schema())
    source = pages(tmp_path / "in", 1)
    with Archive(tmp_path / "ix") as archive:
        assert archive.ingest(source, workers=1).added == 1
    assert generations(tmp_path / "ix") == ["gen-2"]


def test_rebuild_recleans_every_source_into_a_new_generation(tmp_path: Path) -> None:
    source = pages(tmp_path / "in", 5)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "u:feed", "title": "Feed", "body": "harbour feed"}) + "\n")
    with Archive(tmp_path / "ix") as archive:
        archive.ingest([source, feed], workers=1)
        archive.add(Article(title="By hand", body="harbour by hand", url="u:hand"))
        (source / "0001.html").write_text(story(1, "ferry"))  # rebuild reads today's bytes
        (source / "0002.html").unlink()  # gone: reported, and carried over as stored
        report = archive.rebuild(workers=1)
        assert report.added == 7
        assert [Path(error.source).name for error in report.failed] == ["0002.html"]
        assert generations(tmp_path / "ix") == ["gen-1", "gen-2"]
        assert (
            archive.search("harbour", collapse=False).total == 6
            and archive.search("ferry", collapse=False).total == 1
        )
        assert archive.get("u:hand") is not None and archive.get("https://port.example/2")
        archive.rebuild(workers=1)
        assert generations(tmp_path / "ix") == ["gen-2", "gen-3"]  # the previous one is kept
        assert len(archive) == 7


@pytest.mark.parametrize("workers", [1, 2])
def test_rebuild_keeps_the_version_of_a_url_that_ingest_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Of two sources that give one URL, ingest keeps the later one read; rebuild keeps the
    same one, and records both, so an unchanged run after it changes nothing (an unchanged
    run after a rebuild took the earlier one, which the rebuild had forgotten, for new)."""
    monkeypatch.setattr(searchkit.indexer, "PARALLEL_AFTER", 4)  # workers=2: processes too
    lines = [{"url": f"u:{n}", "title": f"Line {n}", "body": f"line {n}"} for n in range(1, 13)]
    lines[9]["url"] = "u:2"  # line 10 gives line 2's URL; "feed.jsonl:10" sorts first
    feed = tmp_path / "z" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines))
    (tmp_path / "z" / "0000.html").write_text(story(0, "ferry"))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "0000.html").write_text(story(0, "harbour"))  # read after z/, sorts first
    given = [tmp_path / "z", tmp_path / "a"]

    def kept(archive: Archive) -> tuple[str, str]:
        line, page = archive.get("u:2"), archive.get("https://port.example/0")
        assert line is not None and page is not None
        return line.title, page.body.split()[1]

    with Archive(tmp_path / "ix") as archive:
        assert archive.ingest(given, workers=workers).updated == 2
        assert kept(archive) == ("Line 10", "harbour")
        for _ in range(2):
            archive.rebuild(workers=workers)
            assert kept(archive) == ("Line 10", "harbour")
            again = archive.ingest(given, workers=workers)
            assert kept(archive) == ("Line 10", "harbour")
            assert (again.unchanged, again.updated, again.added) == (14, 0, 0)


def test_a_page_that_names_another_url_leaves_the_copy_another_page_gave(tmp_path: Path) -> None:
    # a.html and b.html gave one URL, b's version kept; a.html then named another URL, and
    # re-indexing deleted the document b.html gave, though b.html was unchanged.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(story(0, "ferry"))
    (folder / "b.html").write_text(story(0, "harbour"))
    (folder / "c.html").write_text(story(5))
    with Archive(tmp_path / "ix") as archive:
        archive.ingest(folder, workers=1)
        (folder / "a.html").write_text(story(1, "ferry"))
        (folder / "c.html").write_text(story(6))
        report = archive.ingest(folder, workers=1)
        assert (report.added, report.updated, report.removed, report.unchanged) == (2, 0, 1, 1)
        kept, moved = archive.get("https://port.example/0"), archive.get("https://port.example/1")
        assert kept is not None and "harbour" in kept.body
        assert moved is not None and "ferry" in moved.body
        # A page alone under its old URL still leaves it.
        assert archive.get("https://port.example/5") is None
        assert archive.get("https://port.example/6") is not None


@pytest.mark.parametrize(
    ("urls", "counts", "documents"),
    [(["u:3", "u:1"], (1, 1, 0), 3), (["u:2", "u:1"], (0, 2, 0), 2)],
    ids=["one-moves-onto-another", "two-swap"],
)
def test_a_url_a_page_stops_naming_that_a_later_page_gives_is_counted_once(
    tmp_path: Path, urls: list[str], counts: tuple[int, int, int], documents: int
) -> None:
    # Line 1 moved from u:1 to another URL and line 2 took u:1 over: u:1 was counted as
    # updated when line 2 wrote it and again when the run looked back at the URLs it had
    # dropped (review). u:2, which no line gives now, stays until --prune: a line's place is
    # no story's identity (feeds QA).
    feed = tmp_path / "feed.jsonl"

    def write(lines: list[tuple[str, str]]) -> None:
        records = (json.dumps({"url": url, "title": body, "body": body}) for url, body in lines)
        feed.write_text("".join(record + "\n" for record in records), encoding="utf-8")

    write([("u:1", "Alpha story."), ("u:2", "Beta story.")])
    with Archive(tmp_path / "ix") as archive:
        archive.ingest(feed, workers=1)
        write([(urls[0], "Alpha story."), (urls[1], "Gamma story.")])
        report = archive.ingest(feed, workers=1)
        assert (report.added, report.updated, report.removed) == counts
        assert len(archive) == documents


def held_by_a_over_b(folder: Path, archive: Archive) -> None:
    """b.html gives URL 0 ("harbour"), then a.html gives it too ("ferry") and is kept."""
    folder.mkdir()
    (folder / "b.html").write_text(story(0, "harbour"))
    archive.ingest(folder, workers=1)
    (folder / "a.html").write_text(story(0, "ferry"))
    archive.ingest(folder, workers=1)


def test_a_page_that_names_another_url_leaves_the_url_to_a_page_that_still_gives_it(
    tmp_path: Path,
) -> None:
    # b.html gave a URL, then a.html gave it too and was kept; when a.html named another URL,
    # the run deleted the URL's document, though b.html (unchanged) still gave it.
    folder = tmp_path / "in"
    with Archive(tmp_path / "ix") as archive:
        held_by_a_over_b(folder, archive)
        held = archive.get("https://port.example/0")
        assert held is not None and "ferry" in held.body
        (folder / "a.html").write_text(story(1, "ferry"))
        report = archive.ingest(folder, workers=1)
        assert not report.failed
        # URL 1 is new, and URL 0 holds b.html's version now.
        assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 0, 1)
        given = archive.get("https://port.example/0")
        assert given is not None and "harbour" in given.body
        moved = archive.get("https://port.example/1")
        assert moved is not None and "ferry" in moved.body
        # Nothing is left for the next run to repair.
        again = archive.ingest(folder, workers=1)
        assert (again.unchanged, again.updated, again.added) == (2, 0, 0)
    with Archive(tmp_path / "ix") as archive:
        archive.rebuild()
        assert archive.get("https://port.example/0") is not None
        assert archive.get("https://port.example/1") is not None


def test_a_source_gone_since_it_gave_a_url_is_no_failure_of_the_run(tmp_path: Path) -> None:
    # When a.html named another URL, the run read again b.html, which had given the old one:
    # b.html deleted since was a failure of the run, and with --strict the run stopped on it.
    folder = tmp_path / "in"
    with Archive(tmp_path / "ix") as archive:
        held_by_a_over_b(folder, archive)
        (folder / "b.html").unlink()
        (folder / "a.html").write_text(story(1, "ferry"))
        report = archive.ingest([folder / "a.html"], workers=1, strict=True)
        assert (report.added, report.removed, report.failed) == (1, 1, ())
        assert archive.get("https://port.example/0") is None


def test_rebuild_keeps_a_document_whose_manifest_row_a_stopped_run_left_out_of_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its row still named the document the record gave before; rebuild read neither the row
    # (that document is gone) nor the source (it has a row), and dropped the document.
    feed = tmp_path / "feed.jsonl"

    def write(url: str) -> None:
        records = [{"url": url, "title": "T", "body": "zeppelin"}, {"url": "u:2", "body": "other"}]
        feed.write_text("".join(json.dumps(record) + "\n" for record in records))

    write("u:1")
    with Archive(tmp_path / "ix") as archive:
        archive.ingest(feed, workers=1)
        write("u:1b")
        with monkeypatch.context() as patch:

            def stopped(self: store.Manifest, rows: object) -> None:
                raise KeyboardInterrupt  # after the commit, before the rows

            patch.setattr(store.Manifest, "put", stopped)
            with pytest.raises(KeyboardInterrupt):  # not "This writer is closed"
                archive.ingest(feed, workers=1)
        assert archive.get("u:1b") is not None
        archive.rebuild(workers=1)
        # u:1, which the line gave before, is kept too, as by index until --prune.
        assert archive.get("u:1b") is not None and len(archive) == 3


def test_a_commit_that_fails_releases_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The batch dropped its writer before committing it, so a failed commit (Ctrl-C during a
    # merge) left the lock held for as long as the exception was kept.
    folder = pages(tmp_path / "in", 3)

    def stopped(*args: object) -> list[Any]:
        raise KeyboardInterrupt

    with Archive(tmp_path / "ix") as archive:
        monkeypatch.setattr(searchkit.indexer, "merge_tiers", stopped)
        with pytest.raises(KeyboardInterrupt) as kept:  # the exception, and its frames, kept
            archive.ingest(folder, workers=1)
        monkeypatch.undo()
        with Archive(tmp_path / "ix", lock_timeout=1) as other:
            assert other.ingest(folder, workers=1).added == 3
        assert kept.value is not None


def test_rebuild_keeps_the_document_of_a_page_that_lost_its_story(tmp_path: Path) -> None:
    # Ingest keeps it (a page saved again as an empty shell does not delete the story), but
    # rebuild read the page, found no story and dropped the document.
    folder = pages(tmp_path / "in", 2)
    with Archive(tmp_path / "ix") as archive:
        archive.ingest(folder, workers=1)
        (folder / "0000.html").write_text("<html><body><nav>Home</nav></body></html>")
        assert archive.ingest(folder, workers=1).empty == 1
        assert archive.get("https://port.example/0") is not None
        archive.rebuild(workers=1)
        assert archive.get("https://port.example/0") is not None and len(archive) == 2
        (folder / "0000.html").write_text(story(0, "ferry"))  # a story again: it replaces
        archive.rebuild(workers=1)
        again = archive.get("https://port.example/0")
        assert again is not None and "ferry" in again.body and len(archive) == 2


def test_rebuild_keeps_the_version_read_in_the_latest_run(tmp_path: Path) -> None:
    """ "Later" is the order the sources were recorded, across runs: a page changed since
    wins over one that sorts after it and was read in an earlier run."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(story(0, "ferry"))
    (folder / "b.html").write_text(story(0, "harbour"))
    with Archive(tmp_path / "ix") as archive:
        archive.ingest([folder], workers=1)
        (folder / "a.html").write_text(story(0, "tanker"))
        assert archive.ingest([folder], workers=1).updated == 1
        for _ in range(2):
            archive.rebuild(workers=1)
            assert archive.ingest([folder], workers=1).unchanged == 2
            page = archive.get("https://port.example/0")
            assert page is not None and "tanker" in page.body


def test_a_manifest_closed_while_its_sources_are_read_closes_quietly(tmp_path: Path) -> None:
    # Ctrl-C in a rebuild closed the manifest under the generator reading its sources, whose
    # cleanup then printed "Exception ignored in: <generator object Manifest.sources …>".
    manifest = store.Manifest(tmp_path)
    manifest.put([("/a", store.Seen("h", "v", "u:a")), ("/b", store.Seen("h", "v", "u:b"))])
    sources = manifest.sources()
    assert next(sources) == ("/a", "u:a")
    manifest.close()
    sources.close()


def test_a_manifest_written_before_its_rows_were_ordered_opens(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / store.MANIFEST) as old:
        old.execute(
            "CREATE TABLE sources (source TEXT PRIMARY KEY, raw_hash TEXT, "
            "scraper_version TEXT, doc_id TEXT) WITHOUT ROWID"
        )
        old.execute("INSERT INTO sources VALUES ('/z', 'h', 'v', 'u:z'), ('/y', 'h', 'v', '')")
    old.close()
    manifest = store.Manifest(tmp_path)
    try:
        manifest.put([("/b", store.Seen("h", "v", "u:b")), ("/a", store.Seen("h", "v", "u:a"))])
        assert [s for s, _ in manifest.sources()] == ["/y", "/z", "/b", "/a"]  # old rows first
        manifest.put([("/z", store.Seen("h2", "v", "u:z"))])  # read again: now the last
        assert list(manifest.sources()) == [("/y", ""), ("/b", "u:b"), ("/a", "u:a"), ("/z", "u:z")]
    finally:
        manifest.close()


def test_rebuild_carries_over_an_article_added_from_python_with_a_source(
    tmp_path: Path,
) -> None:
    # It was replaced by the file at its source, cleaned as a page (QA round 5).
    script = tmp_path / "make_index.py"
    script.write_text("import json\nprint('not an article')\n")
    with Archive(tmp_path / "ix") as archive:
        doc_id = archive.add(Article(title="Mine", body="A story I wrote."), source=str(script))
        archive.rebuild(workers=1)
        kept = archive.get(doc_id)
        assert kept is not None and kept.title == "Mine" and len(archive) == 1


def test_rebuild_reads_a_source_shared_by_an_article_added_from_python(tmp_path: Path) -> None:
    # With the article added first, the page ingested from the same file was lost (review).
    source = pages(tmp_path / "in", 1)
    page = source / "0000.html"
    with Archive(tmp_path / "ix") as archive:
        mine = archive.add(Article(title="Mine", body="A note.", url="u:mine"), source=str(page))
        archive.ingest([page], workers=1)
        assert len(archive) == 2
        archive.rebuild(workers=1)
        assert len(archive) == 2 and archive.get(mine) is not None
        assert archive.get("https://port.example/0") is not None


def test_rebuild_tells_a_deleted_feed_once_and_keeps_its_documents(tmp_path: Path) -> None:
    # Each line of a deleted feed was a failure of its own: a line on stderr per record.
    feed = tmp_path / "feed.jsonl"
    lines = (json.dumps({"url": f"u:{i}", "body": f"Harbour story {i}."}) for i in range(5))
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Archive(tmp_path / "ix") as archive:
        archive.ingest([feed], workers=1)
        feed.unlink()
        report = archive.rebuild(workers=1)
        assert [error.source for error in report.failed] == [str(feed)]
        assert report.added == 5 and len(archive) == 5
        # Said as kept: "no such file or folder" alone read as if they were lost (QA).
        assert str(report.failed[0]).endswith(
            "no such file or folder; what it gave is kept as indexed"
        )


def test_rebuild_keeps_a_document_whose_source_no_longer_cleans(tmp_path: Path) -> None:
    """A source that is read again but fails (junk bytes now) is reported, and its document
    carried over as stored: a rebuild never loses what is indexed."""
    source = pages(tmp_path / "in", 3)
    with Archive(tmp_path / "ix") as archive:
        archive.ingest([source], workers=1)
        (source / "0001.html").write_bytes(bytes(range(256)) * 64)
        report = archive.rebuild(workers=1)
        assert [Path(error.source).name for error in report.failed] == ["0001.html"]
        assert str(report.failed[0]).endswith("; what it gave is kept as indexed")
        assert report.added == 3 and len(archive) == 3
        assert archive.get("https://port.example/1") is not None


def test_searches_keep_answering_during_a_rebuild(tmp_path: Path) -> None:
    source = pages(tmp_path / "in", 60)
    with Archive(tmp_path / "ix") as writer:
        writer.ingest([source], workers=1)
    failures: list[BaseException] = []
    totals: list[int] = []
    done = threading.Event()

    def search() -> None:
        with Archive(tmp_path / "ix", create=False) as reader:
            while not done.is_set():
                try:
                    totals.append(reader.search("harbour", collapse=False).total)
                except BaseException as error:  # reported by the assert below
                    failures.append(error)

    searching = threading.Thread(target=search)
    searching.start()
    try:
        with Archive(tmp_path / "ix") as writer:
            for _ in range(2):
                writer.rebuild(workers=1)
    finally:
        done.set()
        searching.join()
    assert failures == [] and len(totals) > 5 and set(totals) == {60}
    with Archive(tmp_path / "ix", create=False) as reader:
        assert reader._dir.name == "gen-3" and reader.search("harbour", collapse=False).total == 60


def test_a_crashed_rebuild_leaves_the_live_index_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = pages(tmp_path / "in", 4)
    with Archive(tmp_path / "ix") as archive:
        archive.ingest([source], workers=1)
        real = searchkit.indexer.Indexer.ingest

        def crash(*args: object, **kwargs: object) -> object:
            raise KeyboardInterrupt

        monkeypatch.setattr(searchkit.indexer.Indexer, "ingest", crash)
        with pytest.raises(KeyboardInterrupt):
            archive.rebuild(workers=1)
        assert archive.search("harbour", collapse=False).total == 4
        assert json.loads((tmp_path / "ix" / "searchkit.json").read_text())["generation"] == "gen-1"
        assert generations(tmp_path / "ix") == ["gen-1"]  # the half-built gen-2 went with it
        monkeypatch.setattr(searchkit.indexer.Indexer, "ingest", real)
        archive.rebuild(workers=1)
        assert generations(tmp_path / "ix") == ["gen-1", "gen-2"]
        assert archive.search("harbour", collapse=False).total == 4


def test_an_index_of_the_old_layout_and_schema_is_rebuilt(tmp_path: Path) -> None:
    source = pages(tmp_path / "in", 3)
    index = tmp_path / "ix"
    index.mkdir()
    # Schema version 1: no raw_hash/scraper_version, Whoosh files in the folder itself.
    old = schema.build_schema()
    v1 = Schema(
        **{name: old[name] for name in old.names() if name not in {"raw_hash", "scraper_version"}}
    )
    ix = whoosh_index.create_in(str(index), v1)
    with ix.writer() as writer:
        for number in range(3):
            path = str(source / f"{number:04}.html")
            article = Article(
                title=f"Old {number}", body="stale text", url=f"https://port.example/{number}"
            )
            fields = schema.to_fields(article.url, article, source=path)
            del fields["raw_hash"], fields["scraper_version"]
            writer.add_document(**fields)
    ix.close()
    (index / "searchkit.json").write_text(json.dumps({"schema_version": 1}))
    with pytest.raises(SchemaMismatch, match="searchkit rebuild"):
        Archive(index)
    with Archive(index, check_schema=False) as archive:
        assert archive.rebuild(workers=1).added == 3
    with Archive(index) as archive:
        assert (
            archive.search("harbour", collapse=False).total == 3
            and archive.search("stale", collapse=False).total == 0
        )
    assert generations(index) == ["gen-1"]


def test_a_second_writer_waits_then_gives_up(tmp_path: Path) -> None:
    with Archive(tmp_path / "ix") as first, Archive(tmp_path / "ix", lock_timeout=0.3) as second:
        writer = first._writer()
        try:
            started = time.monotonic()
            with pytest.raises(ArchiveLocked, match=r"gave up after 0\.3 s"):
                second.ingest([pages(tmp_path / "in", 1)], workers=1)
            assert time.monotonic() - started >= 0.3
            assert (
                second.search("harbour", collapse=False).total == 0
            )  # searches never wait for writers
        finally:
            writer.cancel()


@pytest.mark.parametrize(
    "before, after", [(1, 0), (2, 0), (1, 1)], ids=["switched", "deleted", "deleted-when-locked"]
)
def test_a_writer_waiting_through_rebuilds_writes_to_the_live_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: int, after: int
) -> None:
    """While an ingest waits for gen-1's lock, another process rebuilds once, or twice: the
    second switch deletes gen-1, before the ingest takes its lock or as it reads the index
    holding it (that failed with FileNotFoundError or EmptyIndexError). The ingest writes its
    documents and its manifest rows to the live generation (the rows went to gen-1's
    manifest, and the next run cleaned those pages again)."""
    wait = whoosh.writing.try_for
    rebuilds: list[int] = []

    def other_rebuilds_meanwhile(acquire: Any, timeout: float, delay: float) -> bool:
        if rebuilds:  # the other archive's own writers, and the waiting writer's next tries
            return bool(wait(acquire, timeout=timeout, delay=delay))
        rebuilds.append(before + after)
        for _ in range(before):
            other.rebuild(workers=1)
        locked = wait(acquire, timeout=timeout, delay=delay)
        for _ in range(after):
            other.rebuild(workers=1)
        return bool(locked)

    source = pages(tmp_path / "in", 2)
    with Archive(tmp_path / "ix") as writing, Archive(tmp_path / "ix") as other:
        writing.ingest([source / "0000.html"], workers=1)
        monkeypatch.setattr(whoosh.writing, "try_for", other_rebuilds_meanwhile)
        assert writing.ingest([source], workers=1).added == 1
        assert rebuilds == [before + after]
    live = f"gen-{1 + before + after}"
    with Archive(tmp_path / "ix", create=False) as reader:
        assert reader._dir.name == live and len(reader) == 2
    manifest = store.Manifest(tmp_path / "ix" / live)
    try:
        assert [Path(s).name for s, _ in manifest.sources()] == ["0000.html", "0001.html"]
    finally:
        manifest.close()


def test_a_run_that_writes_no_document_records_its_pages_in_the_live_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of pages with no story writes rows but no document. Another process rebuilt
    while it cleaned them: the rows went to the old generation's manifest, and the next run
    cleaned those pages again."""
    source = pages(tmp_path / "in", 1)
    shell = tmp_path / "shell.html"
    shell.write_text("<html><body><nav>Home</nav></body></html>")
    clean = searchkit.indexer.clean
    rebuilt: list[bool] = []
    cleaned: list[Any] = []
    with Archive(tmp_path / "ix") as writing, Archive(tmp_path / "ix") as other:
        writing.ingest([source], workers=1)

        def rebuild_meanwhile(item: Any) -> Any:
            cleaned.append(item)
            if not rebuilt:
                rebuilt.append(True)
                other.rebuild(workers=1)
            return clean(item)

        monkeypatch.setattr(searchkit.indexer, "clean", rebuild_meanwhile)
        assert writing.ingest([shell], workers=1).empty == 1
        cleaned.clear()
        again = writing.ingest([shell], workers=1)
        assert rebuilt and again.empty == 1 and cleaned == []  # not cleaned again


def test_kill_9_mid_index_leaves_an_index_that_opens_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    source = pages(tmp_path / "in", 300)
    index = tmp_path / "ix"
    # Small commits and workers from the start, so the kill lands between and inside commits.
    program = (
        "import sys, searchkit.indexer as i; i.COMMIT_EVERY = 20; i.PARALLEL_AFTER = 16; "
        "from searchkit.cli import app; sys.argv[0] = 'searchkit'; app()"
    )
    command = [sys.executable, "-c", program, "index", str(source), "--index", str(index)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for wait_for_commit in (False, True):  # during start-up, then mid-way through the pages
        process = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _committed(index, after=wait_for_commit):
            time.sleep(0.01)
        time.sleep(0.2)
        os.killpg(process.pid, signal.SIGKILL)  # the writer and its worker processes
        process.wait()
        with Archive(index, create=False, lock_timeout=2) as archive:
            found = archive.search("harbour", collapse=False).total
            assert found <= 300 and len(archive) == found
            assert found > 0 or not wait_for_commit
    rerun = subprocess.run(
        [*command, "--json", "--lock-timeout", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(rerun.stdout)
    assert report["added"] + report["unchanged"] == 300 and report["failed"] == []
    with Archive(index, create=False) as archive:
        assert archive.search("harbour", collapse=False).total == 300 and len(archive) == 300


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_worker_processes_exit_when_the_writer_is_killed(tmp_path: Path) -> None:
    source = pages(tmp_path / "in", 300)
    index = tmp_path / "ix"
    program = (
        "import sys, searchkit.indexer as i; i.COMMIT_EVERY = 20; i.PARALLEL_AFTER = 16; "
        "from searchkit.cli import app; sys.argv[0] = 'searchkit'; app()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", program, "index", str(source), "--index", str(index)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its workers share its session id: that is how we find them
    )
    deadline = time.monotonic() + 60
    running = 0
    try:
        # The writer, the forkserver, cleaning and segment processes. Counted once: the
        # forkserver's first, short-lived process may be gone by a second count.
        while time.monotonic() < deadline and running < 4:
            time.sleep(0.01)
            running = len(_session(process.pid))
        assert running >= 4
        os.kill(process.pid, signal.SIGKILL)  # the writer alone
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _session(process.pid):
        time.sleep(0.05)
    assert _session(process.pid) == []


def _session(sid: int) -> list[int]:
    """The live (not zombie) processes of session ``sid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if fields[0] != "Z" and int(fields[3]) == sid:
            found.append(int(stat.parent.name))
    return found


def _committed(index: Path, *, after: bool) -> bool:
    """The index exists (and with ``after``, has a committed batch: a TOC past the first)."""
    return any(index.glob("gen-*/_MAIN_[1-9]*.toc" if after else "gen-*/_MAIN_0.toc"))


def test_segments_are_read_from_the_map_without_a_copy(tmp_path: Path) -> None:
    data = b"line one\nline two\n" + bytes(range(256)) * 4
    whoosh_file = BufferFile(memoryview(data))
    assert isinstance(whoosh_file.file, store._MappedFile)  # not a BytesIO copy
    copy = io.BytesIO(data)
    mapped = whoosh_file.file
    for step in (
        lambda f: f.read(4),
        lambda f: f.readline(),
        lambda f: f.tell(),
        lambda f: f.seek(3, os.SEEK_CUR),
        lambda f: f.readline(),
        lambda f: f.read(),
        lambda f: f.read(5),
        lambda f: f.seek(-10, os.SEEK_END),
        lambda f: f.readline(),
        lambda f: f.seek(2),
        lambda f: f.readline(3),
        lambda f: f.read(-1),
    ):
        assert step(mapped) == step(copy)


def test_an_archive_searches_through_mapped_segments(tmp_path: Path) -> None:
    with Archive(tmp_path / "ix") as archive:
        archive.add_many(
            Article(title=f"Ferry {n}", body="The harbour ferry sailed.", url=f"u:{n}")
            for n in range(30)
        )
        assert all(s.is_compound() for s in archive._index._segments())
        assert archive.search('"harbour ferry"', collapse=False).total == 30
        assert archive.get("u:7").title == "Ferry 7"


def _index_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name != "MAIN_WRITELOCK"}


def _disk_full(*args: object) -> list[Any]:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("workers", [1, 2], ids=["writer", "segment-processes"])
def test_a_write_that_fails_removes_the_files_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    # QA: a full disk stopped a run, whose partial segments and MAIN.tmp/ kept the disk full;
    # the next run failed too. The failure here comes at the commit, after the writer (and the
    # segment processes, past PARALLEL_AFTER) wrote their segments' files.
    index = tmp_path / "ix"
    with Archive(index) as archive:
        archive.ingest(pages(tmp_path / "a", 3), workers=1)
        live = index / "gen-1"
        before = _index_files(live)
        monkeypatch.setattr(searchkit.indexer, "PARALLEL_AFTER", 4)
        monkeypatch.setattr(searchkit.indexer, "merge_tiers", _disk_full)
        with pytest.raises(OSError, match="No space left"):
            archive.ingest(pages(tmp_path / "b", 40, word="lighthouse"), workers=workers)
        monkeypatch.undo()
        assert _index_files(live) == before  # no MAIN.tmp/, no segment files of the run
        assert archive.search("harbour", collapse=False).total == 3
        assert archive.search("lighthouse").total == 0
    with Archive(index, lock_timeout=1) as again:  # the lock was released
        report = again.ingest(tmp_path / "b", workers=1)  # pages 0-2 replace those of a/
        assert (report.added, report.updated) == (37, 3)


def test_a_cancel_that_fails_to_close_its_segment_still_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a full disk Whoosh's cancel failed closing the segment it was writing, so it left
    # MAIN.tmp/ and the segment's files, and raised that error over the one that stopped the run.
    index = tmp_path / "ix"
    with Archive(index) as archive:
        archive.ingest(pages(tmp_path / "a", 3), workers=1)
        before = _index_files(index / "gen-1")
        close = whoosh.writing.SegmentWriter._close_segment

        def close_on_a_full_disk(writer: whoosh.writing.SegmentWriter) -> None:
            close(writer)  # the files are closed, their last writes failed
            _disk_full()

        monkeypatch.setattr(whoosh.writing.SegmentWriter, "_close_segment", close_on_a_full_disk)
        monkeypatch.setattr(searchkit.indexer, "merge_tiers", _disk_full)
        with pytest.raises(OSError, match="No space left"):
            archive.ingest(pages(tmp_path / "b", 5, word="lighthouse"), workers=1)
        monkeypatch.undo()
        assert _index_files(index / "gen-1") == before
        assert archive.search("harbour", collapse=False).total == 3


def test_a_run_with_nothing_to_write_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    source = pages(tmp_path / "a", 3)
    with Archive(index) as archive:
        archive.ingest(source, workers=1)
        live = index / "gen-1"
        before = _index_files(live)
        for left in ("MAIN_zz1leftover.pst", "MAIN_zz1leftover._stored.col", "_MAIN_9.toc.1.5"):
            (live / left).write_bytes(b"partial")
        (live / "MAIN.tmp").mkdir()
        (live / "MAIN.tmp" / "run.ctmp").write_bytes(b"partial")
        assert archive.ingest(source, workers=1).unchanged == 3
        assert _index_files(live) == before
        assert archive.search("harbour", collapse=False).total == 3


def test_unlisted_files_go_and_those_of_every_table_of_contents_stay(tmp_path: Path) -> None:
    # A file that a table of contents present lists (an older commit, still readable) is kept;
    # Whoosh's clean_files keeps only the newest commit's.
    whoosh_index.create_in(str(tmp_path), Schema(id=whoosh.fields.ID(stored=True)))
    ix = whoosh_index.open_dir(str(tmp_path))
    with ix.writer() as writer:
        writer.add_document(id="a")
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with ix.writer() as writer:
        writer.delete_by_term("id", "a")
        writer.add_document(id="b")
        writer.mergetype = whoosh.writing.OPTIMIZE
    for name, data in first.items():  # the first commit back, as a slow reader may still see it
        if not (tmp_path / name).exists():
            (tmp_path / name).write_bytes(data)
    kept = {p.name for p in tmp_path.iterdir()}
    (tmp_path / "MAIN_zz1leftover.trm").write_bytes(b"")
    store.remove_unlisted(ix.storage, "MAIN", ix.schema)
    assert {p.name for p in tmp_path.iterdir()} == kept
    assert sum(name.endswith(".toc") for name in kept) == 2
    (tmp_path / "_MAIN_1.toc").write_bytes(b"junk")  # unreadable: nothing is deleted
    (tmp_path / "MAIN_zz1leftover.trm").write_bytes(b"")
    store.remove_unlisted(ix.storage, "MAIN", ix.schema)
    assert (tmp_path / "MAIN_zz1leftover.trm").exists()
    ix.close()


def test_a_rebuild_that_fails_removes_its_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its batches committed so far filled the disk that stopped it (QA).
    index = tmp_path / "ix"
    with Archive(index) as archive:
        archive.ingest(pages(tmp_path / "a", 30), workers=1)
        monkeypatch.setattr(searchkit.indexer, "COMMIT_EVERY", 10)
        calls = 0
        real = searchkit.indexer.merge_tiers

        def full_on_the_third(*args: Any) -> list[Any]:
            nonlocal calls
            calls += 1
            if calls == 3:
                _disk_full()
            return real(*args)

        monkeypatch.setattr(searchkit.indexer, "merge_tiers", full_on_the_third)
        with pytest.raises(OSError, match="No space left"):
            archive.rebuild(workers=1)
        monkeypatch.undo()
        assert generations(index) == ["gen-1"]
        assert archive.search("harbour", collapse=False).total == 30


@pytest.mark.parametrize(
    ("code", "hinted"),
    [(10, True), (10 | (3 << 8), True), (13, True), (5, False)],
    ids=["ioerr", "ioerr-write", "full", "busy"],
)
def test_a_manifest_error_of_a_full_disk_says_the_disk_may_be_full(
    tmp_path: Path, code: int, hinted: bool
) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = code
    message = str(store.manifest_error(tmp_path, error))
    assert message.startswith(f"{tmp_path / 'sources.sqlite'}: disk I/O error")
    assert ("the disk may be full" in message) is hinted and "\n" not in message


def test_a_full_manifest_database_says_the_disk_may_be_full(tmp_path: Path) -> None:
    manifest = store.Manifest(tmp_path)
    try:
        manifest._db.execute("PRAGMA max_page_count = 8")  # as a full disk, SQLITE_FULL
        rows = [(f"s{i}", store.Seen("h" * 2000, "v", "")) for i in range(50)]
        with pytest.raises(ArchiveError, match=r"database or disk is full \(the disk may be full"):
            manifest.put(rows)
    finally:
        manifest.close()


def test_a_writer_removes_the_generation_a_killed_rebuild_left(tmp_path: Path) -> None:
    # QA: a rebuild killed with SIGKILL left its gen-N+1/ (the size of the index) until the
    # next rebuild; index runs kept it. Here a leftover with a commit in it, as one is left.
    index = tmp_path / "ix"
    source = pages(tmp_path / "a", 3)
    with Archive(index) as archive:
        archive.ingest(source, workers=1)
        leftover = store.Store(index).prepare()
        built = whoosh_index.open_dir(str(leftover))
        with built.writer() as writer:
            writer.add_document(id="half-built", title="lighthouse")
        built.close()
        assert generations(index) == ["gen-1", "gen-2"]
        assert archive.ingest(source, workers=1).unchanged == 3  # a run with nothing new
        assert generations(index) == ["gen-1"]
        assert archive.search("harbour", collapse=False).total == 3


def test_a_writer_leaves_the_generation_a_running_rebuild_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "ix"
    source = pages(tmp_path / "a", 3)
    with Archive(index) as archive:
        archive.ingest(source, workers=1)
    building, finish = threading.Event(), threading.Event()
    real = searchkit.archive.rebuild_items

    def slow(*args: Any) -> Any:
        building.set()
        finish.wait(30)
        yield from real(*args)

    monkeypatch.setattr(searchkit.archive, "rebuild_items", slow)
    errors: list[BaseException] = []

    def rebuild() -> None:
        try:
            with Archive(index) as rebuilding:
                rebuilding.rebuild(workers=1)
        except BaseException as error:  # reported by the assert below
            errors.append(error)

    thread = threading.Thread(target=rebuild)
    thread.start()
    try:
        assert building.wait(30)
        with Archive(index, lock_timeout=0.2) as other, pytest.raises(ArchiveLocked):
            other.ingest(source, workers=1)
        assert generations(index) == ["gen-1", "gen-2"]
    finally:
        finish.set()
        thread.join()
    assert errors == []
    with Archive(index, create=False) as archive:
        assert archive._dir.name == "gen-2"
        assert archive.search("harbour", collapse=False).total == 3
