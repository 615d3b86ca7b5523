"""Embeds: images, sounds and videos (`![[img.png|600]]`, `![alt](img/a%20b.png)`,
`![[a.mp3]]`, `![](clip.webm)`), other files (`![[paper.pdf]]`) and notes (`![[Note]]`,
`![[Note#Heading]]`, `![[Note#^block-id]]`).

Files are resolved through the note's `LinkContext`, which packages them under a collision-free
name; the HTML refers to that name: `<img>` for images (an SVG too: as an image it runs no
script, unlike inline `<svg>`), `[sound:…]` for audio and video, which Anki plays. A PDF or
any other file Anki cannot show becomes a link that opens it in Obsidian, and is not packaged.
External `https` image URLs stay as they are; a plain `http` one becomes a link, with a
warning (remote media load over https only, as the sanitizer's rule for raw HTML). A Markdown
"image" whose URL is a video page (the seed layout's `![Question?](https://youtu.be/…)`)
becomes a link with its alt text: an `<img>` of a video URL shows a broken picture.

An embedded note (or its section) is rendered on its own, in a context of its own — so its
images resolve from *its* folder — and inlined as `<div class="transclusion">`. A loop
(`A` embeds `B` embeds `A`) or nesting deeper than the context allows shows the link text and
a warning instead. An embed alone on a line is a block of its own, as in Obsidian: its
paragraph is dropped around the `<div>`, and the source rewrite keeps the lines next to it out
of that paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from posixpath import splitext
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from ...vault.lines import prose_indexes
from .context import LinkContext, context_of, nested_render
from .source import add_rewrite
from .transclusion import find_section, split_target
from .wikilinks import bracket_rule, link_text

IMAGE_EXTS = frozenset(
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif", ".ico", ".tif", ".tiff"]
)
SOUND_EXTS = frozenset(".mp3 .wav .ogg .oga .m4a .flac .opus .aac .webm .mp4 .mov .mkv".split())
MEDIA_EXTS = IMAGE_EXTS | SOUND_EXTS
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "rutube.ru", "vk.com", "dzen.ru")
EMBED_RE = re.compile(r"!\[\[([^\[\]\n]+?)\]\]")
# An embed alone on its line, maybe inside a quote/callout (`> ![[Note]]`).
# Possessive: the space between two `>` fits either side, so backtracking is exponential.
_EMBED_LINE_RE = re.compile(r"^(?P<quote>(?:[ ]{0,3}>[ ]?)*+)" + EMBED_RE.pattern + r"[ \t]*$")
_SIZE_RE = re.compile(r"^\s*(\d+)\s*(?:x\s*(\d+))?\s*$")


def size(spec: str) -> dict[str, str]:
    """`width` (and `height`) for Obsidian's `|600` / `|600x400`; none otherwise."""
    m = _SIZE_RE.match(spec)
    if not m:
        return {}
    return {"width": m.group(1), **({"height": m.group(2)} if m.group(2) else {})}


def img(src: str, alt: str, **attrs: str) -> str:
    """An `<img>`, attributes in name order (as earlier decks wrote them)."""
    shown = {"src": src, "alt": alt, **{k: v for k, v in attrs.items() if v}}
    return "<img" + "".join(f' {k}="{escapeHtml(v)}"' for k, v in sorted(shown.items())) + ">"


def _ext(name: str) -> str:
    return splitext(name.split("#")[0])[1].casefold()


def isolate_embed_lines(lines: list[str]) -> list[str]:
    """Blank lines (in the same quote) around a note embed alone on its line: Obsidian shows
    `text` + newline + `![[Note]]` as two blocks. Images and sounds stay inline."""
    isolate = set()
    for i in prose_indexes(lines):
        m = _EMBED_LINE_RE.match(lines[i])
        if m and _ext(m.group(2).partition("|")[0].strip()) not in MEDIA_EXTS:
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


def _resolved(token: Token, env: EnvType) -> dict[str, str]:
    return {"html": _embed_html(token.content, token.markup, env)}


def _embed_html(inner: str, source: str, env: EnvType) -> str:
    """The HTML of `![[inner]]`, resolved now (at parse time) so that a transclusion's `<div>`
    is known before paragraphs are laid out."""
    target, _, option = inner.partition("|")
    target = target.strip()
    ext = _ext(target)
    context = context_of(env)
    if ext not in MEDIA_EXTS:
        note_name, anchor = split_target(target)
        found = context.note(note_name)
        if found is not None:
            return _transclude(context, env, found, anchor, inner, source)
        if not ext or ext == ".md":
            context.warn(
                "missing-note",
                f"embedded note not found in the vault: {target!r}; check the name",
                source,
            )
    shown = option.strip() if option.strip() and not _SIZE_RE.match(option) else ""
    if ext and ext not in MEDIA_EXTS and ext != ".md":
        return attachment(context, target, shown, wikilink=True)
    # A missing note was reported above: not again as a missing file.
    name = context.media(target.split("#")[0], wikilink=True) if ext not in ("", ".md") else None
    if name is None:
        cls = "missing-embed" if ext else "embed"
        return f'<span class="{cls}">{escapeHtml(shown or target)}</span>'
    if ext in IMAGE_EXTS:
        return img(name, "", **size(option))
    return sound(name)


def sound(name: str) -> str:
    """What Anki plays: audio, and video too (Anki desktop and AnkiDroid play both from
    `[sound:…]`; an `<audio>`/`<video>` element is what AnkiMobile cannot play)."""
    return f"[sound:{escapeHtml(name)}]"


def attachment(context: LinkContext, target: str, text: str, *, wikilink: bool) -> str:
    """A PDF (or any file Anki cannot show inline): a link that opens it in Obsidian, named
    by `text` or its file name, like the Source field's link to the note. Nothing is
    packaged: Anki could not open it."""
    url = context.attachment(target.split("#")[0], wikilink=wikilink)
    name = text or unquote(target).rsplit("/", 1)[-1]
    if url is None:
        return f'<span class="missing-embed">{escapeHtml(name)}</span>'
    return f'<a class="attachment" href="{escapeHtml(url)}">{escapeHtml(name)}</a>'


def _transclude(
    context: LinkContext,
    env: EnvType,
    found: tuple[str, str],
    anchor: str,
    inner: str,
    source: str,
) -> str:
    rel, body = found
    fallback = f'<span class="embed">{escapeHtml(link_text(inner))}</span>'
    section = find_section(body, anchor)
    if section is None:
        context.warn(
            "missing-section",
            f"{rel} has no heading or block {anchor!r} for {source}; check the link",
            source,
        )
        return fallback
    embedded = context.embedded(rel, anchor, source)
    render = nested_render(env)
    if embedded is None or render is None:
        return fallback
    return f'<div class="transclusion">\n{render(section[1], embedded)}\n</div>'


def render_embed(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    html: str = tokens[idx].meta["html"]
    return html


def unwrap_blocks(state: StateCore) -> None:
    """A paragraph holding only a transclusion's `<div>` is no paragraph: `<p><div>` is not
    HTML a browser keeps."""
    tokens = state.tokens
    for i in range(1, len(tokens) - 1):
        inline = tokens[i]
        if inline.type != "inline" or tokens[i - 1].type != "paragraph_open":
            continue
        children = [c for c in inline.children or [] if c.type != "softbreak"]
        alone = len(children) == 1 and children[0].type == "obsidian_embed"
        if alone and children[0].meta["html"].startswith("<div"):
            inline.children = children
            tokens[i - 1].hidden = tokens[i + 1].hidden = True


def render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """`![alt](src)`: vault files → package names, video pages → links, sizes from `alt|600`."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    alt_text, _, option = alt.partition("|")
    attrs = size(option) if option else {}
    if not attrs:
        alt_text = alt
    attrs["title"] = str(token.attrGet("title") or "")
    url = urlsplit(src)
    if url.scheme in ("http", "https"):
        host = url.hostname or ""
        page = host.endswith(VIDEO_HOSTS) or bool(
            _ext(url.path) and _ext(url.path) not in IMAGE_EXTS
        )
        if not page and url.scheme == "http":  # readable and changeable on the way
            context_of(env).warn(
                "http-image",
                f"image {src!r} is plain http; shown as a link — remote images load over "
                "https only: write https:// if the site has it, or save the image in the vault",
                src,
            )
        if page or url.scheme == "http":
            return f'<a href="{escapeHtml(src)}">{escapeHtml(alt_text or src)}</a>'
        return img(src, alt_text, **attrs)
    if url.scheme == "data":
        return img(src, alt_text, **attrs)
    ext = _ext(unquote(url.path))
    if ext and ext not in MEDIA_EXTS and ext != ".md":
        return attachment(context_of(env), src, alt_text, wikilink=False)
    name = context_of(env).media(src, wikilink=False)
    if name is None:
        return f'<span class="missing-embed">{escapeHtml(alt_text or src)}</span>'
    return sound(name) if ext in SOUND_EXTS else img(name, alt_text, **attrs)


def plugin(md: MarkdownIt) -> None:
    add_rewrite(md, "obsidian_embed_lines", isolate_embed_lines, "![[")
    embed = bracket_rule("![[", EMBED_RE, "obsidian_embed", _resolved)
    md.inline.ruler.before("image", "obsidian_embed", embed)
    md.core.ruler.after("inline", "obsidian_embed_blocks", unwrap_blocks)
    md.add_render_rule("obsidian_embed", render_embed)
    md.add_render_rule("image", render_image)
