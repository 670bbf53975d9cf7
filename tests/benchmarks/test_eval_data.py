"""The benchmarks find the evaluation data as ``benchmarks/evaldata.py`` does: in
``$SEARCHKIT_EVAL``, else ``../shared/eval`` next to the repository; absent, they say so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def run(script: str, eval_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SEARCHKIT_EVAL": str(eval_dir)}
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_ingest_without_the_data_says_so(tmp_path: Path) -> None:
    # A FileNotFoundError traceback, and $SEARCHKIT_EVAL was not read (QA).
    done = run(
        "ingest.py",
        tmp_path,
        "--pages",
        "10",
        "--no-baselines",
        "--workdir",
        str(tmp_path / "work"),
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"no test collection at {tmp_path / 'ir' / 'ap88'}")


def test_extraction_reads_the_scorer_in_searchkit_eval(tmp_path: Path) -> None:
    # The default was /work/shared/eval/score_extraction.py, wherever the data was (QA).
    done = run("extraction.py", tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"no scorer at {tmp_path / 'score_extraction.py'}")
    (tmp_path / "score_extraction.py").write_text(
        "def load_split(split):\n    raise SystemExit(f'fake scorer: {split}')\n"
    )
    assert run("extraction.py", tmp_path).stderr == "fake scorer: dev\n"
