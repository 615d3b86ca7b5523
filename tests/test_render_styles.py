"""The note type's CSS styles what the renderer emits, in light and in night mode."""

from __future__ import annotations

import re

import pytest

from vault2anki.apkg.styles import card_css


def rules(selector_part: str) -> list[str]:
    """Every rule whose selector list mentions `selector_part`."""
    return [
        m.group(0)
        for m in re.finditer(r"[^{}]+\{[^{}]*\}", card_css())
        if selector_part in m.group(0).split("{")[0]
    ]


@pytest.mark.parametrize(
    ("kind", "rgb"),
    [
        ("note", "68, 138, 255"),
        ("info", "0, 184, 212"),
        ("tip", "0, 191, 165"),
        ("success", "8, 185, 78"),
        ("warning", "236, 117, 0"),
        ("danger", "233, 49, 71"),
        ("bug", "233, 49, 71"),
        ("example", "124, 77, 255"),
        ("quote", "158, 158, 158"),
    ],
)
def test_each_callout_type_has_its_colour(kind: str, rgb: str) -> None:
    [rule] = [r for r in rules(f".callout-{kind}") if "--callout:" in r]
    assert re.search(rf"\.callout-{kind}\b", rule) and f"--callout: {rgb};" in rule


def test_unknown_callout_types_get_the_default_colour_and_box() -> None:
    [box] = [r for r in rules(".callout ") if r.split("{")[0].strip() == ".callout"]
    assert "--callout: 68, 138, 255" in box and "border-left" in box and "background" in box
    assert any("color: rgb(var(--callout))" in r for r in rules(".callout-title"))


def test_night_mode_for_every_client() -> None:
    """Desktop/AnkiDroid (`nightMode night_mode` on the body that is the .card), AnkiMobile
    (`.card.nightMode`) and older clients (a marked ancestor): the night palette reaches the
    card under each. tests/visual measures the result in a browser."""
    [night] = [r for r in rules(".card.nightMode") if "--v2a-bg" in r]
    selectors = {s.strip() for s in night.split("{")[0].split(",")}
    assert selectors == {
        ".card.nightMode",
        ".card.night_mode",
        ".nightMode .card",
        ".night_mode .card",
    }
    assert "color-scheme: dark" in night
    for part in (".callout", ".callout-title", ".highlight .k"):  # what cannot use a variable
        rule = rules(f".nightMode {part}")[0]
        assert f".night_mode {part}" in rule.split("{")[0], part


def test_folding_and_embedded_notes_are_styled() -> None:
    assert any("cursor: pointer" in r for r in rules("details > summary"))
    assert any("border-left" in r for r in rules(".transclusion"))
