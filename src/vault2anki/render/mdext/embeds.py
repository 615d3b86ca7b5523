"""Embeds: images and sounds (`![[img.png|600]]`, `![alt](img/a%20b.png)`, `![[a.mp3]]`) and
notes (`![[Note]]`, `![[Note#Heading]]`, `![[Note#^block-id]]`).

Files are resolved through the note's `LinkContext`, which packages them under a collision-free
name; the HTML refers to that name. External `https` image URLs stay as they are; a plain
`http` one becomes a link, with a warning (remote media load over https only, as the
sanitizer's rule for raw HTML). A Markdown "image" whose URL is a video page (the seed
layout's `![Question?](https://youtu.be/…)`) becomes a link with its alt text: an `<img>` of a
video URL shows a broken picture.

An embedded note (or its section) is rendered on its own, in a context of its own — so its
images resolve from *its* folder — and inlined as `<div class="transclusion">`. A loop
(`A` embeds `B` embeds `A`) or nesting deeper than the context allows shows the link text and
a warning instead. An embed alone on a line is moved into a paragraph of its own first, so the
`<div>` never lands inside a `<p>`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from posixpath import splitext
from typing import Any
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ...vault.lines import prose_indexes
from .context import ContextSlot, LinkContext
from .transclusion import find_section, split_target
from .wikilinks import link_inner, link_text

IMAGE_EXTS = frozenset(
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif", ".ico", ".tif", ".tiff"]
)
SOUND_EXTS = frozenset(
    [
        ".mp3",
        ".wav",
        ".ogg",
        ".oga",
        ".m4a",
        ".flac",
        ".opus",
        ".aac",
        ".webm",
        ".mp4",
        ".mov",
        ".mkv",
    ]
)
MEDIA_EXTS = IMAGE_EXTS | SOUND_EXTS
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "rutube.ru", "vk.com", "dzen.ru")
EMBED_RE = r"!\[\[([^\[\]\n]+?)\]\]"
# An embed alone on its line, maybe inside a quote/callout (`> ![[Note]]`).
# Possessive: the space between two `>` fits either side, so backtracking is exponential.
_EMBED_LINE_RE = re.compile(r"^(?P<quote>(?:[ ]{0,3}>[ ]?)*+)" + EMBED_RE + r"[ \t]*$")
_SIZE_RE = re.compile(r"^\s*(\d+)\s*(?:x\s*(\d+))?\s*$")


def _size(attrs: dict[str, str], spec: str) -> bool:
    """Apply Obsidian's `|600` / `|600x400` size; False when `spec` is not a size."""
    m = _SIZE_RE.match(spec)
    if not m:
        return False
    attrs["width"] = m.group(1)
    if m.group(2):
        attrs["height"] = m.group(2)
    return True


def _ext(name: str) -> str:
    return splitext(name.split("#")[0])[1].casefold()


class EmbedProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, slot: ContextSlot) -> None:
        super().__init__(pattern, md)
        self.slot = slot

    def handleMatch(  # type: ignore[override]
        self, m: Any, data: str
    ) -> tuple[etree.Element | str, int, int]:
        inner = link_inner(self, m.group(1))
        target, _, option = inner.partition("|")
        target = target.strip()
        ext = _ext(target)
        context = self.slot.current
        if ext not in MEDIA_EXTS:
            note_name, anchor = split_target(target)
            found = context.note(note_name)
            if found is not None:
                html = self._transclude(context, found, anchor, inner, m.group(0))
                return html, m.start(0), m.end(0)
            if not ext or ext == ".md":
                context.warn(
                    "missing-note",
                    f"embedded note not found in the vault: {target!r}; check the name",
                    m.group(0),
                )
        name = context.media(target.split("#")[0], wikilink=True) if ext else None
        el: etree.Element
        if name is None:
            el = etree.Element("span", {"class": "missing-embed" if ext else "embed"})
            el.text = option.strip() if option.strip() and not _SIZE_RE.match(option) else target
        elif ext in IMAGE_EXTS:
            # marked so the image tree-processor leaves this already-resolved <img> alone
            el = etree.Element("img", {"src": name, "alt": "", "data-v2a": "1"})
            _size(el.attrib, option)
        elif ext in SOUND_EXTS:
            return self.md.htmlStash.store(f"[sound:{name}]"), m.start(0), m.end(0)
        else:  # a PDF or other attachment: name it, Anki cannot show it inline
            el = etree.Element("span", {"class": "attachment"})
            el.text = target.rsplit("/", 1)[-1]
        return el, m.start(0), m.end(0)

    def _transclude(
        self, context: LinkContext, found: tuple[str, str], anchor: str, inner: str, source: str
    ) -> etree.Element | str:
        """The embedded note or section rendered (stashed as raw HTML), else its link text."""
        rel, body = found
        fallback = etree.Element("span", {"class": "embed"})
        fallback.text = link_text(inner)
        section = find_section(body, anchor)
        if section is None:
            context.warn(
                "missing-section",
                f"{rel} has no heading or block {anchor!r} for {source}; check the link",
                source,
            )
            return fallback
        embedded = context.embedded(rel, anchor, source)
        if embedded is None:
            return fallback
        html = self.slot.render(section[1], embedded)
        return self.md.htmlStash.store(f'<div class="transclusion">\n{html}\n</div>')


class EmbedLinePreprocessor(Preprocessor):
    """Give a note embed that is alone on its line a paragraph of its own.

    Obsidian shows `text` + newline + `![[Note]]` as two blocks; Python-Markdown would make one
    paragraph of them, and the embedded note's `<div>` would land inside a `<p>`. Images and
    sounds stay inline as they were; lines inside fenced code and indented lines are left alone.
    """

    def run(self, lines: list[str]) -> list[str]:
        isolate = set()
        for i in prose_indexes(lines):
            m = _EMBED_LINE_RE.match(lines[i])
            if m and _ext(m.group(1).partition("|")[0].strip()) not in MEDIA_EXTS:
                isolate.add(i)
        if not isolate:
            return lines
        out: list[str] = []
        for i, line in enumerate(lines):
            if i not in isolate:
                out.append(line)
                continue
            quote = _EMBED_LINE_RE.match(line).group("quote").rstrip()  # type: ignore[union-attr]
            if out and out[-1].strip() not in ("", quote):
                out.append(quote)
            out.append(line)
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if following not in ("", quote) and i + 1 not in isolate:
                out.append(quote)
        return out


class ImageTreeprocessor(Treeprocessor):
    """Rewrite `<img>` from Markdown syntax: vault files → package names, video URLs → links."""

    def __init__(self, md: Markdown, slot: ContextSlot) -> None:
        super().__init__(md)
        self.slot = slot

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, img in enumerate(list(parent)):
                if img.tag == "img" and "data-v2a" not in img.attrib:
                    self._rewrite(parent, index, img)
                img.attrib.pop("data-v2a", None)

    def _rewrite(self, parent: etree.Element, index: int, img: etree.Element) -> None:
        src = img.get("src", "")
        alt = img.get("alt", "")
        alt_text, _, option = alt.partition("|")
        if option and _size(img.attrib, option):
            img.set("alt", alt_text)
        url = urlsplit(src)
        if url.scheme in ("http", "https"):
            host = url.hostname or ""
            page = host.endswith(VIDEO_HOSTS) or (
                _ext(url.path) and _ext(url.path) not in IMAGE_EXTS
            )
            if not page and url.scheme == "http":  # readable and changeable on the way
                self.slot.current.warn(
                    "http-image",
                    f"image {src!r} is plain http; shown as a link — remote images load over "
                    "https only: write https:// if the site has it, or save the image in the vault",
                    src,
                )
            if page or url.scheme == "http":
                link = etree.Element("a", {"href": src})
                link.text = alt_text or src
                link.tail = img.tail
                parent[index] = link
            return
        if url.scheme == "data":
            return
        name = self.slot.current.media(src, wikilink=False)
        if name is None:
            span = etree.Element("span", {"class": "missing-embed"})
            span.text = alt_text or src
            span.tail = img.tail
            parent[index] = span
        else:
            img.set("src", name)


class EmbedExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"slot": [ContextSlot(), "ContextSlot giving the note being rendered"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers:

        - inline pattern `obsidian_embed` at 183: just above `obsidian_wikilink` (182) so
          `![[x]]` is not read as `!` + `[[x]]`, below `obsidian_math` (185) and `backtick`;
        - preprocessor `obsidian_embed_lines` at 26.5: after `obsidian_blocks` (27) and
          `obsidian_comments` (29, a commented-out embed is gone), before superfences'
          `fenced_code_block` (25) and `html_block` (20) see the lines;
        - treeprocessor `obsidian_images` at 16: after `inline` (20), when Markdown images exist
          as `<img>` elements, and before footnotes' `footnote-duplicate` (15).
        """
        md.registerExtension(self)
        slot = self.getConfig("slot")
        md.inlinePatterns.register(EmbedProcessor(EMBED_RE, md, slot), "obsidian_embed", 183)
        md.preprocessors.register(EmbedLinePreprocessor(md), "obsidian_embed_lines", 26.5)
        md.treeprocessors.register(ImageTreeprocessor(md, slot), "obsidian_images", 16)


def makeExtension(**kwargs: Any) -> EmbedExtension:
    return EmbedExtension(**kwargs)
