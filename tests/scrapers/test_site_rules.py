from __future__ import annotations

import pytest

from scrapers.extract import site_rule


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://amehnews.com/x", True),
        ("https://www.amehnews.com/x", True),
        ("https://www.vanguardngr.com/2016/11/x/", True),
        ("https://notamehnews.com/x", False),
        ("https://example.com/amehnews.com", False),
        (None, False),
    ],
    ids=["host", "subdomain", "vanguard", "lookalike-host", "in-path", "no-url"],
)
def test_site_rule_lookup(url: str | None, found: bool) -> None:
    assert (site_rule(url) is not None) is found
