"""Spaced Repetition plugin syntax: what makes a card, of which kind, keyed by what."""

from __future__ import annotations

import pytest
from helpers import note

from vault2anki.cards.srcloze import cloze_key
from vault2anki.cards.srs import extract_sr_cards
from vault2anki.model import CardSource
from vault2anki.options import LayoutOptions, OptionsError
from vault2anki.report import Report


def cards(body: str, syntax: LayoutOptions | None = None) -> list[CardSource]:
    return extract_sr_cards(note(body), (), syntax)


def summary(body: str, syntax: LayoutOptions | None = None) -> list[tuple[str, str, str]]:
    return [(c.kind, c.question, c.answer) for c in cards(body, syntax)]


def test_single_line_basic_and_reversed() -> None:
    assert summary("a::b\nc:::d\n- e :: f\n1. g::h") == [
        ("basic", "a", "b"),
        ("reversed", "c", "d"),
        ("basic", "e", "f"),  # a list bullet is not part of the question
        ("basic", "g", "h"),
    ]


def test_only_the_first_separator_splits() -> None:
    assert summary("std::vector::push_back") == [("basic", "std", "vector::push_back")]


def test_separators_in_code_or_cloze_deletions_do_not_count() -> None:
    body = "`a::b` in code\n\n```\nx::y\n?\n```\n\nThe {{c1::answer::hint}} here"
    [card] = cards(body)
    assert card.kind == "cloze" and card.question == "The {{c1::answer::hint}} here"


def test_multiline_question_runs_back_to_the_blank_line_and_answer_to_the_next() -> None:
    body = "intro\n\nline 1\nline 2\n?\nanswer 1\nanswer 2\n\nafter"
    [card] = cards(body)
    assert (card.kind, card.question, card.answer) == (
        "basic",
        "line 1\nline 2",
        "answer 1\nanswer 2",
    )
    assert (card.line, card.answer_line) == (5, 6)


def test_multiline_reversed() -> None:
    assert summary("Q\n??\nA") == [("reversed", "Q", "A")]


def test_multiline_question_stops_at_a_previous_card() -> None:
    assert summary("a::b\nQ\n?\nA") == [("basic", "a", "b"), ("basic", "Q", "A")]


def test_blank_lines_inside_fenced_code_do_not_end_an_answer() -> None:
    body = "Q\n?\n```py\nx = 1\n\ny = 2\n```\nmore\n\nnext"
    [card] = cards(body)
    assert card.answer == "```py\nx = 1\n\ny = 2\n```\nmore"


def test_separator_lines_inside_fenced_code_make_no_card() -> None:
    assert cards("```\nQ\n?\nA\n```") == []
    assert cards("~~~\nx::y\n~~~") == []


def test_sr_comments_are_dropped_and_do_not_break_a_card() -> None:
    body = (
        "a::b <!--SR:!2024-01-01,3,250-->\n<!--SR:!2024-01-01,3,250-->\nQ\n?\nA\n<!--SR:!x,1,2-->"
    )
    assert summary(body) == [("basic", "a", "b"), ("basic", "Q", "A")]


def test_highlights_become_numbered_clozes_after_written_ones() -> None:
    [card] = cards("{{c2::a}} then ==b== and ==c== but `==code==` stays")
    assert card.kind == "cloze"
    assert card.question == "{{c2::a}} then {{c3::b}} and {{c4::c}} but `==code==` stays"
    assert card.answer == ""


def test_highlights_number_from_one_per_paragraph() -> None:
    first, second = cards("==a== and ==b==\n\n==c==")
    assert first.question == "{{c1::a}} and {{c2::b}}"
    assert second.question == "{{c1::c}}"


def test_what_is_not_a_cloze() -> None:
    assert cards("a == b == c") == []  # comparisons, not a highlight
    assert cards("`{{c1::x}}` and `==y==`") == []  # code
    assert cards("plain paragraph\n\nanother") == []


def test_highlight_cloze_can_be_turned_off() -> None:
    assert cards("==a==", LayoutOptions(sr_highlight_cloze=False)) == []
    assert summary("{{c1::a}}", LayoutOptions(sr_highlight_cloze=False))[0][0] == "cloze"


def test_a_question_with_a_cloze_is_a_multiline_card() -> None:
    assert summary("The ==capital==?\n?\nParis") == [("basic", "The ==capital==?", "Paris")]


def test_custom_separators() -> None:
    syntax = LayoutOptions(
        sr_inline=";;", sr_inline_reversed=";;;", sr_multiline="---?", sr_multiline_reversed="<>"
    )
    assert summary("a;;b\nc;;;d\nx::y\n\nQ\n---?\nA\n\nR\n<>\nS", syntax) == [
        ("basic", "a", "b"),
        ("reversed", "c", "d"),
        ("basic", "Q", "A"),
        ("reversed", "R", "S"),
    ]


@pytest.mark.parametrize(
    "kwargs",
    [{"sr_inline": ":::"}, {"sr_multiline": "??"}, {"sr_cloze_pattern": ("==answer==",)}],
)
def test_invalid_separators_and_patterns_are_refused(kwargs: dict[str, str]) -> None:
    with pytest.raises(OptionsError):
        LayoutOptions(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("off", "gone", "instead"),
    [
        ("sr_inline", "basic a", set()),
        ("sr_inline_reversed", "reversed c", {"basic c"}),  # `c:::d` holds `::`: Q `c`, A `:d`
        ("sr_multiline", "basic Q", set()),
        ("sr_multiline_reversed", "reversed R", set()),
    ],
)
def test_an_empty_separator_turns_that_card_type_off(
    off: str, gone: str, instead: set[str]
) -> None:
    """As in the plugin: an empty (or blank) separator makes no cards of its type; the
    other types still come (their lines are plain text then)."""
    body = "a::b\nc:::d\n\nQ\n?\nA\n\nR\n??\nS"
    every = {f"{kind} {question}" for kind, question, _ in summary(body)}
    assert every == {"basic a", "reversed c", "basic Q", "reversed R"}
    for value in ("", "  "):
        left = {f"{k} {q}" for k, q, _ in summary(body, LayoutOptions(**{off: value}))}
        assert left == (every - {gone}) | instead, (off, value)


def test_keys_survive_answer_edits_and_reordering_but_not_question_edits() -> None:
    original = {c.question: c.key for c in cards("a::b\n\nQ\n?\nA\n\nThe ==x== y")}
    edited = {c.question: c.key for c in cards("The ==z== y\n\nQ\n?\nchanged\n\na::other")}
    assert original["a"] == edited["a"] and original["Q"] == edited["Q"]
    assert original["The {{c1::x}} y"] == edited["The {{c1::z}} y"]
    assert {c.key for c in cards("b::b")}.isdisjoint(original.values())


def test_keys_never_collide_with_heading_layout_keys() -> None:
    assert all(c.key.startswith("sr:") for c in cards("0::a\n1::b"))


def test_duplicate_questions_get_distinct_keys_and_a_warning() -> None:
    report = Report()
    first, second = extract_sr_cards(note("a::b\na::c"), (), report=report)
    assert first.key != second.key
    assert [p.kind for p in report.problems] == ["duplicate-question"] and report.problems[
        0
    ].line == 2


def test_missing_question_or_answer_is_reported() -> None:
    report = Report()
    found = extract_sr_cards(note("::b\n\n?\nA\n\nQ\n?"), (), report=report)
    assert [(c.question, c.answer) for c in found] == [("Q", "")]
    # The empty answer is judged after every layout (cards/empty.py: test_empty_answers).
    assert [(p.kind, p.line) for p in report.problems] == [
        ("sr-no-question", 1),
        ("sr-no-question", 3),
    ]


def test_cloze_key_blanks_the_deletions() -> None:
    assert cloze_key("A  {{c1::x::hint}}\nb {{c2::y}}") == "A {{c1}} b {{c2}}"


def test_cloze_variants_as_the_plugin_reads_them() -> None:
    # Inline code inside a highlight is part of the deletion; several per line, each its own.
    assert summary("Use ==`map`== or ==`filter`==, not ==loops==") == [
        ("cloze", "Use {{c1::`map`}} or {{c2::`filter`}}, not {{c3::loops}}", "")
    ]
    # A space before the closing `==` still closes it (and is not part of the deletion).
    assert summary("The capital is ==Paris ==.") == [("cloze", "The capital is {{c1::Paris}}.", "")]
    # `==` inside inline code opens nothing, and code stays whole.
    assert summary("`a ==b== c` and ==d==") == [("cloze", "`a ==b== c` and {{c1::d}}", "")]


def test_task_list_markers_are_not_part_of_an_inline_question() -> None:
    assert summary("- [ ] manger::to eat\n- [x] boire::to drink\n* [/] voir::to see") == [
        ("basic", "manger", "to eat"),
        ("basic", "boire", "to drink"),
        ("basic", "voir", "to see"),
    ]


def sr_note(body: str, meta: dict[str, object] | None = None) -> list[CardSource]:
    from vault2anki.cards.tags import note_tags

    n = note(body, meta=meta)
    layout = LayoutOptions(deck_from_flashcards_tags=True)
    return extract_sr_cards(n, note_tags(n.meta, n.body), layout, Report())


def test_each_card_is_filed_under_the_nearest_flashcards_tag_above_it() -> None:
    body = (
        "#flashcards/course/lecture-1 #js\n\none::1\n\nQ\n?\nA\n\n"
        "## Lecture 2\n#flashcards/course/lecture-2\n\ntwo::2\n\nThe ==end==\n"
    )
    found = sr_note(body, meta={"tags": ["flashcards/course", "intro"]})
    assert [(c.question, c.deck) for c in found] == [
        ("one", "::course::lecture-1"),
        ("Q", "::course::lecture-1"),
        ("two", "::course::lecture-2"),
        ("The {{c1::end}}", "::course::lecture-2"),
    ]
    # Each card carries its own flashcards tag only, and every other tag of the note.
    assert set(found[0].tags) == {"flashcards::course::lecture-1", "js", "intro"}
    assert set(found[2].tags) == {"flashcards::course::lecture-2", "js", "intro"}


def test_a_flashcards_tag_starting_a_card_files_only_that_card() -> None:
    body = (
        "#flashcards/a\n\n#flashcards/b manger::to eat\nboire::to drink\n\n#flashcards/c\nQ\n?\nA"
    )
    found = sr_note(body)
    assert [(c.question, c.deck, c.key) for c in found] == [
        ("manger", "::b", "sr:manger"),
        ("boire", "::a", "sr:boire"),
        ("Q", "::c", "sr:Q"),  # the tag line opens the card's own text
    ]
    # Other tags starting a card are words of its question, as Obsidian shows them.
    assert [c.question for c in sr_note("#flashcards\n\n#verb manger::to eat")] == ["#verb manger"]


def test_frontmatter_then_first_tag_when_nothing_is_above() -> None:
    assert [c.deck for c in sr_note("a::b", meta={"tags": ["flashcards/x/y"]})] == ["::x::y"]
    assert [c.deck for c in sr_note("a::b\n\n#flashcards/z")] == ["::z"]
    assert [c.deck for c in sr_note("#flashcards\n\na::b")] == [None]  # the note's own deck


def test_lines_the_plugin_makes_cards_of_are_reported_when_we_make_none() -> None:
    report = Report()
    body = "x == y == z\n\n- list\n\n  ```\n  std::vector\n  ```\n\nok::fine"
    found = extract_sr_cards(note(body), (), report=report)
    assert [c.question for c in found] == ["ok"]
    problems = report.problems
    assert [(p.kind, p.line) for p in problems] == [("sr-plugin-card", 1), ("sr-plugin-card", 6)]
    assert "plugin reads a cloze card" in problems[0].message
    assert "plugin reads an inline card" in problems[1].message
    quiet = Report()
    extract_sr_cards(note("a::b\n\nQ\n?\nA\n\nThe ==x== y\n\n`a::b` and `c`"), (), None, quiet)
    assert quiet.problems == []
    # The plugin finds `==` pairs even in code (a cloze there); we make none, and say so.
    extract_sr_cards(note("`x == 1` and `y == 2`"), (), None, quiet)
    assert [p.kind for p in quiet.problems] == ["sr-plugin-card"]


def test_the_plugins_numbered_and_hinted_highlights() -> None:
    assert summary("==1;;a== and ==1;;b==, then ==c== and ==Paris;;a city==") == [
        ("cloze", "{{c1::a}} and {{c1::b}}, then {{c2::c}} and {{c3::Paris::a city}}", "")
    ]


def test_any_cloze_pattern_built_the_plugins_way() -> None:
    """A pattern of the user's own making: literal marks, `answer`, a number group and a hint
    group, each group's own text literal (the plugin's compiler, clozecraft's rules)."""
    syntax = LayoutOptions(sr_cloze_pattern=("<<[123|]answer[|hint]>>",))
    assert summary("The <<2|capital|a city>> of <<France>>, not < <x> >", syntax) == [
        ("cloze", "The {{c2::capital::a city}} of {{c3::France}}, not < <x> >", "")
    ]
    # The plugin's overlapping form: `a` asks the deletion on that card, `s`/`h` do not; Anki
    # asks it on its first `a` card, and one never asked is plain text.
    anki_like = LayoutOptions(sr_cloze_pattern=("{{[123::]answer[::hint]}}",))
    assert summary("{{ash::x}} {{sa::y}} {{hs::z}} {{c4::w}}", anki_like) == [
        ("cloze", "{{c1::x}} {{c2::y}} z {{c4::w}}", "")
    ]
