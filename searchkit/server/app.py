"""The Starlette application: routes over one shared Archive, JSON errors, the search page.

Handlers are plain (sync) functions run on worker threads, at most ``threads`` at once, so
searches run side by side on the Archive's per-search searchers (issue 7) while the event loop
stays free to read and write sockets.
"""

from __future__ import annotations

import logging
import re
import socket
import typing
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

import anyio
import anyio.to_thread
import jinja2
import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from searchkit import __version__
from searchkit.archive import Archive
from searchkit.errors import (
    ArchiveError,
    DocumentNotFound,
    OptionError,
    QueryError,
    SearchkitError,
)
from searchkit.render import names
from searchkit.results import SearchResults
from searchkit.server.options import (
    QUERY_PARAMETER,
    BadParameter,
    parse_options,
    parse_search,
    says_yes,
    search_options,
    single,
)
from searchkit.server.page import PageView, article_href, page_view, web_url
from searchkit.sources import brief, printable

TEMPLATES = Path(__file__).parent / "templates"

#: Facets the search page asks for when ``Archive.search`` takes ``facets`` and the URL has none.
PAGE_FACETS = ("site",)

#: Requests handled at once. Searching is CPU-bound Python, so more threads add no throughput
#: under the GIL; they only share the CPU more thinly and starve the event loop, which then takes
#: requests in unevenly. benchmarks/serve.py --batch 0 (50 clients, 2 cores), p95/p99: 40 threads
#: (Starlette's default) 2.9/4.2 s, 4 threads 2.5/5.3 s, 2 threads 1.3/1.4 s, 1 thread 1.5/1.6 s,
#: all at 40-46 requests/s (issue 7).
DEFAULT_THREADS = 2

#: How long an idle connection is kept open. Longer than the idle expiry of common clients
#: (httpx: 5 s) so that the client, not the server, closes an idle connection: with uvicorn's
#: default of 5 s, a client could send a request on a connection the server was closing at that
#: moment, and see it fail (benchmarks/serve.py, issue 7). nginx's default is 75 s too.
KEEP_ALIVE_SECONDS = 75

#: The page runs no script and loads nothing from elsewhere; should any archive text ever slip
#: past escaping, the browser still refuses to run it.
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(archive: Archive, *, threads: int = DEFAULT_THREADS) -> Starlette:
    """The ASGI app serving ``archive``: JSON API and search page. The caller closes the archive.

    ``threads`` is the number of requests handled at once; the others wait their turn.

    >>> import tempfile
    >>> with Archive(tempfile.mkdtemp()) as archive:
    ...     print(*[route.path for route in create_app(archive).routes][:6])
    / /search /similar /similar/{id:path} /articles /articles/{id:path}
    """
    if threads < 1:
        raise ValueError("threads must be at least 1")
    endpoints = _Endpoints(archive)
    limiter = anyio.CapacityLimiter(threads)
    # A re-ranked search keeps both cores busy for most of a second (QA: three clients asking
    # for it took the median of other searches from 28 ms to 1.27 s, queued behind them). They
    # take turns on a thread of their own, so the others keep theirs.
    reranking = anyio.CapacityLimiter(1)

    def threaded(
        handler: Callable[[Request], Response],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            chosen = reranking if _reranks(request) else limiter
            return await anyio.to_thread.run_sync(handler, request, limiter=chosen)

        return endpoint

    return Starlette(
        routes=[
            Route("/", threaded(endpoints.page), methods=["GET"]),
            Route("/search", threaded(endpoints.search), methods=["GET"]),
            Route("/similar", threaded(endpoints.similar), methods=["GET"]),
            Route("/similar/{id:path}", threaded(endpoints.similar), methods=["GET"]),
            Route("/articles", threaded(endpoints.article), methods=["GET"]),
            Route("/articles/{id:path}", threaded(endpoints.article), methods=["GET"]),
            Route("/read", threaded(endpoints.read), methods=["GET"]),
            Route("/read/{id:path}", threaded(endpoints.read), methods=["GET"]),
            Route("/stats", threaded(endpoints.stats), methods=["GET"]),
            Route("/healthz", threaded(endpoints.healthz), methods=["GET"]),
        ],
        exception_handlers={
            HTTPException: _http_error,
            BadParameter: _bad_parameter,
            QueryError: _bad_query,
            ArchiveError: _index_unavailable,
            Exception: _internal_error,
        },
    )


def serve(
    archive: Archive,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    threads: int = DEFAULT_THREADS,
) -> None:
    """Serve ``archive`` over HTTP until interrupted (loopback only unless ``host`` says).

    Raises ``OSError`` (naming the address) when it cannot listen there: uvicorn logged the
    error between its start-up lines and exited with status 3 (QA round 5).
    """
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):  # IPv6, as the server prints it (QA)
        host = host[1:-1]
    if not host:  # was ":8765: Name or service not known"
        raise OptionError("the host is empty: give an address, such as 127.0.0.1", option="host")
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]  # IPv4 or 6
        listening = socket.create_server((host, port), family=family)
    except OSError as error:
        error.filename = f"{host}:{port}"  # the CLI prints "Error: host:port: <reason>"
        raise
    config = uvicorn.Config(
        create_app(archive, threads=threads),
        host=host,
        port=port,
        log_level="info",
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    # Given a socket, uvicorn does not say where it listens.
    name = f"[{host}]" if ":" in host else host  # an IPv6 address is bracketed in a URL
    where = f"http://{name}:{listening.getsockname()[1]}/"
    logging.getLogger("uvicorn.error").info("Serving on %s (press Ctrl-C to stop)", where)
    with listening:
        uvicorn.Server(config).run(sockets=[listening])


class _Endpoints:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,  # every piece of archive text is HTML-escaped (issue 7)
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def search(self, request: Request) -> Response:
        """``GET /search``: ``SearchResults.to_dict()``, the JSON of ``searchkit search --json``."""
        query, options = parse_search(_multi(request))
        return JSONResponse(self._search(query, options).to_dict())

    def similar(self, request: Request) -> Response:
        """``GET /similar/{id}`` or ``/similar?id=…``: ``Archive.similar(id).to_dict()``, the
        JSON of ``searchkit similar --json``."""
        options = parse_options(_multi(request), Archive.similar, apart="id")
        doc_id = _doc_id(request)
        try:
            results = self._library(self.archive.similar, doc_id, **options)
        except DocumentNotFound:
            return _error(404, "not_found", f"no article with id {doc_id!r}")
        return JSONResponse(results.to_dict())

    def article(self, request: Request) -> Response:
        """``GET /articles/{id}`` or ``/articles?id=…``: the stored article and its id, or 404.
        Another parameter is refused, as by ``/search``: ``/articles/https://x/a?page=2&b=1``
        is the id ``…/a`` with ``page`` and ``b`` (an address to percent-encode), not a
        lookup of ``…/a?page=2&b=1``."""
        parse_options(_multi(request), Archive.get, apart="id")
        doc_id = _doc_id(request)
        held = self.archive.id_of(doc_id)
        article = self.archive.get(held) if held is not None else None
        if held is None or article is None:
            return _error(404, "not_found", f"no article with id {doc_id!r}")
        # Its own id, not the one asked for: a URL asked with its #fragment names it (QA).
        return JSONResponse({"id": held, **article.to_dict()})

    def stats(self, request: Request) -> Response:
        """``GET /stats``: documents, sites, date range and size of the index."""
        parse_options(_multi(request), Archive.stats)
        return JSONResponse(self.archive.stats().to_dict())

    def healthz(self, request: Request) -> Response:
        """``GET /healthz``: the server is up and its index answers."""
        return JSONResponse(
            {"status": "ok", "documents": len(self.archive), "version": __version__}
        )

    def page(self, request: Request) -> Response:
        """``GET /``: the search page; with ``q``, one page of results."""
        # The parameters as GET /search reads them (a filter given twice keeps hits of either),
        # less blank values: an HTML form sends its empty boxes, and a blank value is not given.
        unreadable: BadParameter | None = None
        try:
            given = _multi(request)
        except BadParameter as error:  # text that is not UTF-8: said on the page, not in JSON
            given, unreadable = {}, error
        # Parameters the page does not know are passed over, not refused as by /search: a
        # shared link carries a tracker's (fbclid, utm_source), and showed an error (QA).
        known = {QUERY_PARAMETER, *search_options()}
        params = {
            name: kept
            for name, values in given.items()
            if name in known and (kept := [value for value in values if value.strip()])
        }
        # The page lists each value of a filter in force with a link that removes it, and facet
        # links set filters. A filter (since, site, …) narrows the hits and by default does not:
        # None. An option with another default shows them differently (limit, sort, collapse):
        # a list of exceptions to keep in step had missed collapse (review).
        filterable = {
            name: option for name, option in search_options().items() if option.default is None
        }
        root = _root(request)
        view = PageView(params=params, root=root)
        status = 200
        if unreadable is not None:
            view = PageView(params=params, root=root, error=str(unreadable), searched=True)
            status = 400
        elif params.get("q"):
            try:
                query, options = parse_search(params)
                if "facets" in search_options() and "facets" not in options:
                    options["facets"] = PAGE_FACETS
                try:
                    view = page_view(self._search(query, options), params, filterable, root=root)
                except QueryError:
                    # A person at a search box wants results: search the words they typed,
                    # and say so, rather than only reporting the syntax error (STYLE 12).
                    if "lenient" not in search_options() or options.get("lenient"):
                        raise
                    results = self._search(query, {**options, "lenient": True})
                    view = page_view(results, params, filterable, root=root)  # it warns why
            except (BadParameter, SearchkitError) as error:
                view = PageView(params=params, root=root, error=str(error), searched=True)
                status = 503 if isinstance(error, ArchiveError) else 400  # as the API answers
        try:
            stats = self.archive.stats() if not view.searched else None
        except ArchiveError as error:  # the index gone: a page, not the API's JSON (QA)
            return self._error_page(root, error, 503)
        return self._search_page(view, status, stats)

    def read(self, request: Request) -> Response:
        """``GET /read/{id}`` or ``/read?id=…``: the stored article as a page, or a 404 page;
        an error page for a bad id parameter or an index gone (they were JSON: QA)."""
        root = _root(request)
        try:
            doc_id = _doc_id(request)
            article = self.archive.get(doc_id)
        except BadParameter as error:
            return self._error_page(root, error, 400)
        except ArchiveError as error:
            return self._error_page(root, error, 503)
        meta = []
        if article is not None:
            published = article.published.isoformat()[:10] if article.published else ""
            meta = [part for part in (article.site, published, names(article.authors)) if part]
        body = self.templates.get_template("article.html").render(
            view=PageView(params={}, root=root),
            sorts=_choices("sort"),
            article=article,
            doc_id=doc_id,
            meta=meta,
            web_url=web_url(article.url) if article is not None else "",
            json_href=root + article_href(doc_id),
        )
        status = 200 if article is not None else 404
        return HTMLResponse(body, status_code=status, headers=_PAGE_HEADERS)

    def _error_page(self, root: str, error: Exception, status: int) -> Response:
        """The search page saying ``error``, with ``status``."""
        view = PageView(params={}, root=root, error=str(error), searched=True)
        return self._search_page(view, status)

    def _search_page(self, view: PageView, status: int, stats: Any = None) -> Response:
        body = self.templates.get_template("search.html").render(
            view=view, stats=stats, sorts=_choices("sort")
        )
        return HTMLResponse(body, status_code=status, headers=_PAGE_HEADERS)

    def _search(self, query: str, options: dict[str, Any]) -> SearchResults:
        return self._library(self.archive.search, query, **options)

    @staticmethod
    def _library(method: Callable[..., SearchResults], *args: Any, **options: Any) -> SearchResults:
        try:
            return method(*args, **options)
        except OptionError as error:
            # Every argument came from the request: a value the library refuses (page=0, an
            # unknown facet field) is the client's mistake, not the server's.
            raise BadParameter(str(error), parameter=error.option) from error


def _reranks(request: Request) -> bool:
    """Whether a request asks for re-ranking (``rerank=1``, ``true``, …)."""
    return any(says_yes(value) for value in request.query_params.getlist("rerank"))


def _doc_id(request: Request) -> str:
    """The id in the path (``/read/{id}``) or else in the query (``/read?id=…``), which, as in
    ``/search``, is given once (review: ``/read/?id=X`` was the path's id ''). The page links
    by the query: a browser resolves ``.`` and ``..`` in a path, ``%2e`` too, so no quoting
    keeps ``/read/..`` from becoming ``/``."""
    path_id = request.path_params.get("id")
    raw_path = bytes(request.scope.get("raw_path") or b"").decode("latin-1")
    if path_id and _NOT_UTF8.search(unquote(raw_path, errors="surrogateescape")):
        # Starlette made its bytes U+FFFD, as it did the query's: a 404 for "caf\ufffd" (QA)
        raise BadParameter(
            "the id in the path is not UTF-8: percent-encode it as UTF-8 (café is caf%C3%A9)",
            parameter="id",
        )
    doc_id = path_id or single("id", _multi(request).get("id", []))
    if not doc_id:
        raise BadParameter("the id parameter (the article's id) is required", parameter="id")
    return str(doc_id)


def _root(request: Request) -> str:
    """The path the app is mounted at (ASGI ``root_path``: ``/archive`` when a host app mounts
    it there), for the page's links, which went to the host's ``/`` and ``/read`` (review). Its
    leading slashes are one: links to ``//evil.example/…`` led to another site (review)."""
    path = str(request.scope.get("root_path", "")).strip("/")
    return quote("/" + path) if path else ""


def _multi(request: Request) -> dict[str, list[str]]:
    """The query string's parameters, each with its values. Raises ``BadParameter`` for text
    that is not UTF-8, naming the parameter: Starlette made ``q=caf%E9`` (Latin-1) "caf\ufffd",
    which found nothing and said nothing (QA)."""
    raw = bytes(request.scope.get("query_string", b"")).decode("latin-1")
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(raw, keep_blank_values=True, errors="surrogateescape"):
        if _NOT_UTF8.search(name + value):
            shown = printable(name)
            raise BadParameter(
                f"the {shown} parameter is not UTF-8: percent-encode its text as UTF-8 (café is "
                "caf%C3%A9)",
                parameter=shown,
            )
        params.setdefault(name, []).append(value)
    return params


#: What ``surrogateescape`` makes of bytes that are not UTF-8.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def _choices(name: str) -> tuple[str, ...]:
    """The values of a ``Literal`` option such as ``sort``, for the page's select box."""
    hint = typing.get_type_hints(Archive.search).get(name)
    return tuple(str(choice) for choice in typing.get_args(hint))


def _error(
    status: int,
    code: str,
    message: str,
    headers: typing.Mapping[str, str] | None = None,
    **context: Any,
) -> JSONResponse:
    """Errors are JSON: ``{"error": {"code", "message", ...context}}`` with the HTTP status.
    The message is cut as the CLI's ``Error:`` line is: one quoting a value of 5,000 digits
    ran to 5 KB (QA)."""
    body = {"error": {"code": code, "message": brief(message), **context}}
    return JSONResponse(body, status, headers=headers)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    # The exception's headers matter: a 405 carries the Allow header.
    return _error(error.status_code, code, str(error.detail), error.headers, path=request.url.path)


async def _bad_parameter(request: Request, error: Exception) -> Response:
    assert isinstance(error, BadParameter)
    return _error(400, "bad_parameter", str(error), parameter=error.parameter)


async def _bad_query(request: Request, error: Exception) -> Response:
    assert isinstance(error, QueryError)
    return _error(400, "bad_query", str(error), query=error.query, position=error.position)


async def _index_unavailable(request: Request, error: Exception) -> Response:
    # The index went bad under a running server (its pointer or files damaged): say so, as
    # the CLI does, rather than "internal_error" and a traceback in the log (QA).
    return _error(503, "index_unavailable", str(error))


async def _internal_error(request: Request, error: Exception) -> Response:
    return _error(500, "internal_error", "the server failed to answer; see its log")
