"""The Spaced Repetition plugin's settings read from the vault's data.json: the defaults of
the options they mean, below vault2anki.toml and flags, shown by `check` with where each came
from; a malformed file is one warning; the cards they give, imported into real Anki."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import AnkiCollection
from helpers import make_vault

from vault2anki import Options, build
from vault2anki.cards.identity import BASIC_MODEL_ID, CLOZE_MODEL_ID, REVERSED_MODEL_ID
from vault2anki.cards.layouts import note_cards
from vault2anki.cli import main
from vault2anki.options import PLUGIN_SETTINGS
from vault2anki.report import Report
from vault2anki.vault.notes import read_note

DATA = str(PLUGIN_SETTINGS)


def sr_vault(root: Path, settings: dict[str, Any] | str, notes: dict[str, str]) -> Path:
    data = settings if isinstance(settings, str) else json.dumps({"settings": settings})
    return make_vault(root, {DATA: data, **notes})


def check(vault: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", str(vault), "--no-cache", *args])
    return result.exit_code, result.stdout, result.stderr


def settings_lines(stderr: str) -> dict[str, str]:
    """`setting: NAME = VALUE (from ORIGIN)` lines of `check`, by name."""
    out = {}
    for line in stderr.splitlines():
        if line.startswith("setting: "):
            name, _, rest = line.removeprefix("setting: ").partition(" = ")
            out[name] = rest
    return out


def questions(vault: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(main, ["list", str(vault), "--no-cache", "--json", *args])
    assert result.exit_code == 0, result.output
    return [row["question"] for row in json.loads(result.stdout)]


def test_data_json_then_toml_then_flags(tmp_path: Path) -> None:
    body = "#flashcards\n\nA;;B\n\nC&&D\n\nE@@F\n\nG::H\n"
    vault = sr_vault(
        tmp_path / "Мой vault",
        {"singleLineCardSeparator": ";;", "multilineCardEndMarker": "+++"},
        {"Spanish Verbs.md": body},
    )
    code, _, err = check(vault)
    assert code == 0, err
    shown = settings_lines(err)
    assert shown["sr-inline"] == f"';;' (from {DATA}: singleLineCardSeparator)"
    assert shown["sr-multiline-end-marker"] == f"'+++' (from {DATA}: multilineCardEndMarker)"
    assert "sr-inline-reversed" not in shown  # a key the file lacks: the plugin's default
    assert questions(vault) == ["A"]  # `G::H`: `::` is no separator here
    # vault2anki.toml wins over data.json …
    (vault / "vault2anki.toml").write_text('sr-inline = "&&"\n', encoding="utf-8")
    _, _, err = check(vault)
    assert settings_lines(err)["sr-inline"] == "'&&' (from vault2anki.toml)"
    assert questions(vault) == ["C"]
    # … and a flag over both.
    _, _, err = check(vault, "--sr-inline", "@@")
    assert settings_lines(err)["sr-inline"] == "'@@' (from --sr-inline)"
    assert questions(vault, "--sr-inline", "@@") == ["E"]
    _, _, err = check(vault, "--no-sr-highlight-cloze", "--jobs", "1")
    assert settings_lines(err)["sr-highlight-cloze"] == "false (from --no-sr-highlight-cloze)"
    assert "jobs" not in settings_lines(err)  # how the run goes shapes no card: not shown
    # `check --json` holds the same, for scripts.
    report = json.loads(CliRunner().invoke(main, ["check", str(vault), "--json"]).stdout)
    assert {"option": "sr-inline", "value": "&&", "from": "vault2anki.toml"} in report["settings"]
    assert {
        "option": "sr-multiline-end-marker",
        "value": "+++",
        "from": f"{DATA}: multilineCardEndMarker",
    } in report["settings"]
    # The other settings of the file still apply.
    assert settings_lines(err)["sr-multiline-end-marker"].endswith("multilineCardEndMarker)")


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"settings": {"singleLineCardSeparator": 5}}),
        json.dumps({"settings": {"flashcardTags": "#cards"}}),
        json.dumps({"settings": {"clozePatterns": ["==hidden=="]}}),
        json.dumps({"settings": {"singleLineCardSeparator": ":::"}}),  # same as the reversed one
        json.dumps([1, 2]),
    ],
    ids=["not json", "number", "tags not a list", "bad pattern", "clashing separators", "list"],
)
def test_a_malformed_data_json_is_one_warning_and_the_defaults_apply(
    tmp_path: Path, content: str
) -> None:
    vault = sr_vault(tmp_path / "v", content, {"n.md": "#flashcards\n\nQ::A\n\n==x== y\n"})
    code, out, err = check(vault)
    assert code == 0, err
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"{DATA}: warning:"), err
    assert "built-in defaults apply" in warnings[0]
    assert out.startswith("2 cards in 2 notes"), out  # `Q::A` and the `==x==` cloze
    assert settings_lines(err) == {}
    options = Options.of(vault)
    assert options.plugin is not None and options.plugin.problem is not None
    assert [p.kind for p in build(options.replace(no_cache=True)).problems] == ["sr-settings"]


def test_missing_keys_take_the_plugins_defaults_and_old_booleans_make_patterns(
    tmp_path: Path,
) -> None:
    vault = sr_vault(
        tmp_path / "v",
        {"convertBoldTextToClozes": True, "convertHighlightsToClozes": False, "buryDate": 1},
        {"n.md": "#flashcards\n\nQ::A\n\nThe **bold** and ==highlight== words\n"},
    )
    layout = Options.of(vault).layout
    assert layout.sr_cloze_pattern == ("**[123;;]answer[;;hint]**",)
    assert (layout.sr_inline, layout.sr_multiline, layout.flashcards_tag) == (
        "::",
        "?",
        ("flashcards",),
    )
    # The highlight stays one (list shows text: its marks are gone, it is no deletion).
    assert questions(vault)[1] == "The {{c1::bold}} and highlight words"


def test_an_empty_separator_is_a_card_type_turned_off_not_a_usage_error(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v", {"n.md": "#flashcards\n\nQ::A\n\nR:::S\n\nT\n?\nU\n"})
    code, out, err = check(vault, "--sr-inline", "", "--sr-multiline", "")
    assert code == 0, err
    assert out.startswith("2 cards in 1 notes"), out  # only the reversed card (two sides)
    assert questions(vault, "--sr-inline", "", "--sr-multiline", "") == ["R"]
    # The same from data.json.
    sr_vault(vault, {"singleLineReversedCardSeparator": ""}, {})
    assert questions(vault) == ["Q", "R", "T"]  # `R:::S` holds `::`: a basic card `R`


def test_several_flashcards_tags_and_tags_to_ignore(tmp_path: Path) -> None:
    vault = sr_vault(
        tmp_path / "v",
        {"flashcardTags": ["#cards", "#spanish"], "flashcardTagsToIgnore": ["#spanish/old"]},
        {
            "a.md": "#cards\n\nuno::one\n",
            "b.md": "#spanish/verbs\n\ncomer::to eat\n",
            "c.md": "#spanish/old/verbs\n\nvivir::to live\n",
            "d.md": "#flashcards\n\nQ::A\n",  # no longer a flashcards tag: answer headings
        },
    )
    assert questions(vault) == ["uno", "comer"]
    assert questions(vault, "--flashcards-tag", "flashcards", "--flashcards-tag", "cards") == [
        "uno",
        "Q",
    ]
    decks = CliRunner().invoke(
        main, ["list", str(vault), "--no-cache", "--json", "--deck-from-flashcards-tags"]
    )
    assert [r["deck"] for r in json.loads(decks.stdout)] == ["v::cards", "v::spanish::verbs"]


def _cards(vault: Path, body: str) -> tuple[list[tuple[str, str]], list[str]]:
    (vault / "n.md").write_text(body, encoding="utf-8")
    report = Report()
    note = read_note(vault / "n.md", "n.md", report)
    assert note is not None
    found = note_cards(note, Options.of(vault).layout, report)
    return [(c.kind, c.question) for c in found], [p.kind for p in report.problems]


def test_no_cards_from_comments_one_cloze_and_vanished_deletions(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    assert _cards(vault, "#flashcards\n\n<!--\nQ::A\n-->\n\n<!-- ==x== -->") == ([], [])
    # Obsidian's `%%` comments are hidden too: what a card would hold of them is gone.
    found, kinds = _cards(vault, "#flashcards\n\nText %%==x==%% more\n\n%%\nQ::A\n%%")
    assert found == [] and "sr-cloze-empty" not in kinds
    assert _cards(vault, "#flashcards\n\nSay ==a::b== here") == (
        [("cloze", "Say {{c1::a::b}} here")],
        [],
    )
    assert _cards(vault, "#flashcards\n\nOnly {{c0::zero}} here\n\nand {{c1:: }} x") == (
        [],
        ["sr-cloze-empty", "sr-cloze-empty"],
    )


def test_plugin_settings_cards_in_anki(tmp_path: Path, anki: AnkiCollection) -> None:
    """A vault whose data.json uses `;;`, the Anki-like and bold patterns and an end marker:
    each kind of note arrives in Anki as the plugin shows it."""
    settings = {
        "flashcardTags": ["#cards"],
        "singleLineCardSeparator": ";;",
        "singleLineReversedCardSeparator": ";;;",
        "multilineCardEndMarker": "+++",
        "clozePatterns": ["{{[123::]answer[::hint]}}", "**[123;;]answer[;;hint]**"],
    }
    body = (
        "#cards\n\nhola;;hello\n\nperro;;;dog\n\nWhat is in Pasted image 20240101120000?\n?\n"
        "A line\n\nand another\n+++\n\nBrazilians speak {{Portuguese::language}}, "
        "{{2::Lisbon}} is **their capital;;a city**.\n"
    )
    vault = sr_vault(tmp_path / "Испанский", settings, {"Урок 1.md": body})
    out = tmp_path / "deck.apkg"
    result = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), "--no-lock"])
    assert result.exit_code == 0, result.output
    anki.import_package(out)
    notes = {n["guid"]: n for n in anki.notes()}
    types = {}
    for nid in anki.col.find_notes(""):
        note = anki.col.get_note(nid)
        notetype = note.note_type()
        assert notetype is not None
        types[note.guid] = notetype["id"]
    by_type = sorted(((types[g], n) for g, n in notes.items()), key=lambda tn: tn[0])
    kinds = [t for t, _ in by_type]
    assert sorted(kinds) == sorted(
        [BASIC_MODEL_ID, REVERSED_MODEL_ID, BASIC_MODEL_ID, CLOZE_MODEL_ID]
    )
    basic = [n for t, n in by_type if t == BASIC_MODEL_ID]
    assert {str(n["Question"]) for n in basic} == {
        "<p>hola</p>",
        "<p>What is in Pasted image 20240101120000?</p>",
    }
    multi = next(n for n in basic if "Pasted" in str(n["Question"]))
    assert "A line" in str(multi["Answer"]) and "and another" in str(multi["Answer"])
    [reversed_] = [n for t, n in by_type if t == REVERSED_MODEL_ID]
    assert reversed_["cards"] == 2 and "perro" in str(reversed_["Question"])
    [cloze] = [n for t, n in by_type if t == CLOZE_MODEL_ID]
    text = str(cloze["Text"])
    assert "{{c3::Portuguese::language}}" in text and "{{c2::Lisbon}}" in text
    assert "{{c4::their capital::a city}}" in text
    assert cloze["cards"] == 3
