"""HTTP query parameters → the arguments of ``Archive.search``.

The options are read off ``Archive.search``'s signature and parsed by their type hints, so every
search option the library has (and any it gains: facets, collapsing, …) is on the HTTP API too,
under the same name, without a second list to keep in step (issue 7). ``q`` is the query.

Supported hints: ``str``, ``int``, ``float``, ``bool`` (``1/true/yes/on``, ``0/false/no/off``),
``date`` (``YYYY-MM-DD``), ``date | str`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, passed on as
text; the library checks it), ``Literal[...]``, their ``X | None`` forms, and sequences of
``str`` (repeat the parameter: ``site=a&site=b``) or of a ``Literal`` (repeat it or separate
values with commas), also as ``str | Sequence[str]`` (``site``, ``author``) and as
``bool | Sequence[...]`` (``facets=1`` for all). An option of any other type is not offered
over HTTP. An empty value (as an HTML form sends for a blank field) counts as not given.

>>> query, options = parse_search({"q": ["aleppo"], "limit": ["5"], "since": ["2016-11"]})
>>> query, options["limit"], options["since"]
('aleppo', 5, '2016-11')
"""

from __future__ import annotations

import collections.abc
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, Union

from searchkit.archive import Archive

QUERY_PARAMETER = "q"

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_SEQUENCES = {
    tuple,
    list,
    set,
    frozenset,
    collections.abc.Sequence,
    collections.abc.Iterable,
    collections.abc.Collection,
    collections.abc.Set,
}


class BadParameter(Exception):
    """A query parameter is unknown, repeated or not of its option's type (HTTP 400)."""

    def __init__(self, message: str, *, parameter: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class Option:
    """One search option as offered over HTTP: its name and how to read its values."""

    name: str
    read: Callable[[list[str]], Any]
    default: Any


def parse_search(params: Mapping[str, Sequence[str]]) -> tuple[str, dict[str, Any]]:
    """The query and the keyword arguments for ``Archive.search`` from query parameters.

    ``params`` maps each parameter name to all its values, in order (what
    ``starlette.datastructures.QueryParams`` gives as ``{k: params.getlist(k)}``). Raises
    ``BadParameter`` for a missing ``q``, an unknown parameter or a value of the wrong type.
    """
    options = parse_options(params, Archive.search, apart=QUERY_PARAMETER)
    query = single(QUERY_PARAMETER, list(params.get(QUERY_PARAMETER, [])))
    if query is None:
        raise BadParameter("the q parameter (the query) is required", parameter=QUERY_PARAMETER)
    return query, options


def parse_options(
    params: Mapping[str, Sequence[str]], method: Callable[..., Any], *, apart: str = ""
) -> dict[str, Any]:
    """The keyword arguments for ``method`` (``Archive.search``, ``Archive.similar``,
    ``Archive.stats``) from query parameters, less the one its caller reads ``apart`` (``q``,
    ``id``). Raises ``BadParameter`` for an unknown parameter or a value of the wrong type."""
    known = options_of(method)
    named = sorted({apart, *known} - {""})
    unknown = sorted(set(params) - set(named))
    if unknown:
        accepted = "known: " + ", ".join(named) if named else "it takes none"
        raise BadParameter(f"unknown parameter {unknown[0]!r}; {accepted}", parameter=unknown[0])
    options: dict[str, Any] = {}
    for name, values in params.items():
        if name in known:
            value = known[name].read(list(values))
            if value is not None:
                options[name] = value
    return options


def search_options() -> dict[str, Option]:
    """Every keyword option of ``Archive.search`` that can be read from a query string."""
    return options_of(Archive.search)


@cache
def options_of(method: Callable[..., Any]) -> dict[str, Option]:
    """Every keyword option of ``method`` that can be read from a query string."""
    hints = typing.get_type_hints(method)
    options: dict[str, Option] = {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        read = _reader(parameter.name, hints.get(parameter.name))
        if read is not None:
            options[parameter.name] = Option(parameter.name, read, parameter.default)
    return options


def _reader(name: str, hint: Any) -> Callable[[list[str]], Any] | None:
    """How to read an option's values (a list option takes them all); None when its type
    can't."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        present = [arg for arg in args if arg is not type(None)]
        if {date, str} <= set(present):  # since/until: text the library reads and checks
            return _reader(name, str)
        if len(present) == 2 and bool in present:  # facets: true for all, or names
            return _flag_or(name, next(arg for arg in present if arg is not bool))
        many = [arg for arg in present if typing.get_origin(arg) in _SEQUENCES]
        if len(present) == 2 and str in present and many:  # site/author: one name or several
            return _reader(name, many[0])
        return _reader(name, present[0]) if len(present) == 1 else None
    if origin in _SEQUENCES and args:
        if args[0] is not str and typing.get_origin(args[0]) is not Literal:
            return None
        convert_each = _converter(name, args[0])
        assert convert_each is not None  # str and Literal always have one
        make = list if origin is list else tuple
        commas = args[0] is not str  # choices may be listed with commas; a name may hold one

        def read_many(values: list[str]) -> Any:
            items = [part.strip() for v in values for part in (v.split(",") if commas else [v])]
            kept = [convert_each(part) for part in items if part]
            return make(kept) if kept else None

        return read_many
    convert = _converter(name, hint)
    if convert is None:
        return None

    def read_one(values: list[str]) -> Any:
        value = single(name, values)
        return None if value is None else convert(value)

    return read_one


def _flag_or(name: str, hint: Any) -> Callable[[list[str]], Any] | None:
    """Reads ``1``/``true``/… or ``0``/``false``/… as a bool, other values as ``hint``."""
    read_other = _reader(name, hint)
    if read_other is None:
        return None

    def read_flag_or_other(values: list[str]) -> Any:
        flag = values[0].strip().lower() if len(values) == 1 else ""
        if flag in _TRUE | _FALSE:
            return flag in _TRUE
        try:
            return read_other(values)
        except BadParameter as error:  # "facets must be one of site, …" left out true (QA)
            raise BadParameter(f"{error}, or true or false", parameter=name) from None

    return read_flag_or_other


def _converter(name: str, hint: Any) -> Callable[[str], Any] | None:
    if typing.get_origin(hint) is Literal:
        choices = [str(choice) for choice in typing.get_args(hint)]

        def choice(value: str) -> str:
            if value not in choices:
                raise BadParameter(f"{name} must be one of {', '.join(choices)}", parameter=name)
            return value

        return choice
    if hint is bool:
        return lambda value: _boolean(name, value)
    if hint is int:
        return lambda value: _integer(name, value)
    if hint is float:
        return lambda value: _number(name, value)
    if hint is date:
        return lambda value: _date(name, value)
    if hint is str:
        return lambda value: value
    return None


def single(name: str, values: list[str]) -> str | None:
    """The one value of a parameter (None if not given or blank); ``BadParameter`` if given
    twice. A blank value is not given, beside another too (QA: ``since=&since=2016``)."""
    given = [value for value in values if value.strip()]
    if len(given) > 1:
        raise BadParameter(f"{name} is given more than once", parameter=name)
    return given[0] if given else None


def says_yes(value: str) -> bool:
    """Whether a yes-or-no parameter's value says yes, as the options read it (``1``,
    ``true``, ``yes``, ``on``; any case, spaces around)."""
    return value.strip().lower() in _TRUE


def _boolean(name: str, value: str) -> bool:
    flag = value.strip().lower()  # spaces around, as says_yes and facets read them (QA)
    if flag in _TRUE:
        return True
    if flag in _FALSE:
        return False
    raise BadParameter(f"{name} must be true or false, not {value!r}", parameter=name)


def _integer(name: str, value: str) -> int:
    # Digits as written, not all Python's int() takes: "1_0", " 10", "１０" (QA).
    if not _INTEGER.fullmatch(value):
        raise BadParameter(f"{name} must be a whole number, not {value!r}", parameter=name)
    most = sys.get_int_max_str_digits()  # int() reads no more (QA: a 500 and a traceback)
    if most and len(value) > most:
        raise BadParameter(f"{name} has more than {most:,} digits", parameter=name)
    return int(value)  # its range is the library's to check (OptionError, with the same words)


def _number(name: str, value: str) -> float:
    if not _NUMBER.fullmatch(value):  # not "1_0", "inf" or "nan" either
        raise BadParameter(f"{name} must be a number, not {value!r}", parameter=name)
    return float(value)


def _date(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            f"{name} must be a date (YYYY-MM-DD), not {value!r}", parameter=name
        ) from None
