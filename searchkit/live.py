"""Terms of the documents that are not deleted.

Whoosh's lexicons and document frequencies count deleted documents until their segment is
merged: ``stats`` counted the sites and dates of removed documents, and "did you mean" offered
words only deleted documents had, which then found nothing (QA).
"""

from __future__ import annotations

from typing import Any


def held_live(reader: Any, fieldname: str, term: str | bytes) -> bool:
    """Whether a document that is not deleted holds ``term`` in ``fieldname``. A reader without
    deletions needs no look at the postings (whose matchers leave deleted documents out)."""
    if (fieldname, term) not in reader:  # a term of another field ("did you mean", QA)
        return False
    return not reader.has_deletions() or bool(reader.postings(fieldname, term).is_active())
