"""The render cache and the worker pool: used when nothing changed, never stale, and the same
cards and package bytes with or without them."""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path

import pytest
from helpers import PNG, make_vault

from vault2anki import ExportResult, Options, build, plan_export, write_export
from vault2anki.export import cache as cache_mod
from vault2anki.export import parallel


def _note(i: int, body: str = "") -> str:
    return (
        f"# Question {i}?\n\n## Answer\n\nAnswer *{i}* with `code` and [[Note {i + 1}]].\n\n"
        f"```js\nconst x{i} = {i} < 2;\n```\n{body}"
    )


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    files: dict[str, str | bytes] = {f"notes/Note {i}.md": _note(i) for i in range(12)}
    files["notes/Note 3.md"] = _note(3, "\n![[pic.png|300]]\n")
    files["notes/Note 5.md"] = _note(5, "\n![[missing.png]]\n")
    files["notes/Note 7.md"] = _note(7, "\n![[shared.png]]\n")
    files["img/pic.png"] = PNG
    files["a/shared.png"] = PNG
    return make_vault(tmp_path / "vault", files)


def export(vault: Path, tmp_path: Path, name: str, **kw: object) -> tuple[ExportResult, bytes]:
    out = tmp_path / f"{name}.apkg"
    kw.setdefault("cache_dir", tmp_path / "cache")
    kw.setdefault("no_lock", True)  # mod from mtimes, cards as `build` gives them: the cache alone
    # Planned in memory (no spool): the cards keep their HTML, to compare with `build`'s.
    # tests/test_spool.py shows export_vault's streamed package is the same bytes.
    options = Options.of(vault, output=out, **kw)
    result = write_export(plan_export(options), options)
    return result, out.read_bytes()


def same(a: ExportResult, b: ExportResult) -> None:
    assert a.cards == b.cards
    assert a.problems == b.problems
    assert (a.note_files, a.media_files) == (b.note_files, b.media_files)


def test_second_export_hits_the_cache_and_writes_the_same_bytes(vault: Path, tmp_path: Path):
    cold, cold_bytes = export(vault, tmp_path, "cold")
    warm, warm_bytes = export(vault, tmp_path, "warm")
    assert (cold.cache_hits, cold.cache_misses) == (0, 12)
    assert (warm.cache_hits, warm.cache_misses) == (12, 0)
    same(cold, warm)
    assert cold_bytes == warm_bytes
    assert any(p.kind == "missing-media" for p in warm.problems)  # warnings come back too


def test_same_result_without_cache(vault: Path, tmp_path: Path) -> None:
    export(vault, tmp_path, "fill")
    cached, cached_bytes = export(vault, tmp_path, "cached")
    plain, plain_bytes = export(vault, tmp_path, "plain", no_cache=True)
    assert cached.cache_hits == 12
    assert (plain.cache_hits, plain.cache_misses) == (0, 12)
    same(cached, plain)
    assert cached_bytes == plain_bytes


def test_parallel_equals_serial(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_NOTES_PER_JOB", 1)  # a pool even for 12 notes
    monkeypatch.setattr(parallel, "CHUNK_NOTES", 5)
    calls: list[int] = []
    real = parallel._in_pool
    monkeypatch.setattr(parallel, "_in_pool", lambda *a: calls.append(1) or real(*a))
    serial, serial_bytes = export(vault, tmp_path, "serial", jobs=1, no_cache=True)
    assert calls == []
    pooled, pooled_bytes = export(vault, tmp_path, "pooled", jobs=2, no_cache=True)
    assert calls == [1]
    same(serial, pooled)
    assert serial_bytes == pooled_bytes
    # and the pool fills the cache as well as the serial path does
    export(vault, tmp_path, "pooled2", jobs=2)
    again, again_bytes = export(vault, tmp_path, "again", jobs=2)
    assert again.cache_hits == 12
    same(serial, again)
    assert again_bytes == serial_bytes


def test_notes_looked_up_after_the_workers_started_are_cached_too(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool starts once a few misses are known and the lookups go on meanwhile: a note
    looked up after the fork is stored all the same (the check is the main process's)."""
    monkeypatch.setattr(parallel, "MIN_NOTES_PER_JOB", 1)
    monkeypatch.setattr(parallel, "CHUNK_NOTES", 2)
    monkeypatch.setattr(parallel, "LOOKUP_BATCH", 3)  # four batches; the pool forks after one
    cold, cold_bytes = export(vault, tmp_path, "cold", jobs=2)
    warm, warm_bytes = export(vault, tmp_path, "warm", jobs=2)
    assert (cold.cache_hits, cold.cache_misses) == (0, 12)
    assert (warm.cache_hits, warm.cache_misses) == (12, 0)
    same(cold, warm)
    assert cold_bytes == warm_bytes


def _bump(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_editing_a_note_re_renders_that_note_only(vault: Path, tmp_path: Path) -> None:
    export(vault, tmp_path, "first")
    path = vault / "notes" / "Note 2.md"
    path.write_text(_note(2, "\nEdited.\n"), encoding="utf-8")
    _bump(path)
    result, _ = export(vault, tmp_path, "second")
    assert (result.cache_hits, result.cache_misses) == (11, 1)
    assert "Edited." in next(c.answer for c in result.rendered() if c.source == "notes/Note 2.md")
    same(result, build(Options.of(vault, no_cache=True)))


def test_same_size_edit_in_the_same_second_is_seen(vault: Path, tmp_path: Path) -> None:
    export(vault, tmp_path, "first")
    path = vault / "notes" / "Note 4.md"
    st = path.stat()
    path.write_text(_note(4).replace("Answer *4*", "Answer *X*"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime
    result, _ = export(vault, tmp_path, "second")
    assert result.cache_misses == 1
    assert "<em>X</em>" in next(
        c.answer for c in result.rendered() if c.source == "notes/Note 4.md"
    )


def test_replacing_an_image_re_renders_the_notes_embedding_it(vault: Path, tmp_path: Path) -> None:
    _, first_bytes = export(vault, tmp_path, "first")
    image = vault / "img" / "pic.png"
    image.write_bytes(PNG + b"\0extra")
    _bump(image)
    result, result_bytes = export(vault, tmp_path, "second")
    assert (result.cache_hits, result.cache_misses) == (11, 1)
    card = next(c for c in result.cards if c.source == "notes/Note 3.md")
    assert card.mod == int(image.stat().st_mtime)  # the card carries the new content time
    assert result_bytes != first_bytes  # and the package the new image
    same(result, build(Options.of(vault, no_cache=True)))


def test_adding_the_missing_file_or_a_nearer_one_re_renders(vault: Path, tmp_path: Path) -> None:
    export(vault, tmp_path, "first")
    (vault / "img" / "missing.png").write_bytes(PNG)  # Note 5's embed now resolves
    (vault / "notes" / "shared.png").write_bytes(PNG)  # nearer to Note 7 than a/shared.png
    result, _ = export(vault, tmp_path, "second")
    assert (result.cache_hits, result.cache_misses) == (10, 2)
    same(result, build(Options.of(vault, no_cache=True)))
    note5 = next(c for c in result.cards if c.source == "notes/Note 5.md")
    assert [m.name.split("-")[0] for m in note5.media] == ["missing"]


def test_corrupt_or_foreign_entries_are_misses(vault: Path, tmp_path: Path) -> None:
    first, first_bytes = export(vault, tmp_path, "first")
    [database] = (tmp_path / "cache").rglob("*.sqlite3")
    with sqlite3.connect(database) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM entry ORDER BY key")]
        assert len(keys) == 12
        damage = [
            ("meta", b"\x80\x05garbage"),
            ("meta", pickle.dumps({"not": "an entry"})),
            ("meta", b""),
            # The cards and HTML are handed on unopened: damage must still make a miss.
            ("cards", pickle.dumps(["not", "cards"])),
            ("html", pickle.dumps([("other", "html", "")])),
            ("html", b"\x80\x05garbage"),
        ]
        for key, (column, value) in zip(keys, damage, strict=False):
            db.execute(f"UPDATE entry SET {column} = ? WHERE key = ?", (value, key))
    for p in (tmp_path / "cache").rglob("*.apkg"):
        p.write_bytes(b"not a zip")  # the cached package: size/mtime no longer match its key
    result, result_bytes = export(vault, tmp_path, "second")
    assert (result.cache_hits, result.cache_misses) == (6, 6)
    same(first, result)
    assert result_bytes == first_bytes


def test_other_options_or_program_do_not_share_entries(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(vault, tmp_path, "first")
    other_deck, _ = export(vault, tmp_path, "deck", deck="Other")
    assert other_deck.cache_hits == 0
    monkeypatch.setattr(cache_mod, "_FINGERPRINT", "another version of vault2anki")
    new_program, _ = export(vault, tmp_path, "program")
    assert new_program.cache_hits == 0


def test_unusable_cache_dir_only_costs_speed(vault: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result, _ = export(vault, tmp_path, "x", cache_dir=blocker / "cache")
    assert len(result.cards) == 12 and result.cache_hits == 0


def test_default_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_mod.default_cache_dir() == tmp_path / "vault2anki"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_mod.default_cache_dir() == Path.home() / ".cache" / "vault2anki"


def test_cli_jobs_and_no_cache(vault: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from vault2anki.cli import main

    out = tmp_path / "cli.apkg"
    for args in (["--jobs", "1"], ["--jobs", "2", "--no-cache"], []):
        run = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), *args])
        assert run.exit_code == 0, run.output
        assert "12 cards" in run.output
    bad = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), "--jobs", "0"])
    assert bad.exit_code == 2


def test_a_cache_file_that_is_not_a_database_is_replaced(vault: Path, tmp_path: Path) -> None:
    first, _ = export(vault, tmp_path, "first")
    [database] = (tmp_path / "cache").rglob("*.sqlite3")
    database.write_bytes(b"this is not SQLite" * 100)
    second, _ = export(vault, tmp_path, "second")
    assert (second.cache_hits, second.cache_misses) == (0, 12)  # a miss, never an error
    third, _ = export(vault, tmp_path, "third")
    assert third.cache_hits == 12
    same(first, third)


@pytest.mark.parametrize("library", ["nh3", "genanki", "PyYAML", "markdown-it-py"])
def test_a_library_upgrade_misses_the_cache(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    """nh3 sanitizes the cached cards, PyYAML reads the frontmatter, genanki writes the cached
    package: a new version of any of them must not be served the old version's output."""
    _, first_bytes = export(vault, tmp_path, "first", jobs=1)
    warm, _ = export(vault, tmp_path, "warm", jobs=1)
    assert warm.cache_hits == 12  # the cache is in use: the miss below is the upgrade's
    real_version = cache_mod.metadata.version

    def upgraded(dist: str) -> str:
        bump = dist.lower() == library.lower()
        return real_version(dist) + (".post999" if bump else "")

    monkeypatch.setattr(cache_mod.metadata, "version", upgraded)
    monkeypatch.setattr(cache_mod, "_FINGERPRINT", None)
    packages = {p.stat().st_ino for p in (tmp_path / "cache").rglob("*.apkg")}
    after, after_bytes = export(vault, tmp_path, "upgraded", jobs=1)
    assert (after.cache_hits, after.cache_misses) == (0, 12)
    assert after_bytes == first_bytes  # the same libraries really: the same bytes, rebuilt
    # the package was written again, not copied from the cache
    assert {p.stat().st_ino for p in (tmp_path / "cache").rglob("*.apkg")} != packages


def test_every_runtime_dependency_is_in_the_fingerprint() -> None:
    from importlib import metadata

    requires = [r for r in metadata.requires("vault2anki") or [] if "extra" not in r]
    names = {r.split(">")[0].split("=")[0].split("<")[0].strip().lower() for r in requires}
    assert {"nh3", "genanki", "pyyaml", "markdown-it-py", "pygments"} <= names
    assert names <= set(cache_mod.shaping_libraries())


def test_the_fingerprint_covers_every_stage_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change in any module of the package (not only export/, where cache.py lives) must
    make the cache start afresh: the stage packages moved cache.py one folder down."""
    import shutil

    package = Path(cache_mod.__file__).resolve().parent.parent
    copy = tmp_path / "vault2anki"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    fake = copy / "export" / "cache.py"
    monkeypatch.setattr(cache_mod, "__file__", str(fake))
    fingerprints = []
    for edit in (None, copy / "render" / "renderer.py", copy / "cards" / "questions.py"):
        if edit is not None:
            edit.write_text(edit.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        monkeypatch.setattr(cache_mod, "_FINGERPRINT", None)
        fingerprints.append(cache_mod.program_fingerprint())
    assert len(set(fingerprints)) == 3


def test_a_file_rewritten_while_its_note_renders_is_never_taken_as_current(tmp_path: Path):
    """deps.RecordingVault stats a file before the rendering reads it. Bytes written between
    that read and the end of the note's rendering must not be recorded as what the cards were
    made from: the entry would then pass as current with the old media name in its HTML."""
    from vault2anki.export.deps import RecordingVault
    from vault2anki.vault.walk import walk_vault

    root = make_vault(tmp_path / "v", {"note.md": "# Q?\n\n## Answer\n\n![[pic.png]]\n"})
    (root / "pic.png").write_bytes(PNG)
    recording = RecordingVault(walk_vault(root))
    recording.abspath("pic.png")  # what the rendering stats, then hashes into the name
    (root / "pic.png").write_bytes(PNG[::-1])  # other bytes, the same size
    deps = recording.deps()
    assert deps.check(walk_vault(root)) is None  # a miss: render again, with the new name
