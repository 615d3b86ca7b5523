"""Property-based checks: generated Obsidian Markdown never breaks the renderer nor leaks raw
`[[`/`![[` onto a card, and generated vault trees get stable, unique GUIDs."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vault2anki import Options, build
from vault2anki.model import CardSource, NoteFile
from vault2anki.render.renderer import NoteContext, Renderer
from vault2anki.vault.walk import walk_vault

from .test_paths import PNG

SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Random prose: no brackets, `!`, `$`, backslash or `<`, which could make a fragment next to it
# legitimately literal (`\[[x]]`, `$[[x]]$`, an unclosed `[`): those are not what is tested.
TEXT = st.text(
    alphabet=st.sampled_from(list("abcxyzАБВгде 0123456789.,:;-*_#=~()'\"")), max_size=40
)
NAME = (
    st.text(alphabet=st.sampled_from(list("abcdeЖЗ 12-_")), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)

FRAGMENT = st.one_of(
    TEXT,
    NAME.map(lambda n: f"[[{n}]]"),
    st.tuples(NAME, NAME).map(lambda p: f"[[{p[0]}|{p[1]}]]"),
    st.tuples(NAME, NAME).map(lambda p: f"[[{p[0]}#{p[1]}]]"),
    NAME.map(lambda n: f"![[{n}]]"),
    NAME.map(lambda n: f"![[{n}.png|300]]"),
    st.just("![[pic.png]]"),
    st.just("![[missing.mp3]]"),
    NAME.map(lambda n: f"#{n.replace(' ', '-')}"),
    TEXT.map(lambda t: f"=={t}=="),
    TEXT.map(lambda t: f"%%{t}%%"),
    st.just("^block-1"),
    st.just("$x^2$"),
    st.just("$$\\sum_i i$$"),
    TEXT.map(lambda t: f"> [!tip] {t}"),
    TEXT.map(lambda t: f"> {t}"),
    TEXT.map(lambda t: f"- [ ] {t}"),
    TEXT.map(lambda t: f"1. {t}"),
    TEXT.map(lambda t: f"## {t}"),
    st.tuples(st.sampled_from(["js", "python", "mermaid", ""]), TEXT, NAME).map(
        lambda p: f"\n```{p[0]}\n{p[1]} [[{p[2]}]] ![[{p[2]}]]\n```\n"
    ),
    NAME.map(lambda n: f"`[[{n}]]`"),
)
MARKDOWN = st.lists(st.tuples(FRAGMENT, st.sampled_from([" ", "\n", "\n\n", ""])), max_size=25).map(
    lambda parts: "".join(f + sep for f, sep in parts)
)

_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL)


@pytest.fixture(scope="module")
def small_vault() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="v2a-prop-"))
    (root / "pic.png").write_bytes(PNG)
    (root / "a.md").write_text("# A\n")
    yield root
    shutil.rmtree(root)


@SETTINGS
@given(text=MARKDOWN)
def test_rendering_never_raises_nor_leaks_wikilink_syntax(small_vault: Path, text: str) -> None:
    vault = walk_vault(small_vault)
    note = NoteFile(rel="n.md", path=small_vault / "n.md", body=text, body_line=1, meta={}, mtime=0)
    source = CardSource(note, "0", "Q", text, line=1, answer_line=1, tags=())
    html = Renderer().render(text, NoteContext(vault, source))  # no guard: must not raise
    prose = _CODE.sub("", html)
    assert "[[" not in prose and "![[" not in prose, (text, html)


NOTE = st.tuples(
    st.one_of(st.none(), st.sampled_from(["id-1", "id-2", "id-3", "42"])),
    st.lists(TEXT.map(str.strip).filter(bool), min_size=1, max_size=3),
)
TREE = st.dictionaries(
    st.tuples(st.sampled_from(["", "sub/", "sub/deeper/", "Тема/"]), NAME).map(
        lambda p: f"{p[0]}{p[1]}.md"
    ),
    NOTE,
    min_size=1,
    max_size=8,
)


def _write(root: Path, tree: dict[str, tuple[str | None, list[str]]]) -> None:
    for rel, (note_id, questions) in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\nid: {note_id}\n---\n" if note_id else ""
        # "answer: " keeps every answer a card: a bare `___` or `#` would be a rule or a
        # heading, an empty answer left out, and an id on a card-less note collides with nothing.
        body = "".join(f"# {q}?\n## Answer\nanswer: {q}\n\n" for q in questions)
        path.write_text(front + body, encoding="utf-8")


@settings(max_examples=40, deadline=None)
@given(tree=TREE)
# Found by CI: a rule (`___`) as the second note's only answer text.
@example(tree={"2.md": (None, ["0"]), "1.md": ("id-1", ["0"]), "_.md": ("id-1", ["___"])})
def test_guids_are_stable_across_runs_and_unique_in_a_vault(
    tree: dict[str, tuple[str | None, list[str]]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        _write(root, tree)
        first = build(Options.of(root))
        second = build(Options.of(root))
        # A copy elsewhere (another clone of the vault) gives the same GUIDs.
        shutil.copytree(root, Path(tmp) / "clone")
        third = build(Options.of(Path(tmp) / "clone"))
    guids = [c.guid for c in first.cards]
    assert guids == [c.guid for c in second.cards] == [c.guid for c in third.cards]
    assert len(set(guids)) == len(guids)
    # Every note sharing an id with an earlier one is reported, never silently merged.
    ids = [meta[0] for _, meta in sorted(tree.items()) if meta[0] is not None]
    assert len([p for p in first.errors if p.kind == "duplicate-id"]) == len(ids) - len(set(ids))
