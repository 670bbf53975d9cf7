"""Inputs → pages and records: files, folders (recursive) and JSONL. Reads, never parses HTML.

A ``RawPage`` is one saved page (HTML or a text dump) to be cleaned by the scrapers; a ``Record`` is
one JSONL line, already split into fields. A source that cannot be read becomes an ``IngestError``
in the stream, so one bad file never stops the batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from searchkit.errors import IngestError

#: File suffixes read as pages (HTML or text dumps) and as JSON lines.
PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".txt"})
RECORD_SUFFIXES = frozenset({".jsonl"})


@dataclass(frozen=True)
class RawPage:
    """The bytes of one saved page and where they came from."""

    source: str
    data: bytes
    url: str | None = None


@dataclass(frozen=True)
class Record:
    """One JSONL article: ``{"id"?, "url"?, "title", "body" or "html", "published"?, …}``."""

    source: str
    fields: dict[str, Any]


Item = RawPage | Record | IngestError


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every page and record under ``paths``, in a stable (sorted) order, with errors in line."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in PAGE_SUFFIXES | RECORD_SUFFIXES:
                    yield from _read_file(file)
        elif path.exists():
            yield from _read_file(path)
        else:
            yield IngestError("no such file or folder", source=str(path))


def _read_file(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix not in PAGE_SUFFIXES | RECORD_SUFFIXES:
        yield IngestError(f"unsupported file type '{suffix or path.name}'", source=str(path))
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield _os_error(error, path)
        return
    if suffix in RECORD_SUFFIXES:
        yield from _records(path, data)
    else:
        yield RawPage(source=str(path), data=data)


def _records(path: Path, data: bytes) -> Iterator[Item]:
    for number, line in enumerate(data.splitlines(), start=1):
        source = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield IngestError(f"not valid JSON ({error})", source=source)
            continue
        if not isinstance(fields, dict):
            yield IngestError("a JSONL line must be an object", source=source)
            continue
        yield Record(source=source, fields=fields)


def _os_error(error: OSError, path: Path) -> IngestError:
    failure = IngestError(error.strerror or str(error), source=str(path))
    failure.__cause__ = error
    return failure
