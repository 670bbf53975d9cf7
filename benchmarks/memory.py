"""Memory of `searchkit index` on a million-record input (issue 6: memory stays bounded).

    .venv/bin/python benchmarks/memory.py [--records 100000 --records 1000000] [--workdir DIR]

For each N it writes one JSONL file of N records (the AP 1988 articles of
``../shared/eval/ir/ap88/docs.jsonl.gz``, repeated with new ids, each body cut to its first
``--words`` words so that a million records take minutes, not hours), then runs
``searchkit index FILE`` on a fresh index and prints the process tree's peak RSS, all of it
and the anonymous part (heap: not the memory-mapped index files), sampled from /proc as
``benchmarks/ingest.py`` does. A pipeline that kept anything per record in memory (a list of
pages, of ids, of fingerprints) would show it as anonymous memory growing with N.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaldata import iter_docs
from ingest import BIN, run, size_of


def write_records(path: Path, count: int, words: int) -> None:
    """N records of short AP articles; the articles repeat with new ids past the first 79,923."""
    written, round_ = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < count:
            if round_ and not written:
                raise SystemExit("no AP88 documents to write")
            for doc in iter_docs("ap88"):
                if written >= count:
                    break
                suffix = f"-r{round_}" if round_ else ""
                record = {
                    "id": f"urn:ap88:{doc.id}{suffix}",
                    "title": doc.title,
                    "body": " ".join(doc.text.split()[:words]),
                    "published": doc.published.isoformat() if doc.published else None,
                }
                out.write(json.dumps(record) + "\n")
                written += 1
            round_ += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, action="append", help="input sizes (repeatable)")
    parser.add_argument("--words", type=int, default=60, help="words kept of each body")
    parser.add_argument("--workdir", type=Path, help="where inputs and indexes go (a temp dir)")
    args = parser.parse_args(argv)
    sizes = args.records or [100_000, 1_000_000]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="searchkit-memory-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"inputs and indexes in {workdir}; {os.cpu_count()} cores", flush=True)
    try:
        for count in sizes:
            records = workdir / f"records-{count}.jsonl"
            index = workdir / f"index-{count}"
            if not records.exists():
                write_records(records, count, args.words)
            shutil.rmtree(index, ignore_errors=True)
            print(f"\nN = {count} records ({records.stat().st_size / 2**20:.0f} MiB)", flush=True)
            command = [str(BIN / "searchkit"), "index", str(records), "--index", str(index)]
            seconds, peak, summary = run(command)
            print(
                f"  searchkit index {seconds:8.1f} s {count / seconds:8.1f} records/s"
                f" peak RSS {peak / 2**20:.0f} MiB  index {size_of(index) / 2**20:.0f} MiB"
                f"  {summary}",
                flush=True,
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
