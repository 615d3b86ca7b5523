"""Exceptions the library raises; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from .model import Problem


class Vault2AnkiError(Exception):
    """A failure that stops the export. The message is meant for the user, as is.

    `problems` holds what was found in the notes before the failure, so that the user still
    sees the warnings and errors that may explain it.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems or [])


class NoCardsError(Vault2AnkiError):
    """The vault holds no question with an answer heading: there is no deck to make."""


class FrozenLockError(Vault2AnkiError):
    """`--frozen`: the export would change vault2anki.lock."""

    def __init__(self, changes: list[str]) -> None:
        self.changes = changes
        super().__init__(
            f"vault2anki.lock would change ({len(changes)} lines); run an export without "
            "--frozen and commit the lock:\n" + "\n".join(changes)
        )
