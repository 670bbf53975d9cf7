"""suggest.suggestion: rare words respelled from the index vocabulary, endings put back."""

from __future__ import annotations

import unicodedata

import pytest

from scrapers import Article
from searchkit import Archive
from searchkit.suggest import MAX_TOKENS, suggestion


@pytest.fixture
def searcher(archive: Archive):  # type: ignore[no-untyped-def]  # yields a Whoosh searcher
    body = "The ferry massacres near the harbour. Ferry crews and the harbour police."
    help_desk = "Help was held at the help desk; the helpers held out."
    archive.add_many(
        [Article(title=f"Story {n}", body=body, url=f"u:{n}") for n in range(12)]
        + [
            Article(title=f"Macron visits Aleppo {n}", body=help_desk, url=f"u:m{n}")
            for n in range(6)
        ]
        + [Article(title="Odd", body="A harbor spelled the other way.", url="u:odd")]
        + [Article(title="Aleppo", body="A descent into hell, said aid workers.", url="u:hell")]
    )
    with archive._checkout() as opened:
        yield opened


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("masacres", "massacres"),  # the typed ending is put back on the respelled stem
        ("feryy crews", "ferry crews"),  # Porter's y → i undone
        ('"harbuor police"', '"harbour police"'),  # inside a phrase, quotes kept
        ("ferry", None),  # nothing to respell
        ("harbor", "harbour"),  # a rare spelling one edit from a far commoner one
        ("site:feryy", None),  # values of other fields are left alone
        ("feryy AND crews", "ferry AND crews"),
        ("feryy's crews", "ferry's crews"),  # the 's typed kept: the stories write "ferry"
        ('"harbuor\'s police"', '"harbour\'s police"'),
        ("zzzzzz", None),  # nothing near it
        ("macrn", "macron"),  # a word only headlines have
        ("title:alepo", "title:aleppo"),  # from the title's words
        ("Title:alepo", "Title:aleppo"),  # field names in any case, as the parser reads them
        ("body:macrn", None),  # no body has it
        ('"descent into hel"', '"descent into hell"'),  # the phrase picks among short words
        ('"descent into hel" -macrn', '"descent into hell" -macrn'),  # the rest as typed
        ('"near the harbuor"', '"near the harbour"'),  # "the" keeps its place
        ('"near harbuor"', None),  # not side by side in any story
        ('"hel"', None),  # a short word alone has too many neighbours
        ('"harbuor crews"', None),  # no respelling makes a phrase the index has
        ('"descent hel"~3', '"descent hell"~3'),  # near words
        ('"harbuor near"~3', '"harbour near"~3'),  # near words, in any order
        ('"near the harbuor"~1', '"near the harbour"~1'),  # their stop words allowed for
        ('title:"macrn visits"', 'title:"macron visits"'),
        ("body:(macrn OR feryy)", "body:(macrn OR ferry)"),  # a group takes its field's words
        ("url:https://x.example/alepo", None),  # no word inside another field's value (QA)
        ("author:jane.feryy", None),
        ('url:"https://x.example/alepo"', None),
        ("site:(feryy OR harbor)", None),
        ("ferry NOT alepo", None),  # what is typed to exclude stays as typed (QA)
        ("ferry -alepo", None),
        ("ferry NOT title:alepo", None),
        ('ferry -"harbuor police"', None),
        ("ferry NOT (alepo OR harbor)", None),
        ("ferry -(alepo)", None),
        ("ferry --alepo", "ferry --aleppo"),  # two negations cancel: alepo is searched for
        ("NOT NOT alepo", "NOT NOT aleppo"),
        ("ferry - alepo", "ferry - aleppo"),  # a "-" on its own excludes nothing
        ("ferry NOT - alepo", "ferry NOT - aleppo"),  # the NOT takes the "-" (review)
        ("ferry NOT note: alepo", "ferry NOT note: aleppo"),
        # The case typed is kept: "Mourinho Tottenam" was "Mourinho tottenham" (QA).
        ("Feryy crews", "Ferry crews"),
        ("FERYY crews", "FERRY crews"),
    ],
    ids=[
        "ending",
        "y-to-i",
        "phrase",
        "known",
        "rare-variant",
        "field",
        "operator",
        "possessive",
        "possessive-in-phrase",
        "nothing",
        "title-word",
        "title-field",
        "title-field-capitalised",
        "body-field",
        "short-in-phrase",
        "rest-as-typed",
        "stop-word-in-phrase",
        "stop-word-left-out",
        "short-alone",
        "phrase-not-in-index",
        "near",
        "near-reversed",
        "near-stop-word",
        "title-phrase",
        "body-group",
        "url",
        "author-after-dot",
        "url-quoted",
        "site-group",
        "not-word",
        "minus-word",
        "not-field",
        "minus-phrase",
        "not-group",
        "minus-group",
        "double-minus",
        "double-not",
        "lone-minus",
        "not-lone-minus",
        "not-valueless-field",
        "capitalised",
        "upper-case",
    ],
)
def test_suggestion(searcher, text: str, expected: str | None) -> None:  # type: ignore[no-untyped-def]
    assert suggestion(searcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aleppo alepo", "aleppo"),
        ("alepo aleppo ferry", "aleppo ferry"),
        ("alepo Aleppo", "Aleppo"),
    ],
)
def test_a_respelling_of_a_word_typed_already_is_left_out(  # type: ignore[no-untyped-def]
    searcher, text: str, expected: str
) -> None:
    # "aleppo alepo" was respelled "aleppo aleppo" (QA).
    assert suggestion(searcher, text) == expected


def test_a_respelling_is_a_word_the_documents_write(archive: Archive) -> None:
    """Not the stem the index holds: "strass" and "montmartr" are no words."""
    body = "Bars on the Strasse reopened near Montmartre, in proximity to the station."
    archive.add_many([Article(title=f"Story {n}", body=body, url=f"u:{n}") for n in range(4)])
    with archive._checkout() as opened:
        assert suggestion(opened, "strase") == "strasse"
        assert suggestion(opened, "montmarte") == "montmartre"
        assert suggestion(opened, "proximty") == "proximity"
        assert suggestion(opened, "reopend bars") == "reopened bars"


def test_a_typo_that_changes_the_stem_is_respelled_by_its_letters(archive: Archive) -> None:
    """ "presidnet" stems to itself, two edits from the stem of the rare typo "presidental" and
    three from "presid", the stem of "president": the typed word one edit away decides."""
    archive.add_many(
        [Article(title=f"Story {n}", body="The president spoke.", url=f"u:{n}") for n in range(9)]
        + [Article(title="Odd", body="A presidental hopeful and inflation.", url="u:odd")]
    )
    with archive._checkout() as opened:
        assert suggestion(opened, "presidnet") == "president"
        assert suggestion(opened, '"the presidnet spoke"') == '"the president spoke"'
        assert suggestion(opened, "inflaton") == "inflation"  # "inflaton" is no stem of it


def test_a_typo_in_the_first_letters_is_respelled(archive: Archive) -> None:
    # Only words with the same first two letters were tried: "Kadhafi" found no "Gadhafi" (QA).
    archive.add_many(
        [
            Article(title=f"Story {n}", body="Gadhafi spoke in Tripoli.", url=f"u:{n}")
            for n in range(9)
        ]
    )
    with archive._checkout() as opened:
        assert suggestion(opened, "Kadhafi") == "Gadhafi"
        assert suggestion(opened, "rTipoli") == "tripoli"
        assert suggestion(opened, "Kadafi") is None  # two edits must keep the first letters


def test_a_short_word_is_respelled_by_one_edit_only(archive: Archive) -> None:
    # QA round 6: "oneill" (stem "oneil") was respelled "only", two edits away.
    archive.add_many(
        [Article(title=f"Story {n}", body="Only the harbour.", url=f"u:{n}") for n in range(9)]
    )
    with archive._checkout() as opened:
        assert suggestion(opened, "oneill") is None
        assert suggestion(opened, "onyl") == "only"  # two letters swapped: one edit typed


def test_a_respelling_is_written_within_two_edits_of_the_word_typed(archive: Archive) -> None:
    # "precut" is one edit from the stem "precaut", but four from "precaution" (QA).
    body = "Every precaution was taken; a precaution."
    archive.add_many([Article(title=f"S{n}", body=body, url=f"u:{n}") for n in range(9)])
    with archive._checkout() as opened:
        assert suggestion(opened, "precut") is None
        assert suggestion(opened, "precaution") is None
        assert suggestion(opened, "precauton") == "precaution"


def test_only_the_first_words_of_a_query_and_no_long_ones_are_respelled(
    searcher,  # type: ignore[no-untyped-def]
) -> None:
    # Review: a 1,990-letter word took 32 s, each word one edit from it analysed.
    assert suggestion(searcher, "fe" + "x" * 1990) is None
    assert suggestion(searcher, "ferry " * MAX_TOKENS + "feryy") is None
    assert suggestion(searcher, "ferry " * (MAX_TOKENS - 1) + "feryy").endswith("ferry")


def test_suggests_a_word_written_among_chinese_letters(archive: Archive) -> None:
    # The written forms were read with Whoosh's pattern, one word per run: "iphon", a stem.
    archive.add(Article(title="x", body="新しいiPhone用ケース。iPhone用ケースは高い。", url="u:1"))
    assert archive.search("iphine").suggestion == "iphone"


def test_no_respelling_from_documents_since_deleted(archive: Archive) -> None:
    # The vocabulary keeps a deleted document's words until its segment is merged: "volcanp"
    # was respelled "volcano", which then found nothing.
    archive.add_many(
        [
            Article(title="Volcano erupts", body="A volcano erupted in Iceland.", url="u:v"),
            Article(title="Ferry strike", body="Ferry crews walked off the job.", url="u:f"),
            Article(title="Rail strike", body="Rail crews walked off the job.", url="u:r"),
        ]
    )
    assert archive.search("volcanp").suggestion == "volcano"
    archive.delete("u:v")
    assert archive.search("volcanp").suggestion is None
    assert archive.search("title:icelnd").suggestion is None


def test_a_respelling_found_in_one_field_only_after_a_delete(archive: Archive) -> None:
    # After any delete, a respelling that was in the body but in no title raised TermNotFound.
    archive.add_many(
        [
            Article(title="Trip", body="The ferry to Zanzibar was calm.", url="u:1"),
            Article(title="Port", body="Cargo ships docked at the port.", url="u:2"),
        ]
    )
    archive.delete("u:2")
    assert archive.search("zanzibr").suggestion == "zanzibar"


#: A story of a multilingual archive, in a dozen documents (QA's index of Swiss, French and
#: German pages).
EUROPEAN = (
    "Die Strassenbahnlinie in Zürich hat sich verändert. Le tram de Genève. La réforme de "
    "l'économie. Le président de la France. Flüchtlinge in Düsseldorf. La gare de Lyon."
)


@pytest.fixture
def european(archive: Archive):  # type: ignore[no-untyped-def]  # yields a Whoosh searcher
    archive.add_many(
        [Article(title=f"Story {n}", body=EUROPEAN, url=f"u:{n}") for n in range(12)]
        + [Article(title="École", body="Une école à Lyon.", url=f"u:e{n}") for n in range(2)]
        + [Article(title="Siena", body="La siena et la pression.", url="u:s")]
    )
    with archive._checkout() as opened:
        yield opened


def _decomposed(text: str) -> str:
    """``text`` with its accents typed as separate combining marks (NFD), as some keyboards and
    pasted text write them."""
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zürich Strassenbahnlinnie", "Zürich Strassenbahnlinie"),
        ("Genève tramm", "Genève tram"),
        ("école", None),
        ("Réfrome", "Réforme"),
    ],
    ids=["word-after-accent", "accented-word", "known-accented", "accented-typo"],
)
def test_accents_typed_as_combining_marks_are_respelled_as_composed(  # type: ignore[no-untyped-def]
    european, text: str, expected: str | None
) -> None:
    # QA: the word was cut at each combining mark, "Genève tramm" (NFD) → "Eǹve tram".
    assert suggestion(european, text) == expected
    assert suggestion(european, _decomposed(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pr?sident", None),
        ("écon?mie", None),
        ("pr*sidnt", None),
        ("pr?sident Frence", "pr?sident France"),  # the other words still respelled
    ],
    ids=["one-letter", "accented", "any-letters", "other-word"],
)
def test_a_word_of_a_wildcard_pattern_is_not_respelled(  # type: ignore[no-untyped-def]
    european, text: str, expected: str | None
) -> None:
    # QA: "pr?sident" was respelled "pr?siena", which found nothing.
    assert suggestion(european, text) == expected


def test_a_question_mark_after_the_last_word_is_no_wildcard(archive: Archive) -> None:
    # The search drops a question's mark (querytext.as_asked) before the words are respelled.
    archive.add_many([Article(title=f"S{n}", body=EUROPEAN, url=f"u:{n}") for n in range(12)])
    found = archive.search("who is the president of Frence?")
    assert found.suggestion == "who is the president of France"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"gare de Lyom"', '"gare de Lyon"'),
        ('"GARE DE LYOM"', '"GARE DE LYON"'),
        ('"gare de lyom"', '"gare de lyon"'),
    ],
    ids=["capitalised", "upper-case", "lower-case"],
)
def test_a_word_respelled_in_a_phrase_keeps_the_case_typed(  # type: ignore[no-untyped-def]
    european, text: str, expected: str
) -> None:
    # QA: '"gare de Lyom"' was respelled '"gare de lyon"'; outside quotes "Lyom" is "Lyon".
    assert suggestion(european, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Düseldorf", "Düsseldorf"),
        ("réfrome", "réforme"),
        ("refrome", "réforme"),  # typed without the accent: the documents write it
        ("Flüchtlnge", "Flüchtlinge"),
        ("title:écloe", "title:école"),
        ('"la réfrome de"', '"la réforme de"'),
    ],
    ids=["name", "word", "typed-unaccented", "capitalised", "field", "phrase"],
)
def test_a_respelling_keeps_the_accents_the_documents_write(  # type: ignore[no-untyped-def]
    european, text: str, expected: str
) -> None:
    # QA: "Düseldorf" was respelled "Dusseldorf", the stored text folded before its words were
    # counted.
    assert suggestion(european, text) == expected


def test_a_respelling_of_a_turkish_capital_i_has_no_dot_over_its_i(archive: Archive) -> None:
    # Lower-cased, "İstanbulers" is "i̇stanbulers", with a combining dot above its "i", which
    # the analyzer reads as "stanbul": no word was found that stems to "istanbul".
    body = "İstanbulers cheered in İstanbul."
    archive.add_many([Article(title=f"S{n}", body=body, url=f"u:{n}") for n in range(12)])
    with archive._checkout() as opened:
        assert suggestion(opened, "Istambulers") == "Istanbulers"
