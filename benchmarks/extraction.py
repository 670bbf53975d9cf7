"""Article-body extraction benchmark: searchkit's scrapers against trafilatura and readability.

Runs the shared scorer (``../shared/eval/score_extraction.py``, or ``$SEARCHKIT_EVAL/…``,
as the other benchmarks find their data: 4-token-shingle precision,
recall and F1 over the news pages of a split) for ``scrapers.extract`` and, when they are
installed, for trafilatura (default and ``favor_precision``) and readability-lxml, in one
process, and prints the figures side by side (issue 4). trafilatura and readability-lxml are
not project dependencies; install them into the venv by hand to compare.

    .venv/bin/python benchmarks/extraction.py --split dev [--repeat 3]

Tune on ``dev`` only; ``test`` is measured once, at the end.
Each adapter below is also usable on its own by the scorer:
``score_extraction.py --split dev --extractor benchmarks.extraction:searchkit_body``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def searchkit_body(html: str, url: str | None = None) -> str:
    """The body ``scrapers.extract`` finds in a page."""
    from scrapers import extract

    return extract(html, url=url).body


def trafilatura_body(html: str, url: str | None = None) -> str:
    """trafilatura with its default settings."""
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def trafilatura_precision_body(html: str, url: str | None = None) -> str:
    """trafilatura with ``favor_precision=True``."""
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True) or ""


def readability_body(html: str, url: str | None = None) -> str:
    """readability-lxml's summary, reduced to text."""
    import lxml.html
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    return str(lxml.html.fromstring(summary).text_content()) if summary.strip() else ""


EXTRACTORS: tuple[tuple[str, str, str | None], ...] = (
    # (label, adapter name in this module, package it needs)
    ("searchkit", "searchkit_body", None),
    ("trafilatura", "trafilatura_body", "trafilatura"),
    ("trafilatura precision", "trafilatura_precision_body", "trafilatura"),
    ("readability-lxml", "readability_body", "readability"),
)


def load_scorer(path: Path) -> ModuleType:
    """Import the shared scorer from its file."""
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if not path.is_file() or spec is None or spec.loader is None:  # a traceback said it (QA)
        raise SystemExit(
            f"no scorer at {path}: the benchmark reads ../shared/eval/score_extraction.py "
            "(or $SEARCHKIT_EVAL/score_extraction.py, or --scorer), which is not part of the "
            "repository"
        )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument(
        "--scorer",
        type=Path,
        default=None,
        help="path to score_extraction.py (default: the one in $SEARCHKIT_EVAL, else in "
        "../shared/eval next to the repository, where the other benchmarks find their data)",
    )
    parser.add_argument(
        "--only", action="append", default=None, help="run only this extractor label (repeatable)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed passes per extractor; the fastest counts, so that other "
        "load on the machine does not decide the ratio (default 3)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # the scorer imports adapters as benchmarks.extraction:NAME
    from benchmarks.evaldata import EVAL  # not at the top: the scorer imports this module too

    # Not /work/shared/…, an absolute path that was wherever the repository was cloned (QA).
    scorer = load_scorer(args.scorer or EVAL / "score_extraction.py")
    pages = scorer.load_split(args.split)
    reference = {key: page.get("articleBody", "") for key, page in pages.items()}
    rows: list[tuple[str, dict[str, float], float]] = []
    for label, adapter, needs in EXTRACTORS:
        if args.only and label not in args.only:
            continue
        if needs and importlib.util.find_spec(needs) is None:
            print(f"{label}: not installed, skipped", file=sys.stderr)
            continue
        run: Callable[..., tuple[dict[str, str], float]] = scorer.run_extractor
        predicted, rate = run(f"benchmarks.extraction:{adapter}", pages)
        for _ in range(args.repeat - 1):
            rate = max(rate, run(f"benchmarks.extraction:{adapter}", pages)[1])
        rows.append((label, scorer.score(reference, predicted), rate))
    print(f"split={args.split} pages={len(pages)} pages/s: best of {args.repeat} passes")
    print(f"{'extractor':<24}{'F1':>7}{'precision':>11}{'recall':>8}{'accuracy':>10}{'pages/s':>9}")
    for label, m, rate in rows:
        print(
            f"{label:<24}{m['f1']:>7.3f}{m['precision']:>11.3f}{m['recall']:>8.3f}"
            f"{m['accuracy']:>10.3f}{rate:>9.1f}"
        )


if __name__ == "__main__":
    main()
