"""Bilingual notes as Anki shows them: each language's front holds its own question only."""

from __future__ import annotations

from pathlib import Path

from conftest import AnkiCollection

from vault2anki import Options, export_vault

# The shape of q-mobile-banking-auth and three more notes of the bilingual corpus (qa finding 10).
PROMPTS = (
    "# Вопрос (RU)\n> Как спроектировать вход?\n\n# Question (EN)\n> How to design sign-in?\n\n"
    "---\n\n### Upgraded Interview Prompt (RU)\nСпроектируйте вход.\n\n"
    "### Upgraded Interview Prompt (EN)\nDesign sign-in.\n\n"
    "## Ответ (RU)\nПаскей.\n\n## Answer (EN)\nPasskeys.\n"
)


def test_neither_front_takes_in_the_notes_prompt_sections(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "q-sign-in.md").write_text(PROMPTS, encoding="utf-8")
    out = tmp_path / "deck.apkg"
    export_vault(Options.of(vault, output=out, no_lock=True))
    assert anki.import_package(out).new == 2
    fronts = {str(n["Answer"]): str(n["Question"]) for n in anki.notes()}
    ru = next(q for a, q in fronts.items() if "Паскей" in a)
    en = next(q for a, q in fronts.items() if "Passkeys" in a)
    assert "Как спроектировать вход?" in ru and "How to design sign-in?" in en
    for front in (ru, en):
        assert "Prompt" not in front and "<hr" not in front and "Design sign-in" not in front
