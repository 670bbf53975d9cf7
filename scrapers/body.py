"""Find the story in a pruned page and take its text as paragraphs (issue 4).

Three steps. ``blocks`` walks the tree once and cuts its text into paragraphs at block
elements and at ``<br><br>``, so pages built from ``<p>``, bare ``<div>`` text, ``<br>`` runs
or table cells all give paragraphs. ``locate`` picks the story container by content scoring,
in the manner of Readability: each paragraph votes for its parent and grandparent with its
length and commas, the votes are damped by link density and nudged by class/id hints, and
siblings of the winner that score nearly as well, or that are its correction, are kept with
it. Paragraphs inside widgets (comments, share bars) and teaser cards do not vote; chunks of
a split story (the winner's
class twins), the entries of a live blog built from class-less ``<article>``s (sibling
``<article>``s that read as entries, whatever they score) and a lead paragraph set apart (the
story paragraphs' class) join the winner.
A site rule's container, or the page's ``itemprop="articleBody"`` when it agrees with the
scoring, takes the winner's place. ``keep`` then filters the container's paragraphs by text
rules (boilerplate phrases, link-heavy lines, repeats, pull quotes, the headline again).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from scrapers.boilerplate import (
    CONTENT_SELECTORS,
    DROP_TAGS,
    LAYOUT_CLASS_NAMES,
    LAYOUT_CLASS_PATTERN,
    SiteRule,
)
from scrapers.clean_html import (
    CONTENT_CLASS_RE,
    DROP_CLASS_RE,
    STORY_HINT_RE,
    STORY_NOTE_CLASS_RE,
    WIDGET_CLASS_RE,
    prune_chrome,
)
from scrapers.clean_text import Dropped, preview, strip_boilerplate
from scrapers.dom import (
    Element,
    class_and_id,
    compile_xpath,
    parse,
    select,
    strip_elements,
    text_of,
)

# fmt: off
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "pre",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "figure", "figcaption",
    "center", "address", "hr", "body", "caption", "details", "summary", "fieldset", "html",
})
# Paragraph owners whose score goes to their parent (they are paragraphs, not containers).
_PARAGRAPH_TAGS = frozenset({
    "p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "figcaption",
    "address",
})
# fmt: on

# A paragraph shorter than this casts no vote in locating the story: menus, labels and
# datelines are shorter (Readability's 25; dev F1 is the same for 15-40).
_MIN_VOTING_CHARS = 25
# Class/id hints move a container's score by this much (Readability's weight; on dev 10
# and 50 move F1 by under 0.0003, one page either way).
_HINT_WEIGHT = 25.0
# A sibling of the best container joins it when it scores at least this share of the best
# (Readability's 0.2; on dev 0.1-0.5 move F1 by under 0.0003, so the tried value stays).
_SIBLING_SHARE = 0.2
# Story cards: a grid of at least this many same-shaped siblings, each a headline link of at
# least this many characters and one summary paragraph, is a "more stories" list. A class-less
# <article> beside the story that starts with such a link is a teaser too (_entries).
_MIN_CARDS = 3
_MIN_HEADLINE_CHARS = 15
# A card is a summary paragraph's parent or the element above it (see _teasers).
_CARD_DEPTH = 2
# A heading or first paragraph repeats the title when at most this much longer than it, at
# least this share of its words are the title's and it has at least this share of the title's
# words. On dev the rule drops 12 headline repeats and no story text; without the last
# condition it also dropped 3 subheadings ("Keyboard", "How to retire early").
_TITLE_TAGS = frozenset({"h1", "h2", "h3"})
_TITLE_LENGTH_RATIO = 1.5
_TITLE_WORD_SHARE = 0.75
_WORD = re.compile(r"\w+")
# A quote repeating this many words of a paragraph is a pull quote (see _pull_quotes).
_MIN_PULL_QUOTE_WORDS = 4
# A twin of the best container (same tag and class) joins it when it scores at least this
# share of the best: generic names ("row", "elementor-widget-container") also label blocks
# that are not story. Dev F1 is best and flat for 0.1-0.3; 0.5 loses story chunks (0.981).
_TWIN_SHARE = 0.2
# A twin too weak to join on its score, between two that join, is a story entry only when it
# holds no list of links and no form (a "Most read" box, a sign-up box; QA round 4 review).
_WIDGET_PARTS = compile_xpath(
    ".//li[.//a] | .//form | .//input | .//button | .//select | .//textarea"
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LAYOUT_NAMES = frozenset(LAYOUT_CLASS_NAMES)
_LAYOUT_NAME = re.compile(LAYOUT_CLASS_PATTERN)
# A lead set apart from the story container is at most this many paragraphs long (dev: 1); so
# are the paragraphs of the story's class right after it (``_beside``).
_MAX_LEAD_PARAGRAPHS = 3
# A page's itemprop="articleBody" is trusted when it holds at least this much text; less
# is a teaser or an empty shell filled by scripts. Dev F1 is the same for 100-2000 (the 19
# marked dev pages all hold more); 400 is a short news brief.
_MIN_MARKED_CHARS = 400
# ... and when it holds at least this share of the paragraph text of the container that content
# scoring finds: a page may mark only its first chunk or a teaser as the articleBody. On dev
# the marked element holds 0.72-1.27 of it; 0.8 would have overruled a correct mark (jpost).
_MARKED_SHARE = 0.5
# Paragraphs more than this share link text are navigation, not story (Readability's cut-off;
# on dev, short blocks above it were story in 30 cases and chrome in 100).
_MAX_LINK_DENSITY = 0.5
# A long paragraph is story even when links cover much of it (news digests, explainer
# paragraphs full of citations); only above this share is it a teaser list. Calibrated on
# dev: F1 is flat for lengths 100-150 and densities 0.7-0.8 (0.981), lower at 200 chars
# (0.980) or density 0.9 (0.980); one cut-off of 0.5 for all lengths gave 0.980.
_LONG_BLOCK_CHARS = 150
_MAX_LONG_LINK_DENSITY = 0.75
# A shorter block that reads as a sentence (at least this long, ending like one) gets the
# long blocks' allowance: BBC links names inside short story paragraphs. On dev 80 is best
# (F1 0.9836; 40-60: 0.9835, 100+: 0.9833, no rule: 0.9831).
_SENTENCE_CHARS = 80
_SENTENCE_ENDS = (".", "!", "?", "”", '"')


@dataclass
class Block:
    """One paragraph of page text and the element it came from."""

    text: str
    owner: Element
    link_chars: int = 0
    tag: str = ""

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    @property
    def votes(self) -> bool:
        """Whether the block is paragraph-like enough to vote for the story container."""
        return len(self.text) >= _MIN_VOTING_CHARS and self.link_density <= _MAX_LINK_DENSITY


# Marks a <br> in the text being gathered (a character no page text contains).
_BR = "\x00"


@dataclass
class _Builder:
    blocks: list[Block] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    owner: Element = None
    last_br: bool = False
    has_br: bool = False

    def add(self, text: str, in_link: bool) -> None:
        if text:
            self.parts.append(text)
            if in_link:
                self.link_chars += len(text.strip())
            if not text.isspace():
                self.last_br = False

    def flush(self) -> None:
        raw = "".join(self.parts)
        if self.has_br:  # a single <br> is a line break inside the paragraph
            lines = (" ".join(line.split()) for line in raw.split(_BR))
            text = "\n".join(line for line in lines if line)
        else:
            text = " ".join(raw.split())
        if text:
            tag = self.owner.tag if self.owner is not None else ""
            self.blocks.append(Block(text, self.owner, min(self.link_chars, len(text)), tag))
        self.parts = []
        self.link_chars = 0
        self.last_br = False
        self.has_br = False


# What an entry of the walk's stack in ``blocks`` holds.
_ENTER, _TEXT, _CLOSE = 0, 1, 2


def blocks(root: Element) -> list[Block]:
    """The text under ``root`` cut into paragraphs, in document order."""
    b = _Builder(owner=root)
    # A loop over a stack, not recursion: pages nest elements thousands deep (QA round 4:
    # 1,000 unclosed <font> tags raised RecursionError). Each entry is (what, item, in a link):
    # an element to enter, text to add, or the end of a block element and the owner to restore.
    stack: list[tuple[int, Element, bool]] = [(_ENTER, root, False)]
    while stack:
        what, item, in_link = stack.pop()
        if what == _TEXT:
            b.add(item, in_link)
            continue
        if what == _CLOSE:
            b.flush()
            b.owner = item
            continue
        tag = item.tag
        if not isinstance(tag, str):
            continue
        if tag == "br":
            if b.last_br:
                b.flush()
            else:
                b.parts.append(_BR)
                b.last_br = True
                b.has_br = True
            continue
        if tag in BLOCK_TAGS:
            b.flush()
            stack.append((_CLOSE, b.owner, False))
            b.owner = item
        link = in_link or tag == "a"
        if item.text:
            b.add(item.text, link)
        for child in reversed(item):
            if child.tail:
                stack.append((_TEXT, child.tail, link))
            stack.append((_ENTER, child, link))
    b.flush()
    return b.blocks


def plain_text(html: str) -> str:
    r"""The paragraphs of ``html``'s text (``blocks``), its tags left out, and what never holds
    a story's text with them: a script's code, a style sheet, a form (``DROP_TAGS``). Not a
    story found in a page: all of a fragment's text (a feed item's summary, say).

    >>> plain_text("<p>Ferry crews <b>walk out</b>.</p><script>track()</script><p>Shut.</p>")
    'Ferry crews walk out.\n\nShut.'
    """
    root = parse(html)
    strip_elements(root, DROP_TAGS)
    return "\n\n".join(block.text for block in blocks(root))


def locate(root: Element, paragraphs: list[Block]) -> list[Element]:
    """The elements that make up the story container (none when the page has no story).

    lxml makes element proxies on demand and reuses the ids of dead ones, so the ids used
    here are only meaningful while the elements are referenced: callers keep the list.
    """
    scores: dict[int, float] = {}
    elements: dict[int, Element] = {}
    chrome: dict[int, bool] = {}
    chrome_alive: dict[int, Element] = {}
    voters = [b for b in paragraphs if b.votes]
    teasers = _teasers(voters)
    for block in voters:
        if _in_chrome(block.owner, chrome, chrome_alive):
            continue  # comment threads outvote short stories (dev: macrumors)
        if id(block) in teasers:
            continue  # a grid of story cards outvotes a short story
        vote = 1.0 + block.text.count(",") + min(len(block.text) / 100.0, 3.0)
        el = block.owner
        if el.tag in _PARAGRAPH_TAGS:
            el = el.getparent()
        level = 0
        while el is not None and level < 3:
            key = id(el)
            if key not in scores:
                elements[key] = el
                scores[key] = _hint_score(el)
            scores[key] += vote / (1, 2, 3)[level]
            el = el.getparent()
            level += 1
    if not scores:
        return []
    link_chars: dict[int, int] = {}
    text_chars: dict[int, int] = {}
    for block in paragraphs:
        el = block.owner
        while el is not None:
            key = id(el)
            if key in scores:
                link_chars[key] = link_chars.get(key, 0) + block.link_chars
                text_chars[key] = text_chars.get(key, 0) + len(block.text)
            el = el.getparent()
    final = {
        key: score * (1.0 - link_chars.get(key, 0) / max(text_chars.get(key, 1), 1))
        for key, score in scores.items()
    }
    best_key = max(final, key=lambda k: final[k])
    best = elements[best_key]
    chosen = [best]
    parent = best.getparent()
    if parent is not None:
        threshold = max(10.0, final[best_key] * _SIBLING_SHARE)
        bare = _bare_article(best)
        for sibling in parent:
            key = id(sibling)
            if bare and _bare_article(sibling):
                continue  # joins by what it reads as, not by its score (_entries)
            if key != best_key and (
                final.get(key, 0.0) >= threshold
                or STORY_NOTE_CLASS_RE.search(class_and_id(sibling))
            ):
                chosen.append(sibling)
    chosen.extend(_twins(root, best, chosen, final, chrome, chrome_alive))
    chosen.extend(_kin(paragraphs, chosen, chrome, chrome_alive))
    chosen.extend(_beside(paragraphs, best, chosen, chrome, chrome_alive))
    if len(chosen) > 1:
        order = {id(el): i for i, el in enumerate(root.iter())}
        chosen.sort(key=lambda el: order.get(id(el), 0))
    return chosen


def _beside(
    paragraphs: list[Block],
    best: Element,
    chosen: list[Element],
    chrome: dict[int, bool],
    chrome_alive: dict[int, Element],
) -> list[Element]:
    """The story's paragraphs written just outside its container, in the same parent: a lead
    right before it (QA: "story-body", "c-entry-content" and "article-lead" pages lost it),
    and paragraphs right after it that carry the class of the container's own. A lead has that
    class or none (not a caption's or a bio's); after the container, a plain paragraph is as
    often a pitch or an author's bio as the story's end, so it is left out (review). At most
    ``_MAX_LEAD_PARAGRAPHS`` a side, each voting, not mostly links and not in chrome, with
    nothing else between it and the container."""
    parent = best.getparent()
    if parent is None:
        return []
    ids = {id(best)}
    classes = {
        token
        for b in paragraphs
        if b.votes and _inside(b, ids)
        for token in (b.owner.get("class") or "").split()
    }
    owned = {id(b.owner): b for b in paragraphs if b.owner.tag == "p"}
    siblings = list(parent)
    at = next(i for i, el in enumerate(siblings) if el is best)
    found: list[Element] = []
    for side, plain in ((reversed(siblings[:at]), True), (siblings[at + 1 :], False)):
        for el in islice(side, _MAX_LEAD_PARAGRAPHS):
            block = owned.get(id(el))
            own = set((el.get("class") or "").split())
            if (
                block is None
                or not block.votes
                or not ((plain and not own) or own & classes)
                or block.link_density > _MAX_LINK_DENSITY
                or _in_chrome(el, chrome, chrome_alive)
                or _related(el, chosen + found)
            ):
                break
            found.append(el)
    return found


def _twins(
    root: Element,
    best: Element,
    chosen: list[Element],
    final: dict[int, float],
    chrome: dict[int, bool],
    chrome_alive: dict[int, Element],
) -> list[Element]:
    """Elements of the best container's tag and class that join it, in document order.

    Stories split into chunks around images and ads repeat the container's tag and class
    (dev: wired "article__body", quanta "post__content"): twins that score well join, and so
    does every twin between the first and the last of those. A live blog's entries are twins
    too, and one whose only text is too short to vote ("Hammond is up.") is still an entry
    (QA round 4). Layout names ("row", "col") and widgets between the chunks ("Most read",
    a sign-up box) are the exceptions (QA round 4 review). A container with no class has no
    twins by name; if it is an ``<article>``, its entries are found by :func:`_entries`.
    """
    cls = best.get("class")
    if not cls:
        return _entries(best, chrome, chrome_alive)
    threshold = _TWIN_SHARE * final[id(best)]
    same = [el for el in root.iter(best.tag) if el.get("class") == cls]
    layout = all(_layout_name(token) for token in cls.split())
    scored = [i for i, el in enumerate(same) if el is best or final.get(id(el), 0.0) > threshold]
    taken = {id(el) for el in chosen}
    holders = {id(a) for el in chosen for a in el.iterancestors()}
    twins: list[Element] = []
    for el in same[scored[0] : scored[-1] + 1]:
        # Not one that holds or is inside one taken (in document order, holders come first).
        if id(el) in taken or id(el) in holders:
            continue
        if any(id(a) in taken for a in el.iterancestors()):
            continue
        if final.get(id(el), 0.0) <= threshold and (
            layout or _in_chrome(el, chrome, chrome_alive) or not _reads_as_entry(el)
        ):
            continue
        taken.add(id(el))
        twins.append(el)
    return twins


def _layout_name(token: str) -> bool:
    return token in _LAYOUT_NAMES or _LAYOUT_NAME.fullmatch(token) is not None


def _reads_as_entry(el: Element) -> bool:
    """Whether a twin reads as a story entry: prose with few links, not a widget or headings."""
    if _WIDGET_PARTS(el):
        return False
    found = blocks(el)
    text = sum(len(block.text) for block in found)
    links = sum(block.link_chars for block in found)
    prose = any(block.tag not in _HEADING_TAGS for block in found)
    return prose and links <= _MAX_LINK_DENSITY * text


def _bare_article(el: Element) -> bool:
    """Whether an element is an ``<article>`` with no class (one that has no twins by name)."""
    return el.tag == "article" and not el.get("class")


def _entries(
    best: Element, chrome: dict[int, bool], chrome_alive: dict[int, Element]
) -> list[Element]:
    """The ``<article>`` siblings of a class-less ``<article>`` container that are entries with it.

    A live blog whose entries are ``<article>``s with no class has no class to find them by,
    and its entries do not score alike: a long summary entry outscores the short updates five
    to one, and "Recount in Ward 7." casts no vote. Teasers of other stories and reader
    comments are class-less ``<article>``s beside the story too, so a sibling joins by what it
    reads as, not by its score. One that tells something (:func:`_tells`) is an entry, and so
    is one between two entries that reads as an entry (as for twins). A headline link before
    any text makes a sibling a teaser, and one whose name says widget ("comment-12") is chrome.
    """
    parent = best.getparent()
    if parent is None or not _bare_article(best):
        return []
    entries: list[Element] = []
    telling: list[int] = []  # the indexes in ``entries`` of those that tell something
    for el in parent:
        if el is best:
            telling.append(len(entries))
        elif not _bare_article(el) or _in_chrome(el, chrome, chrome_alive):
            continue
        else:
            found = blocks(el)
            if _headline_first(found):
                continue  # a teaser
            if _tells(found):
                telling.append(len(entries))
            elif not _reads_as_entry(el):
                continue
        entries.append(el)
    return [el for el in entries[telling[0] : telling[-1] + 1] if el is not best]


def _headline_first(found: list[Block]) -> bool:
    """Whether a headline link comes before any paragraph of text: the shape of a teaser."""
    for block in found:
        if block.link_density > _MAX_LINK_DENSITY and len(block.text) >= _MIN_HEADLINE_CHARS:
            return True
        if block.votes and block.tag not in _HEADING_TAGS:
            return False
    return False


def _tells(found: list[Block]) -> bool:
    """Whether an entry tells something: a voting paragraph shaped like a sentence, few links."""
    text = sum(len(block.text) for block in found)
    links = sum(block.link_chars for block in found)
    return links <= _MAX_LINK_DENSITY * text and any(
        block.votes and block.tag not in _HEADING_TAGS and block.text.endswith(_SENTENCE_ENDS)
        for block in found
    )


def _kin(
    paragraphs: list[Block],
    chosen: list[Element],
    chrome: dict[int, bool],
    chrome_alive: dict[int, Element],
) -> list[Element]:
    """Paragraphs outside the container that carry the story paragraphs' own class.

    A lead paragraph set apart from the rest (dev: CNN's "zn-body__paragraph speakable",
    wday's "block-text_initial-letter") is found by the class token that at least half of the
    container's voting paragraphs share, among the few paragraphs just before the container.
    """
    ids = {id(el) for el in chosen}
    inside: list[Block] = []
    outside: list[Block] = []
    for block in paragraphs:
        if not block.votes:
            continue
        if _inside(block, ids):
            inside.append(block)
        elif not inside:
            outside.append(block)  # only a lead: paragraphs before the container
    outside = outside[-_MAX_LEAD_PARAGRAPHS:]
    counts: dict[str, int] = {}
    for block in inside:
        for token in set((block.owner.get("class") or "").split()):
            counts[token] = counts.get(token, 0) + 1
    tokens = {t for t, n in counts.items() if n >= 2 and 2 * n >= len(inside)}
    if not tokens:
        return []
    kin: list[Element] = []
    for block in outside:
        owner = block.owner
        if (
            tokens & set((owner.get("class") or "").split())
            and not _in_chrome(owner, chrome, chrome_alive)
            and not _related(owner, chosen + kin)
        ):
            kin.append(owner)
    return kin


def _related(el: Element, chosen: list[Element]) -> bool:
    """Whether ``el`` is inside one of ``chosen`` or holds one of them."""
    ids = {id(c) for c in chosen}
    node = el
    while node is not None:
        if id(node) in ids:
            return True
        node = node.getparent()
    return any(el in c.iterancestors() for c in chosen)


def _teasers(voters: list[Block]) -> set[int]:
    """The ids of paragraphs that are teaser summaries in a list of story cards.

    A card holds one paragraph and a headline link outside it, and has at least
    ``_MIN_CARDS - 1`` siblings of its own tag and class: the shape of "more stories" grids,
    whatever their class names. The card is the paragraph's parent or one of the
    ``_CARD_DEPTH - 1`` elements above it: an archive page's ``<article>`` holds its summary
    in a ``<div>`` of its own (QA round 6: a category page was indexed as one story).
    """
    cards: dict[int, tuple[Element, list[Block]]] = {}
    for block in voters:
        card = block.owner.getparent() if block.owner.tag in _PARAGRAPH_TAGS else block.owner
        for _level in range(_CARD_DEPTH):
            if card is None:
                break
            cards.setdefault(id(card), (card, []))[1].append(block)
            card = card.getparent()
    found: set[int] = set()
    # The children of each parent counted by shape once, not again for each card: counting
    # per card took time growing with the square of the siblings (QA round 4: 11 s for a
    # 600 KB page of 8,000 sibling <div> paragraphs).
    shapes: dict[Element, Counter[tuple[str, str | None]]] = {}
    for card, blocks_in_card in cards.values():
        parent = card.getparent()
        if len(blocks_in_card) != 1 or parent is None:
            continue
        owner = blocks_in_card[0].owner
        if parent not in shapes:
            shapes[parent] = Counter((s.tag, s.get("class")) for s in parent)
        if shapes[parent][card.tag, card.get("class")] < _MIN_CARDS:
            continue
        if any(
            len(text_of(a).strip()) >= _MIN_HEADLINE_CHARS
            for a in card.iter("a")
            if owner not in a.iterancestors() and a is not owner
        ):
            found.add(id(blocks_in_card[0]))
    return found


def _in_chrome(el: Element, memo: dict[int, bool], keep_alive: dict[int, Element]) -> bool:
    """Whether an element is inside one whose class/id names a widget (comments, share, ads)."""
    path: list[Element] = []
    result = False
    # <body> and <html> carry page-type classes ("blog-recirc-group", "accept-cookies"), and
    # a name that also says story or layout ("non-ad-column", "comment_content") is not
    # decisive on its own (dev: gizmodo, spokesman, remember8090).
    while el is not None and el.tag not in ("body", "html"):
        key = id(el)
        if key in memo:
            result = memo[key]
            break
        path.append(el)
        names = class_and_id(el)
        if names and WIDGET_CLASS_RE.search(names) and not STORY_HINT_RE.search(names):
            result = True
            break
        el = el.getparent()
    for seen in path:
        memo[id(seen)] = result
        keep_alive[id(seen)] = seen  # the memo's ids stay valid while these live
    return result


def _hint_score(el: Element) -> float:
    names = class_and_id(el)
    score = 0.0
    if el.tag == "article" or el.get("itemprop") == "articleBody":
        score += _HINT_WEIGHT
    if names:
        if CONTENT_CLASS_RE.search(names):
            score += _HINT_WEIGHT
        if DROP_CLASS_RE.search(names):
            score -= _HINT_WEIGHT
    return score


def _inside(block: Block, chosen: set[int]) -> bool:
    el = block.owner
    while el is not None:
        if id(el) in chosen:
            return True
        el = el.getparent()
    return False


def story_paragraphs(
    root: Element,
    rule: SiteRule | None = None,
    dropped: list[Dropped] | None = None,
    *,
    title: str = "",
) -> list[str]:
    """The story's paragraphs in a pruned page, each dropped one noted in ``dropped``."""
    body = root.find("body")
    if body is None:
        body = root
    containers = select(body, rule.body) if rule and rule.body else []
    if not containers:
        paragraphs = blocks(body)
        containers = locate(body, paragraphs)
        marked = _marked(body)
        if marked and _voting_chars(paragraphs, marked) >= _MARKED_SHARE * _voting_chars(
            paragraphs, containers
        ):
            containers = marked
        if dropped is not None:
            reason = "outside the story container" if containers else "no story container"
            ids = {id(el) for el in containers}  # valid while ``containers`` holds them
            dropped.extend(
                Dropped(preview(b.text), reason) for b in paragraphs if not _inside(b, ids)
            )
    inside: list[Block] = []
    for container in containers:
        prune_chrome(container, dropped)
        inside.extend(blocks(container))
    return list(keep(inside, rule, dropped, title=title))


def _voting_chars(paragraphs: list[Block], containers: list[Element]) -> int:
    """The length of the voting paragraphs inside some containers."""
    ids = {id(el) for el in containers}  # valid while ``containers`` holds them
    return sum(len(b.text) for b in paragraphs if b.votes and _inside(b, ids))


def _marked(body: Element) -> list[Element]:
    """Containers the page marks as the story with schema.org microdata, if they hold one."""
    marked = select(body, ", ".join(CONTENT_SELECTORS))
    if sum(len(text_of(el)) for el in marked) < _MIN_MARKED_CHARS:
        return []
    return [el for el in marked if not _related(el, [m for m in marked if m is not el])]


def _is_title(block: Block, title: str, kept: int) -> bool:
    """Whether a block repeats the headline: a heading, or the first paragraph, whose words are
    nearly all the title's ("Julian Assange: Sweden drops rape investigation" under the title
    "Sweden drops Assange rape investigation"; dev: bbc, floridatoday, indiapost). One ending
    in a full stop is a sentence, unless the title ends in one too (QA: Medium's "I Tracked
    Every Dollar. Here Is What I Learned.")."""
    if block.tag not in _TITLE_TAGS and kept:
        return False
    text = block.text
    if len(text) > _TITLE_LENGTH_RATIO * len(title) + 10 or (
        text.endswith(".") and not title.endswith(".")
    ):
        return False
    words = _WORD.findall(text.lower())
    title_words = set(_WORD.findall(title.lower()))
    if len(set(words)) < _TITLE_WORD_SHARE * len(title_words):
        return False  # a subheading made of some of the title's words ("Keyboard")
    return sum(w in title_words for w in words) >= _TITLE_WORD_SHARE * len(words)


def _pull_quotes(paragraphs: list[Block]) -> set[int]:
    """The ids of quote blocks whose words all stand, in order, in a paragraph outside a
    quote: pull quotes, which repeat a line of the story in large type, before or after it
    (QA: tagDiv's "td_quote", Ghost's "kg-blockquote-alt"). A quote of fewer than
    ``_MIN_PULL_QUOTE_WORDS`` words may just echo a phrase."""
    quotes: list[tuple[Block, str]] = []
    texts: list[str] = []
    for block in paragraphs:
        words = _WORD.findall(block.text.lower())
        if _in_quote(block):
            if len(words) >= _MIN_PULL_QUOTE_WORDS:
                quotes.append((block, f" {' '.join(words)} "))
        else:
            texts.append(f" {' '.join(words)} ")
    return {id(quote) for quote, words in quotes if any(words in text for text in texts)}


def _in_quote(block: Block) -> bool:
    """Whether a block is a ``<blockquote>`` or a paragraph right inside one."""
    parent = block.owner.getparent() if block.owner is not None else None
    return block.tag == "blockquote" or (parent is not None and parent.tag == "blockquote")


def keep(
    paragraphs: Iterable[Block],
    rule: SiteRule | None = None,
    dropped: list[Dropped] | None = None,
    *,
    title: str = "",
) -> Iterator[str]:
    """The paragraphs that pass the text rules."""
    paragraphs = list(paragraphs)
    pulled = _pull_quotes(paragraphs)
    previous = ""
    kept = 0
    for block in paragraphs:
        cell = block.tag in ("td", "th")
        text, reason = strip_boilerplate(
            block.text, rule, dropped, linked=block.link_chars > 0, cell=cell
        )
        if reason is None and block.link_density > (
            _MAX_LONG_LINK_DENSITY
            if len(text) >= _LONG_BLOCK_CHARS
            or (len(text) >= _SENTENCE_CHARS and text.endswith(_SENTENCE_ENDS))
            else _MAX_LINK_DENSITY
        ):
            reason = "mostly links"
        # A cell like the one before is a value of the table ("12000 | 12000"), not a caption
        # scraped twice (QA round 6: a party's vote count was lost).
        if reason is None and text == previous and not cell:
            reason = "repeated paragraph"
        if reason is None and title and _is_title(block, title, kept):
            reason = "the title"
        if reason is None and id(block) in pulled:
            reason = "pull quote"
        if reason is None:
            previous = text
            kept += 1
            yield text
        elif dropped is not None:
            dropped.append(Dropped(preview(text), reason, lead=not kept))
