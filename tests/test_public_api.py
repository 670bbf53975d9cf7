"""The public surface is deliberate: __all__ is sorted and lists exactly the public names."""

from __future__ import annotations

import types

import pytest

import scrapers
import searchkit


@pytest.mark.parametrize("package", [searchkit, scrapers], ids=["searchkit", "scrapers"])
def test_all_is_sorted_and_complete(package: types.ModuleType) -> None:
    public = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    exported = [name for name in package.__all__ if name != "__version__"]
    assert package.__all__ == sorted(package.__all__)
    assert set(exported) == public


@pytest.mark.parametrize("package", [searchkit, scrapers], ids=["searchkit", "scrapers"])
def test_every_public_name_has_a_docstring(package: types.ModuleType) -> None:
    for name in package.__all__:
        if name != "__version__":
            assert getattr(package, name).__doc__, name
