"""The Spaced Repetition plugin's own settings, read from the vault: its parser settings are
the defaults of the options they mean (flags and `vault2anki.toml` still win).

The plugin keeps them in `.obsidian/plugins/obsidian-spaced-repetition/data.json`, under
`settings`. A key the file lacks takes the plugin's default, which is ours too. The older
booleans `convertHighlightsToClozes`, `convertBoldTextToClozes` and
`convertCurlyBracketsToClozes` stand for cloze patterns when the file has no `clozePatterns`
(the plugin's own settings upgrade does the same). A file that is no JSON, or holds a value
of the wrong type, is one problem naming it, and none of its values apply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .clozepattern import BOLD_PATTERN, CURLY_PATTERN, HIGHLIGHT_PATTERN, cloze_pattern_problem

PLUGIN_SETTINGS = PurePosixPath(".obsidian/plugins/obsidian-spaced-repetition/data.json")
_MAX_BYTES = 16 * 1024 * 1024  # a settings file; the plugin may keep review data beside them

# data.json key → the option it sets, for the keys that map one to one.
_TEXT_KEYS = {
    "singleLineCardSeparator": "sr_inline",
    "singleLineReversedCardSeparator": "sr_inline_reversed",
    "multilineCardSeparator": "sr_multiline",
    "multilineReversedCardSeparator": "sr_multiline_reversed",
    "multilineCardEndMarker": "sr_multiline_end_marker",
}
_TAG_KEYS = {"flashcardTags": "flashcards_tag", "flashcardTagsToIgnore": "flashcards_tag_ignore"}
_CLOZE_BOOLEANS = {
    "convertHighlightsToClozes": (HIGHLIGHT_PATTERN, True),  # (pattern, the plugin's default)
    "convertBoldTextToClozes": (BOLD_PATTERN, False),
    "convertCurlyBracketsToClozes": (CURLY_PATTERN, False),
}
# Every option the file can set: what `check` accounts for.
PLUGIN_FIELDS = (
    *_TAG_KEYS.values(),
    *_TEXT_KEYS.values(),
    "sr_cloze_pattern",
    "deck_from_folders",
)


class _Malformed(ValueError):
    pass


@dataclass(frozen=True)
class PluginSettings:
    """What the vault's data.json says: option values, and the key each came from."""

    path: Path  # the file (absolute)
    values: tuple[tuple[str, Any], ...] = ()  # (option field, value)
    keys: tuple[tuple[str, str], ...] = ()  # (option field, data.json key)
    problem: str | None = None  # why none of it applies


def _text(settings: dict[str, Any], key: str) -> str:
    value = settings[key]
    if not isinstance(value, str):
        raise _Malformed(f"'{key}' must be text, not {json.dumps(value)[:40]}")
    return value


def _strings(settings: dict[str, Any], key: str) -> tuple[str, ...]:
    value = settings[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Malformed(f"'{key}' must be a list of text, not {json.dumps(value)[:40]}")
    return tuple(value)


def _flag(settings: dict[str, Any], key: str) -> bool:
    value = settings[key]
    if not isinstance(value, bool):
        raise _Malformed(f"'{key}' must be true or false, not {json.dumps(value)[:40]}")
    return value


def _cloze_patterns(settings: dict[str, Any]) -> tuple[tuple[str, ...], str] | None:
    """(patterns, the key(s) they came from), or None when the file says nothing of clozes."""
    if settings.get("clozePatterns") is not None:
        patterns = _strings(settings, "clozePatterns")
        for pattern in patterns:
            if pattern.strip() and (problem := cloze_pattern_problem(pattern)) is not None:
                raise _Malformed(f"cloze pattern {pattern!r} in 'clozePatterns': {problem}")
        return patterns, "clozePatterns"
    given = [key for key in _CLOZE_BOOLEANS if key in settings]
    if not given:
        return None
    patterns = tuple(
        pattern
        for key, (pattern, default) in _CLOZE_BOOLEANS.items()
        if (_flag(settings, key) if key in settings else default)
    )
    return patterns, ", ".join(given)


def _parse(settings: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(option field, value, data.json key) of each setting the file gives."""
    found: list[tuple[str, Any, str]] = []
    for key, name in _TAG_KEYS.items():
        if key in settings:
            found.append((name, tuple(t for t in _strings(settings, key) if t.strip()), key))
    for key, name in _TEXT_KEYS.items():
        if key in settings:
            found.append((name, _text(settings, key), key))
    if (clozes := _cloze_patterns(settings)) is not None:
        found.append(("sr_cloze_pattern", clozes[0], clozes[1]))
    if "convertFoldersToDecks" in settings:
        found.append(
            ("deck_from_folders", _flag(settings, "convertFoldersToDecks"), "convertFoldersToDecks")
        )
    return found


def read_plugin_settings(vault: Path) -> PluginSettings | None:
    """The vault's Spaced Repetition settings; None when the vault has no data.json."""
    path = Path(vault) / PLUGIN_SETTINGS
    try:
        if not path.is_file():
            return None
        if path.stat().st_size > _MAX_BYTES:
            raise _Malformed(f"larger than {_MAX_BYTES // (1024 * 1024)} MiB")
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict):
            raise _Malformed("not a JSON object")
        settings = data.get("settings", data)
        if not isinstance(settings, dict):
            raise _Malformed("'settings' is not a JSON object")
        found = _parse(settings)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, _Malformed) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return PluginSettings(path, problem=why)
    return PluginSettings(
        path,
        values=tuple((name, value) for name, value, _ in found),
        keys=tuple((name, key) for name, _, key in found),
    )
