"""A card's front and back as Anki renders them: our note type's templates and CSS applied to
the note's fields, byte for byte what `card.question()` / `card.answer()` return.

Only the template syntax our note types use is needed: `{{Field}}`, `{{FrontSide}}`,
`{{#Field}}…{{/Field}}`, `{{^Field}}…{{/Field}}` and `{{cloze:Field}}`. A `[sound:NAME]` is
what Anki's backend makes of it: `[anki:play:q:0]` (side, then place on that side), its file
listed in the side's sounds, as `card.question_av_tags()` lists it; the reviewer draws a play
button in its place (the preview's side.js does). The preview must not
need Anki installed; tests/preview/test_anki_equal.py holds this module to the real backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..apkg.notetypes import model_for
from ..apkg.package import card_ordinals, note_fields
from ..model import Card
from .cloze import reveal

_TAG_RE = re.compile(r"\{\{(.*?)\}\}", re.S)
# Anki's "is this field empty" test for conditionals and card generation.
_EMPTY_RE = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.I)
# The backend's sound tag (rslib text.rs AV_TAGS; the `[anki:tts]` form is never written here).
_SOUND_RE = re.compile(r"\[sound:(.+?)\]", re.S)


@dataclass(frozen=True)
class AnkiCard:
    """One Anki card of a note: its template and both sides, as `card.question()` returns."""

    ordinal: int  # Anki's `card.ord`: template index, or cloze number - 1
    template: str
    question: str  # `<style>CSS</style>` + the front's HTML
    answer: str  # `<style>CSS</style>` + the back's HTML
    css: str  # the note type's CSS (the `<style>` both sides start with)
    question_sounds: tuple[str, ...] = ()  # `[anki:play:q:N]` plays the Nth
    answer_sounds: tuple[str, ...] = ()  # `[anki:play:a:N]` plays the Nth


def play_tags(text: str, side: str) -> tuple[str, tuple[str, ...]]:
    """`text` with each `[sound:NAME]` replaced as the backend replaces it, and the NAMEs."""
    names: list[str] = []

    def tag(m: re.Match[str]) -> str:
        names.append(m.group(1))
        return f"[anki:play:{side}:{len(names) - 1}]"

    return _SOUND_RE.sub(tag, text), tuple(names)


def field_is_empty(text: str) -> bool:
    return bool(_EMPTY_RE.match(text))


@dataclass
class _Context:
    fields: dict[str, str]
    ordinal: int
    front: str | None  # the rendered front on the answer side; None on the question side

    def value(self, tag: str) -> str:
        if tag == "FrontSide":
            return self.front or ""
        *filters, name = tag.split(":")
        text = self.fields.get(name, "")
        if filters == ["cloze"]:
            return reveal(text, self.ordinal + 1, question=self.front is None)
        return text


def _render(template: str, context: _Context) -> str:
    """Render `template`, sections included (they nest: a stack of open sections)."""
    out: list[str] = []
    # Each entry: (field name, whether this section's content is shown).
    sections: list[tuple[str, bool]] = []
    pos = 0
    for m in _TAG_RE.finditer(template):
        showing = all(shown for _, shown in sections)
        if showing:
            out.append(template[pos : m.start()])
        pos = m.end()
        tag = m.group(1).strip()
        if tag[:1] in "#^" and tag[1:]:
            empty = field_is_empty(context.fields.get(tag[1:].strip(), ""))
            sections.append((tag[1:].strip(), empty if tag[0] == "^" else not empty))
        elif tag.startswith("/") and sections and sections[-1][0] == tag[1:].strip():
            sections.pop()
        elif showing:
            out.append(context.value(tag))
    out.append(template[pos:])
    return "".join(out)


def anki_cards(card: Card) -> list[AnkiCard]:
    """Every Anki card the note of `card` becomes, with both sides rendered."""
    model = model_for(card.kind)
    values = note_fields(card)
    fields = dict(zip((f["name"] for f in model.fields), values, strict=True))
    style = f"<style>{model.css}</style>"
    result = []
    for ordinal in card_ordinals(card):  # the cards the package holds
        template = model.templates[0 if card.kind == "cloze" else ordinal]
        front, heard = play_tags(_render(template["qfmt"], _Context(fields, ordinal, None)), "q")
        back, answered = play_tags(_render(template["afmt"], _Context(fields, ordinal, front)), "a")
        sides = (style + front, style + back)
        result.append(AnkiCard(ordinal, template["name"], *sides, model.css, heard, answered))
    return result
