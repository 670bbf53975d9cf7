from __future__ import annotations

from datetime import date

import pytest

from scrapers import Article, DecodeError, explain, extract
from scrapers.clean_text import boilerplate_reason


def test_seed_story(seed_text: str) -> None:
    article = extract(seed_text)
    assert article.title == (
        "Aleppo could witness one of the worst massacres since World War Two, France warns"
    )
    assert article.body.startswith("Aleppo is experiencing a “descent into hell”")
    assert article.body.endswith("has been driven from their homes.")
    for line in (
        "Kindly Share This Story",
        "Related Post",
        "Leave a Reply",
        "Your email address",
        "Required fields",
        "amehnews greetings",
    ):
        assert line not in article.body
    # The caption, scraped twice, ends in its photo credit: both copies go (QA round 4).
    assert "The Bustan al-Basha neighbourhood" not in article.body
    assert len(article.paragraphs) == 22


def test_seed_as_bytes_with_url(seed_text: str) -> None:
    article = extract(seed_text.encode("utf-8"), url="https://amehnews.com/aleppo/")
    assert article.body == extract(seed_text).body
    assert article.url == "https://amehnews.com/aleppo/"


def test_explain_seed_reasons(seed_text: str) -> None:
    reasons = {d.text: d.reason for d in explain(seed_text)}
    assert reasons["amehnews greetings"] == "boilerplate phrase"
    assert (
        "pattern"
        in reasons[
            "The Bustan al-Basha neighbourhood in east Aleppo has seen heavy destruction in the "
            "assault (AFP/Getty)"
        ]
    )


def test_wordpress_page_keeps_story_only(page) -> None:
    article = extract(page("wordpress_post.html"))
    assert article.paragraphs == (
        "Government forces pressed into the east of the city on Tuesday, residents said, as "
        "thousands fled.",
        "Aid agencies warned that food and medicine would run out within days, and called for "
        "a pause in the fighting.",
        "The United Nations Security Council will meet on Wednesday to discuss the crisis.",
    )
    assert "Smoke over the old city" not in article.body  # captions are not story (dev: 0 of 78)
    assert article.title == "Aleppo siege tightens"
    assert article.site == "Example News"
    assert article.url == "https://news.example.com/2016/11/29/aleppo-siege/"
    assert article.language == "en-GB"


def test_the_given_url_wins_over_the_canonical_one(page) -> None:
    article = extract(page("wordpress_post.html"), url="https://news.example.com/x")
    assert article.url == "https://news.example.com/x"


@pytest.mark.parametrize(
    ("head", "url"),
    [
        ('<link rel="canonical" href="https://site.example/">', ""),
        ('<link rel="canonical" href="/">', ""),
        ('<meta property="og:url" content="https://site.example">', ""),
        (
            '<link rel="canonical" href="https://site.example/"><meta property="og:url" '
            'content="https://site.example/2019/story">',
            "https://site.example/2019/story",
        ),
        ('<link rel="canonical" href="https://site.example/?p=12">', "https://site.example/?p=12"),
    ],
)
def test_a_home_page_is_no_canonical_url(head: str, url: str) -> None:
    # Sites that point every page at their home page made all their stories one (QA).
    page = f"<html><head>{head}</head><body><article><p>{'A story. ' * 20}</p></article></body>"
    assert extract(page).url == url


def test_explain_html_names_what_it_dropped(page) -> None:
    reasons = " ".join(f"{d.text} {d.reason}" for d in explain(page("wordpress_post.html")))
    # The <nav> is inside the <header>: listed once, as the header that held it.
    for expected in (
        "Leave a Reply",
        "Related Posts",
        "Home World <header> element",
        "<form> element",
        "We use cookies",
        "Read more: Ceasefire",
    ):
        assert expected in reasons


def test_div_and_br_page(page) -> None:
    article = extract(page("div_br_page.html"))
    assert article.paragraphs[-3:] == (
        "The town council approved next year's budget on Monday night, after three hours of "
        "debate, by a vote of five to two.",
        "The plan raises spending on roads by four percent, and keeps the property tax rate "
        "where it has been since 2012.",
        "Two members voted against it, saying the town should first settle its pension debts, "
        "which grew again this year.",
    )
    assert "Archive" not in article.body
    assert "Copyright" not in article.body


@pytest.mark.parametrize(
    "page_text",
    ["", "   ", "<html></html>", "<!DOCTYPE html><html><body></body></html>", "\x00" * 0],
    ids=["empty", "blank", "empty-html", "empty-body", "nothing"],
)
def test_empty_pages_give_empty_articles(page_text: str) -> None:
    assert extract(page_text).body == ""


def test_non_article_page_gives_empty_body(page) -> None:
    article = extract(page("not_an_article.html"))
    assert isinstance(article, Article)
    assert article.body == ""


def test_undecodable_bytes_raise() -> None:
    with pytest.raises(DecodeError):
        extract(bytes(range(32)) * 64)


def test_wrong_type_is_a_programmer_error() -> None:
    with pytest.raises(TypeError):
        extract(42)  # type: ignore[arg-type]


def test_json_ld_body_is_the_fallback_for_script_rendered_pages(page) -> None:
    article = extract(page("json_ld_only.html"))
    assert article.title == "Council approves budget"
    assert article.paragraphs == (
        "The town council approved next year's budget on Monday night.",
        "The plan raises spending on roads by four percent.",
    )


def test_json_ld_body_does_not_replace_a_fuller_dom(page) -> None:
    body = extract(page("metadata_jsonld.html")).body
    assert "three years after work began on it" in body


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "By Jane Doe and John Roe",
        "Published: 18 November 2019",
        "Updated Nov. 19, 2019",
        "Image 2 of 5",
        "Follow us on Twitter @news",
        "Tags: Syria, Aleppo",
        "Updated 10:30 GMT, Tuesday 19 November 2019",
        "Posted 3 hours ago",
        "Email Jo at jo@example.com. Follow her on Twitter @jo.",
        "We use cookies to improve your experience on our website.",
        "Read more: Ceasefire talks stall in Geneva",
        "Posted on March 3, 2016 by Jane Doe",
    ],
    ids=[
        "byline",
        "byline-two",
        "published",
        "updated",
        "gallery",
        "follow",
        "tags",
        "updated-time-zone",
        "posted-ago",
        "follow-after-sentence",
        "cookies",
        "teaser",
        "posted-by",
    ],
)
def test_bylines_datelines_and_sign_offs_inside_the_body_are_dropped(line: str) -> None:
    story = "The story itself, which is long enough to count."
    html = f"<article><p>{line}</p><p>{story}</p></article>"
    assert extract(html).paragraphs == (story,)


def test_by_in_a_sentence_is_kept() -> None:
    text = "By Monday the river had risen by two metres, the city said."
    assert extract(f"<article><p>{text}</p><p>More.</p></article>").paragraphs[0] == text


AMEHNEWS_STORY = (
    "Aleppo is experiencing a “descent into hell” amid warnings the city could witness one of "
    "the biggest massacres since the Second World War.",
    "Approximately 400,000 people have died in the Syrian conflict to date, the UN estimates.",
)


@pytest.mark.parametrize(
    "url", ["https://amehnews.com/2016/11/29/aleppo/", None], ids=["site-rule", "no-url"]
)
def test_amehnews_html_page(page, url: str | None) -> None:
    article = extract(page("amehnews_post.html"), url=url)
    assert article.paragraphs == AMEHNEWS_STORY
    assert article.site == "Amehnews"
    assert article.title.startswith("Aleppo could witness")


def test_explain_names_the_site_rule(page) -> None:
    reasons = [d.reason for d in explain(page("amehnews_post.html"), "https://amehnews.com/x")]
    assert "site rule '.wp-block-buttons'" in reasons


def test_dropped_to_dict(seed_text: str) -> None:
    assert explain(seed_text)[0].to_dict() == {
        "text": "Kindly Share This Story:",
        "reason": "boilerplate phrase",
    }


def test_cp1252_html_bytes() -> None:
    html = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head><body>'
        "<article><p>\u201cLe caf\u00e9 est plein\u201d, dit-il \u2014 na\u00efvement.</p>"
        "</article></body></html>"
    )
    article = extract(html.encode("cp1252"))
    assert article.title == "Caf\u00e9"
    assert article.body == "\u201cLe caf\u00e9 est plein\u201d, dit-il \u2014 na\u00efvement."


def test_json_ld_body_with_markup_and_entities() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": '
        '"<p>First &amp; foremost, the news.</p><p>Then <b>more</b> of it.</p>"}</script>'
    )
    article = extract(f"<html><head>{head}</head><body><div id='app'></div></body></html>")
    assert article.paragraphs == ("First & foremost, the news.", "Then more of it.")


def test_explain_keeps_the_words_of_a_dropped_block_apart() -> None:
    html = (
        "<html><body><article><p>"
        + "The harbour wall was approved by the council. " * 5
        + '</p><div class="comments"><h3>Leave a comment</h3><span>3 comments</span></div>'
        "</article></body></html>"
    )
    texts = [d.text for d in explain(html)]
    assert "Leave a comment 3 comments" in texts


def test_explain_lists_a_block_once_not_again_for_what_it_held() -> None:
    html = (
        "<html><body><article><p>"
        + "The harbour wall was approved by the council. " * 5
        + "</p><figure><img src='w.jpg'><figcaption>The old wall.</figcaption></figure>"
        "</article></body></html>"
    )
    assert [d.text for d in explain(html)].count("The old wall.") == 1


def test_site_logo_h1_is_not_the_title_and_the_headline_leaves_the_body() -> None:
    """With no og/JSON-LD title, the logo <h1> was the title and the headline stayed in the
    body (QA round 4)."""
    story = "".join(
        f"<p>Heavy rain fell on Lagos on Tuesday, flooding roads and homes {i}.</p>"
        for i in range(3)
    )
    page = (
        '<html><head><meta property="og:site_name" content="Daily News"></head><body>'
        '<header><h1 class="site-title">Daily News</h1></header>'
        f"<article><h1>Floods hit Lagos</h1>{story}</article></body></html>"
    )
    article = extract(page)
    assert article.title == "Floods hit Lagos"
    assert "Floods hit Lagos" not in article.body


STORY_P = (
    "The harbour wall, built in 1890 and repaired twice since, was declared unsafe on Monday by "
    "engineers, who said the sea had undermined its footings."
)


@pytest.mark.parametrize(
    "html",
    [
        "<p>By the time police arrived, the gunmen had fled.</p>",
        "<p>By then, it was too late.</p>",
        "<p>By noon, it was over.</p>",
        "<h3>By the numbers</h3>",
        "<p>Published in 2015, the earlier report found that 40 per cent of firms paid no tax.</p>",
        "<p>Posted at 3am, the minister's message was deleted an hour later.</p>",
        "<p>Updated 2016 figures show the deficit at 3 per cent.</p>",
        "<p>Police urged residents to follow them on Twitter for updates on road closures.</p>",
        "<p>We use cookies to track voters, the campaign's data chief admitted to MPs.</p>",
        "<p>Follow us on this journey, the minister told MPs as she set out the plan.</p>",
        "<p>See also: the minister's remarks on inflation last year, which rattled markets.</p>",
    ],
    ids=[
        "by-the-time",
        "by-then",
        "by-noon",
        "by-the-numbers",
        "published-in",
        "posted-at",
        "updated-figures",
        "follow-them",
        "we-use-cookies",
        "follow-us-on-journey",
        "see-also",
    ],
)
def test_story_sentences_like_boilerplate_are_kept(html: str) -> None:
    # QA round 4: each was dropped as a "boilerplate pattern" or "boilerplate prefix".
    paragraphs = extract(f"<article><p>{STORY_P}</p>{html}</article>").paragraphs
    assert len(paragraphs) == 2, paragraphs


def test_a_story_list_of_social_networks_is_kept() -> None:
    # QA round 4: share-button labels are chrome as links or buttons, not as plain list items.
    html = (
        f"<article><p>{STORY_P}</p><p>Teenagers said they used three apps most:</p>"
        "<ul><li>Facebook</li><li>Twitter</li><li>WhatsApp</li></ul></article>"
    )
    assert extract(html).paragraphs[-3:] == ("Facebook", "Twitter", "WhatsApp")


def test_share_links_are_dropped() -> None:
    html = (
        f"<article><p>{STORY_P}</p><ul><li><a href='/fb'>Facebook</a></li>"
        "<li><a href='/tw'>Twitter</a></li></ul></article>"
    )
    assert extract(html).paragraphs == (STORY_P,)


def test_a_table_cell_is_not_a_boilerplate_block() -> None:
    # QA round 4: "<th>Name</th>" was dropped as the comment form's field label.
    table = (
        "<table><tr><th>Name</th><th>Votes</th></tr><tr><td>Jo Bloggs</td><td>412</td></tr></table>"
    )
    assert "Name" in extract(f"<article><p>{STORY_P}</p>{table}</article>").paragraphs


def test_a_table_cell_like_the_one_before_is_kept() -> None:
    # QA round 6: the second "12000" was dropped as a repeated paragraph, a party's votes.
    row = "<tr><td>Akoko North</td><td>12000</td><td>12000</td><td>0</td></tr>"
    paragraphs = extract(f"<article><p>{STORY_P}</p><table>{row}</table></article>").paragraphs
    assert paragraphs[1:] == ("Akoko North", "12000", "12000", "0")


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("<p><strong>By Babajide Komolafe</strong></p>", ("Babajide Komolafe",)),
        ('<p class="auteur">Par Marie Dupont</p>', ("Marie Dupont",)),
        ("<p>By the time police arrived, the gunmen had fled.</p>", ()),
        # Headings that read like bylines (review).
        ("<h2>By The Numbers</h2>", ()),
        ("<h3>By Air</h3>", ()),
        ("<p>By Order Of The Court</p>", ()),
        ("<p>Por Que Importa</p>", ()),
        # One name that fails drops itself, not the others (review).
        ("<p>By Jane Doe, The Guardian</p>", ("Jane Doe",)),
        ("<p>By Jane Doe | Reuters</p>", ("Jane Doe",)),
    ],
    ids=["vanguard", "french", "story", "the-numbers", "air", "order-of-the-court", "que",
         "name-and-paper", "name-and-wire"],
)
def test_a_byline_in_the_story_names_its_authors(byline: str, authors: tuple[str, ...]) -> None:
    # QA round 6: the byline left the body, and its names went nowhere.
    article = extract(f"<article><h1>Rates</h1>{byline}<p>{STORY_P}</p></article>")
    assert article.authors == authors
    assert article.body.endswith(STORY_P)


def test_one_word_after_par_or_por_is_story() -> None:
    # Review: "Por Favor" and "Par Avion" were dropped as bylines.
    lines = "<p>Por Favor</p><p>Par Avion</p><p>Por Que Importa</p>"
    assert extract(f"<article>{lines}<p>{STORY_P}</p></article>").paragraphs[:3] == (
        "Por Favor",
        "Par Avion",
        "Por Que Importa",
    )


def test_an_amp_ad_slot_and_its_fallback_are_not_story() -> None:
    ad = "<amp-ad width=300 height=250 type=x><div fallback>Ad failed</div></amp-ad>"
    assert extract(f"<article><p>{STORY_P}</p>{ad}</article>").paragraphs == (STORY_P,)


def test_a_sites_copyright_line_inside_the_article_is_not_story() -> None:
    # "© 2020 Newsquest Media Group" ended the body (QA); a wire's "© Reuters" is kept (dev).
    line = "<p class='copyright'>© 2020 Newsquest Media Group</p>"
    assert extract(f"<article><p>{STORY_P}</p>{line}</article>").paragraphs == (STORY_P,)


def test_a_lone_surrogate_in_json_ld_is_read_as_the_replacement_character() -> None:
    # As the README says: the page is indexed, the escape read as U+FFFD (QA round 6).
    ld = '{"@type": "NewsArticle", "headline": "A \\ud800 b"}'
    page = f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
    page += f"<article><p>{STORY_P}</p></article></body></html>"
    assert extract(page).title == "A \ufffd b"


def test_an_archive_page_of_story_cards_has_no_story() -> None:
    # QA round 6: a category page's summaries, each in a <div> of its <article>, were
    # indexed as one story titled "Category: Politics".
    card = (
        '<article class="post"><h2><a href="/{n}/">Story number {n} of the politics desk</a></h2>'
        '<div class="entry-summary"><p>{p}</p></div></article>'
    )
    cards = "".join(card.format(n=n, p=STORY_P) for n in range(3))
    assert extract(f"<main><h1>Category: Politics</h1>{cards}</main>").body == ""


def test_boilerplate_lines_between_single_br_are_dropped() -> None:
    # QA round 4: a theme that breaks paragraphs with one <br> makes the whole story one block,
    # and the phrase rules judged it whole.
    p2 = "The council will vote on the repairs next month, after a public consultation."
    p3 = "Residents have been asked to keep off the wall until then."
    html = (
        f"<div class='entry-content'>{STORY_P}<br>Kindly Share This Story:<br>{p2}<br>"
        f"Advertisement<br>{p3}<br>Leave a Reply<br>Your email address will not be "
        "published. Required fields are marked *</div>"
    )
    assert extract(html).body == f"{STORY_P}\n{p2}\n{p3}"
    reasons = {d.text: d.reason for d in explain(html)}
    assert reasons["Advertisement"] == "boilerplate phrase"


def test_json_ld_fallback_drops_boilerplate() -> None:
    # QA round 4: the articleBody of script-rendered pages skipped every text rule.
    p2 = "The council will vote on the repairs next month, after a public consultation."
    body = (
        f"{STORY_P}\\n\\nAdvertisement\\n\\nKindly Share This Story:\\n\\n{p2}\\n\\n"
        "Read more: Sea defences fail along the coast\\n\\nLeave a Reply"
    )
    head = f'<script type="application/ld+json">{{"@type": "NewsArticle", "articleBody": "{body}"}}'
    page = f"<html><head>{head}</script></head><body><div id='app'></div></body></html>"
    assert extract(page).paragraphs == (STORY_P, p2)
    assert "Leave a Reply" in [d.text for d in explain(page)]


@pytest.mark.parametrize(
    "line",
    [
        "Image credit: Getty Images",
        "© Copyright 2016 Daily News. All rights reserved.",
        "Copyright 2016 Daily News",
        "Click here to subscribe to our newsletter.",
        "Join our WhatsApp channel for the latest news",
        "Advertisement loading...",
        "READ ALSO: Fuel price: Senate summons minister",
        "分享到：",
        "相关新闻",
        "شارك",
        "اقرأ أيضا: الحكومة ترفع أسعار الوقود",
    ],
    ids=[
        "image-credit",
        "copyright",
        "copyright-year",
        "click-here",
        "whatsapp-channel",
        "amp-ad",
        "read-also",
        "zh-share",
        "zh-related",
        "ar-share",
        "ar-read-also",
    ],
)
def test_more_chrome_inside_the_body_is_dropped(line: str) -> None:
    # QA round 4.
    assert extract(f"<article><p>{STORY_P}</p><p>{line}</p></article>").paragraphs == (STORY_P,)


@pytest.mark.parametrize(
    "line",
    [
        "Copyright lawyers said the song had been copied from a 1970s recording.",
        "Join us on a walk through the old town, the guide said as the rain began.",
    ],
    ids=["copyright-lawyers", "join-us"],
)
def test_story_like_chrome_is_kept(line: str) -> None:
    assert extract(f"<article><p>{STORY_P}</p><p>{line}</p></article>").paragraphs[1] == line


@pytest.mark.parametrize("url", ["http://[::1", "http://[x]/a"])
def test_a_page_from_a_url_that_is_no_address_is_read(url: str) -> None:
    # A WARC record's target "http://[::1" failed its page with "Invalid IPv6 URL" (QA).
    story = "<p>" + "The harbour authority said the pier would reopen next week. " * 5 + "</p>"
    page = f"<html><head><title>Pier</title></head><body><article>{story}</article></body></html>"
    assert "harbour authority" in extract(page, url=url).body


def test_a_page_saved_by_a_browser_names_its_address() -> None:
    # "Save as" writes the address in a comment: such a page had no URL, so its id was its
    # file's path (QA).
    page = (
        "<!DOCTYPE html>\n<!-- saved from url=(0048)https://www.valleynews.example/news/mill-fire"
        " -->\n<html><head><title>Mill fire</title></head><body><article><h1>Mill fire</h1>"
        "<p>A fire broke out at the old mill on Tuesday night, firefighters said.</p>"
        "</article></body></html>"
    )
    assert extract(page).url == "https://www.valleynews.example/news/mill-fire"
    assert extract(page, url="https://given.example/x").url == "https://given.example/x"
    local = page.replace(
        "(0048)https://www.valleynews.example/news/mill-fire", "(0014)about:internet"
    )
    assert extract(local).url == ""


@pytest.mark.parametrize("paragraph_class", ["", "para"])
def test_a_lead_outside_the_story_container_is_kept(paragraph_class: str) -> None:
    # A lead <p> before <div class="story-body"> was dropped as "outside the story container"
    # (QA). After the container, only a paragraph of the story's own class is the story's: a
    # plain one there was as often a pitch or the author's bio (review).
    lead = "Rail fares will be frozen for a year, the transport secretary announced on Monday."
    inner = [
        "The freeze, which covers season tickets, will cost the Treasury 200 million pounds.",
        "Passenger groups welcomed the move, but said fares had risen by a third in a decade.",
        "Train operators said they would make sure the freeze was passed on to passengers.",
    ]
    end = "The freeze applies to regulated fares in England only, and will be reviewed."
    pitch = "Our journalism depends on readers like you, so become a member today, and help."
    tag = f"<p class='{paragraph_class}'>" if paragraph_class else "<p>"
    story = "".join(f"{tag}{p}</p>" for p in inner)
    page = (
        f"<html><head><title>Fares</title></head><body><main><h1>Fares</h1><p>{lead}</p>"
        f"<div class='story-body'>{story}</div>{tag}{end}</p><p>{pitch}</p>"
        "<div class='share'><a href='/a'>Share on Facebook</a></div></main></body></html>"
    )
    ends = [end] if paragraph_class else []
    assert extract(page).paragraphs == (lead, *inner, *ends)


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Doe on March 14, 2021", ("Jane Doe",)),
        ("By Jane Doe • March 14, 2021 • 3 min read", ("Jane Doe",)),
        ("Written by Jane Doe | Updated March 14, 2021 at 10:00 am", ("Jane Doe",)),
        ("By Jane Doe @janedoe", ("Jane Doe",)),
        ("By Jane Doe jane.doe@herald.example", ("Jane Doe",)),
        ("Jane Doe, Staff Reporter", ("Jane Doe",)),
        ("Jane Doe / Reuters", ()),  # a wire byline, or a photo's credit (review)
        ("Von Klaus Müller", ("Klaus Müller",)),
        ("By Daniel Kim, City Hall reporter", ("Daniel Kim",)),
        ("Posted on March 14, 2021 by Jane Doe", ("Jane Doe",)),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_byline_with_its_date_handle_or_job_names_its_author(
    byline: str, authors: tuple[str, ...]
) -> None:
    # Each stayed in the story's text, and named no author (QA).
    story = "".join(
        f"<p>Paragraph {n} of the story about the harbour wall, repaired at last this week.</p>"
        for n in range(4)
    )
    page = f"<html><head><title>Wall</title></head><body><h1>Wall</h1><p>{byline}</p>{story}"
    found = extract(page + "</body></html>")
    assert (found.authors, byline in found.body) == (authors, False)


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe on the campaign trail, voters said they wanted change.",
        "Jane Doe, chief executive of the firm, said profits rose.",
        "Caroline Hawley, BBC diplomatic correspondent",  # heads a part of a BBC story (dev)
        "Von Berlin nach Paris",
        "Maria Lopez, documentary producer",  # one of a jury's list (review)
        "By Christmas Day, 2020.",  # (review)
        "By Friday, 5pm",
    ],
)
def test_a_story_line_like_a_byline_is_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        ("Published: March 14, 2021", date(2021, 3, 14)),
        ("Posted on March 14, 2021 by Jane Doe", date(2021, 3, 14)),
        ("Updated: March 14, 2021", None),  # a later date than the story's
    ],
)
def test_a_dateline_in_the_story_dates_it(dateline: str, published: date | None) -> None:
    # The line left the story and its date went nowhere (QA).
    story = "".join(
        f"<p>Paragraph {n} of the story about the harbour wall, repaired at last this week.</p>"
        for n in range(4)
    )
    page = f"<html><head><title>Wall</title></head><body><h1>Wall</h1><p>{dateline}</p>{story}"
    assert extract(page + "</body></html>").published == published


@pytest.mark.parametrize(
    ("line", "authors", "published"),
    [
        (
            "Von Lena Vogt | 14.02.2023, 06:10 Uhr | Aktualisiert: 14.02.2023, 19:02 Uhr",
            ("Lena Vogt",),
            date(2023, 2, 14),
        ),
        # The place after the names is one more name word, so no name is read (QA s15).
        (
            "Por Marta Gil Soto Sevilla 28/03/2023 09:15 Actualizado a las 10:40",
            (),
            date(2023, 3, 28),
        ),
        ("Publié le 4 mars 2022 à 08h12, modifié le 5 mars 2022 à 10h00", (), date(2022, 3, 4)),
        ("Par Sophie Marchand et Hugo Perrin", ("Sophie Marchand", "Hugo Perrin"), None),
    ],
    ids=["german", "spanish", "french", "french-two-names"],
)
def test_a_byline_or_dateline_in_other_languages_names_author_and_date(
    line: str, authors: tuple[str, ...], published: date | None
) -> None:
    # Each stayed in the story's text, and the page had no other date (QA s15).
    story = "".join(
        f"<p>Paragraph {n} of the story about the harbour wall, repaired at last this week.</p>"
        for n in range(4)
    )
    page = f"<html><head><title>Wall</title></head><body><h1>Wall</h1><p>{line}</p>{story}"
    found = extract(page + "</body></html>")
    assert (found.authors, found.published, line in found.body) == (authors, published, False)


def test_a_byline_and_topic_list_named_by_data_component_leave_the_story() -> None:
    # BBC's byline block kept the reporter's job in the body, and its topic list the heading
    # "More on this story": only class and id were read (QA s15).
    story = "".join(
        f'<div data-component="text-block"><p>Paragraph {n} of the story about the harbour'
        " wall, repaired at last this week.</p></div>"
        for n in range(4)
    )
    page = (
        "<html><body><article><h1>Wall</h1>"
        '<div data-component="byline-block" class="x1-Text"><div>By Ruth Okafor</div>'
        "<div>Regional affairs reporter</div></div>"
        f'{story}<div data-component="topic-list"><h2>More on this story</h2>'
        "<ul><li><a href='/a'>Harbour wall closed</a></li></ul></div></article></body></html>"
    )
    found = extract(page)
    assert found.body.count("Paragraph") == 4
    assert ("reporter" in found.body, "More on" in found.body) == (False, False)
    assert found.authors == ("Ruth Okafor",)


def test_a_text_dumps_byline_and_dateline_name_its_author_and_date() -> None:
    # They left the story, and went nowhere (QA).
    dump = (
        "Bridge\n\nPosted on March 14, 2021 by Maria Garcia\n\n"
        "The long-awaited bridge over the river will finally be built, the council said.\n"
    )
    found = extract(dump)
    assert (found.authors, found.published) == (("Maria Garcia",), date(2021, 3, 14))


def test_a_text_dumps_share_bar_dateline_and_newsletter_box_leave_the_story() -> None:
    # The share bar kept before the byline made it no lead, so it named no one; the dateline
    # with its update and the newsletter box stayed in the body (QA).
    dump = (
        "Library hours grow\n\nFacebook Twitter Email\n\nBy Ana Ruiz | Staff Reporter\n\n"
        "Published 8:10 a.m. ET May 2, 2023 | Updated 4:45 p.m. ET May 2, 2023\n\n"
        "The city's libraries will open on Sundays from June, the council said on Monday.\n\n"
        "Sign up for our Morning Edition newsletter\n"
    )
    found = extract(dump)
    assert found.body == (
        "The city's libraries will open on Sundays from June, the council said on Monday."
    )
    assert (found.authors, found.published) == (("Ana Ruiz",), date(2023, 5, 2))


def test_a_nul_byte_is_dropped_as_a_browser_drops_it() -> None:
    # "har\x00bour" became "har\ufffdbour", so "harbour" missed the story (QA).
    story = "".join(f"<p>Paragraph {n} of the story, at some length.</p>" for n in range(9))
    page = f"<html><body><article><p>The har\x00bour wall.</p>{story}</article></body></html>"
    assert extract(page.encode()).paragraphs[0] == "The harbour wall."
    assert extract("T\n\nThe har\x00bour wall.").body == "The harbour wall."


@pytest.mark.parametrize(
    "line", ["Published March 3, 2019 by Random House", "Von Thomas Mann", "By Election Day, 2020"]
)
def test_a_byline_or_dateline_after_the_story_began_names_no_author(line: str) -> None:
    # A book's "Published … by Random House" in a review, a reading list's "Von Thomas Mann",
    # a sub-heading: taken for the story's author and date (QA).
    first = "<p>Paragraph one of the review, about a new novel, which was long awaited.</p>"
    rest = "<p>Paragraph two of the review, about the same novel, at a similar length.</p>"
    page = f"<html><body><article><h1>T</h1>{first}<p>{line}</p>{rest}</article></body></html>"
    found = extract(page)
    assert (found.authors, found.published) == ((), None)
