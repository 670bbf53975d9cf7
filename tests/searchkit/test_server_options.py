"""Query parameters → Archive.search options, by type hint (issue 7).

Options other branches add to Archive.search (facets, collapsing, …) reach the HTTP API through
these readers, so each kind of hint they may use is checked here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Literal

import pytest

from searchkit.server.options import BadParameter, _reader, parse_search

Facet = Literal["site", "author", "year"]


def read(hint: Any, *values: str, name: str = "option") -> Any:
    reader = _reader(name, hint)
    assert reader is not None
    return reader(list(values))


@pytest.mark.parametrize(
    ("hint", "values", "expected"),
    [
        (tuple[str, ...], ["Reuters, Inc.", "AP"], ("Reuters, Inc.", "AP")),
        (Sequence[str], [" Lyon Daily ", ""], ("Lyon Daily",)),
        (list[str], ["site"], ["site"]),
        (Iterable[Facet], ["site,year"], ("site", "year")),
        (Sequence[Facet] | None, [""], None),
        (bool, ["on"], True),
        (bool, ["False"], False),
        (bool | None, [""], None),
        (int | None, ["3"], 3),
        (float, ["0.5"], 0.5),
        (date | None, ["2016-11-29"], date(2016, 11, 29)),
        (Literal["newest", "oldest"], ["oldest"], "oldest"),
        (str | None, ["Lyon Daily"], "Lyon Daily"),
        (str, [], None),
        (bool | Sequence[Facet], ["1"], True),
        (bool | Sequence[Facet], ["off"], False),
        (bool | Sequence[Facet], ["site,year"], ("site", "year")),
        (str | Sequence[str] | None, ["Wire", "Post"], ("Wire", "Post")),
        (str | Sequence[str] | None, [""], None),
    ],
    ids=[
        "tuple",
        "sequence",
        "list",
        "literal-items",
        "blank-list",
        "bool-on",
        "bool-false",
        "blank-bool",
        "int",
        "float",
        "date",
        "literal",
        "str",
        "absent",
        "flag-on",
        "flag-off",
        "flag-or-items",
        "name-or-names",
        "blank-names",
    ],
)
def test_readers(hint: Any, values: list[str], expected: Any) -> None:
    assert read(hint, *values) == expected


@pytest.mark.parametrize(
    ("hint", "values"),
    [
        (Sequence[Facet], ["site,colour"]),
        (int, ["1.5"]),
        (float, ["much"]),
        (bool, ["perhaps"]),
        (date, ["29/11/2016"]),
        (str, ["a", "b"]),
    ],
    ids=["literal-item", "fraction", "float", "bool", "date", "repeated"],
)
def test_bad_values(hint: Any, values: list[str]) -> None:
    with pytest.raises(BadParameter) as raised:
        read(hint, *values, name="option")
    assert raised.value.parameter == "option"


def test_yes_or_no_values_are_read_alike() -> None:
    # facets took " true " and lenient refused it; facets=2 named only the fields (QA).
    assert read(bool, " true ") is True and read(bool | Sequence[Facet], " true ") is True
    with pytest.raises(BadParameter, match=r"must be one of site, author, year, or true or false"):
        read(bool | Sequence[Facet], "2")


@pytest.mark.parametrize(
    "hint",
    [Callable[[int], None], dict[str, int], Sequence[int], int | str],
    ids=["callable", "dict", "ints", "union"],
)
def test_other_types_are_not_offered(hint: Any) -> None:
    assert _reader("option", hint) is None


def test_parse_search_skips_blank_form_fields() -> None:
    query, options = parse_search({"q": ["aleppo"], "site": [""], "sort": ["newest"]})
    assert (query, options) == ("aleppo", {"sort": "newest"})
