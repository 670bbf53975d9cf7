"""The progress lines of ``index`` and ``rebuild`` on a stream that is not a terminal."""

from __future__ import annotations

import io

import pytest

from searchkit.progress import IngestProgress


def test_a_total_the_run_has_passed_is_not_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(IngestProgress, "PLAIN_EVERY", 0.0)
    with IngestProgress("rebuilding", 2) as progress:
        progress.update(2)
        progress.update(3)
    first, second = capsys.readouterr().err.splitlines()
    assert first.startswith("rebuilding: 2/2 pages")
    assert second.startswith("rebuilding: 3 pages") and "ETA" not in second


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_passed_total_leaves_the_live_bar_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # rich's update(total=None) keeps the total it had: the bar showed 130/100 (review).
    monkeypatch.setattr("sys.stderr", _Terminal())
    with IngestProgress("rebuilding", 100) as progress:
        progress.update(130)
        progress._last = 0.0  # the bar is redrawn at most every 0.1 s
        progress.update(130)
        (task,) = progress._bar.tasks
        assert task.total is None and task.completed == 130


def test_a_wait_for_another_writer_is_said(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A second `searchkit index` showed "0 pages/s" for as long as it waited (QA).
    with IngestProgress("indexing", None) as progress:
        progress.waiting(30.0)
    said = "indexing: waiting for another process writing to the index (up to 30 s)\n"
    assert capsys.readouterr().err == said
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with IngestProgress("indexing", None) as progress:
        progress.waiting(30.0)
    assert said.strip() in terminal.getvalue()
