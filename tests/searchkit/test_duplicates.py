"""duplicates: fingerprints, similarity, clusters at index time, collapsing at query time."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from scrapers import Article
from searchkit import Archive, Copy
from searchkit.duplicates import THRESHOLD, fingerprint, shares_lead, similarity

SYNDICATED = Path(__file__).resolve().parents[1] / "fixtures" / "syndicated"
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_e63184a7a477ae46.txt"
GAZETTE = "https://harbourgazette.example/2019/03/04/ferry-strike/"
COASTAL = "https://coastaltimes.example/news/ferry-strike-harbour"
TIMETABLE = "https://harbourgazette.example/2019/05/20/ferry-timetable/"

STORY = (
    "Rebel fighters and government forces fought street by street in east Aleppo on Tuesday, "
    "as the United Nations warned that tens of thousands of civilians were trapped without food "
    "or medicine. Aid convoys waited at the edge of the city while commanders on both sides "
    "traded accusations over the collapse of a ceasefire brokered last week in Geneva."
)


@pytest.fixture
def syndicated(archive: Archive) -> Archive:
    report = archive.ingest([SYNDICATED])
    assert report.added == 3 and not report.failed
    return archive


def test_copies_with_other_boilerplate_are_similar() -> None:
    a = fingerprint("By Reuters staff. " + STORY + " Read more at City Wire.")
    b = fingerprint(STORY + " Copyright 2016 Lyon Daily. All rights reserved.")
    assert similarity(a, b) >= THRESHOLD and shares_lead(a, b)
    assert a.bands and set(a.bands) & set(b.bands)


OTHER = (
    "Shares rose in London on Tuesday as traders cheered a stronger pound and oil prices "
    "held firm for a third day, while bond yields fell after the central bank signalled "
    "that it would keep interest rates on hold until the spring at the earliest."
)


def test_different_stories_are_not() -> None:
    assert similarity(fingerprint(STORY), fingerprint(OTHER)) < 0.1


#: A licence footer as long as the short stories it ends (QA round 4).
FOOTER = (
    "This material is provided under licence by the Harbour News Agency and may not be "
    "published, broadcast, rewritten or redistributed in whole or in part without prior written "
    "permission. All rights reserved. For syndication enquiries, reprints and archive access, "
    "contact the agency's rights desk, quoting the story reference and date of publication."
)
LEADS = (
    "The council voted on Monday to close the old dam for repairs after engineers found cracks.",
    "Election results in the northern district were delayed overnight by a recount of ballots.",
    "The city zoo welcomed twin snow leopard cubs, the first born there in over twenty years.",
)


def test_copies_each_with_a_header_of_its_own_share_their_lead() -> None:
    # Neither copy's first 25 words were in the other: a caption on each (review).
    story = " ".join([STORY] * 3)
    a = fingerprint(
        "Photo: Smoke rises over east Aleppo after an air strike on Tuesday, in a picture "
        "released by the Syrian Civil Defence group known as the White Helmets. " + story
    )
    b = fingerprint(
        "Image caption: Residents fled the city on foot, carrying what few belongings they "
        "could, as fighting spread to new districts overnight. Copyright Reuters. " + story
    )
    assert shares_lead(a, b)


def test_different_stories_with_one_footer_are_not_copies() -> None:
    dam, election, _ = (fingerprint(lead + " " + FOOTER) for lead in LEADS)
    assert similarity(dam, election) >= THRESHOLD  # the footer makes them alike
    assert not shares_lead(dam, election)


#: A newsletter's footer, three times as long as its one-sentence stories (BRIEFS).
NEWSLETTER = (
    "This newsletter is brought to you by the Harbour Gazette subscription team, who remind "
    "readers that every article is protected by copyright and may not be reproduced without "
    "written permission from the editors."
)
BRIEFS = (
    "The school bake sale raised two hundred pounds for the library.",
    "The coast road will close for repairs next week, the council said.",
)


def test_one_sentence_stories_with_one_footer_are_not_copies() -> None:
    # The first LEAD words of a 44-word body reached past its story: the footer made half.
    sale, road = (fingerprint(brief + " " + NEWSLETTER) for brief in BRIEFS)
    assert similarity(sale, road) >= THRESHOLD
    assert not shares_lead(sale, road)
    copy = fingerprint("By staff reporters. " + BRIEFS[0] + " " + NEWSLETTER)
    assert similarity(sale, copy) >= THRESHOLD and shares_lead(sale, copy)


def test_stories_ending_with_one_footer_stay_apart(archive: Archive) -> None:
    stories = [
        Article(title=f"Story {i}", body=lead + " " + FOOTER, site="Wire", url=f"u:{i}")
        for i, lead in enumerate(LEADS)
    ]
    copy = Article(
        title="Story 0", body="By agency staff. " + LEADS[0] + " " + FOOTER, site="Post", url="u:c"
    )
    archive.add_many([*stories, copy])
    results = archive.search("licence")
    assert results.total == 3
    found = {hit.id: [other.id for other in hit.also_at] for hit in results}
    assert found == {"u:0": ["u:c"], "u:1": [], "u:2": []}


CN_STORY = (
    "国家统计局今天发布数据显示，今年前两个月全国规模以上工业增加值同比增长百分之七点二，"
    "增速比去年十二月加快零点六个百分点。其中，制造业增长百分之七点五，高技术制造业增长百分之"
    "九点八。统计局新闻发言人表示，国民经济延续回升向好态势，但外部环境依然复杂严峻。"
)
CN_OTHER = (
    "国家统计局今天还发布了前两个月的消费数据。社会消费品零售总额同比增长百分之五点五，其中"
    "餐饮收入增长百分之十二点五。统计局新闻发言人表示，消费市场继续恢复，但居民收入增长放缓。"
)


def test_chinese_copies_are_compared_letter_by_letter() -> None:
    # A whole clause was one word: a 120-letter story had too few shingles to be compared.
    copy = fingerprint("（来源：人民网）" + CN_STORY + "责任编辑：王芳")
    original = fingerprint(CN_STORY)
    assert original.bands and copy.bands  # compared at all
    assert similarity(original, copy) > THRESHOLD and shares_lead(original, copy)
    assert similarity(original, fingerprint(CN_OTHER)) < THRESHOLD


def test_short_bodies_are_never_copies() -> None:
    assert fingerprint("Ferry strike ends.").bands == ()


def test_copies_share_a_cluster_at_index_time(syndicated: Archive) -> None:
    results = syndicated.search("ferry", collapse=False, limit=10)
    assert results.total == 3
    assert {hit.id for hit in results} == {GAZETTE, COASTAL, TIMETABLE}
    assert all(hit.also_at == () for hit in results)


def test_copies_collapse_into_one_hit_listing_the_others(syndicated: Archive) -> None:
    results = syndicated.search("ferry strike commuters")
    assert results.total == 2  # the story once, and the timetable
    story = next(hit for hit in results if hit.id in {GAZETTE, COASTAL})
    other = ({GAZETTE, COASTAL} - {story.id}).pop()
    site = "Coastal Times" if other == COASTAL else "Harbour Gazette"
    assert story.also_at == (Copy(id=other, url=other, site=site),)
    assert story.to_dict()["also_at"] == [{"id": other, "url": other, "site": site}]


def test_only_matching_copies_are_listed(syndicated: Archive) -> None:
    results = syndicated.search("ferry", site="coastal times")
    assert [hit.id for hit in results] == [COASTAL] and results.hits[0].also_at == ()


def test_a_copy_added_later_joins_the_cluster(archive: Archive) -> None:
    archive.add(Article(title="Wire", body=STORY + " Read more at City Wire.", url="u:a"))
    archive.add(Article(title="Daily", body="Reuters. " + STORY, url="u:b"))
    results = archive.search("aleppo")
    assert results.total == 1 and len(results.hits[0].also_at) == 1
    assert archive.search("aleppo", collapse=False).total == 2


def test_a_copy_with_a_web_address_represents_the_story(archive: Archive) -> None:
    # A story was shown as "src:d467…", a page saved with no address, and its copy with one
    # under "also at:" (archivist QA).
    archive.add(Article(title="Saved", body="Reuters. " + STORY * 2, url=""), id="src:d467")
    archive.add(
        Article(title="Wire", body=STORY + " More at City Wire.", url="https://w.example/a")
    )
    for sort in ("relevance", "newest"):
        [hit] = archive.search("aleppo ceasefire", sort=sort).hits
        assert (hit.url, [copy.id for copy in hit.also_at]) == ("https://w.example/a", ["src:d467"])


@pytest.mark.parametrize(
    ("first", "second", "copies"),
    [
        (("AP", date(1988, 2, 15)), ("AP", date(1988, 2, 22)), False),  # one template, two weeks
        (("AP", date(1988, 2, 15)), ("AP", date(1988, 2, 15)), True),  # one story twice a day
        (("AP", date(1988, 2, 15)), ("Daily", date(1988, 2, 16)), True),  # reprinted next day
        (("AP", None), ("AP", date(1988, 2, 22)), True),  # no day to tell them apart
    ],
    ids=["same-site-other-day", "same-site-same-day", "other-site-other-day", "no-day"],
)
def test_a_sites_stories_of_different_days_are_not_copies(
    archive: Archive,
    first: tuple[str, date | None],
    second: tuple[str, date | None],
    copies: bool,
) -> None:
    # AP's weekly rig count, written to one template, was taken for a copy of the week
    # before's and hidden under it (QA).
    for n, (site, day) in enumerate((first, second)):
        body = STORY + f" Read more at {site}." * (n + 1)
        archive.add(Article(title="Rig count", body=body, site=site, published=day, url=f"u:{n}"))
    assert archive.search("aleppo").total == (1 if copies else 2)


def test_another_sites_copy_does_not_chain_a_sites_two_days_into_one_hit(archive: Archive) -> None:
    # Alpha's story of day 3 joined Beta's copy of Alpha's story of day 1, so the two Alpha
    # stories were one hit (QA).
    editions = [
        ("Alpha", date(2020, 1, 1)),
        ("Beta", date(2020, 1, 2)),
        ("Alpha", date(2020, 1, 3)),
    ]
    for n, (site, day) in enumerate(editions):
        archive.add(Article(title="Budget", body=STORY, site=site, published=day, url=f"u:{n}"))
    assert archive.search("aleppo", site="alpha").total == 2
    found = {hit.id: sorted(other.id for other in hit.also_at) for hit in archive.search("aleppo")}
    assert found == {"u:0": ["u:1"], "u:2": []} or found == {"u:1": ["u:0"], "u:2": []}


@pytest.mark.parametrize("deleted", [False, True], ids=["rewritten", "deleted-then-added"])
def test_a_first_copy_given_another_story_leaves_its_cluster(
    archive: Archive, deleted: bool
) -> None:
    # Its cluster was keyed on its id alone, so its new story stayed grouped with the copies
    # of its old one until a rebuild.
    archive.add(Article(title="Wire", body=STORY + " Read more at City Wire.", url="u:a"))
    archive.add(Article(title="Daily", body="Reuters. " + STORY, url="u:b"))
    archive.add(Article(title="Post", body=STORY + " All rights reserved.", url="u:c"))
    if deleted:
        assert archive.delete("u:a")
    archive.add(Article(title="Markets", body=OTHER, url="u:a"))
    results = archive.search("shares OR aleppo")
    found = {hit.id: {other.id for other in hit.also_at} for hit in results}
    assert results.total == 2 and found.pop("u:a") == set()
    assert [{story, *copies} for story, copies in found.items()] == [{"u:b", "u:c"}]


def test_similar_leaves_out_the_copies(syndicated: Archive) -> None:
    assert [hit.id for hit in syndicated.similar(GAZETTE)] == [TIMETABLE]


def _money_supply(week: str, seed: int) -> str:
    """A weekly money-supply report written to one template, every figure drawn at random."""
    rnd = random.Random(seed)

    def n() -> str:
        return f"{rnd.randint(100, 999)}.{rnd.randint(0, 9)} billion"

    return " ".join(
        [
            f"The nation's money supply rose in the week ended {week}, the Federal Reserve "
            "Board reported Thursday.",
            f"The narrowest measure of the money supply, M1, rose to {n()} from {n()} the "
            "previous week, the Fed said.",
            f"The broader M2 measure rose to {n()} from {n()}, and M3 climbed to {n()} from {n()}.",
            f"Commercial and industrial loans at the nation's largest banks rose to {n()} "
            f"from {n()}.",
            f"Reserves of depository institutions totaled {n()} in the two weeks ended {week}, "
            f"up from {n()}.",
            "M1 is the total of currency, checking deposits and traveler's checks. M2 adds "
            "savings deposits, money market accounts and small time deposits.",
        ]
    )


def _hits(archive: Archive, query: str) -> dict[str, list[str]]:
    return {hit.id: sorted(c.id for c in hit.also_at) for hit in archive.search(query)}


def test_copies_far_apart_in_time_are_different_stories(archive: Archive) -> None:
    # Two weekly reports 2½ months apart, on two sites, were one hit (QA).
    archive.add_many(
        [
            Article(
                title="Money supply up",
                body=_money_supply("May 23", 1),
                site="Alpha Wire",
                published=date(1988, 6, 2),
                url="u:may",
            ),
            Article(
                title="Money supply up again",
                body=_money_supply("May 23", 1),  # even word for word
                site="Beta News",
                published=date(1988, 8, 18),
                url="u:aug",
            ),
        ]
    )
    assert _hits(archive, "money supply") == {"u:may": [], "u:aug": []}


def test_the_seed_reposted_days_later_is_still_one_hit(archive: Archive) -> None:
    # The Independent's story, reposted by a Nigerian site three days later (seeds/).
    body = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    archive.add_many(
        [
            Article(
                title="Aleppo",
                body=body,
                site="The Independent",
                published=date(2016, 11, 29),
                url="u:independent",
            ),
            Article(
                title="Aleppo",
                body="Kindly Share This Story: " + body + " Leave a Reply",
                site="Vanguard",
                published=date(2016, 12, 2),
                url="u:vanguard",
            ),
        ]
    )
    assert archive.search("aleppo massacre").total == 1


def _lottery(day: str, seed: int) -> str:
    """A lottery result written to one template, every number drawn at random."""
    rnd = random.Random(seed)

    def digits(k: int) -> str:
        return "-".join(str(rnd.randint(0, 9)) for _ in range(k))

    six = "-".join(f"{x:02d}" for x in sorted(rnd.sample(range(1, 50), 6)))
    return (
        f"Here are the winning numbers selected {day} in the Lakeshore State Lottery. "
        f"Daily Number, midday drawing: {digits(3)}. Daily Number, evening drawing: {digits(3)}. "
        f"Pick Four: {digits(4)}. Cash Five: {digits(5)}. Lotto, with an estimated jackpot of "
        f"{rnd.randint(2, 20)} million dollars: {six}. Players who hold a winning ticket "
        "may claim prizes of up to 600 dollars at any lottery retailer; larger prizes "
        "must be claimed at a lottery office within 180 days of the drawing. Proceeds from the "
        "lottery go to the state's public schools and to programs for older residents, the "
        "lottery commission said."
    )


@pytest.mark.parametrize(
    ("first", "second", "copies"),
    [
        (_money_supply("May 23", 1), _money_supply("May 30", 2), False),
        (_lottery("Monday", 1), _lottery("Tuesday", 2), False),
        (_money_supply("May 23", 1), "By Beta staff. " + _money_supply("May 23", 1), True),
        (_lottery("Monday", 1), _lottery("Monday", 1) + " Good luck!", True),
    ],
    ids=["money-supply-next-week", "lottery-next-day", "money-supply-copy", "lottery-copy"],
)
def test_a_templates_stories_with_other_figures_are_not_copies(
    archive: Archive, first: str, second: str, copies: bool
) -> None:
    # A template's reports of other days, on other sites, change every figure; they were taken
    # for copies of each other (QA). A copy repeats its figures.
    archive.add_many(
        [
            Article(title="A", body=first, site="Alpha", published=date(1988, 6, 2), url="u:a"),
            Article(title="B", body=second, site="Beta", published=date(1988, 6, 9), url="u:b"),
        ]
    )
    assert archive.search("money OR lottery").total == (1 if copies else 2)


def test_one_days_updates_with_new_figures_stay_one_story(archive: Archive) -> None:
    # The market at noon and at the close: one story, its figures updated during the day.
    for n, seed in enumerate((1, 2)):
        body = _money_supply("May 23", seed)
        archive.add(
            Article(title="M", body=body, site="AP", published=date(1988, 6, 2), url=f"u:{n}")
        )
    assert archive.search("money supply").total == 1


def test_a_copy_of_a_copy_joins_no_cluster_whose_first_story_it_is_not(archive: Archive) -> None:
    # Day 20's story was within 14 days of day 10's copy only, and joined the cluster of
    # day 0's story through it: grouping was transitive (QA).
    for n, day in enumerate((1, 11, 21)):
        published = date(2020, 1, day)
        archive.add(Article(title="B", body=STORY, site=f"S{n}", published=published, url=f"u:{n}"))
    found = _hits(archive, "aleppo")
    assert found in ({"u:0": ["u:1"], "u:2": []}, {"u:1": ["u:0"], "u:2": []})
