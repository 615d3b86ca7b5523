"""Issue 24, item 8: broken AnkiConnect replies — not JSON, a shape AnkiConnect never sends,
cut off mid-reply, 200 MB — are one line each, exit 1, never a traceback, with memory bounded
(replies are read up to a cap); a server that trickles its reply hits an overall deadline.

Small fake servers on free ports, each in a thread: they answer `version` as AnkiConnect does
(the sync asks it first) and then break the way each test says.
"""

from __future__ import annotations

import json
import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault2anki.cli import main
from vault2anki.sync.ankiconnect import AnkiConnect, AnkiConnectError

REPO = Path(__file__).resolve().parents[2]
MIB = 1 << 20
Reply = Callable[[socket.socket, dict[str, object]], None]


def _read_request(sock: socket.socket) -> dict[str, object]:
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        body += sock.recv(65536)
    request: dict[str, object] = json.loads(body)
    return request


def ok(sock: socket.socket, body: bytes, length: int | None = None) -> None:
    size = f"Content-Length: {len(body) if length is None else length}\r\n".encode()
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + size + b"\r\n" + body)


@pytest.fixture
def fake() -> Iterator[Callable[[Reply], str]]:
    """fake(reply) → the URL of a server that answers `version` with 6, everything else with
    `reply(socket, request)`."""
    servers: list[socketserver.ThreadingTCPServer] = []

    def start(reply: Reply) -> str:
        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                try:
                    request = _read_request(self.request)
                    if request["action"] == "version":
                        ok(self.request, b'{"result": 6, "error": null}')
                    else:
                        reply(self.request, request)
                except OSError:  # the client gave up: as it should
                    pass

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _multi(results: list[object]) -> Reply:
    def reply(sock: socket.socket, request: dict[str, object]) -> None:
        count = len(request["params"]["actions"])  # type: ignore[index]
        body = {"result": [{"result": r, "error": None} for r in results[:count]], "error": None}
        ok(sock, json.dumps(body).encode())

    return reply


def not_json(sock: socket.socket, request: dict[str, object]) -> None:
    ok(sock, b"<html>not AnkiConnect</html>")


def deep_json(sock: socket.socket, request: dict[str, object]) -> None:
    ok(sock, b"[" * 200_000)  # json.loads: RecursionError, not ValueError


def cut_off(sock: socket.socket, request: dict[str, object]) -> None:
    ok(sock, b'{"result": [{"result": 6, "err', length=5000)  # then the connection closes


def huge_declared(sock: socket.socket, request: dict[str, object]) -> None:
    ok(sock, b"", length=200 * MIB)  # says 200 MB is coming


def huge_streamed(sock: socket.socket, request: dict[str, object]) -> None:
    """200 MB of one JSON string, no Content-Length (the end of the connection ends it)."""
    sock.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n")
    sock.sendall(b'{"result": "')
    piece = b"x" * MIB
    for _ in range(200):
        sock.sendall(piece)
    sock.sendall(b'", "error": null}')


def trickle(sock: socket.socket, request: dict[str, object]) -> None:
    """Headers, then one byte every 20 s: each read gets a byte before any per-read timeout."""
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
    for _ in range(100):
        sock.sendall(b" ")
        time.sleep(20)


# getActiveProfile, getMediaDirPath: the first batch of a sync asks them last.
PROFILE = ["User 1", "/home/u/.local/share/Anki2/User 1/collection.media"]

BROKEN: dict[str, tuple[Reply, str]] = {
    "not JSON": (not_json, "answered, but not as AnkiConnect does"),
    "JSON nested too deep": (deep_json, "answered, but not as AnkiConnect does"),
    "a reply that is not {result, error}": (
        lambda s, r: ok(s, b'{"answer": 42}'),
        "in an unknown shape",
    ),
    "a multi that is not a list": (
        lambda s, r: ok(s, b'{"result": "no", "error": null}'),
        "answered a batch of 7 actions with something else",
    ),
    "findNotes answered with text": (
        _multi([6, "not note ids", [], [], {}, *PROFILE]),
        "answered 'findNotes' with something AnkiConnect never sends (str)",
    ),
    "note type ids that are text": (
        _multi([6, [], [], [], {"vault2anki Basic": "x"}, *PROFILE]),
        "answered 'modelNamesAndIds' with something AnkiConnect never sends (dict)",
    ),
    "cut off mid-reply": (cut_off, "was cut off (30 of 5000 bytes)"),
    "200 MB declared": (huge_declared, "answered with more than 128 MiB"),
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "v"
    root.mkdir()
    (root / "q.md").write_text("# Why?\n\n## Answer\n\nBecause.\n")
    return root


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_reply_is_one_line_and_exit_1(
    vault: Path, fake: Callable[[Reply], str], case: str
) -> None:
    reply, said = BROKEN[case]
    url = fake(reply)
    result = CliRunner().invoke(main, ["sync", str(vault), "--anki-connect", url])
    assert result.exit_code == 1, result.output
    err = result.stderr.splitlines()
    assert len(err) == 1 and "Traceback" not in result.output, result.output
    assert err[0].startswith("Error: ") and said in err[0], err[0]
    assert result.stdout == ""


def test_a_200_mb_reply_is_cut_at_the_cap_with_memory_bounded(
    fake: Callable[[Reply], str],
) -> None:
    client = AnkiConnect(fake(huge_streamed), max_reply=4 * MIB)
    tracemalloc.start()
    try:
        with pytest.raises(AnkiConnectError, match="answered with more than 4 MiB"):
            client.call("findNotes", query="x")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * MIB, f"{peak / MIB:.0f} MiB"  # the cap and one piece, not 200 MB


def test_a_200_mb_reply_through_the_command_line(vault: Path, fake: Callable[[Reply], str]) -> None:
    """The default cap (128 MiB), in a real process: one line, and the peak RSS stays under
    the reply's size (before: the whole reply, then its decoded copies)."""
    measured = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: sys.stderr.write([l for l in open('/proc/self/status')"
        " if l.startswith('VmHWM')][0]))\n"
        "sys.argv = ['vault2anki', *sys.argv[1:]]\n"
        "runpy.run_module('vault2anki', run_name='__main__')\n"
    )
    env = dict(os.environ, PYTHONPATH=os.environ.get("PYTHONPATH", str(REPO / "src")))
    argv = [
        sys.executable,
        "-c",
        measured,
        "sync",
        str(vault),
        "--anki-connect",
        fake(huge_streamed),
    ]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    *lines, hwm = done.stderr.splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    assert "answered with more than 128 MiB" in lines[0]
    peak = int(hwm.split()[1]) * 1024
    assert peak < 200 * MIB, f"{peak / MIB:.0f} MiB"


def test_a_trickling_server_hits_the_overall_deadline(fake: Callable[[Reply], str]) -> None:
    client = AnkiConnect(fake(trickle), timeout=30, deadline=2)
    outcome: list[BaseException | None] = []

    def ask() -> None:
        try:
            client.call("findNotes", query="x")
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(15)
    assert not thread.is_alive(), "still waiting after 15 s: no overall deadline"
    assert time.monotonic() - started < 6
    [exc] = outcome
    assert isinstance(exc, AnkiConnectError), exc
    assert "did not finish answering within 2 s" in str(exc)
