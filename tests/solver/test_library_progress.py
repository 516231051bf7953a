"""Play progress in the library (schema version 2): saved, replaced, restored, deleted with its entry,
and a version-1 file migrated in place."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from solver.library import SCHEMA_VERSION, Library

LINE = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def test_progress_saved_replaced_and_restored(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        i = lib.add("sudoku", LINE)
        assert lib.progress(i) is None
        lib.save_progress(i, "state-1", 12.5, hints=1)
        lib.save_progress(i, "state-2", 30.0, hints=2, solved=True)
    with Library(tmp_path / "lib.sqlite3") as lib:
        p = lib.progress(i)
        assert (p.state, p.seconds, p.hints, p.solved) == ("state-2", 30.0, 2, True)
        lib.clear_progress(i)
        assert lib.progress(i) is None


def test_progress_goes_with_its_entry(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        i = lib.add("sudoku", LINE)
        lib.save_progress(i, "s", 1.0)
        lib.delete(i)
        assert lib.progress(i) is None
        with pytest.raises(ValueError, match="no library entry"):
            lib.save_progress(i, "s", 1.0)


def test_a_version_1_library_gains_the_progress_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE puzzles (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '', photo TEXT, verdict TEXT NOT NULL DEFAULT '',
            verdict_text TEXT NOT NULL DEFAULT '', model TEXT NOT NULL DEFAULT '', created REAL NOT NULL,
            updated REAL NOT NULL, UNIQUE (kind, text));
        INSERT INTO puzzles (kind, text, created, updated) VALUES ('sudoku', 'x', 1, 1);
        PRAGMA user_version = 1;""")
    conn.close()
    with Library(path) as lib:
        assert lib.set_aside is None and lib.count() == 1
        lib.save_progress(1, "s", 3.0)
        assert lib.progress(1).seconds == 3.0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()
