"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds → one record's fields per item.

A saved feed whose items carry the story (``content:encoded``, Atom ``<content>``) or a summary
(``description``, ``summary``) is an archive of articles, as a JSONL file is: each item becomes
the fields of a JSONL record (``url``, ``id``, ``title``, ``html`` or ``body``, ``published``,
``authors``, ``site``), so that it is cleaned by the one path a record takes
(``indexer.article_from_record``: its ``html`` through the scrapers, the other fields winning).

===========  =====================================  =======================================
field        RSS 2.0 / RSS 1.0                      Atom
===========  =====================================  =======================================
url          ``feedburner:origLink``, else          ``feedburner:origLink``, else ``link``
             ``link``, else a permalink ``guid``    rel="alternate", else the first
id           a ``guid`` with a ``:`` (``urn:…``),  ``id``
             else ``rdf:about``
title        ``title``                              ``title`` (text, html or xhtml)
html / body  ``content:encoded``, else              ``content``, else ``summary``: html and
             ``description`` (HTML)                 xhtml as ``html``, text as ``body``
published    ``pubDate``, else ``dc:date``          ``published``, else ``updated``
authors      ``author`` (its name), ``dc:creator``  ``author/name``, else the feed's
site         ``source``, else the channel's         ``source/title``, else the feed's
             ``title``                              ``title``
===========  =====================================  =======================================

A relative link is made absolute by the ``xml:base`` in effect, else (RSS) the channel's
``link``; with neither, it is kept as written.

Dates are read as pages' dates are (RFC 822 ``Tue, 29 Nov 2016 14:05:00 GMT`` and ISO 8601);
one that cannot be read is left out, as the story is still worth indexing.

The XML is parsed with no entity resolved from outside the file, no DTD loaded and no network
access: a saved feed is untrusted input (XXE). A feed that is not well-formed is read by
libxml2's recovering parse, with the same safety, and ``read`` tells its damage; bytes that
give no feed's root even so raise ``FeedError``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from html.entities import html5
from typing import Any
from urllib.parse import urljoin

from lxml import etree  # type: ignore[import-untyped]

from scrapers.body import plain_text
from scrapers.decode import web_codec
from scrapers.metadata import parse_date

__all__ = ["Feed", "FeedError", "items", "read", "starts_as_feed"]


class FeedError(ValueError):
    """Bytes that are no feed: not well-formed XML, or XML of another kind."""


_RSS10 = "http://purl.org/rss/1.0/"
_RSS09 = "http://my.netscape.com/rdf/simple/0.9/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_ATOM = "http://www.w3.org/2005/Atom"
_ATOM03 = "http://purl.org/atom/ns#"  # Atom 0.3, which older blogs still serve
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
_XHTML = "http://www.w3.org/1999/xhtml"
_FEEDBURNER = "http://rssnamespace.org/feedburner/ext/1.0"
_ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
_MEDIA = "http://search.yahoo.com/mrss/"

#: The namespaces of an RSS item's own elements: none in RSS 2.0, RSS 1.0's, RSS 0.9's.
_RSS_NAMESPACES = ("", _RSS10, _RSS09)
_ATOM_NAMESPACES = (_ATOM, _ATOM03)

#: An XML or HTML comment, each character matched one way only: ``<!--.*?-->`` in a loop could
#: stretch each comment over the next ones, and a file of 30 comments and no feed after them
#: took minutes to tell, a folder's ``layout.xml`` stopping a run that Ctrl-C could not stop
#: (review).
COMMENT = rb"<!--(?:[^-]|-(?!->))*-->"
#: How a feed starts, after a byte-order mark, the XML declaration, and any comments, processing
#: instructions (``<?xml-stylesheet?>``) and doctype (RSS 0.91's) before its root element:
#: ``<rss``, ``<rdf:RDF`` or ``<feed`` (namespace prefixes allowed).
_FEED_START = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?"
    rb"(?:(?:" + COMMENT + rb"|<\?(?:[^?]|\?(?!>))*\?>|<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>)\s*)*"
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:rss|RDF|feed)[\s>/]",
    re.DOTALL,
)


def starts_as_feed(start: bytes) -> bool:
    """Whether a file's first bytes start an RSS, RDF or Atom feed.

    >>> starts_as_feed(b'<?xml version="1.0"?>\\n<rss version="2.0"><channel>')
    True
    >>> starts_as_feed(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/">')
    False
    >>> starts_as_feed('\ufeff<rss version="2.0">'.encode("utf-16-le"))
    True
    """
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (QA: such a feed was refused)
        start = start[: len(start) // 2 * 2].decode("utf-16", errors="ignore").encode("utf-8")
    return _FEED_START.match(start) is not None


def _parser(*, recover: bool = False) -> etree.XMLParser:
    # resolve_entities=False: an entity declared in the feed's own DTD is not expanded
    # (billion laughs, XXE by a SYSTEM entity); load_dtd=False and no_network=True: nothing is
    # fetched. huge_tree=True: a text node may pass libxml2's 10 MB limit (one item of a long
    # story in CDATA failed the whole feed, QA), as the file itself is capped at 16 MiB.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
        recover=recover,
    )


@dataclass(frozen=True)
class Feed:
    """The items of a feed, and ``damage``: "" for well-formed XML, else why it is not (its
    items were then recovered, as many as could be; an item cut short by the file's end is
    left out)."""

    items: list[dict[str, Any]]
    damage: str = ""


def items(data: bytes) -> list[dict[str, Any]]:
    """The fields of each item of the feed in ``data``, in the feed's order (``read``'s items).

    Raises ``FeedError`` when ``data`` is no XML with an ``rss``, ``rdf:RDF`` or Atom ``feed``
    root, even read as damaged XML.

    >>> feed = b'''<rss version="2.0"><channel><title>Harbour News</title>
    ...   <item><title>Quay shut</title><link>https://harbour.example/quay</link>
    ...   <description>&lt;p&gt;The quay stayed shut.&lt;/p&gt;</description>
    ...   <pubDate>Tue, 29 Nov 2016 14:05:00 GMT</pubDate></item></channel></rss>'''
    >>> items(feed)[0]["html"], items(feed)[0]["published"], items(feed)[0]["site"]
    ('<p>The quay stayed shut.</p>', '2016-11-29T14:05:00+00:00', 'Harbour News')
    """
    return read(data).items


def read(data: bytes) -> Feed:
    """The feed in ``data``: its items, and whether it was damaged XML, read by recovery.

    A bare ``&`` (``Fish & chips``), a control character or a download cut short lost the
    whole feed (QA): when the strict parse fails, libxml2's recovering parse is taken if it
    finds a feed's root, and the damage is told, not hidden.

    >>> feed = read(b"<rss><channel><item><title>Fish & chips</title><description>x")
    >>> feed.items, feed.damage.startswith("not well-formed XML (")
    ([], True)
    """
    data = _utf8(data)
    root, damage = _root(data)
    namespace, name = _split(root.tag)
    if name == "rss" and not namespace:
        channel = _child(root, "channel", _RSS_NAMESPACES)
        elements = [] if channel is None else _children(channel, "item", _RSS_NAMESPACES)
        found = [_rss_item(item, channel) for item in elements]
    elif name == "RDF" and namespace == _RDF:
        channel = _child(root, "channel", (_RSS10, _RSS09))
        elements = _children(root, "item", (_RSS10, _RSS09))
        found = [_rss_item(item, channel) for item in elements]
    elif name == "feed" and namespace in _ATOM_NAMESPACES:
        elements = _children(root, "entry", (namespace,))
        found = [_atom_entry(entry, root) for entry in elements]
    elif damage:
        raise FeedError(damage)
    else:
        raise FeedError(f"not an RSS or Atom feed (its root element is <{name}>)")
    if damage and elements and _left_open(data, _split(elements[-1].tag)[1]):
        found.pop()  # the item the file's end cut: its story would be part of one
    return Feed(found, damage)


#: The XML declaration's encoding, in a file that writes ASCII as ASCII.
_DECLARED = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*[\"']\s*(?P<name>[^\"'\s]*)"
)
#: windows-1252 as browsers read it: its five unassigned bytes are the C1 controls, as Latin-1.
_CP1252 = {
    byte: bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(0x80, 0xA0)
}


def _utf8(data: bytes) -> bytes:
    """``data`` as UTF-8 when it is UTF-16 with a byte-order mark or windows-1252 (said to be
    ISO-8859-1, or with no declaration and no UTF-8: a Latin-1 feed failed whole, QA), its
    declaration saying so; as it is otherwise, for libxml2 to read by its declaration."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:  # libxml2 says where
            return data
        data = text.encode("utf-8")  # its declaration, if any, is rewritten below
        declared = _DECLARED.match(data)
        if declared is None:
            return data
        return data[: declared.start("name")] + b"UTF-8" + data[declared.end("name") :]
    declared = _DECLARED.match(data)
    if declared is not None:
        # The WHATWG's reading, as for pages: a feed that says ISO-8859-1 and writes Windows'
        # curly quotes and dashes (0x80-0x9F) lost them (QA).
        if web_codec(declared.group("name").decode("ascii", errors="replace")) != "cp1252":
            return data
        data = _windows_1252(data).encode("utf-8")
        return data[: declared.start("name")] + b"UTF-8" + data[declared.end("name") :]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _windows_1252(data).encode("utf-8")
    return data


def _windows_1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")  # Python's codec, fast, leaves five bytes unassigned
    except UnicodeDecodeError:
        return data.decode("latin-1").translate(_CP1252)


def _root(data: bytes) -> tuple[Any, str]:
    """The root element of the XML in ``data``, and "" or why it is not well-formed.

    An HTML entity (``&nbsp;``, ``&eacute;``) is no XML one: a feed that writes one outside
    CDATA, as many do, is not well-formed, or, with a DOCTYPE (RSS 0.91's), kept as an
    unresolved reference, ``Caf&eacute;`` (QA). So HTML's named entities are read as the
    characters they stand for before anything is parsed; XML's five and unknown names are
    left, and an entity the feed's own DTD declares under another name stays unresolved.
    Other damage is recovered from as far as libxml2 can (``read``)."""
    numbered = _HTML_ENTITY.sub(_numbered, data)
    try:
        root = etree.fromstring(numbered, _parser())
    except etree.XMLSyntaxError as error:
        # lxml's message without the "(<string>, line 1)" it adds, which names no file
        damage = f"not well-formed XML ({error.msg or error})"
    else:
        if root is None:  # a document of nothing but a declaration, say
            raise FeedError("not well-formed XML (no root element)")
        return root, ""
    try:
        root = etree.fromstring(_BARE_AMPERSAND.sub(_escaped, numbered), _parser(recover=True))
    except etree.XMLSyntaxError:  # nothing recovered at all
        root = None
    if root is None or not isinstance(root.tag, str):
        raise FeedError(damage)
    return root, damage


#: An ``&`` that starts no reference (``Fish & chips``), or a CDATA section, where it is text.
_BARE_AMPERSAND = re.compile(rb"<!\[CDATA\[.*?\]\]>|&(?!#?[\w.-]+;)", re.DOTALL)


def _escaped(match: re.Match[bytes]) -> bytes:
    """A bare ``&`` as ``&amp;``, so that recovery keeps it (libxml2 drops it); CDATA as it is."""
    return b"&amp;" if match.group() == b"&" else match.group()


def _left_open(data: bytes, name: str) -> bool:
    """Whether the last ``<name>`` element opened in ``data`` is never closed: the file was
    cut inside it."""
    tag = re.escape(name.encode("ascii"))
    ends = [m.end() for m in re.finditer(rb"<(?:[\w.-]+:)?" + tag + rb"[\s>]", data)]
    closing = re.compile(rb"</(?:[\w.-]+:)?" + tag + rb"\s*>")
    return bool(ends) and closing.search(data, ends[-1]) is None


#: A named entity reference (in an encoding that writes ASCII as ASCII, as UTF-8 and Latin-1),
#: or a CDATA section, in which ``&eacute;`` is text.
_HTML_ENTITY = re.compile(rb"<!\[CDATA\[.*?\]\]>|&([A-Za-z][A-Za-z0-9]{1,31});", re.DOTALL)
#: The entities XML has of its own.
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def _numbered(match: re.Match[bytes]) -> bytes:
    """An HTML entity as the character references of what it stands for (``&nbsp;`` is
    ``&#160;``); XML's own and unknown names as written."""
    name = match.group(1)
    if name is None:  # CDATA
        return match.group()
    text = None if name in _XML_ENTITIES else html5.get(name.decode("ascii") + ";")
    if text is None:
        return match.group()
    return "".join(f"&#{ord(ch)};" for ch in text).encode("ascii")


# -- RSS ----------------------------------------------------------------------------------------


def _rss_item(item: Any, channel: Any | None) -> dict[str, Any]:
    link_element = _child(item, "link", _RSS_NAMESPACES)
    link = _text(link_element)
    guid = _child(item, "guid", ("",))
    guid_text = _text(guid)
    if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
        link_element = guid  # RSS 2.0: a permalink guid is its link
        link = guid_text if _WEB_ADDRESS.match(guid_text) or guid_text.startswith("/") else ""
    original = _child(item, "origLink", (_FEEDBURNER,))
    if _text(original):  # FeedBurner's link is its own redirect (feedproxy): the story's own
        link_element, link = original, _text(original)
    if link:
        # /news/1 of two feeds was one document, one story lost (QA): a link is read against
        # the xml:base in effect, else the channel's own link, as a browser would.
        home = _text(_child(channel, "link", _RSS_NAMESPACES)) if channel is not None else ""
        base = link_element.base if link_element is not None else None
        link = _resolved(link, _resolved(base or "", home) if home else base)
    content = _child(item, "encoded", (_CONTENT,))
    if content is None or not _text(content):
        content = _child(item, "description", _RSS_NAMESPACES)
    # A podcast's item says what it holds in itunes:summary or media:description (plain text),
    # which were never read: its episode was "empty" (QA).
    summary = "" if content is not None and _text(content) else _podcast_summary(item)
    date = _text(_child(item, "pubDate", ("",))) or _text(_child(item, "date", (_DC,)))
    title = _text(_child(item, "title", _RSS_NAMESPACES))
    authors = [_rss_author(_text(a)) for a in _children(item, "author", ("",))]
    authors += [_named(_text(c)) for c in _children(item, "creator", (_DC,))]
    fields = {
        "url": link,
        "id": _unique(guid_text)
        or item.get(f"{{{_RDF}}}about", "").strip()
        or ("" if link else _in_feed(channel, guid_text, title, date)),
        "title": title,
        **({"body": summary} if summary else {"html": _inner(content)}),  # HTML, maybe CDATA
        "published": _date(date),
        "authors": [a for a in authors if a],
        # An aggregator's (Google News) item names the site it is from: <source url=…>BBC News
        "site": _text(_child(item, "source", ("",)))
        or (_text(_child(channel, "title", _RSS_NAMESPACES)) if channel is not None else ""),
    }
    return _filled(fields)


def _podcast_summary(item: Any) -> str:
    """An item's ``itunes:summary``, else its ``media:description`` (maybe in a
    ``media:group``), as plain text."""
    found = _text(_child(item, "summary", (_ITUNES,)))
    for element in (item, _child(item, "group", (_MEDIA,))):
        if not found and element is not None:
            found = _text(_child(element, "description", (_MEDIA,)))
    return found


_WEB_ADDRESS = re.compile(r"https?://\S+$", re.IGNORECASE)


def _unique(guid: str) -> str:
    """A guid that names its item among every feed's (a URL, ``urn:…``, ``tag:…``), or "": a
    document's id when the item has no link, and "1001" of one feed replaced "1001" of another
    (``_in_feed`` names such an item)."""
    return guid if ":" in guid else ""


def _in_feed(channel: Any | None, guid: str, title: str, date: str) -> str:
    """An id for an item with no link that names itself only within its feed: a hash of the
    channel's ``link`` (else its ``title``) and the item's guid (``1002``), else its title and
    date; "" when the channel or the item gives none (a title with no date), and the item is
    named by its feed's file and its place in it. Two saved copies of one feed (``notices-a.rss``,
    ``notices-b.rss``) so give one document per item, not one per copy (QA), and "1002" of
    one feed is not another's.

    >>> channel = etree.fromstring("<channel><link>https://town.example/</link></channel>")
    >>> _in_feed(channel, "1002", "", "") == _in_feed(channel, "1002", "Road works", "")
    True
    >>> _in_feed(channel, "", "Road works", ""), _in_feed(None, "1002", "", "")
    ('', '')
    """
    feed = _text(_child(channel, "link", _RSS_NAMESPACES)) if channel is not None else ""
    if not feed and channel is not None:
        feed = _text(_child(channel, "title", _RSS_NAMESPACES))
    named = ["guid", guid] if guid else ["title", title, date]
    if not feed or not all(named[1:]):  # a title alone may name two notices of one feed
        return ""
    digest = hashlib.sha256("\n".join([feed, *named]).encode("utf-8")).hexdigest()
    return "item:" + digest[:20]


#: RSS 2.0's ``<author>`` is an e-mail address, the name after it in parentheses.
_MAIL_AND_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^)]*)\)$")


def _rss_author(text: str) -> str:
    """The name in ``jane@example.com (Jane Doe)``, or the text as it is (``_named``)."""
    found = _MAIL_AND_NAME.match(text)
    return _named(found.group("name").strip() if found else text)


#: What stands where a name is not: an e-mail address alone (RSS 2.0's ``<author>`` with no
#: name after it), and Blogger's "Unknown" for an author who gave none (QA).
_NO_NAME = re.compile(r"^(?:mailto:)?[^\s@()]+@[^\s@()]+$|^unknown$", re.IGNORECASE)


def _named(text: str) -> str:
    """``text`` as an author's name, or "" when it is none (``_NO_NAME``): an e-mail address
    would be searched as a name, and shown as one."""
    return "" if _NO_NAME.match(text) else text


# -- Atom ---------------------------------------------------------------------------------------


def _atom_entry(entry: Any, feed: Any) -> dict[str, Any]:
    ns = (_split(feed.tag)[0],)
    body = _child(entry, "content", ns)
    if body is None or body.get("src") or not _has_text(body):
        body = _child(entry, "summary", ns)
    date = _text(_child(entry, "published", ns)) or _text(_child(entry, "issued", ns))
    date = date or _text(_child(entry, "updated", ns)) or _text(_child(entry, "modified", ns))
    authors = _atom_authors(entry, ns) or _atom_authors(feed, ns)
    original = _text(_child(entry, "origLink", (_FEEDBURNER,)))
    source = _child(entry, "source", ns)  # an entry copied from another feed: that feed's title
    fields = {
        "url": _resolved(original, entry.base) if original else _atom_link(entry, ns),
        "id": _text(_child(entry, "id", ns)),
        "title": _atom_text(_child(entry, "title", ns)),
        "published": _date(date),
        "authors": authors,
        "site": (_atom_text(_child(source, "title", ns)) if source is not None else "")
        or _atom_text(_child(feed, "title", ns)),
    }
    kind = (body.get("type") or "text").lower() if body is not None else "text"
    if body is None:
        fields["body"] = ""
    elif (body.get("mode") or "").lower() == "base64":  # Atom 0.3's, indexed as letters (QA)
        text = _decoded(body.text or "") if kind.startswith(("text", "html", "xhtml")) else ""
        fields["html" if "html" in kind else "body"] = text
    elif kind in ("html", "text/html"):
        fields["html"] = body.text or ""
    elif kind in ("xhtml", "application/xhtml+xml"):
        fields["html"] = _xhtml(body)
    elif kind == "text" or kind.startswith("text/"):
        fields["body"] = _text(body)
    else:  # base64 media (an image, a PDF): no text to index
        fields["body"] = ""
    return _filled(fields)


def _decoded(text: str) -> str:
    """Base64 as the UTF-8 text it encodes, or "" when it is no base64 of text."""
    try:
        return base64.b64decode("".join(text.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return ""


def _atom_link(entry: Any, ns: tuple[str, ...]) -> str:
    """The entry's rel="alternate" link (the default rel), else its first, made absolute by
    ``xml:base``."""
    links = list(_children(entry, "link", ns))
    alternate = [link for link in links if link.get("rel", "alternate") == "alternate"]
    for link in alternate or links:
        href = (link.get("href") or "").strip()
        if href:
            return _resolved(href, link.base)
    return ""


def _atom_authors(element: Any, ns: tuple[str, ...]) -> list[str]:
    authors = _children(element, "author", ns)
    names = (_named(_text(_child(author, "name", ns))) for author in authors)
    return [name for name in names if name]


def _atom_text(element: Any | None) -> str:
    """An Atom text construct as plain text: ``type="html"`` and ``"xhtml"`` lose their tags."""
    if element is None:
        return ""
    kind = element.get("type", "text")
    if kind == "html" and element.text:
        return _spaced(plain_text(element.text))
    return _text(element)


def _xhtml(element: Any) -> str:
    """An Atom ``type="xhtml"`` construct as HTML: the ``div`` it wraps, prefixes dropped."""
    inner = [child for child in element if _split(child.tag) == (_XHTML, "div")]
    wrapper = inner[0] if len(inner) == 1 else element
    parts = [wrapper.text or ""]
    parts += [etree.tostring(child, encoding="unicode", with_tail=True) for child in wrapper]
    markup = "".join(parts)
    # <p xmlns="http://www.w3.org/1999/xhtml"> and <h:p> read as unknown tags to an HTML parser
    return _XHTML_PREFIX.sub(r"<\1", _XMLNS.sub("", markup))


_XMLNS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_XHTML_PREFIX = re.compile(r"<(/?)[A-Za-z_][\w.-]*:")


# -- shared -------------------------------------------------------------------------------------


def _resolved(href: str, base: str | None) -> str:
    """``href`` made absolute against ``base``; as written when there is no base, or either is
    no valid URL (urljoin's "Invalid IPv6 URL")."""
    if not base:
        return href
    try:
        return str(urljoin(base, href))
    except ValueError:
        return href


def _split(tag: Any) -> tuple[str, str]:
    """``(namespace, local name)`` of an element's tag ("" for no namespace)."""
    if not isinstance(tag, str):  # an entity reference left unresolved, say
        return "", ""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _children(element: Any, name: str, namespaces: tuple[str, ...]) -> list[Any]:
    return [
        child
        for child in element
        if _split(child.tag)[1] == name and _split(child.tag)[0] in namespaces
    ]


def _child(element: Any, name: str, namespaces: tuple[str, ...]) -> Any | None:
    found = _children(element, name, namespaces)
    return found[0] if found else None


def _text(element: Any | None) -> str:
    """An element's text, its children's too, on one line."""
    return _spaced("".join(element.itertext())) if element is not None else ""


def _has_text(element: Any) -> bool:
    return bool("".join(element.itertext()).strip()) or len(element) > 0


def _inner(element: Any | None) -> str:
    """An element's content as markup: its text (HTML escaped in XML, or CDATA) and any
    elements written in it unescaped, as some feeds do."""
    if element is None:
        return ""
    parts = [element.text or ""]
    parts += [etree.tostring(child, encoding="unicode", with_tail=True) for child in element]
    return "".join(parts).strip()


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _date(text: str) -> str:
    """An RFC 822 or ISO 8601 date as ISO 8601, or "" when it cannot be read."""
    found = parse_date(text) if text else None
    return found.isoformat() if found is not None else ""


def _filled(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` without the empty ones, except the text (``html`` or ``body``): an item with
    none is a record with no story, not a record missing its text."""
    return {k: v for k, v in fields.items() if v or k in ("html", "body")}
