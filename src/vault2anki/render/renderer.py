"""Markdown → HTML for card fields, with Obsidian syntax, vault-resolved media and warnings."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote, unquote

from ..cards.identity import file_digest
from ..model import CardSource, MediaFile, NoteFile, Problem, RenderedCard
from ..options import RenderOptions
from ..report import Report
from ..vault.media import package_name
from ..vault.notes import read_note
from ..vault.walk import Vault
from . import engine
from .checks import too_deep
from .images import Optimized
from .imagestore import ImageStore
from .plugins.context import NO_CONTEXT, LinkContext
from .plugins.gfm import unnest_links
from .plugins.transclusion import split_target
from .sanitize import no_math, sanitize_card

# How deep `![[A]]` → `![[B]]` → … may nest; Obsidian itself stops a few levels down.
MAX_EMBED_DEPTH = 5


def obsidian_url(vault_name: str, rel: str) -> str:
    """`obsidian://open` URL of a vault file (a `.md` note without its extension, as Obsidian
    writes them). Everything but letters, digits and `-_.~` is percent-encoded, `/` and `#`
    included: Obsidian reads `Note%23Heading` as a heading of `Note`."""
    file = rel[:-3] if rel.endswith(".md") else rel
    return f"obsidian://open?vault={quote(vault_name, safe='')}&file={quote(file, safe='')}"


def source_html(rel: str, vault_name: str) -> str:
    """The Source field: the note's vault path, linked to open that note in Obsidian."""
    return f'<a href="{escape(obsidian_url(vault_name, rel))}">{no_math(escape(rel))}</a>'


@dataclass
class NoteContext:
    """The `LinkContext` of one card: resolves media and notes inside the vault and reports
    problems to `report`.

    An embedded note gets a context of its own (`embedded`) that shares the card's media,
    notes and report but resolves links from the embedded note's folder.
    """

    vault: Vault
    card: CardSource
    media_found: dict[str, MediaFile] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    options: RenderOptions = field(default_factory=RenderOptions)
    # Vault path → mtime of every note embedded into the card (its content changes with them).
    notes_found: dict[str, int] = field(default_factory=dict)
    # (note, anchor) being rendered, outermost first; anchor None = the card's own section.
    chain: tuple[tuple[str, str | None], ...] = ()
    images: ImageStore | None = None  # --images optimize: where copies are made
    _notes: dict[str, NoteFile | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.chain:
            self.chain = ((self.card.note.rel, None),)

    def media(self, target: str, *, wikilink: bool) -> str | None:
        rel = self._find(target, wikilink)
        if rel is None:
            return None
        path = self.vault.abspath(rel)
        try:
            mtime = int(path.stat().st_mtime)
            # Its name comes from its bytes (vault/media.py): hashed in pieces, once per
            # process and file version (file_digest is memoised; the cache reuses it).
            digest = file_digest(path)
        except OSError:
            self.warn("missing-media", f"cannot read embedded file {target!r}", target)
            return None
        name, packaged = package_name(rel, digest), path
        if self.images is not None:
            try:
                packaged, name, made = self.images.prepare(rel, path, digest)
            except OSError as exc:  # the cache folder cannot take the copy: the original
                problem = (
                    f"cannot store its optimized copy ({exc.strerror or exc}); packaged as it "
                    "is — make the cache folder writable, or pass --no-cache"
                )
                made = Optimized(problem=problem, kind="cache-unusable")
            if made.problem is not None:
                self.warn(made.kind, f"{target!r}: {made.problem}", target)
        self.media_found[name] = MediaFile(name=name, path=packaged, mtime=mtime)
        return name

    def attachment(self, target: str, *, wikilink: bool) -> str | None:
        rel = self._find(target, wikilink)
        vault_name = self.options.vault_name or self.vault.name
        return None if rel is None else obsidian_url(vault_name, rel)

    def _find(self, target: str, wikilink: bool) -> str | None:
        """The vault path of a file the note embeds; None, with a warning, if there is none."""
        note = self.card.note.rel
        if self.vault.escapes(target, note):  # `../` out of the vault, absolute, file://
            self.warn(
                "embed-outside-vault", f"{target!r} points outside the vault; not packaged", target
            )
            return None
        # A Markdown link: its relative path, else Obsidian's by-name lookup, as a wikilink's.
        by_name = target if wikilink else unquote(target).rsplit("/", 1)[-1]
        rel = None if wikilink else self.vault.resolve_path(target, note)
        rel = rel or self.vault.resolve_link(by_name, note)
        if rel is None and (clash := self.vault.link_clash(by_name, note)):
            self.warn(
                "name-clash",
                f"{target!r} could be {' or '.join(map(repr, clash))} (names that differ only in "
                "case); not embedded — write the name exactly as the file you mean",
                target,
            )
            return None
        if rel is None or rel.endswith(".md"):
            self.warn(
                "missing-media",
                f"embedded file not found in the vault: {target!r}; check the name or add the file",
                target,
            )
            return None
        return rel

    def note(self, name: str) -> tuple[str, str] | None:
        here = self.card.note.rel
        rel = self.vault.resolve_link(name, here) if name.strip() else here
        if rel is None or not rel.endswith(".md"):
            return None
        note = self.card.note if rel == here else self._read(rel)
        return None if note is None else (rel, note.body)

    def embedded(self, rel: str, anchor: str, needle: str) -> LinkContext | None:
        shown = " → ".join(r + (f"#{a}" if a else "") for r, a in self.chain)
        if (rel, anchor) in self.chain or (not anchor and any(r == rel for r, _ in self.chain)):
            self.warn(
                "embed-cycle",
                f"{needle} embeds a note that is already being embedded here ({shown}); "
                "shown as a link — remove the loop",
                needle,
            )
            return None
        if len(self.chain) > MAX_EMBED_DEPTH:
            self.warn(
                "embed-too-deep",
                f"{needle} nests embedded notes more than {MAX_EMBED_DEPTH} deep ({shown}); "
                "shown as a link",
                needle,
            )
            return None
        note = self.card.note if rel == self.card.note.rel else self._read(rel)
        if note is None:
            return None
        if rel != self.chain[0][0]:
            self.notes_found[rel] = note.mtime
        source = CardSource(
            note=note,
            key=self.card.key,
            question="",
            answer=note.body,
            line=note.body_line,
            answer_line=note.body_line,
            tags=(),
        )
        return NoteContext(
            self.vault,
            source,
            media_found=self.media_found,
            report=self.report,
            options=self.options,
            notes_found=self.notes_found,
            chain=(*self.chain, (rel, anchor)),
            images=self.images,
            _notes=self._notes,
        )

    def link_url(self, target: str) -> str | None:
        if self.options.links != "obsidian":
            return None
        name, anchor = split_target(target)
        here = self.card.note.rel
        rel = self.vault.resolve_link(name, here) if name else here
        if rel is None:
            return None  # a link to a note not written yet: nothing to open
        url = obsidian_url(self.options.vault_name or self.vault.name, rel)
        return url + quote(f"#{anchor}", safe="") if anchor else url

    def _read(self, rel: str) -> NoteFile | None:
        if rel not in self._notes:
            # Problems of the embedded note itself are reported when it is exported on its own.
            self._notes[rel] = read_note(self.vault.abspath(rel), rel, Report())
        return self._notes[rel]

    @property
    def problems(self) -> list[Problem]:
        """What this card's rendering reported so far."""
        return self.report.problems

    def warn(self, kind: str, message: str, needle: str) -> None:
        self.report.warning(self.card.note.rel, self._line_of(needle), kind, message)

    def _line_of(self, needle: str) -> int:
        """File line of `needle`, searched from the card's answer heading; else the heading."""
        note = self.card.note
        lines = note.body.split("\n")
        start = max(0, self.card.line - note.body_line)
        for order in (range(start, len(lines)), range(0, start)):
            for i in order:
                if needle and needle in lines[i]:
                    return note.body_line + i
        return self.card.line

    def html_line(self, needle: str) -> int | None:
        """File line of raw HTML `needle` (any case) in this card's own text: forward from
        where the answer starts, or back from the heading for the question. None when the
        card's Markdown does not hold it (it came from an embedded note)."""
        card, needle = self.card, needle.lower()
        lines = card.note.body.lower().split("\n")
        if needle in card.answer.lower():
            order: range = range(max(0, card.answer_line - card.note.body_line), len(lines))
        elif needle in card.question.lower():
            order = range(min(len(lines), card.line - card.note.body_line) - 1, -1, -1)
        else:
            return None
        return next((card.note.body_line + i for i in order if needle in lines[i]), None)


# One line of words and plain punctuation, starting with a letter and not ending in a space:
# nothing Markdown or Obsidian syntax could act on (no `_` or other markup characters, no
# `1.` list start, no `&` or `<` needing escapes, no trailing hard break, no URL: that is a
# link, plugins/gfm.py).
PLAIN_LINE_RE = re.compile(r"(?!.*(?:://|www\.))[^\W\d_](?:[^\W_]|[ ?,.'\"()/;:+-])*(?<! )")


class Renderer:
    """The engine (render/engine.py) with this export's options: built once per process, as
    building it costs more than a small note. Rendering keeps no state in it, so an embedded
    note renders with the same engine while the outer field is being rendered."""

    def __init__(
        self, options: RenderOptions | None = None, images: ImageStore | None = None
    ) -> None:
        self.options = options or RenderOptions()
        self.md = engine.markdown(self.options)
        self.images = images  # None: images packaged as they are (--images original)

    def discard(self) -> None:
        """Build the engine afresh (after a render that raised: nothing of it is kept)."""
        self.md = engine.markdown(self.options)

    def context(self, vault: Vault, source: CardSource, report: Report) -> NoteContext:
        """A fresh per-card context carrying this renderer's options."""
        return NoteContext(vault, source, report=report, options=self.options, images=self.images)

    def render(self, text: str, context: LinkContext | None = None) -> str:
        if PLAIN_LINE_RE.fullmatch(text):
            # Most questions are one plain sentence: skip a full conversion (a twelfth of
            # the rendering time). tests/test_render.py checks this equals the full path.
            return "<p>" + text.replace('"', "&quot;") + "</p>"
        return self.convert(text, context)

    def convert(self, text: str, context: LinkContext | None = None) -> str:
        """`text` through the engine (what `render` gives for any text)."""
        env = {"context": context or NO_CONTEXT, "render": self.render}
        return unnest_links(self.md.render(text, env)).rstrip("\n")


# genanki warns with a bare UserWarning, naming no note, about tag names it does not know.
# Without --trusted-html sanitize.py removes them (and says where); with it they are kept on
# purpose and `report_odd_tags` names the card instead.
warnings.filterwarnings(
    "ignore", message="^Field contained the following invalid HTML tags", module=r"genanki\."
)
# A tag name genanki accepts: letters and digits (genanki.Note._INVALID_HTML_TAG_RE).
_TAG_NAME_RE = re.compile(r"<(/?[^\s<>!/]+)")
_PLAIN_TAG_RE = re.compile(r"/?[A-Za-z0-9]+")


def report_odd_tags(html: str, source: CardSource, report: Report) -> None:
    """A warning naming the card for raw HTML tags that Anki's editor does not know."""
    odd = sorted(
        {
            f"<{m.group(1)}>"
            for m in _TAG_NAME_RE.finditer(html)
            if not _PLAIN_TAG_RE.fullmatch(m.group(1))
        }
    )
    if odd:
        report.warning(
            source.note.rel,
            source.line,
            "odd-html",
            "raw HTML tags Anki's editor does not know are kept as written "
            f"({', '.join(odd[:5])}); write them as `code` or escape `<` if they are meant as text",
        )


def render_card(
    renderer: Renderer, vault: Vault, source: CardSource, report: Report
) -> RenderedCard | None:
    """Render one card; a note that breaks the renderer costs that card, never the export.

    Its `mod` is the newest mtime of the note, the files it embeds and the notes it embeds:
    when what Anki would show last changed.
    """
    context = renderer.context(vault, source, report)
    if too_deep(source, report):  # refused up front: rendering would take seconds, then overflow
        return None
    try:
        question = renderer.render(source.question, context)
        answer = renderer.render(source.answer, context)
        if not renderer.options.trusted_html:  # what Anki's web view may run: sanitize.py
            question, answer = sanitize_card(
                question, answer, (source.note.rel, source.line), report, context.html_line
            )
        else:
            report_odd_tags(question + answer, source, report)
    except Exception as exc:
        # The engine and its plugins have no error model of their own; anything they raise is
        # an input they cannot handle. Report and skip the card, and build the engine afresh.
        renderer.discard()
        report.error(
            source.note.rel,
            source.line,
            "render-failed",
            f"cannot render this card ({type(exc).__name__}); simplify the "
            "Markdown around it — the card is skipped",
        )
        return None
    media = tuple(sorted(context.media_found.values(), key=lambda m: m.name))
    return RenderedCard(
        question=question,
        answer=answer,
        media=media,
        mod=max([source.note.mtime, *(m.mtime for m in media), *context.notes_found.values()]),
        source_link=source_html(source.note.rel, renderer.options.vault_name or vault.name),
    )
