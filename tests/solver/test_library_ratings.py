"""The library keeps each entry's rating (the puzzle's difficulty in words), lists many in one call, and
forgets it with the entry."""
from pathlib import Path

import pytest

from solver.library import Library

LINE = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def test_ratings_kept_replaced_listed_and_deleted(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        ids = [lib.add("sudoku", LINE[:-1] + str(d)) for d in range(1, 4)]
        lib.set_rating(ids[0], "easy")
        lib.set_rating(ids[0], "tough: needs X-Wing")
        lib.set_rating(ids[2], "gentle")
        assert lib.ratings(ids) == {ids[0]: "tough: needs X-Wing", ids[2]: "gentle"}
        with pytest.raises(ValueError, match="no library entry"):
            lib.set_rating(max(ids) + 1, "easy")
    with Library(tmp_path / "lib.sqlite3") as lib:
        assert lib.ratings(ids + list(range(1000, 1600))) == {ids[0]: "tough: needs X-Wing", ids[2]: "gentle"}
        lib.delete(ids[0])
        assert lib.ratings(ids) == {ids[2]: "gentle"}
