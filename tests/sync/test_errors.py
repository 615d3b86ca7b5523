"""When Anki cannot be reached, or something else answers on its port: one line that says
what to do, exit 1, never a traceback, and nothing written (not even the lock)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault2anki.cli import main
from vault2anki.identities.lock import LOCK_NAME
from vault2anki.sync.ankiconnect import AnkiConnect, AnkiConnectError

from .conftest import free_port


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "v"
    root.mkdir()
    (root / "q.md").write_text("# Why?\n\n## Answer\n\nBecause.\n")
    return root


def run(vault: Path, url: str, *args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["sync", str(vault), "--anki-connect", url, *args])
    return result.exit_code, result.stderr.splitlines(), result.stdout


@pytest.mark.parametrize("args", [(), ("--dry-run",), ("--prune", "--json")])
def test_no_anki_listening_is_one_line_and_exit_1(vault: Path, args: tuple[str, ...]) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    code, err, out = run(vault, url, *args)
    assert code == 1
    assert len(err) == 1 and "Traceback" not in err[0]
    assert err[0].startswith(f"Error: cannot reach Anki at {url}")
    assert "code 2055492159" in err[0] and "start Anki" in err[0]
    assert out == ""
    assert not (vault / LOCK_NAME).exists()  # the lock waits until Anki holds the cards


class _NotAnkiConnect(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # another program on the port: a web page, not JSON
        body = b"<html>hello</html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def other_server() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _NotAnkiConnect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_something_else_on_the_port_is_one_line_and_exit_1(vault: Path, other_server: str) -> None:
    code, err, _ = run(vault, other_server)
    assert code == 1 and len(err) == 1
    assert "answered, but not as AnkiConnect does" in err[0] and "2055492159" in err[0]


def test_output_is_refused_sync_writes_no_package(vault: Path, tmp_path: Path) -> None:
    # sync does not declare -o/--output (it writes no .apkg): click refuses it before Anki.
    code, err, _ = run(vault, f"http://127.0.0.1:{free_port()}", "-o", str(tmp_path / "x.apkg"))
    assert code == 2 and "No such option '-o'" in err[-1]
    assert not (tmp_path / "x.apkg").exists()


@pytest.mark.parametrize(
    ("url", "advice"),
    [
        ("http://[::1", "is not a URL"),
        ("localhost:8765", "did you mean http://localhost:8765?"),
        ("127.0.0.1:8765", "did you mean http://127.0.0.1:8765?"),
        ("ftp://127.0.0.1:8765", "did you mean http://127.0.0.1:8765?"),
        ("http://", "not an http(s) URL with a host"),
        ("http://127.0.0.1:port", "is not a URL"),
    ],
)
def test_a_malformed_url_is_a_usage_error(vault: Path, url: str, advice: str) -> None:
    """Exit 2 before anything runs; one line that names the option and says what to write."""
    code, err, out = run(vault, url)
    assert code == 2, err
    assert "Traceback" not in "\n".join(err) and out == ""
    assert "--anki-connect" in err[-1] and advice in err[-1], err
    assert "start Anki" not in "\n".join(err)  # Anki is not the problem


def test_the_client_turns_a_malformed_url_into_its_own_error() -> None:
    """Library callers skip the command line's check: still an AnkiConnectError, no ValueError."""
    with pytest.raises(AnkiConnectError, match="is not a URL"):
        AnkiConnect("http://[::1").call("version")
