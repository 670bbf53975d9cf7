"""sources.iter_sources: files, folders, JSONL, and errors in line."""

from __future__ import annotations

from pathlib import Path

from searchkit import IngestError
from searchkit.sources import RawPage, Record, iter_sources


def test_folders_are_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "page.html").write_bytes(b"<html></html>")
    (tmp_path / "a.txt").write_bytes(b"Title\n\nBody.")
    (tmp_path / "notes.md").write_bytes(b"ignored")
    (tmp_path / "feed.jsonl").write_text('{"title": "t", "body": "b"}\n\n[1]\n', encoding="utf-8")
    items = list(iter_sources([tmp_path]))
    assert [type(i) for i in items] == [RawPage, RawPage, Record, IngestError]
    assert isinstance(items[0], RawPage) and items[0].data == b"Title\n\nBody."
    records = [i for i in items if isinstance(i, Record)]
    assert records[0].fields == {"title": "t", "body": "b"}
    errors = [i for i in items if isinstance(i, IngestError)]
    assert errors[0].source.endswith("feed.jsonl:3") and "object" in errors[0].reason


def test_missing_and_unsupported_paths_become_errors(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    items = list(iter_sources([tmp_path / "nope.html", tmp_path / "photo.jpg"]))
    assert [type(i) for i in items] == [IngestError, IngestError]
    assert "no such file" in str(items[0]) and "unsupported" in str(items[1])
