"""Ranking quality: searchkit against BM25 peers on judged test collections (issue 5).

    .venv/bin/python benchmarks/ranking.py --collection time|ap88|cranfield|all \
        [--split dev|test|both] [--systems searchkit,whoosh,...]

Every system indexes the same documents (``../shared/eval/ir/<collection>/docs.jsonl.gz``: title
and text) and runs the same keyword queries (see ``evaldata.keywords``), 1,000 results deep. Each
run is written as a TREC run file and scored with ``../shared/eval/score_ranking.py`` (nDCG@10,
MAP, P@10, R@100). Peers, each used the way its documentation shows, are skipped when not
installed (they are not project dependencies: ``pip install bm25s PyStemmer tantivy``):

- searchkit      ``Archive.add_many`` + ``Archive.search`` (the public API), default settings
- searchkit+rm3  the same with ``feedback=True`` (pseudo-relevance feedback)
- searchkit+rerank, searchkit+rm3+rerank  the same two with ``rerank=True`` (the first 30 hits
                 re-ranked by meaning, ``searchkit.rerank``)
- whoosh         plain Whoosh: StemmingAnalyzer, default BM25F, MultifieldParser(title, body),
                 OrGroup
- sqlite-fts5    SQLite FTS5, ``tokenize='porter unicode61'``, query words OR'd, ``ORDER BY bm25()``
- bm25s          bm25s.BM25 (Lucene variant), English stop words, PyStemmer English stemmer
- tantivy        tantivy-py, ``en_stem`` tokenizer, ``index.parse_query(q, ["title", "body"])``

Built indexes are cached under ``$TMPDIR/searchkit-bench/ranking`` (searchkit's is rebuilt when
its schema, analyzers or on-disk layout change), so reruns only pay for the queries.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaldata import (
    CACHE,
    COLLECTIONS,
    EVAL,
    Doc,
    collection_dir,
    index_key,
    iter_docs,
    keywords,
    read_queries,
)

from scrapers import Article
from searchkit import Archive

DEPTH = 1000
MEASURES = ("nDCG@10", "MAP", "P@10", "R@100")
Ranking = list[tuple[str, float]]


class System(Protocol):
    """One search system: built once per collection, then asked every query."""

    name: str

    def build(self, docs: Callable[[], Iterable[Doc]], folder: Path) -> None: ...

    def search(self, query: str, k: int) -> Ranking: ...

    def close(self) -> None: ...


# -- searchkit ---------------------------------------------------------------------------------


class Searchkit:
    """searchkit through its public API. A document's id is its URL, ``urn:<collection>:<id>``."""

    name = "searchkit"
    feedback = False
    rerank = False

    def __init__(self, collection: str) -> None:
        self.prefix = f"urn:{collection}:"
        self.archive: Archive | None = None

    def build(self, docs: Callable[[], Iterable[Doc]], folder: Path) -> None:
        key = index_key()
        path = folder / f"searchkit-{key}"
        if not (path / "complete").exists():
            shutil.rmtree(path, ignore_errors=True)
            with Archive(path) as archive:
                archive.add_many(
                    Article(
                        title=d.title, body=d.text, published=d.published, url=self.prefix + d.id
                    )
                    for d in docs()
                )
            (path / "complete").touch()
        self.archive = Archive(path, create=False)

    def search(self, query: str, k: int) -> Ranking:
        assert self.archive is not None
        # Every document, as the peers list them: a TREC run judges copies one by one.
        results = self.archive.search(
            query,
            limit=k,
            lenient=True,
            collapse=False,
            feedback=self.feedback,
            rerank=self.rerank,
        )
        return [(hit.id.removeprefix(self.prefix), hit.score) for hit in results]

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()


class SearchkitFeedback(Searchkit):
    """searchkit with ``feedback=True`` (RM3 pseudo-relevance feedback), on the same index."""

    name = "searchkit+rm3"
    feedback = True


class SearchkitRerank(Searchkit):
    """searchkit with ``rerank=True`` (the first hits re-ranked by meaning)."""

    name = "searchkit+rerank"
    rerank = True


class SearchkitFeedbackRerank(Searchkit):
    """searchkit with ``feedback=True`` and ``rerank=True``."""

    name = "searchkit+rm3+rerank"
    feedback = True
    rerank = True


# -- plain Whoosh --------------------------------------------------------------------------------


class Whoosh:
    """Whoosh as its quick-start shows it: StemmingAnalyzer, BM25F, MultifieldParser, OrGroup."""

    name = "whoosh"

    def build(self, docs: Callable[[], Iterable[Doc]], folder: Path) -> None:
        from whoosh import index
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.qparser import MultifieldParser, OrGroup

        path = folder / "whoosh"
        if not (path / "complete").exists():
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir(parents=True)
            schema = Schema(
                id=ID(stored=True, unique=True),
                title=TEXT(analyzer=StemmingAnalyzer()),
                body=TEXT(analyzer=StemmingAnalyzer()),
            )
            ix = index.create_in(str(path), schema)
            writer = ix.writer(limitmb=512)
            for d in docs():
                writer.add_document(id=d.id, title=d.title, body=d.text)
            writer.commit()
            (path / "complete").touch()
        self.index = index.open_dir(str(path))
        self.searcher = self.index.searcher()
        self.parser = MultifieldParser(["title", "body"], self.index.schema, group=OrGroup)

    def search(self, query: str, k: int) -> Ranking:
        results = self.searcher.search(self.parser.parse(query), limit=k)
        return [(hit["id"], float(hit.score)) for hit in results]

    def close(self) -> None:
        self.searcher.close()
        self.index.close()


# -- SQLite FTS5 ---------------------------------------------------------------------------------


class SqliteFts5:
    """SQLite FTS5 with the porter tokenizer; the query words OR'd; ranked by ``bm25()``."""

    name = "sqlite-fts5"

    def build(self, docs: Callable[[], Iterable[Doc]], folder: Path) -> None:
        path = folder / "fts5.sqlite"
        done = folder / "fts5.complete"
        if not done.exists():
            path.unlink(missing_ok=True)
            db = sqlite3.connect(path)
            db.execute(
                "CREATE VIRTUAL TABLE docs USING fts5(docid UNINDEXED, title, body, "
                "tokenize='porter unicode61')"
            )
            db.executemany(
                "INSERT INTO docs(docid, title, body) VALUES (?, ?, ?)",
                ((d.id, d.title, d.text) for d in docs()),
            )
            db.commit()
            db.close()
            done.touch()
        self.db = sqlite3.connect(path)

    def search(self, query: str, k: int) -> Ranking:
        words = ['"' + w.replace('"', "") + '"' for w in query.split()]
        rows = self.db.execute(
            "SELECT docid, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
            (" OR ".join(words), k),
        )
        return [(docid, -score) for docid, score in rows]

    def close(self) -> None:
        self.db.close()


# -- bm25s ---------------------------------------------------------------------------------------


class Bm25s:
    """bm25s as its README shows: English stop words, PyStemmer, ``BM25().index`` / ``retrieve``."""

    name = "bm25s"

    def build(self, docs: Callable[[], Iterable[Doc]], folder: Path) -> None:
        import bm25s
        import Stemmer

        self.bm25s = bm25s
        self.stemmer = Stemmer.Stemmer("english")
        path = folder / "bm25s"
        if not (path / "complete").exists():
            shutil.rmtree(path, ignore_errors=True)
            loaded = list(docs())
            tokens = bm25s.tokenize(
                [f"{d.title}\n{d.text}" for d in loaded],
                stopwords="en",
                stemmer=self.stemmer,
                show_progress=False,
            )
            retriever = bm25s.BM25()
            retriever.index(tokens, show_progress=False)
            retriever.save(str(path))
            (path / "ids.json").write_text(json.dumps([d.id for d in loaded]))
            (path / "complete").touch()
        self.retriever = bm25s.BM25.load(str(path))
        self.ids = json.loads((path / "ids.json").read_text())

    def search(self, query: str, k: int) -> Ranking:
        tokens = self.bm25s.tokenize(
            [query], stopwords="en", stemmer=self.stemmer, show_progress=False
        )
        if not any(tokens.ids):
            return []
        found, scores = self.retriever.retrieve(
            tokens, k=min(k, len(self.ids)), show_progress=False
        )
        return [
            (self.ids[int(i)], float(s)) for i, s in zip(found[0], scores[0], strict=True) if s > 0
        ]

    def close(self) -> None:
        pass


# -- tantivy -------------------------------------------------------------------------------------


class Tantivy:
    """tantivy-py as its tutorial shows: ``en_stem`` text fields, ``parse_query`` over both."""

    name = "tantivy"

    def build(self, docs: Callable[[], Iterable[Doc]], folder: Path) -> None:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", tokenizer_name="en_stem")
        builder.add_text_field("body", tokenizer_name="en_stem")
        schema = builder.build()
        path = folder / "tantivy"
        if not (path / "complete").exists():
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir(parents=True)
            built = tantivy.Index(schema, path=str(path))
            writer = built.writer()
            for d in docs():
                writer.add_document(tantivy.Document(id=d.id, title=d.title, body=d.text))
            writer.commit()
            writer.wait_merging_threads()
            (path / "complete").touch()
        self.index = tantivy.Index(schema, path=str(path))
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, query: str, k: int) -> Ranking:
        try:
            parsed = self.index.parse_query(query, ["title", "body"])
        except ValueError:
            parsed, _errors = self.index.parse_query_lenient(query, ["title", "body"])
        hits = self.searcher.search(parsed, k).hits
        return [(self.searcher.doc(address)["id"][0], float(score)) for score, address in hits]

    def close(self) -> None:
        pass


PEERS: dict[str, Callable[[str], System]] = {
    "searchkit": Searchkit,
    "searchkit+rm3": SearchkitFeedback,
    "searchkit+rerank": SearchkitRerank,
    "searchkit+rm3+rerank": SearchkitFeedbackRerank,
    "whoosh": lambda _c: Whoosh(),
    "sqlite-fts5": lambda _c: SqliteFts5(),
    "bm25s": lambda _c: Bm25s(),
    "tantivy": lambda _c: Tantivy(),
}
REQUIRES = {"bm25s": ("bm25s", "Stemmer"), "tantivy": ("tantivy",)}
PIP_NAMES = {"bm25s": "bm25s PyStemmer", "tantivy": "tantivy"}


def installed(name: str) -> bool:
    """Whether a peer's packages are importable (peers are optional)."""
    return all(importlib.util.find_spec(module) for module in REQUIRES.get(name, ()))


# -- scoring -------------------------------------------------------------------------------------


def scorer() -> ModuleType:
    """``score_ranking.py`` from the shared evaluation folder, imported as a module."""
    path = EVAL / "score_ranking.py"
    if not path.is_file():
        sys.exit(f"no {path}: the benchmarks need ../shared/eval (or $SEARCHKIT_EVAL)")
    spec = importlib.util.spec_from_file_location("score_ranking", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_run(path: Path, rankings: dict[str, Ranking], tag: str) -> None:
    """A TREC run file: ``qid Q0 docid rank score tag``."""
    with open(path, "w", encoding="utf-8") as f:
        for qid, ranking in rankings.items():
            for rank, (docid, score) in enumerate(ranking, 1):
                f.write(f"{qid} Q0 {docid} {rank} {score:.6f} {tag}\n")


def score_run(score_ranking: ModuleType, run: Path, collection: str, split: str) -> dict[str, Any]:
    """Mean measures of a run file over one split, as ``score_ranking.py`` computes them."""
    folder = collection_dir(collection)
    qrels = score_ranking.read_qrels(folder / "qrels.txt")
    qids = [
        q
        for q in score_ranking.read_query_ids(folder / f"queries.{split}.tsv")
        if any(r > 0 for r in qrels.get(q, {}).values())
    ]
    per_query = score_ranking.per_query_py(score_ranking.read_run(run), qrels, qids)
    means: dict[str, Any] = {m: sum(per_query[q][m] for q in qids) / len(qids) for m in MEASURES}
    means["queries"] = len(qids)
    return means


# -- the benchmark -------------------------------------------------------------------------------


def evaluate(collection: str, splits: list[str], systems: list[str]) -> list[dict[str, Any]]:
    """Build (or reuse) every system's index and score its runs; one row per system × split."""
    folder = CACHE / "ranking" / collection
    runs = folder / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    score_ranking = scorer()
    rows = []
    for name in systems:
        system = PEERS[name](collection)
        started = time.perf_counter()
        system.build(lambda: iter_docs(collection), folder)
        built = time.perf_counter() - started
        try:
            for split in splits:
                queries = read_queries(collection, split)
                started = time.perf_counter()
                rankings = {qid: system.search(keywords(text), DEPTH) for qid, text in queries}
                per_query_ms = (time.perf_counter() - started) * 1000 / len(queries)
                run = runs / f"{name}.{split}.run"
                write_run(run, rankings, name)
                means = score_run(score_ranking, run, collection, split)
                rows.append(
                    {
                        "system": name,
                        "split": split,
                        **means,
                        "ms/query": per_query_ms,
                        "build s": built,
                    }
                )
        finally:
            system.close()
    return rows


def print_table(collection: str, rows: list[dict[str, Any]]) -> None:
    """One table per collection: system × split × measures."""
    print(f"\n## {collection}  (depth {DEPTH}; build s = index build or cache load)")
    header = f"{'system':<20} {'split':<5} " + " ".join(f"{m:>8}" for m in MEASURES)
    print(header + f" {'ms/query':>9} {'build s':>8}")
    for row in sorted(rows, key=lambda r: (r["split"], -r["nDCG@10"])):
        cells = " ".join(f"{row[m]:>8.3f}" for m in MEASURES)
        print(
            f"{row['system']:<20} {row['split']:<5} {cells} {row['ms/query']:>9.1f}"
            f" {row['build s']:>8.1f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collection", choices=(*COLLECTIONS, "all"), default="all")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument(
        "--systems", default=",".join(PEERS), help="comma-separated subset of " + ", ".join(PEERS)
    )
    args = parser.parse_args(argv)
    collections = list(COLLECTIONS) if args.collection == "all" else [args.collection]
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    systems = []
    for name in args.systems.split(","):
        if name not in PEERS:
            parser.error(f"unknown system {name!r}")
        if installed(name):
            systems.append(name)
        else:
            print(f"skipping {name}: not installed (pip install {PIP_NAMES[name]})")
    for collection in collections:
        collection_dir(collection)
        print_table(collection, evaluate(collection, splits, systems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
