"""The search page's view: results → what the template shows (links, pages, facets, snippets).

Built from ``SearchResults`` and its ``to_dict()``, so keys that only some versions of the
results have (``facets``, ``suggestion``) show when present and are left out when not. Text is
left plain for the template to escape; the one piece of ready HTML is the snippet, made by
``render.snippet_html`` (escaped text, matched words in ``<mark>``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from searchkit.analysis import name_key
from searchkit.render import names, snippet_html
from searchkit.results import Hit, SearchResults
from searchkit.schema import FIELD_ALIASES
from searchkit.server.options import Option, says_yes

#: Page links shown around the current page.
PAGE_WINDOW = 3


@dataclass(frozen=True)
class Link:
    """A link's text and target (``href`` URL-encoded: ``?…`` on the page, or a full path)."""

    text: str
    href: str
    current: bool = False


@dataclass(frozen=True)
class HitView:
    """One result as the page shows it."""

    number: int
    title: str
    href: str
    stored_href: str
    site: str
    authors: str
    date: str
    url: str
    snippet: Markup
    #: The other sites that published the story (syndicated copies): each a link to its page.
    also_at: tuple[Link, ...] = ()


@dataclass(frozen=True)
class FacetView:
    """One facet: its field and a filter link per value."""

    field: str
    values: tuple[tuple[Link, int], ...]


@dataclass(frozen=True)
class PageView:
    """Everything the search page template shows."""

    #: The query parameters, each with its values in order (blank ones left out).
    params: Mapping[str, list[str]]
    #: The path the app is mounted at, before every link to it ("" at the root of the host).
    root: str = ""
    hits: tuple[HitView, ...] = ()
    total: int = 0
    first: int = 0
    last: int = 0
    pages: tuple[Link, ...] = ()
    previous: str = ""
    next: str = ""
    facets: tuple[FacetView, ...] = ()
    suggestion: Link | None = None
    error: str = ""
    warnings: tuple[str, ...] = ()
    searched: bool = False
    filters: tuple[Link, ...] = field(default_factory=tuple)

    def value(self, name: str) -> str:
        """The (first) value of a parameter a box holds one of, such as ``q``; "" if none."""
        return self.params.get(name, [""])[0]

    def flag(self, name: str) -> bool:
        """Whether a yes-or-no parameter (``rerank``) is set, as ``/search`` reads it."""
        return says_yes(self.value(name))


def article_href(doc_id: str) -> str:
    """The URL of ``GET /articles?id=…`` for an id: the id in the query, not the path, where a
    browser resolves a ``.`` or ``..`` segment (``%2e`` too) before asking for it.

    >>> article_href("https://example.com/a/../b?c=1")
    '/articles?id=https://example.com/a/../b%3Fc%3D1'
    """
    return "/articles?id=" + quote(doc_id, safe="/:")


def read_href(doc_id: str) -> str:
    """The URL of the article page, ``GET /read?id=…``, for an id (as ``article_href``)."""
    return "/read?id=" + quote(doc_id, safe="/:")


def web_url(url: str) -> str:
    """``url`` if it is a web address, else "": an archived ``javascript:`` URL is no link."""
    return url if url.lower().startswith(("http://", "https://")) else ""


#: A word character: a site or author filter needs one (QA round 5: the link of a site named
#: "+++" led to an error page).
_WORD = re.compile(r"\w")


def page_view(
    results: SearchResults,
    params: Mapping[str, list[str]],
    filterable: Mapping[str, Option],
    *,
    root: str,
) -> PageView:
    """The view of one page of results; ``filterable`` has the options a facet link may set.

    ``root`` is the path the app is mounted at (``PageView.root``). The page's own links are
    ``?…``, which a browser resolves against the page, wherever it is mounted.
    """
    data = results.to_dict()
    first = (results.page - 1) * results.limit + 1
    hits = tuple(_hit_view(n, hit, root) for n, hit in enumerate(results.hits, start=first))
    page_count = max(1, math.ceil(results.total / results.limit))
    near = min(results.page, page_count)  # a page past the end links back to the last ones
    low = max(1, near - PAGE_WINDOW)
    high = min(page_count, near + PAGE_WINDOW)
    # The first and the last page too: from page 1 of 5 the last was out of reach (QA).
    numbers = sorted({1, page_count, *range(low, high + 1)})
    pages = (
        tuple(
            Link(str(n), _href(params, page=[str(n)]), current=n == results.page) for n in numbers
        )
        if page_count > 1 or results.page > 1
        else ()
    )
    return PageView(
        params=dict(params),
        root=root,
        hits=hits,
        total=results.total,
        first=first if hits else 0,
        last=first + len(hits) - 1 if hits else 0,
        pages=pages,
        previous=_href(params, page=[str(min(results.page - 1, page_count))])
        if results.page > 1
        else "",
        next=_href(params, page=[str(results.page + 1)]) if results.page < page_count else "",
        facets=tuple(_facet_views(data.get("facets"), params, filterable)),
        suggestion=_suggestion(data.get("suggestion"), params),
        warnings=results.warnings,
        searched=True,
        filters=_filters(params, filterable),
    )


def _hit_view(number: int, hit: Hit, root: str) -> HitView:
    stored = root + read_href(hit.id)
    return HitView(
        number=number,
        title=hit.title or "(untitled)",
        href=web_url(hit.url) or stored,
        stored_href=stored,
        site=hit.site,
        authors=names(hit.authors),
        date=hit.published.isoformat()[:10] if hit.published else "",
        url=hit.url,
        snippet=Markup(snippet_html(hit)),  # escaped by snippet_html; only <mark> is markup
        also_at=tuple(
            Link(copy.site or copy.url or copy.id, web_url(copy.url) or root + read_href(copy.id))
            for copy in hit.also_at
        ),
    )


def _href(params: Mapping[str, list[str]], **changes: Sequence[str]) -> str:
    """``?…`` for the current parameters with ``changes`` applied (no values removes one)."""
    merged = {**params, **changes}
    if "page" not in changes:
        merged.pop("page", None)  # a new filter or query starts again at page 1
    return "?" + urlencode([(name, value) for name, values in merged.items() for value in values])


def _without(values: Sequence[str], value: str) -> list[str]:
    """``values`` less ``value`` in any case and accents, as names match (``site=lyon daily``,
    ``site=el pais``: QA)."""
    return [each for each in values if name_key(each) != name_key(value)]


def _facet_views(
    facets: Any, params: Mapping[str, list[str]], filterable: Mapping[str, Option]
) -> Iterable[FacetView]:
    """Whatever shape ``to_dict()["facets"]`` has, as facet views; unknown shapes show nothing.

    A value's link narrows the hits to that value: it becomes the filter of its field (one more
    value of a list option, ``site=a&site=b``, would take the hits of either). The filter takes
    every name holding the value's words ("Thomson Reuters" for "Reuters"), so its hits can
    outnumber the count. A value in force links to the page without it.
    """
    for name, counts in _facet_items(facets):
        values = []
        for value, count in counts:
            given = params.get(name, ())
            current = name_key(value) in {name_key(each) for each in given}
            if not _WORD.search(value):  # "+++" can be no filter nor query: shown, not linked
                href = ""
            elif name == "month" and {"since", "until"} <= filterable.keys():
                # A month is a date filter: since its first day, until its last.
                current = params.get("since") == params.get("until") == [value]
                month = [] if current else [value]
                href = _href(params, since=month, until=month)
            elif name in filterable:
                href = _href(params, **{name: _without(given, value) if current else [value]})
            elif name in FIELD_ALIASES:
                # Not a search option: narrow the query with the field syntax instead.
                query = f'{params.get("q", [""])[0]} {name}:"{value}"'.strip()
                href = _href(params, q=[query])
            else:
                href = ""
            values.append((Link(value, href, current=current), count))
        if values:
            yield FacetView(name, tuple(values))


def _facet_items(facets: Any) -> Iterable[tuple[str, list[tuple[str, int]]]]:
    """``(field, [(value, count), ...])`` from the shapes a facets dict is likely to take."""
    if isinstance(facets, Mapping):
        items: Iterable[tuple[Any, Any]] = facets.items()
    elif isinstance(facets, list):
        items = [
            (f.get("field") or f.get("name"), f.get("counts") or f.get("values") or [])
            for f in facets
            if isinstance(f, Mapping)
        ]
    else:
        return
    for name, counts in items:
        if isinstance(counts, Mapping):
            pairs = list(counts.items())
        elif isinstance(counts, list):
            pairs = [_pair(entry) for entry in counts]
        else:
            continue
        kept = [(str(value), int(count)) for value, count in pairs if value not in (None, "")]
        yield str(name), kept


def _pair(entry: Any) -> tuple[Any, Any]:
    if isinstance(entry, Mapping):
        value = next((entry[k] for k in ("value", "name", "key", "term") if k in entry), None)
        return value, entry.get("count", entry.get("hits", 0))
    if isinstance(entry, list | tuple) and len(entry) == 2:
        return entry[0], entry[1]
    return None, 0


def _suggestion(suggestion: Any, params: Mapping[str, list[str]]) -> Link | None:
    if isinstance(suggestion, Mapping):
        suggestion = suggestion.get("query") or suggestion.get("text")
    if not isinstance(suggestion, str) or not suggestion.strip():
        return None
    return Link(suggestion, _href(params, q=[suggestion]))


def _filters(params: Mapping[str, list[str]], filterable: Mapping[str, Option]) -> tuple[Link, ...]:
    """The filters in force, a link for each value that removes it."""
    return tuple(
        Link(f"{name}: {value}", _href(params, **{name: _without(values, value)}))
        for name, values in params.items()
        if name in filterable
        for value in values
    )
