"""Hostile note files: each is a warning (the card still exports) or an error (that note's card
is skipped, exit 1); the good note next to it always exports, and nothing ever tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from vault2anki.render.renderer import Renderer
from vault2anki.vault.notes import MAX_NOTE_BYTES

from .conftest import deck_tags, export

GOOD_Q = "<p>What is a good note?</p>"


def test_malformed_yaml_frontmatter_is_a_warning_and_the_card_exports(
    vault: Path, out: Path
) -> None:
    (vault / "yaml.md").write_text("---\ntags: [a, b\nid: 7\n---\n# Broken YAML\n## Answer\nA\n")
    run = export(vault, out)
    assert run.code == 0
    assert run.lines[0] == (
        "yaml.md:3: warning: frontmatter is not valid YAML (did not find expected ',' or ']'); "
        "ignored — fix the YAML between the --- lines"
    )
    assert run.questions() == [GOOD_Q, "<p>Broken YAML</p>"]


def test_frontmatter_that_is_not_a_mapping_is_a_warning(vault: Path, out: Path) -> None:
    (vault / "list.md").write_text("---\n- a\n- b\n---\n# List frontmatter\n## Answer\nA\n")
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == [
        "list.md:1: warning: frontmatter is not a mapping of keys to values; ignored — write it "
        "as 'key: value' lines between the --- lines"
    ]
    assert "<p>List frontmatter</p>" in run.questions()


def test_windows_1251_note_is_read_as_cp1251_with_a_warning(vault: Path, out: Path) -> None:
    text = "# Что такое замыкание?\n## Ответ\nФункция, которая помнит своё окружение.\n"
    (vault / "ru.md").write_bytes(text.encode("cp1251"))
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == [
        "ru.md:1: warning: not valid UTF-8; read as Windows-1251 — re-save the note as UTF-8"
    ]
    fields = {f[0]: f[1] for f in _fields(out)}
    assert fields["<p>Что такое замыкание?</p>"] == "<p>Функция, которая помнит своё окружение.</p>"


def test_empty_file_makes_no_card_and_no_noise(vault: Path, out: Path) -> None:
    (vault / "empty.md").write_bytes(b"")
    run = export(vault, out)
    assert run.code == 0 and run.lines == []
    assert run.result.stdout.startswith("1 cards in 1 notes from 2 note files")
    assert run.questions() == [GOOD_Q]


def test_binary_file_named_md_is_skipped_with_a_warning(vault: Path, out: Path) -> None:
    (vault / "photo.md").write_bytes(bytes(range(256)) * 64)
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == [
        "photo.md: warning: binary file named .md; skipped (rename it if it is not a note)"
    ]
    assert run.questions() == [GOOD_Q]


def test_nul_bytes_are_removed_with_a_warning_naming_the_line(vault: Path, out: Path) -> None:
    (vault / "nul.md").write_bytes(b"# With NUL\n## Answer\nbefore\x00after\n")
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == [
        "nul.md:3: warning: NUL bytes removed; the file may be damaged — re-save it as plain text"
    ]
    assert ["<p>With NUL</p>", "<p>beforeafter</p>"] in [f[:2] for f in _fields(out)]


def test_a_400000_word_line_exports(vault: Path, out: Path) -> None:
    words = ("alpha", "beta", "gamma", "функция", "the")
    line = " ".join(words[i % len(words)] for i in range(400_000))
    (vault / "long.md").write_text(f"# One very long line\n## Answer\n{line}\n", encoding="utf-8")
    # No time budget: it renders in about 3 s, more on a busy machine; this is not about speed.
    run = export(vault, out, "--time-budget", "0")
    assert run.code == 0 and run.lines == []
    answers = {f[0]: f[1] for f in _fields(out)}
    assert answers["<p>One very long line</p>"].count(" ") == 400_000 - 1


def test_a_20_mb_note_is_skipped_with_a_warning(vault: Path, out: Path) -> None:
    chunk = "# Q\n## Answer\n" + "word " * 200 + "\n"
    with open(vault / "huge.md", "w", encoding="utf-8") as fh:
        fh.write(chunk * (20_000_000 // len(chunk) + 1))
    assert (vault / "huge.md").stat().st_size > MAX_NOTE_BYTES
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == [
        "huge.md: warning: note is 20.0 MB, over the 4 MB limit; skipped — split it into smaller "
        "notes or move it out of the vault"
    ]
    assert run.questions() == [GOOD_Q]


def test_a_note_with_10000_questions_exports_them_all(vault: Path, out: Path) -> None:
    body = "".join(f"## Question {i}?\n### Answer\nAnswer {i}.\n\n" for i in range(10_000))
    (vault / "many.md").write_text(body)
    run = export(vault, out, "--time-budget", "0")  # one big note: not about speed either
    assert run.code == 0 and run.lines == []
    assert run.result.stdout.startswith("10001 cards in 10001 notes from 2 note files")
    questions = run.questions()
    assert GOOD_Q in questions and "<p>Question 9999?</p>" in questions


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda n: "\n".join("    " * i + "- item" for i in range(n)), id="list"),
        pytest.param(lambda n: "\n".join("> " * i + "line" for i in range(1, n + 1)), id="quote"),
        pytest.param(lambda n: ">" * n + " deep", id="quote-one-line"),
        pytest.param(
            lambda n: "\n".join("  " * i + ("> " if i % 2 else "- ") + "x" for i in range(n)),
            id="mixed",
        ),
    ],
)
def test_500_deep_nesting_is_an_error_for_that_card_only_and_refused_unrendered(
    vault: Path, out: Path, shape: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = shape(500)  # type: ignore[operator]
    (vault / "deep.md").write_text(f"# Deep\n## Answer\n{deep}\n")
    (vault / "zafter.md").write_text("# After the deep one\n## Answer\n**still rendered**\n")
    converted: list[str] = []
    convert = Renderer.convert

    def spy(self: Renderer, text: str, context: object = None) -> str:
        converted.append(text)
        return convert(self, text, context)  # type: ignore[arg-type]

    # Refused before the engine sees it: the card would be cut off at the engine's depth.
    monkeypatch.setattr(Renderer, "convert", spy)
    run = export(vault, out, "--no-cache", "--jobs", "1")
    assert "**still rendered**" in converted and deep not in converted
    assert run.code == 1
    assert len(run.lines) == 1
    assert run.lines[0].startswith("deep.md:2: error: quotes/lists nested about ")
    assert run.lines[0].endswith(
        "levels deep (limit 100); the card is skipped — flatten the nesting"
    )
    fields = {f[0]: f[1] for f in _fields(out)}
    assert set(fields) == {GOOD_Q, "<p>After the deep one</p>"}
    assert fields["<p>After the deep one</p>"] == "<p><strong>still rendered</strong></p>"


def test_moderate_nesting_still_renders(vault: Path, out: Path) -> None:
    nested = "\n".join("    " * i + "- item" for i in range(30))
    (vault / "nested.md").write_text(f"# Nested\n## Answer\n{nested}\n")
    run = export(vault, out)
    assert run.code == 0 and run.lines == []
    answers = {f[0]: f[1] for f in _fields(out)}
    assert answers["<p>Nested</p>"].count("<ul>") == 30


def test_two_cards_with_the_same_question_in_one_file_warn(vault: Path, out: Path) -> None:
    (vault / "dup.md").write_text("# Same?\n## Answer\nA\n\n# Same?\n## Answer\nB\n")
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == [
        "dup.md:6: warning: same question as the card at line 2; give each answer its own "
        "question heading"
    ]
    assert sorted(f[1] for f in _fields(out) if f[0] == "<p>Same?</p>") == ["<p>A</p>", "<p>B</p>"]


def test_two_notes_with_the_same_id_is_an_error_naming_both(vault: Path, out: Path) -> None:
    (vault / "a.md").write_text("---\ntitle: A\nid: q-1\n---\n# First\n## Answer\nA\n")
    (vault / "b.md").write_text("---\nid: q-1\n---\n# Copy\n## Answer\nB\n")
    run = export(vault, out)
    assert run.code == 1
    assert run.lines == [
        "b.md:2: error: frontmatter id 'q-1' is already used by a.md:3; this note's cards are "
        "skipped — give each note its own id"
    ]
    assert sorted(run.questions()) == sorted([GOOD_Q, "<p>First</p>"])
    # The summary still reports the deck that was written.
    assert run.result.stdout.startswith("2 cards in 2 notes from 3 note files")


def test_numeric_and_string_ids_that_collide_are_caught(vault: Path, out: Path) -> None:
    (vault / "a.md").write_text("---\nid: 42\n---\n# A\n## Answer\nA\n")
    (vault / "b.md").write_text("---\nid: '42'\n---\n# B\n## Answer\nB\n")
    run = export(vault, out)
    assert run.code == 1
    assert run.lines[0].startswith("b.md:2: error: frontmatter id '42' is already used by a.md:2")


def test_an_unreadable_note_is_skipped_with_a_warning(
    vault: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = vault / "locked.md"
    locked.write_text("# Locked\n## Answer\nA\n")
    import os

    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads anything: simulate the permission error instead
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.name == "locked.md":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    try:
        run = export(vault, out)
    finally:
        locked.chmod(0o644)
    assert run.code == 0
    assert run.lines == [
        "locked.md: warning: cannot read note (Permission denied); skipped — check that the file "
        "exists and that you may read it"
    ]
    assert run.questions() == [GOOD_Q]


def _fields(out: Path) -> list[list[str]]:
    from .conftest import deck_fields

    return deck_fields(out)


def test_a_card_that_breaks_the_engine_costs_only_that_card(
    vault: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anything the engine raises on a card makes that card an error; the engine is built
    afresh, and the cards rendered after it are still real HTML."""
    from vault2anki.render.renderer import Renderer

    convert = Renderer.convert
    built: list[object] = []

    def breaks(self: Renderer, text: str, context: object = None) -> str:
        built.append(self.md)
        if "BREAKS" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return convert(self, text, context)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "convert", breaks)
    (vault / "deep.md").write_text("# Deep\n## Answer\n- BREAKS\n")
    (vault / "zafter.md").write_text("# After\n## Answer\n**bold** and ![[missing.png]]\n")
    run = export(vault, out, "--jobs", "1", "--no-cache")
    assert run.code == 1
    assert run.lines == [
        "deep.md:2: error: cannot render this card (RecursionError); simplify the Markdown "
        "around it — the card is skipped",
        "zafter.md:3: warning: embedded file not found in the vault: 'missing.png'; check the "
        "name or add the file",
    ]
    answers = {f[0]: f[1] for f in _fields(out)}
    assert answers["<p>After</p>"].startswith("<p><strong>bold</strong> and <span")
    assert len(set(map(id, built))) == 2  # the engine was built again after the failure


def test_nesting_past_the_check_is_cut_off_never_a_crash(
    vault: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the nesting pre-check, 300 levels reach the engine: it stops nesting at its
    own depth (text is kept), no RecursionError."""
    from vault2anki.render import checks

    monkeypatch.setattr(checks, "MAX_NESTING", 10_000)
    deep = "\n".join("    " * i + "- item" for i in range(300))
    (vault / "deep.md").write_text(f"# Deep\n## Answer\n{deep}\n")
    run = export(vault, out, "--no-cache")
    assert run.code == 0, run.lines
    answers = {f[0]: f[1] for f in _fields(out)}
    assert answers["<p>Deep</p>"].count("<ul>") >= 100


def _alias_bomb() -> str:
    """342 bytes of YAML that expand to 9^9 strings (the issue's was 381 bytes, 3 GB)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines)


def test_a_yaml_alias_bomb_is_refused_with_a_warning(vault: Path, out: Path) -> None:
    (vault / "bomb.md").write_text(f"---\n{_alias_bomb()}\n---\n# Bomb?\n## Answer\nA\n")
    run = export(vault, out)
    assert run.code == 0
    # The 21st alias is the 3rd of line 4 of the YAML, line 5 of the file.
    assert run.lines == [
        "bomb.md:5: warning: frontmatter uses more than 20 YAML aliases (*name); ignored — "
        "aliases can expand a few bytes into gigabytes: write the values out"
    ]
    assert run.questions() == ["<p>Bomb?</p>", GOOD_Q]


def test_a_few_yaml_aliases_still_work(vault: Path, out: Path) -> None:
    (vault / "alias.md").write_text(
        "---\ncommon: &t [shared, topic]\ntags: *t\n---\n# Aliased?\n## Answer\nA\n"
    )
    run = export(vault, out, "--strict")
    assert run.code == 0, run.result.output
    assert run.questions() == ["<p>Aliased?</p>", GOOD_Q]
    assert deck_tags(out)[0] == ["shared", "topic"]
