"""Tests for vault2anki.mdext.tasks (reused task list / tilde / footnotes)."""

from __future__ import annotations

import markdown

from vault2anki.mdext.tasks import extra_builtin_extensions


def render(text: str) -> str:
    return markdown.markdown(text, extensions=extra_builtin_extensions())


def test_task_list() -> None:
    assert render("- [ ] a\n- [x] b") == (
        '<ul class="task-list">\n'
        '<li class="task-list-item"><input type="checkbox" disabled/> a</li>\n'
        '<li class="task-list-item"><input type="checkbox" disabled checked/> b</li>\n</ul>'
    )


def test_strikethrough_without_subscript() -> None:
    assert render("~~s~~ H~2~O") == "<p><del>s</del> H~2~O</p>"


def test_footnote() -> None:
    out = render("ref[^1]\n\n[^1]: note")
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in out
    assert '<li id="fn:1">\n<p>note' in out
