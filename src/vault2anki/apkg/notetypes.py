"""The Anki note types. Their ids and field/template names are frozen (docs/anki-import.md,
rule 3): changing them makes every existing user's import log "conflicting" and their edits
stop arriving. CSS and template HTML may change freely.

All three types share one shape — (main text, second text, Source) — so the package writes any
card as `[card.question, card.answer, source]` and only the model differs by `Card.kind`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache

import genanki

from ..cards.identity import BASIC_MODEL_ID, CLOZE_MODEL_ID, REVERSED_MODEL_ID
from .styles import card_css

# Field names, frozen. Source: the vault-relative path, linked to open the note in Obsidian.
BASIC_FIELDS = ("Question", "Answer", "Source")

# Frozen. The same fields as Basic on purpose: a card can move between the two with Anki's
# "Change Note Type" without mapping, and the templates read alike.
#   Question — front of card 1, back of card 2 (the vault's question, or SR `Q` of `Q:::A`)
#   Answer   — back of card 1, front of card 2; card 2 is only made when Answer is not empty
#   Source   — vault-relative path of the note, linked to open it in Obsidian (where to edit)
REVERSED_FIELDS = ("Question", "Answer", "Source")
REVERSED_TEMPLATES = ("Card 1", "Card 2")

# Frozen. Anki's own cloze type has Text + Back Extra; ours adds Source like the others.
#   Text   — the Markdown paragraph with {{c1::…}} deletions (`==x==` converted), one card per cN
#   Extra  — shown under the revealed text. Empty from the Spaced Repetition syntax today; it
#            exists because a field can never be added later (docs/anki-import.md rule 3),
#            and an explanation under a cloze (a note's answer section, the card's heading
#            context) is the first thing a cloze layout grows.
#   Source — as in Basic
CLOZE_FIELDS = ("Text", "Extra", "Source")
CLOZE_TEMPLATES = ("Cloze",)

_SOURCE = '<div class="source">{{Source}}</div>'


@cache
def basic_model() -> genanki.Model:
    return genanki.Model(
        BASIC_MODEL_ID,
        "vault2anki Basic",
        fields=[{"name": name} for name in BASIC_FIELDS],
        templates=[
            {
                "name": "Card 1",
                "qfmt": '<div class="question">{{Question}}</div>',
                "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>\n'
                '<div class="source">{{Source}}</div>',
            }
        ],
        css=card_css(),
    )


@cache
def reversed_model() -> genanki.Model:
    card1, card2 = REVERSED_TEMPLATES
    return genanki.Model(
        REVERSED_MODEL_ID,
        "vault2anki Basic (and reversed card)",
        fields=[{"name": name} for name in REVERSED_FIELDS],
        templates=[
            {
                "name": card1,
                "qfmt": '<div class="question">{{Question}}</div>',
                "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>\n'
                + _SOURCE,
            },
            {
                "name": card2,
                "qfmt": '<div class="question">{{Answer}}</div>',
                "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Question}}</div>\n'
                + _SOURCE,
            },
        ],
        css=card_css(),
    )


@cache
def cloze_model() -> genanki.Model:
    return genanki.Model(
        CLOZE_MODEL_ID,
        "vault2anki Cloze",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[
            {
                "name": CLOZE_TEMPLATES[0],
                "qfmt": '<div class="question">{{cloze:Text}}</div>',
                "afmt": '<div class="question">{{cloze:Text}}</div>\n'
                '{{#Extra}}<hr id="answer">\n<div class="answer">{{Extra}}</div>{{/Extra}}\n'
                + _SOURCE,
            }
        ],
        css=card_css(),
        model_type=genanki.Model.CLOZE,
    )


KINDS: dict[str, Callable[[], genanki.Model]] = {
    "basic": basic_model,
    "reversed": reversed_model,
    "cloze": cloze_model,
}


def model_for(kind: str) -> genanki.Model:
    """The note type of a card kind (`Card.kind`); unknown kinds are a programming error."""
    return KINDS[kind]()


def notetype_digests() -> list[tuple[int, str]]:
    """(id, hash of fields, templates and CSS) per note type: a change must reach Anki."""
    digests = []
    for factory in KINDS.values():
        # A fresh instance, not the cached one: genanki fills in field and template defaults
        # (ord, font, …) on a model it writes, and the digest must not depend on whether this
        # process wrote a package before (a second export in one process restamped the lock).
        model = factory.__wrapped__()  # type: ignore[attr-defined]
        spec = json.dumps([model.fields, model.templates, model.css], sort_keys=True)
        digests.append((model.model_id, hashlib.sha256(spec.encode()).hexdigest()[:16]))
    return digests
