"""feeds: RSS 2.0, RSS 1.0 (RDF) and Atom items → a record's fields; dates; bad XML refused."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.feeds import FeedError, items, starts_as_feed
from searchkit.feeds import read as read_feed

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def read(name: str) -> list[dict[str, object]]:
    return items((FEEDS / name).read_bytes())


def test_rss_items_prefer_content_encoded_to_the_description() -> None:
    strike, lighthouse, tides = read("harbour.rss")
    assert strike == {
        "url": "https://harbour.example/ferry-strike",
        "title": "Ferry strike shuts the quay",
        "html": strike["html"],
        "published": "2016-11-29T14:05:00+00:00",
        "authors": ["Jane Roe"],  # "desk@harbour.example (Jane Roe)"
        "site": "Harbour Gazette",
    }
    assert str(strike["html"]).startswith("<p>Ferry crews walked out at dawn")
    assert lighthouse["html"] == (
        "<p>The lighthouse keeper of forty years handed over the lamp room keys on Wednesday.</p>"
    )
    assert (lighthouse["authors"], lighthouse["published"]) == (
        ["Tom Keel"],
        "2016-11-30T09:00:00+01:00",
    )
    # No text at all: a record with no story (counted empty), not one missing its text.
    assert tides == {
        "url": "https://harbour.example/tides",
        "title": "Tide tables",
        "html": "",
        "site": "Harbour Gazette",
    }


def test_rss_with_descriptions_only() -> None:
    market, regatta, letters = read("summaries.rss")
    assert market["html"] == (
        "The fish market will move to the old rope works next spring, the council decided."
    )
    assert market["published"] == "2016-11-30T08:00:00+01:00"
    # A guid that is a permalink (the default) is the item's link.
    assert regatta["url"] == "https://quayside.example/regatta"
    assert "url" not in letters and "id" not in letters


def test_a_guid_unique_only_in_its_feed_is_no_id() -> None:
    # "1001" of one feed was the id of an item with no link, and replaced "1001" of another.
    feed = b"""<rss version="2.0"><channel><title>Quay</title>
      <item><title>A</title><guid isPermaLink="false">1001</guid><description>x</description></item>
      <item><title>B</title><guid isPermaLink="false">urn:quay:1002</guid><description>y
      </description></item>
    </channel></rss>"""
    first, second = items(feed)
    assert first["id"] != "1001" and second["id"] == "urn:quay:1002"
    assert items(feed.replace(b"Quay", b"Dock"))[0]["id"] != first["id"]


NOTICES = b"""<rss version="2.0"><channel><title>Town Notices</title>
  <link>https://town.example/notices</link>
  <item><title>Road works</title><guid isPermaLink="false">1002</guid>
    <description>Main Street shuts.</description></item>
  <item><title>Market moves</title><pubDate>Tue, 29 Nov 2016 14:05:00 GMT</pubDate>
    <description>The market moves to the quay.</description></item>
  <item><title>Bins</title><description>Bins go out on Monday.</description></item>
</channel></rss>"""


def test_an_item_with_no_link_is_named_by_its_feed_not_its_place() -> None:
    # QA: two saved copies of one feed gave each link-less item twice, named by file and place.
    guid, dated, bare = items(NOTICES)
    moved = items(NOTICES.replace(b"<item>", b"<item><!-- --></item><item>", 1))[1:]
    assert [guid["id"], dated["id"]] == [moved[0]["id"], moved[1]["id"]]
    assert guid["id"].startswith("item:") and dated["id"].startswith("item:")
    assert "id" not in bare  # a title alone may name two notices: named by its place
    other = items(NOTICES.replace(b"town.example/notices", b"city.example/notices"))
    assert other[0]["id"] != guid["id"]  # the channel's link, not its title alone


def test_atom_content_by_its_type() -> None:
    seals, dredging, bridge = read("estuary.atom")
    # type="html": the markup; the alternate link, made absolute by xml:base.
    assert seals["url"] == "https://estuary.example/news/seals"
    assert str(seals["html"]).startswith("<p>Grey seals returned") and "body" not in seals
    assert seals["published"] == "2016-11-28T07:30:00-05:00"  # published before updated
    assert seals["authors"] == ["Ann Shore", "Bo Reed"]
    assert seals["site"] == "Estuary & Coast"  # an html title, unescaped once
    # type="xhtml": the div's content as HTML; the title's tags dropped; the feed's author.
    assert dredging["title"] == "Dredging begins"
    assert dredging["html"] == (
        "<p>Dredging of the main channel began on Thursday so that larger cargo ships can reach"
        " the wharf.</p>"
    )
    assert (dredging["published"], dredging["authors"]) == (
        "2016-12-01T10:00:00+00:00",
        ["Estuary Desk"],
    )
    # type="text": a body as it is, and no link: its id is the entry's.
    assert bridge["body"] == (
        "The swing bridge over the estuary was repainted green by the harbour board this autumn."
    )
    assert "url" not in bridge and bridge["id"] == "tag:estuary.example,2016:3"


def test_rss_1_rdf_items() -> None:
    [pilots] = read("channel.xml")
    assert pilots == {
        "url": "https://channel.example/pilots",
        "id": "https://channel.example/pilots",
        "title": "Pilots win new contract",
        "html": "The harbour pilots signed a new five year contract with the port authority on"
        " Sunday.",
        "published": "2016-11-27",
        "authors": ["Ida Mast"],
        "site": "Channel Post",
    }


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("Tue, 29 Nov 2016 14:05:00 GMT", "2016-11-29T14:05:00+00:00"),
        ("29 Nov 2016 14:05 +0200", "2016-11-29T14:05:00+02:00"),
        ("2016-11-29T14:05:00Z", "2016-11-29T14:05:00+00:00"),
        ("2016-11-29", "2016-11-29"),
        ("sometime last week", None),
    ],
    ids=["rfc822", "rfc822-no-weekday", "iso-datetime", "iso-date", "unreadable"],
)
def test_dates_in_rfc_822_and_iso_8601(written: str, read_as: str | None) -> None:
    feed = (
        "<rss><channel><item><title>T</title><description>x</description>"
        f"<pubDate>{written}</pubDate></item></channel></rss>"
    )
    [item] = items(feed.encode())
    assert item.get("published") == read_as  # one it cannot read is left out


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Fish & chips, a story", "not well-formed XML ("),
        (b'<?xml version="1.0"?>', "not well-formed XML ("),
        (b"<html><body><p>Fish & chips</p></body></html>", "not well-formed XML ("),
        (b"<urlset><url/></urlset>", "not an RSS or Atom feed (its root element is <urlset>)"),
        (b"<feed><entry/></feed>", "not an RSS or Atom feed (its root element is <feed>)"),
    ],
    ids=["text", "no-root", "damaged-html", "sitemap", "feed-of-no-atom"],
)
def test_what_is_no_feed_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as raised:
        items(data)
    assert str(raised.value).startswith(reason) and "\n" not in str(raised.value)


def test_html_entities_outside_cdata_are_the_characters_they_name() -> None:
    # A feed writing &nbsp; or &mdash; in a title (no XML entity) was lost whole (QA).
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Quay&nbsp;News</title>
      <item><title>Ferry strike &mdash; day two &amp; more</title><link>https://q.example/a</link>
      <description>Ferries stayed in port.&nbsp;&lt;b&gt;The union met.&lt;/b&gt;</description>
      </item></channel></rss>"""
    [item] = items(feed)
    assert (item["title"], item["site"]) == ("Ferry strike \u2014 day two & more", "Quay News")
    assert item["html"] == "Ferries stayed in port.\u00a0<b>The union met.</b>"


def test_entities_are_not_resolved(tmp_path: Path) -> None:
    # A saved feed is untrusted: an external entity must not read a local file (XXE), and an
    # internal one is not expanded (billion laughs).
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    feed = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">
<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss><channel><item><title>T &b;</title><description>Story &xxe; here.</description>
</item></channel></rss>"""
    [item] = items(feed.encode())
    assert "TOP SECRET" not in str(item) and "aaaa" not in str(item)


@pytest.mark.parametrize(
    ("start", "feed"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0">', True),
        (b'\xef\xbb\xbf<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><!-- c --><feed>', True),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', True),
        (b'<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "x.dtd">\n<rss>', True),
        (b'<?xml version="1.0"?><html><body>', False),
        (b"<urlset>", False),
        (b"Notes about <rss> feeds", False),
        ('\ufeff<?xml version="1.0" encoding="UTF-16"?><rss>'.encode("utf-16-le"), True),
        ('\ufeff<!-- c -->\n<feed xmlns="x">'.encode("utf-16-be"), True),
        ("\ufeff<html><body>".encode("utf-16"), False),
        # Comments matched each one way: 40 of them before no feed took hours (review).
        (b"<!--a-->" * 40 + b"<LinearLayout/>", False),
        (b'<!-- a -- b --><!--c---><!DOCTYPE rss [<!ENTITY e "f">]><rss version="2.0">', True),
    ],
    ids=[
        *("rss", "atom-after-bom-pi-comment", "rdf", "doctype", "xhtml", "sitemap", "text"),
        *("utf-16-le", "utf-16-be", "utf-16-html", "many-comments", "odd-comments"),
    ],
)
def test_a_feed_is_known_by_its_start(start: bytes, feed: bool) -> None:
    assert starts_as_feed(start) is feed


def test_a_link_that_is_no_valid_url_is_kept_as_written() -> None:
    # urljoin raised "Invalid IPv6 URL", out of the reader, and the whole run failed.
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://[bad/">
    <entry><link href="http://[bad/story"/><content>Text</content></entry></feed>"""
    [entry] = items(feed)
    assert entry["url"] == "http://[bad/story"


_XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.lists(_XML_TEXT, min_size=6, max_size=6), st.sampled_from(["rss", "atom"]))
def test_any_values_give_items_or_a_feed_error(values: list[str], kind: str) -> None:
    # The reader runs in the main process: anything but FeedError out of it ended the run.
    e = [escape(v, {'"': "&quot;"}) for v in values]
    if kind == "rss":
        feed = (
            f"<rss><channel><title>{e[0]}</title><item><title>{e[1]}</title><link>{e[2]}</link>"
            f"<guid>{e[2]}</guid><pubDate>{e[3]}</pubDate><author>{e[4]}</author>"
            f"<description>{e[5]}</description></item></channel></rss>"
        )
    else:
        feed = (
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{e[0]}">'
            f'<title type="html">{e[1]}</title><entry><link href="{e[2]}"/>'
            f'<updated>{e[3]}</updated><title type="html">{e[4]}</title>'
            f'<content type="{e[5]}">{e[5]}</content></entry></feed>'
        )
    try:
        found = items(feed.encode("utf-8"))
    except FeedError:
        return
    assert len(found) == 1


@pytest.mark.parametrize(
    ("channel", "item", "url"),
    [
        (
            "<link>https://north.example/</link>",
            "<link>/news/1</link>",
            "https://north.example/news/1",
        ),
        (
            "<link>https://south.example/a/</link>",
            "<link>b/1</link>",
            "https://south.example/a/b/1",
        ),
        (
            '<link>https://north.example/</link><item xml:base="https://east.example/x/">',
            "<link>1</link>",
            "https://east.example/x/1",
        ),
        (
            "",
            '<link xml:base="https://west.example/">/news/1</link>',
            "https://west.example/news/1",
        ),
        (
            "<link>https://north.example/</link>",
            "<guid>/news/2</guid>",
            "https://north.example/news/2",
        ),
        ("", "<link>/news/1</link>", "/news/1"),
    ],
    ids=["channel-link", "relative-path", "item-xml-base", "link-xml-base", "guid", "no-base"],
)
def test_relative_rss_links_are_made_absolute(channel: str, item: str, url: str) -> None:
    # Two feeds' <link>/news/1</link> were one document, one story lost (QA).
    opening = "" if "<item" in channel else "<item>"
    feed = f"<rss><channel><title>T</title>{channel}{opening}{item}<description>x</description>"
    [found] = items(f"{feed}</item></channel></rss>".encode())
    assert found["url"] == url


def test_an_item_of_over_10_mb_is_read() -> None:
    # One item's CDATA of over 10 MB (libxml2's text limit) lost a feed under the 16 MiB cap.
    story = "<p>" + "The quay stayed shut. " * 500_000 + "</p>"  # 11 MB
    feed = f"<rss><channel><item><title>T</title><description><![CDATA[{story}]]></description>"
    [item] = items(f"{feed}</item></channel></rss>".encode())
    assert item["html"] == story


@pytest.mark.parametrize(
    ("title", "read_as", "reason"),
    [
        (b"Fish & chips", ["Fish & chips", "Quay"], "xmlParseEntityRef: no name"),
        (b"Fish\x0b chips", ["Fish chips", "Quay"], "PCDATA invalid Char value 11"),
        (b"A&bogus;", ["A&bogus;", "Quay"], "Entity 'bogus' not defined"),
        (b"Fish</b>", ["Fish"], "Opening and ending tag mismatch"),  # libxml2 closes all
    ],
    ids=["bare-ampersand", "control-character", "no-entity", "mismatched-tag"],
)
def test_a_damaged_feed_gives_the_items_recovered(
    title: bytes, read_as: list[str], reason: str
) -> None:
    # One bare & or control character lost every item of the feed (QA).
    data = b"<rss><channel><item><title>%s</title></item><item><title>Quay</title></item></channel>"
    found = read_feed(data % title + b"</rss>")
    assert [i["title"] for i in found.items] == read_as
    assert found.damage.startswith(f"not well-formed XML ({reason}")
    assert read_feed(data % b"Fish" + b"</rss>").damage == ""


@pytest.mark.parametrize(
    "cut", [b"<description>The qu", b"<desc", b"", b"</item"], ids=["text", "tag", "start", "end"]
)
def test_a_feed_cut_short_gives_its_whole_items(cut: bytes) -> None:
    # A download cut short lost the items before the cut (QA); the item the cut ends is left
    # out, as its story would be part of one.
    data = b"<rss><channel><item><title>Quay</title></item>\n<item><title>Fish</title>" + cut
    found = read_feed(data)
    assert [i["title"] for i in found.items] == ["Quay"]
    assert found.damage.startswith("not well-formed XML (")


def test_html_entities_are_read_in_a_feed_with_a_doctype() -> None:
    # With RSS 0.91's DOCTYPE, &eacute; was no error but kept as written, so that a search
    # for café found nothing (QA). In CDATA it is text, HTML's to read; an entity the feed's
    # DTD declares under a name HTML does not know stays unresolved.
    feed = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd" [<!ENTITY own "OWN">]>
<rss version="0.91"><channel><title>Caf&eacute; news</title>
<item><title>Caf&eacute; museum &mdash; again &own;</title><link>https://c.example/1</link>
<description><![CDATA[<p>Caf&eacute; &amp; tea</p>]]> &lt;b&gt;caf\xe9&lt;/b&gt;</description>
</item></channel></rss>""".encode("latin-1")
    [item] = items(feed)
    assert (item["title"], item["site"]) == ("Café museum \u2014 again &own;", "Café news")
    assert item["html"] == "<p>Caf&eacute; &amp; tea</p> <b>café</b>"


@pytest.mark.parametrize(
    ("content", "field", "text"),
    [
        (
            'type="text/html" mode="base64">PHA+Q2Fmw6kgb3BlbnMuPC9wPg==',
            "html",
            "<p>Café opens.</p>",
        ),
        ('type="text/plain" mode="base64">Q2Fmw6kgb3BlbnMu', "body", "Café opens."),
        ('type="image/png" mode="base64">iVBORw0KGgo=', "body", ""),
        ('type="text/html" mode="base64">not base64!', "html", ""),
        (
            'type="text/html" mode="escaped">&lt;p&gt;Caf&#233; opens.&lt;/p&gt;',
            "html",
            "<p>Café opens.</p>",
        ),
    ],
    ids=["html", "text", "image", "no-base64", "escaped"],
)
def test_atom_0_3_base64_content_is_decoded(content: str, field: str, text: str) -> None:
    # <content mode="base64"> was indexed as its letters, PHA+… (QA).
    feed = f"""<feed xmlns="http://purl.org/atom/ns#" version="0.3"><title>Old blog</title>
    <entry><title>T</title><content {content}</content></entry></feed>"""
    [entry] = items(feed.encode())
    assert entry[field] == text


_LATIN = (
    "<rss><channel><title>Caf\xe9 \u201cn\u2019ews\u201d \u2013 \u20ac</title>"
    "<item><title>A</title>"
)


@pytest.mark.parametrize(
    ("feed", "encoding"),
    [
        ('<?xml version="1.0" encoding="ISO-8859-1"?>' + _LATIN, "cp1252"),
        ("<?xml version='1.0' encoding='latin1'?>" + _LATIN, "cp1252"),
        ('<?xml version="1.0" encoding="iso-8859-1" standalone="yes"?>' + _LATIN, "cp1252"),
        (_LATIN, "cp1252"),
        (_LATIN, "utf-8"),
        ('<?xml version="1.0" encoding="UTF-16"?>' + _LATIN, "utf-16"),
        (_LATIN, "utf-16"),
    ],
    ids=["iso-8859-1", "latin1", "lower-case", "no-declaration", "utf-8", "utf-16", "utf-16-bare"],
)
def test_latin_1_is_read_as_windows_1252(feed: str, encoding: str) -> None:
    # A feed said to be ISO-8859-1 lost Windows' curly quotes and dashes (0x80-0x9F), and
    # one with no declaration whose bytes are not UTF-8 failed whole (QA): browsers read
    # both as windows-1252.
    data = f"{feed}<link>https://c.example/1</link></item></channel></rss>".encode(encoding)
    [item] = items(data)
    assert item["site"] == "Caf\xe9 \u201cn\u2019ews\u201d \u2013 \u20ac"


def test_bytes_windows_1252_leaves_unassigned_are_its_c1_controls() -> None:
    [item] = items(
        b"<rss><channel><title>a\x81\x93b</title><item><title>A</title></item></channel></rss>"
    )
    assert item["site"] == "a\x81\u201cb"


def test_aggregators_give_the_story_s_own_link_and_site() -> None:
    # FeedBurner's link is its redirect, feedproxy; Google News's channel is no story's site.
    rss = b"""<rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
      <title>Google News</title><link>https://news.google.example/</link>
      <item><title>A</title><link>https://feedproxy.example/~r/a/1</link>
      <feedburner:origLink>https://north.example/news/1</feedburner:origLink></item>
      <item><title>B</title><link>/rss/articles/2</link>
      <source url="https://www.bbc.co.uk">BBC News</source></item></channel></rss>"""
    proxied, gathered = items(rss)
    assert (proxied["url"], proxied["site"]) == ("https://north.example/news/1", "Google News")
    assert (gathered["url"], gathered["site"]) == (
        "https://news.google.example/rss/articles/2",
        "BBC News",
    )
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"
      xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><title>Planet</title>
      <entry><link href="https://feedproxy.example/~r/b/1"/>
      <feedburner:origLink>https://south.example/1</feedburner:origLink>
      <source><title>South Times</title></source><content>x</content></entry></feed>"""
    [entry] = items(atom)
    assert (entry["url"], entry["site"]) == ("https://south.example/1", "South Times")


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("<author>editor@x.example</author>", []),
        ("<author>editor@x.example</author><dc:creator>Ann Shore</dc:creator>", ["Ann Shore"]),
        ("<author>noreply@blogger.com (Unknown)</author>", []),
        ("<dc:creator>mailto:desk@x.example</dc:creator>", []),
        ("<author>desk@x.example (Jane Roe)</author>", ["Jane Roe"]),
        ("<dc:creator>Ann Unknown</dc:creator>", ["Ann Unknown"]),
    ],
    ids=["mail-alone", "mail-and-creator", "blogger-unknown", "creator-mail", "named", "a-name"],
)
def test_an_e_mail_address_or_unknown_is_no_author(written: str, names: list[str]) -> None:
    feed = f"""<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><title>T</title>
      {written}</item></channel></rss>"""
    [item] = items(feed.encode())
    assert item.get("authors", []) == names
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><author><name>Unknown</name>
      <email>noreply@blogger.com</email></author><content>x</content></entry></feed>"""
    assert "authors" not in items(atom)[0]


def test_a_podcast_item_gives_its_summary_as_its_body() -> None:
    # itunes:summary and media:description were never read: an episode was "empty" (QA).
    feed = b"""<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
      xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Quay Talk</title>
      <item><title>Episode 42</title><itunes:summary>The crews vote.</itunes:summary></item>
      <item><title>Episode 43</title><media:group><media:description>Tides &amp; the
      timetable.</media:description></media:group></item>
      <item><title>Episode 44</title><description>Said here.</description>
      <itunes:summary>Not this.</itunes:summary></item></channel></rss>"""
    bodies = [(item.get("body"), item.get("html")) for item in items(feed)]
    assert bodies == [
        ("The crews vote.", None),
        ("Tides & the timetable.", None),
        (None, "Said here."),
    ]
