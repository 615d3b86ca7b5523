"""An export freezes what the process held before it (gcfreeze.py), and gives it back."""

from __future__ import annotations

import gc
from pathlib import Path

from helpers import make_vault

from vault2anki import Options, export_vault
from vault2anki.export.gcfreeze import YOUNG, quiet_gc


def test_an_export_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v", {"n.md": "# Q?\n## Answer\nA\n"})
    assert gc.get_freeze_count() == 0
    export_vault(Options.of(vault, output=tmp_path / "d.apkg", no_cache=True))
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_what_existed_is_frozen_during_the_call_only() -> None:
    before = [object() for _ in range(3)]  # noqa: F841 (alive during the call)
    seen: list[int] = []

    @quiet_gc
    def inner() -> None:
        seen.append(gc.get_freeze_count())
        assert gc.get_threshold()[0] >= YOUNG

    thresholds = gc.get_threshold()
    inner()
    assert seen[0] > 0  # everything allocated before the call, frozen while it ran
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds


def test_a_host_that_froze_objects_itself_keeps_them_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        calls: list[int] = []

        @quiet_gc
        def inner() -> None:
            calls.append(gc.get_freeze_count())

        inner()
        assert calls == [frozen] and gc.get_freeze_count() == frozen  # not unfrozen by us
    finally:
        gc.unfreeze()
