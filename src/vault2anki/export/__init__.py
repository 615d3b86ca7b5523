"""The run over a whole vault. Takes `Options`; gives an `ExportResult` (`run.py`: `build`,
`plan_export`, `write_export`, `export_vault`): every note through `pipeline.py` on worker
processes (`parallel.py`, `pool.py`), within a time budget per step (`budget.py`), from the
render cache where nothing changed (`cache.py`, `deps.py`, `packed.py`), the cards' HTML kept
in one card store until the package is written (`store.py`: in memory, or spooled to disk by
`spool.py`), and where `-o` may not write (`outpath.py`)."""
