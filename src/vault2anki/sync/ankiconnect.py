"""A small client for AnkiConnect, the add-on most Anki users have (code 2055492159).

AnkiConnect answers JSON over HTTP: `{"action", "version": 6, "params"}` in, `{"result",
"error"}` out. Every way it can fail — Anki not running, the add-on missing, something else on
the port, an action refused — becomes one `AnkiConnectError` whose message says what to do, so
the command line prints one line and never a traceback — including a reply that is not JSON,
has a shape AnkiConnect never sends, is cut off or is too big (replies are read up to
`MAX_REPLY`, so memory stays bounded), and a server that answers too slowly: besides the
per-read `timeout`, every request has an overall `deadline`. With AnkiConnect's `apiKey` set,
every request — each action inside a `multi` too — carries the `key` given; it is never part of
a message or a repr. Standard library only: a sync must not need more than the export does.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..chunks import chunks
from ..errors import Vault2AnkiError
from .apikey import KEY_REFUSED, refusal

DEFAULT_URL = "http://127.0.0.1:8765"
ADDON_CODE = "2055492159"
API_VERSION = 6
# Actions per `multi` request: AnkiConnect runs a request in one go on Anki's main thread, so
# a huge batch would freeze Anki's window and risk the HTTP timeout; these keep each ~0.1 s.
BATCH = 250
MAX_REPLY = 128 << 20  # bytes: far above any reply a sync asks for (a 49 MB note included)
DEADLINE = 300.0  # seconds for one request, however slowly its bytes come
_READ = 1 << 16

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


def _ints(value: Any) -> bool:
    return isinstance(value, list) and all(type(v) is int for v in value)


def _strs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _note_info(info: Any) -> bool:
    if info == {}:  # a note that is gone
        return True
    if not isinstance(info, dict) or not isinstance(fields := info.get("fields"), dict):
        return False
    return (
        all(
            isinstance(f, dict) and isinstance(f.get("value"), str) and type(f.get("order")) is int
            for f in fields.values()
        )
        and _strs(info.get("tags"))
        and _ints(info.get("cards"))
    )


# What the result of each action a sync reads must look like: anything else is one line, not a
# TypeError deep inside the sync.
SHAPES: dict[str, Any] = {
    "version": lambda r: type(r) is int,
    "findNotes": _ints,
    "findCards": _ints,
    "notesInfo": lambda r: isinstance(r, list) and all(map(_note_info, r)),
    "getDecks": lambda r: isinstance(r, dict) and all(map(_ints, r.values())),
    "modelNamesAndIds": lambda r: isinstance(r, dict) and all(type(v) is int for v in r.values()),
    "modelStyling": lambda r: isinstance(r, dict) and isinstance(r.get("css"), str),
    "modelTemplates": lambda r: (
        isinstance(r, dict)
        and all(
            isinstance(t, dict) and all(isinstance(x, str) for x in t.values()) for t in r.values()
        )
    ),
    "getMediaFilesNames": _strs,
    "storeMediaFile": lambda r: isinstance(r, str),
    "getActiveProfile": lambda r: isinstance(r, str),
    "getMediaDirPath": lambda r: isinstance(r, str) and r != "",
}


def _base64_body(prefix: bytes, path: Path, size: int, suffix: bytes) -> Iterator[bytes]:
    yield prefix
    left = size
    with open(path, "rb") as f:
        while left:
            piece = f.read(min(left, 3 * _READ))  # a multiple of 3: the pieces concatenate
            if not piece:
                raise OSError(f"{path} became shorter while it was uploaded")
            left -= len(piece)
            yield base64.b64encode(piece)
    yield suffix


def _abort(conn: http.client.HTTPConnection, expired: threading.Event) -> None:
    """The deadline passed: wake the request up wherever it waits (a read ends at once)."""
    expired.set()
    if conn.sock is not None:
        with contextlib.suppress(OSError):  # already closed
            conn.sock.shutdown(socket.SHUT_RDWR)


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

    def __init__(
        self,
        url: str = DEFAULT_URL,
        timeout: float = 60.0,
        deadline: float = DEADLINE,
        max_reply: int = MAX_REPLY,
        key: str | None = None,
        key_origin: str = "--anki-connect-key",
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.deadline = deadline
        self.max_reply = max_reply
        self.calls = 0
        self._key = key  # AnkiConnect's apiKey: sent, never shown (see __repr__)
        self.key_origin = key_origin  # where the key came from, for the message that refuses it

    def __repr__(self) -> str:
        return f"AnkiConnect({self.url!r}, key={'given' if self._key is not None else 'none'})"

    def request(self, action: Action) -> dict[str, Any]:
        """The JSON of one action, with the key when there is one."""
        body = action.request()
        if self._key is not None:
            body["key"] = self._key
        return body

    @property
    def local(self) -> bool:
        """Anki runs on this machine: it can read a file by its path."""
        try:
            host = urllib.parse.urlsplit(self.url).hostname
        except ValueError:
            return False
        return host in ("127.0.0.1", "localhost", "::1")

    def _post(self, payload: dict[str, Any]) -> Any:
        body = json.dumps(payload).encode("utf-8")
        return self.post_body([body], len(body), str(payload.get("action")))

    def post_body(self, body: Iterable[bytes], length: int, action: str) -> Any:
        """POST a request body given in pieces (`length` bytes in all); the decoded reply."""
        self.calls += 1
        try:
            raw = self._exchange(body, length)
        except ValueError as exc:  # the URL itself (the command line checks it first)
            problem = url_problem(self.url) or f"{self.url!r} is not a usable URL ({exc})"
            raise AnkiConnectError(f"{problem}; check --anki-connect") from exc
        except TimeoutError as exc:
            raise AnkiConnectError(
                f"Anki did not answer {action} at {self.url} within {self.timeout:.0f} s; "
                "close any dialog open in Anki and run the sync again"
            ) from exc
        except http.client.HTTPException as exc:  # a status line or headers of another kind
            raise AnkiConnectError(
                f"{self.url} answered, but not as AnkiConnect does ({type(exc).__name__}); "
                f"check --anki-connect, or {_START}"
            ) from exc
        except OSError as exc:
            raise AnkiConnectError(f"cannot reach Anki at {self.url} ({exc}); {_START}") from exc
        try:
            return json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise AnkiConnectError(
                f"{self.url} answered, but not as AnkiConnect does; check --anki-connect, or "
                f"{_START}"
            ) from exc

    def _exchange(self, body: Iterable[bytes], length: int) -> bytes:
        parts = urllib.parse.urlsplit(self.url)
        kind = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        conn = kind(parts.hostname or "", parts.port, timeout=self.timeout)
        expired = threading.Event()
        timer = threading.Timer(self.deadline, _abort, (conn, expired))
        timer.daemon = True
        timer.start()
        try:
            conn.request("POST", parts.path or "/", body=body, headers={
                "Content-Type": "application/json", "Content-Length": str(length)
            })  # fmt: skip
            response = conn.getresponse()
            if response.status != 200:
                raise AnkiConnectError(
                    f"{self.url} answered HTTP {response.status}, not AnkiConnect; check "
                    f"--anki-connect, or {_START}"
                )
            return self._read(response)
        except (OSError, http.client.HTTPException, AnkiConnectError) as exc:
            if expired.is_set():
                raise AnkiConnectError(
                    f"Anki at {self.url} did not finish answering within {self.deadline:.0f} s "
                    "(it sends its reply too slowly); check --anki-connect, restart Anki and "
                    "run the sync again"
                ) from exc
            raise
        finally:
            timer.cancel()
            conn.close()

    def _read(self, response: http.client.HTTPResponse) -> bytes:
        """The reply body, at most `max_reply` bytes; an error when cut off or too big."""
        declared = response.getheader("Content-Length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_reply:
            raise self._too_big()
        data = bytearray()
        while chunk := response.read1(_READ):
            data += chunk
            if len(data) > self.max_reply:
                raise self._too_big()
        if response.length:  # fewer bytes came than the headers said
            raise AnkiConnectError(
                f"the reply from {self.url} was cut off ({len(data)} of {declared} bytes); "
                "run the sync again, and restart Anki if it happens again"
            )
        return bytes(data)

    def _too_big(self) -> AnkiConnectError:
        return AnkiConnectError(
            f"{self.url} answered with more than {self.max_reply >> 20} MiB, far more than "
            f"AnkiConnect sends; check --anki-connect, or {_START}"
        )

    def _unwrap(self, action: Action, reply: Any) -> Any:
        if not isinstance(reply, dict) or set(reply) != {"result", "error"}:
            raise AnkiConnectError(
                f"{self.url} answered {action.name!r} in an unknown shape; update the "
                f"AnkiConnect add-on (code {ADDON_CODE}) and restart Anki"
            )
        if reply["error"] == KEY_REFUSED:
            raise self._key_error()
        if reply["error"] is not None:
            raise AnkiConnectError(
                f"AnkiConnect refused {action.name}: {reply['error']}; nothing after it was "
                "changed — fix the cause in Anki and run the sync again (it resumes)"
            )
        result = reply["result"]
        check = SHAPES.get(action.name)
        if check is not None and not check(result):
            raise AnkiConnectError(
                f"{self.url} answered {action.name!r} with something AnkiConnect never sends "
                f"({type(result).__name__}); update the AnkiConnect add-on (code {ADDON_CODE}) "
                "and restart Anki"
            )
        return result

    def _key_error(self) -> AnkiConnectError:
        """The key (or its absence) refused: ask whether Anki wants one (apikey.py)."""
        wanted: Any = None
        with contextlib.suppress(AnkiConnectError):
            reply = self._post(Action("requestPermission", {}).request())
            if isinstance(reply, dict) and isinstance(reply.get("result"), dict):
                wanted = reply["result"].get("requireApikey")
        origin = self.key_origin if self._key is not None else None
        return AnkiConnectError(refusal(self.url, origin, wanted))

    def call(self, name: str, **params: Any) -> Any:
        action = Action(name, params)
        return self._unwrap(action, self._post(self.request(action)))

    def _batches(self, actions: Sequence[Action]) -> Iterator[tuple[Sequence[Action], list[Any]]]:
        """Each batch of `actions` with AnkiConnect's raw replies, one per action."""
        for chunk in chunks(actions, BATCH):
            replies = self._unwrap(
                Action("multi", {}),
                self._post(
                    self.request(Action("multi", {"actions": list(map(self.request, chunk))}))
                ),
            )
            if not isinstance(replies, list) or len(replies) != len(chunk):
                raise AnkiConnectError(
                    f"{self.url}: AnkiConnect answered a batch of {len(chunk)} actions with "
                    f"something else; update the add-on (code {ADDON_CODE}) and restart Anki"
                )
            yield chunk, replies

    def multi(
        self, actions: Sequence[Action], progress: Any = None, optional: Iterable[str] = ()
    ) -> list[Any]:
        """Run `actions` in as few requests as possible; results in order.

        Raises on the first action AnkiConnect refused, except those named in `optional`
        (an action an older add-on lacks): their result is None. Actions before it in the
        same batch have run: every caller sends actions that are safe to run twice, so a
        re-run finishes.
        """
        results: list[Any] = []
        maybe = set(optional)
        for chunk, replies in self._batches(actions):
            for a, r in zip(chunk, replies, strict=True):
                refused = isinstance(r, dict) and r.get("error") not in (None, KEY_REFUSED)
                results.append(None if refused and a.name in maybe else self._unwrap(a, r))
            if progress is not None:
                progress(len(results), len(actions))
        return results

    def multi_each(self, actions: Sequence[Action]) -> list[tuple[Any, str | None]]:
        """As `multi`, but an action AnkiConnect refused does not stop the others: (result,
        None) or (None, AnkiConnect's error) per action."""
        out: list[tuple[Any, str | None]] = []
        for chunk, replies in self._batches(actions):
            for action, reply in zip(chunk, replies, strict=True):
                if isinstance(reply, dict) and reply.get("error") is not None:
                    out.append((None, str(reply["error"])))
                else:
                    out.append((self._unwrap(action, reply), None))
        return out

    def call_with_file(self, name: str, params: dict[str, Any], path: Path) -> Any:
        """Call `name` with `params` plus `data`: the file at `path` in base64, streamed from
        the file into the request (never the whole file, or its base64, in memory)."""
        size = path.stat().st_size
        request = self.request(Action(name, {}))
        del request["params"]  # to put them last, so "data" can be streamed in as their last
        head = json.dumps({**request, "params": params})
        prefix = (head[:-2] + (', "data": "' if params else '"data": "')).encode("utf-8")
        suffix = b'"}}'
        length = len(prefix) + 4 * ((size + 2) // 3) + len(suffix)
        reply = self.post_body(_base64_body(prefix, path, size, suffix), length, name)
        return self._unwrap(Action(name, params), reply)

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
