"""``searchkit index --prune``: remove the documents whose source is gone (issue 6).

A document whose source file no longer exists is removed, and so is its manifest row.
"""

from __future__ import annotations

import os
from typing import Any

from whoosh.writing import SegmentWriter

from searchkit.sources import file_of
from searchkit.store import Manifest


def remove_gone(searcher: Any, writer: SegmentWriter, manifest: Manifest | None) -> int:
    """Delete documents whose source file no longer exists; returns how many.

    ``searcher`` is ``writer``'s (what the index held when it opened); manifest rows of gone
    files are deleted at once.
    """
    removed = 0
    last_file: str | None = None
    exists = True
    for term in searcher.reader().lexicon("source"):  # a snapshot: deleting is safe
        source = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        path = file_of(source)
        if path is None:
            continue
        if path != last_file:  # the locators of one JSONL/WARC file sort together
            last_file, exists = path, os.path.exists(path)
        if not exists:
            removed += int(writer.delete_by_term("source", source))
    if manifest is not None:
        gone = [s for s in manifest.sources() if not _file_exists(s)]
        manifest.delete(gone)
    return removed


def _file_exists(source: str) -> bool:
    path = file_of(source)
    return path is None or os.path.exists(path)
