"""Ingest at scale (issue 6): skip-unchanged without cleaning, prune, bad files, strict, workers."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import searchkit.indexer
from scrapers import Article
from searchkit import Archive, IngestError
from searchkit.indexer import tiers_to_merge


def news_page(number: int, *, word: str = "harbour", url: bool = True) -> str:
    canonical = f'<link rel="canonical" href="https://port.example/{number}">' if url else ""
    return (
        f"<!DOCTYPE html><html><head><title>Story {number}</title>{canonical}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>Story {number}</h1>"
        f"<p>The {word} master said ships number {number} were late again, and many "
        "fishermen waited on the quay for news of the storm, which had closed the port.</p>"
        "<p>Officials promised a full report by Friday, after the weather cleared.</p>"
        "</article></body></html>"
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    for number in range(6):
        (pages / "sub" / f"{number}.html").write_text(news_page(number), encoding="utf-8")
    (pages / "gz.html.gz").write_bytes(gzip.compress(news_page(6).encode()))
    (pages / "feed.jsonl.gz").write_bytes(
        gzip.compress(
            b"".join(
                json.dumps(
                    {
                        "url": f"https://feed.example/{i}",
                        "title": f"Feed {i}",
                        "body": f"Harbour feed item {i}.",
                    }
                ).encode()
                + b"\n"
                for i in range(3)
            )
        )
    )
    return pages


@pytest.fixture
def cleanings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every page the indexer cleans (in this process: ingest with workers=1)."""
    seen: list[str] = []
    real = searchkit.indexer.clean

    def counting(item: object) -> tuple[str, Article]:
        seen.append(item.source)  # type: ignore[attr-defined]
        return real(item)  # type: ignore[arg-type]

    monkeypatch.setattr(searchkit.indexer, "clean", counting)
    return seen


def test_gz_pages_and_jsonl_gz_are_indexed(archive: Archive, folder: Path) -> None:
    report = archive.ingest([folder], workers=1)
    assert (report.added, report.failed) == (10, ())
    assert archive.search("harbour", collapse=False).total == 10
    assert archive.get("https://port.example/6") is not None


def test_stories_whose_canonical_link_is_the_home_page_are_kept_apart(
    archive: Archive, tmp_path: Path
) -> None:
    # Both named https://port.example/ as canonical: the second replaced the first (QA).
    for number in (1, 2):
        page = news_page(number).replace(f"port.example/{number}", "port.example/")
        (tmp_path / f"{number}.html").write_text(page, encoding="utf-8")
    report = archive.ingest([tmp_path], workers=1)
    assert (report.added, report.updated) == (2, 0)
    found = archive.search("harbour", collapse=False)  # the two differ by a number: copies
    assert {hit.title for hit in found} == {"Story 1", "Story 2"}


def test_unchanged_pages_are_skipped_without_cleaning(
    archive: Archive, folder: Path, cleanings: list[str]
) -> None:
    archive.ingest([folder], workers=1)
    assert len(cleanings) == 10
    cleanings.clear()
    report = archive.ingest([folder], workers=1)
    assert cleanings == []
    assert (report.added, report.updated, report.unchanged) == (0, 0, 10)
    # A changed page is cleaned again, and only it.
    (folder / "sub" / "2.html").write_text(news_page(2, word="ferry"), encoding="utf-8")
    report = archive.ingest([folder], workers=1)
    assert cleanings == [str(folder / "sub" / "2.html")]
    assert (report.updated, report.unchanged) == (1, 9)
    assert archive.search("ferry", collapse=False).total == 1


def test_pages_without_a_story_and_copies_are_not_cleaned_again(
    archive: Archive, tmp_path: Path, cleanings: list[str]
) -> None:
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    (tmp_path / "a.html").write_text(news_page(1))
    (tmp_path / "b.html").write_text(news_page(1))  # the same story under another path
    first = archive.ingest([tmp_path], workers=1)
    assert (first.added, first.unchanged, first.empty) == (1, 1, 1)
    cleanings.clear()
    second = archive.ingest([tmp_path], workers=1)
    # The page with no story is empty again, not unchanged: "unchanged 31" beside 30
    # documents (archivist QA).
    assert cleanings == [] and (second.unchanged, second.empty) == (2, 1)


def test_a_new_scrapers_version_cleans_again(
    archive: Archive, folder: Path, cleanings: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.ingest([folder], workers=1)
    cleanings.clear()
    monkeypatch.setattr(searchkit.indexer, "SCRAPER_VERSION", "next")
    report = archive.ingest([folder], workers=1)
    assert len(cleanings) == 10 and report.unchanged == 10
    cleanings.clear()
    archive.ingest([folder], workers=1)
    assert cleanings == []


def test_a_page_that_now_names_another_url_replaces_its_old_document(
    archive: Archive, tmp_path: Path
) -> None:
    page = tmp_path / "p.html"
    page.write_text(news_page(1))
    archive.ingest([page], workers=1)
    page.write_text(news_page(1).replace("port.example/1", "port.example/moved"))
    archive.ingest([page], workers=1)
    assert archive.get("https://port.example/1") is None
    assert archive.get("https://port.example/moved") is not None and len(archive) == 1


def test_a_story_moved_to_a_new_file_while_its_old_file_takes_another_is_kept(
    archive: Archive, tmp_path: Path
) -> None:
    # QA: b.html's story was skipped as a copy of the document a.html gave, which a.html's new
    # story had just deleted: it was lost, and the run counted it unchanged.
    (tmp_path / "a.html").write_text(news_page(1))
    archive.ingest([tmp_path], workers=1)
    (tmp_path / "a.html").rename(tmp_path / "b.html")
    (tmp_path / "a.html").write_text(news_page(2))
    report = archive.ingest([tmp_path], workers=1)
    assert (report.added, report.unchanged, report.removed) == (1, 1, 0)
    assert archive.get("https://port.example/1") is not None
    assert archive.get("https://port.example/2") is not None and len(archive) == 2
    assert archive.ingest([tmp_path], workers=1).unchanged == 2  # and stays so


def test_a_record_shifted_down_a_feed_is_kept(archive: Archive, tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    lines = [
        json.dumps({"id": f"f{i}", "title": f"Feed {i}", "body": f"stock {i}"}) for i in range(4)
    ]
    feed.write_text("\n".join(lines[1:]) + "\n")
    archive.ingest([feed], workers=1)
    feed.write_text("\n".join(lines) + "\n")  # a new record on top
    report = archive.ingest([feed], workers=1)
    assert (report.added, report.removed) == (1, 0)
    assert sorted(hit.id for hit in archive.search("stock", limit=10).hits) == [
        "f0",
        "f1",
        "f2",
        "f3",
    ]


def test_prune_removes_documents_whose_file_is_gone(archive: Archive, folder: Path) -> None:
    archive.ingest([folder], workers=1)
    (folder / "sub" / "0.html").unlink()
    (folder / "feed.jsonl.gz").unlink()
    assert archive.ingest([folder], workers=1).removed == 0
    report = archive.ingest([folder], prune=True, workers=1)
    assert report.removed == 4 and len(archive) == 6
    assert archive.get("https://port.example/0") is None


def test_bad_files_are_reported_and_the_rest_indexed(archive: Archive, tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text(news_page(1))
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "zero.txt").write_bytes(b"")
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(news_page(2).encode())[:-20])
    (tmp_path / "bad.jsonl").write_text('{"title": "no body"}\n')
    report = archive.ingest([tmp_path], workers=1)
    assert report.added == 1
    reasons = {Path(f.source).name: f.reason for f in report.failed}
    assert set(reasons) == {"binary.html", "zero.txt", "cut.html.gz", "bad.jsonl:1"}
    assert (
        reasons["binary.html"].startswith("no encoding fits these")
        and "empty" in reasons["zero.txt"]
    )
    assert "truncated" in reasons["cut.html.gz"] and "body" in reasons["bad.jsonl:1"]


def test_strict_stops_at_the_first_failure(archive: Archive, tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(news_page(1))
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.html").write_text(news_page(3))
    with pytest.raises(IngestError, match="empty file") as caught:
        archive.ingest([tmp_path], strict=True, workers=1)
    assert caught.value.source == str(tmp_path / "b.txt")


def test_worker_processes_clean_the_same_as_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(searchkit.indexer, "PARALLEL_AFTER", 16)
    monkeypatch.setattr(searchkit.indexer, "COMMIT_EVERY", 25)
    for number in range(80):
        (tmp_path / f"{number:02}.html").write_text(news_page(number))
    (tmp_path / "zz.html").write_bytes(b"")
    with Archive(tmp_path / "ix") as archive:
        report = archive.ingest([tmp_path], workers=2)
        assert (report.added, len(report.failed)) == (80, 1)
        assert archive.search('"harbour master"', collapse=False).total == 80
        assert archive.search("title:story", collapse=False).total == 80
        assert archive.ingest([tmp_path], workers=2).unchanged == 80
        for number in range(80):  # replaced documents leave no stale copy in any segment
            (tmp_path / f"{number:02}.html").write_text(news_page(number, word="ferry"))
        assert archive.ingest([tmp_path], workers=2).updated == 80
        assert archive.search('"ferry master"', collapse=False).total == 80
        assert archive.search('"harbour master"', collapse=False).total == 0


def test_progress_counts_every_item(archive: Archive, folder: Path) -> None:
    calls: list[int] = []
    archive.ingest([folder, folder / "missing.html"], on_progress=calls.append, workers=1)
    assert calls == list(range(1, 12))


class _Segment:
    def __init__(self, live: int, deleted: int = 0) -> None:
        self.live, self.deleted = live, deleted

    def doc_count(self) -> int:
        return self.live

    def doc_count_all(self) -> int:
        return self.live + self.deleted


@pytest.mark.parametrize(
    ("live", "merged"),
    [
        ([10_016] * 9 + [7_552], [10_016] * 9 + [7_552]),  # one tier: 3,163 to 29,999 docs
        ([10_016] * 9 + [3_163], [10_016] * 9 + [3_163]),
        ([10_016] * 9 + [3_162], []),  # the tier below
        ([10_016] * 9 + [29_999], [10_016] * 9 + [29_999]),
        ([10_016] * 9 + [30_000], []),  # final
        ([10_016] * 9 + [99_840], []),  # a big segment is not merged with ten times smaller
        ([100_000] * 12, []),  # final segments stay as they are
    ],
)
def test_ten_segments_of_one_size_tier_are_merged(live: list[int], merged: list[int]) -> None:
    keep, merge = tiers_to_merge([_Segment(n) for n in [0, 40, *live]])
    assert [s.live for s in merge] == merged
    assert sorted(s.live for s in keep + merge) == sorted([40, *live])  # the empty one dropped


def test_a_segment_mostly_deleted_is_rewritten_whatever_its_size() -> None:
    segments = [_Segment(40_000, deleted=60_000), _Segment(50, deleted=51), _Segment(60_000)]
    keep, merge = tiers_to_merge([*segments, _Segment(40_000, deleted=40_000)])
    assert merge == segments[:2] and len(keep) == 2


def test_deleting_most_of_a_segment_merges_it_away(tmp_path: Path) -> None:
    with Archive(tmp_path / "ix") as archive:
        archive.add_many(Article(title=f"T{n}", body="harbour", url=f"u:{n}") for n in range(12))
        for number in range(7):
            archive.delete(f"u:{number}")
        assert [s.doc_count_all() for s in archive._index._segments()] == [5]
        assert archive.search("harbour", collapse=False).total == 5


def test_segments_merge_by_size_tier(tmp_path: Path) -> None:
    with Archive(tmp_path / "ix") as archive:
        for number in range(12):  # twelve one-document commits
            archive.add(Article(title=f"T{number}", body="harbour", url=f"u:{number}"))
            segments = sorted(s.doc_count_all() for s in archive._index._segments())
            # Ten one-document segments (tier 0) wait; the eleventh commit merges them.
            assert segments == ([1] * (number + 1) if number < 10 else [1] * (number - 10) + [11])
        assert archive.search("harbour", collapse=False).total == 12


def write_feed(path: Path, records: list[dict[str, object]]) -> Path:
    # json.dumps writes a lone surrogate as the escape "\ud800", as a real feed would carry it.
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def good(number: int) -> dict[str, object]:
    return {"url": f"https://feed.example/{number}", "title": f"Feed {number}", "body": "Harbour."}


def test_bad_records_are_reported_one_each_and_the_rest_indexed(
    archive: Archive, tmp_path: Path
) -> None:
    feed = write_feed(
        tmp_path / "feed.jsonl",
        [
            good(1),
            {"title": "surrogate \ud800", "body": "chi"},
            {"title": "site list", "body": "tau", "site": ["a", "b"]},
            {"title": "authors", "body": "x", "authors": ["Jane", 7]},
            {"title": "html list", "html": ["<p>x</p>"], "body": "x"},
            {"id": ["j"], "title": "id list", "body": "x"},
            good(2),
        ],
    )
    (tmp_path / "page.html").write_text(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "H \\udc00"}</script></head><body><p>Harbour.</p></body></html>'
    )
    report = archive.ingest([feed, tmp_path / "page.html"], workers=1)
    # The page is read (its headline's lone surrogate as U+FFFD), and empty: one word of body.
    assert (report.added, report.empty) == (2, 1)
    reasons = {Path(f.source).name: f.reason for f in report.failed}
    assert reasons == {
        "feed.jsonl:2": "'title' holds a lone surrogate (U+D800), which is not text",
        "feed.jsonl:3": "'site' must be a string, not a list",
        "feed.jsonl:4": (
            "'authors' must be a string or a list of strings, not a list holding a number"
        ),
        "feed.jsonl:5": "'html' must be a string, not a list",
        "feed.jsonl:6": "'id' must be a string or a whole number, not a list",
    }
    assert archive.search("site:a").total == 0


def test_a_record_failing_in_worker_processes_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(searchkit.indexer, "PARALLEL_AFTER", 16)
    records = [good(number) for number in range(60)]
    records[40] = {"title": "surrogate \ud800", "body": "chi"}
    feed = write_feed(tmp_path / "feed.jsonl", records)
    with Archive(tmp_path / "ix") as archive:
        report = archive.ingest([feed], workers=2)
    assert report.added == 59
    assert [f.source for f in report.failed] == [f"{feed}:41"]


def test_a_failure_after_cleaning_is_that_page_alone(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = searchkit.indexer.fingerprint

    def failing(body: str) -> object:
        if "poison" in body:
            raise RuntimeError("fingerprint\nfailed")
        return real(body)

    monkeypatch.setattr(searchkit.indexer, "fingerprint", failing)
    feed = write_feed(tmp_path / "feed.jsonl", [good(1), {"title": "p", "body": "poison"}, good(2)])
    report = archive.ingest([feed], workers=1)
    assert report.added == 2
    assert [(f.source, f.reason) for f in report.failed] == [
        (f"{feed}:2", "RuntimeError: fingerprint failed")
    ]


def test_a_record_is_stored_under_its_url_else_its_id(archive: Archive, tmp_path: Path) -> None:
    # A record with both was stored under its raw "id", so /articles/<url> was a 404 (QA bug 5).
    feed = write_feed(
        tmp_path / "feed.jsonl",
        [
            {"id": "j1", "url": "https://feed.example/1", "title": "Both", "body": "Harbour."},
            {"id": "j2", "title": "Id only", "body": "Harbour."},
            {"id": 3, "title": "Number", "body": "Harbour."},
            {"id": "", "title": "Neither", "body": "Harbour."},
        ],
    )
    assert archive.ingest([feed], workers=1).added == 4
    ids = {hit.title: hit.id for hit in archive.search("harbour", limit=10, collapse=False)}
    assert ids["Both"] == "https://feed.example/1" and archive.get("j1") is None
    assert (ids["Id only"], ids["Number"]) == ("j2", "3")
    assert ids["Neither"].startswith("src:")


def test_preview_shows_what_indexing_a_file_would_store(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(news_page(1, url=False))
    [shown] = searchkit.indexer.preview(page, url="https://port.example/one", explain=True)
    assert isinstance(shown, searchkit.indexer.Preview)
    assert (shown.source, shown.doc_id) == (str(page), "https://port.example/one")
    assert shown.article.title == "Story 1" and shown.dropped
    feed = write_feed(tmp_path / "feed.jsonl", [good(1), {"title": "x"}])
    first, second = searchkit.indexer.preview(feed)
    assert isinstance(first, searchkit.indexer.Preview) and first.doc_id == "https://feed.example/1"
    assert isinstance(second, IngestError) and second.source == f"{feed}:2"


@pytest.mark.parametrize(
    "html",
    [
        "<p>Rebels in east Aleppo agreed to a ceasefire on Tuesday, officials said.</p>",
        "Rebels in east Aleppo agreed to a ceasefire on Tuesday, officials said.",
    ],
    ids=["one-paragraph", "plain-words"],
)
def test_a_records_html_fragment_is_read_as_html(html: str) -> None:
    # A fragment of a tag or two looked like a text dump: its one line was taken for the
    # title, and the story was lost (a feed item's summary is such a fragment).
    article = searchkit.indexer.article_from_record({"title": "Ceasefire", "html": html})
    assert article.title == "Ceasefire"
    assert article.body == "Rebels in east Aleppo agreed to a ceasefire on Tuesday, officials said."


@pytest.mark.parametrize(
    ("html", "body"),
    [
        ("<p>High winds <b>cancel</b> the regatta.</p>", "High winds cancel the regatta."),
        ("<p>Quay shut.</p><p>Ferries wait.</p>", "Quay shut.\n\nFerries wait."),
        # Code is no text (review: a tracker's script was the body, and a style sheet).
        ("<p>Quay shut.</p><script>loadTracker('ua-1');</script>", "Quay shut."),
        ("<style>.ad{display:none}</style>", ""),
        # A page's worth of links and no story is no summary.
        (
            "<nav>"
            + "".join(f'<a href="/s{n}">Section {n}</a><br>' for n in range(120))
            + "</nav>",
            "",
        ),
    ],
    ids=["summary", "two-paragraphs", "script", "style", "long"],
)
def test_a_records_short_html_of_no_story_is_its_text(html: str, body: str) -> None:
    # A feed item's summary of a line is too short for the scrapers to take for a story, and
    # such items were indexed as empty: their titles and summaries could not be found (QA).
    article = searchkit.indexer.article_from_record({"title": "Regatta", "html": html})
    assert article.body == body


FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def feed_copy(tmp_path: Path, name: str, as_name: str | None = None) -> Path:
    path = tmp_path / (as_name or name)
    data = (FEEDS / name).read_bytes()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def test_each_item_of_a_feed_is_an_article(archive: Archive, tmp_path: Path) -> None:
    paths = [
        feed_copy(tmp_path, "harbour.rss"),  # content:encoded; one item with no text
        feed_copy(tmp_path, "summaries.rss", "summaries.rss.gz"),  # descriptions only
        feed_copy(tmp_path, "estuary.atom"),  # html, xhtml and text content
        feed_copy(tmp_path, "channel.xml"),  # RSS 1.0
    ]
    report = archive.ingest(paths, workers=1)
    assert (report.added, report.empty, report.failed) == (2 + 3 + 3 + 1, 1, ())
    assert report.empty_sources == (f"{paths[0]}#3",)
    strike = archive.get("https://harbour.example/ferry-strike")
    assert strike is not None
    assert (strike.title, strike.site, strike.authors) == (
        "Ferry strike shuts the quay",
        "Harbour Gazette",
        ("Jane Roe",),
    )
    assert strike.published == datetime(2016, 11, 29, 14, 5, tzinfo=UTC)
    assert strike.body.startswith("Ferry crews walked out at dawn") and "Share" not in strike.body
    seals = archive.get("https://estuary.example/news/seals")
    assert seals is not None and seals.body.startswith("Grey seals returned")
    assert "More news" not in seals.body  # the html went through the scrapers
    pilots = archive.get("https://channel.example/pilots")
    assert pilots is not None and pilots.published == date(2016, 11, 27)
    assert [hit.title for hit in archive.search("regatta gales")] == ["Regatta postponed"]


def test_a_feed_that_is_not_well_formed_is_reported_and_the_rest_indexed(
    archive: Archive, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_bytes((FEEDS / "harbour.rss").read_bytes().replace(b"</title>", b"", 1))
    report = archive.ingest([broken, feed_copy(tmp_path, "estuary.atom")], workers=1)
    assert report.added == 3
    [failure] = report.failed
    assert failure.source == str(broken)
    assert failure.reason.startswith("not well-formed XML (") and "\n" not in failure.reason


def test_an_item_without_a_link_gets_a_stable_id(archive: Archive, tmp_path: Path) -> None:
    paths = [feed_copy(tmp_path, "summaries.rss"), feed_copy(tmp_path, "estuary.atom")]
    archive.ingest(paths, workers=1)
    ids = {hit.title: hit.id for hit in archive.search("harbour OR marina", limit=10)}
    letters = ids["Letters to the editor"]  # no link, no guid: its feed and item number
    assert letters.startswith("src:")
    assert ids["Bridge repainted"] == "tag:estuary.example,2016:3"  # no link: its Atom id
    with Archive(tmp_path / "again") as again:  # the same feed at the same place, indexed anew
        again.ingest(paths, workers=1)
        assert again.get(letters) is not None


def test_an_unchanged_feed_is_unchanged(
    archive: Archive, tmp_path: Path, cleanings: list[str]
) -> None:
    feed = feed_copy(tmp_path, "harbour.rss")
    first = archive.ingest([feed], workers=1)
    assert (first.added, first.empty, len(cleanings)) == (2, 1, 3)
    again = archive.ingest([feed], workers=1)
    assert (again.added, again.updated, again.unchanged, again.empty) == (0, 0, 2, 1)
    assert len(cleanings) == 3  # not cleaned again
    assert len(archive) == 2


def test_rebuild_reads_a_feed_item_again(archive: Archive, tmp_path: Path) -> None:
    feed = feed_copy(tmp_path, "harbour.rss")
    archive.ingest([feed], workers=1)
    feed.write_bytes(feed.read_bytes().replace(b"forty years", b"fifty-one years"))
    report = archive.rebuild(workers=1)
    assert (report.added, report.empty, report.failed) == (2, 1, ())
    keeper = archive.get("https://harbour.example/lighthouse")
    assert keeper is not None and "fifty-one years" in keeper.body


def test_prune_removes_the_items_gone_from_a_feed(archive: Archive, tmp_path: Path) -> None:
    feed = feed_copy(tmp_path, "estuary.atom")
    archive.ingest([feed], workers=1)
    start = feed.read_text()
    first = start.index("<entry>")
    feed.write_text(start[:first] + start[start.index("<entry>", first + 1) :])  # entry 1 gone
    report = archive.ingest([feed], prune=True, workers=1)
    assert report.removed == 1 and archive.get("https://estuary.example/news/seals") is None
    assert archive.get("https://estuary.example/news/dredging") is not None


def test_a_warc_gzipped_whole_is_indexed_and_rebuilt(  # type: ignore[no-untyped-def]
    archive: Archive, tmp_path: Path, write_warc
) -> None:
    # `gzip -c crawl.warc`: a traceback ended the run, and nothing in the folder was indexed.
    folder = tmp_path / "crawl"
    folder.mkdir()
    plain = tmp_path / "crawl.warc"
    story = "<html><head><title>Story {0}</title></head><body><p>{1}</p></body></html>"
    text = "The harbour reopened on Monday after the storm. " * 8
    write_warc(
        plain,
        [("response", f"https://a.example/{n}", story.format(n, text).encode()) for n in (1, 2)],
    )
    (folder / "whole.warc.gz").write_bytes(gzip.compress(plain.read_bytes()))
    (folder / "page.html").write_text(story.format(3, text))
    report = archive.ingest([folder], workers=1)
    assert (report.added, report.failed) == (3, ())
    rebuilt = archive.rebuild(workers=1)
    assert (rebuilt.added, rebuilt.failed) == (3, ())
    assert archive.get("https://a.example/2") is not None


#: Stories of a feed saved again each day (``curl -o news.rss``), by a letter each.
STORIES = {
    "a": ("bridge", "Bridge repairs finish"),
    "b": ("library", "Library opens a new wing"),
    "c": ("flood", "Flood waters reach the valley"),
    "n": ("brewery", "Brewery wins the county award"),
}


def save_feed(path: Path, letters: str) -> None:
    """The feed at ``path`` as it is saved today: an RSS feed or a JSONL file of ``letters``'
    stories, newest first."""
    if path.suffix == ".jsonl":
        path.write_text(
            "".join(
                json.dumps(
                    {
                        "url": f"https://news.example/{STORIES[k][0]}",
                        "title": STORIES[k][1],
                        "body": f"The {STORIES[k][0]} story, as the town reported it today.",
                    }
                )
                + "\n"
                for k in letters
            )
        )
        return
    items = "".join(
        f"<item><title>{STORIES[k][1]}</title><link>https://news.example/{STORIES[k][0]}</link>"
        f"<description>The {STORIES[k][0]} story, as the town reported it today.</description>"
        "</item>"
        for k in letters
    )
    path.write_text(
        '<rss version="2.0"><channel><title>Town News</title><link>https://news.example/</link>'
        f"{items}</channel></rss>"
    )


def stories(archive: Archive) -> list[str]:
    return sorted(str(hit.url).rsplit("/", 1)[1] for hit in archive.search("story", limit=20))


@pytest.mark.parametrize("name", ["news.rss", "news.jsonl"])
@pytest.mark.parametrize(
    ("today", "added"),
    [("nca", 1), ("ncb", 1), ("ba", 0)],
    ids=["new-top", "bottom-gone", "top-gone"],
)
def test_a_feed_saved_again_keeps_the_stories_it_left(
    archive: Archive, tmp_path: Path, name: str, today: str, added: int
) -> None:
    # QA: a feed saved again with a new item on top lost the story its old item 2 gave,
    # "removed 1" without --prune: a record's place in its file is no story's identity.
    feed = tmp_path / name
    save_feed(feed, "cba")
    archive.ingest([feed], workers=1)
    save_feed(feed, today)
    report = archive.ingest([feed], workers=1)
    assert (report.added, report.updated, report.removed) == (added, 0, 0)
    everything = sorted(STORIES[k][0] for k in set("cba" + today))
    assert stories(archive) == everything
    assert archive.ingest([feed], workers=1).removed == 0 and stories(archive) == everything


def test_a_rebuild_tells_a_feed_that_fails_whole_once(archive: Archive, tmp_path: Path) -> None:
    # A feed saved over by a "not found" page was told once a story: 100 lines, failed 100 (QA).
    feed = tmp_path / "news.rss"
    save_feed(feed, "cba")
    archive.ingest([feed], workers=1)
    feed.write_text("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>")
    report = archive.rebuild(workers=1)
    assert [failure.source.rsplit("#", 1)[0] for failure in report.failed] == [str(feed)]
    assert report.failed[0].reason.endswith("; what it gave is kept as indexed")
    assert (report.added, len(archive)) == (3, 3)


@pytest.mark.parametrize("name", ["news.rss", "news.jsonl"])
@pytest.mark.parametrize("today", ["nca", "ncb", "ba"], ids=["new-top", "bottom-gone", "top-gone"])
def test_a_rebuild_keeps_the_stories_a_feed_saved_again_left(
    archive: Archive, tmp_path: Path, name: str, today: str
) -> None:
    # QA: "skipped news.rss#3: the feed has no item 3 any more; what it gave is kept as
    # indexed", and the rebuild dropped the story of item 1, whose item 1 gives another now.
    feed = tmp_path / name
    save_feed(feed, "cba")
    archive.ingest([feed], workers=1)
    save_feed(feed, today)
    archive.ingest([feed], workers=1)
    everything = sorted(STORIES[k][0] for k in set("cba" + today))
    # What the feed gives today is read again, not replaced by what a place gave before.
    feed.write_text(feed.read_text().replace("as the town reported", "as the mayor reported"))
    report = archive.rebuild(workers=1)
    assert (report.added, len(archive)) == (len(everything), len(everything))
    assert stories(archive) == everything
    for k in today:
        story = archive.get(f"https://news.example/{STORIES[k][0]}")
        assert story is not None and "the mayor" in story.body
    again = archive.ingest([feed], workers=1)
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert stories(archive) == everything


def test_two_saved_copies_of_a_feed_give_one_document_per_item(
    archive: Archive, tmp_path: Path
) -> None:
    # QA: items with no link, named by file and place, were each indexed once per copy.
    notices = (
        '<rss version="2.0"><channel><title>Town Notices</title>'
        "<link>https://town.example/notices</link>{}"
        '<item><title>Road works</title><guid isPermaLink="false">1002</guid>'
        "<description>Main Street shuts for road works.</description></item>"
        "<item><title>Market moves</title><pubDate>Tue, 29 Nov 2016 14:05:00 GMT</pubDate>"
        "<description>The market moves to the quay for road works.</description></item>"
        "</channel></rss>"
    )
    (tmp_path / "notices-a.rss").write_text(notices.format(""))
    newer = (
        "<item><title>Bins</title>"
        "<description>Bins go out a day late this week: the crews are at the fair.</description>"
        "</item>"
    )
    (tmp_path / "notices-b.rss").write_text(notices.format(newer))
    report = archive.ingest([tmp_path], workers=1)
    assert (report.added, report.unchanged, report.empty, len(archive)) == (3, 2, 0, 3)
    assert archive.search("road works").total == 2


def test_of_two_items_of_one_feed_with_one_link_the_first_is_kept(
    archive: Archive, tmp_path: Path
) -> None:
    # QA: a feed lists its newest item first, and a story it lists twice kept the lower, older
    # copy, a fresh index saying "added 2, updated 1". (Of two JSONL lines, the later is kept.)
    feed = tmp_path / "news.rss"
    save_feed(feed, "cba")
    older = (
        "<item><title>Flood warning</title><link>https://news.example/flood</link>"
        "<description>The flood story, as the town first reported it.</description></item>"
    )
    feed.write_text(feed.read_text().replace("</channel>", older + "</channel>"))
    report = archive.ingest([feed], workers=1)
    assert (report.added, report.updated, report.unchanged) == (3, 0, 0)
    story = archive.get("https://news.example/flood")
    assert story is not None and story.title == STORIES["c"][1]
    assert archive.ingest([feed], workers=1).unchanged == 3
    assert archive.rebuild(workers=1).failed == () and len(archive) == 3
    story = archive.get("https://news.example/flood")
    assert story is not None and story.title == STORIES["c"][1]
