"""Stage 4, the package. Takes identified cards (`Card`s with their HTML, or `CardRef`s and
where to ask for theirs); gives the `.apkg` file: the note types
(fixed ids, CSS in `styles.py`), the collection database's rows, the zip (`zipwrite.py`),
written atomically (`atomic.py`: the old file or the new one, never half), and `diff.py`,
which reads a package back to compare it with the next."""
