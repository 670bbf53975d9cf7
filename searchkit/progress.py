"""Progress of a long ingest or rebuild on stderr (issue 6): kept out of cli.py so the commands
stay thin; the library itself never prints, it calls ``on_progress``."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import typer

from searchkit.sources import count_items


class IngestProgress:
    """Pages done, pages/s and ETA on stderr: a live bar on a terminal, else a line every
    PLAIN_EVERY seconds (logs and CI). ``total`` may be None (unknown) or arrive late."""

    PLAIN_EVERY = 10.0

    def __init__(self, verb: str, total: int | Callable[[], int | None] | None) -> None:
        self.verb = verb
        self._total = total
        self._started = self._last = time.monotonic()
        self._done = 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> IngestProgress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn(f"{self.verb}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:>6.0f} pages/s"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.verb, total=self.total, rate=0.0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    @property
    def total(self) -> int | None:
        """The total when known and not yet passed: a rebuild's total is its document count,
        and it also reads pages that gave no story or a copy (it showed 130/100)."""
        total = self._total() if callable(self._total) else self._total
        return total if total is None or total >= self._done else None

    def waiting(self, seconds: float) -> None:
        """Say that the run waits for another writer (``Archive``'s ``on_wait``)."""
        said = (
            f"{self.verb}: waiting for another process writing to the index (up to {seconds:g} s)"
        )
        if self._bar is not None:
            self._bar.console.print(said, highlight=False, markup=False)
        else:
            typer.echo(said, err=True)

    def update(self, done: int) -> None:
        self._done = done
        now = time.monotonic()
        rate = done / max(now - self._started, 1e-9)
        if self._bar is not None:
            if now - self._last >= 0.1:
                self._last = now
                total = self.total
                self._bar.update(self._task, completed=done, total=total, rate=rate)
                if total is None:  # rich keeps a total it was given when told None (review)
                    next(t for t in self._bar.tasks if t.id == self._task).total = None
        elif now - self._last >= self.PLAIN_EVERY:
            self._last = now
            total = self.total
            eta = ""
            if total and rate > 0 and total > done:
                eta = f", ETA {_clock((total - done) / rate)}"
            of = f"/{total}" if total else ""
            typer.echo(f"{self.verb}: {done}{of} pages, {rate:.0f} pages/s{eta}", err=True)


def total_of(paths: list[str]) -> Callable[[], int | None]:
    """The number of items under ``paths``, counted in a background thread (None until known)."""
    found: list[int | None] = [None]

    def count() -> None:
        found[0] = count_items(paths)

    threading.Thread(target=count, daemon=True).start()
    return lambda: found[0]


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
