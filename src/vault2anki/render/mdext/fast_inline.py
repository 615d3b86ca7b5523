"""Python-Markdown's inline pass, minus the patterns that cannot match; the HTML is the same.

The stock `InlineProcessor` tries every registered inline pattern (24 of them here) on every
text node: an `isinstance`, an ancestor check, a regex `finditer` and the bookkeeping around
it, 24 times for a list item of plain words. That was a third of the time of converting a
typical answer. Every one of those patterns needs some character to be present before it can
match — a link needs `[`, emphasis `*` or `_`, a tag `#` — so here each pattern that we know
(by name and class) carries its *trigger*: substrings of which at least one must be in the text,
or a regex that must find something. A node without the trigger skips the pattern exactly as
if its regex had found nothing (the stock code then moves on to the next pattern from the start
of the text); a pattern we do not know always runs.

A trigger must be a necessary condition of its pattern's regex — `TRIGGERS` lists each with its
pattern. Placeholders that earlier patterns put into the text (STX `klzzwxh:` digits ETX) hold
no trigger character. tests/mdext/test_fast_inline.py renders per-trigger samples, the example
vault and the real corpora with and without this pass and asserts the HTML is identical.

This overrides the name-mangled private method `InlineProcessor.__handleInline` (the stock
recursion calls it through `self`, so nested text takes the same path). Should a Python-Markdown
release rename it, `extendMarkdown` keeps the stock processor: slower, never different.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown, util
from markdown.treeprocessors import InlineProcessor

Trigger = tuple[str, ...] | re.Pattern[str]

# pattern name -> (class name, trigger). The class name guards against another extension
# registering a different pattern under the same name: that one then runs unfiltered.
TRIGGERS: dict[str, tuple[str, Trigger]] = {
    "backtick": ("BacktickInlineProcessor", ("`",)),  # `code`, or \\ before a backtick
    "obsidian_math": ("MathInlineProcessor", ("$",)),  # $x$, $$x$$
    "obsidian_embed": ("EmbedProcessor", ("![[",)),  # ![[file]]
    "obsidian_wikilink": ("WikilinkProcessor", ("[[",)),  # [[note]]
    "escape": ("EscapeInlineProcessor", ("\\",)),  # \*
    "footnote": ("FootnoteInlineProcessor", ("[^",)),  # [^1]
    "reference": ("ReferenceInlineProcessor", ("[",)),  # [text][ref]
    "link": ("LinkInlineProcessor", ("[",)),  # [text](url)
    "image_link": ("ImageInlineProcessor", ("![",)),  # ![alt](url)
    "image_reference": ("ImageReferenceInlineProcessor", ("![",)),  # ![alt][ref]
    "short_reference": ("ShortReferenceInlineProcessor", ("[",)),  # [ref]
    "short_image_ref": ("ShortImageReferenceInlineProcessor", ("![",)),  # ![ref]
    "autolink": ("MagiclinkAutoPattern", ("<",)),  # <https://…>
    "automail": ("AutomailInlineProcessor", ("<",)),  # <a@b.c>
    "linebreak": ("SubstituteTagInlineProcessor", ("  \n",)),  # two spaces, newline
    "html": ("KnownHtmlInlineProcessor", ("<",)),  # <b>, <!-- -->, <?…?>, <![CDATA[…]]>
    # http://, https://, ftp://, ftps:// — or www. in any case (the pattern is (?i)).
    "magic-link": ("MagiclinkPattern", re.compile(r"://|[wW]{3}\.")),
    "magic-mail": ("MagiclinkMailPattern", ("@",)),  # a@b.c
    "entity": ("HtmlInlineProcessor", ("&",)),  # &amp; &#123;
    "obsidian_tag": ("InlineTagProcessor", ("#",)),  # #tag
    "em_strong": ("DelimiterProcessor", ("*", "_")),  # *em*, __strong__
    "delimiter": ("DelimiterProcessor", ("=", "~")),  # ==mark==, ~~del~~
    "nl": ("SubstituteTagInlineProcessor", ("\n",)),  # nl2br
}
# Delimiter patterns are built from the extensions loaded (pymdownx.caret would add `^` to
# `delimiter`): their trigger is read from the regex itself, `=|\~` → ("=", "~").
_DELIMITERS = frozenset(["em_strong", "delimiter"])


def trigger_of(name: str, pattern: object) -> Trigger | None:
    """The trigger of a registered pattern, or None (always run) for one we do not know."""
    known = TRIGGERS.get(name)
    if known is None or type(pattern).__name__ != known[0]:
        return None
    if name in _DELIMITERS:
        return _delimiter_characters(pattern)
    return known[1]


def _delimiter_characters(pattern: object) -> tuple[str, ...] | None:
    """The characters of an alternation of single (maybe escaped) characters, else None."""
    compiled = getattr(pattern, "compiled_re", None)
    source = getattr(compiled, "pattern", None)
    if not isinstance(source, str):
        return None
    chars = tuple(re.sub(r"\\(.)", r"\1", alternative) for alternative in source.split("|"))
    return chars if all(len(c) == 1 for c in chars) else None


class FilteredInlineProcessor(InlineProcessor):
    """`InlineProcessor` that skips, per text node, the patterns whose trigger is absent."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        registry = self.inlinePatterns
        if len(registry) != len(getattr(self, "_plan", ())):
            # Matched to the patterns by identity, in the registry's priority order (what the
            # loop indexes). The registry is complete once the extensions are loaded; should
            # one register a pattern later, the count changes and this runs again.
            known = {id(registry[n]): trigger_of(n, registry[n]) for n in TRIGGERS if n in registry}
            self._plan = [(pattern, known.get(id(pattern))) for pattern in registry]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """The stock loop (`InlineProcessor.__handleInline`) with the trigger test added."""
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        plan = self._plan
        start, count = 0, len(plan)
        while patternIndex < count:
            pattern, trigger = plan[patternIndex]
            # Inlined (no helper call): this runs 24 times per text node.
            if trigger is not None:
                if type(trigger) is tuple:
                    absent = True
                    for part in trigger:
                        if part in data:
                            absent = False
                            break
                else:
                    absent = trigger.search(data) is None  # type: ignore[union-attr]
                if absent:
                    patternIndex, start = patternIndex + 1, 0  # what a failed match returns
                    continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class FastInlineExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        """Replaces the treeprocessor `inline` (priority 20, Python-Markdown's own) with
        `FilteredInlineProcessor`, unless this Python-Markdown lacks the method it overrides."""
        md.registerExtension(self)
        if hasattr(InlineProcessor, "_InlineProcessor__handleInline") and hasattr(
            InlineProcessor, "_InlineProcessor__applyPattern"
        ):
            md.treeprocessors.register(FilteredInlineProcessor(md), "inline", 20)


def makeExtension(**kwargs: Any) -> FastInlineExtension:
    return FastInlineExtension(**kwargs)
