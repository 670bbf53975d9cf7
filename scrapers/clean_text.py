"""Line rules for text already scraped from a page (the seed format, issue 3).

The format: the title on the first line, then the story's paragraphs, one per line, usually
with blank lines between them, with the page's chrome (share prompts, the comment form,
"Related Post", the site's sign-off) left in as lines of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrapers.boilerplate import (
    BOILERPLATE_LINES,
    BOILERPLATE_PATTERNS,
    BOILERPLATE_PREFIXES,
    RELATED_HEADINGS,
    SHARE_LABELS,
    TEASER_PREFIXES,
    SiteRule,
)

_SPACES = re.compile(r"\s+")
# Decoration around a label that does not change what it says: "Share this:", "Loading...",
# "Required fields are marked *", "Related Posts »", "分享到：" (a full-width colon).
_TRIM = " \t:：.…*»«|-–—>•·"
_PREFIX_RE = re.compile("|".join(re.escape(p) for p in BOILERPLATE_PREFIXES), re.IGNORECASE)
_TEASER_RE = re.compile("|".join(re.escape(p) for p in TEASER_PREFIXES), re.IGNORECASE)
_PATTERN_RE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_PATTERNS), re.IGNORECASE)
# Patterns judge short blocks only: a sign-off like "Follow us on Twitter" is a line or two,
# while a story paragraph may mention following someone on Twitter (dev sign-offs: < 200).
_MAX_PATTERN_CHARS = 250
# Prefix rules judge blocks up to this long: boilerplate lines are short, and a story sentence
# may start like one (QA round 4). The longest prefix match on dev is a 352-character membership
# pitch (nationalreview); the others are under 120.
_MAX_PREFIX_CHARS = 400
# A headline (a teaser's, a related post's) is at most this long and does not end like a
# sentence. Dev teasers are 65-81 characters; news headlines rarely pass 120.
_MAX_HEADLINE_CHARS = 150
# A sentence's end: a full stop, "!" or "?", maybe inside quotes; an ellipsis is a cut headline.
_SENTENCE_END = re.compile(r"(?<!\.)[.!?][\"”’')]*$")


# Between the labels of a share bar reduced to text: "Facebook Twitter Email" (QA), "Facebook
# | Twitter".
_LABEL_SEPARATORS = re.compile(r"[\s|,•·/]+")


#: The reason given for a line that a boilerplate pattern matches (a byline among them).
BOILERPLATE_PATTERN = "boilerplate pattern"

# Longest preview of a dropped block in an explanation.
PREVIEW_CHARS = 80


def preview(text: str) -> str:
    """A one-line preview of a block's text, for explanations."""
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


@dataclass(frozen=True)
class Dropped:
    """One piece of a page left out of the body, and why (what ``explain`` reports)."""

    text: str
    reason: str
    #: Left out before any of the story was kept: where a byline or a dateline is the story's
    #: own, not a sub-heading's or a book's ("Published 2019 by Random House": QA).
    lead: bool = False

    def to_dict(self) -> dict[str, str]:
        """The text and the reason as a JSON-ready dict (what ``searchkit clean --explain
        --json`` prints)."""
        return {"text": self.text, "reason": self.reason}


def normalize(line: str) -> str:
    """The form boilerplate phrases are compared in: lower case, spaces collapsed, decoration cut.

    >>> normalize("  Kindly Share This Story: ")
    'kindly share this story'
    """
    return _SPACES.sub(" ", line).strip(_TRIM).lower()


def is_related_heading(key: str) -> bool:
    """Whether a line (``normalize``d) heads a list of other stories: one of
    ``RELATED_HEADINGS``, or "More Great WIRED Stories" and its like (QA: Wired's list stayed)."""
    return key in RELATED_HEADINGS or _MORE_STORIES.fullmatch(key) is not None


#: "more stories", "more great wired stories", "more top news": a heading of up to three words
#: between "more" and what it lists.
_MORE_STORIES = re.compile(r"more (?:[\w'’]+ ){0,3}(?:stories|news|articles)")


def boilerplate_reason(
    line: str, rule: SiteRule | None = None, *, linked: bool = True, cell: bool = False
) -> str | None:
    """Why a line or text block is boilerplate, or ``None`` when it may be story text.

    A site ``rule`` adds its own phrases (``drop_lines``) and shields others (``keep_lines``).
    ``linked`` says the block is (or holds) a link, as share buttons are: a lone "Facebook" (or
    "Facebook Twitter Email") is chrome then, and story as a plain list item. A table ``cell``
    is never boilerplate by a whole-block phrase: "Name" heads a column there, not a comment
    form (QA round 4).

    >>> boilerplate_reason("Leave a Reply")
    'boilerplate phrase'
    >>> boilerplate_reason("Aleppo is experiencing a descent into hell.") is None
    True
    """
    key = normalize(line)
    # Not "not key": a line of decoration alone may match a pattern ("--", QA s15).
    if not line.strip() or (rule is not None and key in rule.keep_lines):
        return None
    if not cell and (
        key in BOILERPLATE_LINES
        or is_related_heading(key)
        or (linked and all(label in SHARE_LABELS for label in _LABEL_SEPARATORS.split(key)))
    ):
        return "boilerplate phrase"
    if rule is not None and key in rule.drop_lines:
        return "site rule phrase"
    line = line.strip()
    if len(line) <= _MAX_PREFIX_CHARS and _PREFIX_RE.match(line):
        return "boilerplate prefix"
    teaser = _TEASER_RE.match(line)
    if teaser and looks_like_headline(line[teaser.end() :]):
        return "teaser for another story"
    if len(line) <= _MAX_PATTERN_CHARS and _PATTERN_RE.search(line):
        return BOILERPLATE_PATTERN
    return None


def strip_boilerplate(
    text: str,
    rule: SiteRule | None = None,
    dropped: list[Dropped] | None = None,
    *,
    linked: bool = True,
    cell: bool = False,
) -> tuple[str, str | None]:
    """A block's text without its boilerplate lines, or the block and why it is all boilerplate.

    Lines (a block's single ``<br>`` breaks) are judged one by one: themes that break paragraphs
    with one ``<br>`` make a whole story one block, with share prompts, ad labels and the
    comment form as lines of it (QA round 4). The lines dropped from a block that keeps some
    are noted in ``dropped``; ``linked`` and ``cell`` are as for :func:`boilerplate_reason`.

    >>> strip_boilerplate("The story.\\nAdvertisement\\nMore story.")
    ('The story.\\nMore story.', None)
    >>> strip_boilerplate("Leave a Reply")
    ('Leave a Reply', 'boilerplate phrase')
    """
    lines = text.split("\n")
    reasons = [boilerplate_reason(line, rule, linked=linked, cell=cell) for line in lines]
    if all(reasons):
        return text, reasons[0]
    judged = list(zip(lines, reasons, strict=True))
    if dropped is not None:
        dropped.extend(Dropped(preview(line), r) for line, r in judged if r)
    return "\n".join(line for line, r in judged if r is None), None


def looks_like_headline(line: str) -> bool:
    """Whether a line reads as a headline: short, and not ending like a sentence.

    >>> looks_like_headline("NNPC blames marketers for hoarding petrol")
    True
    >>> looks_like_headline("The minister said prices would fall.")
    False
    """
    line = line.strip()
    return 0 < len(line) <= _MAX_HEADLINE_CHARS and not _SENTENCE_END.search(line)


def clean_lines(text: str, rule: SiteRule | None = None) -> tuple[str, list[str], list[Dropped]]:
    """Split a text dump into (title, story paragraphs, dropped lines).

    >>> clean_lines("Title\\n\\nShare this:\\n\\nStory.\\nStory.\\n")[:2]
    ('Title', ['Story.'])
    """
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "", [], []
    return (lines[0], *clean_paragraphs(lines[1:], rule, title=lines[0]))


#: The heading of the readers' comments under a story, in a text dump: "2 thoughts on “…”",
#: "One Response to …", "14 Comments": what follows is theirs, not the story (QA: a
#: WordPress dump kept its comment thread).
#: Not a sentence ("One comment on the matter came from…", review) nor a sub-heading
#: ("Three thoughts:", "Five responses to “the budget”", QA): a count of comments in digits,
#: or thoughts or responses on the dump's own title, as WordPress writes them.
_COMMENTS_HEADING = re.compile(
    r"^(?:\d+\s+comments?|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:thoughts?|comments?|responses?|replies)\s+(?:on|to)\s+[\"“„«](?P<title>[^\"”“«»]+)"
    r"[\"”“»])\s*:?$",
    re.IGNORECASE,
)


def clean_paragraphs(
    lines: list[str], rule: SiteRule | None = None, *, title: str = ""
) -> tuple[list[str], list[Dropped]]:
    """Split a text's lines into (story paragraphs, dropped lines).

    The line rules of text dumps, also used for text with no markup left to judge, such as a
    page's JSON-LD articleBody (QA round 4). The headlines listed under a related-posts heading
    go with it, up to the next story paragraph or boilerplate line (the comment form).

    >>> clean_paragraphs(["Story.", "Related Post", "Fuel queues return", "Leave a Reply"])[0]
    ['Story.']
    """
    kept: list[str] = []
    dropped: list[Dropped] = []
    related = False  # in the list under a related-posts heading
    comments = False  # past the heading of the readers' comments
    for line in lines:
        heading = _COMMENTS_HEADING.match(line) if kept else None
        comments = comments or (
            heading is not None and heading["title"] in (None, title)
        )
        if comments:
            dropped.append(Dropped(line, "readers' comments"))
            continue
        reason = boilerplate_reason(line, rule)
        if reason is None and related and looks_like_headline(line):
            reason = "related-post headline"
        related = is_related_heading(normalize(line)) or reason == "related-post headline"
        if reason is None and kept and line == kept[-1]:
            reason = "repeated line (a caption scraped twice)"
        if reason is None:
            kept.append(line)
        else:
            dropped.append(Dropped(line, reason, lead=not kept))
    return kept, dropped
