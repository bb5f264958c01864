"""Data is text: values from the graph, the address bar or a search box written into Markdown.

Streamlit renders labels, captions, headers and `st.markdown` as Markdown (with its own
directives: `:red[…]`, `:material/…:`, `$…$` for LaTeX). A name or description imported from a
STIX bundle or a YAML file must not become a link, an image the browser fetches (a tracking
beacon), a heading or a coloured badge. Every value from the data goes through `md` (one line)
or `md_block` (paragraphs) before it is put into Markdown; links are made only by `link`, and
only from a field that is an http(s) URL.

Escaping is CommonMark's backslash escape, so the page shows exactly the characters the data
holds; `plain` undoes it (what the reader sees), for tests.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

# Characters that open Markdown or Streamlit markup anywhere in a line: emphasis, code, links
# and images, HTML and autolinks, strikethrough, LaTeX, directives and icons (`:`, which also
# breaks `http://` autolinks), tables, entities, e-mail autolinks.
_INLINE = re.compile(r"([\\`*_\[\]<>!~$:|&@#{}])")
# Streamlit's renderer also turns URL-like *text* into links after parsing (GFM autolink
# literals: `http://…`, `www.…`, `name@host.tld`), escaped or not. A WORD JOINER (U+2060,
# invisible) before the scheme or `www.` and before `@` stops it: a literal is only linked
# after a space or punctuation, and an address needs the `@` right after its name. Icons
# (`:material/warning:`) and emoji shortcodes (`:smile:`) are also found in the text after
# parsing: a joiner after the colon stops them.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(https?:|www\.|@)")
_SHORTCODE = re.compile(r":(?=\w)")
# Block markup is only recognised at the start of a line: lists, quotes, headings, rules,
# setext underlines, ordered lists ("1." / "1)").
_LINE_START = re.compile(r"^(\s*)([-+=])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _escape(text: str) -> str:
    text = _AUTOLINK.sub(JOINER + r"\1", text)
    text = _SHORTCODE.sub(":" + JOINER, text)
    text = _INLINE.sub(r"\\\1", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    return _LINE_START.sub(r"\1\\\2", text)


def md(value: Any) -> str:
    """A value as one line of Markdown text: markup escaped, line breaks made spaces.

    Example:
        st.markdown(f"**{text.md(row['name'])}**")
    """
    if value is None:
        return ""
    return _escape(" ".join(str(value).split()))


def md_block(value: Any) -> str:
    """A value as Markdown paragraphs: markup escaped, its line breaks kept."""
    if value is None:
        return ""
    lines = [line.strip() for line in str(value).replace("\r\n", "\n").split("\n")]
    return _escape("\n".join(lines))


def code(value: Any) -> str:
    """A value as an inline code span, whatever backticks it holds (CommonMark's rule: a
    fence longer than any run of backticks inside)."""
    body = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def web_url(value: Any) -> str | None:
    """The value as a link target when it is an http(s) URL with a host, else None; characters
    that would end a Markdown link (spaces, brackets, parentheses) percent-encoded."""
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if any(ord(c) < 0x20 or c == "\x7f" for c in raw):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(raw, safe="/:?#=&%+,;@!$*'~.-_")


def link(title: Any, url: Any) -> str:
    """A Markdown link from a URL field (http/https only); the title alone otherwise."""
    target = web_url(url)
    label = md(title) or md(url)
    return f"[{label}]({target})" if target else label


def plain(markdown: str) -> str:
    """The text a reader sees for escaped Markdown (backslash escapes and joiners undone)."""
    return _ESCAPED.sub(r"\1", markdown).replace(JOINER, "")
