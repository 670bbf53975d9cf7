"""Segment processes (issue 6): documents filed by worker processes, committed by the writer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from scrapers import Article
from searchkit import Archive, SearchkitError, schema, segments
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
    with pytest.raises(SearchkitError, match=r"segment writer failed \(UnknownFieldError"):
        processes.finish()


#: Kills a segment process while the writer sends it documents, then exits as the CLI does.
KILL_A_WRITER = """
import os, signal, sys
from searchkit import Archive, SearchkitError, schema
from searchkit.segments import SegmentProcesses
from scrapers import Article
with Archive(sys.argv[1]) as archive:
    folder = archive._live_dir()
processes = SegmentProcesses(str(folder), "MAIN", 1)
os.kill(processes._procs[0].pid, signal.SIGKILL)
try:
    for number in range(100_000):
        processes.add(schema.to_fields(f"u:{number}", Article(title="T", body="B " * 50)))
except SearchkitError as error:
    print(error)
"""


def test_a_killed_segment_process_is_one_error_and_the_writer_exits(tmp_path: Path) -> None:
    # A traceback, then the command never exited: the queue's feeder thread waited on the pipe
    # of the dead process (QA).
    done = subprocess.run(
        [sys.executable, "-c", KILL_A_WRITER, str(tmp_path / "ix")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "a segment writer process was killed (SIGKILL, perhaps for want of memory); the batch "
        "it was writing was not committed, those before it were: run it again\n"
    )


#: Runs an ingest whose cleaning processes (forked, so they take the patch) kill themselves.
KILL_A_CLEANER = """
import os, signal, sys
from searchkit import Archive, SearchkitError, indexer, segments
import multiprocessing
segments.context = lambda: multiprocessing.get_context("fork")
indexer.PARALLEL_AFTER = 1
parent, original = os.getpid(), indexer.clean_chunk
def clean_chunk(jobs):
    if os.getpid() == parent:
        return original(jobs)
    os.kill(os.getpid(), signal.SIGKILL)
clean_chunk.__module__ = "searchkit.indexer"  # pickled by name, found so in the fork
indexer.clean_chunk = clean_chunk
with Archive(sys.argv[1]) as archive:
    try:
        archive.ingest([sys.argv[2]], workers=2)
    except SearchkitError as error:
        print(error)
"""


def test_a_killed_cleaning_process_is_one_error(tmp_path: Path) -> None:
    # BrokenProcessPool: a traceback of 50 lines (QA).
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"url": f"u:{n}", "title": "T", "body": "Body."}) for n in range(600)]
    feed.write_text("\n".join(lines) + "\n")
    done = subprocess.run(
        [sys.executable, "-c", KILL_A_CLEANER, str(tmp_path / "ix"), str(feed)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("a cleaning process was killed (perhaps for want of memory)")


def test_workers_leave_ctrl_c_to_the_process_that_started_them() -> None:
    """A terminal's Ctrl-C reaches the whole process group: workers ignore it, so they print
    no traceback and the writer stops them itself."""
    pool = segments.context().Pool(1, initializer=segments.as_worker)
    try:
        assert pool.apply(signal.getsignal, (signal.SIGINT,)) == signal.SIG_IGN
    finally:
        # Not terminate(), as leaving a ``with`` does: it stops workers by SIGTERM, which they
        # ignore, and hung the suite when the worker was waiting on the task queue's lock.
        pool.close()
        pool.join()


FORKSERVER_LOADING = """
import multiprocessing, os, signal, threading, time
from searchkit import segments
multiprocessing.set_forkserver_preload(["slow_to_load"])
# Ctrl-C to the whole group while the forkserver loads its modules.
threading.Timer(0.5, os.killpg, (os.getpgid(0), signal.SIGINT)).start()
segments._start_forkserver(multiprocessing.get_context("forkserver"))
time.sleep(5)
"""


def test_the_forkserver_ignores_ctrl_c_while_it_loads(tmp_path: Path) -> None:
    # Python's forkserver ignores Ctrl-C only once its modules are loaded: one pressed in the
    # first seconds of `searchkit index` printed a traceback from it (QA).
    (tmp_path / "slow_to_load.py").write_text("import time\ntime.sleep(1)\n")
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", FORKSERVER_LOADING],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": path},  # the forkserver's path, to find the module
        start_new_session=True,
    )
    assert done.returncode == -signal.SIGINT
    assert done.stderr.count("KeyboardInterrupt") == 1  # this process's, not the forkserver's
    assert "slow_to_load" not in done.stderr
