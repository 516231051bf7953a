"""The main window: the three kinds one click apart (tabs), files, clipboard, undo/redo, themes, the
library dock, exports and the status bar."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import (QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication,
                           QIcon, QKeySequence, QUndoGroup)
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QStyle, QTabWidget, QWidget)

from solver.inputs import IMAGE_SUFFIXES, detect_kind
from solver.library import Entry
from solver.puzzles.base import PuzzleError, read_text_file

from . import APP_TITLE
from .arc.editor import ArcEditor
from .context import AppContext
from .library_panel import LibraryPanel
from .maze.editor import MazeEditor
from .page_base import PageBase
from .paths import ICONS_DIR, samples
from .settings import THEMES
from .sudoku.editor import SudokuEditor
from .theme import apply_theme
from .threads_menu import ThreadsMenu

if TYPE_CHECKING:  # the photo modules bring in OpenCV and the digit reader: loaded when first used
    from .photo.dialog import PhotoImportDialog
    from .photo.folder_dialog import PhotoFolderDialog
    from .photo.reading import PhotoPuzzle
    from .photo.webcam import Webcam

SHORTCUTS = """<table>
<tr><td><b>Ctrl+1 / 2 / 3</b></td><td>Sudoku / Maze / ARC</td></tr>
<tr><td><b>Ctrl+O, Ctrl+S</b></td><td>open, save (Ctrl+Shift+S: save as)</td></tr>
<tr><td><b>Ctrl+Shift+O</b></td><td>read a puzzle from a photo, a screenshot or the webcam</td></tr>
<tr><td><b>Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y</b></td><td>undo, redo (each editor has its own history)</td></tr>
<tr><td><b>Ctrl+V</b></td><td>paste a puzzle: an 81-character Sudoku line, a maze, ARC JSON</td></tr>
<tr><td><b>F5, Esc</b></td><td>solve, cancel</td></tr>
<tr><td><b>F6, Alt+Left / Alt+Right</b></td><td>play or pause the steps, step back / forward</td></tr>
<tr><td><b>Ctrl+E, Ctrl+Shift+E</b></td><td>export the board as PNG, the solve as GIF</td></tr>
<tr><td><b>Ctrl+L</b></td><td>the puzzle library</td></tr>
<tr><td><b>Sudoku</b></td><td>1-9 type, arrows move, Delete/Backspace/0 clear, P pencil marks</td></tr>
<tr><td><b>Maze</b></td><td>W wall, E erase, S start, G goal; drag to paint, right-drag erases</td></tr>
<tr><td><b>ARC</b></td><td>0-9 colour, Ctrl+C / Ctrl+V copy and paste the selection</td></tr>
</table>"""


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        ctx.reporter.dialog_parent = self
        self.setWindowTitle(APP_TITLE)
        icon = ICONS_DIR / "app.svg"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.setAcceptDrops(True)

        self.sudoku = SudokuEditor(ctx, self)
        self.maze = MazeEditor(ctx, self)
        self.arc = ArcEditor(ctx, self)
        self.pages: dict[str, PageBase] = {"sudoku": self.sudoku, "maze": self.maze, "arc": self.arc}
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        tips = {"sudoku": "Sudoku 9x9 (Ctrl+1)", "maze": "Mazes up to 30x30 (Ctrl+2)",
                "arc": "ARC-AGI tasks (Ctrl+3)"}
        for kind, page in self.pages.items():
            self.tabs.addTab(page, page.title)
            self.tabs.setTabToolTip(self.tabs.count() - 1, tips[kind])
            page.titleChanged.connect(self._update_title)
        self.setCentralWidget(self.tabs)
        self.arc.openRequested.connect(lambda p: self.open_path(p, "arc"))

        self.undo_group = QUndoGroup(self)
        for page in self.pages.values():
            self.undo_group.addStack(page.doc.undo_stack)
        self.tabs.currentChanged.connect(self._tab_changed)

        self.library_panel = LibraryPanel(ctx.library, self)
        self.library_panel.openRequested.connect(self.open_entry)
        self.library_panel.checkRequested.connect(lambda e: self.open_photo(e.photo, e.id))
        self.library_dock = QDockWidget("Puzzle library", self)
        self.library_dock.setObjectName("library")
        self.library_dock.setWidget(self.library_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.library_dock)
        self.library_dock.hide()

        self.time_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.time_label)
        ctx.reporter.status.connect(lambda m: self.statusBar().showMessage(m, 10000))
        for page in self.pages.values():
            page.session.finished.connect(self._update_time)
            page.session.started.connect(self._update_time)
            page.session.cleared.connect(self._update_time)

        self._build_menus()
        self._tab_changed(0)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        geometry = ctx.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        # The training wizard, and the start-up offer of a run to resume or a result to see.
        self.training_wizard = None
        self.training_offer = None
        # The photo import dialog (one at a time), and the camera it uses (None: webcam 0; tests inject one).
        self.photo_dialog: PhotoImportDialog | None = None
        self.photo_webcam: Webcam | None = None
        self.photo_folder_dialog: PhotoFolderDialog | None = None
        QTimer.singleShot(0, self._offer_training_runs)

    # --- menus -----------------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | str | QKeySequence.StandardKey | None = None,
                tip: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        return a

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self._action("&New", self.new_puzzle, QKeySequence.StandardKey.New,
                                    "A new puzzle of the current kind (Sudoku: from the generator)"))
        self.open_action = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open,
                                        "Open a Sudoku, maze or ARC task file (or drop one on the window)")
        file.addAction(self.open_action)
        self.open_photo_action = self._action("Open p&hoto…", self.open_photo, "Ctrl+Shift+O",
                                              "Read a Sudoku, maze or ARC grid from a photo, a screenshot or "
                                              "the webcam (or drop an image on the window)")
        file.addAction(self.open_photo_action)
        file.addAction(self._action("Import a &folder of photos…", self.import_photo_folder, None,
                                    "Read every Sudoku photo in a folder into the library and list the ones to check"))
        sample_menu = file.addMenu("Open &sample")
        for kind in ("maze", "arc"):
            for p in samples(kind):
                sample_menu.addAction(self._action(f"{kind}: {p.name}", lambda p=p, k=kind: self.open_path(p, k)))
        self.recent_menu = file.addMenu("Open &recent")
        self.ctx.settings.recentChanged.connect(self._fill_recent)
        self._fill_recent()
        file.addSeparator()
        self.save_action = self._action("&Save", self.save, QKeySequence.StandardKey.Save,
                                        "Save the puzzle in its kind's text format")
        file.addAction(self.save_action)
        file.addAction(self._action("Save &as…", self.save_as, QKeySequence.StandardKey.SaveAs))
        file.addSeparator()
        file.addAction(self._action("Export board as &PNG…", self.export_png, "Ctrl+E",
                                    "Save a picture of the board (with the shown step)"))
        file.addAction(self._action("Export solve as &GIF…", self.export_gif, "Ctrl+Shift+E",
                                    "Save every refinement step as an animated GIF"))
        file.addSeparator()
        file.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit = bar.addMenu("&Edit")
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "&Redo")
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in ("Ctrl+Y", "Ctrl+Shift+Z"):  # both, on every platform, but each once
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        redo.setShortcuts(redo_keys)
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        edit.addAction(self._action("&Copy", self.copy, QKeySequence.StandardKey.Copy,
                                    "Copy the puzzle as text (ARC: the selected cells)"))
        self.paste_action = self._action("&Paste", self.paste, QKeySequence.StandardKey.Paste,
                                         "Paste a puzzle: an 81-character Sudoku line, a maze, or ARC JSON")
        edit.addAction(self.paste_action)

        view = bar.addMenu("&View")
        for i, kind in enumerate(self.pages, start=1):
            view.addAction(self._action(self.pages[kind].title, lambda i=i: self.tabs.setCurrentIndex(i - 1),
                                        f"Ctrl+{i}"))
        view.addSeparator()
        theme_menu = view.addMenu("&Theme")
        group = QActionGroup(self)
        current = self.ctx.settings.theme()
        for name in THEMES:
            a = QAction(name.capitalize() if name != "system" else "Follow the system", self, checkable=True)
            a.setChecked(name == current)
            a.triggered.connect(lambda _c=False, n=name: self.set_theme(n))
            group.addAction(a)
            theme_menu.addAction(a)
        lib = self.library_dock.toggleViewAction()
        lib.setText("Puzzle &library")
        lib.setShortcut(QKeySequence("Ctrl+L"))
        view.addAction(lib)

        solve = bar.addMenu("&Solve")
        self.solve_action = self._action("&Solve", lambda: self.page.solve(), "F5",
                                         "Solve with the chosen model and watch every step")
        self.cancel_action = self._action("&Cancel", lambda: self.page.session.cancel(), "Esc",
                                          "Stop the solve after the current step")
        solve.addAction(self.solve_action)
        solve.addAction(self.cancel_action)
        solve.addMenu(ThreadsMenu(self.ctx.settings, self))
        solve.addSeparator()
        solve.addAction(self._action("&Play / pause", lambda: self.page.session.toggle_play(), "F6"))
        solve.addAction(self._action("Step &back", lambda: self.page.session.step_by(-1), "Alt+Left"))
        solve.addAction(self._action("Step &forward", lambda: self.page.session.step_by(1), "Alt+Right"))
        solve.addSeparator()
        solve.addAction(self._action("&Train a model…", self.open_training_wizard, None,
                                     "Fine-tune a model on your own puzzles, or train a new one (offline)"))

        self._build_toolbar(undo, redo, lib)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", self._show_shortcuts, "F1"))
        help_menu.addAction(self._action("&About", self._about))

    def _build_toolbar(self, undo: QAction, redo: QAction, library: QAction) -> None:
        st = self.style()
        icons = ((self.open_action, QStyle.StandardPixmap.SP_DialogOpenButton),
                 (self.save_action, QStyle.StandardPixmap.SP_DialogSaveButton),
                 (undo, QStyle.StandardPixmap.SP_ArrowBack), (redo, QStyle.StandardPixmap.SP_ArrowForward),
                 (self.solve_action, QStyle.StandardPixmap.SP_MediaPlay),
                 (self.cancel_action, QStyle.StandardPixmap.SP_MediaStop),
                 (library, QStyle.StandardPixmap.SP_FileDialogDetailedView))
        bar = self.addToolBar("Main")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for i, (action, icon) in enumerate(icons):
            action.setIcon(st.standardIcon(icon))
            if i in (2, 4, 6):
                bar.addSeparator()
            bar.addAction(action)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.ctx.settings.recent_files()
        for f in files:
            self.recent_menu.addAction(self._action(f, lambda f=f: self.open_path(f)))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self._action("Clear the list", self.ctx.settings.clear_recent))
        self.recent_menu.setEnabled(bool(files))

    # --- pages -----------------------------------------------------------------------------------------

    @property
    def page(self) -> PageBase:
        w = self.tabs.currentWidget()
        assert isinstance(w, PageBase)
        return w

    def page_for(self, kind: str) -> PageBase | None:
        """The page that edits puzzles of `kind` (Sudoku X: the Sudoku page)."""
        return next((p for p in self.pages.values() if p.shows(kind)), None)

    def show_kind(self, kind: str) -> PageBase:
        page = self.page_for(kind)
        self.tabs.setCurrentWidget(page)
        return page

    def _tab_changed(self, _i: int) -> None:
        self.undo_group.setActiveStack(self.page.doc.undo_stack)
        self._update_title()
        self._update_time()

    def _update_time(self, *_args: object) -> None:
        """The time the current page's solve took, in the status bar."""
        s = self.page.session
        text = "solving…" if s.running else f"solve took {s.outcome.result.seconds:.2f} s" if s.outcome else ""
        self.time_label.setText(text)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.page.display_name()} — {APP_TITLE}")

    # --- files -----------------------------------------------------------------------------------------

    def open_path(self, path: str | Path, kind: str | None = None) -> bool:
        """Open a puzzle file in its editor; a bad file is reported (file and line), nothing changes."""
        path = Path(path)
        if path.suffix.lower() in IMAGE_SUFFIXES:
            self.open_photo(path)  # a photo is read in the import dialog, where the person checks it
            return True
        try:
            text = read_text_file(path)
            kind = kind or detect_kind(text, str(path))
            page = self.page_for(kind)
            page.load_text(text, str(path), path)
        except (PuzzleError, OSError) as e:
            self.ctx.reporter.exception("Cannot open the file", e)
            return False
        page.doc.undo_stack.setClean()
        self.show_kind(kind)
        self.ctx.settings.add_recent(path)
        self.ctx.settings.set_last_dir(path.parent)
        self.ctx.reporter.note(f"Opened {path}")
        self._update_title()
        return True

    def open_dialog(self) -> None:
        filters = ";;".join(["Puzzle files (*.txt *.sdk *.csv *.json)", *(p.file_filter for p in self.pages.values())])
        path, _ = QFileDialog.getOpenFileName(self, "Open a puzzle", self.ctx.settings.last_dir(), filters)
        if path:
            self.open_path(path)

    def open_photo(self, path: str | Path | None = None, replaces: int | None = None) -> PhotoImportDialog:
        """The photo import dialog (one at a time), reading `path` if given; `replaces`: the library entry
        that path was read into before (a folder import's), which the corrected puzzle replaces."""
        from .photo.dialog import PhotoImportDialog

        d = self.photo_dialog
        if d is None:
            d = PhotoImportDialog(self.ctx, self.use_photo_puzzle, self, webcam=self.photo_webcam)
            d.finished.connect(lambda _result, d=d: self._photo_dialog_closed(d))
            self.photo_dialog = d
        d.show()
        d.raise_()
        d.activateWindow()
        if path is not None:
            d.load_path(path, replaces)
        return d

    def import_photo_folder(self) -> PhotoFolderDialog:
        """The folder import dialog (one at a time); its photos to check open in the photo import dialog."""
        from .photo.folder_dialog import PhotoFolderDialog

        if self.photo_folder_dialog is None:
            self.photo_folder_dialog = PhotoFolderDialog(self.ctx, self.open_photo, self)
        d = self.photo_folder_dialog
        d.show()
        d.raise_()
        return d

    def _photo_dialog_closed(self, d: PhotoImportDialog) -> None:
        if self.photo_dialog is d:
            self.photo_dialog = None
        d.deleteLater()

    def use_photo_puzzle(self, p: PhotoPuzzle) -> bool:
        """Open a puzzle read from a photo in its editor (undoable) and keep it in the library with the photo."""
        from .photo.reading import keep_reading

        page = self.page_for(p.kind)
        try:
            page.load_text(p.text, p.source)  # no path: Save must ask, never write over the photo
        except PuzzleError as e:
            self.ctx.reporter.exception("Cannot use this puzzle", e)
            return False
        page.record(source=p.source, photo=p.photo)
        keep_reading(self.ctx.library, page.library_id, p)
        if p.entries is not None and p.entries.any() and isinstance(page, SudokuEditor):
            page.play_button.setChecked(True)  # the person's own entries, kept as a game in progress
        self.show_kind(p.kind)
        self.ctx.reporter.note(f"Opened the {page.title} read from {Path(p.source).name}")
        self._update_title()
        return True

    def open_entry(self, entry: Entry) -> None:
        page = self.page_for(entry.kind)
        if page is None:
            self.ctx.reporter.error("Cannot open the entry", f"unknown puzzle kind {entry.kind!r}")
            return
        try:
            page.load_text(entry.text, entry.source or f"library entry {entry.id}")
        except PuzzleError as e:
            self.ctx.reporter.exception("Cannot open the library entry", e)
            return
        self.show_kind(entry.kind)

    def new_puzzle(self) -> None:
        page = self.page
        if isinstance(page, SudokuEditor):
            page.generate()
        elif isinstance(page, MazeEditor):
            page.new_maze()
        elif isinstance(page, ArcEditor):
            page.new_task()

    def save(self) -> None:
        if self.page.path is None:
            self.save_as()
        else:
            self._save_to(self.page.path)

    def save_as(self) -> None:
        page = self.page
        start = str(page.path or Path(self.ctx.settings.last_dir()) / f"puzzle{page.default_suffix}")
        path, _ = QFileDialog.getSaveFileName(self, f"Save the {page.kind} puzzle", start, page.file_filter)
        if path:
            self._save_to(Path(path))

    def _save_to(self, path: Path) -> None:
        try:
            saved = self.page.save_to(path)
        except (PuzzleError, OSError) as e:
            self.ctx.reporter.exception("Cannot save", e)
            return
        self.ctx.settings.add_recent(saved)
        self.ctx.reporter.note(f"Saved {saved}")

    def export_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the board", self.ctx.settings.last_dir(),
                                              "PNG images (*.png)")
        if path:
            self._export(lambda: self.page.export_png(Path(path).with_suffix(".png")))

    def export_gif(self) -> None:
        if not self.page.session.frames:
            self.ctx.reporter.error("Nothing to export", "Solve first: the GIF shows every refinement step.")
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the solve", self.ctx.settings.last_dir(),
                                              "GIF images (*.gif)")
        if path:
            self._export(lambda: self.page.export_gif(Path(path).with_suffix(".gif")))

    def _export(self, fn) -> None:
        try:
            saved = fn()
        except (OSError, ValueError) as e:
            self.ctx.reporter.exception("Cannot export", e)
            return
        self.ctx.reporter.note(f"Saved {saved}")

    # --- clipboard and drops ---------------------------------------------------------------------------

    def copy(self) -> None:
        page = self.page
        if isinstance(page, ArcEditor) and page.output.view.hasFocus() and page.output.view.copy_selection():
            self.ctx.reporter.note("Copied the selected cells")
            return
        try:
            QGuiApplication.clipboard().setText(page.doc.to_text())
        except PuzzleError as e:
            self.ctx.reporter.exception("Cannot copy", e)
            return
        self.ctx.reporter.note("Copied the puzzle as text")

    def paste(self) -> None:
        page = self.page
        if isinstance(page, ArcEditor) and page.output.view.hasFocus() and page.tools.clipboard is not None:
            page.output.view.paste_clipboard()
            return
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        if not text.strip():
            self.ctx.reporter.error("Nothing to paste", "The clipboard holds no text.")
            return False
        kind = detect_kind(text)
        try:
            self.pages[kind].paste_text(text)
        except PuzzleError as e:
            self.ctx.reporter.exception(f"Cannot paste this as a {kind} puzzle", e)
            return False
        self.show_kind(kind)
        return True

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if self._dropped_files(e.mimeData()) or e.mimeData().hasText():
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        files = self._dropped_files(e.mimeData())
        if files:
            for f in files:
                self.open_path(f)
        elif e.mimeData().hasText():
            self.paste_text(e.mimeData().text())
        e.acceptProposedAction()

    @staticmethod
    def _dropped_files(mime: QMimeData) -> list[Path]:
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []

    # --- theme, help, closing ----------------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        self.ctx.settings.set_theme(name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, name)

    def _system_scheme_changed(self) -> None:
        if self.ctx.settings.theme() == "system":
            self.set_theme("system")

    def _show_shortcuts(self) -> None:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", SHORTCUTS, QMessageBox.StandardButton.Ok,
                          self)
        box.open()

    def _about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, f"About {APP_TITLE}",
                          f"<b>{APP_TITLE}</b><p>Sudoku, mazes and ARC-AGI grids solved by a Tiny Recursive "
                          "Model on the CPU, step by step.</p>", QMessageBox.StandardButton.Ok, self)
        box.open()

    # --- training ------------------------------------------------------------------------------------

    def open_training_wizard(self, run_dir: Path | None = None):
        """The training wizard (one at a time); with `run_dir`, on that run (resume, follow, result)."""
        from .wizard import TrainingWizard  # here, not at the top: the wizard brings in the training engine

        w = self.training_wizard
        if w is not None:
            w.raise_()
            w.activateWindow()
            return w
        w = TrainingWizard(self.ctx, self.page.kind, self, run_dir=run_dir)
        w.modelsChanged.connect(lambda kind: self.pages[kind].panel.models.refresh())
        w.finished.connect(lambda _result, w=w: self._training_wizard_closed(w))
        self.training_wizard = w
        w.show()
        return w

    def _training_wizard_closed(self, w) -> None:
        if self.training_wizard is w:
            self.training_wizard = None
        w.deleteLater()  # a run it leaves in the background goes on: it is another process

    def _offer_training_runs(self) -> None:
        from .wizard import ResumeOffer

        self.training_offer = ResumeOffer.for_pending(self.open_training_wizard, self.ctx.reporter, self)

    def closeEvent(self, e: QCloseEvent) -> None:
        w = self.training_wizard
        if w is not None and w.isVisible():
            if not w.confirm_leave():  # the person chose to stay with the training
                e.ignore()
                return
            w.close()
        for page in self.pages.values():
            if not page.doc.undo_stack.isClean():
                page.record()  # a typed puzzle is kept in the library even if never saved
            page.session.cancel()
        self.ctx.settings.set_geometry(self.saveGeometry())
        self.ctx.workers.cancel_all()
        self.ctx.workers.wait(10000)
        super().closeEvent(e)
