"""Answers are not cut short and comments are not content (issue 20), in the shapes real vaults
write: the seed vault's navigation footer, a closing rule, a heading underline, bold answer
markers (`**Ответ` left unclosed, as 145 notes of a public vault write it), and Spaced
Repetition syntax inside HTML comments."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_vault

from vault2anki import Options, build
from vault2anki.model import Card

FOOTER = "\n\n___\n#JavaScript #taskJS\n___\n### [[0. FrontEnd Developer|Назад]]\n"


def cards(vault: Path, **options: object) -> list[Card]:
    return build(Options.of(vault, no_cache=True, no_lock=True, **options)).rendered()


def answer_of(tmp_path: Path, body: str) -> str:
    vault = make_vault(tmp_path / "v", {"Что такое замыкание.md": body})
    [card] = cards(vault)
    return card.answer


def test_the_seed_vaults_navigation_footer_is_left_out(tmp_path: Path) -> None:
    answer = answer_of(tmp_path, "### Ответ\nФункция со своей областью видимости." + FOOTER)
    assert answer == "<p>Функция со своей областью видимости.</p>"


def test_a_closing_rule_without_links_is_content(tmp_path: Path) -> None:
    for rule in ("---", "***", "___"):
        answer = answer_of(tmp_path / rule[0], f"### Ответ\nТекст.\n\n{rule}\n")
        assert answer == "<p>Текст.</p>\n<hr>", rule


def test_a_heading_underline_at_the_end_is_a_heading(tmp_path: Path) -> None:
    answer = answer_of(tmp_path, "### Ответ\nТекст.\n\nИтог\n---\n")
    assert answer == "<p>Текст.</p>\n<h2>Итог</h2>"


def test_a_heading_underline_before_links_stays(tmp_path: Path) -> None:
    answer = answer_of(tmp_path, "### Ответ\nИтог\n---\n[[Дальше]]\n")
    assert answer.startswith("<h2>Итог</h2>") and "Дальше" in answer


@pytest.mark.parametrize(
    "marker", ["**Ответ", "**Ответ**", "**Ответ:**", "**Answer**", "__Answer__", "**Ответ**:"]
)
def test_bold_answer_markers_as_vaults_write_them(tmp_path: Path, marker: str) -> None:
    task = "Напишите функцию sum.\n\n```js\nfunction sum(a, b) {}\n```\n\n"
    body = f"{task}{marker}\n\nreturn a + b\n"
    vault = make_vault(tmp_path / "v", {"Task_sum.md": body})
    [card] = cards(vault)
    assert "Напишите функцию sum." in card.question and "function" in card.question
    assert card.answer == "<p>return a + b</p>"
    assert "**" not in card.question + card.answer and "__" not in card.answer


def test_with_a_frontmatter_question_the_task_above_the_marker_is_on_the_front(
    tmp_path: Path,
) -> None:
    body = (
        "---\ntitle: Сумма двух чисел\n---\nНапишите функцию sum.\n\n"
        "```js\nfunction sum(a, b) {}\n```\n\n**Ответ\n\n```js\nreturn a + b\n```\n"
    )
    vault = make_vault(tmp_path / "v", {"Task_sum.md": body})
    [card] = cards(vault, frontmatter_question="title")
    assert card.question.startswith("<p>Сумма двух чисел</p>")
    assert "Напишите функцию sum." in card.question and "function" in card.question
    assert "return" in card.answer and "Напишите" not in card.answer


def test_html_comments_make_no_spaced_repetition_card(tmp_path: Path) -> None:
    body = (
        "#flashcards\n\n<!--Старый::вопрос-->\n\n<!--\nЕщё::один\n-->\n\n"
        "Столица Франции::Париж\n\nThe ==sun== <!-- ==moon== --> is hot.\n\n<!-- #secret -->\n"
    )
    vault = make_vault(tmp_path / "v", {"SR.md": body})
    found = cards(vault)
    assert [c.question for c in found] == [
        "<p>Столица Франции</p>",
        "<p>The {{c1::sun}}  is hot.</p>",
    ]
    assert all("moon" not in c.question + c.answer for c in found)
    assert all("secret" not in " ".join(c.tags) for c in found)
