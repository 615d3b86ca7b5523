r"""Issue 24, item 3: math runs script. `$\href{javascript:alert(1)}{\style{position:fixed;…}{x}}$`
was exported as written, and with the MathJax Anki ships a click anywhere on the card ran it;
`\style{…url()…}` fetched a remote URL. Now, outside `--trusted-html`, what would make MathJax
link, restyle or load is removed with a warning on the note's line, the math's text is kept,
and each card is checked in Chromium: Anki desktop's own reviewer.js and MathJax typeset it, a
click on every formula and on the card runs nothing, and nothing is fetched from anywhere."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import AnkiCollection
from visual.measure import browser, browser_problem

from vault2anki.render.sanitize import strip_unsafe_tex

from .anki_reviewer import Reviewer, Shown, anki_web
from .conftest import deck_fields, export

FIXED = r"\style{position:fixed;left:0;top:0;width:100vw;height:100vh}"
# name → (the line of the note's answer; the unsafe names the warning lists; what the math
# still reads). Each note also holds `$a$`, so the card has math Anki's reviewer typesets.
PROBES: dict[str, tuple[str, list[str], str]] = {
    "issue": (rf"$\href{{javascript:alert(1)}}{{{FIXED}{{x}}}}$", [r"\href", r"\style"], "x"),
    "display": ("$$\\href{javascript:alert(2)}{y}$$", [r"\href"], "y"),
    "style-url": (r"$\style{background:url(https://evil.example/s.png)}{z}$", [r"\style"], "z"),
    "escaped": (r"a \\(\href{javascript:alert(3)}{w}\\) b", [r"\href"], "w"),
    "entities": (r"&#92;(&#92;href{javascript:alert(4)}{v}&#92;)", [r"\href"], "v"),
    "html-block": (r"<div>\(\href{javascript:alert(5)}{u}\)</div>", [r"\href"], "u"),
    "wbr": (r"a \\(\hr<wbr>ef{javascript:alert(6)}{t}\\) b", [r"\href"], "t"),
    "spaces": (r"$\href  {javascript:alert(7)}  {s}$", [r"\href"], "s"),
    "mmltoken": (r'$\mmlToken{mi}[href="javascript:alert(8)"]{r}$', [r"\mmlToken"], "r"),
    "bbox": (r"$\bbox[background:url(https://evil.example/b.png)]{q}$", [r"\bbox"], "q"),
    "def": (r"$\def\x{\href}\x{javascript:alert(9)}{p}$", [r"\href"], "p"),
    "let": (r"$\let\y=\href \y{javascript:alert(10)}{o}$", [r"\href"], "o"),
    "newcommand": (
        r"$\newcommand{\z}[1]{\href{javascript:alert(11)}{#1}}\z{n}$",
        [r"\href"],
        "n",
    ),
    "joined": (r"$\hr\require{physics}ef{javascript:alert(12)}{m}$", [r"\href", r"\require"], "m"),
    "environment": (
        "$$\\begin{array}{c}\\href{javascript:alert(13)}{l}\\end{array}$$",
        [r"\href"],
        "l",
    ),
    "names": (
        r"$\class{card}{k}\cssId{qa}{j}\data{x=1}{i}\htmlClass{c}{h}"
        r"\url{https://evil.example/u}\require{physics}\unicode[Arial]{x263A}$",
        [r"\class", r"\cssId", r"\data", r"\htmlClass", r"\require", r"\unicode", r"\url"],
        "kjih",
    ),
    # Code (MathJax skips it unless its class says otherwise) reads as written: an empty span
    # splits it where MathJax would read `\href`, nothing is removed, nothing to warn about.
    "process-class": (
        r'<p><code class="mathjax_process">\(\href{javascript:alert(14)}{g}\)</code></p>',
        [],
        r"\(\href{javascript:alert(14)}{g}\)",
    ),
    "code-span": (
        r"`\(\href{javascript:alert(15)}{f}\)`",
        [],
        r"\(\href{javascript:alert(15)}{f}\)",
    ),
}
# Written nowhere as a name, so left as written: MathJax never makes `\href` of them.
AS_WRITTEN = {
    "built": r"$\def\x#1{#1ref}\x{\h}{javascript:alert(16)}{e}$",
    "safe": r"$\frac{1}{2}$, $\bbox[yellow]{d}$, $\color{red}{c}$, $\textbf{b}$",
}
# A note's path is shown on the back of its card (the Source field).
HOSTILE_NAME = r"\(\href{javascript:alert(17)}{name}\).md"


def _note(line: str) -> str:
    return f"# Probe?\n## Answer\n{line}\n\n$a$\n"


@pytest.fixture(scope="module")
def reviewer() -> Iterator[Reviewer]:
    problem = browser_problem()
    if problem:
        pytest.skip(problem)
    web = anki_web()
    if web is None:
        pytest.skip(
            "Anki desktop's MathJax not found: python3 -m venv .venv-anki && "
            ".venv-anki/bin/pip install 'aqt[qt]' (or set ANKI_BIN)"
        )
    with browser() as chromium:
        yield Reviewer(chromium, web)


def _write(vault: Path) -> None:
    for name, (line, _, _) in PROBES.items():
        (vault / f"{name}.md").write_text(_note(line), encoding="utf-8")
    for name, line in AS_WRITTEN.items():
        (vault / f"{name}.md").write_text(_note(line), encoding="utf-8")
    (vault / HOSTILE_NAME).write_text(_note("Named."), encoding="utf-8")


def test_unsafe_math_is_removed_with_a_warning_on_its_line(vault: Path, out: Path) -> None:
    _write(vault)
    run = export(vault, out, "-v")  # every warning, not grouped by kind
    assert run.code == 0, run.result.output
    warned = {line.split(".md:", 1)[0]: line for line in run.lines}
    for name, (_, names, _) in PROBES.items():
        if not names:
            assert name not in warned, warned[name]
            continue
        # line 3, where the math is written; where no `\name` is spelled out, the card's (2)
        where = 2 if name in ("entities", "wbr") else 3
        assert warned.pop(name) == (
            f"{name}.md:{where}: warning: math that Anki's MathJax would make a link, a style "
            f"or a download of was removed ({', '.join(names)}); its text is kept — pass "
            "--trusted-html if you trust every note of this vault"
        )
    assert warned == {}, warned
    answers = {_path(source): answer for _, answer, source in deck_fields(out)}
    for name, (_, names, kept) in PROBES.items():
        answer = html.unescape(answers[f"{name}.md"])
        for unsafe in names:
            assert unsafe not in answer, (name, answer)
        if names:
            assert "{" + kept[0] + "}" in answer, (name, answer)  # the text argument stays
        else:
            assert kept in answer.replace("<span></span>", ""), (name, answer)
        # what is left holds nothing more to remove (the removal ran to its end)
        assert strip_unsafe_tex(answers[f"{name}.md"]) == (answers[f"{name}.md"], [])


def test_trusted_html_keeps_math_as_written(vault: Path, out: Path) -> None:
    _write(vault)
    run = export(vault, out, "--trusted-html")
    assert run.code == 0 and run.lines == []
    answers = " ".join(f[1] for f in deck_fields(out))
    assert r"\href{javascript:alert(1)}" in answers and r"\hr<wbr>ef" in answers


def _cards(vault: Path, out: Path, anki: AnkiCollection) -> dict[str, str]:
    """Each note's card as Anki desktop renders its back (`card.answer()`), by note name."""
    _write(vault)
    assert export(vault, out).code == 0
    anki.import_package(out)
    cards = {}
    for cid in anki.col.find_cards(""):
        card = anki.col.get_card(cid)
        cards[_path(card.note()["Source"]).removesuffix(".md")] = card.answer()
    return cards


def _path(source: str) -> str:
    """The note's path a Source field shows."""
    return html.unescape(re.sub(r"<[^>]+>", "", source))


def _faults(shown: Shown, kept: str) -> list[str]:
    """What is wrong with a card in the reviewer: empty when it is inert and kept its text."""
    faults = [f"ran {d}" for d in shown.dialogs] + [f"fetched {u}" for u in shown.foreign]
    faults += [f"set {c}" for c in shown.chosen]
    if not shown.url.split("#")[0].endswith("/reviewer.html"):
        faults.append(f"followed a link to {shown.url}")
    if not shown.math:
        faults.append("nothing typeset")  # else a MathJax that never ran would pass
    elif not any(kept in formula for formula in shown.math):
        faults.append(f"lost {kept!r}: {shown.math}")
    return faults


def test_each_card_is_inert_in_ankis_reviewer_and_keeps_its_text(
    vault: Path, out: Path, anki: AnkiCollection, reviewer: Reviewer
) -> None:
    cards = _cards(vault, out, anki)
    assert set(cards) == {*PROBES, *AS_WRITTEN, HOSTILE_NAME.removesuffix(".md"), "good"}
    del cards["good"]  # the vault's note without math
    faults = {}
    for name, card in sorted(cards.items()):
        removed, kept = PROBES.get(name, ("", [], ""))[1:]
        if found := _faults(reviewer.show(card), kept if removed else ""):
            faults[name] = found
    assert faults == {}


def test_the_browser_check_sees_what_runs(reviewer: Reviewer) -> None:
    """The same reviewer, shown the probes as they were exported before: it sees them run,
    fetch and restyle, so the test above would fail without the fix."""
    before = reviewer.show(
        rf"<p>\(\href{{javascript:alert(1)}}{{{FIXED}{{x}}}}\)"
        r"\(\style{background:url(https://evil.example/s.png)}{z}\)</p>"
    )
    assert before.dialogs == ["1"]
    assert before.foreign == ["https://evil.example/s.png"]
    assert any("javascript:alert(1)" in chosen for chosen in before.chosen)
