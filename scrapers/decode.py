"""Bytes → text, and HTML page or text dump.

The order follows what a browser trusts (issue 3): a byte-order mark, then the charset the page
declares (``<meta charset>`` or ``http-equiv``), then UTF-8, then a statistical guess by
charset-normalizer. Labels are read the WHATWG way: ``iso-8859-1`` and ``ascii`` mean
windows-1252, which is what servers actually send under those names.
"""

from __future__ import annotations

import codecs
import re
from itertools import islice

from charset_normalizer import from_bytes

from scrapers.errors import DecodeError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Both <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)

# How far into the page a declaration is looked for. HTML5 says 1024 bytes, but real pages put
# the meta tag after long inline scripts: the latest declaration on the dev split starts at byte
# 13,107, so 64 KiB leaves a wide margin and still stops short of scanning whole pages.
_PRESCAN_BYTES = 65536

# WHATWG encoding labels whose real-world meaning differs from Python's codec of that name.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",  # Python's name of Latin-1, whatever label named it
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "unicode": "utf-16-le",
}

# The encodings the WHATWG Encoding Standard lets a page use, by Python codec name.
_WEB_ENCODINGS = (
    "utf_8",
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "koi8_r",
    "koi8_u",
    "cp874",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "iso2022_jp",
    "euc_kr",
    "utf_16",
)

# A decoded text with more than this share of C0 control characters (other than tab and line
# breaks) is binary, not a page: none of the 91 dev pages has a single one, so 1% is far from
# any real page and still catches binary files, which are full of them.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Letters beyond ASCII a page decoded as UTF-8 has for each stray byte it may hold and still
# be UTF-8, when nothing is declared / when UTF-8 is. A page in a single-byte encoding has next
# to none: its letters beyond ASCII are the stray bytes, and they seldom form UTF-8 sequences
# by chance. A page that says it is UTF-8 and shows it in as many letters as stray bytes is
# UTF-8, as a browser reads it (QA: one stray byte among 3 "café"s made every one "cafÃĐ").
_UTF8_PER_STRAY = 10
_DECLARED_UTF8_PER_STRAY = 1
_REPLACEMENT = "\ufffd"
_BEYOND_ASCII = re.compile("[^\x00-\x7f\ufffd]")

_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"<(?:p|div|br|span|a|article|section|h[1-6]|meta|title|table|ul|li)\b[^>]*>", re.IGNORECASE
)
# A text dump quoting a tag or two is still a dump; markup has tags throughout (the seed has
# none of these tags, the fewest on a dev page is 64).
_MIN_HTML_TAGS = 3


def decode(page: bytes) -> str:
    """Decode a page's bytes to text, or raise :class:`DecodeError`.

    >>> decode('<meta charset="windows-1252"><p>caf\\xe9'.encode("cp1252"))[-4:]
    'café'
    """
    for bom, encoding in _BOMS:
        if page.startswith(bom):
            return _check(page[len(bom) :].decode(encoding, errors="replace"))
    _not_a_page(page)
    declared = declared_encoding(page)
    # A few stray bytes are forgiven when UTF-8 is declared or nothing is: under another
    # declaration, a mixed page (a UTF-8 menu, a cp1252 story) is the declared charset's
    # (review: the story's letters became U+FFFD).
    per_stray = {None: _UTF8_PER_STRAY, "utf-8": _DECLARED_UTF8_PER_STRAY}.get(declared)
    as_utf8 = _as_utf8(page, per_stray=per_stray)
    if declared and not (as_utf8 is not None and not page.isascii()):
        # Bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever the page says:
        # templates keep a stale "iso-8859-1" after the site moved to UTF-8, and text in a
        # single-byte encoding almost never forms valid UTF-8 sequences by chance.
        try:
            return _check(page.decode(declared))
        except UnicodeDecodeError:
            pass  # a wrong declaration is common (cp1252 served as utf-8): keep looking
    if as_utf8 is not None:
        return _check(as_utf8)
    return _check(_guess(page))


def _as_utf8(page: bytes, *, per_stray: int | None) -> str | None:
    """``page`` as UTF-8 if it is, or, given ``per_stray``, if it is but for a few stray bytes
    (one in at least ``per_stray`` of its other letters beyond ASCII), each then U+FFFD; else
    None. One stray byte in a UTF-8 page made it a statistical guess: "CafÃ© Ã  BesanÃ§on"
    (QA)."""
    try:
        return page.decode("utf-8")
    except UnicodeDecodeError:
        if per_stray is None:
            return None
    text = page.decode("utf-8", errors="replace")
    stray = text.count(_REPLACEMENT) - page.count(_REPLACEMENT.encode("utf-8"))
    letters = len(_BEYOND_ASCII.findall(text))
    return text if letters >= per_stray * stray else None


def _guess(page: bytes) -> str:
    # Only encodings a browser would use (WHATWG), so legacy DOS and Mac code pages do not win
    # on Western text; among equally plausible ones windows-1252, the web's default, first.
    matches = from_bytes(page, cp_isolation=list(_WEB_ENCODINGS))
    if not matches:
        raise DecodeError(f"no encoding fits these {len(page)} bytes")
    best = min(matches, key=lambda m: (round(m.chaos, 2), m.encoding != "cp1252", -m.coherence))
    return str(best)


def declared_encoding(page: bytes) -> str | None:
    """The Python codec for the charset a page declares in a meta tag, if it names a known one.

    >>> declared_encoding(b'<meta content="text/html; charset=ISO-8859-1" http-equiv="...">')
    'cp1252'
    """
    match = _META_CHARSET.search(page[:_PRESCAN_BYTES])
    if not match:
        return None
    return web_codec(match.group(1).decode("ascii", errors="replace"))


def web_codec(label: str) -> str | None:
    """The Python codec an encoding label names, read the WHATWG way, or None for a label of
    no known encoding: ``ISO-8859-1``, ``latin1`` and ``ascii`` are windows-1252.

    >>> web_codec(" ISO-8859-1 "), web_codec("l1"), web_codec("utf8"), web_codec("klingon")
    ('cp1252', 'cp1252', 'utf-8', None)
    """
    label = label.strip().lower()
    try:
        codec = codecs.lookup(_WHATWG_ALIASES.get(label, label)).name
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(codec, codec)  # its other names ("l1", "cp819") too


def _check(text: str) -> str:
    if text and len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise DecodeError("the bytes decode to binary data, not text")
    return text


#: The first bytes of what is no page, said by its kind, not as "no encoding fits" or "binary
#: data": compressed data, which a page compressed twice (a ".html.gz" of a ".html.gz") or a
#: payload left encoded still holds once read (QA), and a PDF or an image saved under ".html"
#: (archivist QA).
_NOT_PAGES = {
    b"\x1f\x8b": "gzip-compressed (compressed twice?)",
    b"\x28\xb5\x2f\xfd": "zstd-compressed (compressed twice?)",
    b"PK\x03\x04": "zip-compressed (compressed twice?)",
    b"%PDF-": "a PDF document",
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
}


def _not_a_page(page: bytes) -> None:
    """Raise DecodeError for compressed bytes, and for a document or image of a known kind."""
    for magic, kind in _NOT_PAGES.items():
        if page.startswith(magic):
            raise DecodeError(f"the bytes are {kind}, not a page")


def looks_like_html(text: str) -> bool:
    """Tell an HTML page from plain text already scraped from one.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Title\\n\\nA story about <p> tags.")
    False
    """
    head = text[:4096].lstrip()
    if _HTML_START.search(head[:1024]):
        return True
    found = islice(_HTML_TAG.finditer(text), _MIN_HTML_TAGS)
    return sum(1 for _ in found) >= _MIN_HTML_TAGS
