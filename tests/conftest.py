"""Shared fixtures: a fresh archive in a temporary folder, small articles, the seed file, WARCs."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scrapers import Article
from searchkit import Archive

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_e63184a7a477ae46.txt"
SEED_TITLE = "Aleppo could witness one of the worst massacres since World War Two, France warns"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive(tmp_path / "index") as opened:
        yield opened


@pytest.fixture
def articles() -> list[Article]:
    return [
        Article(
            title="Aleppo siege enters fifth month",
            body="Civilians fled east Aleppo as the descent into hell continued.\n\n"
            "The United Nations said thousands were displaced.",
            authors=("Jane Doe",),
            published=date(2016, 11, 29),
            site="The Independent",
            url="https://independent.example/aleppo-siege",
        ),
        Article(
            title="Markets rally in London",
            body="Shares rose in London. Traders said hell would freeze before a descent.",
            authors=("John Smith",),
            published=date(2016, 12, 5),
            site="City Wire",
            url="https://citywire.example/markets",
        ),
        Article(
            title="Bakers strike in Lyon",
            body="Bakers in Lyon walked out over pay. Aleppo was not mentioned by anyone.",
            authors=("Marie Curie",),
            published=date(2017, 1, 10),
            site="Lyon Daily",
            url="https://lyon.example/bakers",
        ),
    ]


@pytest.fixture
def filled(archive: Archive, articles: list[Article]) -> Archive:
    archive.add_many(articles)
    return archive


@pytest.fixture
def write_warc() -> Callable[[Path, list[tuple[str, str, bytes]]], None]:
    """Writes a WARC with one record per (type, url, payload); gzipped when the path ends in .gz.
    A response's HTTP status is 200 unless the type says another: "response 404 Not Found"."""

    def write(path: Path, records: list[tuple[str, str, bytes]]) -> None:
        with path.open("wb") as out:
            writer = WARCWriter(out, gzip=path.suffix == ".gz")
            for typed, url, payload in records:
                kind, _, status = typed.partition(" ")
                headers = None
                if kind == "response":
                    html = payload.lstrip().startswith(b"<")
                    headers = StatusAndHeaders(
                        status or "200 OK",
                        [("Content-Type", "text/html" if html else "image/png")],
                        protocol="HTTP/1.1",
                    )
                record = writer.create_warc_record(
                    url, kind, payload=io.BytesIO(payload), http_headers=headers
                )
                writer.write_record(record)
                record.raw_stream.close()  # warcio spooled the payload to a temporary file

    return write
