"""errors: searchkit's exceptions keep what they carry through pickling and copying."""

from __future__ import annotations

import copy
import pickle

from searchkit import IngestReport
from searchkit.errors import IngestError, OptionError, QueryError


def test_errors_survive_pickling_and_copying() -> None:
    # QueryError and IngestError could not be unpickled: their keyword-only arguments were lost
    # (QA round 5), so neither could an IngestReport with failures.
    query = pickle.loads(pickle.dumps(QueryError("unmatched '('", query="a (", position=2)))
    assert (str(query), query.query, query.position) == ("unmatched '('", "a (", 2)
    report = IngestReport(added=1, failed=(IngestError("gone", source="/feed.jsonl:3"),))
    for again in (pickle.loads(pickle.dumps(report)), copy.deepcopy(report)):
        [failed] = again.failed
        assert (str(failed), failed.source, failed.reason) == (
            "/feed.jsonl:3: gone",
            "/feed.jsonl:3",
            "gone",
        )
    option = pickle.loads(pickle.dumps(OptionError("limit must be at least 1", option="limit")))
    assert isinstance(option, ValueError) and option.option == "limit"


class _Subclassed(QueryError):
    pass


def test_an_error_keeps_its_class_and_attributes_through_pickling() -> None:
    error = _Subclassed("bad", query="a", position=0)
    error.note = "added later"
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is _Subclassed and again.note == "added later" and again.query == "a"
