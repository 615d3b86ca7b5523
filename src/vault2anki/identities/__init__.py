"""Identities across exports. Takes this export's cards and the `vault2anki.lock` of the last
one; gives each card the GUID it had before (through renames and edits) and a `mod` that moves
only when its content does (`lock.py`), the lock file's format and strict parser
(`lockfile.py`), and `--relink`: identities read from a deck Anki already has (`relink.py`)."""
