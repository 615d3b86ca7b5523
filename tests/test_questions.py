"""Which question/answer pairs a note gives, for each layout the README lists."""

from __future__ import annotations

from helpers import note

from vault2anki.cards.questions import extract_cards
from vault2anki.options import LayoutOptions
from vault2anki.render.renderer import Renderer
from vault2anki.report import Report

SOLUTION = LayoutOptions(answer_heading=("Solution",))

SEED = """![Разница между менторингом и коучингом?](https://youtu.be/DZjIcc6KdjE?t=857)

#### Ответ

![[Pasted image 20230704170613.png|600]]

*Менторинг* - это процесс.

___
#softskills

___

### [[0. FrontEnd Developer|Назад]]
"""


def test_seed_layout_question_is_the_content_before_and_footer_is_dropped() -> None:
    [card] = extract_cards(note(SEED))
    assert card.question.startswith("![Разница между менторингом и коучингом?](https://youtu.be/")
    assert card.answer.startswith("![[Pasted image 20230704170613.png|600]]")
    assert card.answer.endswith("*Менторинг* - это процесс.")
    assert "Назад" not in card.answer and "#softskills" not in card.answer
    assert card.line == 3


def test_coding_task_question_is_its_code_block() -> None:
    body = (
        "tags: #JavaScript #taskJS\n___\n\n```js\n// task\nfn()\n```\n\n"
        "### Ответ\n\n```js\nx\n```\n\n___\n### [[Index|Назад]]"
    )
    [card] = extract_cards(note(body))
    assert card.question == "```js\n// task\nfn()\n```"
    assert card.answer == "```js\nx\n```"


def test_answer_first_note_uses_the_file_name() -> None:
    [card] = extract_cards(note("### Ответ\n\nText.", rel="dir/Что такое DOM.md"))
    assert card.question == "Что такое DOM"


def test_a_file_name_question_loses_its_ordering_number() -> None:
    for stem, title in [
        ("050 Какой опыт работы с React", "Какой опыт работы с React"),
        ("3.2 Обзор протокола HTTP", "Обзор протокола HTTP"),
        ("0. FrontEnd Developer", "FrontEnd Developer"),
        ("Task_polyfil - isNaN()_0", "Task_polyfil - isNaN()_0"),
        ("2024", "2024"),
    ]:
        [card] = extract_cards(note("### Ответ\n\nText.", rel=f"{stem}.md"))
        assert card.question == title, stem


def test_heading_layout_answer_runs_to_the_next_question_level_heading() -> None:
    body = "# Q1?\n\n## Answer\n\nA1\n\n### Detail\n\nD1\n\n# Q2?\nContext line\n## Answer\nA2\n"
    first, second = extract_cards(note(body))
    assert first.question == "Q1?"
    assert first.answer == "A1\n\n### Detail\n\nD1"
    assert second.question == "Q2?\n\nContext line"
    assert second.answer == "A2"
    assert (first.key, second.key) == ("0", "1")


def test_marker_variants_and_custom_markers() -> None:
    for heading in ("## answer", "## ANSWER:", "## Ответ (RU)", "## **Answer**"):
        assert len(extract_cards(note(f"# Q\n{heading}\nA"))) == 1, heading
    assert extract_cards(note("# Q\n## Answers\nA")) == []  # not a marker
    assert extract_cards(note("# Q\n## Solution\nA")) == []
    assert len(extract_cards(note("# Q\n## Solution\nA"), SOLUTION)) == 1
    assert extract_cards(note("# Q\n## Answer\nA"), SOLUTION) == []


def test_headings_in_code_blocks_do_not_count() -> None:
    assert extract_cards(note("```md\n## Answer\n```\n")) == []


def test_no_answer_heading_means_no_card() -> None:
    assert extract_cards(note("# Index\n\n- [[a]]\n- [[b]]\n")) == []


def test_an_empty_answer_is_still_found_here() -> None:
    # extract_cards finds it; layouts.note_cards decides to leave it out (test_empty_answers).
    [card] = extract_cards(note("# Q\n\n## Answer\n\n```js\n\n```\n"), report=Report())
    assert card.line == 3


def test_bilingual_layout_pairs_by_qualifier() -> None:
    body = (
        "# Question (EN)\n> What is X?\n\n# Вопрос (RU)\n> Что такое X?\n\n---\n\n"
        "## Answer (EN)\nX is x.\n\n## Follow-ups\n- more\n\n## Ответ (RU)\nX — это x.\n"
    )
    en, ru = extract_cards(note(body))
    assert (en.key, en.question, en.answer) == ("en", "What is X?", "X is x.")
    assert (ru.key, ru.question, ru.answer) == ("ru", "Что такое X?", "X — это x.")


def test_a_qualified_sub_heading_ends_a_bilingual_question_in_either_order() -> None:
    # `### Prompt (RU)` under the last question section belongs to the note (qa finding 10):
    # the EN front took it in when EN came last, the RU front when RU came last.
    ru, en = ("Вопрос (RU)", "в?"), ("Question (EN)", "q?")
    for first, second in ((ru, en), (en, ru)):
        body = (
            f"# {first[0]}\n> {first[1]}\n# {second[0]}\n> {second[1]}\n\n---\n"
            "### Prompt (RU)\nп\n### Prompt (EN)\np\n"
            "## Ответ (RU)\nо\n## Answer (EN)\na\n"
        )
        fronts = {c.key: c.question for c in extract_cards(note(body))}
        assert fronts == {"ru": "в?", "en": "q?"}, body


def test_tags_from_text_and_frontmatter() -> None:
    body = "# Q #inheading\n## Answer\nText #inline/nested and `#code`\n```\n#nottag\n```\n#123\n"
    [card] = extract_cards(note(body, meta={"tags": ["fm", "#hashed", "a/b"]}))
    assert set(card.tags) == {"fm", "hashed", "a::b", "inheading", "inline::nested"}


def test_bilingual_answer_written_as_same_level_sections() -> None:
    body = (
        "# Вопрос (RU)\n> Что?\n# Question (EN)\n> What?\n\n"
        "## Ответ (RU)\n\n## Краткая Версия\nКратко.\n## Подробная Версия\nПодробно.\n"
        "## Answer (EN)\n## Short Version\nShort.\n"
        "## Дополнительные Вопросы (RU)\n- ещё\n## References\n- ref\n"
    )
    ru, en = extract_cards(note(body))
    assert ru.answer == "## Краткая Версия\nКратко.\n## Подробная Версия\nПодробно."
    assert en.answer == "## Short Version\nShort."


def test_sections_before_an_answer_are_not_its_question() -> None:
    report = Report()
    body = "## Contents\n- a\n## Overview\nLong text.\n## Answer (EN)\nThe answer.\n"
    [card] = extract_cards(note(body, rel="q-request-coalescing.md"), report=report)
    assert card.question == "q-request-coalescing" and card.answer == "The answer."
    assert [(p.kind, p.line) for p in report.problems] == [("no-question", 5)]


def test_bold_answer_marker_on_its_own_line_counts_like_an_answer_heading() -> None:
    for marker in ("**Ответ**", "**Ответ:**", "**Answer**:", "__Answer__", "  **answer:**  "):
        body = f"### What is X?\n\nWhat they check.\n\n{marker}\nX is x.\n\n#### Detail\nMore.\n"
        [card] = extract_cards(note(body))
        assert card.question == "What is X?\n\nWhat they check.", marker
        # The answer runs to the next heading as high as its question's: sub-headings too.
        assert card.answer == "X is x.\n\n#### Detail\nMore.", marker
        assert card.line == 5, marker


def test_bold_text_that_is_not_a_lone_marker_is_prose() -> None:
    for line in ("**Ответ сервера:**", "**Ответ:** X is x.", "**Answer** and more", "*Ответ*"):
        assert extract_cards(note(f"# Q\n\n{line}\ntext\n")) == [], line
    assert extract_cards(note("# Q\n```\n**Answer**\n```\n")) == []  # code is never a marker


def test_bold_markers_split_questions_like_headings() -> None:
    body = "## One?\n**Answer:**\n1\n## Two?\n**Answer:**\n2\n"
    one, two = extract_cards(note(body))
    assert [(c.question, c.answer, c.key) for c in (one, two)] == [
        ("One?", "1", "0"),
        ("Two?", "2", "1"),
    ]
    [first] = extract_cards(note("**Ответ**\nText.", rel="Что такое DOM.md"))
    assert (first.question, first.answer) == ("Что такое DOM", "Text.")


def test_an_answer_opening_with_a_tag_heading_keeps_it() -> None:
    """`### #git-clone` is a section heading Obsidian shows, not a footer tag line; a plain
    tag line at the end still is one."""
    [card] = extract_cards(note("# Git?\n## Answer\n### #git-clone\ntext\n\n#git"))
    assert card.answer == "### #git-clone\ntext"


def test_a_question_heading_shows_its_tags_as_obsidian_does() -> None:
    """`# What is #closure?` asks "What is #closure?"; a heading made only of a tag is still a
    question, not a tag line dropped by the renderer."""
    [card] = extract_cards(note("# What is #closure?\n## Answer\nA function with its scope."))
    assert Renderer().render(card.question) == "<p>What is #closure?</p>"
    [card] = extract_cards(note("# #closure\n## Answer\nA function with its scope."))
    assert Renderer().render(card.question) == "<p>#closure</p>"
