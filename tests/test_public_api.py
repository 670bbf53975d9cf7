"""The public surface is deliberate: __all__ is sorted and lists exactly the public names."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import types

import pytest

import scrapers
import searchkit


@pytest.mark.parametrize("package", [searchkit, scrapers], ids=["searchkit", "scrapers"])
def test_all_is_sorted_and_complete(package: types.ModuleType) -> None:
    public = {  # dir(): searchkit imports its names at their first use
        name
        for name in dir(package)
        if not name.startswith("_") and not isinstance(getattr(package, name), types.ModuleType)
    }
    exported = [name for name in package.__all__ if name != "__version__"]
    assert package.__all__ == sorted(package.__all__)
    assert set(exported) == public


@pytest.mark.parametrize("package", [searchkit, scrapers], ids=["searchkit", "scrapers"])
def test_every_public_name_has_a_docstring(package: types.ModuleType) -> None:
    for name in package.__all__:
        if name != "__version__":
            assert getattr(package, name).__doc__, name


@pytest.mark.parametrize("package", [searchkit, scrapers], ids=["searchkit", "scrapers"])
def test_public_methods_have_docstrings(package: types.ModuleType) -> None:
    for name in package.__all__:
        exported = getattr(package, name)
        if not isinstance(exported, type):
            continue
        for attribute, value in vars(exported).items():
            if attribute.startswith("_"):
                continue
            if isinstance(value, staticmethod | classmethod):
                value = value.__func__
            if callable(value) or isinstance(value, property):
                assert (value.__doc__ or "").strip(), f"{name}.{attribute}"


def _modules(package: types.ModuleType) -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + ".")
        if not info.name.endswith("__main__")
    )


@pytest.mark.parametrize(
    "module", [searchkit.__name__, *_modules(searchkit), scrapers.__name__, *_modules(scrapers)]
)
def test_docstring_examples_run(module: str) -> None:
    # The >>> examples in docstrings are documentation: they must run as written (STYLE 11).
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
