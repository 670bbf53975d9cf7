"""Runs a parsed query on a Whoosh searcher → SearchResults: filters, sort, paging, snippets."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Literal

from whoosh import query as wq
from whoosh.searching import Searcher

from searchkit import schema
from searchkit.query import ParsedQuery
from searchkit.results import Hit, SearchResults
from searchkit.snippets import SpanFormatter, fragmenter, snippet_for

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[Sort, ...] = ("relevance", "newest", "oldest")


def run(
    searcher: Searcher,
    parsed: ParsedQuery,
    *,
    limit: int = 10,
    page: int = 1,
    sort: Sort = "relevance",
    since: date | None = None,
    until: date | None = None,
    site: str | None = None,
    author: str | None = None,
) -> SearchResults:
    """One page of hits for ``parsed``, best first (or by date), with snippets."""
    if limit < 1 or page < 1:
        raise ValueError("limit and page must be at least 1")
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    options: dict[str, Any] = {"filter": _filter(searcher, since, until, site, author)}
    if sort != "relevance":
        options["sortedby"] = "published"
        options["reverse"] = sort == "newest"
    if options["filter"] is not None:
        # Evaluated once as a set of document numbers, shared by every tier and by the count,
        # instead of once per Whoosh search (a date range walks many terms).
        options["filter"] = set(searcher.docs_for_query(options["filter"]))
    # No terms=True: recording the matched terms of every matching document cost ~30% of a
    # multi-word query at 100k documents, and snippets highlight the query's words without it.
    ranked, total = _top(searcher, parsed, page * limit, options)
    hits: list[Hit] = []
    for whoosh_hit, score in ranked[(page - 1) * limit : page * limit]:
        stored = whoosh_hit.fields()
        article = schema.from_fields(stored)
        snippet = snippet_for(whoosh_hit, article.body)
        hits.append(
            Hit(
                id=stored["id"],
                score=score,
                title=article.title,
                url=article.url,
                site=article.site,
                published=article.published,
                snippet=snippet.text,
                highlights=snippet.spans,
            )
        )
    return SearchResults(
        query=parsed.text,
        total=total if total is not None else _total(searcher, parsed, options),
        hits=tuple(hits),
        page=page,
        limit=limit,
    )


def _top(
    searcher: Searcher, parsed: ParsedQuery, count: int, options: dict[str, Any]
) -> tuple[list[tuple[Any, float]], int | None]:
    """The best ``count`` Whoosh hits with their scores, ready for highlighting, and the total
    number of matches when it came for free (else None).

    A plain multi-word query ranked by relevance runs tier by tier (phrase, then all words, then
    any word), each tier a BM25-ranked search that may stop early. The scores and the order are
    those of the single query with constant-score bonus clauses, but one bonus clause in an OR
    stops Whoosh from skipping low-scoring blocks, so it scores every matching document: a
    six-word AP88 topic at 100k documents took seconds that way (issue 5).
    """
    if not parsed.tiers or parsed.ranked is None or "sortedby" in options:
        single = dict(options)
        if not parsed.plain:
            # Phrases, fields, operators: score every match in one pass, which counts them too;
            # skipping blocks would make len() run the query a second time (issue 5).
            single["optimize"] = False
        results = _search(searcher, parsed.query, count, single)
        hits = [(hit, float(hit.score or 0.0)) for hit in results]
        exact = not parsed.plain and results.has_exact_length()
        return hits, (len(results) if exact else None)
    found: list[tuple[Any, float]] = []
    above: wq.Query | None = None
    for tier, bonus in (*parsed.tiers, (None, 0.0)):
        if len(found) >= count:
            break
        tier_options = dict(options)
        if above is not None:
            tier_options["mask"] = above
        if tier is None:
            q = parsed.ranked
        else:
            # Require walks the (small) tier and scores its documents by the ranked query. No
            # block skipping here: it gains nothing on a small tier, and Whoosh-Reloaded 2.7.5's
            # RequireMatcher.skip_to_quality fails an assertion.
            q = wq.Require(parsed.ranked, tier)
            tier_options["optimize"] = False
        for hit in _search(searcher, q, count - len(found), tier_options):
            found.append((hit, float(hit.score or 0.0) + bonus))
        above = tier
    return found, None


def _search(searcher: Searcher, q: wq.Query, count: int, options: dict[str, Any]) -> Any:
    results = searcher.search(q, limit=count, **options)
    results.formatter = SpanFormatter()
    results.fragmenter = fragmenter()
    return results


def _total(searcher: Searcher, parsed: ParsedQuery, options: dict[str, Any]) -> int:
    """The exact number of matching documents, without scoring them all a second time.

    A plain-words query matches exactly the documents that hold one of its words in title or
    body (its bonus tiers are subsets of those), so its total is the size of the union of those
    posting lists (within the filter). Other queries are counted by Whoosh.
    """
    allowed: set[int] | None = options.get("filter")
    found: set[int] = set()
    if not parsed.plain:
        found.update(searcher.docs_for_query(parsed.query))
    else:
        reader = searcher.reader()
        for field in schema.TEXT_FIELDS:
            analyzer = searcher.schema[field].analyzer
            for word in parsed.words:
                for token in analyzer(word):
                    if reader.doc_frequency(field, token.text):
                        found.update(reader.postings(field, token.text).all_ids())
    if allowed is not None:
        found &= allowed
    return len(found)


def _filter(
    searcher: Searcher,
    since: date | None,
    until: date | None,
    site: str | None,
    author: str | None,
) -> wq.Query | None:
    clauses: list[wq.Query] = []
    if since or until:
        start = datetime.combine(since, time.min) if since else None
        end = datetime.combine(until, time.max) if until else None
        clauses.append(wq.DateRange("published", start, end))
    if site:
        clauses.append(wq.Term("site_key", schema.site_key(site)))
    if author:
        analyzer = searcher.schema["author"].analyzer
        words = [token.text for token in analyzer(author)]
        clauses.append(
            wq.Phrase("author", words)
            if len(words) > 1
            else wq.Term("author", words[0] if words else "")
        )
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)
