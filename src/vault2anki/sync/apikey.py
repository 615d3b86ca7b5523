"""AnkiConnect's API key (its `apiKey` setting): how a refusal reads, and what to say.

With `apiKey` set, AnkiConnect answers every action but `requestPermission` with the error
`KEY_REFUSED` unless the request carries that key; with it unset, a request that carries any key
is refused the same way. `requestPermission` tells which (`requireApikey`), so the message can
say what to do: give the key, give the right one, or give none. The key itself is never part of
a message.
"""

from __future__ import annotations

KEY_REFUSED = "valid api key must be provided"

HOW = (
    "give the key in AnkiConnect's apiKey setting (Anki: Tools → Add-ons → AnkiConnect → "
    "Config) with --anki-connect-key KEY, the ANKICONNECT_API_KEY environment variable or "
    "anki-connect-key in vault2anki.toml"
)


def refusal(url: str, origin: str | None, wanted: object) -> str:
    """The one line for a key refused by the Anki at `url`: `origin` says where the key given
    came from (None: no key given); `wanted` is requestPermission's `requireApikey` (None: it
    did not say)."""
    if origin is None:
        return f"Anki at {url} asks for an API key; {HOW}"
    if wanted is False:
        return (
            f"Anki at {url} has no API key set (AnkiConnect's apiKey is empty), but one was "
            f"given ({origin}); remove it, or set the same key in Anki"
        )
    return f"Anki at {url} refused the API key given ({origin}); {HOW}"
