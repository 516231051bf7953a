"""Import a puzzle from a photo: open a file, drop one, or take a webcam picture; see the grid found on the
photo, the rectified grid and the puzzle read from it; check the cells the reader was unsure of, correct
any cell; then "Use this puzzle" opens it in its editor (and the library keeps it with the photo).

Reading runs in a worker (results come back as numpy objects); a photo without a grid is a message
here, never a wrong puzzle; an unreadable file goes to the error reporter."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from solver.inputs import IMAGE_SUFFIXES
from solver.puzzles import sudoku
from solver.puzzles.maze import GOAL, START
from solver.puzzles.sudoku import SudokuPuzzle

from ..context import AppContext
from .grid_editor import PhotoGridEditor
from .reading import (KIND_NAMES, PhotoPuzzle, PhotoResult, maze_path_on_photo, puzzle_text, read_image,
                           save_frame)
from .view import PhotoView, default_outline
from .webcam import Webcam

READ_AS = (("Guess the kind", None), ("Sudoku", "sudoku"), ("Maze", "maze"), ("ARC grid", "arc"))
NO_GRID_HINT = ("Try a closer, straighter photo with the whole grid in view, or choose what it shows "
                "under “Read as”.")
DRAG_HINT = "Drag the orange corners onto the grid's outer corners, then press “Read at these corners”."
UNSURE_HINT = ("Unsure of this reading: if the green outline is off the grid, drag its corners onto the grid's "
               "outer corners and press “Read at these corners”.")


def image_files(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.suffix.lower() in IMAGE_SUFFIXES]


class PhotoImportDialog(QDialog):
    def __init__(self, ctx: AppContext, use: Callable[[PhotoPuzzle], bool], parent: QWidget | None = None,
                 webcam: Webcam | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.use = use                      # opens the puzzle in its editor; False keeps the dialog open
        self.webcam = webcam or Webcam()
        self.result: PhotoResult | None = None
        self._source: str | np.ndarray | None = None
        self._photo: str | None = None      # the file behind the source (a saved webcam frame)
        self._replaces: int | None = None   # the library entry the photo was read into before (folder import)
        self._generation = 0                # only the latest read's result is shown
        self.reading = False                # a read is running in a worker
        self.setWindowTitle("Import a puzzle from a photo")
        self.setAcceptDrops(True)
        self.resize(1240, 660)

        self.open_button = QPushButton("Open photo…", self)
        self.open_button.setToolTip("Open a photo or screenshot of a Sudoku, a maze or an ARC grid "
                                    "(or drop an image file on this window)")
        self.open_button.clicked.connect(self.open_file)
        self.webcam_button = QPushButton("Take a webcam picture", self)
        self.webcam_button.setEnabled(False)
        self.webcam_button.setToolTip("Looking for a webcam…")
        self.webcam_button.clicked.connect(self.grab_webcam)
        self.kind_combo = QComboBox(self)
        for text, kind in READ_AS:
            self.kind_combo.addItem(text, kind)
        self.kind_combo.setToolTip("What the photo shows; the reader guesses when not told")
        self.kind_combo.activated.connect(lambda _i: self.reread())

        self.message = QLabel("Open a photo, drop one here, or take a webcam picture.", self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Photo reading status")

        self.photo_view = PhotoView("Drop a photo here", self)
        self.photo_view.setToolTip("The photo; the green outline is the grid found (the filled dot is its "
                                   "top-left corner). Drag a corner to move it, then read at the corners.")
        self.photo_view.corners_edited.connect(self._corners_edited)
        self.corners_button = QPushButton("Read at these corners", self)
        self.corners_button.setToolTip("Read the Sudoku grid whose outer corners are where the outline's "
                                       "handles are on the photo")
        self.corners_button.setEnabled(False)
        self.corners_button.clicked.connect(self.read_at_corners)
        self.solve_button = QPushButton("Solve on the photo", self)
        self.solve_button.setToolTip("Find the maze's shortest path (as corrected on the right) and draw it on "
                                     "the photo")
        self.solve_button.setVisible(False)
        self.solve_button.clicked.connect(self.solve_on_photo)
        self.warped_view = PhotoView("The rectified grid appears here", self)
        self.warped_view.setToolTip("The grid cut out of the photo, straightened and turned upright")
        self.editor = PhotoGridEditor(self)
        self.editor.changed.connect(self._sync_checks)

        self.check_label = QLabel(self)
        self.prev_button = QPushButton("◀ Previous", self)
        self.prev_button.setToolTip("The previous cell to check")
        self.prev_button.clicked.connect(lambda: self._step(-1))
        self.next_button = QPushButton("Next ▶", self)
        self.next_button.setToolTip("The next cell to check")
        self.next_button.clicked.connect(lambda: self._step(1))
        self.confirm_button = QPushButton("Looks right", self)
        self.confirm_button.setToolTip("Confirm the selected cell as read and go to the next one (Enter)")
        self.confirm_button.clicked.connect(self._confirm)
        self.own_button = QPushButton("My entry", self)
        self.own_button.setToolTip("Mark the selected digit as your own entry (written in pen), not a given, or "
                                   "back (E, or right-click the cell); your entries come back in play mode")
        self.own_button.clicked.connect(self._toggle_own)
        self.own_label = QLabel(self)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)

        self.use_button = QPushButton("Use this puzzle", self)
        self.use_button.setToolTip("Open the puzzle in its editor and keep it in the library with the photo")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use_puzzle)
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.webcam_button)
        top.addSpacing(16)
        top.addWidget(QLabel("Read as:", self))
        top.addWidget(self.kind_combo)
        top.addSpacing(16)
        top.addWidget(self.corners_button)
        top.addWidget(self.solve_button)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        for title, w in (("Photo", self.photo_view), ("Grid found", self.warped_view),
                         ("Puzzle read: click a cell and type to correct it", self.editor)):
            split.addWidget(self._titled(title, w))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 2)
        split.setChildrenCollapsible(False)
        checks = QHBoxLayout()
        checks.addWidget(self.check_label)
        checks.addWidget(self.prev_button)
        checks.addWidget(self.next_button)
        checks.addWidget(self.confirm_button)
        checks.addWidget(self.own_button)
        checks.addWidget(self.own_label)
        checks.addWidget(self.problems, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.use_button)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.message)
        lay.addWidget(split, 1)
        lay.addLayout(checks)
        lay.addLayout(bottom)
        self._sync_checks()
        self._probe_webcam()

    def _titled(self, title: str, w: QWidget) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(f"<b>{title}</b>", box))
        lay.addWidget(w, 1)
        return box

    # --- sources ---------------------------------------------------------------------------------------

    def open_file(self) -> None:
        pattern = " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
        path, _ = QFileDialog.getOpenFileName(self, "Open a photo", self.ctx.settings.last_dir(),
                                              f"Images ({pattern});;All files (*)")
        if path:
            self.load_path(path)

    def load_path(self, path: str | Path, replaces: int | None = None) -> None:
        """Read a photo file; `replaces`: the library entry it was read into before, which the puzzle used
        from here replaces."""
        self.ctx.settings.set_last_dir(Path(path).parent)
        self._source, self._photo, self._replaces = str(path), None, replaces
        self.reread()

    def load_frame(self, frame: np.ndarray, photo: str | None = None) -> None:
        """Read a camera frame (BGR); `photo` is where it was saved, for the library."""
        self._source, self._photo, self._replaces = np.ascontiguousarray(frame), photo, None
        self.reread()

    def reread(self, corners: np.ndarray | None = None) -> None:
        """Read the current source, as the kind chosen under "Read as"; `corners` (photo pixels): the
        Sudoku grid at those corners."""
        if self._source is None:
            return
        self._generation += 1
        gen, source, photo = self._generation, self._source, self._photo
        kind = "sudoku" if corners is not None else self.kind_combo.currentData()
        name = Path(source).name if isinstance(source, str) else "the webcam picture"
        self.message.setText(f"Reading {name}" + (" at the corners given…" if corners is not None else "…"))
        self.use_button.setEnabled(False)
        self.corners_button.setEnabled(False)
        self.reading = True
        self.ctx.workers.submit(lambda _job: (gen, read_image(source, kind, photo, corners)), self._read_done,
                                self._corners_failed if corners is not None else self._read_failed,
                                label="read photo")

    def read_at_corners(self) -> None:
        """Read the grid at the corners the person placed on the photo."""
        if self.result is None or self.photo_view.corners is None:
            return
        self.reread(self.photo_view.corners / self.result.scale)

    def _corners_edited(self, _corners: object) -> None:
        if self.result is not None and not self.reading:
            self.corners_button.setEnabled(True)
            self.message.setText("Press “Read at these corners” to read the grid where the corners are now.")

    # --- webcam ------------------------------------------------------------------------------------------

    def _probe_webcam(self) -> None:
        cam = self.webcam
        self.ctx.workers.submit(lambda _job: cam.probe(), self._webcam_probed, self._webcam_probe_failed,
                                label="look for a webcam")

    def _webcam_probed(self, found: object) -> None:
        self.webcam_button.setEnabled(bool(found))
        self.webcam_button.setToolTip("Take one picture with the webcam and read it" if found else
                                      "No webcam was found (camera 0 could not be opened)")

    def _webcam_probe_failed(self, message: str) -> None:
        self._webcam_probed(False)
        self.ctx.reporter.note(f"No webcam: {message}")   # not an error: most machines have none

    def grab_webcam(self) -> None:
        cam = self.webcam
        self.webcam_button.setEnabled(False)
        self.message.setText("Taking a picture…")

        def grab(_job: object) -> tuple[np.ndarray, str]:
            frame = cam.grab()
            return frame, str(save_frame(frame))

        self.ctx.workers.submit(grab, self._grabbed, self._grab_failed, label="webcam picture")

    def _grabbed(self, value: object) -> None:
        self.webcam_button.setEnabled(True)
        frame, path = value  # type: ignore[misc]
        self.load_frame(frame, path)

    def _grab_failed(self, message: str) -> None:
        self.webcam_button.setEnabled(True)
        self.message.setText("No picture from the webcam.")
        self.ctx.reporter.error("Cannot take a webcam picture", message)

    # --- results -----------------------------------------------------------------------------------------

    def _read_done(self, value: object) -> None:
        gen, result = value  # type: ignore[misc]
        if gen == self._generation:
            self.reading = False
            self.show_result(result)

    def _read_failed(self, message: str) -> None:
        self.reading = False
        self.result = None
        self.photo_view.set_image(None)
        self.photo_view.set_editable(False)
        self.warped_view.set_image(None)
        self.editor.clear()
        self._sync_checks()
        self.message.setText("This file could not be read as an image.")
        self.ctx.reporter.error("Cannot read the photo", message)

    def _corners_failed(self, message: str) -> None:
        """Corners that outline no grid: said here; the photo and its handles stay for another try."""
        self.reading = False
        self.corners_button.setEnabled(True)
        self._sync_checks()
        self.message.setText(f"Cannot read a grid at these corners: {message}. {DRAG_HINT}")

    def show_result(self, result: PhotoResult) -> None:
        self.result = result
        r = result.reading
        corners = result.corners
        if r is None and corners is None:       # nothing looked like a grid: a square to start from
            h, w = result.image.shape[:2]
            corners = default_outline(w, h)
        self.photo_view.set_image(result.image, corners, offered=r is None)
        # The corners can be moved for a Sudoku (or a photo where no grid was read): the reader reads
        # a Sudoku grid at given corners.
        self.photo_view.set_editable(r is None or r.kind == "sudoku")
        self.solve_button.setVisible(r is not None and "line_maze" in r.details)
        self.solve_button.setEnabled(True)
        self.corners_button.setEnabled(r is None)
        if r is None:
            self.warped_view.set_image(None)
            self.editor.clear()
            offer = ("The orange outline is the nearest to a grid the reader found. " if result.offered is not None
                     else "")
            # The finders' reasons, one per candidate, are for the curious: in the tooltip.
            self.message.setText(f"<span style='font-size:14pt'><b>No grid found</b></span> in {result.name}: "
                                 f"{result.no_grid.split(' (')[0]}.<br>{offer}{DRAG_HINT}<br>{NO_GRID_HINT}")
            self.message.setToolTip(result.no_grid)
        else:
            self.warped_view.set_image(r.warped)
            self.editor.set_reading(r.kind, r.grid, r.confidence)
            h, w = r.grid.shape
            what = KIND_NAMES[r.kind] + (f" {h}x{w}" if r.kind != "sudoku" else
                                         f" with {int((r.grid > 0).sum())} digits")
            turns = int(r.details.get("quarter_turns", 0) or 0)
            turned = f" The photo was turned {90 * turns}°." if turns else ""
            where = " at the corners given" if str(r.details.get("method", "")).startswith("corners") else ""
            unsure = f"<br>{UNSURE_HINT}" if result.unsure else ""
            self.message.setText(f"Read a {what} from {result.name}{where} in {r.seconds:.2f} s.{turned}{unsure}")
            self.message.setToolTip("")
            self.editor.setFocus()
        self._sync_checks()

    # --- a line maze's path on the photo -------------------------------------------------------------------

    def solve_on_photo(self) -> None:
        """Solve the maze as it stands in the editor (in a worker) and draw the path on the photo."""
        r = self.result
        if r is None or r.reading is None or "line_maze" not in r.reading.details:
            return
        grid, lines, scale = self.editor.grid.copy(), r.reading.details["line_maze"], r.scale
        self.solve_button.setEnabled(False)
        self.ctx.workers.submit(lambda _job: maze_path_on_photo(grid, lines, scale), self._solved,
                                self._solve_failed, label="solve the maze")

    def _solved(self, points: object) -> None:
        self.solve_button.setEnabled(True)
        if points is None:
            self.message.setText("No way from the start to the goal in this maze: check the walls read "
                                 "against the photo (W and O on a cell).")
            return
        self.photo_view.set_path(points)
        self.message.setText(f"The shortest path, {len(points) - 1} steps of half a cell, drawn on the photo.")

    def _solve_failed(self, message: str) -> None:
        self.solve_button.setEnabled(True)
        self.message.setText(f"Cannot solve this maze: {message}")

    # --- checking and correcting ---------------------------------------------------------------------------

    def _step(self, direction: int) -> None:
        self.editor.step(direction)
        self.editor.setFocus()

    def _confirm(self) -> None:
        if self.editor.selected is not None:
            self.editor.confirm(*self.editor.selected)
            self.editor.step(1)
        self.editor.setFocus()

    def _toggle_own(self) -> None:
        if self.editor.selected is not None:
            self.editor.toggle_own(*self.editor.selected)
        self.editor.setFocus()

    def _sync_checks(self) -> None:
        read = self.editor.grid.size > 0
        n = len(self.editor.to_check())
        self.check_label.setText("" if not read else "No cells to check" if n == 0 else
                                 f"{n} cell{'s' if n != 1 else ''} to check")
        self.check_label.setStyleSheet("" if n == 0 else "color: #e65100; font-weight: bold")
        for b in (self.prev_button, self.next_button, self.confirm_button):
            b.setVisible(read)
            b.setEnabled(n > 0)
        sudoku_read = read and self.editor.kind == "sudoku"
        self.own_button.setVisible(sudoku_read)
        own = int(self.editor.own.sum()) if sudoku_read else 0
        self.own_label.setText(f"{own} of your entries" if own else "")
        problems = self._problems()
        self.problems.setText("; ".join(problems[:3]) + ("…" if len(problems) > 3 else ""))
        self.use_button.setEnabled(read)
        if read:
            self.use_button.setDefault(True)

    def _problems(self) -> list[str]:
        """What the editor will complain about, said before the puzzle is used."""
        kind, g = self.editor.kind, self.editor.grid
        if kind == "sudoku":
            problems = sudoku.validate(SudokuPuzzle(g.copy()))   # givens and entries together
            given = int((self.editor.givens() > 0).sum())
            if self.editor.own.any() and given < 17:
                problems.append(f"{given} givens are too few for a Sudoku (17 at least): is every digit "
                                "marked as yours written in pen?")
            return problems
        if kind == "maze":
            counts = {"start (S)": int((g == START).sum()), "goal (G)": int((g == GOAL).sum())}
            return [f"a maze needs exactly one {what}; this one has {n}" for what, n in counts.items() if n != 1]
        return []

    def use_puzzle(self) -> bool:
        r = self.result
        if r is None or r.reading is None or not self.editor.grid.size:
            return False
        ed = self.editor
        kind = ed.kind
        own = kind == "sudoku" and bool(ed.own.any())
        grid = ed.givens() if own else ed.grid
        puzzle = PhotoPuzzle(kind, puzzle_text(kind, grid), r.photo or r.name, r.photo,
                             confidence=ed.least_sure(), unsure=len(ed.to_check()),
                             entries=ed.entries() if own else None, replaces=self._replaces)
        if self.use(puzzle):
            self.accept()
            return True
        return False

    # --- drops -----------------------------------------------------------------------------------------------

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        mime = e.mimeData()
        if mime.hasUrls() and image_files([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]):
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        mime = e.mimeData()
        files = image_files([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]) if mime.hasUrls() else []
        if files:
            self.load_path(files[0])
            e.acceptProposedAction()
