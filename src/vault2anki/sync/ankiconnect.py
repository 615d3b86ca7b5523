"""A small client for AnkiConnect, the add-on most Anki users have (code 2055492159).

AnkiConnect answers JSON over HTTP: `{"action", "version": 6, "params"}` in, `{"result",
"error"}` out. Every way it can fail — Anki not running, the add-on missing, something else on
the port, an action refused — becomes one `AnkiConnectError` whose message says what to do, so
the command line prints one line and never a traceback. Standard library only: a sync must not
need more than the export does.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Vault2AnkiError

DEFAULT_URL = "http://127.0.0.1:8765"
ADDON_CODE = "2055492159"
API_VERSION = 6
# Actions per `multi` request: AnkiConnect runs a request in one go on Anki's main thread, so
# a huge batch would freeze Anki's window and risk the HTTP timeout; these keep each ~0.1 s.
BATCH = 250

_START = (
    f"start Anki with the AnkiConnect add-on (Tools → Add-ons → Get Add-ons…, code {ADDON_CODE}; "
    "restart Anki after installing it) and run the sync again"
)


class AnkiConnectError(Vault2AnkiError):
    """Anki cannot be reached, or refused an action; the message says what to do."""


@dataclass(frozen=True)
class Action:
    name: str
    params: dict[str, Any]

    def request(self) -> dict[str, Any]:
        return {"action": self.name, "version": API_VERSION, "params": self.params}


def act(name: str, **params: Any) -> Action:
    return Action(name, params)


def _chunks(items: Sequence[Action], size: int) -> Iterator[Sequence[Action]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def url_problem(url: str) -> str | None:
    """What is wrong with `url` as an AnkiConnect address (None: nothing), with the fix."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        return f"{url!r} is not a URL ({exc}); give it as http://HOST:PORT, e.g. {DEFAULT_URL}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        # "localhost:8765" parses as scheme "localhost": the scheme was left out.
        rest = url.split("://", 1)[-1]
        return (
            f"{url!r} is not an http(s) URL with a host: did you mean http://{rest}? "
            f"(AnkiConnect's default is {DEFAULT_URL})"
        )
    return None


class AnkiConnect:
    """One AnkiConnect endpoint. `calls` counts HTTP requests (tests and benchmarks read it)."""

    def __init__(self, url: str = DEFAULT_URL, timeout: float = 60.0) -> None:
        self.url = url
        self.timeout = timeout
        self.calls = 0

    def _post(self, payload: dict[str, Any]) -> Any:
        body = json.dumps(payload).encode("utf-8")
        self.calls += 1
        try:
            # Built inside the try: a malformed URL (`http://[::1`) raises here, not in urlopen.
            request = urllib.request.Request(
                self.url, body, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise AnkiConnectError(
                f"{self.url} answered HTTP {exc.code}, not AnkiConnect; check --anki-connect, "
                f"or {_START}"
            ) from exc
        except ValueError as exc:  # the URL itself (the command line checks it first)
            problem = url_problem(self.url) or f"{self.url!r} is not a usable URL ({exc})"
            raise AnkiConnectError(f"{problem}; check --anki-connect") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise AnkiConnectError(
                    f"Anki did not answer at {self.url} within {self.timeout:.0f} s; close any "
                    "dialog open in Anki and run the sync again"
                ) from exc
            raise AnkiConnectError(f"cannot reach Anki at {self.url} ({reason}); {_START}") from exc
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise AnkiConnectError(
                f"{self.url} answered, but not as AnkiConnect does; check --anki-connect, or "
                f"{_START}"
            ) from exc

    def _unwrap(self, action: Action, reply: Any) -> Any:
        if not isinstance(reply, dict) or set(reply) != {"result", "error"}:
            raise AnkiConnectError(
                f"{self.url} answered {action.name!r} in an unknown shape; update the "
                f"AnkiConnect add-on (code {ADDON_CODE}) and restart Anki"
            )
        if reply["error"] is not None:
            raise AnkiConnectError(
                f"AnkiConnect refused {action.name}: {reply['error']}; nothing after it was "
                "changed — fix the cause in Anki and run the sync again (it resumes)"
            )
        return reply["result"]

    def call(self, name: str, **params: Any) -> Any:
        action = Action(name, params)
        return self._unwrap(action, self._post(action.request()))

    def multi(self, actions: Sequence[Action], progress: Any = None) -> list[Any]:
        """Run `actions` in as few requests as possible; results in order.

        Raises on the first action AnkiConnect refused. Actions before it in the same batch
        have run: every caller sends actions that are safe to run twice, so a re-run finishes.
        """
        results: list[Any] = []
        for chunk in _chunks(actions, BATCH):
            replies = self._unwrap(
                Action("multi", {}),
                self._post(Action("multi", {"actions": [a.request() for a in chunk]}).request()),
            )
            if not isinstance(replies, list) or len(replies) != len(chunk):
                raise AnkiConnectError(
                    f"{self.url}: AnkiConnect answered a batch of {len(chunk)} actions with "
                    f"something else; update the add-on (code {ADDON_CODE}) and restart Anki"
                )
            results.extend(self._unwrap(a, r) for a, r in zip(chunk, replies, strict=True))
            if progress is not None:
                progress(len(results), len(actions))
        return results

    def check_version(self, version: Any = None) -> int:
        """The add-on's API version (as answered, or asked now); an error that says what to
        do when it is too old."""
        if version is None:
            version = self.call("version")
        if not isinstance(version, int) or version < API_VERSION:
            raise AnkiConnectError(
                f"AnkiConnect at {self.url} speaks API version {version}, vault2anki needs "
                f"{API_VERSION}; update the add-on (code {ADDON_CODE}) and restart Anki"
            )
        return version
