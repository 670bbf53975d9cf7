from __future__ import annotations

import pytest

from scrapers.dom import class_and_id, parse, remove, select, text_of


@pytest.mark.parametrize(
    "html", ["", "<?xml version='1.0' encoding='utf-8'?><html><p>x</p></html>", "<<<>>>"],
    ids=["empty", "xml-declaration", "garbage"],
)
def test_parse_never_fails(html: str) -> None:
    assert parse(html).tag == "html"


def test_text_nested_deeper_than_libxml2s_default_limit_is_kept() -> None:
    # Past 255 unclosed tags, libxml2 dropped the rest of the page: its story came out empty.
    root = parse("<body>" + "<font>" * 300 + "<p>Otters were counted.</p></body>")
    assert "Otters were counted." in text_of(root)


@pytest.mark.parametrize("tag", ["<div>", "<font size=2>", "<span class=x>"])
def test_text_nested_deeper_than_a_huge_tree_is_kept(tag: str) -> None:
    # libxml2 stops even a huge tree at 2,048 levels: the story after them was lost (QA).
    root = parse("<body>" + tag * 2_500 + "<p>Otters were counted.</p></body>")
    assert "Otters were counted." in text_of(root)


def test_remove_keeps_tail() -> None:
    root = parse("<p>a<span>b</span>c</p>")
    remove(root.find(".//span"))
    assert text_of(root.find(".//p")) == "ac"


@pytest.mark.parametrize(
    ("selector", "ids"),
    [("div", ["a", "b"]), (".x", ["a"]), ("#b", ["b"]), ('[itemprop="articleBody"]', ["b"]),
     ("div.x.y", ["a"]), (".x, #b", ["a", "b"]), ("[itemprop]", ["b"])],
    ids=["tag", "class", "id", "attr-value", "compound", "list", "attr"],
)
def test_select(selector: str, ids: list[str]) -> None:
    root = parse('<div class="x y" id="a"></div><div id="b" itemprop="articleBody"></div>')
    assert [el.get("id") for el in select(root, selector)] == ids


def test_select_rejects_what_it_cannot_do() -> None:
    with pytest.raises(ValueError):
        select(parse("<p>x</p>"), "div > p")


def test_class_and_id_give_the_data_component_too() -> None:
    # BBC names its parts only there (QA s15).
    el = parse('<div class="x1" data-component="byline-block">').find(".//div")
    assert class_and_id(el) == "x1 byline-block"
