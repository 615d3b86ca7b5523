"""Exceptions the library raises; the CLI turns them into messages and exit codes."""


class Vault2AnkiError(Exception):
    """A failure that stops the export. The message is meant for the user, as is."""


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
