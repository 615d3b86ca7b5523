"""One real Anki desktop with the real AnkiConnect add-on, headless, for the whole session.

Anki comes from PyPI (`aqt[qt]`, installed by .ci/run into `.venv-anki`; `ANKI_BIN` points
elsewhere), the add-on from `../shared/vendor/anki-connect/plugin` (`ANKICONNECT_SRC`): GPL
test equipment that is copied into a temporary Anki base folder, never into this project.
Tests skip with the reason when either is missing or Anki does not start. A second Anki
(`keyed_anki`, started only when a test asks for it) has AnkiConnect's `apiKey` set and two
profiles, switched with `open_profile`.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from vault2anki.sync.ankiconnect import Action, AnkiConnect, AnkiConnectError

REPO = Path(__file__).resolve().parents[2]
PROFILE = "User 1"


def _anki_bin() -> str | None:
    for candidate in (os.environ.get("ANKI_BIN"), str(REPO / ".venv-anki" / "bin" / "anki")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("anki")


def _addon_src() -> Path:
    default = REPO.parent / "shared" / "vendor" / "anki-connect" / "plugin"
    return Path(os.environ.get("ANKICONNECT_SRC", default))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _make_base(
    base: Path, addon: Path, port: int, profiles: tuple[str, ...] = (PROFILE,), **config: Any
) -> None:
    """prefs21.db as aqt/profiles.py writes it — language chosen, no update checks, no sync —
    so Anki opens the first of `profiles` without a dialog; the add-on listening on `port`,
    with `config` (e.g. `apiKey`) added to its config.json."""
    base.mkdir(parents=True, exist_ok=True)
    now = int(time.time())
    meta = {
        "ver": 0, "updates": False, "created": now, "id": random.randrange(2**63),
        "lastMsg": 0, "suppressUpdate": True, "firstRun": False, "defaultLang": "en_US",
        "check_for_updates": False, "check_for_addon_updates": False,
        "last_addon_update_check": now, "last_loaded_profile_name": profiles[0],
    }  # fmt: skip
    profile = {
        "mainWindowGeom": None, "mainWindowState": None, "numBackups": 0, "lastOptimize": now,
        "searchHistory": [], "syncKey": None, "syncMedia": False, "autoSync": False,
        "allowHTML": False, "importMode": 1, "lastColour": "#00f", "stripHTML": True,
        "deleteMedia": False,
    }  # fmt: skip
    db = sqlite3.connect(base / "prefs21.db")
    db.execute("create table profiles (name text primary key collate nocase, data blob not null)")
    db.execute("insert into profiles values ('_global', ?)", (pickle.dumps(meta, protocol=4),))
    for name in profiles:
        db.execute("insert into profiles values (?, ?)", (name, pickle.dumps(profile, protocol=4)))
        (base / name).mkdir(exist_ok=True)
    db.commit()
    db.close()
    target = base / "addons21" / "AnkiConnect"  # Anki ignores an add-on folder named "plugin"
    shutil.copytree(addon, target, ignore=shutil.ignore_patterns("__pycache__", "meta.json"))
    settings = json.loads((target / "config.json").read_text())
    settings.update(webBindAddress="127.0.0.1", webBindPort=port, **config)
    (target / "config.json").write_text(json.dumps(settings))


def _wait_ready(client: AnkiConnect, proc: subprocess.Popen[bytes], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            client.call("deckNames")  # answers once the collection is open
            return True
        except AnkiConnectError:
            time.sleep(0.2)
    return False


def anki_base(
    tmp_path_factory: pytest.TempPathFactory,
    profiles: tuple[str, ...] = (PROFILE,),
    key: str | None = None,
) -> tuple[Path, int]:
    """A fresh Anki base folder with the add-on on a free port (asking for `key` when given);
    skip the test without Anki or the add-on."""
    anki_bin, addon = _anki_bin(), _addon_src()
    if anki_bin is None:
        pytest.skip("Anki desktop not installed: python3 -m venv .venv-anki && "
                    ".venv-anki/bin/pip install 'aqt[qt]' (or set ANKI_BIN)")  # fmt: skip
    if not (addon / "__init__.py").is_file():
        pytest.skip(f"AnkiConnect add-on source not found at {addon} (set ANKICONNECT_SRC)")
    base = tmp_path_factory.mktemp("anki-base")
    port = free_port()
    _make_base(base, addon, port, profiles, **({"apiKey": key} if key is not None else {}))
    return base, port


def launch(
    base: Path, port: int, profile: str = PROFILE, key: str | None = None
) -> tuple[subprocess.Popen[bytes], AnkiConnect]:
    """Start Anki on a base folder `anki_base` made (again after `stop`: the collection is
    kept) and wait until `profile`'s collection is open; skip the test when it does not."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",  # no X server
        QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu",  # required when run as root
        QT_LOGGING_RULES="*.warning=false",
        # Anki is one instance per user: a second start hands over to the first and exits.
        # Its own key lets this Anki run next to the user's (or another test session's).
        ANKI_SINGLE_INSTANCE_KEY=f"vault2anki-tests-{port}",
    )
    log_path = base.parent / f"{base.name}.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [str(_anki_bin()), "-b", str(base), "-p", profile],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    client = AnkiConnect(f"http://127.0.0.1:{port}", timeout=30, key=key)
    if not _wait_ready(client, proc, float(os.environ.get("ANKI_READY_TIMEOUT", "60"))):
        stop(proc)
        pytest.skip(f"Anki did not become ready (exit code {proc.poll()}); see {log_path}")
    return proc, client


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # Anki saves and closes in ~2-3 s
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:  # a hidden modal dialog blocks the close
            proc.kill()
            proc.wait(5)


@contextmanager
def running_anki(
    tmp_path_factory: pytest.TempPathFactory,
    profiles: tuple[str, ...] = (PROFILE,),
    key: str | None = None,
) -> Iterator[AnkiConnect]:
    """Start Anki on a base folder of its own (the first of `profiles` open; AnkiConnect asking
    for `key` when given); a client for it (sending `key`); stop it afterwards."""
    proc, client = launch(*anki_base(tmp_path_factory, profiles, key), profiles[0], key)
    try:
        yield client
    finally:
        stop(proc)


@pytest.fixture(autouse=True)
def _no_api_key_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's ANKICONNECT_API_KEY would reach the test Ankis, which ask for none."""
    monkeypatch.delenv("ANKICONNECT_API_KEY", raising=False)


@pytest.fixture(scope="session")
def anki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnkiConnect]:
    """A running Anki (empty collection) and a client for its AnkiConnect."""
    with running_anki(tmp_path_factory) as client:
        yield client


# The second Anki of a session (each start costs ~10 s): AnkiConnect configured with an
# `apiKey`, and two profiles — the API key tests and the profile tests share it.
API_KEY = "v2a-test-key-7f3c9e1d"
SECOND_PROFILE = "Профиль 2"


@pytest.fixture(scope="session")
def keyed_anki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnkiConnect]:
    """A running Anki whose AnkiConnect asks for `API_KEY`, with profiles `PROFILE` (open)
    and `SECOND_PROFILE`; a client that sends the key."""
    with running_anki(tmp_path_factory, (PROFILE, SECOND_PROFILE), API_KEY) as client:
        yield client


def open_profile(client: AnkiConnect, name: str, timeout: float = 60.0) -> None:
    """Switch Anki to profile `name` (AnkiConnect's loadProfile returns before the switch is
    done) and wait until that profile's collection answers."""
    # (`call` takes the action's own name as `name`: the parameter goes in an Action)
    assert client.multi([Action("loadProfile", {"name": name})]) == [True]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            media = client.call("getMediaDirPath")
            if Path(media).parent.name == name:
                client.call("deckNames")
                return
        except AnkiConnectError:  # between the two profiles: no collection open
            pass
        time.sleep(0.3)
    raise AssertionError(f"Anki did not open profile {name!r} within {timeout:.0f} s")
