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
from whoosh.collectors import FilterCollector, WrappingCollector
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
    results, ranked, matching = _ranked(
        searcher, query, page * limit, collapse, options, filter_query
    )
    results.formatter = SpanFormatter()
    results.fragmenter = fragmenter()
    page_hits = ranked[(page - 1) * limit : page * limit]
    copies = _copies(searcher, matching, page_hits) if collapse else {}
    hits = []
    for whoosh_hit in page_hits:
        stored = whoosh_hit.fields()
        article = schema.from_fields(stored)
        hits.append(
            _hit(
                stored,
                float(whoosh_hit.score or 0.0),
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
    query: wq.Query,
    wanted: int,
    collapse: bool,
    options: dict[str, Any],
    filter_query: wq.Query | None,
) -> tuple[Any, list[Any], set[int]]:
    """The Whoosh results, their first ``wanted`` hits (one per syndication cluster when
    ``collapse``), and the numbers of every matching document.

    Collapsing is done here, not with Whoosh's ``collapse=``: in Whoosh 2.7.5 a filter
    (``--since``, ``--site``) bypasses the collapsing collector, and its count is wrong when every
    match fits in the limit. Hits are asked for with room for some copies, and twice as many
    again in the rare case that the page is still not full.
    """
    asked = wanted * 2 + 10
    while True:
        recorder = _Recorder(searcher.collector(limit=asked, optimize=False, **options))
        collector = recorder
        if filter_query is not None:
            collector = FilterCollector(recorder, allow=filter_query)
        searcher.search_with_collector(query, collector)
        results = collector.results()
        matching = set(recorder.docs)
        if not collapse:
            return results, list(results[:wanted]), matching
        keys = _column(searcher, schema.DUP_KEY)
        seen: set[bytes] = set()
        kept = []
        for whoosh_hit in results:
            key = keys[whoosh_hit.docnum]
            if key and key in seen:
                continue
            seen.add(key)
            kept.append(whoosh_hit)
            if len(kept) == wanted:
                break
        if len(kept) == wanted or results.scored_length() >= len(matching):
            return results, kept, matching
        asked *= 2


class _Recorder(WrappingCollector):  # type: ignore[misc]  # Whoosh is untyped
    """Passes each collected document on and keeps its number: every match, filters applied.

    Recording while ranking replaces a second, unscored run of the query: the one Whoosh makes
    to count the matches when it skipped blocks of low-scoring documents, or the one collapsing
    and facets would need. The collector under it must not skip blocks (``optimize=False``).
    """

    def __init__(self, child: Any) -> None:
        super().__init__(child)
        self.docs: list[int] = []

    def collect(self, sub_docnum: int) -> Any:
        self.docs.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


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
