"""Shared by the benchmarks: where the evaluation data lives and how to read a collection.

The IR test collections are not part of the project (their licences forbid it): they are read at
run time from ``../shared/eval`` next to the repository, or from ``$SEARCHKIT_EVAL``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("SEARCHKIT_EVAL", ROOT.parent / "shared" / "eval"))
CACHE = Path(
    os.environ.get("SEARCHKIT_BENCH_CACHE", Path(tempfile.gettempdir()) / "searchkit-bench")
)
COLLECTIONS = ("time", "ap88", "cranfield")


@dataclass(frozen=True)
class Doc:
    """One document of a test collection."""

    id: str
    title: str
    text: str
    published: date | None


def collection_dir(name: str) -> Path:
    """The folder of one collection; exits with a clear message when the data is absent."""
    folder = EVAL / "ir" / name
    if not (folder / "docs.jsonl.gz").is_file():
        sys.exit(
            f"no test collection at {folder}: the benchmarks read ../shared/eval/ir/<name>/ "
            "(or $SEARCHKIT_EVAL/ir/<name>/), which is not part of the repository"
        )
    return folder


def iter_docs(name: str) -> Iterator[Doc]:
    """The documents of a collection, in file order."""
    with gzip.open(collection_dir(name) / "docs.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            when = record.get("date")
            yield Doc(
                id=record["id"],
                title=record.get("title") or "",
                text=record.get("text") or "",
                published=date.fromisoformat(when) if when else None,
            )


def read_queries(name: str, split: str) -> list[tuple[str, str]]:
    """``(qid, text)`` pairs of a split (dev, test or all)."""
    filename = "queries.tsv" if split == "all" else f"queries.{split}.tsv"
    pairs = []
    with open(collection_dir(name) / filename, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                qid, text = line.rstrip("\n").split("\t", 1)
                pairs.append((qid, text))
    return pairs


_NOT_WORD = re.compile(r"[^\w.'’]+")


def keywords(text: str) -> str:
    """A topic as a keyword query, the same for every system.

    Lower-cased, so that TIME's upper-case ``AND``/``OR``/``NOT`` are words and not operators,
    and stripped of query syntax (quotes, brackets, ``-``, ``:``) that the topics use as prose.
    """
    words = (w.strip(".'’") for w in _NOT_WORD.split(text.lower()))
    return " ".join(w for w in words if w)


#: The modules that decide what a searchkit index holds and how it is laid out on disk.
INDEX_SOURCES = ("analysis.py", "schema.py", "store.py", "codec.py")


def index_key() -> str:
    """A short hash of the schema version and ``INDEX_SOURCES``: a cached searchkit index is
    rebuilt when it changes."""
    from searchkit import schema

    digest = hashlib.sha256(str(schema.SCHEMA_VERSION).encode())
    for name in INDEX_SOURCES:
        digest.update((ROOT / "searchkit" / name).read_bytes())
    return digest.hexdigest()[:12]
