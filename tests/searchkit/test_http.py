"""The HTTP API and search page, through httpx against a real uvicorn on loopback (issue 7)."""

from __future__ import annotations

import html as htmllib
import inspect
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.routing import Mount
from typer.testing import CliRunner

from scrapers import Article, extract
from searchkit import Archive, SearchResults, rerank
from searchkit.cli import app as cli
from searchkit.server import create_app
from searchkit.server.app import DEFAULT_THREADS
from searchkit.server.options import search_options
from searchkit.server.page import page_view

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_e63184a7a477ae46.txt"
SEED_TITLE = "Aleppo could witness one of the worst massacres since World War Two, France warns"
SCRIPT = "<script>alert(1)</script>"

ARTICLES = [
    Article(
        title="Aleppo siege enters fifth month",
        body="Civilians fled east Aleppo as the descent into hell continued.",
        authors=("Jane Doe",),
        published=date(2016, 11, 29),
        site="The Independent",
        url="https://independent.example/aleppo-siege",
    ),
    Article(
        title="Bakers strike in Lyon",
        body="Bakers in Lyon walked out over pay. Aleppo was not mentioned by anyone.",
        authors=("Marie Curie",),
        published=date(2017, 1, 10),
        site="Lyon Daily",
        url="https://lyon.example/bakers?id=7&lang=fr",
    ),
    Article(
        title=f"Hostile {SCRIPT} headline",
        body=f"An Aleppo report that quotes markup: {SCRIPT} and <b>bold</b> & more.",
        site=f"Evil {SCRIPT} Site",
        url="javascript:alert(1)",
    ),
]


@contextmanager
def running(
    archive: Archive, *, under: str = "", root_path: str = "", threads: int = DEFAULT_THREADS
) -> Iterator[str]:
    """A real uvicorn serving ``archive`` on a free loopback port, in a thread; yields its URL.

    With ``under``, the app is mounted at that path in a host app, as ``Mount`` would embed it;
    ``root_path`` is uvicorn's ``--root-path`` (a proxy in front took that prefix off).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(archive, threads=threads)
    host = Starlette(routes=[Mount(under, app=app)]) if under else app
    config = uvicorn.Config(host, log_level="warning", lifespan="off", root_path=root_path)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("http") / "index"
    with Archive(path) as archive:
        archive.add(extract(SEED.read_bytes()), source=str(SEED))
        archive.add_many(ARTICLES)
    return path


@pytest.fixture(scope="module")
def archive(index: Path) -> Iterator[Archive]:
    with Archive(index, create=False) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(archive: Archive) -> Iterator[httpx.Client]:
    with running(archive) as url, httpx.Client(base_url=url, timeout=10) as http:
        yield http


# -- JSON API ---------------------------------------------------------------------------------


def test_healthz(client: httpx.Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["documents"] == 4


def test_search_is_the_cli_json(client: httpx.Client, index: Path) -> None:
    response = client.get("/search", params={"q": "aleppo massacre", "limit": 3})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    printed = CliRunner().invoke(
        cli, ["search", "aleppo massacre", "--limit", "3", "--json", "--index", str(index)]
    )
    assert response.json() == json.loads(printed.stdout)
    assert response.json()["hits"][0]["title"] == SEED_TITLE


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"q": "aleppo", "site": "the independent"}, ["Aleppo siege enters fifth month"]),
        ({"q": "aleppo", "author": "Marie Curie"}, ["Bakers strike in Lyon"]),
        ({"q": "aleppo", "since": "2017-01-01"}, ["Bakers strike in Lyon"]),
        ({"q": "aleppo", "until": "2016-12-31"}, ["Aleppo siege enters fifth month"]),
        (
            {"q": "aleppo", "sort": "newest", "since": "2016-01-01"},
            ["Bakers strike in Lyon", "Aleppo siege enters fifth month"],
        ),
        ({"q": '"bakers walked', "lenient": "true"}, ["Bakers strike in Lyon"]),
        ({"q": "aleppo", "site": "", "author": ""}, None),  # blank form fields are ignored
    ],
    ids=["site", "author", "since", "until", "sort", "lenient", "blank"],
)
def test_search_options(
    client: httpx.Client, archive: Archive, params: dict[str, str], titles: list[str] | None
) -> None:
    data = client.get("/search", params=params).json()
    got = [hit["title"] for hit in data["hits"]]
    assert got == (titles if titles is not None else [h.title for h in archive.search("aleppo")])


def test_rerank_is_the_cli_rerank(client: httpx.Client, index: Path) -> None:
    response = client.get("/search", params={"q": "aleppo siege", "rerank": "1"})
    printed = CliRunner().invoke(
        cli, ["search", "aleppo siege", "--rerank", "--json", "--index", str(index)]
    )
    assert response.json() == json.loads(printed.stdout)
    plain = client.get("/search", params={"q": "aleppo siege"}).json()
    assert [hit["score"] for hit in response.json()["hits"]] != [
        hit["score"] for hit in plain["hits"]
    ]


def test_a_slow_rerank_holds_up_no_other_search(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # QA: re-ranked searches took every thread, and other searches waited behind them. They
    # take turns on one of their own; here the server has one thread besides.
    started, release = threading.Event(), threading.Event()
    real = rerank.rerank

    def slow(*args: Any) -> Any:
        started.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(rerank, "rerank", slow)
    with running(archive, threads=1) as url, ThreadPoolExecutor(2) as pool:
        asked = {"q": "aleppo", "rerank": "1"}
        pending = [pool.submit(httpx.get, url + "/search", params=asked) for _ in range(2)]
        assert started.wait(10)
        try:
            plain = httpx.get(url + "/search", params={"q": "aleppo"}, timeout=5)
            assert plain.status_code == 200 and plain.json()["total"] == 4
        finally:
            release.set()
        assert [future.result().status_code for future in pending] == [200, 200]


def test_facets_1_counts_every_facet_as_the_flag_does(client: httpx.Client) -> None:
    every = client.get("/search", params={"q": "aleppo", "facets": "1"}).json()["facets"]
    assert list(every) == ["site", "author", "month"]
    named = client.get("/search", params={"q": "aleppo", "facets": "site"}).json()["facets"]
    assert named == {"site": every["site"]}


def test_a_repeated_site_keeps_the_documents_of_any_of_them(client: httpx.Client) -> None:
    params = [("q", "aleppo"), ("site", "lyon daily"), ("site", "the independent")]
    found = client.get("/search", params=params).json()
    assert sorted(hit["site"] for hit in found["hits"]) == ["Lyon Daily", "The Independent"]


def test_paging(client: httpx.Client) -> None:
    first = client.get("/search", params={"q": "aleppo", "limit": 2}).json()
    second = client.get("/search", params={"q": "aleppo", "limit": 2, "page": 2}).json()
    assert first["total"] == second["total"] == 4
    assert (len(first["hits"]), len(second["hits"]), second["page"]) == (2, 2, 2)
    assert {h["id"] for h in first["hits"]}.isdisjoint(h["id"] for h in second["hits"])


def test_every_search_option_is_offered() -> None:
    keyword = {
        name
        for name, p in inspect.signature(Archive.search).parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    assert set(search_options()) == keyword


@pytest.mark.parametrize(
    ("params", "code", "parameter"),
    [
        ({}, "bad_parameter", "q"),
        ({"q": "aleppo", "limit": "ten"}, "bad_parameter", "limit"),
        ({"q": "aleppo", "limit": "5000"}, "bad_parameter", "limit"),
        ({"q": "aleppo", "page": "0"}, "bad_parameter", "page"),
        ({"q": "aleppo", "limit": "0"}, "bad_parameter", "limit"),
        ({"q": "aleppo", "limit": "-1"}, "bad_parameter", "limit"),
        ({"q": "aleppo", "since": "2017", "until": "2016"}, "bad_parameter", "until"),
        ({"q": "aleppo", "since": "0000"}, "bad_parameter", "since"),
        ({"q": "aleppo", "sort": "random"}, "bad_parameter", "sort"),
        ({"q": "aleppo", "since": "2016-13-01"}, "bad_parameter", "since"),
        ({"q": "aleppo", "lenient": "maybe"}, "bad_parameter", "lenient"),
        ({"q": "aleppo", "colour": "red"}, "bad_parameter", "colour"),
        ({"q": "aleppo", "limit": ["1", "2"]}, "bad_parameter", "limit"),
        # int() took these: 1_0 was 10 (QA).
        ({"q": "aleppo", "limit": "1_0"}, "bad_parameter", "limit"),
        ({"q": "aleppo", "page": "\uff12"}, "bad_parameter", "page"),
        # int() refuses more digits than 4,300: a 500 and a traceback (QA).
        ({"q": "aleppo", "page": "9" * 5_000}, "bad_parameter", "page"),
        ({"q": "aleppo", "limit": "9" * 5_000}, "bad_parameter", "limit"),
    ],
    ids=[
        "no-q",
        "limit-word",
        "limit-big",
        "page-0",
        "limit-0",
        "limit-negative",
        "until-before-since",
        "year-0",
        "sort",
        "date",
        "bool",
        "unknown",
        "twice",
        "underscore",
        "fullwidth",
        "page-digits",
        "limit-digits",
    ],
)
def test_bad_parameters_are_400(
    client: httpx.Client, params: dict[str, str | list[str]], code: str, parameter: str
) -> None:
    response = client.get("/search", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["parameter"]) == (code, parameter)
    assert error["message"]


def test_a_query_string_that_is_not_utf8_is_400(client: httpx.Client) -> None:
    # q=caf%E9 (Latin-1) was searched as "caf\ufffd": nothing found, nothing said (QA).
    response = client.get("/search?q=caf%E9")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["parameter"]) == ("bad_parameter", "q")
    assert error["message"].startswith("the q parameter is not UTF-8")
    assert client.get("/search?q=caf%C3%A9").status_code == 200
    # Each parameter is named, and an id is checked too: it was a 404 for "caf\ufffd" (review).
    sort = client.get("/search?q=x&sort=%E9").json()["error"]
    assert (sort["parameter"], sort["message"][:36]) == (
        "sort",
        "the sort parameter is not UTF-8: per",
    )
    read = client.get("/read?id=caf%E9")
    assert read.status_code == 400 and "the id parameter is not UTF-8" in read.text
    # In the path too: it became "caf\ufffd", a 404 (QA).
    for path in ("/articles/caf%E9", "/read/caf%E9"):
        response = client.get(path)
        assert response.status_code == 400 and "the id in the path is not UTF-8" in response.text
    assert client.get("/articles/caf%EF%BF%BD").status_code == 404  # a real U+FFFD: asked for


def test_bad_query_is_400_with_position(client: httpx.Client) -> None:
    response = client.get("/search", params={"q": '"descent into'})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "bad_query",
        "message": "unbalanced quote at position 1",
        "query": '"descent into',
        "position": 0,
    }


@pytest.mark.parametrize(
    ("q", "status"),
    [
        ("NOT NOT bakers", 200),
        ("aleppo -NOT bakers", 200),
        ("published:[2017 TO ]", 200),
        ("published:[ TO ]", 400),
        ("(" * 500 + "aleppo" + ")" * 500, 400),
    ],
    ids=["not-not", "minus-not", "open-range", "no-bounds", "deep"],
)
def test_query_syntax_is_never_a_500(client: httpx.Client, q: str, status: int) -> None:
    # IndexError, "'' is not a parseable date" and RecursionError were HTTP 500 (QA bugs 1-3).
    response = client.get("/search", params={"q": q})
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"]["code"] == "bad_query"


@pytest.mark.parametrize(
    "path",
    [
        "/articles/https://independent.example/aleppo-siege",
        "/articles/https%3A%2F%2Findependent.example%2Faleppo-siege",
        # The id as asked was answered, #fragment and spaces too (QA round 4).
        "/articles?id=https://independent.example/aleppo-siege%23top",
        "/articles?id=%20https://independent.example/aleppo-siege%20",
    ],
    ids=["plain", "encoded", "fragment", "spaces"],
)
def test_article_by_url_id(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == {
        "id": "https://independent.example/aleppo-siege",
        **ARTICLES[0].to_dict(),
    }


def test_article_id_with_a_query_string(client: httpx.Client) -> None:
    response = client.get("/articles/https://lyon.example/bakers%3Fid=7&lang=fr")
    assert response.json()["title"] == "Bakers strike in Lyon"


def test_unknown_article_is_404(client: httpx.Client) -> None:
    response = client.get("/articles/https://nowhere.example/x")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_similar_is_the_json_of_the_cli(client: httpx.Client, index: Path) -> None:
    # More like this was in the library and the CLI only (QA).
    doc_id = "https://independent.example/aleppo-siege"
    args = ["similar", doc_id, "--limit", "1", "--json", "--index", str(index)]
    printed = json.loads(CliRunner().invoke(cli, args).stdout)
    assert printed["hits"][0]["title"] == SEED_TITLE
    for path in (f"/similar?id={doc_id}&limit=1", f"/similar/{doc_id}?limit=1"):
        response = client.get(path)
        assert (response.status_code, response.json()) == (200, printed)
    args[2:2] = ["--page", "2"]
    second = json.loads(CliRunner().invoke(cli, args).stdout)
    assert second["page"] == 2
    assert client.get(f"/similar?id={doc_id}&limit=1&page=2").json() == second


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/similar/https://nowhere.example/x", 404, "not_found"),
        ("/similar", 400, "bad_parameter"),
        ("/similar?id=https://independent.example/aleppo-siege&limit=0", 400, "bad_parameter"),
        ("/similar?id=https://independent.example/aleppo-siege&q=aleppo", 400, "bad_parameter"),
    ],
)
def test_similar_errors(client: httpx.Client, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


@pytest.mark.parametrize("endpoint", ["/articles", "/read"])
def test_an_id_is_in_the_path_or_else_the_query(client: httpx.Client, endpoint: str) -> None:
    # /read/?id=X was a 404 for the id '' of the path (review).
    doc_id = "https://independent.example/aleppo-siege"
    for path in (f"{endpoint}?id={doc_id}", f"{endpoint}/?id={doc_id}"):
        assert client.get(path).status_code == 200, path
    both = client.get(f"{endpoint}/{doc_id}", params={"id": "https://nowhere.example/x"})
    assert both.status_code == 200  # the path's id, when there is one


@pytest.mark.parametrize("endpoint", ["/articles", "/read"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "the id parameter (the article's id) is required"),
        ("?id=", "the id parameter (the article's id) is required"),
        ("?id=a&id=b", "id is given more than once"),
    ],
    ids=["none", "blank", "twice"],
)
def test_a_missing_or_repeated_id_is_400(
    client: httpx.Client, endpoint: str, query: str, message: str
) -> None:
    # No id was a 404 "no article with id ''", and a second id quietly won (review).
    for path in (endpoint + query, endpoint + "/" + query):
        response = client.get(path)
        assert response.status_code == 400, path
        if endpoint == "/read":  # a page: it said so in JSON (QA)
            assert message in response.text.replace("&#39;", "'")
            continue
        assert response.json()["error"] == {
            "code": "bad_parameter",
            "message": message,
            "parameter": "id",
        }


@pytest.mark.parametrize(
    ("path", "message"),
    [
        # An address's own query, not percent-encoded, was dropped: the article without it.
        (
            "/articles/https://independent.example/aleppo-siege?page=2",
            "unknown parameter 'page'; known: id",
        ),
        ("/stats?verbose=1", "unknown parameter 'verbose'; it takes none"),
    ],
)
def test_unknown_parameters_are_refused(client: httpx.Client, path: str, message: str) -> None:
    # /search refused them, /articles and /stats passed over them (QA).
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == message


def test_unknown_path_and_method_are_json(client: httpx.Client) -> None:
    missing = client.get("/nowhere")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    posted = client.post("/search")
    assert (posted.status_code, posted.json()["error"]["code"]) == (405, "method_not_allowed")
    assert "GET" in posted.headers["allow"]


def test_stats(client: httpx.Client, archive: Archive) -> None:
    response = client.get("/stats")
    assert response.status_code == 200
    assert response.json() == archive.stats().to_dict()
    assert response.json()["documents"] == 4


def test_a_running_server_sees_new_commits(tmp_path: Path) -> None:
    with Archive(tmp_path / "ix") as served, running(served) as url:
        assert httpx.get(f"{url}/search", params={"q": "ferries"}).json()["total"] == 0
        with Archive(tmp_path / "ix") as writer:
            writer.add(Article(title="Ferries", body="Ferries stopped.", url="u:f"))
        assert httpx.get(f"{url}/search", params={"q": "ferries"}).json()["total"] == 1


def test_concurrent_requests_while_another_archive_commits(tmp_path: Path) -> None:
    with Archive(tmp_path / "ix") as served, running(served) as url:
        with Archive(tmp_path / "ix") as writer:
            writer.add(Article(title="Ferry 0", body="Ferries stopped.", url="u:0"))

            def ask(n: int) -> tuple[int, int]:
                response = httpx.get(f"{url}/search", params={"q": "ferries", "page": 1 + n % 2})
                return response.status_code, response.json()["total"]

            with ThreadPoolExecutor(max_workers=8) as pool:
                answers = pool.map(ask, range(80))
                for n in range(1, 6):
                    writer.add(Article(title=f"Ferry {n}", body="Ferries stopped.", url=f"u:{n}"))
                answered = list(answers)
        assert all(status == 200 and 1 <= total <= 6 for status, total in answered)
        assert httpx.get(f"{url}/search", params={"q": "ferries"}).json()["total"] == 6


# -- the search page --------------------------------------------------------------------------


def test_page_without_query_is_a_form(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<form action="/" method="get"' in response.text
    assert "4 documents from 3 sites" in response.text


def test_page_lists_ranked_hits_with_marks(client: httpx.Client) -> None:
    html = client.get("/", params={"q": "descent hell"}).text
    assert "Aleppo siege enters fifth month" in html
    assert "<mark>descent</mark> into <mark>hell</mark>" in html
    assert '<time datetime="2016-11-29">' in html and "The Independent" in html
    assert 'href="https://independent.example/aleppo-siege"' in html
    assert 'value="descent hell"' in html  # the query stays in the box


def test_page_paginates(client: httpx.Client) -> None:
    html = client.get("/", params={"q": "aleppo", "limit": "1", "page": "2"}).text
    assert 'start="2"' in html and "showing 2–2" in html
    assert 'href="?q=aleppo&amp;limit=1&amp;page=3" rel="next"' in html
    assert 'href="?q=aleppo&amp;limit=1&amp;page=1" rel="prev"' in html
    assert '<strong aria-current="page">2</strong>' in html


@pytest.mark.parametrize(
    ("page", "shown"), [(1, [1, 2, 3, 4, 20]), (10, [1, 7, 8, 9, 10, 11, 12, 13, 20])]
)
def test_page_links_reach_the_first_and_the_last_page(page: int, shown: list[int]) -> None:
    # Page 1 of 5 showed "1 2 3 4 Next": no link to the last page, nor from it to the first (QA).
    results = SearchResults(query="x", total=200, hits=(), page=page, limit=10)
    view = page_view(results, {"q": ["x"]}, {}, root="")
    assert [int(link.text) for link in view.pages] == shown
    assert [link.current for link in view.pages].index(True) == shown.index(page)


@pytest.mark.parametrize(("limit", "last"), [("1", 4), ("10", 1)])
def test_a_page_past_the_end_links_back(client: httpx.Client, limit: str, last: int) -> None:
    # "No hits on this page (4 in all)" and no link to any page (QA round 4).
    html = client.get("/", params={"q": "aleppo", "limit": limit, "page": "99"}).text
    assert "No hits on this page (4 in all)" in html
    assert f'href="?q=aleppo&amp;limit={limit}&amp;page={last}" rel="prev"' in html
    assert f'<a href="?q=aleppo&amp;limit={limit}&amp;page={last}">{last}</a>' in html
    assert 'rel="next"' not in html


def test_page_shows_the_warnings(client: httpx.Client) -> None:
    # A bounded wildcard and a query of stop words said so in JSON, not on the page.
    html = client.get("/", params={"q": "the"}).text
    assert '<p class="notice">nothing to search: stop words (the, of, to, …)' in html


def test_page_shows_filters_that_can_be_removed(client: httpx.Client) -> None:
    html = client.get("/", params={"q": "aleppo", "site": "Lyon Daily"}).text
    assert "Bakers strike in Lyon" in html and "Aleppo siege" not in html
    assert 'href="?q=aleppo" title="Remove this filter">site: Lyon Daily' in html


def test_page_lists_no_display_option_as_a_filter(client: httpx.Client) -> None:
    # collapse=0 was listed as a filter in force (review): it changes how hits show, not which.
    shown = [("collapse", "0"), ("limit", "5"), ("sort", "newest"), ("feedback", "false")]
    shown += [("lenient", "true"), ("facets", "site"), ("page", "1")]
    html = client.get("/", params=[("q", "aleppo"), ("site", "Lyon Daily"), *shown]).text
    [filters] = re.findall(r'<p class="filters">(.*?)</p>', html, flags=re.DOTALL)
    assert re.findall(r">([^<>]*) ✕</a>", filters) == ["site: Lyon Daily"]
    kept = "collapse=0&amp;limit=5&amp;sort=newest&amp;feedback=false&amp;lenient=true"
    assert f'href="?q=aleppo&amp;{kept}&amp;facets=site" title="Remove this filter"' in filters


def test_page_takes_every_value_of_a_filter_as_the_api_does(client: httpx.Client) -> None:
    # The page searched the last site only (QA round 4) while /search keeps hits of either.
    params = [("q", "aleppo"), ("site", "lyon daily"), ("site", "the independent"), ("limit", "1")]
    html = client.get("/", params=params).text
    api = client.get("/search", params=params).json()
    assert api["total"] == 2 and "2 documents match" in html
    both = "site=lyon+daily&amp;site=the+independent"
    assert f'href="?q=aleppo&amp;{both}&amp;limit=1&amp;page=2" rel="next"' in html
    # Each value is a filter of its own, removed alone, and a box of the form.
    remove = 'title="Remove this filter">site:'
    assert f'href="?q=aleppo&amp;site=the+independent&amp;limit=1" {remove} lyon daily' in html
    assert f'href="?q=aleppo&amp;site=lyon+daily&amp;limit=1" {remove} the independent' in html
    assert 'name="site" size="14" value="lyon daily"' in html
    assert 'name="site" size="14" value="the independent"' in html
    facets = [("q", "aleppo"), ("facets", "site"), ("facets", "author")]  # not a filter: all
    html = client.get("/", params=facets).text
    assert "<h2>site</h2>" in html and "<h2>author</h2>" in html


class SentForm(HTMLParser):
    """The fields a browser sends when the page's form is submitted as the page filled it in."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.select = ""
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {name: value or "" for name, value in attrs}
        if tag == "input" and "name" in given:
            if given.get("type") == "checkbox" and "checked" not in given:
                return  # an unticked box sends nothing
            value = given.get("value", "")
            if given.get("type") == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                value = ""  # a date box holds a day or nothing: it drops any other value
            if value and "pattern" in given:  # a box that breaks its pattern stops the submit
                assert re.fullmatch(given["pattern"], value), (given, value)
            self.fields.append((given["name"], value))
        elif tag == "select":
            self.select = given["name"]
        elif tag == "option" and "selected" in given:
            self.fields.append((self.select, given["value"]))


@pytest.mark.parametrize(
    "dates",
    [{"since": "2016-11", "until": "2016-11"}, {"since": "2017"}, {"until": "2016-11-29"}],
    ids=["month", "year", "day"],
)
def test_page_form_keeps_the_dates_when_sent_again(
    client: httpx.Client, dates: dict[str, str]
) -> None:
    # A month facet link sets since=2016-11; the form's date boxes dropped it, and searching
    # again from the form searched every date (review).
    params = {"q": "aleppo", **dates}
    page = client.get("/", params=params).text
    sent = SentForm(page).fields
    assert {name: value for name, value in sent if value} == {**params, "sort": "relevance"}
    summary = re.compile(r'<p class="summary">[^<]*</p>')
    again = client.get("/", params=sent).text
    assert summary.findall(again) == summary.findall(page) != []


@pytest.mark.parametrize("ticked", [(), ("rerank",), ("feedback", "rerank")])
def test_page_form_keeps_the_ranking_options_when_sent_again(
    client: httpx.Client, ticked: tuple[str, ...]
) -> None:
    # The form had no box for rerank or feedback: searching again from it dropped them (QA).
    params = {"q": "aleppo siege", **dict.fromkeys(ticked, "true")}
    page = client.get("/", params=params).text
    sent = {name: value for name, value in SentForm(page).fields if value}
    assert sent == {"q": "aleppo siege", "sort": "relevance", **dict.fromkeys(ticked, "1")}
    again = client.get("/search", params=sent).json()
    assert again == client.get("/search", params=params).json()


def test_page_form_keeps_what_the_links_keep_when_sent_again(client: httpx.Client) -> None:
    # Facets and limit were kept in every link but not by the form: changing the sort dropped
    # them (web page QA). A search sent again from the form is its page 1.
    params = {"q": "aleppo", "facets": "author,month", "limit": "5", "page": "2"}
    sent = [(name, value) for name, value in SentForm(client.get("/", params=params).text).fields]
    assert ("facets", "author,month") in sent and ("limit", "5") in sent
    assert all(name != "page" for name, _ in sent)
    # Not a value the search refused: kept, it failed every search sent again (review).
    refused = client.get("/", params={"q": "aleppo", "limit": "5000"})
    assert refused.status_code == 400
    assert all(name != "limit" for name, _ in SentForm(refused.text).fields)


@pytest.mark.parametrize("path", ["/search", "/"])
def test_a_blank_value_beside_a_given_one_counts_as_not_given(
    client: httpx.Client, path: str
) -> None:
    # The API answered 400 "since is given more than once" where the page searched (QA).
    params = [("q", ""), ("q", "aleppo"), ("since", ""), ("since", "2016"), ("limit", "")]
    assert client.get(path, params=params).status_code == 200
    assert client.get("/articles", params=[("id", ""), ("id", "nothing-here")]).status_code == 404


def test_page_reports_a_date_given_twice_as_the_api_does(client: httpx.Client) -> None:
    params = [("q", "aleppo"), ("since", "2016"), ("since", "2017")]
    assert client.get("/search", params=params).status_code == 400
    response = client.get("/", params=params)
    assert response.status_code == 400 and "since is given more than once" in response.text


def test_page_searches_the_words_of_a_malformed_query(client: httpx.Client) -> None:
    response = client.get("/", params={"q": '"<i>bakers walked'})
    assert response.status_code == 200
    html = response.text
    assert (
        "searched &#39;&lt;i&gt;bakers walked&#39; instead: unbalanced quote at position 1." in html
    )
    assert "Bakers strike in Lyon" in html
    assert "<i>" not in html


def test_page_reports_a_query_with_nothing_to_search(client: httpx.Client) -> None:
    response = client.get("/", params={"q": "NOT AND"})
    assert response.status_code == 400
    assert '<p class="error" role="alert">' in response.text


def test_page_reports_a_bad_parameter(client: httpx.Client) -> None:
    response = client.get("/", params={"q": "aleppo", "since": "<b>yesterday"})
    assert response.status_code == 400
    assert "since: &#39;&lt;b&gt;yesterday&#39; is not a date" in response.text
    latin1 = client.get("/?q=caf%E9")  # answered in JSON (QA)
    assert latin1.status_code == 400 and latin1.headers["content-type"].startswith("text/html")
    assert "the q parameter is not UTF-8" in latin1.text
    too_long = client.get("/", params={"q": "aleppo", "page": "9" * 5_000})  # a 500 (QA)
    assert too_long.status_code == 400 and "page has more than 4,300 digits" in too_long.text


def test_page_shows_a_hits_authors(client: httpx.Client) -> None:
    # The byline was in no hit (QA): on the page, after the site, as in the CLI's list.
    html = client.get("/", params={"q": '"siege enters"'}).text
    assert (
        '<bdi class="site">The Independent</bdi> · <bdi class="authors">Jane Doe</bdi>'
        in " ".join(html.split())
    )


def test_page_says_when_nothing_matches(client: httpx.Client) -> None:
    assert "No documents match <strong>zeppelin</strong>" in client.get("/?q=zeppelin").text


def test_archive_text_is_escaped_on_the_page(client: httpx.Client) -> None:
    response = client.get("/", params={"q": "hostile aleppo markup"})
    html = response.text
    assert "Hostile &lt;script&gt;alert(1)&lt;/script&gt; headline" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; Site" in html
    # Each piece of archive text is isolated, so right-to-left text cannot reorder the rest.
    assert "<bdi>Hostile &lt;script&gt;" in html and '<bdi class="site">Evil &lt;' in html
    assert "<script" not in html and "<b>" not in html
    assert 'href="javascript:' not in html  # an archived javascript: URL is not a link
    assert "script-src" not in response.headers["content-security-policy"]  # none may run


def test_read_page_shows_the_stored_article(client: httpx.Client) -> None:
    response = client.get("/read/https://independent.example/aleppo-siege")
    assert response.status_code == 200
    html = response.text
    assert "<h2>Aleppo siege enters fifth month</h2>" in html
    # Each part isolated, as on the search page: a right-to-left name flipped its neighbours.
    assert "<bdi>The Independent</bdi> · <bdi>2016-11-29</bdi> · <bdi>Jane Doe</bdi>" in html
    assert "<p>Civilians fled east Aleppo as the descent into hell continued.</p>" in html
    assert '<a href="https://independent.example/aleppo-siege">original page</a>' in html
    assert '<a href="/articles?id=https://independent.example/aleppo-siege">JSON</a>' in html


def test_read_page_escapes_archive_text(client: httpx.Client, archive: Archive) -> None:
    doc_id = archive.search("hostile").hits[0].id
    response = client.get(f"/read/{doc_id}")
    html = response.text
    assert "<h2>Hostile &lt;script&gt;alert(1)&lt;/script&gt; headline</h2>" in html
    assert "<script" not in html and 'href="javascript:' not in html
    assert "content-security-policy" in response.headers


def test_read_page_of_unknown_id_is_404(client: httpx.Client) -> None:
    response = client.get("/read/<b>nowhere</b>")
    assert response.status_code == 404
    assert "No article with id <code>&lt;b&gt;nowhere&lt;/b&gt;</code>" in response.text


def test_page_passes_over_parameters_it_does_not_know(client: httpx.Client) -> None:
    # A shared link's tracker (fbclid, utm_source) showed an error page, not the results (QA).
    response = client.get("/", params={"q": "bakers", "fbclid": "IwAR0", "utm_source": "x"})
    assert response.status_code == 200 and "Bakers strike in Lyon" in response.text
    assert "fbclid" not in response.text
    assert client.get("/search", params={"q": "bakers", "fbclid": "x"}).status_code == 400


def test_hits_link_to_the_read_page(client: httpx.Client) -> None:
    html = client.get("/", params={"q": "bakers"}).text
    stored = "/read?id=https://lyon.example/bakers%3Fid%3D7%26lang%3Dfr"  # the id, quoted
    assert f'<a href="{stored}">stored text</a>' in html
    assert client.get(stored).status_code == 200


def browse(page: str, href: str) -> str:
    """``href`` (as the page writes it) resolved on ``page`` as a browser does: ``.`` and ``..``
    path segments are dropped, and ``%2e`` in a path is a dot too (WHATWG URL)."""
    path, mark, query = htmllib.unescape(href).partition("?")
    return urljoin(page, re.sub("%2e", ".", path, flags=re.IGNORECASE) + mark + query)


@pytest.mark.parametrize(
    "doc_id",
    [".", "..", "https://dots.example/a/../b", "https://dots.example/./b", "a/%2e%2E/b"],
    ids=["dot", "dot-dot", "url-dot-dot", "url-dot", "quoted-dots"],
)
def test_page_links_reach_an_id_with_dot_segments(tmp_path: Path, doc_id: str) -> None:
    # /read/.. is / in a browser, and /read/https://dots.example/a/../b is .../b (review).
    with Archive(tmp_path / "ix") as archive:
        archive.add(Article(title="Dotted", body="Zeppelins over the harbour.", url=doc_id))
        with running(archive) as url:
            page = f"{url}/?q=zeppelins"
            [stored] = re.findall(r'<a href="([^"]*)">stored text</a>', httpx.get(page).text)
            read = httpx.get(browse(page, stored))
            assert read.status_code == 200 and "<h2>Dotted</h2>" in read.text
            [json_href] = re.findall(r'<a href="([^"]*)">JSON</a>', read.text)
            assert httpx.get(browse(str(read.url), json_href)).json()["id"] == doc_id


def test_page_links_stay_under_the_path_the_app_is_mounted_at(archive: Archive) -> None:
    # Mounted at /archive in a host app, the page linked to the host's / and /read/… (review).
    with running(archive, under="/archive") as url:
        page = f"{url}/archive/?q=aleppo&site=lyon+daily&site=the+independent&limit=1&page=2"
        html = httpx.get(page).text
        [stored] = re.findall(r'<a href="([^"]*)">stored text</a>', html)
        read = browse(page, stored)
        links = {
            browse(base, href)
            for base in (page, read)
            for href in re.findall(r'(?:href|action)="([^"]*)"', httpx.get(base).text)
            if not href.startswith("https://")  # an article's own page, elsewhere
        }
        assert len(links) >= 5  # home, form, stored text, facet, filter, JSON
        for link in links:
            assert link.startswith(f"{url}/archive/"), link
            assert httpx.get(link).status_code == 200, link


def test_page_links_stay_on_the_site_under_a_root_path_of_two_slashes(archive: Archive) -> None:
    # A root path of //evil.example gave links to //evil.example/…: another site (review).
    with running(archive, root_path="//evil.example") as url:
        page = f"{url}/?q=bakers"
        html = httpx.get(page).text
        read = httpx.get(f"{url}/read?id=https://lyon.example/bakers%3Fid%3D7%26lang%3Dfr").text
    hrefs = re.findall(r'(?:href|action)="([^"]*)"', html + read)
    local = [href for href in hrefs if not href.startswith("https://")]
    assert len(local) >= 4  # home, form, stored text, JSON
    for href in local:
        assert browse(page, href).startswith(f"{url}/"), href  # not http://evil.example/


def test_api_keeps_archive_text_as_data(client: httpx.Client) -> None:
    hit = client.get("/search", params={"q": "hostile"}).json()["hits"][0]
    assert hit["title"] == f"Hostile {SCRIPT} headline"  # JSON, not HTML: no escaping here


def test_cli_serve_starts_a_server(index: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "searchkit", "serve", "--index", str(index)]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz")
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        assert response.json()["documents"] == 4
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
    assert f"http://127.0.0.1:{port}" in output  # loopback unless told otherwise
    # SIGTERM stops it cleanly, as a service manager expects: not "Error: terminated", 143.
    assert process.returncode == 0 and "Error" not in output


def test_cli_serve_on_a_port_in_use_fails_with_one_line(index: Path) -> None:
    # uvicorn logged the error among its start-up lines and exited with status 3 (QA round 5).
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "searchkit", "serve", "--index", str(index)]
        done = subprocess.run(
            [*command, "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 1 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(f"Error: 127.0.0.1:{port}: ") and "in use" in line


def test_serve_refuses_an_empty_host_in_words(index: Path) -> None:
    command = [sys.executable, "-m", "searchkit", "serve", "--index", str(index), "--host", " "]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == "Error: the host is empty: give an address, such as 127.0.0.1\n"


def _ipv6_loopback() -> bool:
    try:
        with socket.create_server(("::1", 0), family=socket.AF_INET6):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here")
def test_cli_serve_listens_on_an_ipv6_address(index: Path) -> None:
    # "Address family for hostname not supported": the socket was made IPv4 (review).
    command = [sys.executable, "-m", "searchkit", "serve", "--index", str(index)]
    # In brackets, as the server prints it: "[::1]: Name or service not known" (QA).
    process = subprocess.Popen(
        [*command, "--host", "[::1]", "--port", "0"], stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()  # the first: where it serves
        port = int(line.split("http://[::1]:")[1].split("/")[0])
        assert httpx.get(f"http://[::1]:{port}/healthz").json()["status"] == "ok"
    finally:
        process.terminate()
        process.communicate(timeout=10)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_page_in_headless_chromium(client: httpx.Client, tmp_path: Path) -> None:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    url = f"{client.base_url}/?q=Aleppo"
    dom = subprocess.run(
        ["chromium", *flags, "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path)},
        check=True,
    ).stdout
    assert SEED_TITLE in dom and "<mark>Aleppo</mark>" in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # shown as text, never run


# -- facets and "did you mean", in whatever shape the results carry them -----------------------


@dataclass(frozen=True)
class ResultsWithExtras(SearchResults):
    """SearchResults whose to_dict() has the keys another branch adds (facets, suggestion)."""

    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), **self.extras}


class ArchiveWithExtras(Archive):
    def __init__(self, path: Path, extras: dict[str, Any]) -> None:
        super().__init__(path, create=False)
        self.extras = extras

    def search(self, query: str, **options: Any) -> SearchResults:
        plain = super().search(query, **options)
        return ResultsWithExtras(**vars(plain), extras=self.extras)


SITE_FACETS = [
    {"site": [{"value": "Lyon Daily", "count": 1}, {"value": "The Independent", "count": 1}]},
    {"site": {"Lyon Daily": 1, "The Independent": 1}},
    [{"field": "site", "values": [["Lyon Daily", 1], ["The Independent", 1]]}],
]


@pytest.mark.parametrize("facets", SITE_FACETS, ids=["dicts", "mapping", "list-of-fields"])
def test_page_facet_links_filter(index: Path, facets: Any) -> None:
    with ArchiveWithExtras(index, {"facets": facets}) as archive, running(archive) as url:
        html = httpx.get(f"{url}/", params={"q": "aleppo"}).text
        assert (
            '<a href="?q=aleppo&amp;site=Lyon+Daily">Lyon Daily</a> <span class="count">1' in html
        )
        filtered = httpx.get(f"{url}/", params={"q": "aleppo", "site": "Lyon Daily"}).text
        assert (
            '<a href="?q=aleppo" class="current" title="Remove this filter">Lyon Daily' in filtered
        )


def test_page_facet_links_narrow_to_a_value_or_remove_it(index: Path) -> None:
    # A link that added its value to those given took the hits of either: more than its count.
    facets = {"author": {"Jane Doe": 1, "Marie Curie": 1}}
    params = [("q", "aleppo"), ("author", "jane doe")]
    params += [("site", "lyon daily"), ("site", "the independent")]
    with ArchiveWithExtras(index, {"facets": facets}) as archive, running(archive) as url:
        html = httpx.get(f"{url}/", params=params).text
    sites = "site=lyon+daily&amp;site=the+independent"
    removed = f'<a href="?q=aleppo&amp;{sites}" class="current" title="Remove this filter">'
    assert removed + "Jane Doe" in html
    narrowed = f"?q=aleppo&amp;author=Marie+Curie&amp;{sites}"
    assert f'<a href="{narrowed}">Marie Curie</a>' in html


def test_page_facet_in_force_typed_without_its_accents_is_marked(index: Path) -> None:
    # site=el pais kept El País's stories, but its facet was not marked in force (QA).
    facets = {"author": {"Émilie Lefèvre": 1, "Jane Doe": 1}}
    params = [("q", "aleppo"), ("author", "emilie lefevre")]
    with ArchiveWithExtras(index, {"facets": facets}) as archive, running(archive) as url:
        html = httpx.get(f"{url}/", params=params).text
    removed = '<a href="?q=aleppo" class="current" title="Remove this filter">'
    assert removed + "Émilie Lefèvre" in html


def test_page_facet_of_a_name_with_no_word_is_no_link(index: Path) -> None:
    # Its link searched site=+++, which is an error: a 400 page (QA round 5).
    facets = {"site": {"+++": 2, "Lyon Daily": 1}, "language": {"—": 1}}
    with ArchiveWithExtras(index, {"facets": facets}) as archive, running(archive) as url:
        html = httpx.get(f"{url}/", params={"q": "aleppo"}).text
    assert "<li>+++ <span" in html and "<li>— <span" in html
    assert '<a href="?q=aleppo&amp;site=Lyon+Daily">Lyon Daily</a>' in html


def test_page_facets_of_other_fields_narrow_the_query(index: Path) -> None:
    facets = {"language": {"en": 2}, "mood": {"<grim>": 1}}
    with ArchiveWithExtras(index, {"facets": facets}) as archive, running(archive) as url:
        html = httpx.get(f"{url}/", params={"q": "aleppo"}).text
    assert 'href="?q=aleppo+language%3A%22en%22">en</a>' in html
    assert "<li>&lt;grim&gt; <span" in html  # no option, no field: shown, escaped, not a link


@pytest.mark.parametrize(
    "suggestion", ["aleppo <b>", {"query": "aleppo <b>"}], ids=["text", "object"]
)
def test_page_did_you_mean(index: Path, suggestion: Any) -> None:
    with ArchiveWithExtras(index, {"suggestion": suggestion}) as archive, running(archive) as url:
        html = httpx.get(f"{url}/", params={"q": "alepo"}).text
    assert 'Did you mean <a href="?q=aleppo+%3Cb%3E"><em>aleppo &lt;b&gt;</em></a>?' in html


def test_page_ignores_absent_or_odd_extras(index: Path) -> None:
    with (
        ArchiveWithExtras(index, {"facets": "site", "suggestion": None}) as archive,
        running(archive) as url,
    ):
        response = httpx.get(f"{url}/", params={"q": "aleppo"})
    assert response.status_code == 200
    assert "Did you mean" not in response.text and "<aside" not in response.text


def test_page_month_facets_filter_by_dates(index: Path) -> None:
    facets = {"month": {"2016-11": 1}}
    with ArchiveWithExtras(index, {"facets": facets}) as archive, running(archive) as url:
        html = httpx.get(f"{url}/", params={"q": "aleppo"}).text
        assert '<a href="?q=aleppo&amp;since=2016-11&amp;until=2016-11">2016-11</a>' in html
        params = {"q": "aleppo", "since": "2016-11", "until": "2016-11"}
        filtered = httpx.get(f"{url}/", params=params).text
        assert '<a href="?q=aleppo" class="current" title="Remove this filter">2016-11' in filtered


def test_page_lists_the_other_sites_of_a_syndicated_story(tmp_path: Path) -> None:
    body = " ".join(f"Paragraph {n} of the harbour strike story, word for word." for n in range(40))
    with Archive(tmp_path / "ix") as archive:
        archive.add(Article(title="Strike", body=body, site="Gazette", url="https://g.example/1"))
        archive.add(Article(title="Strike", body=body, site="Coastal", url="https://c.example/1"))
        with running(archive) as url:
            html = httpx.get(f"{url}/", params={"q": "harbour"}).text
    assert html.count("<h3>") == 1  # one hit for the two copies
    assert 'also at: <a href="https://' in html and ("Coastal</a>" in html or "Gazette</a>" in html)


def test_an_index_gone_bad_under_the_server_is_a_503_that_says_why(tmp_path: Path) -> None:
    # With its pointer removed while serving, every request was a 500 "internal_error".
    index = tmp_path / "ix"
    with Archive(index) as archive:
        archive.add_many(ARTICLES)
        with running(archive) as url:
            (index / "searchkit.json").unlink()
            response = httpx.get(f"{url}/search", params={"q": "aleppo"}, timeout=10)
            page = httpx.get(f"{url}/", params={"q": "aleppo"}, timeout=10)  # it answered 400
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "index_unavailable" and "searchkit.json is missing" in error["message"]
    assert page.status_code == 503 and "searchkit.json is missing" in page.text


def test_an_index_moved_away_under_the_server_is_a_503_that_says_so(tmp_path: Path) -> None:
    # Moved or deleted while serving: every request was a 500 and a Whoosh traceback (QA).
    index = tmp_path / "ix"
    with Archive(index) as archive:
        archive.add_many(ARTICLES)
        with running(archive) as url:
            index.rename(tmp_path / "moved")
            response = httpx.get(f"{url}/search", params={"q": "aleppo"}, timeout=10)
            health = httpx.get(f"{url}/healthz", timeout=10)
            pages = [httpx.get(f"{url}{path}", timeout=10) for path in ("/", "/read?id=u:1")]
    assert response.status_code == 503 and health.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "index_unavailable" and "is gone (moved or deleted)" in error["message"]
    # The page without a query and the article page answered a browser with JSON (QA).
    for page in pages:
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
        assert "is gone (moved or deleted)" in page.text


def test_an_error_quoting_a_long_value_is_cut(client: httpx.Client) -> None:
    # A since of 5,000 digits was quoted whole: a 5 KB message (QA).
    answer = client.get("/search", params={"q": "aleppo", "since": "9" * 5000})
    assert answer.status_code == 400
    message = answer.json()["error"]["message"]
    assert len(message) <= 300 and message.endswith("…")
