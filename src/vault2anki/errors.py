"""Exceptions the library raises; the CLI turns them into messages and exit codes."""


class Vault2AnkiError(Exception):
    """A failure that stops the export. The message is meant for the user, as is."""


class NoCardsError(Vault2AnkiError):
    """The vault holds no question with an answer heading: there is no deck to make."""
