"""The Anki note types. Their ids and field/template names are frozen (GUIDE.md §1): changing
them makes every existing user's import log "conflicting" and their edits stop arriving.
CSS and template HTML may change freely.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

import genanki

from .identity import BASIC_MODEL_ID
from .styles import card_css

# Field names, frozen. Source is the vault-relative path (with a link back to Obsidian later).
BASIC_FIELDS = ("Question", "Answer", "Source")


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


def notetype_digests() -> list[tuple[int, str]]:
    """(id, hash of fields, templates and CSS) per note type: a change must reach Anki."""
    digests = []
    for model in (basic_model(),):
        spec = json.dumps([model.fields, model.templates, model.css], sort_keys=True)
        digests.append((model.model_id, hashlib.sha256(spec.encode()).hexdigest()[:16]))
    return digests
