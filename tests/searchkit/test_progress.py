"""The progress lines of ``index`` and ``rebuild`` on a stream that is not a terminal."""

from __future__ import annotations

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
