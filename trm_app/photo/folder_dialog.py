"""Import a folder of Sudoku photos into the library: a worker reads them one by one (progress, Cancel);
each photo read becomes a library entry with its confidence, and the list says which ones to check.
Opening a row to check reads that photo in the photo import dialog, where the person corrects it."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ..context import AppContext
from ..workers import Job
from .folder import READ, FolderPhoto, read_folder

COLUMNS = ("Photo", "Result", "Digits", "Least sure", "To check")
CHECK_COLOUR = QColor("#e65100")


class PhotoFolderDialog(QDialog):
    def __init__(self, ctx: AppContext, open_photo: Callable[[Path, int | None], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.open_photo = open_photo        # (photo, the library entry it replaces) -> the import dialog
        self.rows: list[FolderPhoto] = []
        self.entry_ids: dict[int, int] = {}  # photo index -> library entry
        self.job: Job | None = None
        self.folder: Path | None = None
        self.setWindowTitle("Import a folder of Sudoku photos")
        self.resize(900, 560)

        self.choose_button = QPushButton("Choose a folder…", self)
        self.choose_button.setToolTip("Read every image file in a folder as a Sudoku and keep each in the library")
        self.choose_button.clicked.connect(self.choose)
        self.message = QLabel("Choose a folder of photos of Sudoku puzzles.", self)
        self.message.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop after the photo being read (those read so far stay in the library)")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.only_check = QCheckBox("Only the ones to check", self)
        self.only_check.toggled.connect(lambda _on: self._filter())
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip("Double-click a photo to check and correct it in the photo import dialog")
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.open_button = QPushButton("Check in the photo import…", self)
        self.open_button.setToolTip("Read the selected photo in the photo import dialog, to check and correct it")
        self.open_button.clicked.connect(self.open_selected)
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.only_check)
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.message)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)

    # --- reading -----------------------------------------------------------------------------------------

    def choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A folder of Sudoku photos", self.ctx.settings.last_dir())
        if folder:
            self.start(folder)

    def start(self, folder: str | Path) -> None:
        """Read every photo of `folder` in a worker; rows arrive as each photo is read."""
        if self.job is not None:
            return
        self.folder = Path(folder)
        self.ctx.settings.set_last_dir(self.folder)
        self.rows, self.entry_ids = [], {}
        self.table.setRowCount(0)
        self.progress.setRange(0, 0)         # busy until the first photo says how many there are
        self.progress.setVisible(True)
        self.choose_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.message.setText(f"Reading the photos in {self.folder}…")

        def work(job: Job) -> bool:
            for total, photo in read_folder(self.folder, job.cancelled):
                job.emit((total, photo))
            return job.cancelled()

        self.job = self.ctx.workers.submit(work, self._done, self._failed, self._photo_read, label="read photos")

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Stopping after the photo being read…")

    def _photo_read(self, value: object) -> None:
        total, photo = value  # type: ignore[misc]
        if self.progress.maximum() != total:
            self.progress.setRange(0, total)
        self.progress.setValue(photo.index + 1)
        self.progress.setFormat("%v of %m photos")
        if photo.status == READ:
            entry_id = self.ctx.library.record("sudoku", photo.text, source=str(photo.path), photo=str(photo.path))
            if entry_id is not None:
                self.entry_ids[photo.index] = entry_id
                self.ctx.library.set_photo_reading(entry_id, photo.confidence, photo.unsure)
        self.rows.append(photo)
        self._add_row(photo)

    def _done(self, cancelled: object) -> None:
        self.job = None
        self.choose_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        read = sum(p.status == READ for p in self.rows)
        check = sum(p.to_check for p in self.rows)
        stopped = " (cancelled)" if cancelled else ""
        self.message.setText(f"{len(self.rows)} photos{stopped}: {read} read into the library, "
                             f"{check} to check." + (" Double-click one to check it." if check else ""))
        self.only_check.setChecked(check > 0)

    def _failed(self, message: str) -> None:
        self.job = None
        self.choose_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)
        self.message.setText("The folder could not be read.")
        self.ctx.reporter.error("Cannot import the folder", message)

    # --- the list ------------------------------------------------------------------------------------------

    def _add_row(self, p: FolderPhoto) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (p.path.name, p.status, str(p.digits) if p.status == READ else "",
                  f"{p.confidence:.2f}" if p.status == READ else "", p.why)
        for col, v in enumerate(values):
            item = QTableWidgetItem(v)
            item.setToolTip(str(p.path) if col == 0 else v)
            if p.to_check:
                item.setForeground(CHECK_COLOUR)
            self.table.setItem(row, col, item)
        self.table.setRowHidden(row, self.only_check.isChecked() and not p.to_check)

    def _filter(self) -> None:
        for row, p in enumerate(self.rows):
            self.table.setRowHidden(row, self.only_check.isChecked() and not p.to_check)

    def to_check(self) -> list[FolderPhoto]:
        return [p for p in self.rows if p.to_check]

    def selected(self) -> FolderPhoto | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def open_selected(self) -> None:
        p = self.selected()
        if p is not None:
            self.open_photo(p.path, self.entry_ids.get(p.index))

    def closeEvent(self, e) -> None:  # noqa: ANN001 - Qt override
        self.cancel()
        super().closeEvent(e)

    def reject(self) -> None:
        self.cancel()
        super().reject()
