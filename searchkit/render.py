"""Results and reports → text for people or JSON for programs (CLI and HTTP layer alike)."""

from __future__ import annotations

import html
import json
import re
import shlex
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import typer

from scrapers import Article, Dropped
from searchkit.results import ArchiveStats, Hit, IngestReport, SearchResults
from searchkit.sources import SUFFIXES

#: Control characters but tab and newline. A page or a record may hold them, and printed as
#: they are they drive the terminal: clear it, retitle its window, move the cursor back over
#: what was printed (QA round 4). Text for a terminal leaves them out; JSON escapes those below
#: U+0020, and a terminal reading UTF-8 takes the rest as text.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    """``text`` without control characters (but tab and newline), to print on a terminal."""
    return _CONTROLS.sub("", text)


def _quoted(text: str) -> str:
    """``text`` in single quotes, as a shell reads it (and the filters after it are shown):
    Python's quotes doubled a backslash typed, ``'kiwi\\\\mango'`` (QA)."""
    quoted = shlex.quote(text)
    return _safe(quoted if quoted != text else f"'{text}'")


def names(authors: Sequence[str]) -> str:
    """Authors as one line: by commas, or by semicolons when a name holds a comma ("Doe,
    John"): "Jane Doe, Doe, John" read as three people (QA)."""
    return ("; " if any("," in name for name in authors) else ", ").join(authors)


def to_json(record: Any) -> str:
    """Any result record (anything with ``to_dict()``) as one line of JSON."""
    return json.dumps(record.to_dict(), ensure_ascii=False)


def emphasise(
    text: str,
    spans: tuple[tuple[int, int], ...],
    mark: Callable[[str], str],
    plain: Callable[[str], str] = lambda s: s,
) -> str:
    """``text`` with each span passed through ``mark`` and the rest through ``plain``."""
    out: list[str] = []
    at = 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out += [plain(text[at:start]), mark(text[start:end])]
        at = end
    out.append(plain(text[at:]))
    return "".join(out)


def snippet_terminal(hit: Hit, width: int | None = None) -> list[str]:
    """The snippet with the matched words in bold (ANSI; stripped when not on a terminal), in
    lines of at most ``width`` characters, or one line when ``width`` is None (a pipe: one
    line a hit, for grep). A terminal wrapped a long snippet at its edge, back to column 0
    under the indented hit."""
    text = _WHITESPACE.sub(" ", hit.snippet)  # one character for one: the spans still hold
    out = []
    # No width: the whole snippet on one line, not measured in columns (it was cut at len(text)
    # columns, and text in Chinese or Japanese, two columns a letter, broke in two: QA).
    for start, end in _lines(text, width) if width else [(0, len(text))]:
        spans = tuple(
            (max(a, start) - start, min(b, end) - start)
            for a, b in hit.highlights
            if a < end and b > start
        )
        out.append(emphasise(text[start:end], spans, _bold, _safe))
    return out


def _bold(text: str) -> str:
    return typer.style(_safe(text), bold=True)


def _lines(text: str, width: int) -> list[tuple[int, int]]:
    """Where the lines of ``text`` (single spaces between words) start and end, each at most
    ``width`` columns (a Chinese or Japanese letter takes two) but a word longer than that,
    which is not cut. A line may end at a space or beside such a letter: text written without
    spaces was one line of 573 letters (review)."""
    lines: list[tuple[int, int]] = []
    at = 0
    while True:
        while text[at : at + 1] == " ":
            at += 1
        if at >= len(text):
            return lines
        columns, end, cut = 0, at, 0
        while end < len(text) and (end == at or columns + _columns(text[end]) <= width):
            columns += _columns(text[end])
            end += 1
            if end < len(text) and (text[end] == " " or _wide(text[end - 1]) or _wide(text[end])):
                cut = end  # a line may end here
        if end < len(text):
            if cut <= at:  # a word longer than the line: to the next space, or the end
                space = text.find(" ", end)
                cut = space if space > 0 else len(text)
            end = cut
        lines.append((at, at + len(text[at:end].rstrip())))
        at = end


def _columns(letter: str) -> int:
    """The columns a terminal gives a letter."""
    return 2 if _wide(letter) else 1


def _wide(letter: str) -> bool:
    return unicodedata.east_asian_width(letter) in "WF"


#: Any whitespace of a snippet, printed as a space.
_WHITESPACE = re.compile(r"\s")


def snippet_html(hit: Hit) -> str:
    """The snippet as HTML: text escaped, matched words in ``<mark>``."""
    return emphasise(
        hit.snippet, hit.highlights, lambda s: f"<mark>{html.escape(s)}</mark>", html.escape
    )


def results_text(
    results: SearchResults, *, like: bool = False, filters: str = "", width: int | None = None
) -> str:
    """A numbered, readable list of hits: title, site · date, snippet, other copies; then the
    facets and a spelling suggestion when there are any. ``like``: the hits of ``similar``,
    whose query is a document's id ("165 documents match 'https://…'" read as a search for
    the URL, QA). ``filters``: the options that narrowed the search, said when nothing is
    left ("No documents match 'plague' with --site nypost.com" did not say why, QA).
    ``width``: the snippets' lines are at most that long (a terminal's width); None, one line
    each."""
    lines = _hits_text(results, like=like, filters=filters, width=width)
    while lines and not lines[-1]:
        lines.pop()
    for name, counts in results.facets.items():
        lines += ["", f"{name}:"]
        lines += [f"  {n.count:>6}  {_safe(n.value)}" for n in counts] or ["  (none)"]
    if results.suggestion:
        lines += ["", f"Did you mean: {_safe(results.suggestion)}"]
    return "\n".join(lines).rstrip()


def warnings_text(results: SearchResults) -> str:
    """The results' warnings, one ``warning: …`` line each (the CLI prints them on stderr)."""
    return "\n".join(f"warning: {warning}" for warning in results.warnings)


def _hits_text(results: SearchResults, *, like: bool, filters: str, width: int | None) -> list[str]:
    within = f" with {_safe(filters)}" if filters else ""
    pages = -(-results.total // results.limit)
    if not results.hits:
        if results.total:
            # Which page is the last (journalist QA: page 999 of 13 said only "123 in all").
            last_page = f"the last is page {pages}"
            return [f"No hits on page {results.page} ({results.total} in all; {last_page})."]
        return [f"No documents {'are like' if like else 'match'} {_quoted(results.query)}{within}."]
    first = (results.page - 1) * results.limit + 1
    last = first + len(results.hits) - 1
    verb = ("s are like", " is like") if like else ("s match", " matches")
    lines = [
        # The filters too, which only a search that found nothing said (journalist QA).
        f"{results.total} document{verb[results.total == 1]} "
        f"{_quoted(results.query)}{within} (showing {first}–{last}):",
        "",
    ]
    for number, hit in enumerate(results.hits, start=first):
        lines.append(f"{number}. {typer.style(_safe(hit.title) or '(untitled)', bold=True)}")
        where = " · ".join(
            part
            for part in (
                hit.site,
                names(hit.authors),
                hit.published.isoformat()[:10] if hit.published else "",
                hit.url or hit.id,
            )
            if part
        )
        lines.append(f"   {_safe(where)}")
        if hit.snippet:
            lines += [f"   {line}" for line in snippet_terminal(hit, width and width - 3)]
        if hit.also_at:
            # Each name once: a site's several copies said its name as many times (QA).
            places = ", ".join(dict.fromkeys(c.site or c.url or c.id for c in hit.also_at))
            lines.append(f"   also at: {_safe(places)}")
        lines.append("")
    if results.page < pages:
        lines.append(f"More: --page {results.page + 1} (of {pages})")  # how (journalist QA)
    return lines


def article_text(
    article: Article, dropped: list[Dropped] | None = None, *, doc_id: str = "", source: str = ""
) -> str:
    """An Article as a person reads it: where it came from and the id it is indexed under (when
    given), the fields, then the body, then what was left out."""
    meta = [
        ("Source", source),
        ("Id", doc_id),
        ("Title", article.title),
        ("Authors", names(article.authors)),
        ("Published", article.published.isoformat() if article.published else ""),
        ("Site", article.site),
        ("URL", article.url),
        ("Language", article.language),
    ]
    lines = [f"{name + ':':<11}{value}" for name, value in meta if value]
    lines += ["", article.body or "(no article body found)"]
    if dropped is not None:
        lines += ["", f"Dropped ({len(dropped)} blocks):" if dropped else "Dropped: nothing."]
        lines += [f"- {d.reason}: {d.text}" for d in dropped]
    return _safe("\n".join(lines))


def article_json(
    article: Article, dropped: list[Dropped] | None = None, *, doc_id: str = "", source: str = ""
) -> str:
    """An Article as one line of JSON; with ``dropped``, a ``"dropped"`` list of text/reason;
    ``source`` and ``id`` come first when given."""
    where = {"source": source, "id": doc_id}
    data = {**{key: value for key, value in where.items() if value}, **article.to_dict()}
    if dropped is not None:
        data["dropped"] = [{"text": d.text, "reason": d.reason} for d in dropped]
    return json.dumps(data, ensure_ascii=False)


def report_text(report: IngestReport, elapsed: float) -> str:
    """The one-line summary of an ingest."""
    removed = f", removed {report.removed}" if report.removed else ""  # only after --prune
    ignored = ""  # only when a folder held files of other types: why it gave so few pages
    if report.ignored:
        ignored = f", ignored {report.ignored} (not {' '.join(SUFFIXES)})"
    return (
        f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
        f"empty {report.empty}, failed {len(report.failed)}{removed}{ignored} in {elapsed:.1f} s"
    )


def stats_text(stats: ArchiveStats) -> str:
    """Index statistics, one per line."""
    first = stats.first_published.isoformat() if stats.first_published else "-"
    last = stats.last_published.isoformat() if stats.last_published else "-"
    return "\n".join(
        [
            f"index:      {stats.path}",
            f"documents:  {stats.documents}",
            f"sites:      {stats.sites}",
            f"published:  {first} to {last}",
            f"size:       {_size(stats.size_bytes)}",
        ]
    )


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"
