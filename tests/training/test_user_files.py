import numpy as np

from solver.puzzles import maze
from training.data.user_files import load_training_files, split_validation, symmetry_key
from solver.puzzles import sudoku
from solver.puzzles.sudoku_generate import generate

PUZ = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"


def test_bad_lines_are_reported_and_skipped(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text(f"{PUZ}\nnot a puzzle\n{'.' * 81}\n{'77' + '.' * 79}\n")
    rep = load_training_files("sudoku", [f])
    assert len(rep.puzzles) == 1 and rep.puzzles[0].solution is not None  # filled in by the solver
    assert len(rep.problems) == 3
    assert any(":2:" in p for p in rep.problems) and any("more than one" in p for p in rep.problems)
    assert any("both hold 7" in p for p in rep.problems)


def test_folders_and_maze_blocks(tmp_path):
    (tmp_path / "d").mkdir()
    text = maze.format(maze.generate(np.random.default_rng(0), "easy")) + "\n\n#####\n#S..#\n#####\n"
    (tmp_path / "d" / "m.txt").write_text(text)
    rep = load_training_files("maze", [tmp_path / "d"])
    assert rep.files == 1 and len(rep.puzzles) == 1 and len(rep.problems) == 1 and ":13:" in rep.problems[0] and "line 13" in rep.problems[0]


def test_validation_holds_no_symmetry_of_a_training_puzzle():
    rng = np.random.default_rng(0)
    base = [generate(rng, "easy") for _ in range(10)]
    # Add symmetric copies: each must land on the same side as its original.
    copies = [sudoku.random_augmentation(rng, p).apply(p) for p in base]
    train, val = split_validation("sudoku", base + copies, fraction=0.3)
    tk = {symmetry_key("sudoku", p) for p in train}
    assert val and not any(symmetry_key("sudoku", p) in tk for p in val)
