"""Do two versions of searchkit give the same results? Save a run, change the engine, compare.

    .venv/bin/python benchmarks/same_results.py save before.json [--docs 100000]
    .venv/bin/python benchmarks/same_results.py compare before.json [--docs 100000]

Runs, on the cached index of ``benchmarks/latency.py``, the queries of its rows (the AP88 topics
as keywords, faceted and date-filtered too; the one-word and the phrase queries) and records each
search's total, facets and top 10 (ids, scores, snippets). ``compare`` runs them again and
reports every difference, except hits of equal score (to 1e-6) that swap places, which is float
summation order, not ranking. Exits 1 when a total, a facet or a ranking differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from latency import ONE_WORD, PHRASES, SINCE, UNTIL, queries, searchkit_index

from searchkit import Archive

#: Scores closer than this are a tie: summed in another order, equal BM25 sums differ in the
#: last bits.
TIE = 1e-6


def cases() -> dict[str, tuple[str, dict[str, Any]]]:
    """Every search to compare, by a readable name: query text and search options."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for text in queries()["multi-word"]:
        out[f"topic {text!r}"] = (text, {"facets": ("site", "author", "month")})
        out[f"filtered {text!r}"] = (text, {"since": SINCE, "until": UNTIL})
        out[f"uncollapsed {text!r}"] = (text, {"collapse": False})
    for text in ONE_WORD:
        out[f"word {text!r}"] = (text, {"facets": ("month",)})
    for text in PHRASES:
        out[f"phrase {text!r}"] = (text, {"facets": ("month",)})
    return out


def run(archive: Archive) -> dict[str, Any]:
    """Each case's results as JSON-ready dicts."""
    return {
        name: archive.search(text, limit=10, **options).to_dict()
        for name, (text, options) in cases().items()
    }


def _blocks(hits: list[dict[str, Any]]) -> list[tuple[float, list[str]]]:
    """Hits grouped into runs of tied scores: ``(score, sorted ids)``."""
    blocks: list[tuple[float, list[str]]] = []
    for hit in hits:
        if blocks and abs(blocks[-1][0] - hit["score"]) <= TIE + 1e-4:  # to_dict rounds to 4 places
            blocks[-1][1].append(hit["id"])
        else:
            blocks.append((hit["score"], [hit["id"]]))
    return [(score, sorted(ids)) for score, ids in blocks]


def differences(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], int]:
    """Ranking, total and facet differences of one case, and how many snippets changed."""
    found: list[str] = []
    if old["total"] != new["total"]:
        found.append(f"total {old['total']} → {new['total']}")
    if old.get("facets") != new.get("facets"):
        found.append("facets differ")
    old_blocks, new_blocks = _blocks(old["hits"]), _blocks(new["hits"])
    same = len(old_blocks) == len(new_blocks) and all(
        abs(a[0] - b[0]) <= 2e-4 and (a[1] == b[1] or i == len(old_blocks) - 1)
        for i, (a, b) in enumerate(zip(old_blocks, new_blocks, strict=True))
    )  # the last block may be cut by the page: its ids may differ
    if not same:
        old_ids = [h["id"] for h in old["hits"]]
        found.append(f"ranking {old_ids} → {[h['id'] for h in new['hits']]}")
    snippets = sum(
        1
        for a, b in zip(old["hits"], new["hits"], strict=False)
        if a["id"] == b["id"] and (a["snippet"], a["highlights"]) != (b["snippet"], b["highlights"])
    )
    return found, snippets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("file", type=Path, help="the saved run (JSON)")
    parser.add_argument("--docs", type=int, default=100_000, help="index size (default 100000)")
    args = parser.parse_args(argv)

    with Archive(searchkit_index(args.docs), create=False) as archive:
        results = run(archive)
    if args.action == "save":
        args.file.write_text(json.dumps(results, ensure_ascii=False, indent=1))
        print(f"saved {len(results)} searches to {args.file}")
        return 0
    saved = json.loads(args.file.read_text())
    failed = changed_snippets = 0
    for name, old in saved.items():
        found, snippets = differences(old, results[name])
        changed_snippets += snippets
        if found:
            failed += 1
            print(f"{name}: " + "; ".join(found))
    print(
        f"{len(saved)} searches: {len(saved) - failed} same results, {failed} different; "
        f"{changed_snippets} snippets changed"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
