"""Latency of issue 5's search features on a large archive: facets, collapsing, suggestions.

Builds (once) an index from a JSON-lines corpus of ``{"id", "title", "text", "date"?}`` records,
e.g. the AP88 collection in ../shared/eval/ir (kept outside the project), gives each document a
synthetic site and author so the facets have something to count, optionally re-adds a share of
the documents under another site (syndicated copies), then times searches::

    python benchmarks/search_features.py CORPUS.jsonl.gz QUERIES.tsv --index /tmp/bench \\
        [--docs 100000] [--copies 0.2] [--repeat 3]

Prints p50/p95/max in milliseconds for: plain search, search with facets=("site", "author",
"month"), the same with collapse=False, and one-word typos (which make a spelling suggestion).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from scrapers import Article
from scrapers.article import parse_published
from searchkit import Archive

SITES = [f"Site {n:02d}" for n in range(40)]
AUTHORS = [f"Author {n:03d}" for n in range(400)]


def _pick(options: list[str], key: str) -> str:
    return options[int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % len(options)]


def _articles(corpus: Path, docs: int, copies: float) -> Iterator[Article]:
    every = round(1 / copies) if copies else 0
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= docs:
                return
            record = json.loads(line)
            published = parse_published(record["date"]) if record.get("date") else None
            article = Article(
                title=record.get("title") or "",
                body=record["text"],
                url=f"https://{_pick(SITES, record['id'])}.example/{record['id']}",
                site=_pick(SITES, record["id"]),
                authors=(_pick(AUTHORS, record["id"]),),
                published=published,
            )
            yield article
            if every and n % every == 0:  # the same story at another site, other boilerplate
                site = _pick(SITES, record["id"] + "copy")
                yield Article(
                    title=article.title,
                    body="From wire reports. " + article.body + f" Read more at {site}.",
                    url=f"https://{site}.example/wire/{record['id']}",
                    site=site,
                    authors=article.authors,
                    published=published,
                )


def build(index: Path, corpus: Path, docs: int, copies: float) -> None:
    started = time.monotonic()
    with Archive(index) as archive:
        batch: list[Article] = []
        for article in _articles(corpus, docs, copies):
            batch.append(article)
            if len(batch) == 5000:
                archive.add_many(batch)
                batch = []
                print(
                    f"  {len(archive):,} documents, {time.monotonic() - started:.0f} s", flush=True
                )
        archive.add_many(batch)
        print(f"built {len(archive):,} documents in {time.monotonic() - started:.0f} s")


def copy_detection(archive: Archive) -> None:
    """How many synthetic copies joined their original's cluster, and how many clusters hold
    documents of different stories (AP88 has real repeats too: wire stories re-sent updated)."""
    key_of: dict[str, str] = {}
    copies: list[tuple[str, str]] = []
    with archive._checkout() as reader:  # a benchmark may look inside
        stored_fields = list(reader.all_stored_fields())
    for stored in stored_fields:
        story = stored["id"].rsplit("/", 1)[1]
        if "/wire/" in stored["id"]:
            copies.append((story, stored["dup_key"]))
        else:
            key_of[story] = stored["dup_key"]
    found = sum(1 for story, key in copies if key_of.get(story) == key)
    sizes: dict[str, int] = {}
    for key in key_of.values():
        sizes[key] = sizes.get(key, 0) + 1
    merged = sum(n for n in sizes.values() if n > 1)
    print(
        f"copies detected: {found:,} of {len(copies):,}; originals sharing a cluster with "
        f"another original: {merged:,} of {len(key_of):,}"
    )


def timings(archive: Archive, queries: list[str], repeat: int, **options: object) -> list[float]:
    out = []
    for _ in range(repeat):
        for query in queries:
            started = time.perf_counter()
            archive.search(query, lenient=True, **options)  # type: ignore[arg-type]
            out.append((time.perf_counter() - started) * 1000)
    return out


def facet_counting(archive: Archive, queries: list[str]) -> list[float]:
    """The facet counting alone (columns already loaded): what facets add to a search."""
    from searchkit import searcher
    from searchkit.query import parse

    out = []
    with archive._checkout() as current:  # a benchmark may look inside
        for query in queries:
            docs = set(current.docs_for_query(parse(query, current.schema, lenient=True).query))
            started = time.perf_counter()
            searcher._facets(current, docs, searcher.FACETS)
            out.append((time.perf_counter() - started) * 1000)
    return out


def report(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    print(
        f"{name:<32} n={len(ms):<4} p50={statistics.median(ms):7.1f}  p95={p95:7.1f}  "
        f"max={ms[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("queries", type=Path)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--copies", type=float, default=0.2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.index.exists():
        build(args.index, args.corpus, args.docs, args.copies)
    queries = [
        line.split("\t", 1)[1].strip()
        for line in args.queries.read_text(encoding="utf-8").splitlines()
        if "\t" in line
    ]
    with Archive(args.index, create=False) as archive:
        print(f"{len(archive):,} documents, {len(queries)} queries x {args.repeat}")
        copy_detection(archive)
        archive.search("warm up", facets=("site", "author", "month"))  # load the facet columns
        report("search", timings(archive, queries, args.repeat))
        report(
            "search + facets",
            timings(archive, queries, args.repeat, facets=("site", "author", "month")),
        )
        report(
            "search + facets, no collapse",
            timings(
                archive, queries, args.repeat, facets=("site", "author", "month"), collapse=False
            ),
        )
        report("search, no collapse", timings(archive, queries, args.repeat, collapse=False))
        report("facet counting alone", facet_counting(archive, queries))
        # One-word typos (the longest word of each query, a letter doubled): few or no hits, so
        # each search also makes a spelling suggestion.
        typos = [w[:3] + w[2] + w[3:] for w in (max(q.split(), key=len) for q in queries)]
        report("one-word typo (suggestion)", timings(archive, typos, args.repeat))
        print("e.g.", ", ".join(f"{t} → {archive.search(t).suggestion}" for t in typos[:5]))


if __name__ == "__main__":
    main()
