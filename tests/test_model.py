"""One type per card state: a rendered `Card` with its HTML, a `CardRef` without it that says
where its HTML is. Neither changes once made; the lock's copy of every card is a `_replace`."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from vault2anki.model import Card, CardRef, HtmlAt


def _card() -> Card:
    return Card(
        "g1", "Deck", "<p>Q</p>", "<p>A</p>", "a.md", ("t",), (), 5, 3, "0", fingerprint=("x", "y")
    )


def test_a_ref_is_the_card_without_its_html() -> None:
    card = _card()
    ref = CardRef.of(card, 2, (0, 1))
    assert ref.html == HtmlAt("a.md", 2) and ref.ordinals == (0, 1)
    assert ref.rendered(card.question, card.answer, card.source_link) == card
    shared = set(CardRef._fields) - {"html", "ordinals"}
    assert all(getattr(ref, name) == getattr(card, name) for name in shared)
    assert not hasattr(ref, "question") and not hasattr(card, "html")


def test_a_settled_ref_is_a_new_one() -> None:
    ref = CardRef.of(_card(), 0, (0,))
    settled = ref._replace(guid="g2", mod=9)
    assert (settled.guid, settled.mod, ref.guid, ref.mod) == ("g2", 9, "g1", 5)
    assert settled._replace(guid="g1", mod=5) == ref


def test_both_stay_as_made() -> None:
    card, ref = _card(), CardRef.of(_card(), 0, (0,))
    with pytest.raises(FrozenInstanceError):
        card.mod = 8  # type: ignore[misc]
    with pytest.raises(AttributeError):
        ref.mod = 8  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(ref)) == ref and hash(ref) == hash(CardRef.of(card, 0, (0,)))
