"""`vault2anki preview VAULT [-o DIR] [--open]`: the static site a user checks a deck with."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import PNG, make_vault

from vault2anki.cli import main
from vault2anki.vault.walk import walk_vault


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["preview", *map(str, args)])


def rows(index: Path) -> list[str]:
    return re.findall(r'<tr class="card".*?</tr>', index.read_text(encoding="utf-8"), re.S)


def test_every_card_with_its_pages_and_images(example_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run(example_vault, "-o", out)
    assert result.exit_code == 0, result.output
    # Worded as export's summary: Anki cards, then notes, then files.
    assert re.search(
        r"^7 cards in 7 notes from 8 note files, 4 media files, 0 warnings → .*index\.html$",
        result.output,
        re.M,
    ), result.output
    assert len(rows(out / "index.html")) == 7
    for number in range(1, 8):
        page = (out / "cards" / f"{number:04d}.html").read_text(encoding="utf-8")
        assert f'src="{number:04d}-1-front.html#light"' in page
        assert f'src="{number:04d}-1-back.html#light"' in page
    backs = "".join(p.read_text(encoding="utf-8") for p in (out / "cards").glob("*-back.html"))
    images = set(re.findall(r'<img[^>]* src="([^"]+)"', backs))
    assert len(images) == 4
    originals = {p.read_bytes() for p in example_vault.rglob("*.png")}
    for name in images:  # side documents resolve media against ../media/, as Anki's folder
        assert (out / "media" / name).read_bytes() in originals


def test_filters_list_every_deck_tag_and_problem(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path / "v",
        {
            "Lang/Go.md": "---\ntags: [go, lang/compiled]\n---\n# Q1\n## Answer\nA ![[gone.png]]\n",
            "Math/Sum.md": "# Q2\n## Answer\nA\n",
            "Broken.md": "---\ntags: [a\n---\nno card here\n",
        },
    )
    out = tmp_path / "site"
    result = run(vault, "-o", out, "--deck-from-folders")
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    for value in ("v::Lang", "v::Math", "go", "lang::compiled", "missing-media"):
        assert f'<option value="{value}">' in index
    [go_row] = [r for r in rows(out / "index.html") if 'data-deck="v::Lang"' in r]
    # The warning sits beside its card, in the index and on the card's page.
    assert 'data-problems="missing-media"' in go_row and "gone.png" in go_row
    assert "gone.png" in (out / "cards" / "0001.html").read_text(encoding="utf-8")
    [math_row] = [r for r in rows(out / "index.html") if 'data-deck="v::Math"' in r]
    assert 'data-problems=""' in math_row
    # A problem of a note that made no card is listed apart.
    assert "Problems outside any card" in index and "Broken.md" in index.split("outside")[1]


def test_export_options_shape_the_preview(example_vault: Path, tmp_path: Path) -> None:
    (example_vault / "vault2anki.toml").write_text('deck = "From toml"\n', encoding="utf-8")
    run(example_vault, "-o", tmp_path / "a")
    assert 'data-deck="From toml"' in (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    run(example_vault, "-o", tmp_path / "b", "--deck", "Flag")
    assert 'data-deck="Flag"' in (tmp_path / "b" / "index.html").read_text(encoding="utf-8")
    result = run(example_vault, "-o", tmp_path / "c", "--answer-heading", "Nothing like it")
    assert result.exit_code == 1  # no card: said so, like `check`
    assert len(rows(tmp_path / "c" / "index.html")) == 0


def test_default_folder_is_next_to_where_it_runs(
    example_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(example_vault)
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{example_vault.name}-preview" / "index.html").is_file()


def test_replaces_its_own_preview_and_nothing_else(example_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run(example_vault, "-o", out).exit_code == 0
    (out / "cards" / "9999.html").write_text("stale", encoding="utf-8")
    assert run(example_vault, "-o", out).exit_code == 0
    assert not (out / "cards" / "9999.html").exists()  # a new preview, not a merge

    precious = tmp_path / "docs"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me", encoding="utf-8")
    result = run(example_vault, "-o", precious)
    assert result.exit_code == 1
    assert "not a vault2anki preview" in result.output and "Traceback" not in result.output
    assert [p.name for p in precious.iterdir()] == ["thesis.txt"]


def test_a_preview_inside_the_vault_is_not_vault_content(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v", {"a.md": "# Q\n## Answer\n![[p.png]]\n", "p.png": PNG})
    assert run(vault, "-o", vault / "v-preview").exit_code == 0
    assert len(list((vault / "v-preview" / "media").iterdir())) == 1
    assert walk_vault(vault).files == ["p.png"]  # not also v-preview/media/p.png


def test_open_launches_the_index(
    example_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("click.launch", lambda url, **_: opened.append(url) or 0)
    assert run(example_vault, "-o", tmp_path / "s", "--open").exit_code == 0
    assert opened == [str(tmp_path / "s" / "index.html")]


def test_unwritable_folder_is_a_message(example_vault: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run(example_vault, "-o", blocker / "site")
    assert result.exit_code == 1 and "cannot write the preview" in result.output
    assert "Traceback" not in result.output
    shutil.rmtree(tmp_path / "site", ignore_errors=True)


def test_cloze_notes_read_as_their_text_in_the_index(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path / "v", {"c.md": "#flashcards\n\nThe {{c1::sun::star}} is ==hot==.\n"}
    )
    assert run(vault, "-o", tmp_path / "s").exit_code == 0
    [row] = rows(tmp_path / "s" / "index.html")
    assert "The sun is hot.</a> (2 cards)" in row and "{{c" not in row
    cards = tmp_path / "s" / "cards"
    assert sorted(p.name for p in cards.glob("0001-*-front.html")) == [
        "0001-1-front.html",
        "0001-2-front.html",
    ]
