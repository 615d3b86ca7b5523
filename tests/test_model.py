"""Card.but: the fast `dataclasses.replace` the spool and the lock use on every card."""

from __future__ import annotations

from dataclasses import replace

import pytest

from vault2anki.model import Card


def _card() -> Card:
    return Card("g1", "Deck", "<p>Q</p>", "<p>A</p>", "a.md", ("t",), (), 5, fingerprint=("x", "y"))


def test_but_equals_replace() -> None:
    card = _card()
    for changes in ({"guid": "g2", "mod": 9}, {"question": "", "answer": "", "row": 3}, {}):
        changed = card.but(**changes)
        assert changed == replace(card, **changes)
        assert changed.row == changes.get("row", 0)
        assert changed is not card
    assert card.guid == "g1" and card.question == "<p>Q</p>"  # the original is untouched


def test_but_refuses_what_is_not_a_field() -> None:
    with pytest.raises(TypeError, match="'nope'"):
        _card().but(nope=1)


def test_but_keeps_the_card_frozen() -> None:
    changed = _card().but(mod=7)
    with pytest.raises(AttributeError):
        changed.mod = 8  # type: ignore[misc]
    assert hash(changed) == hash(replace(_card(), mod=7))
