"""Wikilinks as text or as `obsidian://` links, and the Source field's "open in Obsidian" link."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import make_vault, note

from vault2anki import ExportResult, Options, build
from vault2anki.cli import commands as cli
from vault2anki.cli import main
from vault2anki.export.parallel import Progress
from vault2anki.export.spool import CardSpool
from vault2anki.model import CardSource
from vault2anki.options import RenderOptions
from vault2anki.render.renderer import (
    NoteContext,
    Renderer,
    obsidian_url,
    render_card,
    source_html,
)
from vault2anki.report import Report
from vault2anki.vault.walk import walk_vault


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(
        tmp_path / "My Vault",
        {
            "dir/note.md": "",
            "Docs/Event loop & tasks.md": "# Event loop\n## Microtasks\n",
            "dir/Near.md": "",
            "Near.md": "",
        },
    )


def render(root: Path, text: str, options: RenderOptions) -> str:
    source = CardSource(note(text, "dir/note.md"), "0", "", text, 1, 1, ())
    renderer = Renderer(options)
    return renderer.render(text, NoteContext(walk_vault(root), source, options=options))


OBSIDIAN = RenderOptions(links="obsidian")
BASE = "obsidian://open?vault=My%20Vault&amp;file="


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        (
            "[[Event loop & tasks]]",
            f'<a class="wikilink" href="{BASE}Docs%2FEvent%20loop%20%26%20tasks">'
            "Event loop &amp; tasks</a>",
        ),
        (
            "[[Event loop & tasks#Microtasks|micro]]",
            f'<a class="wikilink" href="{BASE}Docs%2FEvent%20loop%20%26%20tasks%23Microtasks">'
            "micro</a>",
        ),
        ("[[Near]]", f'<a class="wikilink" href="{BASE}dir%2FNear">Near</a>'),  # nearest wins
        ("[[#Local]]", f'<a class="wikilink" href="{BASE}dir%2Fnote%23Local">Local</a>'),
        ("[[Not written yet]]", '<span class="wikilink">Not written yet</span>'),
        ("`[[code]]`", "<code>[[code]]</code>"),
    ],
)
def test_obsidian_links(vault: Path, markdown: str, html: str) -> None:
    assert render(vault, markdown, OBSIDIAN) == f"<p>{html}</p>"


def test_text_links_are_the_default(vault: Path) -> None:
    assert render(vault, "[[Near|n]]", RenderOptions()) == '<p><span class="wikilink">n</span></p>'


def test_vault_name_option_overrides_the_folder_name(vault: Path) -> None:
    html = render(vault, "[[Near]]", RenderOptions(links="obsidian", vault_name="Work notes"))
    assert 'href="obsidian://open?vault=Work%20notes&amp;file=dir%2FNear"' in html


def test_obsidian_url_and_source_html() -> None:
    assert obsidian_url("V", "a b/ü?.md") == "obsidian://open?vault=V&file=a%20b%2F%C3%BC%3F"
    assert obsidian_url("V", "img/x.png") == "obsidian://open?vault=V&file=img%2Fx.png"
    assert source_html("dir/<b>&.md", "My V") == (
        '<a href="obsidian://open?vault=My%20V&amp;file=dir%2F%3Cb%3E%26">dir/&lt;b&gt;&amp;.md</a>'
    )


def test_render_card_carries_the_source_link(vault: Path) -> None:
    source = CardSource(note("A", "dir/Near.md"), "0", "Q", "A", 1, 2, ())
    tree = walk_vault(vault)
    card = render_card(Renderer(), tree, source, Report())
    assert card is not None
    assert card.source_link == source_html("dir/Near.md", "My Vault")
    card = render_card(Renderer(RenderOptions(vault_name="Other")), tree, source, Report())
    assert card is not None and card.source_link == source_html("dir/Near.md", "Other")


def test_export_options_reach_the_cards(vault: Path) -> None:
    (vault / "dir/note.md").write_text("# Q\n## Answer\nSee [[Near]]", encoding="utf-8")
    options = Options.of(vault, links="obsidian", vault_name="VN")
    [card] = build(options).rendered()
    assert 'href="obsidian://open?vault=VN&amp;file=dir%2FNear"' in card.answer
    assert card.source_link == source_html("dir/note.md", "VN")
    [card] = build(Options.of(vault)).rendered()
    assert card.answer == '<p>See <span class="wikilink">Near</span></p>'


def test_cli_links_and_vault_name_options(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (vault / "dir/note.md").write_text("# Q\n## Answer\nSee [[Near]]", encoding="utf-8")
    seen: list[Options] = []
    real_plan = cli.plan_export

    def spy(
        options: Options, progress: Progress | None = None, spool: CardSpool | None = None
    ) -> ExportResult:
        seen.append(options)
        return real_plan(options, progress, spool)

    monkeypatch.setattr(cli, "plan_export", spy)
    out = tmp_path / "out.apkg"
    args = ["export", str(vault), "-o", str(out), "--links", "obsidian", "--vault-name", "VN"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert (seen[-1].render.links, seen[-1].render.vault_name) == ("obsidian", "VN")
    assert CliRunner().invoke(main, ["export", str(vault), "-o", str(out)]).exit_code == 0
    assert (seen[-1].render.links, seen[-1].render.vault_name) == ("text", None)
    bad = CliRunner().invoke(main, ["export", str(vault), "--links", "html"])
    assert bad.exit_code == 2
    help_text = CliRunner().invoke(main, ["export", "--help"]).output
    assert "--links [text|obsidian]" in help_text and "--vault-name NAME" in help_text
