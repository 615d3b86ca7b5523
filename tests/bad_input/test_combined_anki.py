"""One vault holding every kind of hostile file at once, exported through the CLI and imported
into a real Anki collection: the good notes arrive intact, the bad ones are reported."""

from __future__ import annotations

from pathlib import Path

from conftest import AnkiCollection
from helpers import make_vault

from .conftest import export

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d5a0a50000000049454e44ae426082"
)


def hostile_vault(root: Path, outside: Path) -> Path:
    root.mkdir()
    (outside / "secret.png").write_bytes(PNG + b"SECRET")
    (outside / "leak.md").write_text("# Leaked?\n## Answer\nleaked\n")
    files: dict[str, str | bytes] = {
        "good/closure.md": "# What is a closure?\n## Answer\nA function with its scope.\n",
        "good/pic.md": "# Which picture?\n## Answer\n![[pic.png|100]]\n",
        "img/pic.png": PNG,
        "yaml.md": "---\ntags: [a\n---\n# Bad YAML?\n## Answer\nstill here\n",
        "list-fm.md": "---\n- a\n---\n# List FM?\n## Answer\nstill here\n",
        "ru.md": "# Что такое DOM?\n## Ответ\nДерево узлов.\n".encode("cp1251"),
        "empty.md": b"",
        "binary.md": bytes(range(256)) * 32,
        "nul.md": b"# NUL?\n## Answer\nA\x00B\n",
        "deep.md": "# Deep?\n## Answer\n" + "\n".join("  " * i + "- x" for i in range(500)),
        "escape.md": "# Escape?\n## Answer\n![a](../secret.png) ![b](file:///etc/passwd)\n",
        "id-a.md": "---\nid: same\n---\n# Id A?\n## Answer\nA\n",
        "id-b.md": "---\nid: same\n---\n# Id B?\n## Answer\nB\n",
        "dup.md": "# Twice?\n## Answer\n1\n# Twice?\n## Answer\n2\n",
        "cycle-a.md": "# Cycle A?\n## Answer\n![[cycle-b]]\n",
        "cycle-b.md": "# Cycle B?\n## Answer\n![[cycle-a]]\n",
    }
    make_vault(root, files)
    (root / "x.md").mkdir()
    (root / "img" / "secret.png").symlink_to(outside / "secret.png")
    (root / "leak.md").symlink_to(outside / "leak.md")
    (root / "loop").symlink_to(".")
    return root


def test_hostile_vault_exports_every_good_note_into_real_anki(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    vault = hostile_vault(tmp_path / "vault", outside)
    out = tmp_path / "hostile.apkg"
    run = export(vault, out)
    assert run.code == 1  # errors: the deep card and the duplicate id
    kinds = {line.split(": ", 2)[1] + ":" + line.split(": ", 2)[0] for line in run.lines}
    assert kinds == {
        "warning:img/secret.png",
        "warning:leak.md",
        "warning:binary.md",
        "error:deep.md:2",
        "warning:escape.md:3",
        "error:id-b.md:2",
        "warning:dup.md:5",
        "warning:list-fm.md:1",
        "warning:nul.md:3",
        "warning:ru.md:1",
        "warning:yaml.md:3",
        # ![[cycle-b]] ↔ ![[cycle-a]]: each card shows the link text where the loop closes
        "warning:cycle-a.md:3",
        "warning:cycle-b.md:3",
    }, run.lines
    assert run.result.stdout.startswith(
        "12 cards in 12 notes from 15 note files, 1 media files, 2 errors"
    )

    counts = anki.import_package(out)
    assert (counts.new, counts.conflicting) == (12, 0)
    notes = {n["Question"]: n for n in anki.notes()}
    assert set(notes) == {
        "<p>What is a closure?</p>",
        "<p>Which picture?</p>",
        "<p>Bad YAML?</p>",
        "<p>List FM?</p>",
        "<p>Что такое DOM?</p>",
        "<p>NUL?</p>",
        "<p>Escape?</p>",
        "<p>Id A?</p>",
        "<p>Twice?</p>",
        "<p>Cycle A?</p>",
        "<p>Cycle B?</p>",
    }
    assert notes["<p>Что такое DOM?</p>"]["Answer"] == "<p>Дерево узлов.</p>"
    assert notes["<p>What is a closure?</p>"]["Source"] == "good/closure.md"
    # The one image inside the vault arrived; nothing from outside did.
    (media,) = anki.media_names()
    assert anki.media_bytes(media) == PNG
    assert 'src="' + media + '"' in notes["<p>Which picture?</p>"]["Answer"]
    assert not any(b"SECRET" in anki.media_bytes(name) for name in anki.media_names())
