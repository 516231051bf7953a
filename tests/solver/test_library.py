"""The puzzle library (solver/library.py): add, search, verdicts, and damaged files set aside."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from solver.library import FILE_NAME, Library, LibraryError, default_path

LINE = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


@pytest.fixture
def lib(tmp_path: Path):
    with Library(tmp_path / FILE_NAME) as library:
        yield library


def test_add_and_get(lib: Library) -> None:
    i = lib.add("sudoku", LINE, source="a.txt")
    e = lib.get(i)
    assert e is not None and e.kind == "sudoku" and e.text == LINE and e.source == "a.txt"
    assert e.verdict == "" and e.photo is None and e.created <= e.updated
    assert lib.count() == 1


def test_same_puzzle_again_updates_not_duplicates(lib: Library) -> None:
    a = lib.add("sudoku", LINE, source="a.txt")
    b = lib.add("sudoku", LINE, source="", verdict="verified", verdict_text="network solved it, verified",
                model="sudoku")
    assert a == b and lib.count() == 1
    e = lib.get(a)
    assert e.source == "a.txt" and e.verdict == "verified" and e.model == "sudoku"
    lib.add("sudoku", LINE)  # no verdict given: the stored one stays
    assert lib.get(a).verdict == "verified"
    assert lib.add("maze", LINE) != a  # same text, other kind: another entry


def test_search_by_text_kind_and_verdict(lib: Library) -> None:
    s = lib.add("sudoku", LINE, source="news.txt")
    m = lib.add("maze", "#S.G#\n", source="small.txt", photo="/tmp/p.png")
    lib.set_verdict(m, "failed", "no solution: no path exists from S to G", "")
    assert [e.id for e in lib.search()] == [m, s]  # newest first
    assert [e.id for e in lib.search(kind="sudoku")] == [s]
    assert [e.id for e in lib.search(verdict="failed")] == [m]
    assert [e.id for e in lib.search(verdict="")] == [s]
    assert [e.id for e in lib.search("NEWS")] == [s]
    assert [e.id for e in lib.search("no path")] == [m]
    assert lib.search("100%") == []  # LIKE wildcards in the query are literal
    assert lib.get(m).photo == "/tmp/p.png"


def test_bad_input_refused(lib: Library) -> None:
    with pytest.raises(ValueError):
        lib.add("sudoku", "   ")
    with pytest.raises(ValueError):
        lib.add("sudoku", LINE, verdict="great")


def test_delete(lib: Library) -> None:
    i = lib.add("sudoku", LINE)
    lib.delete(i)
    assert lib.get(i) is None and lib.count() == 0


def test_kept_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with Library(path) as a:
        a.add("arc", '{"train": []}', source="t.json")
    with Library(path) as b:
        assert b.set_aside is None and [e.source for e in b.search()] == ["t.json"]


def test_failed_write_rolls_back(lib: Library) -> None:
    lib.add("sudoku", LINE)
    with pytest.raises(sqlite3.IntegrityError):
        with lib._transaction() as c:
            c.execute("INSERT INTO puzzles (kind, text, created, updated) VALUES ('maze', 'x', 0, 0)")
            c.execute("INSERT INTO puzzles (kind, text, created, updated) VALUES ('maze', 'x', 0, 0)")
    assert lib.count() == 1


@pytest.mark.parametrize("content", [b"this is not a database" * 50, b"SQLite format 3\x00" + b"\xff" * 600])
def test_damaged_file_is_set_aside_not_emptied(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(content)
    with Library(path) as lib:
        assert lib.set_aside is not None and lib.set_aside.exists()
        assert lib.set_aside.name.startswith(FILE_NAME + ".damaged-")
        assert lib.set_aside.read_bytes() == content  # the old bytes are kept for the user
        assert lib.count() == 0
        lib.add("sudoku", LINE)
    with Library(path) as again:
        assert again.set_aside is None and again.count() == 1


def test_foreign_database_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE puzzles (a TEXT)")
    conn.commit()
    conn.close()
    with Library(path) as lib:
        assert lib.set_aside is not None and lib.count() == 0


def test_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).mkdir()
    with pytest.raises(LibraryError, match="folder"):
        Library(tmp_path / FILE_NAME)


def test_env_overrides_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRM_DATA_DIR", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / FILE_NAME
    with Library() as lib:
        assert lib.path == tmp_path / "data" / FILE_NAME and lib.path.exists()
