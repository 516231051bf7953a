"""What reading a photo returns, and the error for a photo without a convincing grid."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..puzzles.base import PuzzleError

# How a reading is written as text, by kind: 9x9 digit grids as one 81-character line (0 for a blank);
# a maze's codes as characters; anything else (ARC) as rows of digits. The digit grids' kinds, and whether
# their diagonals are rules:
DIGIT_GRIDS = {"sudoku": False, "sudoku-x": True}
CELL_CHARS = {"maze": "#.SG"}


class NoGridFound(PuzzleError):
    """Nothing in the photo is convincingly a grid of the asked kind. str() starts 'no grid found: '.

    `best_corners`: the outline that came nearest to a grid ((4, 2) float32, TL TR BR BL in the photo's
    pixels), for the person to correct and read again with `read_photo(..., corners=...)`; None when
    nothing in the photo looked like a grid outline."""

    status = 3      # the CLI's exit status for it

    def __init__(self, reason: str, source: str | None = None, best_corners: np.ndarray | None = None):
        self.reason = reason
        self.best_corners = None if best_corners is None else np.asarray(best_corners, np.float32).reshape(4, 2)
        super().__init__(f"no grid found: {reason}", source=source)

    def to_json(self) -> dict:
        """{"error": ...} plus "best_corners" when there is an outline to offer."""
        out: dict = {"error": self.message}
        if self.best_corners is not None:
            out["best_corners"] = corners_json(self.best_corners)
        return out


def corners_json(corners: np.ndarray) -> list[list[float]]:
    return [[round(float(x), 1), round(float(y), 1)] for x, y in np.asarray(corners).reshape(4, 2)]


@dataclass(frozen=True)
class PhotoReading:
    kind: str                    # "sudoku", "sudoku-x", "maze" or "arc"
    grid: np.ndarray             # int8 puzzle grid: Sudoku (9, 9) 0 = blank; maze codes; ARC colours 0-9
    confidence: np.ndarray       # float32, grid.shape: probability-like confidence of each cell
    corners: np.ndarray          # (4, 2) float32 grid corners in the original image: the upright grid's
                                 # top-left, top-right, bottom-right, bottom-left
    warped: np.ndarray           # BGR uint8: the grid rectified and turned upright, for display
    seconds: float
    source: str = "<image>"
    details: dict = field(default_factory=dict)   # method, quarter turns, repairs, ...

    def grid_text(self) -> str:
        """Sudoku: 81 characters, 0 for blanks. Maze: rows of "#.SG" (maze.parse reads them). ARC: rows of digits."""
        return "\n".join(self._rows())

    def _rows(self) -> list[str]:
        if self.grid.shape == (9, 9) and self.kind in DIGIT_GRIDS:
            return ["".join(str(int(v)) for v in self.grid.ravel())]
        chars = CELL_CHARS.get(self.kind, "0123456789")
        return ["".join(chars[int(v)] for v in row) for row in self.grid]

    def to_json(self) -> dict:
        rows = self._rows()
        return {"kind": self.kind, "source": self.source,
                "grid": rows[0] if self.kind in DIGIT_GRIDS else rows,
                "confidence": [round(float(c), 4) for c in self.confidence.ravel()],
                "min_confidence": round(float(self.confidence.min()), 4),
                "corners": corners_json(self.corners),
                "seconds": round(self.seconds, 4), **self.details}
