"""The README's Python examples run as written."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_examples_run() -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)  # the examples use paths relative to the project
    try:
        result = doctest.testfile(
            str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
        )
    finally:
        os.chdir(cwd)
    assert result.failed == 0 and result.attempted > 0
