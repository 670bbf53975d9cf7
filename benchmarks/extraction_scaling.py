"""Extraction time against page size: it should grow about linearly (QA round 4).

    .venv/bin/python benchmarks/extraction_scaling.py [--sizes 2000 8000 32000]

Builds synthetic pages of N sibling blocks in several shapes (bare ``<div>`` paragraphs,
``<p>`` paragraphs, class-named chunks, story cards, ``<br><br>`` runs, deep nesting) and
times ``scrapers.extract`` on each, best of ``--repeat`` runs. It prints seconds per page and
microseconds per KB; the last column is the per-KB time of the largest page over that of the
smallest, which stays near 1 for linear work. QA found the teaser check quadratic: 11 s for
8,000 sibling ``<div>`` paragraphs (600 KB), 285 s for 2.7 MB. Exits 1 when a shape's ratio
exceeds ``--max-ratio``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scrapers import extract

_SENTENCE = (
    "The council voted on Tuesday to approve the new budget, which includes funding for "
    "schools, roads and the long-delayed library project"
)

SHAPES: dict[str, Callable[[int], str]] = {
    "div paragraphs": lambda n: "".join(f"<div>{_SENTENCE} {i}.</div>" for i in range(n)),
    "p paragraphs": lambda n: "".join(f"<p>{_SENTENCE} {i}.</p>" for i in range(n)),
    "class chunks": lambda n: "".join(
        f"<div class='chunk'><p>{_SENTENCE} {i}.</p><p>{_SENTENCE} {i}b.</p></div>"
        for i in range(n // 2)
    ),
    "story cards": lambda n: "".join(
        f"<article class='card'><h3><a href='/{i}'>Another story, number {i}</a></h3>"
        f"<p>{_SENTENCE} {i}.</p></article>"
        for i in range(n)
    ),
    "br runs": lambda n: "".join(f"{_SENTENCE} {i}.<br><br>" for i in range(n)),
    "deep nesting": lambda n: (
        "<font size=2>" * min(n, 2000) + "".join(f"<p>{_SENTENCE} {i}.</p>" for i in range(n))
    ),
}


def seconds(page: str, repeat: int) -> float:
    """The fastest of ``repeat`` timed extractions of one page."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        extract(page)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000, 32000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--max-ratio", type=float, default=3.0)
    args = parser.parse_args(argv)
    failed = False
    print(f"{'shape':<16}{'blocks':>8}{'KB':>8}{'seconds':>9}{'µs/KB':>8}{'ratio':>7}")
    for name, build in SHAPES.items():
        per_kb: list[float] = []
        for n in sorted(args.sizes):
            page = f"<html><body><div class='story'>{build(n)}</div></body></html>"
            took = seconds(page, args.repeat)
            kb = len(page) / 1000
            per_kb.append(took / kb)
            ratio = per_kb[-1] / per_kb[0]
            failed |= ratio > args.max_ratio
            print(f"{name:<16}{n:>8}{kb:>8.0f}{took:>9.2f}{per_kb[-1] * 1e6:>8.0f}{ratio:>7.2f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
