"""The HTML tree: parsing with lxml, and the few element helpers the stages share.

lxml is used directly rather than through bs4 because extraction speed is a target (issue 4:
three times trafilatura's pages/s) and bs4's tree costs about five times lxml's to build and
walk. lxml ships no type hints, so this module is the one place that imports it; elsewhere an
element is the opaque ``Element`` alias.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

#: An lxml HTML element (lxml has no type stubs; see the module docstring).
Element = Any

# Plain etree elements: lxml.html's HtmlElement classes cost a Python lookup per element
# visited (about 15% of extraction time on dev), and nothing here needs their methods. A huge
# tree: without it libxml2 drops what is nested more than 255 deep, so a page with that many
# unclosed <font> tags before its story came out empty (QA).
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
# lxml refuses str input that carries an XML encoding declaration; it is meaningless once decoded.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# Control characters are not text; lxml's parser keeps them but refuses them when text is
# moved between nodes, so they are cut from the text that moves (not from whole pages: that
# scan cost 10% of extraction time on dev).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse(html: str) -> Element:
    """Parse a page into its ``<html>`` element; an empty or unparsable page gives an empty one.

    >>> parse("<p>Hello</p>").tag
    'html'
    """
    html = _XML_DECLARATION.sub("", html, count=1)
    root = _parsed(html)
    if root is not None and _too_deep():
        # Even a huge tree stops at 2,048 levels, and what is deeper was lost: the story after
        # 2,100 unclosed <div> or <font> tags (QA). Without the tags that only group or style
        # text, the text is all there, if less well laid out.
        root = _parsed(_GROUPING_TAGS.sub("", html))
    if root is None:
        root = etree.fromstring("<html><body></body></html>", parser=_PARSER)
    return root


#: Tags that group or style text, which pages leave unclosed by the thousand.
_GROUPING_TAGS = re.compile(
    r"</?(?:div|span|font|b|i|u|s|em|strong|small|big|center|section|blockquote|a|table|tbody|"
    r"thead|tr|td|th)\b[^>]*>",
    re.IGNORECASE,
)


def _parsed(html: str) -> Element | None:
    try:
        return etree.fromstring(html, parser=_PARSER) if html.strip() else None
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _too_deep() -> bool:
    """Whether the last parse stopped at libxml2's limit on nesting."""
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in _PARSER.error_log)


def text_of(el: Element) -> str:
    """All the text inside an element, as one string."""
    return str(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def class_and_id(el: Element) -> str:
    """An element's class and id attributes joined, for matching hint words, and its
    ``data-component``, which names it on pages whose classes are generated (QA s15: BBC's
    "ssrcss-68pt20-Text" in a "byline-block").

    camelCase names are also given split at their humps, so that word rules see
    ``InlineImage-imageEmbedCaption`` as ``Inline Image-image Embed Caption`` too.

    >>> class_and_id(parse('<p class="InlineImage" id="x">').find(".//p"))
    'InlineImage x Inline Image x'
    """
    get = el.get
    names = " ".join(filter(None, (get("class"), get("id"), get("data-component"))))
    return _with_humps(names) if names else ""


@lru_cache(maxsize=4096)
def _with_humps(names: str) -> str:
    # Pages repeat the same class strings many times: split each distinct one once.
    split = _CAMEL_HUMP.sub(" ", names)
    return names if split == names else f"{names} {split}"


_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")


def strip_elements(root: Element, tags: tuple[str, ...]) -> None:
    """Remove every element with one of these tags, keeping the text that follows each."""
    etree.strip_elements(root, *tags, with_tail=False)


def remove(el: Element) -> None:
    """Remove an element and everything inside it, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        # lxml refuses to set control characters, though its parser keeps them.
        prev = el.getprevious()
        if prev is not None:
            prev.tail = _CONTROL_CHARS.sub("", (prev.tail or "") + tail)
        else:
            parent.text = _CONTROL_CHARS.sub("", (parent.text or "") + tail)
    parent.remove(el)


# One compound selector: an optional tag, then .class, #id and [attr="value"] parts.
_SELECTOR_PART = re.compile(r"""([.#])([-\w]+)|\[([-\w:]+)(?:=["']?([^"'\]]*)["']?)?\]""")
_SELECTOR_TAG = re.compile(r"^[a-zA-Z][\w-]*|^\*")


def select(root: Element, selector: str) -> list[Element]:
    """Elements under ``root`` matching a simple CSS selector (comma-separated compounds).

    Only what site rules need: ``tag``, ``.class``, ``#id``, ``[attr]``, ``[attr="value"]``
    and their combinations, without descendant combinators; it is translated to XPath once
    and run by libxml2. (cssselect would be one more dependency for this.)

    >>> [e.get("id") for e in select(parse('<div class="a b" id="x"></div>'), "div.b, #y")]
    ['x']
    """
    return list(_xpath(selector)(root))


def compile_xpath(expression: str) -> Any:
    """A compiled XPath query: call it with an element to get the matching elements."""
    return etree.XPath(expression)


@lru_cache(maxsize=256)
def _xpath(selector: str) -> Any:
    compounds = [_compile(part.strip()) for part in selector.split(",") if part.strip()]
    return etree.XPath(" | ".join(f"descendant-or-self::{c}" for c in compounds))


def _compile(compound: str) -> str:
    tag_match = _SELECTOR_TAG.match(compound)
    tag = tag_match.group(0).lower() if tag_match and tag_match.group(0) != "*" else "*"
    rest = compound[tag_match.end():] if tag_match else compound
    if "".join(m.group(0) for m in _SELECTOR_PART.finditer(rest)) != rest:
        raise ValueError(f"unsupported selector {compound!r}")
    tests = []
    for kind, name, attr, value in _SELECTOR_PART.findall(rest):
        if kind == ".":
            tests.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')")
        elif kind == "#":
            tests.append(f"@id='{name}'")
        elif value:
            tests.append(f"@{attr}='{value}'")
        else:
            tests.append(f"@{attr}")
    return tag + "".join(f"[{t}]" for t in tests)
