from __future__ import annotations

import pytest

from scrapers import extract
from scrapers.clean_html import prune, prune_chrome
from scrapers.clean_text import Dropped
from scrapers.dom import parse, text_of

STORY = "".join(
    f"<p>Story paragraph {i}, long enough to be a paragraph of news.</p>" for i in range(4)
)


def test_aspnet_form_around_the_story_stays() -> None:
    root = parse(f"<body><form id='aspnetForm'><input type='hidden'>{STORY}</form></body>")
    prune(root)
    assert "Story paragraph 3" in text_of(root)


def test_mega_menu_nav_goes_even_when_it_holds_most_text() -> None:
    menu = "".join(f"<li><a href='/{i}'>Section number {i}</a></li>" for i in range(200))
    root = parse(f"<body><nav><ul>{menu}</ul></nav><div>{STORY}</div></body>")
    prune(root)
    assert "Section number" not in text_of(root)
    assert "Story paragraph 0" in text_of(root)


@pytest.mark.parametrize(
    ("html", "gone"),
    [
        ("<div class='sharedaddy'>Share this</div>", True),
        ("<div id='comments'>A comment</div>", True),
        ("<div class='jp-relatedposts'>Related</div>", True),
        ("<div class='InlineImage-imageEmbedCaption'>A caption</div>", True),
        ("<div class='article-header'>Standfirst</div>", False),
        ("<div class='entry-meta'>November 29, 2016</div>", True),
        ("<div class='shareholders'>Shareholders met</div>", False),
        ("<div class='site-footer'>Footer</div>", True),
        ("<div class='article-body'>Body</div>", False),
        ("<div class='publicidad'><span>Publicidad</span></div>", True),  # QA s15
        ("<div class='anzeige'><span>Anzeige</span></div>", True),
        ("<div class='comentarios'><h3>Comentarios</h3></div>", True),
        # BBC names its parts in data-component, its classes are generated (QA s15).
        ("<div data-component='byline-block' class='x1-Text'>Health reporter</div>", True),
        ("<div data-component='topic-list'><h2>More on this story</h2></div>", True),
        ("<div data-component='text-block' class='x2-Text'>A paragraph</div>", False),
    ],
    ids=["share", "comments", "related", "camel-caption", "story-header", "entry-meta",
         "word-inside-word", "footer", "content-class", "spanish-ad", "german-ad",
         "spanish-comments", "data-component-byline", "data-component-topics",
         "data-component-text"],
)
def test_prune_chrome_by_class(html: str, gone: bool) -> None:
    container = parse(f"<div id='story'>{STORY}{html}</div>").find(".//div[@id='story']")
    dropped: list[Dropped] = []
    prune_chrome(container, dropped)
    assert bool(dropped) is gone


def test_a_call_to_action_card_in_the_story_goes() -> None:
    # Ghost's membership card "kg-cta-card" sat between two paragraphs of the story (QA).
    card = "<div class='kg-card kg-cta-card'><p>Enjoying this? Become a member.</p></div>"
    container = parse(f"<div id='story'>{STORY}{card}{STORY}</div>").find(".//div[@id='story']")
    prune_chrome(container)
    assert "Become a member" not in text_of(container)


def test_hidden_elements_go() -> None:
    root = parse(f"<body>{STORY}<div style='display: none'>Hidden</div><p hidden>Also</p></body>")
    prune(root)
    assert "Hidden" not in text_of(root) and "Also" not in text_of(root)


LONG = [
    f"Story paragraph {i}, long enough to be a paragraph of news, with a comma and more words."
    for i in range(3)
]


@pytest.mark.parametrize(
    "html",
    [
        f"<div class='site' aria-hidden='true'><div class='entry-content'><p>{LONG[0]}</p>"
        f"<p>{LONG[1]}</p><p>{LONG[2]}</p></div></div>"
        "<div role='dialog'>We use cookies to give you the best experience.</div>",
        f"<div class='story-content'><p>{LONG[0]}</p><a href='#'>Continue reading</a>"
        f"<div class='story-rest' style='display:none'><p>{LONG[1]}</p><p>{LONG[2]}</p></div>"
        "</div>",
    ],
    ids=["modal-open-hides-the-page", "collapsed-rest-of-story"],
)
def test_hidden_story_is_kept(html: str) -> None:
    # QA round 4: the hidden-element rule emptied these pages, or kept only their lead.
    assert extract(html).body.split("\n\n") == LONG


@pytest.mark.parametrize(
    ("block", "kept"),
    [
        ("<figure class='wp-block-table'><table><tr><td>Smith</td><td>1,204 votes</td></tr>"
         "</table></figure>", ["Smith", "1,204 votes"]),
        ("<figure class='wp-block-pullquote'><blockquote><p>“This is a victory for every family"
         " here,” she said.</p></blockquote></figure>",
         ["“This is a victory for every family here,” she said."]),
        ("<div class='wp-block-media-text'><figure class='wp-block-media-text__media'>"
         "<img src='a.jpg'></figure><div class='wp-block-media-text__content'>"
         "<p>The mayor said the library would open in two years.</p></div></div>",
         ["The mayor said the library would open in two years."]),
        ("<figure class='wp-block-image'><img src='a.jpg'><figcaption>The mayor, on Tuesday."
         "</figcaption></figure>", []),
        ("<figure class='wp-block-embed-twitter wp-block-embed'><blockquote class='twitter-tweet'>"
         "<p>A tweet about the vote.</p></blockquote></figure>", []),
    ],
    ids=["table", "pullquote", "media-text", "image", "embedded-tweet"],
)
def test_block_editor_story_blocks_are_kept(block: str, kept: list[str]) -> None:
    # QA round 4: every <figure> was dropped, and "media-text" was taken for media chrome.
    body = extract(f"<div class='entry-content'><p>{LONG[0]}</p>{block}<p>{LONG[1]}</p></div>").body
    assert body.split("\n\n") == [LONG[0], *kept, LONG[1]]


def test_paywalled_story_is_kept_and_its_prompt_dropped() -> None:
    # QA round 4: the subscriber part went for its class word, the sign-up pitch stayed.
    page = (
        f"<div class='article-body'><p>{LONG[0]}</p><p>{LONG[1]}</p>"
        f"<div class='subscription-content'><p>{LONG[2]}</p></div>"
        "<div class='paywall-prompt'><h3>Subscribe to continue reading</h3>"
        "<p>Already a subscriber? Log in</p><p>Get unlimited access for £1 a week.</p></div></div>"
    )
    assert extract(page).body.split("\n\n") == LONG


def test_a_live_blog_entrys_header_keeps_its_headline_only() -> None:
    # The entries' headlines went with their <header> (QA s15).
    entry = (
        "<article class='block'><header><p><time datetime='2024-05-02T09:10Z'>09.10 BST</time>"
        "</p><h2>Ferry sailings resume</h2><a href='/s'>Share</a></header>"
        "<p>Sailings resumed at nine after the storm passed over the island.</p></article>"
    )
    root = parse(
        "<body><header><h2>Site menu</h2></header><article><header><h1>Storm live</h1>"
        f"<p>By Jo Lund</p></header>{entry}{STORY}</article></body>"
    )
    prune(root)
    text = text_of(root)
    assert "Ferry sailings resume" in text
    assert ("09.10" in text, "Share" in text, "Site menu" in text) == (False, False, False)
    assert ("Storm live" in text, "Jo Lund" in text) == (False, False)
