"""Tests for vault2anki.render.mdext.tasks (reused task list / tilde / footnotes)."""

from __future__ import annotations

from typing import Any

from helpers import render_md

from vault2anki.render.mdext.tasks import extra_builtin_extensions


def extensions() -> list[Any]:
    """Fresh instances for each Markdown object (extensions must not be shared)."""
    return extra_builtin_extensions()


def test_task_list() -> None:
    assert render_md("- [ ] a\n- [x] b", extensions=extensions()) == (
        '<ul class="task-list">\n'
        '<li class="task-list-item"><input type="checkbox" disabled/> a</li>\n'
        '<li class="task-list-item"><input type="checkbox" disabled checked/> b</li>\n</ul>'
    )


def test_strikethrough_without_subscript() -> None:
    assert render_md("~~s~~ H~2~O", extensions=extensions()) == "<p><del>s</del> H~2~O</p>"


def test_footnote() -> None:
    out = render_md("ref[^1]\n\n[^1]: note", extensions=extensions())
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in out
    assert '<li id="fn:1">\n<p>note' in out
