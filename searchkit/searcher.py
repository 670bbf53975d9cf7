"""Runs a parsed query on a Whoosh searcher → SearchResults.

In the order a search runs (issue 5): bound wildcard/prefix/fuzzy expansions (with a warning),
filter (dates, site, author), rank or sort, collapse syndicated copies into one hit, cut the page,
make snippets, list each hit's other copies, count facets over every hit, and suggest a spelling
when few documents match.
"""

from __future__ import annotations

import calendar
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from typing import Any, Literal

from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from searchkit import schema, suggest
from searchkit.query import ParsedQuery
from searchkit.results import Copy, FacetCount, Hit, SearchResults
from searchkit.snippets import Snippet, SpanFormatter, fragmenter, opening, snippet_for

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[Sort, ...] = ("relevance", "newest", "oldest")

Facet = Literal["site", "author", "month"]
FACETS: tuple[Facet, ...] = ("site", "author", "month")

#: A prefix, wildcard or fuzzy word that expands to more index terms than this searches only the
#: most frequent of them (issue 5): "a*" on 100k news articles expands to ~20k terms and an OR of
#: them all takes seconds; 500 keeps the worst case near a plain 20-word query.
MAX_EXPANSIONS = 500

#: Facet values kept per facet (site and author; months are all kept, oldest first).
FACET_SIZE = 20

#: Key terms of a body that ``similar`` searches for: Whoosh's default of 5 misses related
#: stories that share the topic but not the document's rarest words.
SIMILAR_TERMS = 20

#: Below this many hits a query gets a spelling suggestion when one of its words is rare.
SUGGEST_BELOW = 3

_DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_bound(value: date | str, *, end: bool = False) -> date:
    """A ``since``/``until`` value as a day: ``2016`` and ``2016-11`` mean their first day, or
    with ``end=True`` their last. Raises ``ValueError`` for anything else.

    >>> date_bound("2016-11"), date_bound("2016-11", end=True), date_bound("2016", end=True)
    (datetime.date(2016, 11, 1), datetime.date(2016, 11, 30), datetime.date(2016, 12, 31))
    """
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    match = _DATE_BOUND.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is None:
        return date(year, 12, 31) if end else date(year, 1, 1)
    if day is None:
        if not 1 <= month <= 12:
            raise ValueError(f"{value!r} is not a date (no month {month})")
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a date ({error})") from None


def run(
    searcher: Searcher,
    parsed: ParsedQuery,
    *,
    limit: int = 10,
    page: int = 1,
    sort: Sort = "relevance",
    since: date | str | None = None,
    until: date | str | None = None,
    site: str | None = None,
    author: str | None = None,
    facets: Sequence[Facet] = (),
    collapse: bool = True,
) -> SearchResults:
    """One page of hits for ``parsed``, best first (or by date), with snippets."""
    if limit < 1 or page < 1:
        raise ValueError("limit and page must be at least 1")
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    unknown = [name for name in facets if name not in FACETS]
    if unknown:
        raise ValueError(f"facets must be among {', '.join(FACETS)}, not {unknown}")
    query, warnings = bound_expansions(parsed.query, searcher.reader())
    filter_query = _filter(searcher, since, until, site, author)
    options: dict[str, Any] = {}
    if sort != "relevance":
        options["sortedby"] = "published"
        options["reverse"] = sort == "newest"
    filter_docs = None
    if filter_query is not None:
        # Evaluated once as a set of document numbers, shared by every tier and by the count,
        # instead of once per Whoosh search (a date range walks many terms).
        filter_docs = set(searcher.docs_for_query(filter_query))
        options["filter"] = filter_docs
    matching = _matching(searcher, parsed, query, filter_docs)
    ranked = _ranked(searcher, parsed, query, page * limit, collapse, options, len(matching))
    page_hits = ranked[(page - 1) * limit : page * limit]
    copies = _copies(searcher, matching, [hit for hit, _ in page_hits]) if collapse else {}
    hits = []
    for whoosh_hit, score in page_hits:
        stored = whoosh_hit.fields()
        article = schema.from_fields(stored)
        hits.append(
            _hit(
                stored,
                score,
                snippet_for(whoosh_hit, article.body),
                copies.get(whoosh_hit.docnum, ()),
            )
        )
    # A collapsed total counts clusters: copies of one story are one hit.
    total = len(_distinct(searcher, schema.DUP_KEY, matching)) if collapse else len(matching)
    suggestion = (
        suggest.suggestion(searcher.reader(), parsed.text) if total < SUGGEST_BELOW else None
    )
    return SearchResults(
        query=parsed.text,
        total=total,
        hits=tuple(hits),
        page=page,
        limit=limit,
        facets=_facets(searcher, matching, facets) if facets else {},
        warnings=tuple(warnings),
        suggestion=suggestion,
    )


def _ranked(
    searcher: Searcher,
    parsed: ParsedQuery,
    query: wq.Query,
    wanted: int,
    collapse: bool,
    options: dict[str, Any],
    matches: int,
) -> list[tuple[Any, float]]:
    """The first ``wanted`` hits with their scores, one per syndication cluster when
    ``collapse``.

    Collapsing is done here, not with Whoosh's ``collapse=``: in Whoosh 2.7.5 a filter
    (``--since``, ``--site``) bypasses the collapsing collector, and its count is wrong when every
    match fits in the limit. Hits are asked for with room for some copies, and twice as many
    again in the rare case that the page is still not full.
    """
    if not collapse:
        return _top(searcher, parsed, query, wanted, options)
    asked = wanted * 2 + 10
    keys = _column(searcher, schema.DUP_KEY)
    while True:
        found = _top(searcher, parsed, query, asked, options)
        seen: set[bytes] = set()
        kept = []
        for whoosh_hit, score in found:
            key = keys[whoosh_hit.docnum]
            if key and key in seen:
                continue
            seen.add(key)
            kept.append((whoosh_hit, score))
            if len(kept) == wanted:
                return kept
        if len(found) >= matches or len(found) < asked:
            return kept
        asked *= 2


def _top(
    searcher: Searcher, parsed: ParsedQuery, query: wq.Query, count: int, options: dict[str, Any]
) -> list[tuple[Any, float]]:
    """The best ``count`` Whoosh hits with their scores, ready for highlighting.

    A plain multi-word query ranked by relevance runs tier by tier (phrase, then all words, then
    any word), each tier a BM25-ranked search that may stop early. The scores and the order are
    those of the single query with constant-score bonus clauses, but one bonus clause in an OR
    stops Whoosh from skipping low-scoring blocks, so it scores every matching document: a
    six-word AP88 topic at 100k documents took seconds that way (issue 5).
    """
    if not parsed.tiers or parsed.ranked is None or "sortedby" in options:
        return [(hit, float(hit.score or 0.0)) for hit in _search(searcher, query, count, options)]
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
    return found


def _search(searcher: Searcher, q: wq.Query, count: int, options: dict[str, Any]) -> Any:
    results = searcher.search(q, limit=count, **options)
    results.formatter = SpanFormatter()
    results.fragmenter = fragmenter()
    return results


def _matching(
    searcher: Searcher, parsed: ParsedQuery, query: wq.Query, filter_docs: set[int] | None
) -> set[int]:
    """The numbers of every matching document, without scoring them all a second time.

    A plain-words query matches exactly the documents that hold one of its words in title or
    body (its bonus tiers are subsets of those), so its matches are the union of those posting
    lists (within the filter). Other queries are matched by Whoosh, unscored.
    """
    found: set[int] = set()
    if not parsed.plain:
        found.update(searcher.docs_for_query(query))
    else:
        reader = searcher.reader()
        for field in schema.TEXT_FIELDS:
            analyzer = searcher.schema[field].analyzer
            for word in parsed.words:
                for token in analyzer(word):
                    if reader.doc_frequency(field, token.text):
                        found.update(reader.postings(field, token.text).all_ids())
    if filter_docs is not None:
        found.intersection_update(filter_docs)
    return found


def similar(searcher: Searcher, doc_id: str, *, limit: int = 10) -> SearchResults | None:
    """Documents like ``doc_id`` by the key terms of its body, itself and its copies left out;
    None when there is no such document."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return None
    stored = searcher.stored_fields(docnum)
    own_copies = wq.Term(schema.DUP_KEY, stored.get(schema.DUP_KEY, ""))
    results = searcher.more_like(
        docnum, "body", text=stored.get("body", ""), top=limit * 3, numterms=SIMILAR_TERMS
    )
    hits: list[Hit] = []
    seen_keys: set[str] = set()
    own = set(searcher.docs_for_query(own_copies)) if stored.get(schema.DUP_KEY) else set()
    for whoosh_hit in results:
        fields = whoosh_hit.fields()
        key = fields.get(schema.DUP_KEY, "")
        if whoosh_hit.docnum in own or (key and key in seen_keys):
            continue  # the same story again: not "more like" it
        seen_keys.add(key)
        hits.append(
            _hit(fields, float(whoosh_hit.score or 0.0), Snippet(opening(fields["body"])), ())
        )
        if len(hits) == limit:
            break
    return SearchResults(query=doc_id, total=len(hits), hits=tuple(hits), page=1, limit=limit)


def _hit(stored: dict[str, Any], score: float, snippet: Snippet, also_at: tuple[Copy, ...]) -> Hit:
    article = schema.from_fields(stored)
    return Hit(
        id=stored["id"],
        score=score,
        title=article.title,
        url=article.url,
        site=article.site,
        published=article.published,
        snippet=snippet.text,
        highlights=snippet.spans,
        also_at=also_at,
    )


# -- expansions ---------------------------------------------------------------------------------


class _BoundedTerms(wq.MultiTerm):  # type: ignore[misc]  # Whoosh is untyped
    """A prefix/wildcard/fuzzy query cut down to a fixed list of its expansions.

    Scores like the query it replaces: Whoosh's MultiTerm matcher ORs the terms, constant-score
    when the original was.
    """

    def __init__(self, original: wq.MultiTerm, btexts: list[bytes]) -> None:
        self.fieldname = original.fieldname
        self.text = original.text
        self.boost = original.boost
        self.constantscore = original.constantscore
        self.btexts = btexts

    def _btexts(self, ixreader: IndexReader) -> Iterator[bytes]:
        return iter(self.btexts)

    def __repr__(self) -> str:
        return f"_BoundedTerms({self.fieldname!r}, {self.text!r}, {len(self.btexts)} terms)"

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


def bound_expansions(query: wq.Query, reader: IndexReader) -> tuple[wq.Query, list[str]]:
    """Cut every prefix/wildcard/fuzzy word that expands to over MAX_EXPANSIONS index terms down
    to its MAX_EXPANSIONS most frequent ones; one warning per word typed."""
    expanded: dict[str, int] = {}

    def bound(q: wq.Query) -> wq.Query:
        if isinstance(q, wq.PatternQuery | wq.FuzzyTerm):
            btexts = _first(q._btexts(reader), MAX_EXPANSIONS + 1)
            if len(btexts) <= MAX_EXPANSIONS:
                return q
            btexts = list(q._btexts(reader))
            frequency = reader.doc_frequency
            btexts.sort(key=lambda b: -frequency(q.fieldname, b))
            typed = _typed(q)
            expanded[typed] = max(expanded.get(typed, 0), len(btexts))
            return _BoundedTerms(q, btexts[:MAX_EXPANSIONS])
        return q.apply(bound)  # a copy with bounded children; a leaf is itself

    bounded = bound(query)
    warnings = [
        f"{typed!r} matches {count:,} words; searched the {MAX_EXPANSIONS:,} most frequent"
        for typed, count in expanded.items()
    ]
    return bounded, warnings


def _typed(q: wq.Query) -> str:
    if isinstance(q, wq.FuzzyTerm):
        return f"{q.text}~"
    if isinstance(q, wq.Prefix):
        return f"{q.text}*"
    return str(q.text)


def _first(items: Iterable[bytes], n: int) -> list[bytes]:
    out: list[bytes] = []
    for item in items:
        out.append(item)
        if len(out) >= n:
            break
    return out


# -- filters ------------------------------------------------------------------------------------


def _filter(
    searcher: Searcher,
    since: date | str | None,
    until: date | str | None,
    site: str | None,
    author: str | None,
) -> wq.Query | None:
    clauses: list[wq.Query] = []
    if since or until:
        start = datetime.combine(date_bound(since), time.min) if since else None
        end = datetime.combine(date_bound(until, end=True), time.max) if until else None
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


# -- collapsed copies ---------------------------------------------------------------------------


def _copies(searcher: Searcher, matching: set[int], page: list[Any]) -> dict[int, tuple[Copy, ...]]:
    """For each hit on the page, the other matching documents of its syndication cluster."""
    keys = {h.docnum: h.fields().get(schema.DUP_KEY, "") for h in page}
    wanted = [wq.Term(schema.DUP_KEY, key) for key in set(keys.values()) if key]
    if not wanted:
        return {}
    in_clusters = set(searcher.docs_for_query(wq.Or(wanted)))
    if len(in_clusters) == len(page):
        return {}  # no hit on the page has a copy: skip running the query again
    clusters: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for docnum in sorted(in_clusters & matching):
        stored = searcher.stored_fields(docnum)
        clusters.setdefault(stored.get(schema.DUP_KEY, ""), []).append((docnum, stored))
    return {
        docnum: tuple(
            Copy(id=s["id"], url=s.get("url", ""), site=s.get("site", ""))
            for other, s in clusters.get(key, [])
            if other != docnum
        )
        for docnum, key in keys.items()
    }


# -- facets -------------------------------------------------------------------------------------

#: Per-searcher cache of columns: one list of raw (UTF-8) values per field, by document number.
_COLUMNS: weakref.WeakKeyDictionary[Searcher, dict[str, list[bytes]]] = weakref.WeakKeyDictionary()


def _facets(
    searcher: Searcher, docs: set[int], names: Sequence[Facet]
) -> dict[str, tuple[FacetCount, ...]]:
    """Counts of every matching document (copies included) by site, author and month.

    Reads whole sortable columns once per searcher and counts with a Counter, which at 100k
    documents is far cheaper than a stored-field read per hit.
    """
    out: dict[str, tuple[FacetCount, ...]] = {}
    for name in names:
        column = _column(searcher, schema.FACET_FIELDS[name])
        raw = Counter(column[d] for d in docs)
        raw.pop(b"", None)
        counts = Counter({value.decode("utf-8"): count for value, count in raw.items()})
        if name == "author":
            counts = _split_authors(counts)
        if name == "month":
            ordered = sorted(counts.items())
        else:
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
        out[name] = tuple(FacetCount(value=value, count=count) for value, count in ordered)
    return out


def _distinct(searcher: Searcher, field: str, docs: set[int]) -> set[bytes]:
    column = _column(searcher, field)
    return {column[d] for d in docs}


def _split_authors(joined: Counter[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for value, count in joined.items():
        for author in schema.split_authors(value):
            counts[author] += count
    return counts


def _column(searcher: Searcher, field: str) -> list[bytes]:
    """A whole column, read once per searcher. Raw bytes: decoding 100k values one by one
    (``translate=True``) doubled the read time (~150 ms a column at 100k documents); only the
    few distinct facet values are decoded."""
    cached = _COLUMNS.setdefault(searcher, {})
    if field not in cached:
        values: list[bytes] = []
        for reader, _offset in searcher.reader().leaf_readers():
            if reader.has_column(field):
                values.extend(reader.column_reader(field, translate=False))
            else:
                values.extend([b""] * reader.doc_count_all())
        cached[field] = values
    return cached[field]
