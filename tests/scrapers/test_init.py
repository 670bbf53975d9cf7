"""The public surface of scrapers is deliberate: __all__ is sorted and lists every public name."""

from __future__ import annotations

import inspect

import scrapers


def test_all_is_sorted_and_complete() -> None:
    public = {
        name for name, value in vars(scrapers).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert scrapers.__all__ == sorted(scrapers.__all__)
    assert set(scrapers.__all__) == public
