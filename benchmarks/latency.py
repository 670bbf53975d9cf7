"""Query latency at 100k news documents: searchkit against plain Whoosh (issue 5).

    .venv/bin/python benchmarks/latency.py [--docs 100000] [--rounds 3]

The documents are the 79,923 AP 1988 articles of ``../shared/eval/ir/ap88/docs.jsonl.gz``,
repeated with new ids up to ``--docs``. Both indexes are built once and cached under
``$TMPDIR/searchkit-bench/latency`` (searchkit's through ``Archive.add_many``, rebuilt when its
schema, analyzers or on-disk layout change; plain Whoosh's with the multiprocess writer). Each
query is run once to warm the searcher, then ``--rounds`` times timed; the table gives p50/p95
in milliseconds of one call that returns the top 10 with snippets:

- searchkit     ``Archive.search(q, limit=10)`` (hits with snippets), ``since``/``until`` for the
                filtered row
- whoosh        plain Whoosh as its docs show: StemmingAnalyzer, default BM25F,
                ``MultifieldParser(["title", "body"])``, ``searcher.search(q, limit=10)`` and
                ``hit.highlights("body")`` for each hit; ``filter=DateRange`` for the filtered row.
                Note: MultifieldParser's default group is AND, so plain Whoosh only scores the
                documents that hold every word, while searchkit ranks every document holding any
                word (tiers: phrase, all words, any word) — far more work on long queries.

The faceted row: searchkit's ``Archive.search(q, facets=("site", "author", "month"))`` (counts
over every hit); plain Whoosh runs the multi-word queries with ``groupedby`` on the sortable
``published`` field.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaldata import CACHE, Doc, index_key, iter_docs, keywords, read_queries

from scrapers import Article
from searchkit import Archive

#: One-word queries: topical words of the AP88 topics, from rare to very common.
ONE_WORD = (
    "prisons", "contractors", "insurance", "spill", "fundamentalism", "sclerosis", "congress",
    "vitamins", "acid", "recalls", "tobacco", "amtrak", "garbage", "silicone", "smoking",
    "asbestos", "pension", "welfare", "erosion", "murder", "fraud", "textile", "suicide",
    "president", "market",
)  # fmt: skip
#: Phrase queries: two- and three-word names and terms that AP 1988 uses.
PHRASES = (
    '"gun control"', '"oil spill"', '"acid rain"', '"white house"', '"soviet union"',
    '"health insurance"', '"trade deficit"', '"space shuttle"', '"death penalty"',
    '"air pollution"', '"stock market"', '"nuclear weapons"', '"drug trafficking"',
    '"hazardous waste"', '"supreme court"', '"agent orange"', '"mutual funds"',
    '"presidential campaign"', '"federal reserve board"', '"west bank"',
)  # fmt: skip
#: Boolean queries: words joined by AND, excluded with NOT or -word, grouped, with common words.
BOOLEAN = (
    "president AND said", "president -reagan", "soviet AND union", "oil AND spill",
    "(police OR officials) AND NOT (people OR state)", "tobacco AND advertising",
    "insurance -health", "market AND NOT stock", "(iran OR iraq) AND war", "drug AND police",
)  # fmt: skip
#: The filtered row: a two-month window of the year.
SINCE, UNTIL = date(1988, 3, 1), date(1988, 4, 30)
KINDS = ("one-word", "multi-word", "phrase", "boolean", "filtered", "faceted")


def documents(count: int) -> Iterator[Doc]:
    """The AP88 articles, repeated with new ids (``-r1``, ``-r2``, …) up to ``count``."""
    produced, round_ = 0, 0
    while produced < count:
        for doc in iter_docs("ap88"):
            if produced >= count:
                return
            suffix = f"-r{round_}" if round_ else ""
            yield Doc(doc.id + suffix, doc.title, doc.text, doc.published)
            produced += 1
        round_ += 1


def queries() -> dict[str, list[str]]:
    """The query texts of each row."""
    topics = [keywords(text) for _qid, text in read_queries("ap88", "all")]
    return {
        "one-word": list(ONE_WORD),
        "multi-word": topics,
        "phrase": list(PHRASES),
        "boolean": list(BOOLEAN),
        "filtered": topics,
        "faceted": topics,
    }


# -- searchkit ---------------------------------------------------------------------------------


def searchkit_index(count: int) -> Path:
    """Build (once) the searchkit archive of ``count`` documents; its path."""
    key = index_key()
    path = CACHE / "latency" / f"searchkit-{count}-{key}"
    if not (path / "complete").exists():
        shutil.rmtree(path, ignore_errors=True)
        print(f"building searchkit index of {count:,} documents in {path} …", flush=True)
        started = time.perf_counter()
        with Archive(path) as archive:
            archive.add_many(
                Article(title=d.title, body=d.text, published=d.published, url="urn:ap88:" + d.id)
                for d in documents(count)
            )
        (path / "complete").touch()
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def searchkit_calls(archive: Archive) -> dict[str, Callable[[str], Any]]:
    """One callable per row, each a complete search as a caller makes it."""

    def faceted(text: str) -> Any:
        return archive.search(text, limit=10, facets=("site", "author", "month"))

    return {
        "one-word": lambda q: archive.search(q, limit=10),
        "multi-word": lambda q: archive.search(q, limit=10),
        "phrase": lambda q: archive.search(q, limit=10),
        "boolean": lambda q: archive.search(q, limit=10),
        "filtered": lambda q: archive.search(q, limit=10, since=SINCE, until=UNTIL),
        "faceted": faceted,
    }


# -- plain Whoosh --------------------------------------------------------------------------------


def whoosh_index(count: int) -> Path:
    """Build (once) a plain Whoosh index of the same documents; its path."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import DATETIME, ID, TEXT, Schema

    path = CACHE / "latency" / f"whoosh-{count}"
    if not (path / "complete").exists():
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        print(f"building plain Whoosh index of {count:,} documents in {path} …", flush=True)
        started = time.perf_counter()
        schema = Schema(
            id=ID(stored=True, unique=True),
            title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
            body=TEXT(analyzer=StemmingAnalyzer(), stored=True),
            published=DATETIME(sortable=True),
        )
        ix = index.create_in(str(path), schema)
        writer = ix.writer(procs=2, limitmb=512)
        for d in documents(count):
            fields: dict[str, Any] = {"id": d.id, "title": d.title, "body": d.text}
            if d.published:
                fields["published"] = datetime(d.published.year, d.published.month, d.published.day)
            writer.add_document(**fields)
        writer.commit()
        ix.close()
        (path / "complete").touch()
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def whoosh_calls(searcher: Any) -> dict[str, Callable[[str], Any]]:
    """One callable per row: parse with MultifieldParser, search, highlight each hit's body."""
    from whoosh import query as wq
    from whoosh.qparser import MultifieldParser

    parser = MultifieldParser(["title", "body"], searcher.schema)
    window = wq.DateRange(
        "published", datetime.combine(SINCE, datetime.min.time()),
        datetime.combine(UNTIL, datetime.max.time()),
    )  # fmt: skip

    def page(text: str, **options: Any) -> Any:
        results = searcher.search(parser.parse(text), limit=10, **options)
        return [(hit["title"], hit.highlights("body")) for hit in results]

    return {
        "one-word": page,
        "multi-word": page,
        "phrase": page,
        "boolean": page,
        "filtered": lambda q: page(q, filter=window),
        "faceted": lambda q: page(q, groupedby="published"),
    }


# -- timing --------------------------------------------------------------------------------------


def measure(calls: dict[str, Callable[[str], Any]], rounds: int) -> dict[str, list[float]]:
    """Milliseconds per call for each row: one warm-up pass, then ``rounds`` timed passes."""
    texts = queries()
    timings: dict[str, list[float]] = {}
    for kind in KINDS:
        for text in texts[kind]:
            calls[kind](text)
        samples = []
        for _ in range(rounds):
            for text in texts[kind]:
                started = time.perf_counter()
                calls[kind](text)
                samples.append((time.perf_counter() - started) * 1000)
        timings[kind] = samples
    return timings


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (0–100) of the samples, by linear interpolation."""
    return statistics.quantiles(samples, n=100, method="inclusive")[int(p) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="index size (default 100000)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the queries")
    parser.add_argument("--only", choices=("searchkit", "whoosh"), help="time one system only")
    args = parser.parse_args(argv)

    results: dict[str, dict[str, list[float]]] = {}
    if args.only in (None, "searchkit"):
        with Archive(searchkit_index(args.docs), create=False) as archive:
            results["searchkit"] = measure(searchkit_calls(archive), args.rounds)
    if args.only in (None, "whoosh"):
        from whoosh import index

        ix = index.open_dir(str(whoosh_index(args.docs)))
        with ix.searcher() as searcher:
            results["whoosh"] = measure(whoosh_calls(searcher), args.rounds)
        ix.close()

    print(f"\n## query latency, {args.docs:,} documents, warm searcher, top 10 with snippets (ms)")
    systems = list(results)
    header = f"{'query':<11}" + "".join(f" {s + ' p50':>14} {s + ' p95':>14}" for s in systems)
    if len(systems) == 2:
        header += f" {'p95 ratio':>10}"
    print(header)
    for kind in KINDS:
        line = f"{kind:<11}"
        for system in systems:
            samples = results[system][kind]
            line += f" {percentile(samples, 50):>14.1f} {percentile(samples, 95):>14.1f}"
        if len(systems) == 2:
            ratio = percentile(results["whoosh"][kind], 95) / percentile(
                results["searchkit"][kind], 95
            )
            line += f" {ratio:>9.1f}x"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
