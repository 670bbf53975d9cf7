"""New Whoosh segments written by worker processes, so that the one writer only decides (issue 6).

Filing a document's postings (``SegmentWriter.add_document``, then sorting and writing them at
commit) was most of what the single writer process spent on each page: in a profile of a
3k-page ingest, 9 of its 14 seconds. ``SegmentProcesses`` hands the documents of a batch, in
chunks, to worker processes that each write one new segment with an unlocked
``SegmentWriter``, as ``whoosh.multiproc.MpWriter`` does. The locked writer in the main process
still deletes the documents being replaced, then commits one TOC that lists the old segments
and the new ones (``merge_policy``): a batch stays one atomic commit. The files of a segment
that no TOC lists are removed when the writer cancels (``store.cancel``: a run that failed,
or one with nothing to write after a crash) or, by Whoosh, at its next commit.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import queue
import signal
import threading
from collections.abc import Callable
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from searchkit.errors import SearchkitError
from searchkit.store import WRITER_OPTIONS

#: Documents sent to a segment process at once.
CHUNK = 64

#: Chunks waiting for one segment process; the writer blocks beyond this, so memory is bounded.
BACKLOG = 8

#: Seconds between checks, while the writer waits on a queue, that every process is alive.
POLL = 1.0

MergePolicy = Callable[[SegmentWriter, list[Any]], list[Any]]

#: What is left of a run a worker process failed in: its batches committed before are kept.
NOT_COMMITTED = "the batch it was writing was not committed, those before it were: run it again"


def died(what: str, exitcode: int | None) -> str:
    """That the process ``what`` died, and how (a signal's name: SIGKILL is often the kernel's
    out-of-memory killer)."""
    if exitcode is not None and exitcode < 0:
        how = signal.Signals(-exitcode).name
        hint = ", perhaps for want of memory" if how == "SIGKILL" else ""
        return f"{what} process was killed ({how}{hint})"
    return f"{what} process died (exit code {exitcode})"


def context() -> ForkServerContext:
    """Where worker processes come from: a forkserver, not fork.

    The writer process may run threads (the progress display, the cleaning pool's manager),
    and forking a threaded process can deadlock the child; the server forks clean copies.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["searchkit.forkserver"])
    _start_forkserver(ctx)
    return ctx


def _start_forkserver(ctx: ForkServerContext) -> None:
    """Start the forkserver, if it is not running, and wait until it forks.

    It starts with Ctrl-C and SIGTERM ignored (an ignored signal stays ignored across
    ``exec``), as every worker forked from it is: the main process stops its workers itself.
    Python's forkserver ignores Ctrl-C only once it has loaded its modules, and one pressed
    before printed its traceback (QA). Nor may this process stop while the forkserver is
    loading: a worker it asked for would be forked after it was gone, and fail to find the
    queues it was given, with another traceback. So the signals are blocked here until a first
    process is forked, and delivered then. Only the main thread may set handlers, and only
    those set in Python can be set back: otherwise the forkserver is started as it is.
    """
    global _started_in
    stops = (signal.SIGINT, signal.SIGTERM)
    main = threading.current_thread() is threading.main_thread()
    set_in_c = any(signal.getsignal(stop) is None for stop in stops)
    if _started_in == os.getpid() or not main or set_in_c:  # started, or no handlers to set
        multiprocessing.forkserver.ensure_running()
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    try:
        handlers = [signal.signal(stop, signal.SIG_IGN) for stop in stops]
        try:
            multiprocessing.forkserver.ensure_running()
        finally:
            for stop, handler in zip(stops, handlers, strict=True):
                signal.signal(stop, handler)
        first = ctx.Process(target=int)  # returns at once
        first.start()
        first.join()
        _started_in = os.getpid()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


#: The process that started the forkserver so: each ingest asked for it twice (its segment
#: processes and its cleaning pool), and forked a first process each time.
_started_in: int | None = None


class SegmentProcesses:
    """``procs`` processes, each writing one new segment of the index in ``folder``."""

    def __init__(self, folder: str, indexname: str, procs: int) -> None:
        ctx = context()
        self._inboxes = [ctx.Queue(BACKLOG) for _ in range(procs)]
        self._results = ctx.Queue()
        self._procs: list[BaseProcess] = [
            ctx.Process(target=_write_segment, args=(folder, indexname, inbox, self._results))
            for inbox in self._inboxes
        ]
        for proc in self._procs:
            proc.start()
        self._chunk: list[dict[str, Any]] = []
        self._turn = 0

    def add(self, fields: dict[str, Any]) -> None:
        """Queue one document (the keyword arguments of ``add_document``)."""
        self._chunk.append(fields)
        if len(self._chunk) >= CHUNK:
            self._send()

    def finish(self) -> list[Any]:
        """Wait for every process to write its segment; the segments that hold documents."""
        if self._chunk:
            self._send()
        for inbox in self._inboxes:
            self._put(inbox, None)
        segments = []
        for _ in self._procs:
            status, value = self._get()
            if status != "ok":
                self.cancel()
                raise SearchkitError(f"a segment writer failed ({value}); {NOT_COMMITTED}")
            if value is not None:
                segments.append(value)
        for proc in self._procs:
            proc.join()
        return segments

    def cancel(self) -> None:
        """Stop the processes; what they wrote is never listed in a TOC. The queues' feeder
        threads are not waited for at exit: one blocked on the pipe of a process that was
        killed kept ``searchkit index`` from ever exiting (QA)."""
        for channel in (*self._inboxes, self._results):
            channel.cancel_join_thread()
        for proc in self._procs:
            proc.kill()
            proc.join()

    def merge_policy(self, merge: MergePolicy) -> MergePolicy:
        """``merge`` that also lists the segments these processes wrote (call after finish)."""
        segments = self.finish()
        return lambda writer, existing: merge(writer, existing) + segments

    def _send(self) -> None:
        self._put(self._inboxes[self._turn], self._chunk)
        self._turn = (self._turn + 1) % len(self._inboxes)
        self._chunk = []

    def _put(self, inbox: Any, message: list[dict[str, Any]] | None) -> None:
        while True:
            try:
                inbox.put(message, timeout=POLL)
                return
            except queue.Full:
                self._check_alive()

    def _get(self) -> tuple[str, Any]:
        while True:
            try:
                result: tuple[str, Any] = self._results.get(timeout=POLL)
                return result
            except queue.Empty:
                self._check_alive()

    def _check_alive(self) -> None:
        for proc in self._procs:
            if proc.exitcode not in (None, 0):
                self.cancel()
                raise SearchkitError(f"{died('a segment writer', proc.exitcode)}; {NOT_COMMITTED}")


def as_worker() -> None:
    """Set up a worker process: Ctrl-C is left to the process that started it, and the worker
    exits as soon as that process is gone. (SIGTERM it ignores from birth, as the forkserver
    it is forked from does: ``searchkit.forkserver``.)

    A terminal's Ctrl-C reaches every process of the group: each worker printed a
    KeyboardInterrupt traceback, and a pool with dead workers could leave ``searchkit index``
    hanging. After ``kill -9`` of ``searchkit index`` its workers would wait for work forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch(parent: BaseProcess) -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, args=(parent,), daemon=True).start()


def _write_segment(folder: str, indexname: str, inbox: Any, results: Any) -> None:
    """A segment process: add the documents it is sent, then write them as one segment."""
    as_worker()
    try:
        index = whoosh_index.open_dir(folder, indexname=indexname)
        writer = SegmentWriter(index, _lk=False, **WRITER_OPTIONS)
        added = 0
        while (chunk := inbox.get()) is not None:
            for fields in chunk:
                writer.add_document(**fields)
            added += len(chunk)
        if added:
            # Not writer.commit(): the main writer lists this segment in its own commit. Nor
            # _finish(): it would delete the temporary folder the other processes share.
            results.put(("ok", writer._finalize_segment()))
        else:
            writer._close_segment()
            results.put(("ok", None))
    except Exception as error:  # reported to the writer, which stops the ingest
        results.put(("error", f"{type(error).__name__}: {error}"))
