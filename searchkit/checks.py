"""Checks of the option values the library API takes (issue 5): each gives the value back as
the type it stands for, or raises ``OptionError`` naming the option, as the CLI refuses it."""

from __future__ import annotations

from numbers import Integral, Number, Real
from pathlib import Path

from searchkit.errors import OptionError


def check_whole(value: object, option: str, low: int, high: int | None = None) -> int:
    """``value`` as an int when it is a whole number (a numpy one too; not True or "5") from
    ``low`` to ``high``."""
    number = int(value) if isinstance(value, Integral) and not isinstance(value, bool) else None
    if number is not None and number >= low and (high is None or number <= high):
        return number
    bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
    kind = "" if number is not None else "a whole number "  # "3" and 2.0 seemed in bounds (QA)
    raise OptionError(f"{option} must be {kind}{bounds}, not {value!r}", option=option)


def check_flag(value: object, option: str) -> bool:
    """``value`` as a bool when it is True or False (a numpy one too, which is no Number):
    ``collapse="no"`` was True (QA)."""
    if isinstance(value, bool) or (not isinstance(value, Number | str) and value in (0, 1)):
        return bool(value)
    raise OptionError(f"{option} must be True or False, not {value!r}", option=option)


def check_seconds(value: object, option: str) -> float:
    """``value`` as a float when it is a number of seconds, 0 or more (not NaN, not True)."""
    seconds = float(value) if isinstance(value, Real) and not isinstance(value, bool) else None
    if seconds is not None and seconds >= 0:  # not NaN
        return seconds
    raise OptionError(f"{option} must be 0 seconds or more, not {value!r}", option=option)


def check_folder(value: str | Path, option: str) -> Path:
    """``value`` as the path of a folder: an empty text is none, though ``Path("")`` is the
    current folder, where an index was written among the user's own files (QA)."""
    if isinstance(value, str) and not value.strip():
        raise OptionError(f"{option} names no folder: it is an empty text", option=option)
    return Path(value)
