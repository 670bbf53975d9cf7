from __future__ import annotations

import codecs
import gzip

import pytest

from scrapers.decode import declared_encoding, decode, looks_like_html
from scrapers.errors import DecodeError

TEXT = "Café crème — “naïve” façade, Zürich, Ørsted"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
        (f'<meta charset="windows-1252"><p>{TEXT}'.encode("cp1252"),
         f'<meta charset="windows-1252"><p>{TEXT}'),
        # ISO-8859-1 is read as windows-1252 (WHATWG), so curly quotes survive.
        (f'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>{TEXT}'
         .encode("cp1252"),
         f'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>{TEXT}'),
        ('<meta charset="iso-8859-2"><p>Łódź, Kraków'.encode("iso-8859-2"),
         '<meta charset="iso-8859-2"><p>Łódź, Kraków'),
        ('<meta charset="iso-8859-7"><p>Αθήνα'.encode("iso-8859-7"),
         '<meta charset="iso-8859-7"><p>Αθήνα'),
        (f"<p>{TEXT}".encode(), f"<p>{TEXT}"),  # UTF-8, undeclared
        (f'<meta charset="utf-8"><p>{TEXT}'.encode(), f'<meta charset="utf-8"><p>{TEXT}'),
    ],
    ids=["bom-utf8", "bom-utf16le", "bom-utf16be", "meta-cp1252", "http-equiv-latin1",
         "meta-latin2", "meta-greek", "utf8-undeclared", "utf8-declared"],
)
def test_decode(data: bytes, expected: str) -> None:
    assert decode(data) == expected


def test_wrong_declaration_falls_back_to_utf8() -> None:
    # A declared utf-8 over cp1252 bytes must not fail:
    wrong = f'<meta charset="utf-8"><p>{TEXT} {TEXT} {TEXT}'.encode("cp1252")
    assert "Café crème" in decode(wrong)


@pytest.mark.parametrize("declared", ["", '<meta charset="utf-8">'])
def test_a_stray_byte_in_utf8_is_one_replacement_not_a_guess(declared: str) -> None:
    # One cp1252 dash in a UTF-8 page made it a statistical guess: "CafÃ© Ã  BesanÃ§on" (QA).
    text = "Le café de la gare a rouvert après les grèves, à Besançon. " * 3
    page = f"{declared}<p>{text}".encode() + b"\x96" + f" {text}".encode()
    assert decode(page) == f"{declared}<p>{text}\ufffd {text}"


def test_a_page_declared_utf8_with_as_many_letters_as_stray_bytes_is_utf8() -> None:
    # One stray byte among three "café"s made every one "cafÃĐ", as a browser never shows (QA).
    page = '<meta charset="utf-8"><title>Mixed café</title><p>café \xe9 cafés'.encode("latin-1")
    page = page.replace(b"caf\xe9", "café".encode())
    assert decode(page).endswith("<title>Mixed café</title><p>café \ufffd cafés")
    undeclared = page.replace(b'<meta charset="utf-8">', b"")
    assert "café \ufffd" not in decode(undeclared)  # with nothing declared, a guess


def test_a_mixed_page_is_the_charset_it_declares() -> None:
    # A UTF-8 menu over a cp1252 story: the story's letters became U+FFFD (review).
    menu = "<nav>" + "Home \u2014 News " * 30 + "</nav>"
    story = "<p>Le café à Besançon".encode("cp1252")
    page = b'<meta charset="windows-1252">' + menu.encode() + story
    assert decode(page).endswith("<p>Le café à Besançon")


def test_undeclared_cp1252_is_guessed() -> None:
    text = ("Le café était plein de gens qui parlaient de l’été à Genève, à côté du lac. " * 5)
    assert decode(text.encode("cp1252")) == text


def test_binary_raises() -> None:
    with pytest.raises(DecodeError):
        decode(bytes(range(32)) * 64)


def test_unknown_declared_label_is_ignored() -> None:
    assert declared_encoding(b'<meta charset="klingon-8">') is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", True),
        ("<html><p>x</p></html>", True),
        ("<div><p>One</p><p>Two</p></div>", True),
        ("Title\n\nA story about <p> tags.", False),
        ("Title\n\nPlain text only.", False),
    ],
    ids=["doctype", "html-tag", "fragment", "dump-quoting-a-tag", "dump"],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_utf8_bytes_under_a_stale_latin1_declaration() -> None:
    html = f'<meta charset="iso-8859-1"><p>{TEXT}'
    assert decode(html.encode("utf-8")) == html


def test_bytes_compressed_twice_are_said_so() -> None:
    # A .html.gz of a .html.gz said "no encoding fits these 2026 bytes" (QA).
    with pytest.raises(DecodeError, match=r"^the bytes are gzip-compressed \(compressed twice\?\)"):
        decode(gzip.compress(b"<html><body><p>A story.</p></body></html>"))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> stream\x00\x01\x9c", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "a GIF image"),
    ],
)
def test_a_document_or_image_saved_as_a_page_is_said_so(data: bytes, kind: str) -> None:
    # A PDF named .html said "no encoding fits these 1057 bytes" (archivist QA).
    with pytest.raises(DecodeError, match=f"^the bytes are {kind}, not a page$"):
        decode(data * 20)
