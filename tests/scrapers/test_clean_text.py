from __future__ import annotations

import pytest

from scrapers.boilerplate import SiteRule
from scrapers.clean_text import (
    boilerplate_reason,
    clean_lines,
    clean_paragraphs,
    normalize,
    preview,
)


@pytest.mark.parametrize(
    "line",
    [
        "Kindly Share This Story:",
        "Share this:",
        "Click to share on Twitter (Opens in new window)",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Post Comment",
        "Cancel reply",
        "Related Post",
        "Related Posts",
        "Like this:",
        "Loading...",
        "amehnews greetings",
        # WordPress's own translations, Nigerian sites' and Reuters' sign-offs (QA round 6).
        "Laisser un commentaire",
        "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
        "Partager cet article",
        "Abonnez-vous à notre newsletter",
        "Articles similaires",
        "Lire aussi : Le gouvernement annonce un plan",
        "Deja un comentario",
        "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están "
        "marcados con *",
        "Compartir en Facebook",
        "Noticias relacionadas",
        "Hinterlasse einen Kommentar",
        "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
        "Artikel teilen",
        "Das könnte Sie auch interessieren",
        "Copyright PUNCH. All rights reserved. This material may not be reproduced.",
        "Contact: theeditor@punchng.com",
        "Disclaimer",
        "Comments expressed here do not reflect the opinions of Vanguard newspapers.",
        "Also Read",
        "Our Standards: The Thomson Reuters Trust Principles.",
        # Share bars, related links, editors' credits and pitches kept in bodies (QA).
        "Compartilhe: WhatsApp | Facebook | Twitter",
        "Artikel teilen: Facebook Twitter WhatsApp E-Mail",
        "Mehr zum Thema: Die Bahn streikt wieder",
        "（责任编辑：王芳）",
        "Want more stories like this? Sign up for our free newsletter.",
        "Thanks for reading Tidewater Notes! Subscribe for free to receive new posts.",
    ],
    ids=lambda s: s[:24],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert boilerplate_reason(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Aleppo is experiencing a descent into hell.",
        "Share prices fell by a third on Tuesday.",
        "He said: “Leave a reply on my desk.”",
        "Copyright lawyers said the case was weak.",
        "Contact: the ministry said it had none.",
        # A timeline's entry is a date, a time and the story (QA: dropped as a date alone).
        "March 3, 2021 14:05 - Engineers report a crack in the spillway.",
        "Thanks for reading, she signed each letter to the subscribers' club.",
    ],
    ids=[
        "story",
        "share-in-sentence",
        "phrase-in-quote",
        "copyright-story",
        "contact-story",
        "timeline-entry",
        "thanks-for-reading-story",
    ],
)
def test_story_lines_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_normalize_strips_decoration() -> None:
    assert normalize("  Loading... ") == "loading"
    assert normalize("Required fields are marked *") == "required fields are marked"


def test_repeated_caption_is_kept_once() -> None:
    title, kept, dropped = clean_lines("T\n\nA caption\nA caption\n\nStory.")
    assert (title, kept) == ("T", ["A caption", "Story."])
    assert [d.reason for d in dropped] == ["repeated line (a caption scraped twice)"]


def test_site_phrases_are_dropped_or_kept() -> None:
    rule = SiteRule(hosts=("example.com",), drop_lines=frozenset({"good night"}),
                    keep_lines=frozenset({"share"}))
    assert clean_lines("T\n\nShare\n\nStory.\n\nGood night", rule)[1] == ["Share", "Story."]
    assert clean_lines("T\n\nShare\n\nStory.\n\nGood night")[1] == ["Story.", "Good night"]


def test_empty_text() -> None:
    assert clean_lines("  \n\n") == ("", [], [])


@pytest.mark.parametrize(
    "line",
    ["Caption", "Close", "1 of 6", "Additional reporting by Joseph Hudak",
     "Keith Bradsher contributed reporting from Hong Kong.", "paul.takahashi@chron.com",
     "twitter.com/paultakahashi", "Tempo de leitura: 2 minutos", "4 min read"],
    ids=["caption", "close", "counter", "additional-reporting", "contributed", "email",
         "twitter", "reading-time-pt", "reading-time-en"],
)
def test_news_page_chrome_lines(line: str) -> None:
    assert boilerplate_reason(line) is not None


def test_preview_is_one_short_line() -> None:
    assert preview("a\n  b") == "a b"
    assert len(preview("x" * 500)) == 80


def test_related_post_headlines_are_dropped() -> None:
    # QA round 4: the heading went but the headlines under it stayed.
    text = ("Title\n\nThe story.\n\nRelated Post\n\nNNPC blames marketers for hoarding petrol\n\n"
            "Fuel price: Senate summons minister...\n\nLeave a Reply\n\nA comment.")
    _, kept, dropped = clean_lines(text)
    assert kept == ["The story.", "A comment."]
    assert [d.reason for d in dropped][1:3] == ["related-post headline"] * 2


def test_related_headlines_end_at_a_story_paragraph() -> None:
    text = ("Title\n\nRelated\n\nA short headline\n\nThe story goes on here, as stories do."
            "\n\nA short subheading")
    assert clean_lines(text)[1] == ["The story goes on here, as stories do.", "A short subheading"]


@pytest.mark.parametrize(
    "line",
    ["The Bustan al-Basha neighbourhood has seen heavy destruction (AFP/Getty)",
     "Rescue workers search the rubble (Reuters)",
     "The minister leaves Downing Street (Getty Images)",
     "Smoke over the city (Photo: AFP via Getty Images)",
     "The president waves from the steps (AP Photo/Evan Vucci)",
     "Protesters march through the centre (Jane Doe/AFP)"],
    ids=["afp-getty", "reuters", "getty-images", "photo-via", "ap-photo", "name-slash-agency"],
)
def test_captions_with_a_photo_credit_are_dropped(line: str) -> None:
    # QA round 4: the seed kept one copy of a repeated caption.
    assert clean_lines(f"T\n\n{line}\n{line}\n\nStory.")[1] == ["Story."]


def test_an_abbreviation_in_brackets_is_not_a_photo_credit() -> None:
    line = "Doctors want one electronic patient record (ePA)"
    assert clean_lines(f"T\n\n{line}\n\nStory.")[1] == [line, "Story."]


@pytest.mark.parametrize(
    "line",
    ["The Environmental Protection Agency (EPA)", "The Associated Press (AP)",
     "Officials in Harrisburg (PA)", "Its news agency, the Agence France-Presse (AFP)"],
    ids=["epa", "ap", "pa", "afp"],
)
def test_an_agency_abbreviation_alone_is_not_a_photo_credit(line: str) -> None:
    # QA round 4 review: story list items ending in an agency's initials were dropped.
    assert clean_lines(f"T\n\n{line}\n\nStory.")[1] == [line, "Story."]


def test_a_more_stories_heading_heads_a_related_list() -> None:
    # Wired's "More Great WIRED Stories" and its list stayed in the story (QA).
    kept, _dropped = clean_paragraphs(
        ["The story ends here.", "More Great WIRED Stories", "The plan to boost drone batteries"]
    )
    assert kept == ["The story ends here."]
    assert clean_paragraphs(["More stories like this emerged over the years."])[0] != []


@pytest.mark.parametrize(
    "line", ["November 29, 2016", "29 Nov. 2016 10:30", "March 4, 2021 9:15 am EST"]
)
def test_a_date_alone_is_no_story(line: str) -> None:
    assert boilerplate_reason(line) is not None


def test_a_wordpress_text_dump_keeps_its_story_only() -> None:
    # Post navigation, Jetpack's related category line, the comment thread and its form were
    # kept in the story (QA).
    story = [
        "The long-awaited bridge over the river will finally be built, the council said.",
        "Work will start in the summer and should take two years to finish, officials said.",
    ]
    after = [
        "Related", "Sea wall repairs delayed again", "March 2, 2021", 'In "News"',
        "Post navigation", "← Previous Post", "Next Post →",
        "2 thoughts on “Bridge over the river will finally be built”", "Jim says:",
        "March 14, 2021 at 9:12 am", "About time this bridge got built, and it was long.",
        "Reply", "Leave a Reply Cancel reply", "Δ",
    ]  # fmt: skip
    headline = "Bridge over the river will finally be built"
    title, kept, dropped = clean_lines("\n".join([headline, *story, *after]))
    assert (title, kept) == (headline, story)
    assert [d.reason for d in dropped][-7:] == ["readers' comments"] * 7


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("One Response to “Bridge”", True),
        ("14 Comments", True),
        ("3 thoughts on “Bridge”", True),
        ("3 thoughts on “Another film”", False),  # a sub-heading (QA)
        ("Three thoughts:", False),
        ("Four Responses", False),
    ],
)
def test_the_readers_comments_heading_ends_a_text_dumps_story(line: str, ends: bool) -> None:
    # Its heading names the post's own title, as WordPress writes it, or counts comments.
    text = f"Bridge\n\nStory.\n\n{line}\n\nA reader's view, at length."
    _title, kept, _dropped = clean_lines(text)
    assert kept == (["Story."] if ends else ["Story.", line, "A reader's view, at length."])


@pytest.mark.parametrize(
    "line",
    [
        "One comment on the matter came from the mayor, who said the plan was sound.",
        "Five responses to climate change that work",
        "Ten thoughts on the new budget",
    ],
)
def test_a_story_line_about_comments_ends_nothing(line: str) -> None:
    # The comment-thread cut took such a line for the thread's heading (review).
    _title, kept, _dropped = clean_lines(f"T\n\nStory.\n\n{line}\n\nMore story.")
    assert kept == ["Story.", line, "More story."]


@pytest.mark.parametrize(
    "line",
    [
        "November 29, 2016 10:30 | Updated November 30, 2016 11:00",
        "Published 6:02 p.m. ET March 12, 2024 | Updated 9:15 p.m. ET March 12, 2024",
        "November 29, 2016 10:30 GMT+1",
        "29 Nov. 2016 10:30:15 +0100",
    ],
)
def test_a_dateline_with_its_update_or_zone_is_no_story(line: str) -> None:
    assert boilerplate_reason(line) is not None  # (review: kept after the timeline fix)


@pytest.mark.parametrize("line", ["By The Associated Press", "By THE ASSOCIATED PRESS"])
def test_a_wire_byline_is_no_story(line: str) -> None:
    # Kept once "the" was taken for no name (review).
    assert boilerplate_reason(line) is not None  # (review: kept after the timeline fix)


@pytest.mark.parametrize(
    "line",
    [
        "Compartilhe: o presidente disse que vai vetar a proposta.",
        "Partager : le président a annoncé sa démission.",
        "Subscribe to our YouTube channel, the activists urged their followers.",
        "Jan. 6, 2021 10:00 - Rioters breach the Capitol",
    ],
)
def test_a_sentence_after_a_share_label_or_a_time_is_story(line: str) -> None:
    assert boilerplate_reason(line) is None  # (QA: dropped by a prefix or as a date)


@pytest.mark.parametrize(
    "line",
    [
        "Publicidad",
        "Anzeige",
        "Publicité",
        "Comentarios",
        "Kommentare",
        "Para comentar es necesario estar registrado.",
        "Publié le 4 mars 2022 à 08h12, modifié le 5 mars 2022 à 10h00",
        "Publicado el 9 de mayo de 2021 a las 17:05",
        "Veröffentlicht am 3. Juni 2020, 07:45 Uhr",
        "Par Sophie Marchand et Hugo Perrin",
    ],
)
def test_ad_labels_comment_boxes_and_datelines_in_other_languages_are_no_story(
    line: str,
) -> None:
    assert boilerplate_reason(line) is not None  # all stayed in the story (QA s15)


@pytest.mark.parametrize(
    "line",
    [
        "Publicado el libro de la autora en 2019, la editorial lo retiró.",
        "Von Berlin nach Paris fährt der Zug am 3. Juni 2020.",
        "Por Marta y por su familia, dijo el alcalde.",
        "Anzeige erstattet hat die Polizei am Montag.",
    ],
)
def test_story_lines_like_other_languages_datelines_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


@pytest.mark.parametrize("line", ["7 min readJul 22, 2023", "12 min read · Mar 3, 2024", "--"])
def test_mediums_reading_time_with_its_date_and_clap_placeholder_are_no_story(line: str) -> None:
    assert boilerplate_reason(line) is not None  # both stayed in the story (QA s15)


@pytest.mark.parametrize("line", ["5 min read a day, the app suggests.", "* * *"])
def test_a_sentence_on_reading_time_and_a_scene_break_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None
