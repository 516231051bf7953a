"""The library keeps how sure the photo reader was of an entry, and forgets it with the entry."""
from pathlib import Path

import pytest

from solver.library import Library

LINE = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def test_photo_reading_kept_replaced_and_deleted(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        a = lib.add("sudoku", LINE, source="a.jpg", photo="a.jpg")
        assert lib.photo_reading(a) is None
        lib.set_photo_reading(a, 0.42, 3)
        lib.set_photo_reading(a, 0.61, 2)
        assert lib.photo_reading(a) == (pytest.approx(0.61), 2)
        with pytest.raises(ValueError, match="no library entry"):
            lib.set_photo_reading(a + 1, 0.5, 1)
    with Library(tmp_path / "lib.sqlite3") as lib:     # kept across opening
        assert lib.photo_reading(a) == (pytest.approx(0.61), 2)
        lib.delete(a)
        assert lib.photo_reading(a) is None
