from __future__ import annotations

import pytest

from scrapers import Article, DecodeError, explain, extract


def test_seed_story(seed_text: str) -> None:
    article = extract(seed_text)
    assert article.title == (
        "Aleppo could witness one of the worst massacres since World War Two, France warns"
    )
    assert article.body.startswith("Aleppo is experiencing a “descent into hell”")
    assert article.body.endswith("has been driven from their homes.")
    for line in ("Kindly Share This Story", "Related Post", "Leave a Reply",
                 "Your email address", "Required fields", "amehnews greetings"):
        assert line not in article.body
    assert article.body.count("The Bustan al-Basha neighbourhood") == 1
    assert len(article.paragraphs) == 23


def test_seed_as_bytes_with_url(seed_text: str) -> None:
    article = extract(seed_text.encode("utf-8"), url="https://amehnews.com/aleppo/")
    assert article.body == extract(seed_text).body
    assert article.url == "https://amehnews.com/aleppo/"


def test_explain_seed_reasons(seed_text: str) -> None:
    reasons = {d.text: d.reason for d in explain(seed_text)}
    assert reasons["amehnews greetings"] == "boilerplate phrase"
    assert "repeated" in reasons[
        "The Bustan al-Basha neighbourhood in east Aleppo has seen heavy destruction in the "
        "assault (AFP/Getty)"]


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


def test_explain_html_names_what_it_dropped(page) -> None:
    reasons = " ".join(f"{d.text} {d.reason}" for d in explain(page("wordpress_post.html")))
    # The <nav> is inside the <header>: listed once, as the header that held it.
    for expected in ("Leave a Reply", "Related Posts", "Home World <header> element",
                     "<form> element", "We use cookies", "Read more: Ceasefire"):
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
    ["By Jane Doe", "By Jane Doe and John Roe", "Published: 18 November 2019",
     "Updated Nov. 19, 2019", "Image 2 of 5", "Follow us on Twitter @news", "Tags: Syria, Aleppo"],
    ids=["byline", "byline-two", "published", "updated", "gallery", "follow", "tags"],
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
        "text": "Kindly Share This Story:", "reason": "boilerplate phrase"}


def test_cp1252_html_bytes() -> None:
    html = ('<html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head><body>'
            "<article><p>\u201cLe caf\u00e9 est plein\u201d, dit-il \u2014 na\u00efvement.</p>"
            "</article></body></html>")
    article = extract(html.encode("cp1252"))
    assert article.title == "Caf\u00e9"
    assert article.body == "\u201cLe caf\u00e9 est plein\u201d, dit-il \u2014 na\u00efvement."


def test_json_ld_body_with_markup_and_entities() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": '
            '"<p>First &amp; foremost, the news.</p><p>Then <b>more</b> of it.</p>"}</script>')
    article = extract(f"<html><head>{head}</head><body><div id='app'></div></body></html>")
    assert article.paragraphs == ("First & foremost, the news.", "Then more of it.")


def test_explain_keeps_the_words_of_a_dropped_block_apart() -> None:
    html = (
        "<html><body><article><p>" + "The harbour wall was approved by the council. " * 5
        + '</p><div class="comments"><h3>Leave a comment</h3><span>3 comments</span></div>'
        "</article></body></html>"
    )
    texts = [d.text for d in explain(html)]
    assert "Leave a comment 3 comments" in texts


def test_explain_lists_a_block_once_not_again_for_what_it_held() -> None:
    html = (
        "<html><body><article><p>" + "The harbour wall was approved by the council. " * 5
        + "</p><figure><img src='w.jpg'><figcaption>The old wall.</figcaption></figure>"
        "</article></body></html>"
    )
    assert [d.text for d in explain(html)].count("The old wall.") == 1


def test_site_logo_h1_is_not_the_title_and_the_headline_leaves_the_body() -> None:
    """With no og/JSON-LD title, the logo <h1> was the title and the headline stayed in the
    body (QA round 4)."""
    story = "".join(f"<p>Heavy rain fell on Lagos on Tuesday, flooding roads and homes {i}.</p>"
                    for i in range(3))
    page = ('<html><head><meta property="og:site_name" content="Daily News"></head><body>'
            '<header><h1 class="site-title">Daily News</h1></header>'
            f"<article><h1>Floods hit Lagos</h1>{story}</article></body></html>")
    article = extract(page)
    assert article.title == "Floods hit Lagos"
    assert "Floods hit Lagos" not in article.body
