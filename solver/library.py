"""The puzzle library: every puzzle typed, opened, generated or photographed, kept in SQLite.

One table of entries (kind, puzzle text in the kind's own format, where it came from, an optional photo
path, the last verdict and the model that gave it, dates), and one of play progress (a person's own
entries and pencil marks, time played, hints taken, solved or not) per entry. Version 2 added the
progress table; a version-1 file gains it, empty, when opened. Each write is one transaction, so a crash
leaves the library as it was before or after the write. A database that SQLite cannot read is never
emptied in place: it is renamed aside with a timestamp (`set_aside` says where) and a new one started.

Qt-free, stdlib only. The file lives in the platformdirs user data dir; env `TRM_DATA_DIR` overrides
the folder (tests and portable installs).
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "trm-puzzle-studio"
FILE_NAME = "library.sqlite3"
SCHEMA_VERSION = 2

# Verdict categories, as the app filters them; the full sentence is kept in verdict_text.
VERDICTS = ("", "verified", "unverified", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS puzzles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    photo TEXT,
    verdict TEXT NOT NULL DEFAULT '',
    verdict_text TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    updated REAL NOT NULL,
    UNIQUE (kind, text)
);
CREATE INDEX IF NOT EXISTS puzzles_kind ON puzzles (kind, updated);
"""
# Version 2: play progress, one row per entry, gone with its entry.
_PROGRESS_SCHEMA = """
CREATE TABLE IF NOT EXISTS progress (
    puzzle_id INTEGER PRIMARY KEY REFERENCES puzzles (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    seconds REAL NOT NULL DEFAULT 0,
    hints INTEGER NOT NULL DEFAULT 0,
    solved INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL
)
"""
# Photo readings: how sure the reader was of a puzzle read from a photo (its least confident cell, and
# how many cells are under the check threshold), one row per entry, gone with its entry. Added within
# version 2 (an app that does not know it leaves it alone).
_PHOTO_SCHEMA = """
CREATE TABLE IF NOT EXISTS photo_readings (
    puzzle_id INTEGER PRIMARY KEY REFERENCES puzzles (id) ON DELETE CASCADE,
    confidence REAL NOT NULL,
    unsure INTEGER NOT NULL,
    updated REAL NOT NULL
)
"""
# Ratings: a puzzle's difficulty in words (Sudoku: the hardest technique its logical solution needs and
# the search's level), one row per entry, gone with its entry; kept because rating a hard puzzle takes
# seconds, too long to redo for every entry of the list. Added within version 2, like photo_readings.
_RATING_SCHEMA = """
CREATE TABLE IF NOT EXISTS ratings (
    puzzle_id INTEGER PRIMARY KEY REFERENCES puzzles (id) ON DELETE CASCADE,
    rating TEXT NOT NULL,
    updated REAL NOT NULL
)
"""


class LibraryError(RuntimeError):
    """The library cannot be used (e.g. its folder is not writable), said plainly."""


class _Damaged(Exception):
    """The file is not a readable library; it is set aside, not emptied."""


@dataclass(frozen=True)
class Progress:
    """A game in progress. `state` is the kind's own text (Sudoku: the entries as 81 characters, then
    the pencil marks as 81 three-digit hex masks); the library keeps it as it is."""
    state: str
    seconds: float        # time played
    hints: int            # hints taken
    solved: bool
    updated: float


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str
    text: str
    source: str
    photo: str | None
    verdict: str          # one of VERDICTS ("" = not solved yet)
    verdict_text: str     # the verdict in words, e.g. "network solved it, verified"
    model: str            # the model that gave the verdict ("" = exact search or none)
    created: float        # seconds since the epoch
    updated: float

    @property
    def preview(self) -> str:
        """The first line of the text, short enough for a list."""
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first if len(first) <= 90 else first[:87] + "..."


def data_dir() -> Path:
    override = os.environ.get("TRM_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def default_path() -> Path:
    return data_dir() / FILE_NAME


class Library:
    """The library file, opened (and created if missing). Use `close()` or a `with` block."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.set_aside: Path | None = None   # where a damaged database was moved, if one was
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise LibraryError(f"{self.path.parent}: cannot create the library folder ({e.strerror})") from None
        if self.path.is_dir():
            raise LibraryError(f"{self.path}: is a folder, not a library file")
        try:
            self._conn = self._open()
        except _Damaged:
            try:
                self.set_aside = self._move_aside()
            except OSError as e:
                raise LibraryError(f"{self.path}: the library is damaged and cannot be set aside "
                                   f"({e.strerror})") from None
            try:
                self._conn = self._open()
            except _Damaged as e2:
                raise LibraryError(f"{self.path}: cannot create a new library ({e2})") from None

    # --- opening -------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """The connection, schema ensured. Raises _Damaged for a file SQLite cannot read as ours, and
        LibraryError for everything else (busy, read-only, newer version): those are not damage."""
        try:
            return self._open_unchecked()
        except _Damaged:
            raise
        except sqlite3.DatabaseError as e:
            if getattr(e, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or (
                    type(e) is sqlite3.DatabaseError):
                raise _Damaged(str(e)) from None
            raise LibraryError(f"{self.path}: cannot open the library ({e})") from None

    def _open_unchecked(self) -> sqlite3.Connection:
        # isolation_level None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) below.
        conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            # quick_check reads every page: a truncated or overwritten file fails here, not later.
            row = conn.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise _Damaged(f"integrity check failed: {row[0] if row else 'no answer'}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LibraryError(f"{self.path}: library version {version} is newer than this app reads "
                                   f"({SCHEMA_VERSION}); update TRM Puzzle Studio")
            conn.execute("BEGIN IMMEDIATE")
            table, index = (stmt for stmt in _SCHEMA.split(";") if stmt.strip())
            conn.execute(table)
            self._check_columns(conn)  # before the index, which needs the columns
            conn.execute(index)
            conn.execute(_PROGRESS_SCHEMA)
            conn.execute(_PHOTO_SCHEMA)
            conn.execute(_RATING_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _check_columns(conn: sqlite3.Connection) -> None:
        """A database that opens but is not ours (another app's file with this name) is damaged too."""
        cols = {r[1] for r in conn.execute("PRAGMA table_info(puzzles)")}
        needed = {"id", "kind", "text", "source", "photo", "verdict", "verdict_text", "model", "created",
                  "updated"}
        if not needed <= cols:
            raise _Damaged(f"table puzzles lacks columns {sorted(needed - cols)}")

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm", "-journal"):  # SQLite's side files belong to the damaged one
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
        return target

    # --- writing -------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def add(self, kind: str, text: str, source: str = "", photo: str | None = None,
            verdict: str = "", verdict_text: str = "", model: str = "") -> int:
        """Keep a puzzle; the same puzzle (kind and text) again updates its entry instead. Returns the id.
        A verdict given here replaces the stored one; an empty one keeps it."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
        if not text.strip():
            raise ValueError("an empty puzzle text cannot be kept")
        now = time.time()
        with self._transaction() as c:
            row = c.execute("SELECT id FROM puzzles WHERE kind = ? AND text = ?", (kind, text)).fetchone()
            if row is None:
                cur = c.execute(
                    "INSERT INTO puzzles (kind, text, source, photo, verdict, verdict_text, model, created, "
                    "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (kind, text, source, photo, verdict, verdict_text, model, now, now))
                return int(cur.lastrowid)
            entry_id = int(row["id"])
            c.execute("UPDATE puzzles SET updated = ?, source = CASE WHEN ? = '' THEN source ELSE ? END, "
                      "photo = COALESCE(?, photo) WHERE id = ?", (now, source, source, photo, entry_id))
            if verdict:
                c.execute("UPDATE puzzles SET verdict = ?, verdict_text = ?, model = ? WHERE id = ?",
                          (verdict, verdict_text, model, entry_id))
            return entry_id

    def set_verdict(self, entry_id: int, verdict: str, verdict_text: str = "", model: str = "") -> None:
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
        with self._transaction() as c:
            c.execute("UPDATE puzzles SET verdict = ?, verdict_text = ?, model = ?, updated = ? WHERE id = ?",
                      (verdict, verdict_text, model, time.time(), entry_id))

    def delete(self, entry_id: int) -> None:
        with self._transaction() as c:
            c.execute("DELETE FROM progress WHERE puzzle_id = ?", (entry_id,))
            c.execute("DELETE FROM photo_readings WHERE puzzle_id = ?", (entry_id,))
            c.execute("DELETE FROM ratings WHERE puzzle_id = ?", (entry_id,))
            c.execute("DELETE FROM puzzles WHERE id = ?", (entry_id,))

    def save_progress(self, entry_id: int, state: str, seconds: float, hints: int = 0,
                      solved: bool = False) -> None:
        """Keep (replace) the game in progress of an entry."""
        with self._transaction() as c:
            if c.execute("SELECT 1 FROM puzzles WHERE id = ?", (entry_id,)).fetchone() is None:
                raise ValueError(f"no library entry {entry_id}")
            c.execute("INSERT OR REPLACE INTO progress (puzzle_id, state, seconds, hints, solved, updated) "
                      "VALUES (?, ?, ?, ?, ?, ?)", (entry_id, state, float(seconds), int(hints), int(solved),
                                                    time.time()))

    def progress(self, entry_id: int) -> Progress | None:
        row = self._conn.execute("SELECT * FROM progress WHERE puzzle_id = ?", (entry_id,)).fetchone()
        if row is None:
            return None
        return Progress(row["state"], float(row["seconds"]), int(row["hints"]), bool(row["solved"]),
                        float(row["updated"]))

    def clear_progress(self, entry_id: int) -> None:
        with self._transaction() as c:
            c.execute("DELETE FROM progress WHERE puzzle_id = ?", (entry_id,))

    def set_photo_reading(self, entry_id: int, confidence: float, unsure: int) -> None:
        """Keep (replace) how sure the photo reader was of an entry: its least confident cell and the
        number of cells to check."""
        with self._transaction() as c:
            if c.execute("SELECT 1 FROM puzzles WHERE id = ?", (entry_id,)).fetchone() is None:
                raise ValueError(f"no library entry {entry_id}")
            c.execute("INSERT OR REPLACE INTO photo_readings (puzzle_id, confidence, unsure, updated) "
                      "VALUES (?, ?, ?, ?)", (entry_id, float(confidence), int(unsure), time.time()))

    def photo_reading(self, entry_id: int) -> tuple[float, int] | None:
        """(least confident cell, cells to check) of an entry read from a photo, or None."""
        row = self._conn.execute("SELECT confidence, unsure FROM photo_readings WHERE puzzle_id = ?",
                                 (entry_id,)).fetchone()
        return None if row is None else (float(row["confidence"]), int(row["unsure"]))

    def set_rating(self, entry_id: int, rating: str) -> None:
        """Keep (replace) an entry's difficulty in words."""
        with self._transaction() as c:
            if c.execute("SELECT 1 FROM puzzles WHERE id = ?", (entry_id,)).fetchone() is None:
                raise ValueError(f"no library entry {entry_id}")
            c.execute("INSERT OR REPLACE INTO ratings (puzzle_id, rating, updated) VALUES (?, ?, ?)",
                      (entry_id, rating, time.time()))

    def ratings(self, entry_ids: list[int]) -> dict[int, str]:
        """The ratings of those entries that have one (a query per 500: old SQLite takes 999 parameters)."""
        found: dict[int, str] = {}
        for k in range(0, len(entry_ids), 500):
            part = [int(i) for i in entry_ids[k:k + 500]]
            sql = f"SELECT puzzle_id, rating FROM ratings WHERE puzzle_id IN ({','.join('?' * len(part))})"
            found.update((int(r["puzzle_id"]), r["rating"]) for r in self._conn.execute(sql, part))
        return found

    # --- reading -------------------------------------------------------------------------------

    def get(self, entry_id: int) -> Entry | None:
        row = self._conn.execute("SELECT * FROM puzzles WHERE id = ?", (entry_id,)).fetchone()
        return None if row is None else _entry(row)

    def search(self, text: str = "", kind: str | None = None, verdict: str | None = None,
               limit: int = 1000) -> list[Entry]:
        """Newest first. `text` matches the puzzle text, source, verdict or model (case-insensitive);
        `verdict` None means any, "" means not solved yet."""
        where, args = [], []
        if kind:
            where.append("kind = ?")
            args.append(kind)
        if verdict is not None:
            where.append("verdict = ?")
            args.append(verdict)
        if text:
            like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("(text LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\' OR verdict_text LIKE ? "
                         "ESCAPE '\\' OR model LIKE ? ESCAPE '\\')")
            args += [like] * 4
        sql = "SELECT * FROM puzzles" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY updated DESC, id DESC LIMIT ?"
        return [_entry(r) for r in self._conn.execute(sql, (*args, limit))]

    def count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM puzzles").fetchone()[0])

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(int(row["id"]), row["kind"], row["text"], row["source"], row["photo"], row["verdict"],
                 row["verdict_text"], row["model"], float(row["created"]), float(row["updated"]))
