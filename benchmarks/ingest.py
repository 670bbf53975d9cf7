"""Ingest at scale (issue 6): `searchkit index` end to end against trafilatura + Whoosh / tantivy.

    .venv/bin/python benchmarks/ingest.py --pages 20000 --pages 100000 [--workdir DIR]

For each N it writes N pages to a temporary folder (never the project): the real AP 1988
articles of ``../shared/eval/ir/ap88/docs.jsonl.gz`` rendered inside news-site boilerplate
(navigation, share widgets, byline, related posts, comment form, footer, scripts) in five site
templates, mixed with the real pages of ``../shared/eval/extraction/dev/html/*.html.gz``
repeated (5% of the pages, kept gzipped and byte-identical); ``$SEARCHKIT_EVAL`` names
another folder than ``../shared/eval``, as for the other benchmarks. Then it times, each as a
subprocess with its process tree's peak RSS sampled from /proc:

1. ``searchkit index FOLDER`` on a fresh index (end to end: start-up, walk, clean, write);
2. the same command again on the unchanged folder;
3. the baselines, when trafilatura (and tantivy) are installed in the venv by hand (they are
   not project dependencies): one process reads each page, runs ``trafilatura.bare_extraction``
   and adds the result with a plain single-writer loop to a Whoosh index of searchkit's schema
   (one commit at the end), and to a tantivy index. Extraction is done once per page and timed
   on its own; each baseline's time is extraction + its own writing time, so trafilatura's
   cost is not paid twice to measure both.

Prints pages/s, peak RSS and index size for each, and the ratios the issue sets targets for.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from evaldata import EVAL, collection_dir

ROOT = Path(__file__).resolve().parent.parent
DEV_PAGES = EVAL / "extraction" / "dev" / "html"
DEV_SHARE = 0.05
BIN = Path(sys.executable).parent

SITES = [
    ("Daily Courier", "dailycourier.example", "story-body", "site-nav"),
    ("Metro Tribune", "metrotribune.example", "article__content", "menu-main"),
    ("The Evening Post", "eveningpost.example", "entry-content", "navbar"),
    ("Valley Herald", "valleyherald.example", "post-body", "top-menu"),
    ("Coastal Times", "coastaltimes.example", "td-post-content", "header-links"),
]
SECTIONS = ["World", "Politics", "Business", "Sport", "Science", "Health", "Opinion", "Local"]


# -- the corpus -----------------------------------------------------------------------------


def ap_articles() -> Iterator[dict[str, str]]:
    docs = collection_dir("ap88") / "docs.jsonl.gz"
    while True:  # 100k pages need some AP articles twice: they get another URL and template
        with gzip.open(docs, "rt", encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)


def dev_pages() -> list[Path]:
    """The extraction dev split's pages; exits with a message, as the other benchmarks do,
    when the data is absent (a FileNotFoundError traceback, QA)."""
    pages = sorted(DEV_PAGES.glob("*.html.gz"))
    if not pages:
        sys.exit(
            f"no pages at {DEV_PAGES}: the benchmark reads ../shared/eval/extraction/dev/html/ "
            "(or $SEARCHKIT_EVAL/extraction/dev/html/), which is not part of the repository"
        )
    return pages


def render(doc: dict[str, str], number: int, rng: random.Random) -> tuple[str, str]:
    """A news page around one AP article; returns (relative path, html)."""
    site, host, body_class, nav_class = SITES[number % len(SITES)]
    section = rng.choice(SECTIONS)
    slug = "-".join(doc["title"].lower().split()[:8]).strip(".,'\"") or "story"
    slug = "".join(c for c in slug if c.isalnum() or c == "-")
    url = f"https://www.{host}/{section.lower()}/{doc['id'].lower()}-{number}/{slug}"
    date = doc.get("date") or "1988-02-12"
    title = html.escape(doc["title"] or doc["id"])
    sentences = [s.strip() for s in doc["text"].replace("  ", " ").split(". ") if s.strip()]
    paragraphs, current = [], []
    for sentence in sentences:
        current.append(sentence.rstrip(".") + ".")
        if len(current) >= rng.randint(2, 3):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    nav = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS * 3)
    related = "".join(
        f'<li><a href="/{rng.choice(SECTIONS).lower()}/{rng.randint(1, 10**6)}">'
        f"{html.escape(rng.choice(['Markets', 'Storm', 'Election', 'Strike', 'Court']))} "
        f"update: what we know so far about the {rng.choice(['vote', 'deal', 'trial'])}</a></li>"
        for _ in range(6)
    )
    author = rng.choice(["Associated Press", "Mary Jones", "Tom Becker", "Ana Ruiz"])
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
<meta property="og:url" content="{url}"><meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T08:00:00Z">
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}
gtag('js',new Date());gtag('config','UA-{number % 997}');</script>
<style>.{nav_class} li{{display:inline}} .share a{{margin:2px}}</style></head>
<body><header><div class="logo"><a href="/">{site}</a></div>
<nav class="{nav_class}"><ul>{nav}</ul></nav>
<div class="breaking">Breaking: subscribe for unlimited access to {site}</div></header>
<main><article>
<div class="breadcrumbs"><a href="/">Home</a> › <a href="/{section.lower()}">{section}</a></div>
<h1 class="headline">{title}</h1>
<div class="byline">By <span class="author">{author}</span> ·
<time datetime="{date}">{date}</time></div>
<div class="share"><a href="https://facebook.example/share?u={url}">Share on Facebook</a>
<a href="https://twitter.example/intent?u={url}">Tweet</a><a href="mailto:?body={url}">Email</a>
<span>Share this story</span></div>
<div class="{body_class}">
{body}
</div>
<div class="tags">Tags: <a href="/tag/{section.lower()}">{section}</a>
<a href="/tag/ap">AP</a></div>
</article>
<aside class="related"><h3>Related stories</h3><ul>{related}</ul></aside>
<section class="comments" id="comments"><h3>Leave a Reply</h3>
<p>Your email address will not be published. Required fields are marked *</p>
<form action="/comment" method="post"><textarea name="comment"></textarea>
<input name="author" placeholder="Name*"><input name="email" placeholder="Email*">
<button>Post Comment</button></form></section></main>
<footer><ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy Policy</a></li>
<li><a href="/terms">Terms of Use</a></li><li><a href="/contact">Contact</a></li></ul>
<p>© 1988 {site}. All rights reserved.</p></footer>
<script src="/static/app.{number % 13}.js"></script></body></html>
"""
    path = f"{host}/{section.lower()}/{date[:7]}/{doc['id'].lower()}-{number}.html"
    return path, page


def build(folder: Path, pages: int) -> None:
    if (folder / ".complete").exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(pages)
    dev = dev_pages()
    every = round(1 / DEV_SHARE)
    docs = ap_articles()
    for number in range(pages):
        if number % every == every - 1:
            source = dev[(number // every) % len(dev)]
            target = folder / "saved" / f"copy-{number // every // len(dev)}" / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            continue
        path, page = render(next(docs), number, rng)
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    (folder / ".complete").write_text("")


# -- measuring --------------------------------------------------------------------------------


def tree_rss(root: int, cpu: dict[int, float] | None = None) -> tuple[int, int]:
    """Resident memory of a process and all its descendants, in bytes (from /proc): all of it,
    and the anonymous part (heap, not the memory-mapped index files, which grow with it).

    With ``cpu``, also records each descendant's CPU seconds so far (user + system): worker
    processes of a forkserver are not the caller's children, so getrusage misses them.
    """
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    ticks: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        ticks[int(entry)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, anonymous, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        anonymous += _anonymous(pid)
        if cpu is not None and pid in ticks:
            cpu[pid] = ticks[pid]
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total, anonymous


def _anonymous(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            for row in status:
                if row.startswith("RssAnon:"):
                    return int(row.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(command: list[str]) -> tuple[float, int, str]:
    """Wall time, peak RSS of the process tree, and the last line of output; prints CPU time
    and the peak anonymous RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = peak_anonymous = 0
    done = threading.Event()
    cpu_by_pid: dict[int, float] = {}

    def sample() -> None:
        nonlocal peak, peak_anonymous
        while not done.is_set():
            rss, anonymous = tree_rss(process.pid, cpu_by_pid)
            peak, peak_anonymous = max(peak, rss), max(peak_anonymous, anonymous)
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    elapsed = time.monotonic() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    main_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The last sample of each process misses at most 0.25 s of its CPU; the main process's
    # exact figure comes from getrusage.
    others = sum(t for pid, t in cpu_by_pid.items() if pid != process.pid)
    print(
        f"    cpu {main_cpu + others:.1f} s (main process {main_cpu:.1f} s) over {elapsed:.1f} s"
        f" wall; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores;"
        f" peak anonymous RSS {peak_anonymous / 2**20:.0f} MiB"
    )
    lines = [line for line in output.splitlines() if line.strip()]
    return elapsed, peak, lines[-1] if lines else ""


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def line(name: str, pages: int, seconds: float, rss: int, size: int | None, note: str = "") -> str:
    size_text = f"{size / 2**20:8.1f} MiB" if size is not None else " " * 12
    return (
        f"  {name:<34} {seconds:8.1f} s {pages / seconds:8.1f} pages/s "
        f"peak RSS {rss / 2**20:7.0f} MiB  index {size_text}  {note}"
    )


# -- the baselines (run in a child process: --baseline FOLDER OUT) ------------------------------


def baseline(folder: Path, out: Path) -> None:
    """trafilatura + a plain Whoosh loop, and trafilatura + tantivy; prints JSON timings."""
    import trafilatura
    from whoosh import index as whoosh_index

    sys.path.insert(0, str(ROOT))
    from scrapers import Article
    from searchkit import schema

    try:
        import tantivy
    except ImportError:
        tantivy = None

    whoosh_dir = out / "whoosh"
    whoosh_dir.mkdir(parents=True)
    ix = whoosh_index.create_in(str(whoosh_dir), schema.build_schema())
    writer = ix.writer()
    if tantivy is not None:
        builder = tantivy.SchemaBuilder()
        for name in ("id", "url", "site"):
            builder.add_text_field(name, stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
        builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
        tantivy_dir = out / "tantivy"
        tantivy_dir.mkdir()
        tix = tantivy.Index(builder.build(), path=str(tantivy_dir))
        twriter = tix.writer(heap_size=128_000_000, num_threads=1)
    timing = {"extract": 0.0, "whoosh": 0.0, "tantivy": 0.0, "pages": 0, "docs": 0}
    started = time.monotonic()
    for dirpath, _, names in os.walk(folder):
        for name in sorted(names):
            if not name.endswith((".html", ".html.gz")):
                continue
            path = os.path.join(dirpath, name)
            t0 = time.monotonic()
            with (gzip.open if name.endswith(".gz") else open)(path, "rb") as stream:
                data = stream.read()
            doc = trafilatura.bare_extraction(data, with_metadata=True)
            t1 = time.monotonic()
            timing["extract"] += t1 - t0
            timing["pages"] += 1
            if doc is None or not doc.text:
                continue
            timing["docs"] += 1
            article = Article(
                title=doc.title or "", body=doc.text, url=doc.url or "", site=doc.sitename or ""
            )
            doc_id = article.url or path
            writer.update_document(**schema.to_fields(doc_id, article, source=path))
            t2 = time.monotonic()
            timing["whoosh"] += t2 - t1
            if tantivy is not None:
                twriter.add_document(
                    tantivy.Document(
                        id=doc_id,
                        url=article.url,
                        site=article.site,
                        title=article.title,
                        body=article.body,
                    )
                )
                timing["tantivy"] += time.monotonic() - t2
    t3 = time.monotonic()
    writer.commit()
    timing["whoosh"] += time.monotonic() - t3
    if tantivy is not None:
        t4 = time.monotonic()
        twriter.commit()
        twriter.wait_merging_threads()
        timing["tantivy"] += time.monotonic() - t4
    timing["total"] = time.monotonic() - started
    timing["whoosh_size"] = size_of(whoosh_dir)
    timing["tantivy_size"] = size_of(out / "tantivy") if tantivy is not None else 0
    timing["has_tantivy"] = tantivy is not None
    print(json.dumps(timing))


# -- main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, action="append", help="corpus sizes (repeatable)")
    parser.add_argument("--workdir", type=Path, help="where corpora and indexes go (a temp dir)")
    parser.add_argument("--no-baselines", action="store_true", help="time searchkit only")
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=None,
        help="run the (slow, single-process) baselines only up to this many pages",
    )
    parser.add_argument("--keep", action="store_true", help="keep corpora for the next run")
    parser.add_argument("--baseline", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        baseline(*args.baseline)
        return
    sizes = args.pages or [20000, 100000]
    collection_dir("ap88"), dev_pages()  # before any work: exits when the data is absent
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="searchkit-ingest-"))
    if workdir.resolve().is_relative_to(ROOT):
        raise SystemExit("the workdir must be outside the project")
    print(f"corpora and indexes in {workdir}; {os.cpu_count()} cores")
    first: dict[int, float] = {}
    baseline_rate: dict[int, float] = {}
    try:
        for pages in sizes:
            corpus = workdir / f"pages-{pages}"
            t0 = time.monotonic()
            build(corpus, pages)
            print(
                f"\nN = {pages} pages ({size_of(corpus) / 2**20:.0f} MiB, built in "
                f"{time.monotonic() - t0:.0f} s)"
            )
            index = workdir / f"index-{pages}"
            shutil.rmtree(index, ignore_errors=True)
            command = [str(BIN / "searchkit"), "index", str(corpus), "--index", str(index)]
            seconds, rss, summary = run(command)
            first[pages] = seconds
            print(line("searchkit index", pages, seconds, rss, size_of(index), summary))
            again, rss2, summary2 = run(command)
            print(line("searchkit index (unchanged rerun)", pages, again, rss2, None, summary2))
            print(f"  rerun / first run: {again / seconds:.1%} (target <= 10%)")
            if args.no_baselines or (args.baseline_max and pages > args.baseline_max):
                if baseline_rate:
                    small = max(baseline_rate)
                    estimate = pages / baseline_rate[small]
                    print(
                        f"  (trafilatura + Whoosh not run; at its N={small} rate it would take "
                        f"{estimate:.0f} s: searchkit {estimate / seconds:.2f}x, extrapolated)"
                    )
                continue
            try:
                import trafilatura  # noqa: F401
            except ImportError:
                print("  (trafilatura not installed: no baselines)")
                continue
            out = workdir / f"baseline-{pages}"
            shutil.rmtree(out, ignore_errors=True)
            _, rss3, result = run([sys.executable, __file__, "--baseline", str(corpus), str(out)])
            timing = json.loads(result)
            whoosh_time = timing["extract"] + timing["whoosh"]
            baseline_rate[pages] = pages / whoosh_time
            print(
                line(
                    "trafilatura + plain Whoosh loop",
                    pages,
                    whoosh_time,
                    rss3,
                    timing["whoosh_size"],
                    f"extract {timing['extract']:.0f} s",
                )
            )
            if timing["has_tantivy"]:
                tantivy_time = timing["extract"] + timing["tantivy"]
                print(
                    line("trafilatura + tantivy", pages, tantivy_time, rss3, timing["tantivy_size"])
                )
            print(
                f"  searchkit speed-up over trafilatura + Whoosh: {whoosh_time / seconds:.2f}x "
                "(target >= 3x)"
            )
            shutil.rmtree(out, ignore_errors=True)
        if len(first) >= 2:
            small, large = min(first), max(first)
            print(
                f"\n{large}/{small} time ratio: {first[large] / first[small]:.2f} "
                f"(pages ratio {large / small:.1f}; target <= 5.5)"
            )
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
