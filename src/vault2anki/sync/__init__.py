"""Cards → a running Anki. Takes an export's cards; gives Anki the same notes through the
AnkiConnect add-on (`ankiconnect.py`, the HTTP client): what Anki holds (`read.py`), what the
last sync wrote (`record.py`), one sync of a vault into an Anki at a time (`lock.py`), media
uploads (`media.py`), the plan of adds, updates, moves and deletions and its application
(`plan.py`), one whole run (`run.py`), and when to run it again under `--watch` (`watch.py`)."""
