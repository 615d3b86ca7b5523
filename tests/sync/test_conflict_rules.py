"""What counts as an edit made in Anki, and how a conflict's diff reads, on plain data (the
real Anki cases are in test_conflicts.py)."""

from __future__ import annotations

import json
from pathlib import Path

from vault2anki.model import Card
from vault2anki.sync.conflicts import DIFF_LINES, LINE_WIDTH, edited_in_anki, field_diffs
from vault2anki.sync.plan import card_digest
from vault2anki.sync.record import NoteRecord, load_state, save_state


def card(answer: str, tags: tuple[str, ...] = ()) -> Card:
    return Card("g", "D", "<p>Q?</p>", answer, "Папка/Pasted image note.md", tags, (), 1)


def info(answer: str, tags: list[str]) -> dict[str, object]:
    fields = {"Question": "<p>Q?</p>", "Answer": answer, "Source": "Папка/Pasted image note.md"}
    return {
        "fields": {name: {"value": v, "order": n} for n, (name, v) in enumerate(fields.items())},
        "tags": tags,
    }


def test_an_edit_needs_both_the_mod_and_the_content_to_move() -> None:
    base = NoteRecord("g", "d1", (1,), "a.md", True, mod=100)
    assert edited_in_anki(base, NoteRecord("g", "d2", (1,), "a.md", True, mod=101))
    # A mod that moved with the same content (a no-op save), or content read differently
    # under the same mod: no edit.
    assert not edited_in_anki(base, NoteRecord("g", "d1", (1,), "a.md", True, mod=101))
    assert not edited_in_anki(base, NoteRecord("g", "d2", (1,), "a.md", True, mod=100))
    # A record from before the mod was kept cannot tell.
    old = NoteRecord("g", "d1", (1,), "a.md", True)
    assert not edited_in_anki(old, NoteRecord("g", "d2", (1,), "a.md", True, mod=101))


def test_the_diff_names_the_field_and_shows_the_text_lines_that_differ() -> None:
    vault = card("<p>Same first.</p>\n<p>Said in the vault.</p>", ("bio",))
    diffs = field_diffs(vault, info("<p>Same first.</p><p>Said in <b>Anki</b>.</p>", ["bio"]))
    assert [(d.name, d.anki, d.vault) for d in diffs] == [
        ("Answer", ["Said in Anki."], ["Said in the vault."])
    ]


def test_markup_only_changes_and_tags_are_shown_too() -> None:
    vault = card("<p>Word</p>", ("Bio", "new"))
    diffs = field_diffs(vault, info("<p><i>Word</i></p>", ["bio"]))
    assert [(d.name, d.anki, d.vault) for d in diffs] == [
        ("Answer", ["<p><i>Word</i></p>"], ["<p>Word</p>"]),
        ("Tags", ["bio"], ["Bio new"]),
    ]
    assert field_diffs(card("<p>x</p>", ("Bio",)), info("<p>x</p>", ["bio"])) == []  # case


def test_a_long_diff_is_cut_short() -> None:
    many = "".join(f"<p>line {n} {'x' * 200}</p>" for n in range(10))
    [diff] = field_diffs(card(many), info("<p>other</p>", []))
    assert len(diff.vault) == DIFF_LINES + 1 and diff.vault[-1] == "… 7 more lines"
    assert all(len(line) <= LINE_WIDTH for line in diff.vault)
    assert diff.vault[0].endswith("…")


def test_a_record_without_mod_loads_with_mod_unknown(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    digest = card_digest(card("<p>A</p>"))
    old = {"format": 1, "notes": {"5": ["g", digest, [6], "a.md", True]}, "media": {}}
    path.write_text(json.dumps(old), encoding="utf-8")
    state = load_state(path)
    assert state.notes[5] == NoteRecord("g", digest, (6,), "a.md", True, 0, "")
    assert state.notes[5].synced == digest
    state.notes[5] = NoteRecord("g", digest, (6,), "a.md", True, 1796357320, "vault-digest")
    save_state(path, state)
    assert load_state(path).notes[5].synced == "vault-digest"
    assert load_state(path).notes[5].mod == 1796357320
