"""Shared fixtures for the scrapers tests: the owned HTML pages and the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
SEED = ROOT / "seeds" / "000_e63184a7a477ae46.txt"


@pytest.fixture
def page():
    """Read a fixture page by file name, as text."""

    def read(name: str) -> str:
        return (PAGES / name).read_text(encoding="utf-8")

    return read


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
