"""Load test: `searchkit serve` answering many clients while `searchkit index` adds documents.

What issue 7 asks of the server: CLIENTS concurrent clients search for SECONDS seconds while
`searchkit index` runs again and again in a subprocess, each run indexing a batch of freshly
generated HTML pages; no request may fail. Prints requests/s and p50/p95/p99 latency, what the
indexer added, and checks that the running server sees the last batch without a restart.

    .venv/bin/python benchmarks/serve.py [--clients 50] [--seconds 30] [--initial 1000] [--batch 50]

Everything runs on loopback, in a temporary folder that is removed afterwards: the server and
the indexer are the real commands (`python -m searchkit serve|index`), the clients are httpx in
this process. Exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from pathlib import Path

import httpx

SITES = ("The Independent", "Harbour News", "Lyon Daily", "City Wire", "Aleppo Today")
_VOCABULARY = """
aleppo siege civilians ceasefire convoy harbour ferries storm parliament election budget minister
strike bakers markets shares rally hospital doctors refugees border talks treaty drought harvest
farmers river flood bridge railway tunnel museum festival orchestra league striker goal referee
court judge verdict appeal inquiry police protest square crowd mayor council housing rents wages
union factory exports imports currency inflation bank rates
"""
TOPICS = tuple(_VOCABULARY.split())
#: Filler words, drawn by a Zipf law like words in news text, so that a query word matches a
#: few per cent of the pages rather than all of them (a 60-word vocabulary would put every query
#: word in every page, and every search would score the whole index).
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "be",
    "da",
    "fe",
    "gi",
    "ho",
    "ju",
    "le",
    "ma",
    "ni",
    "po",
    "qu",
    "re",
    "si",
    "tu",
    "wa",
    "ze",
]
FILLER = tuple(
    sorted({a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", "n", "s", "ro")})
)
_FILLER_WEIGHTS = tuple(1 / (rank + 1) for rank in range(len(FILLER)))
QUERIES = (
    "aleppo",
    "aleppo siege",
    '"ceasefire talks"',
    "harbour ferries storm",
    "bakers strike",
    "markets AND shares",
    "refugees border -treaty",
    "title:flood",
    "site:harbour",
    "court verdict appeal",
    "museum OR festival",
    "inflat*",
)


@dataclass
class Tally:
    """Latencies of successful requests and the failures, as the clients saw them."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


@dataclass
class Indexing:
    """What the indexer subprocess did during the run."""

    runs: int = 0
    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    last_token: str = ""
    last_added: int = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--initial", type=int, default=1000, help="documents before the run")
    parser.add_argument(
        "--batch", type=int, default=50, help="pages per `searchkit index` run (0: no indexing)"
    )
    parser.add_argument("--server-log", type=Path, help="write the server's output here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="searchkit-serve-bench-") as tmp:
        root = Path(tmp)
        index = root / "index"
        started = time.monotonic()
        write_pages(root / "initial", args.initial, random.Random(7), token="initialtoken")
        index_folder(root / "initial", index)
        print(f"indexed {args.initial} generated pages in {time.monotonic() - started:.1f} s")

        port = free_port()
        command = [sys.executable, "-m", "searchkit", "serve", "--index", str(index)]
        log = args.server_log.open("wb") if args.server_log else subprocess.DEVNULL
        server = subprocess.Popen(
            [*command, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, server)
            before = httpx.get(f"{base}/stats").json()["documents"]
            stop = threading.Event()
            indexing = Indexing()
            writer = threading.Thread(
                target=keep_indexing, args=(root, index, args.batch, stop, indexing)
            )
            if args.batch:
                writer.start()
            tally = asyncio.run(load(base, args.clients, args.seconds))
            stop.set()
            if args.batch:
                writer.join()
            after = httpx.get(f"{base}/stats").json()["documents"]
            token = indexing.last_token or "initialtoken"
            seen = httpx.get(f"{base}/search", params={"q": token}).json()["total"]
        finally:
            server.terminate()
            server.wait(timeout=30)

    report(args, tally, indexing, before, after, seen)
    stale = bool(args.batch) and seen != indexing.last_added
    return 1 if tally.failures or indexing.errors or stale else 0


async def load(base: str, clients: int, seconds: float) -> Tally:
    """``clients`` tasks, each searching in a loop until ``seconds`` have passed."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def one_client(number: int) -> None:
            rng = random.Random(number)
            while time.monotonic() < deadline:
                params: dict[str, str | int] = {"q": rng.choice(QUERIES), "limit": 10}
                if rng.random() < 0.2:
                    params["page"] = 2
                if rng.random() < 0.2:
                    params["sort"] = "newest"
                if rng.random() < 0.1:
                    params["site"] = rng.choice(SITES)
                began = time.perf_counter()
                try:
                    response = await client.get("/search", params=params)
                    elapsed = time.perf_counter() - began
                    if response.status_code == 200 and "hits" in response.json():
                        tally.latencies.append(elapsed)
                    else:
                        tally.failures.append(f"{response.status_code} {response.text[:200]}")
                except httpx.HTTPError as error:
                    at = seconds - (deadline - time.monotonic())
                    tally.failures.append(
                        f"{type(error).__name__} ({error.__context__!r}) at {at:.1f} s, "
                        f"after {time.perf_counter() - began:.2f} s"
                    )

        await asyncio.gather(*(one_client(n) for n in range(clients)))
    return tally


def keep_indexing(
    root: Path, index: Path, batch: int, stop: threading.Event, out: Indexing
) -> None:
    """Run `searchkit index` on a new batch of generated pages, again and again, until ``stop``."""
    rng = random.Random(11)
    while not stop.is_set():
        out.runs += 1
        token = f"batchtoken{out.runs}"
        folder = root / f"batch-{out.runs}"
        write_pages(folder, batch, rng, token=token, first=100_000 * out.runs)
        began = time.monotonic()
        try:
            counts = index_folder(folder, index)
        except subprocess.CalledProcessError as error:
            out.errors.append(error.stderr.decode(errors="replace")[-500:])
            continue
        out.seconds.append(time.monotonic() - began)
        out.last_token = token
        out.last_added = counts["added"] + counts["updated"]


def write_pages(
    folder: Path, count: int, rng: random.Random, *, token: str, first: int = 0
) -> None:
    """``count`` news-like HTML pages, with ``token`` in every body, in a new folder."""
    folder.mkdir(parents=True)
    for n in range(first, first + count):
        topic = rng.sample(TOPICS, 3)

        def words(k: int, topic: list[str] = topic) -> str:
            drawn = rng.choices(FILLER, weights=_FILLER_WEIGHTS, k=k)
            for i in range(0, k, 8):  # every eighth word or so is on the page's topic
                drawn[rng.randrange(i, min(i + 8, k))] = rng.choice(topic)
            return " ".join(drawn)

        title = words(6).capitalize()
        paragraphs = [
            words(rng.randint(25, 60)).capitalize() + "." for _ in range(rng.randint(3, 8))
        ]
        paragraphs[0] += f" {token}."
        published = date(2016, 1, 1) + timedelta(days=rng.randint(0, 730))
        site = rng.choice(SITES)
        body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        (folder / f"page-{n}.html").write_text(
            f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | {escape(site)}</title>
<meta property="og:site_name" content="{escape(site)}">
<meta property="article:published_time" content="{published.isoformat()}">
<link rel="canonical" href="https://bench.example/{n}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{escape(title)}</h1><p class="byline">By Bench Writer</p>{body}</article>
<footer>Share this story. Copyright.</footer></body></html>
""",
            encoding="utf-8",
        )


def index_folder(folder: Path, index: Path) -> dict[str, int]:
    """Run `searchkit index FOLDER --json`; its counts (the scrapers find no story in a few
    generated pages, so fewer than all may be added)."""
    done = subprocess.run(
        [sys.executable, "-m", "searchkit", "index", str(folder), "--index", str(index), "--json"],
        check=True,
        capture_output=True,
    )
    return dict(json.loads(done.stdout))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base}/healthz").raise_for_status()
            return
        except httpx.HTTPError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start") from None
            time.sleep(0.1)


def report(
    args: argparse.Namespace, tally: Tally, indexing: Indexing, before: int, after: int, seen: int
) -> None:
    done = len(tally.latencies)
    ms = sorted(1000 * t for t in tally.latencies)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(p / 100 * len(ms)))] if ms else float("nan")

    indexer = f"`searchkit index` added {args.batch} pages a run" if args.batch else "no indexing"
    print(f"searchkit serve: {args.clients} clients for {args.seconds:g} s, {indexer}")
    print(
        f"requests: {done} ok, {len(tally.failures)} failed, "
        f"{(done + len(tally.failures)) / args.seconds:.1f} requests/s"
    )
    print(
        f"latency:  p50 {pct(50):.1f} ms, p95 {pct(95):.1f} ms, p99 {pct(99):.1f} ms, "
        f"max {ms[-1] if ms else float('nan'):.1f} ms"
    )
    if args.batch:
        mean_run = statistics.mean(indexing.seconds) if indexing.seconds else float("nan")
        print(
            f"indexing: {indexing.runs} runs ({len(indexing.errors)} failed), "
            f"{mean_run:.2f} s each; documents {before} -> {after}"
        )
        print(
            f"freshness: the last run's token finds {seen} documents; that run added "
            f"{indexing.last_added}"
        )
    for failure in tally.failures[:5] + indexing.errors[:5]:
        print(f"  failure: {failure}")


if __name__ == "__main__":
    sys.exit(main())
