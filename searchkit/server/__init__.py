"""searchkit over HTTP: a JSON API and a search page, a thin Starlette shell over one Archive.

    GET /                 the search page (HTML, no JavaScript)
    GET /search?q=…       SearchResults.to_dict(), the JSON of `searchkit search --json`
    GET /articles/{id}    the stored article and its id (ids may be URLs); or /articles?id=…
    GET /read/{id}        the stored article as a page to read (HTML); or /read?id=…
    GET /stats            ArchiveStats.to_dict()
    GET /healthz          {"status": "ok", "documents": N, "version": …}

Errors are JSON, ``{"error": {"code", "message", …}}``, with status 400 for a bad query or
parameter and 404 for an unknown id or path (issue 7).

>>> from searchkit.server import create_app, serve
"""

from searchkit.server.app import create_app, serve

__all__ = ["create_app", "serve"]
