"""Syndication grouping on real stories: planted copies found, and different stories kept apart.

Indexes a random sample of AP88 stories, each given one of a few wire "sites" at random (so a
weekly template report, a lottery result, a market table, lands on several sites), plus copies
of some of them planted on other sites: the same body with a header, a footer and a few words
changed, dated 0 to 3 days after the original. It then reads every document's syndication
cluster and counts

- planted copies grouped with their original (want all),
- false groups: clusters holding two stories that are not copies of each other, split into
  those whose stories are of different days (template reports: want none) and those of one day
  (AP filing one story twice, or a revision: copies indeed, mostly),

and prints a few false groups of different days to look at.

    .venv/bin/python benchmarks/duplicates.py [--docs 10000] [--copies 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaldata import iter_docs

from scrapers import Article
from searchkit import Archive

WIRES = ("Alpha Wire", "Beta News", "Gamma Post", "Delta Daily", "Epsilon Times")
HEADERS = ("By The Associated Press. ", "(AP) - ", "From wire reports: ", "")
#: Copies further apart than this are counted apart in the report (see searchkit.duplicates).
WINDOW_DAYS = 14
FOOTERS = (" Copyright 1988 The Associated Press.", " Read more at Copy Site.", "")


def _planted(text: str, rnd: random.Random) -> str:
    """The body a copying site prints: a header, a footer, and a few words changed."""
    words = text.split()
    for _ in range(3):
        if len(words) > 10:
            words[rnd.randrange(len(words))] = rnd.choice(("the", "said", "reportedly", "and"))
    return rnd.choice(HEADERS) + " ".join(words) + rnd.choice(FOOTERS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--copies", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=8, help="false groups to print")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    docs = [d for d in iter_docs("ap88") if d.published and len(d.text.split()) >= 40]
    sample = rnd.sample(docs, args.docs)
    story: dict[str, str] = {}  # document id -> the story it tells (its original's id)
    day: dict[str, str] = {}
    articles = []
    for doc in sample:
        url = f"https://ap.example/{doc.id}"
        story[url], day[url] = doc.id, str(doc.published)
        site = rnd.choice(WIRES)
        articles.append(
            Article(title=doc.title, body=doc.text, url=url, site=site, published=doc.published)
        )
    for n, doc in enumerate(rnd.sample(sample, args.copies)):
        url = f"https://copy{n % 7}.example/{doc.id}"
        assert doc.published is not None
        published = doc.published + timedelta(days=rnd.randint(0, 3))
        story[url], day[url] = doc.id, str(published)
        body = _planted(doc.text, rnd)
        articles.append(
            Article(title=doc.title, body=body, url=url, site=f"Copy {n % 7}", published=published)
        )
    rnd.shuffle(articles)
    with tempfile.TemporaryDirectory() as where, Archive(Path(where) / "ix") as archive:
        started = time.perf_counter()
        archive.add_many(articles)
        took = time.perf_counter() - started
        with archive._checkout() as searcher:  # a benchmark may read the clusters directly
            clusters: dict[str, list[str]] = defaultdict(list)
            for fields in searcher.all_stored_fields():
                clusters[fields["dup_key"]].append(fields["id"])
    planted = [url for url in story if not url.startswith("https://ap.example/")]
    cluster_of = {doc_id: key for key, members in clusters.items() for doc_id in members}
    found = sum(
        cluster_of[url] == cluster_of[f"https://ap.example/{story[url]}"] for url in planted
    )
    other_days, one_day = [], []
    for members in clusters.values():
        stories = {story[m] for m in members}
        if len(stories) > 1:
            (other_days if len({day[m] for m in members}) > 1 else one_day).append(members)
    print(f"{len(articles)} documents ({args.docs} AP stories, {args.copies} planted copies)")
    print(f"indexed in {took:.1f} s")
    print(f"planted copies grouped with their original: {found}/{len(planted)}")
    print(f"false groups, stories of different days: {len(other_days)}")
    print(f"false groups, stories of one day: {len(one_day)}")
    titles = {a.url: (a.site, a.published, a.title) for a in articles}
    spread = {id(m): _spread([day[d] for d in m]) for m in other_days}
    far = sum(spread[id(m)] > WINDOW_DAYS for m in other_days)
    print(f"  of which over {WINDOW_DAYS} days apart: {far}")
    for members in sorted(other_days, key=lambda m: -spread[id(m)])[: args.show]:
        listed = "; ".join(f"{titles[m][0]} {titles[m][1]} {titles[m][2][:40]}" for m in members)
        print(f"  {spread[id(members)]:3d} days: {listed}")


def _spread(days: list[str]) -> int:
    """Days between the first and the last of ``days`` (ISO dates)."""
    first, last = date.fromisoformat(min(days)), date.fromisoformat(max(days))
    return (last - first).days


if __name__ == "__main__":
    main()
