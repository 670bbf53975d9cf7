"""Segment processes (issue 6): documents filed by worker processes, committed by the writer."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from scrapers import Article
from searchkit import Archive, schema, segments
from searchkit.indexer import merge_tiers
from searchkit.segments import SegmentProcesses


def _fields(number: int) -> dict[str, object]:
    article = Article(title=f"Ferry {number}", body=f"The ferry number {number} sailed late.")
    return schema.to_fields(f"u:{number}", article)


def test_segments_written_by_processes_are_committed_with_the_writers_own(
    tmp_path: Path,
) -> None:
    with Archive(tmp_path / "ix") as archive:
        archive.add(Article(title="Harbour", body="The harbour closed.", url="u:old"))
        folder = archive._live_dir()
    ix = whoosh_index.open_dir(str(folder))
    writer = ix.writer()
    writer.delete_by_term("id", "u:old")
    processes = SegmentProcesses(str(folder), ix.indexname, 2)
    for number in range(150):  # three chunks: both processes get some
        processes.add(_fields(number))
    writer.commit(mergetype=processes.merge_policy(merge_tiers))
    with Archive(tmp_path / "ix") as archive:
        assert archive.search("ferry", collapse=False).total == 150
        assert archive.search("harbour", collapse=False).total == 0
        assert archive.get("u:149").title == "Ferry 149"
    assert sorted(s.doc_count() for s in ix.refresh()._segments()) == [64, 86]


def test_a_failing_segment_process_stops_the_writer_with_its_reason(tmp_path: Path) -> None:
    with Archive(tmp_path / "ix") as archive:
        folder = archive._live_dir()
    processes = SegmentProcesses(str(folder), "MAIN", 1)
    processes.add({"no_such_field": "x"})
    with pytest.raises(RuntimeError, match="segment writer failed: UnknownFieldError"):
        processes.finish()


def test_workers_leave_ctrl_c_to_the_process_that_started_them() -> None:
    """A terminal's Ctrl-C reaches the whole process group: workers ignore it, so they print
    no traceback and the writer stops them itself."""
    with segments.context().Pool(1, initializer=segments.as_worker) as pool:
        assert pool.apply(signal.getsignal, (signal.SIGINT,)) == signal.SIG_IGN
