"""Layout choice per note (flashcards tag, frontmatter question, headings), `reverse:`, decks,
identities of the new kinds and the frozen note types."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import make_vault, note

from vault2anki import ExportResult, Options
from vault2anki.apkg import notetypes
from vault2anki.cards import identity
from vault2anki.cards.decks import clean_deck, note_deck
from vault2anki.cards.identity import card_guid, make_guid
from vault2anki.cards.layouts import has_tag, in_folders, note_cards
from vault2anki.cards.questions import extract_cards
from vault2anki.cli import commands as cli
from vault2anki.cli import main
from vault2anki.options import LayoutOptions
from vault2anki.report import Report


def test_frozen_note_types() -> None:
    """These values are in every user's collection; changing one breaks their sync."""
    assert (identity.BASIC_MODEL_ID, identity.REVERSED_MODEL_ID, identity.CLOZE_MODEL_ID) == (
        1_733_201_001,
        1_733_201_002,
        1_733_201_003,
    )
    expected = {
        "basic": (1_733_201_001, ["Question", "Answer", "Source"], ["Card 1"], 0),
        "reversed": (1_733_201_002, ["Question", "Answer", "Source"], ["Card 1", "Card 2"], 0),
        "cloze": (1_733_201_003, ["Text", "Extra", "Source"], ["Cloze"], 1),
    }
    for kind, (model_id, fields, templates, model_type) in expected.items():
        model = notetypes.model_for(kind)
        assert model.model_id == model_id
        assert [f["name"] for f in model.fields] == fields
        assert [t["name"] for t in model.templates] == templates
        assert model.model_type == model_type


def test_basic_guids_are_unchanged_and_other_kinds_differ() -> None:
    [card] = extract_cards(note("# Q\n## Answer\nA", rel="a/b.md"))
    assert card_guid(card) == make_guid("path", "a/b.md", "0")  # as before kinds existed
    assert card_guid(replace(card, kind="reversed")) != card_guid(card)
    assert card_guid(replace(card, kind="cloze")) not in {
        card_guid(card),
        card_guid(replace(card, kind="reversed")),
    }


def test_flashcards_tag_selects_sr_syntax_only() -> None:
    body = "#flashcards\n\na::b\n\n# Q\n## Answer\nA"
    assert [(c.kind, c.question) for c in note_cards(note(body), LayoutOptions(), Report())] == [
        ("basic", "a")
    ]
    nested = note("a::b", meta={"tags": ["flashcards/french"]})
    assert len(note_cards(nested, LayoutOptions(), Report())) == 1
    assert note_cards(note("a::b"), LayoutOptions(), Report()) == []  # untagged: plain text
    assert note_cards(note("#flashcards\na::b"), LayoutOptions(flashcards_tag=None), Report()) == []
    custom = note("#cards\na::b")
    assert len(note_cards(custom, LayoutOptions(flashcards_tag="cards"), Report())) == 1


def test_question_frontmatter_with_an_answer_section() -> None:
    body = "Context.\n\n## Answer\n\nThe answer.\n\n# Next\nnot it"
    [card] = note_cards(note(body, meta={"question": "Why?"}), LayoutOptions(), Report())
    # What stands above the answer heading is the question's too: never dropped.
    assert (card.question, card.answer, card.key, card.line) == (
        "Why?\n\nContext.",
        "The answer.",
        "0",
        3,
    )


def test_question_frontmatter_keeps_the_heading_layouts_identity() -> None:
    body = "# Why?\n## Answer\nThe answer."
    [by_heading] = note_cards(note(body), LayoutOptions(), Report())
    [by_frontmatter] = note_cards(
        note(body, meta={"question": "Why, really?"}), LayoutOptions(), []
    )
    assert card_guid(by_heading) == card_guid(by_frontmatter)


def test_question_frontmatter_with_several_answers_warns() -> None:
    report = Report()
    body = "## Answer (EN)\nen\n## Ответ (RU)\nru"
    [card] = note_cards(note(body, meta={"question": "Q"}), LayoutOptions(), report)
    assert card.answer == "en"
    assert [(p.kind, p.line) for p in report.problems] == [("frontmatter-question", 3)]


def test_whole_body_answer_for_a_configured_key() -> None:
    body = "\ntags: #a\n\nFirst line.\n\nSecond.\n\n___\n### [[Index|Назад]]\n"
    layout = LayoutOptions(frontmatter_question="title")
    [card] = note_cards(note(body, meta={"title": "What?"}), layout, Report())
    assert (card.question, card.answer) == ("What?", "First line.\n\nSecond.")
    assert card.line == card.answer_line == 4


def test_configured_key_only_in_selected_notes() -> None:
    layout = LayoutOptions(frontmatter_question="title", frontmatter_folder=["Questions/*"])
    meta = {"title": "T"}
    assert note_cards(note("B", rel="Questions/x/a.md", meta=meta), layout, Report())
    assert note_cards(note("B", rel="Maps/a.md", meta=meta), layout, Report()) == []
    by_tag = LayoutOptions(frontmatter_question="title", frontmatter_tag=["#interview/js"])
    assert note_cards(note("B", meta={**meta, "tags": ["interview/js/hard"]}), by_tag, Report())
    assert note_cards(note("B", meta={**meta, "tags": ["interview"]}), by_tag, Report()) == []
    # `question:` needs no configuration and no selection.
    assert note_cards(note("B", rel="Maps/a.md", meta={"question": "Q"}), layout, Report())


def test_non_text_frontmatter_question_falls_back_with_a_warning() -> None:
    report = Report()
    meta = {"title": ["a", "b"]}
    found = note_cards(
        note("# Q\n## Answer\nA", meta=meta), LayoutOptions(frontmatter_question="title"), report
    )
    assert [c.question for c in found] == ["Q"]
    assert [p.kind for p in report.problems] == ["frontmatter-question"]
    assert (
        note_cards(
            note("text", meta={"title": ""}), LayoutOptions(frontmatter_question="title"), []
        )
        == []
    )


def test_reverse_frontmatter_turns_basic_cards_reversed_not_clozes() -> None:
    for value in (True, "true", "yes"):
        [card] = note_cards(
            note("# Q\n## Answer\nA", meta={"reverse": value}), LayoutOptions(), Report()
        )
        assert card.kind == "reversed"
    [card] = note_cards(
        note("# Q\n## Answer\nA", meta={"reverse": False}), LayoutOptions(), Report()
    )
    assert card.kind == "basic"
    meta = {"reverse": True, "tags": ["flashcards"]}
    assert [
        c.kind for c in note_cards(note("a::b\n\n==c==", meta=meta), LayoutOptions(), Report())
    ] == [
        "reversed",
        "cloze",
    ]


def test_tag_and_folder_matching() -> None:
    assert has_tag(("lang::fr",), "lang") and has_tag(("Lang::FR",), "#lang/fr")
    assert not has_tag(("language",), "lang") and not has_tag(("x",), "#")
    assert in_folders("A/B/n.md", ["A"]) and in_folders("A/B/n.md", ["A/B/"])
    assert in_folders("A/B/n.md", ["*/B"]) and in_folders("A/n.md", ["A/*.md"])
    assert not in_folders("AB/n.md", ["A"]) and not in_folders("n.md", ["A"])


def test_decks() -> None:
    plain = note("x", rel="A/B/n.md")
    assert note_deck(plain, "V", from_folders=False) is None
    assert note_deck(plain, "V", from_folders=True) == "V::A::B"
    assert note_deck(note("x", rel="n.md"), "V", from_folders=True) == "V"
    fixed = note("x", rel="A/n.md", meta={"deck": " My :: Deck "})
    assert note_deck(fixed, "V", from_folders=True) == "My::Deck"
    report = Report()
    assert note_deck(note("x", meta={"deck": ["a"]}), "V", False, report) is None
    assert [p.kind for p in report.problems] == ["frontmatter-deck"]
    assert clean_deck("a::::b::") == "a::b"


def test_cli_passes_layout_options_to_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Options] = []

    def fake_build(options: Options) -> ExportResult:
        seen.append(options)
        return ExportResult(output=None)

    monkeypatch.setattr(cli, "build", fake_build)
    args = ["check", str(tmp_path), "--question-heading", "Frage", "--question-heading", "Q"]
    args += ["--deck-from-folders", "--frontmatter-question", "title"]
    args += ["--frontmatter-folder", "A/*", "--frontmatter-tag", "t", "--flashcards-tag", "#cards"]
    args += ["--sr-inline", ";;", "--sr-inline-reversed", ";;;", "--sr-multiline", "+"]
    args += ["--sr-multiline-reversed", "++", "--no-sr-highlight-cloze"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "0 cards" in result.output  # the fake finds none
    [options] = seen
    assert options.deck.deck_from_folders
    assert options.layout == LayoutOptions(
        question_heading=("Frage", "Q"),
        frontmatter_question="title",
        frontmatter_folder=("A/*",),
        frontmatter_tag=("t",),
        flashcards_tag="cards",
        sr_inline=";;",
        sr_inline_reversed=";;;",
        sr_multiline="+",
        sr_multiline_reversed="++",
        sr_highlight_cloze=False,
    )


def test_cli_layout_options_end_to_end(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path / "v",
        {
            "a.md": "# Frage\nWas?\n## Antwort\nDas.\n",
            "b.md": "#flashcards\n\nx::y\n",
            "c.md": "---\ntitle: T\n---\nBody.\n",
        },
    )
    out = str(tmp_path / "o.apkg")
    runner = CliRunner()
    plain = runner.invoke(main, ["export", str(vault), "-o", out])
    assert plain.stdout.startswith("1 cards"), plain.output  # only b.md
    args = ["export", str(vault), "-o", out, "--answer-heading", "Antwort"]
    result = runner.invoke(main, [*args, "--flashcards-tag", ""])
    assert result.exit_code == 0 and result.stdout.startswith("1 cards"), result.output
    result = runner.invoke(main, [*args, "--frontmatter-question", "title"])
    assert result.stdout.startswith("3 cards"), result.output


def test_cli_refuses_bad_layout_options(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v", {"b.md": "#flashcards\n\nx::y\n"})
    runner = CliRunner()
    bad = runner.invoke(main, ["export", str(vault), "--sr-inline", ":::"])
    assert bad.exit_code == 2 and "must differ" in bad.output
    orphan = runner.invoke(main, ["export", str(vault), "--frontmatter-tag", "x"])
    assert orphan.exit_code == 2 and "--frontmatter-question" in orphan.output


def test_frontmatter_question_joins_the_task_written_above_the_answer_marker() -> None:
    body = (
        "# Reverse a string\n\nWrite `reverse(s)`:\n\n```js\nreverse('abc') // 'cba'\n```\n\n"
        "**Ответ:**\n```js\nconst reverse = (s) => [...s].reverse().join('')\n```\n"
        "___\n### [[Index|Назад]]\n"
    )
    layout = LayoutOptions(frontmatter_question="title")
    [card] = note_cards(note(body, meta={"title": "Reverse a string"}), layout, Report())
    # The title heading only repeats the question; the task's words and code join it.
    assert card.question == (
        "Reverse a string\n\nWrite `reverse(s)`:\n\n```js\nreverse('abc') // 'cba'\n```"
    )
    assert card.answer == "```js\nconst reverse = (s) => [...s].reverse().join('')\n```"
    assert card.line == 9


def test_frontmatter_question_with_a_bold_marker_keeps_its_sub_headings() -> None:
    body = "## Task\nDo it.\n**Answer**\nDone.\n### Why\nBecause.\n## Notes\nnot it\n"
    [card] = note_cards(note(body, meta={"question": "Q?"}), LayoutOptions(), Report())
    assert card.question == "Q?\n\n## Task\nDo it."
    assert card.answer == "Done.\n### Why\nBecause."


def test_exclude_globs_name_files_and_folders_as_gitignore_does() -> None:
    from vault2anki.vault.walk import excluded

    assert excluded("Templates/Q.md", ["Templates"])  # a folder anywhere, and all inside
    assert excluded("a/Templates/b/Q.md", ["Templates/"])
    assert excluded("Maps/Index.md", ["Index.md"])  # a name without '/': at any depth
    assert excluded("x/y.excalidraw.md", ["*.excalidraw.md"])
    assert excluded("Daily/2024-01-01.md", ["Daily/2024-*"])  # with '/': from the root
    assert not excluded("Notes/Daily/2024-01-01.md", ["Daily/2024-*"])
    assert excluded("Notes/Daily/2024-01-01.md", ["**/Daily/2024-*"])
    assert excluded("Index.md", ["/Index.md"]) and not excluded("a/Index.md", ["/Index.md"])
    assert not excluded("Templates.md", ["Templates"])  # names match whole
    assert not excluded("Questions/Q.md", ["", "/"])


def test_excluded_notes_make_no_cards_but_links_still_reach_them(tmp_path: Path) -> None:
    from vault2anki.vault.walk import walk_vault

    vault = walk_vault(make_vault(tmp_path, {"Q.md": "x", "Maps/Index.md": "y"}), ["Maps", "Nope"])
    assert (vault.markdown, vault.excluded) == (["Q.md"], ["Maps/Index.md"])
    assert vault.resolve_link("Index", "Q.md") == "Maps/Index.md"
    assert [(p.kind, p.path) for p in vault.report.problems] == [("exclude-unused", "")]
    assert "'Nope'" in vault.report.problems[0].message


def test_an_answer_of_links_only_is_reported_as_a_likely_index_note() -> None:
    report = Report()
    body = "# JavaScript\n## Answer\n- [[Closures]]\n- [[Hoisting|hoisting]], [MDN](https://x)\n"
    [_card] = note_cards(note(body, rel="Maps/JS index.md"), LayoutOptions(), report)
    problems = report.problems
    assert [(p.kind, p.line) for p in problems] == [("index-note", 3)]
    assert "--exclude 'Maps/JS index.md'" in problems[0].message
    for answer in ("See [[Closures]].", "![[diagram.png]]", "[[a]]\n\nBecause b."):
        quiet = Report()
        note_cards(note(f"# Q\n## Answer\n{answer}"), LayoutOptions(), quiet)
        assert quiet.problems == [], answer
