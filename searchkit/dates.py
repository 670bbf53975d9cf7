"""Dates as users give them: a year, a month or a day, for ``--since``/``--until`` and
``published:`` in a query."""

from __future__ import annotations

import calendar
import operator
import re
from datetime import date, datetime

#: ASCII digits: ``\d`` took "١٩٨٨" for 1988 (QA).
_DATE_BOUND = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")


def date_bound(value: date | int | str, *, end: bool = False) -> date:
    """A ``since``/``until`` value as a day: ``2016`` (or the number 2016) and ``2016-11`` mean
    their first day, or with ``end=True`` their last. Raises ``ValueError`` for anything else
    (``searchkit.searcher`` makes that an ``OptionError`` naming the option).

    >>> date_bound("2016-11"), date_bound("2016-11", end=True), date_bound(2016, end=True)
    (datetime.date(2016, 11, 1), datetime.date(2016, 11, 30), datetime.date(2016, 12, 31))
    """
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, bool | str) and hasattr(value, "__index__"):
        value = f"{operator.index(value):04d}"  # a numpy integer too, as limit takes (QA)
    match = _DATE_BOUND.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{value!r} is not a date (no month {month})")
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, day)
    except ValueError as error:  # year 0, or day 31 of a short month
        raise ValueError(f"{value!r} is not a date ({error})") from None
