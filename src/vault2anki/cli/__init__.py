"""The command line. Takes argv; gives exit codes and what the terminal shows: click commands
that parse options, call the library and print
(`commands.py`, `sync.py`), the options they share (`options.py`) and how problems and
progress reach the terminal (`common.py`). No card logic lives here."""

from .commands import main

__all__ = ["main"]
