"""Page 2, the data: files and folders in every format the engine reads (photos too), and puzzles picked
from the library. The preview (computed in a worker) is the split the run will use: the same loader and
the same seed as `trm train`."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QListWidget, QPushButton, QSplitter,
                               QVBoxLayout, QWidget, QWizardPage)

from solver.inputs import IMAGE_SUFFIXES
from training import runs
from training.data.user_files import PUZZLE_SUFFIXES
from training.data_summary import DataSummary, summarize

from ..context import AppContext
from ..workers import Job
from .data_preview import DataPreview
from .library_picker import LibraryPicker
from .state import WizardState

SPLIT_SEED = 0   # RunOptions' seed: the preview shows the split the run makes


class DataPage(QWizardPage):
    def __init__(self, ctx: AppContext, state: WizardState, parent=None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setTitle("Your puzzles")
        self.setSubTitle("Add puzzle files or folders (every format the app opens; photos of Sudokus and "
                         "mazes too) and tick puzzles from your library. Puzzles without an answer get "
                         "the exact solver's.")
        self._kind = ""
        self._job: Job | None = None
        self._generation = 0
        self._summary: DataSummary | None = None

        self.sources = QListWidget(self)
        self.sources.setAccessibleName("Files and folders")
        self.sources.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        add_files = QPushButton("Add &files…", self)
        add_files.clicked.connect(self._add_files_dialog)
        add_folder = QPushButton("Add f&older…", self)
        add_folder.clicked.connect(self._add_folder_dialog)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for b in (add_files, add_folder, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        files_box = QGroupBox("Files and folders", self)
        fl = QVBoxLayout(files_box)
        fl.addWidget(self.sources, 1)
        fl.addLayout(buttons)

        self.picker = LibraryPicker(ctx.library, self)
        self.picker.changed.connect(self._schedule)
        lib_box = QGroupBox("From the puzzle library", self)
        ll = QVBoxLayout(lib_box)
        ll.addWidget(self.picker)

        left = QWidget(self)
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(files_box, 1)
        left_lay.addWidget(lib_box, 1)

        self.preview = DataPreview(self)
        prev_box = QGroupBox("Preview", self)
        pl = QVBoxLayout(prev_box)
        pl.addWidget(self.preview)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(prev_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(split)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # one preview for a burst of changes
        self._timer.timeout.connect(self.refresh)

    # --- the page's life ---------------------------------------------------------------------------

    def initializePage(self) -> None:
        if self._kind != self.state.kind:
            self._kind = self.state.kind
            self.picker.load(self._kind)
            self.picker.set_ticked(self.state.library_ids)
            self._summary = None
            self._schedule()

    def cleanupPage(self) -> None:
        """Back to the goal: the kind may change, so the preview is made again (none is made meanwhile)."""
        self._timer.stop()
        self._cancel_job()

    def isComplete(self) -> bool:
        s = self._summary
        # Validation puzzles are needed: the run keeps its best validated weights, and compares.
        return s is not None and not self._timer.isActive() and self._job is None and bool(s.train and s.val)

    def validatePage(self) -> bool:
        self.state.summary = self._summary
        return self.isComplete()

    # --- sources -------------------------------------------------------------------------------------

    def add_paths(self, paths) -> None:
        have = set(self.state.sources)
        for p in map(str, paths):
            if p not in have:
                self.state.sources.append(p)
                self.sources.addItem(p + ("/" if Path(p).is_dir() else ""))
                have.add(p)
        self._schedule()

    def remove_selected(self) -> None:
        rows = sorted((self.sources.row(i) for i in self.sources.selectedItems()), reverse=True)
        for r in rows:
            self.sources.takeItem(r)
            del self.state.sources[r]
        self._schedule()

    def _add_files_dialog(self) -> None:
        pats = " ".join(f"*{s}" for s in sorted(PUZZLE_SUFFIXES))
        photos = " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(self, "Add puzzle files", self.ctx.settings.last_dir(),
                                                f"Puzzle files ({pats});;Photos ({photos});;All files (*)")
        if files:
            self.ctx.settings.set_last_dir(Path(files[0]).parent)
            self.add_paths(files)

    def _add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of puzzles", self.ctx.settings.last_dir())
        if folder:
            self.ctx.settings.set_last_dir(folder)
            self.add_paths([folder])

    # --- the preview -----------------------------------------------------------------------------------

    def _schedule(self) -> None:
        self._summary = None
        self._timer.start()
        self.completeChanged.emit()

    def _cancel_job(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _ensure_run_dir(self) -> Path:
        """The run folder holds the library picks as a data file, so it is made with the first preview
        (a run of another kind gets a new folder; an unused one is removed)."""
        s = self.state
        if s.run_dir is not None and not s.run_dir.name.startswith(s.kind + "-"):
            runs.forget_unstarted(s.run_dir)
            s.run_dir = None
        if s.run_dir is None or not s.run_dir.is_dir():
            s.run_dir = runs.new_run_dir(s.kind)
        return s.run_dir

    def refresh(self) -> None:
        self._cancel_job()
        s = self.state
        picked = self.picker.ticked()
        s.library_ids = [e.id for e in picked]
        if not s.sources and not picked:
            self.preview.show_message("Add files, folders or library puzzles: the preview appears here.")
            self.completeChanged.emit()
            return
        try:
            s.library_file = runs.write_library_file(self._ensure_run_dir(), s.kind, [e.text for e in picked])
        except OSError as e:
            self.ctx.reporter.exception("Cannot keep the library puzzles for training", e)
            return
        self._generation += 1
        gen, kind, paths = self._generation, s.kind, list(s.data_paths)
        self.preview.show_message("Reading the puzzles and rating their difficulty…")

        def work(job: Job):
            return summarize(kind, paths, SPLIT_SEED, progress=lambda i, n: job.emit((i, n)),
                             should_stop=job.cancelled)

        self._job = self.ctx.workers.submit(
            work, lambda r, g=gen: self._done(g, r), lambda m, g=gen: self._failed(g, m),
            lambda p, g=gen: self._progress(g, p), label="training data preview")
        self.completeChanged.emit()

    def _progress(self, gen: int, p: object) -> None:
        if gen == self._generation and isinstance(p, tuple):
            self.preview.show_message(f"Rating difficulty… {p[0]:,} of {p[1]:,}")

    def _done(self, gen: int, summary: object) -> None:
        if gen != self._generation or not isinstance(summary, DataSummary):
            return  # a newer preview is on its way (or this one was cancelled)
        self._job = None
        self._summary = summary
        self.preview.show_summary(summary, len(self.state.library_ids), self._common_folder())
        self.completeChanged.emit()

    def _failed(self, gen: int, message: str) -> None:
        if gen != self._generation:
            return
        self._job = None
        self.preview.show_message("The preview failed: " + message)
        self.ctx.reporter.error("Cannot read the training data", message)
        self.completeChanged.emit()

    def _common_folder(self) -> str:
        """The folder the person's sources share (for shorter paths in the preview), or ""."""
        folders = [p if Path(p).is_dir() else str(Path(p).parent) for p in self.state.sources]
        try:
            return os.path.commonpath(folders) if folders else ""
        except ValueError:  # different drives
            return ""

    @property
    def summary(self) -> DataSummary | None:
        return self._summary
