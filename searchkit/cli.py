"""The ``searchkit`` command: a thin Typer shell over Archive and the scrapers.

Each command parses its options, makes one library call and renders the result. Errors are caught
in exactly one place (``_one_line_errors``): one line on stderr, exit status 1, no traceback.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
import select
import shlex
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from scrapers import ScrapeError
from searchkit import __version__, render
from searchkit.archive import DEFAULT_LOCK_TIMEOUT, Archive, prune_refused
from searchkit.checks import check_folder, check_seconds
from searchkit.dates import date_bound
from searchkit.errors import (
    DocumentNotFound,
    IngestError,
    OptionError,
    QueryError,
    SearchkitError,
)
from searchkit.indexer import MAX_WORKERS, preview
from searchkit.progress import IngestProgress, total_of
from searchkit.query import parse
from searchkit.results import IngestReport, SearchResults
from searchkit.schema import build_schema
from searchkit.searcher import MAX_LIMIT, Sort
from searchkit.sources import (
    FEED_SUFFIXES,
    PAGE_SUFFIXES,
    RECORD_SUFFIXES,
    WARC_SUFFIXES,
    XML_SUFFIX,
    brief,
    file_of,
    missing,
    printable,
)

DEFAULT_INDEX = Path("indexes") / "default"
#: The files index reads, and so clean: one rule for both (``sources.kind_of``).
FILE_TYPES = (
    f"{' '.join(PAGE_SUFFIXES)} (each also .gz), "
    + ", ".join(f"{suffix}[.gz]" for suffix in RECORD_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES)
    + f", an RSS or Atom {XML_SUFFIX}[.gz]"
)

#: Click's UsageError (a bad option value, an unknown option, a missing argument), reached through
#: its public subclass: new Typers vendor Click, older ones import it.
_UsageError: type[Exception] = typer.BadParameter.__mro__[1]
_NoSuchOption: Any = sys.modules[_UsageError.__module__].NoSuchOption


class _Commands(TyperGroup):
    """The ``searchkit`` command: its errors are one line (``_one_line_errors``) from the first
    word to the end, mistakes before a command's name too (``searchkit --bogus``, QA)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _set_up_stdout()
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        return super().main(*args, **kwargs)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: a click Context
        with _one_line_errors():
            if args[:1] == ["help"]:  # as git and pip take it (journalist QA: no such command)
                args = [*args[1:2], "--help"]
            try:
                return list(super().parse_args(ctx, args))
            except _NoSuchOption as error:
                # An option of a command, typed before its name (journalist QA).
                name = error.option_name
                theirs = [
                    command.name
                    for command in self.commands.values()
                    if any(name in param.opts for param in command.params)
                ]
                if theirs:
                    where = theirs[0] if len(theirs) == 1 else "COMMAND"
                    error.message = (
                        f"{name} goes after the command's name: searchkit {where} … {name} …"
                    )
                    error.possibilities = None  # not the group's own options
                raise

    def invoke(self, ctx: Any) -> Any:
        with _one_line_errors():
            return super().invoke(ctx)


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Turns every expected failure into ``Error: <message>`` on stderr and exit status 1.

    Usage errors too: Click would print the usage and a hint over three lines, with status 2.
    """
    try:
        yield
    except _UsageError as error:
        if isinstance(error, typer.BadParameter):
            # Typer 0.29 checks values with pydantic, which starts the message of a ValueError,
            # such as Typer's own for a choice not offered, with "Value error, " (QA).
            error.message = _in_words(error.message.removeprefix("Value error, "))
        message = error.format_message()  # type: ignore[attr-defined]
        typer.echo(f"Error: {brief(message)}", err=True)
        raise typer.Exit(1) from None
    except (SearchkitError, ScrapeError) as error:
        typer.echo(f"Error: {_message(error)}", err=True)
        raise typer.Exit(1) from None
    except BrokenPipeError as error:
        if not _reader_gone():  # another pipe (review): an error like any other
            typer.echo(f"Error: {error.strerror or error}", err=True)
            raise typer.Exit(1) from None
        # The reader stopped reading (`searchkit clean feed.jsonl | head`): nothing to say,
        # and nothing more may go to stdout, not even at exit. Status 141, as a command
        # killed by SIGPIPE.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(141) from None
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        typer.echo(f"Error: {printable(where)}{error.strerror or error}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt as stop:
        # Ctrl-C or SIGTERM. What was committed before it stays indexed; running again finishes.
        terminated = isinstance(stop, _Terminated)
        typer.echo(f"Error: {'terminated' if terminated else 'interrupted'}", err=True)
        raise typer.Exit(143 if terminated else 130) from None


def _message(error: SearchkitError | ScrapeError) -> str:
    """``error``'s message on one line; the file an ``IngestError`` names is shown as in a
    ``skipped`` line, control characters escaped: the newline in ``ctl\\nname.html`` was
    made a space with the message's own line breaks (QA)."""
    if isinstance(error, IngestError):
        return brief(f"{printable(error.source) or repr('')}: {error.reason}")
    return brief(str(error))


#: pydantic's words for a number out of bounds, as the library says them ("limit must be a
#: whole number"): "Input should be a valid integer, unable to parse string as an integer"
#: spoke to programmers (journalist QA).
_NUMBER_ERRORS = (
    (re.compile(r"Input should be a valid integer\b.*"), "must be a whole number"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"must be at least \1"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"must be at most \1"),
)


def _in_words(message: str) -> str:
    for pattern, said in _NUMBER_ERRORS:
        if pattern.fullmatch(message):
            return pattern.sub(said, message)
    return message


class _Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a service or container stopped), stopping a command as Ctrl-C does:
    it was killed on the spot, with no line said and its writer's files left behind."""


def _stop(signum: int, frame: Any) -> None:
    """Ctrl-C (SIGINT) or SIGTERM: stop the command, once. A second one broke into the clean-up
    the first one started, with a traceback (QA: ``timeout -s INT`` sends SIGINT to the command
    and again to its group)."""
    signal.signal(signum, signal.SIG_IGN)
    raise _Terminated if signum == signal.SIGTERM else KeyboardInterrupt


def _set_up_stdout() -> None:
    """stdout as the commands write to it.

    A letter its encoding lacks ("–" in latin-1) is written "?", not a UnicodeEncodeError
    traceback (review). When Python runs unbuffered, a buffer is put under it: a buffer writes
    all of a write or raises (BrokenPipeError when the reader has gone, which
    ``_one_line_errors`` ends with 141). With ``PYTHONUNBUFFERED=1``, usual in containers and
    CI, stdout's text layer writes to the file itself and ignores how much of a write the file
    took: ``searchkit search … | head -1`` lost what the pipe did not take of its one long
    write, without an error, and exited 0 (QA).
    """
    # A file, not Windows' console writer (also a RawIOBase), which writes in its own encoding.
    if type(getattr(sys.stdout, "buffer", None)) is io.FileIO:
        sys.stdout.flush()
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(sys.stdout.fileno(), "w", closefd=False)),
            encoding=sys.stdout.encoding,
            errors="replace",
            write_through=True,  # unbuffered as asked: typer.echo flushes every line it writes
        )
    elif isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def _reader_gone() -> bool:
    """Whether standard output is a pipe whose reader has closed it."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLERR)
        return bool(poller.poll(0))
    except (OSError, ValueError):  # no file descriptor (a test's captured output)
        return False


class _Command(TyperCommand):
    """A command whose arguments show by their metavar, as its options do and as the README's
    synopsis writes them: Typer 0.29 showed an argument's Python type, in braces in the usage
    line (``index [OPTIONS] {paths}...``, ``paths... <list[str]>``; QA)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _once_each(self.params, args, ctx)
        return list(super().parse_args(ctx, args))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        options = [self.options_metavar] if self.options_metavar else []
        return [*options, *(name for name, _ in self._arguments())]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params = self.get_params(ctx)
        options = [p.get_help_record(ctx) for p in params if p.param_type_name != "argument"]
        # A query command reads -h itself (``_QueryCommand``): its help says so, as others' do.
        options = [("-h, --help", row[1]) if row and row[0] == "--help" else row for row in options]
        for title, rows in (("Arguments", self._arguments()), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl([row for row in rows if row])

    def _arguments(self) -> list[tuple[str, str]]:
        """Each argument's metavar (else its name in capitals, as Click shows it) and help."""
        arguments: list[Any] = [p for p in self.params if p.param_type_name == "argument"]
        return [
            (p.metavar or p.name.upper(), f"{p.help or ''}{'  [required]' if p.required else ''}")
            for p in arguments
        ]


app = typer.Typer(
    cls=_Commands,
    help="Clean, index and search archives of news articles.",
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(asked: bool) -> None:
    """``--version``: prints it and ends before any command is looked for."""
    if asked:
        typer.echo(f"searchkit {__version__}")
        raise typer.Exit


@app.callback(invoke_without_command=True)
def _searchkit(
    ctx: typer.Context,
    version: Annotated[  # read by its callback, before any command
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """``searchkit`` alone prints its help as ``--help`` does, status 0 (Click's status 2 was
    neither help's 0 nor an error's 1; QA)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def _index_folder(value: str | Path) -> Path:
    """An --index value as a path (the default comes as one); an empty one is refused: it was
    the current folder, where an index was written among the user's own files (QA: ``--index
    "$UNSET"``)."""
    try:
        return check_folder(value, "the value")
    except OptionError as error:
        raise typer.BadParameter(str(error)) from None


IndexOption = Annotated[
    Path,
    typer.Option(
        "--index",
        metavar="DIR",
        envvar="SEARCHKIT_INDEX",
        help="Index folder.",
        parser=_index_folder,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _date(value: str | None) -> str | None:
    """Checks a --since/--until value; the library reads it (``dates.date_bound``)."""
    if value is not None:
        try:
            date_bound(value)
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None
    return value


def _seconds(value: float) -> float:
    """Checks a number of seconds as the library does: NaN was "should be greater than or equal
    to 0" (QA)."""
    try:
        return check_seconds(value, "seconds")
    except OptionError:
        raise typer.BadParameter(f"must be 0 seconds or more, not {value:g}") from None


LockTimeoutOption = Annotated[
    float,
    typer.Option(
        "--lock-timeout",
        metavar="SECONDS",
        callback=_seconds,
        help="Seconds to wait for another writer to finish before giving up.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        min=1,
        max=MAX_WORKERS,
        help="Processes cleaning pages, and writing index segments (default: one per core).",
    ),
]


@app.command(cls=_Command)
def index(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help=f"Files and folders: {FILE_TYPES}; '-' reads paths or JSONL lines from stdin.",
        ),
    ],
    index: IndexOption = DEFAULT_INDEX,
    prune: Annotated[
        bool,
        typer.Option(
            help="Remove documents whose file no longer exists, or whose record a JSONL or "
            "WARC file read in full no longer holds."
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option(help="Stop at the first page that fails (exit status 1).")
    ] = False,
    lock_timeout: LockTimeoutOption = DEFAULT_LOCK_TIMEOUT,
    workers: WorkersOption = None,
    json_output: JsonOption = False,
) -> None:
    """Clean and index pages; re-indexing a document replaces it."""
    started = time.monotonic()
    absent = missing(paths)
    nothing = len(absent) == len(paths)  # nothing to read: create no index for it
    if prune and absent:
        raise prune_refused(absent[0])  # as Archive.ingest would, with no index made for it
    if nothing:
        if strict:
            raise absent[0]
        _summary(IngestReport(failed=tuple(absent)), time.monotonic() - started, json_output)
        raise typer.Exit(1)
    with (
        IngestProgress("indexing", total_of(paths)) as progress,
        Archive(index, lock_timeout=lock_timeout, on_wait=progress.waiting) as archive,
    ):
        report = archive.ingest(
            paths, on_progress=progress.update, strict=strict, prune=prune, workers=workers
        )
    _summary(report, time.monotonic() - started, json_output)
    if report.failed and not (report.added or report.updated or report.unchanged or report.empty):
        raise typer.Exit(1)


@app.command(cls=_Command)
def rebuild(
    index: IndexOption = DEFAULT_INDEX,
    lock_timeout: LockTimeoutOption = DEFAULT_LOCK_TIMEOUT,
    workers: WorkersOption = None,
    json_output: JsonOption = False,
) -> None:
    """Re-clean every recorded source into a new index, then switch to it atomically."""
    started = time.monotonic()
    with (
        Archive(index, create=False, lock_timeout=lock_timeout, check_schema=False) as archive,
        IngestProgress("rebuilding", len(archive)) as progress,
    ):
        archive.on_wait = progress.waiting  # as index says it (review)
        report = archive.rebuild(on_progress=progress.update, workers=workers)
    _summary(report, time.monotonic() - started, json_output)


def _summary(report: IngestReport, elapsed: float, json_output: bool) -> None:
    for failure in report.failed:
        _skipped(failure)
    if not json_output:  # which pages gave no story ("empty 1" did not say: QA); JSON lists all
        for source in report.empty_sources[:EMPTY_SHOWN]:
            typer.echo(f"empty {printable(source) or repr('')}: no story found", err=True)
        if len(report.empty_sources) > EMPTY_SHOWN:
            more = len(report.empty_sources) - EMPTY_SHOWN
            typer.echo(f"… and {more} more pages with no story (--json lists them)", err=True)
    typer.echo(render.to_json(report) if json_output else render.report_text(report, elapsed))


class _QueryCommand(_Command):
    """A command whose argument may start with "-" (``searchkit search -aleppo``): click keeps
    an unknown ``-word`` as the argument (``ignore_unknown_options``), but a mistyped
    ``--long-option`` is still "No such option". ``-h`` alone is help, as for every command;
    click would read ``-hospital`` as ``-h`` and more, so only ``--help`` is its help option."""

    def get_help_option_names(self, ctx: Any) -> list[str]:
        return ["--help"]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        known = {"--help"}
        known.update(name for param in self.params for name in (*param.opts, *param.secondary_opts))
        valued = _valued(self.params)
        given = list(args)
        for at, arg in enumerate(given):
            if arg == "--":
                break
            name = arg.partition("=")[0]
            if name.startswith("--") and name not in known:
                # As Click says it of the other commands' options, with the near ones (QA).
                near = difflib.get_close_matches(name, sorted(known))
                raise _NoSuchOption(name, possibilities=near, ctx=ctx)
            if arg == "-h" and not (at and given[at - 1] in valued):  # not --site -h (review)
                given[at] = "--help"
        return list(super().parse_args(ctx, given))


def _once_each(params: list[Any], args: list[str], ctx: Any) -> None:
    """Fail when an option of one value is given twice: Click kept the last, and ``--since
    2019 --since 2021`` searched since 2021 without a word, where the HTTP API refuses it
    (QA)."""
    valued = _valued(params)
    given: set[str] = set()
    at = 0
    while at < len(args) and args[at] != "--":
        name, equals, _value = args[at].partition("=")
        param = valued.get(name)
        at += 2 if param is not None and not equals else 1  # past its value
        if param is None or param.multiple:
            continue
        if param.name in given:
            ctx.fail(f"{name} is given more than once")
        given.add(param.name)


@contextmanager
def _lenient_said(lenient: bool) -> Iterator[None]:
    """A malformed query's error says how to search its words anyway: a stray quote pasted
    stopped a user who does not know the syntax (journalist QA)."""
    try:
        yield
    except QueryError as error:
        if lenient or "lenient" in str(error) or not _mendable(error.query):
            raise  # said already (a query too long), or no help (not UTF-8)
        hint = f"{error} (--lenient searches the words as typed)"
        raise QueryError(hint, query=error.query, position=error.position) from None


def _mendable(query: str) -> bool:
    """Whether a lenient search takes ``query`` (not one too long, or not UTF-8)."""
    try:
        parse(query, build_schema(), lenient=True)
    except QueryError:
        return False
    return True


def _valued(params: list[Any]) -> dict[str, Any]:
    """A command's options followed by their value, by each of their names."""
    return {
        name: param
        for param in params
        if param.param_type_name == "option" and not param.is_flag
        for name in param.opts
    }


#: The query language at a glance, under ``search --help``; the README's "Query syntax" has all
#: of it. Click keeps a paragraph after ``\b`` as written.
SEARCH_EXAMPLES = """\b
Examples (the README's "Query syntax" has the whole language):
  searchkit search aleppo siege
  searchkit search '"arms control"' --sort newest
  searchkit search '"arms talks"~5' 'title:gorbachev' -summit
  searchkit search '(bank OR banks) AND regulat*'
  searchkit search 'massacre~' site:independent.co.uk
  searchkit search 'published:[2016-11-01 TO 2016-12-31]' aleppo
  searchkit search aleppo --since 2016-11 --facets --json"""


@app.command(
    cls=_QueryCommand, context_settings={"ignore_unknown_options": True}, epilog=SEARCH_EXAMPLES
)
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help='Words, "exact phrases", AND/OR/NOT, -word, field:value. Words given apart are '
            "one query (searchkit search iran contra hearings); quote a phrase in the query "
            """('"arms control"'). It may start with '-' (-aleppo, or after --: -- -aleppo).""",
        ),
    ],
    index: IndexOption = DEFAULT_INDEX,
    limit: Annotated[
        int, typer.Option(metavar="N", min=1, max=MAX_LIMIT, help="Hits per page.")
    ] = 10,
    page: Annotated[int, typer.Option(metavar="N", min=1, help="Page of hits to show.")] = 1,
    sort: Annotated[
        Sort, typer.Option(metavar="relevance|newest|oldest", help="Order of the hits.")
    ] = "relevance",
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Published on or after (YYYY-MM-DD, YYYY-MM or YYYY).",
            callback=_date,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Published on or before (YYYY-MM-DD, YYYY-MM or YYYY).",
            callback=_date,
        ),
    ] = None,
    site: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="Only this site; repeat for any of several."),
    ] = None,
    author: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="Only this author; repeat for any of several."),
    ] = None,
    lenient: Annotated[bool, typer.Option(help="Search the words of a malformed query.")] = False,
    facets: Annotated[
        bool, typer.Option("--facets", help="Count all hits by site, author and month.")
    ] = False,
    collapse: Annotated[
        bool, typer.Option(help="Fold syndicated copies of a story into one hit.")
    ] = True,
    feedback: Annotated[
        bool,
        typer.Option(
            "--feedback", help="Add words of the first hits to the query (slower, finds more)."
        ),
    ] = False,
    rerank: Annotated[
        bool,
        typer.Option(
            "--rerank", help="Re-rank the first 30 hits by meaning (best order, ~1 s slower)."
        ),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Search the index; best hits first."""
    with Archive(index, create=False) as archive, _lenient_said(lenient):
        results = archive.search(
            # Words given apart are one query: "Got unexpected extra argument(s)" stopped
            # `searchkit search iran contra hearings` (journalist QA).
            " ".join(word for word in query if word),
            limit=limit,
            page=page,
            sort=sort,
            since=since,
            until=until,
            site=site,
            author=author,
            lenient=lenient,
            facets=facets,
            collapse=collapse,
            feedback=feedback,
            rerank=rerank,
        )
    given = [("--since", [since] if since else []), ("--until", [until] if until else [])]
    given += [("--site", site or []), ("--author", author or [])]
    filters = " ".join(f"{name} {shlex.quote(value)}" for name, values in given for value in values)
    _echo_results(results, json_output, filters=filters)


# An id may start with "-": a JSONL record's own id, such as -5 (QA).
IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="A document's id (its URL, as a query finds it).")
]


@app.command(cls=_QueryCommand, context_settings={"ignore_unknown_options": True})
def similar(
    doc_id: IdArgument,
    index: IndexOption = DEFAULT_INDEX,
    limit: Annotated[
        int, typer.Option(metavar="N", min=1, max=MAX_LIMIT, help="Hits per page.")
    ] = 10,
    page: Annotated[int, typer.Option(metavar="N", min=1, help="Page of hits to show.")] = 1,
    json_output: JsonOption = False,
) -> None:
    """Documents most like one document (more like this), its copies left out."""
    with Archive(index, create=False) as archive:
        results = archive.similar(doc_id, limit=limit, page=page)
    _echo_results(results, json_output, like=True)


@app.command(cls=_QueryCommand, context_settings={"ignore_unknown_options": True})
def get(
    doc_id: IdArgument, index: IndexOption = DEFAULT_INDEX, json_output: JsonOption = False
) -> None:
    """Show a stored document: its id, its fields and its text, as indexed."""
    with Archive(index, create=False) as archive:
        held = archive.id_of(doc_id)
        article = archive.get(held) if held is not None else None
    if held is None or article is None:
        raise DocumentNotFound(f"no document with id {doc_id!r} in {index}")
    # Its own id, not the one asked for: a URL asked with its #fragment names it (as /articles).
    if json_output:
        typer.echo(render.article_json(article, doc_id=held))
    else:
        typer.echo(render.article_text(article, doc_id=held))


@app.command(cls=_QueryCommand, context_settings={"ignore_unknown_options": True})
def delete(
    doc_ids: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help="Documents' ids (their URLs, as a query finds them)."),
    ],
    index: IndexOption = DEFAULT_INDEX,
    lock_timeout: LockTimeoutOption = DEFAULT_LOCK_TIMEOUT,
    json_output: JsonOption = False,
) -> None:
    """Remove documents from the index; indexing their pages again adds them back."""
    with Archive(index, create=False, lock_timeout=lock_timeout) as archive:
        # Each id looked up before any is deleted: two ids may name one document (a URL with
        # and without its #fragment), which is deleted once, and neither is "not found".
        held = {doc_id: archive.id_of(doc_id) for doc_id in doc_ids}
        found = dict.fromkeys(doc for doc in held.values() if doc is not None)
        deleted = [doc for doc in found if archive.delete(doc)]
    absent = [printable(doc_id) for doc_id, doc in held.items() if doc is None]
    if json_output:
        typer.echo(json.dumps({"deleted": deleted, "not_found": absent}, ensure_ascii=False))
    else:
        for doc_id in absent:
            typer.echo(f"not found: {doc_id}", err=True)
        typer.echo(f"deleted {len(deleted)}, not found {len(absent)}")
    if absent:
        raise typer.Exit(1)


@app.command(cls=_Command)
def clean(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help=f"A file of a type index reads: {FILE_TYPES}."),
    ],
    url: Annotated[
        str | None,
        typer.Option(metavar="URL", help="Where the page came from (picks site rules)."),
    ] = None,
    explain: Annotated[bool, typer.Option(help="Also list the blocks left out, and why.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Show the article the scrapers make of a page, or of each record (what would be indexed)."""
    shown = 0
    # A failure of the file itself is the command's error when it shows nothing; a WARC read
    # on past a damaged record shows the records after it (QA: clean stopped there, index not).
    failed: IngestError | None = None
    for outcome in preview(file, url=url, explain=explain):
        if isinstance(outcome, IngestError) and file_of(outcome.source) == outcome.source:
            failed = failed or outcome
            continue
        if failed is not None:
            _skipped(failed)
            failed = None
        if isinstance(outcome, IngestError):
            _skipped(outcome)
            continue
        where = {"doc_id": outcome.doc_id, "source": printable(outcome.source)}
        if json_output:
            typer.echo(render.article_json(outcome.article, outcome.dropped, **where))
        else:
            if shown:
                typer.echo("-" * 72)  # between the records of a JSONL or WARC file
            typer.echo(render.article_text(outcome.article, outcome.dropped, **where))
        shown += 1
    if not shown:
        raise failed or typer.Exit(1)
    if failed is not None:
        _skipped(failed)


#: The pages with no story named after an index run's summary; the rest are counted.
EMPTY_SHOWN = 10


def _skipped(failure: IngestError) -> None:
    typer.echo(f"skipped {printable(failure.source) or repr('')}: {failure.reason}", err=True)


@app.command(cls=_Command)
def stats(index: IndexOption = DEFAULT_INDEX, json_output: JsonOption = False) -> None:
    """Documents, sites, date range and size on disk of an index."""
    with Archive(index, create=False) as archive:
        result = archive.stats()
    typer.echo(render.to_json(result) if json_output else render.stats_text(result))


@app.command(cls=_Command)
def serve(
    index: IndexOption = DEFAULT_INDEX,
    host: Annotated[
        str,
        typer.Option(
            metavar="HOST",
            help="Address to listen on; other machines reach it only if you say so.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", min=0, max=65535, help="TCP port.")] = 8765,
) -> None:
    """Serve the search page and the JSON API over HTTP until Ctrl-C."""
    # Imported here so that the other commands start without loading Starlette and uvicorn.
    from searchkit.server import serve as serve_http

    # Ctrl-C or SIGTERM, after uvicorn's clean shutdown: stopped as asked, status 0 (systemd
    # counts 143 as a failure; QA).
    with Archive(index, create=False) as archive, suppress(KeyboardInterrupt):
        serve_http(archive, host=host, port=port)


def _echo_results(
    results: SearchResults, json_output: bool, *, like: bool = False, filters: str = ""
) -> None:
    if results.warnings:
        typer.echo(render.warnings_text(results), err=True)
    if json_output:
        typer.echo(render.to_json(results))
    else:
        # On a terminal, snippets wrap under their hit; through a pipe, one line each.
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        typer.echo(render.results_text(results, like=like, filters=filters, width=width))


if __name__ == "__main__":  # pragma: no cover
    app()
