"""The SQLite gradebook: regrading updates rows; export as CSV."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pandas as pd

from .results import SubmissionGrade

__all__ = ["export_gradebook", "record_gradebook"]

_GRADEBOOK_SCHEMA = """
CREATE TABLE IF NOT EXISTS grades (
    submission TEXT NOT NULL, learner TEXT NOT NULL, question TEXT NOT NULL,
    points REAL NOT NULL, max_points REAL NOT NULL, outcome TEXT NOT NULL,
    graded_at TEXT NOT NULL, seed INTEGER NOT NULL,
    PRIMARY KEY (submission, question, seed))
"""


def record_gradebook(grades: list[SubmissionGrade], path) -> Path:
    """Upsert grades into a SQLite gradebook (regrading updates rows, never duplicates them)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(_GRADEBOOK_SCHEMA)
        for g in grades:
            submission = str(Path(g.submission).resolve())
            db.executemany(
                "INSERT INTO grades VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(submission, question, seed) "
                "DO UPDATE SET learner=excluded.learner, points=excluded.points, max_points=excluded.max_points, "
                "outcome=excluded.outcome, graded_at=excluded.graded_at",
                [(submission, g.learner, q.id, q.points, q.max_points, q.outcome.status, g.graded_at, g.seed)
                 for q in g.questions])
    return path


def export_gradebook(path, out) -> Path:
    """Write the gradebook as CSV (one row per submission and question)."""
    with contextlib.closing(sqlite3.connect(Path(path))) as db:
        db.execute(_GRADEBOOK_SCHEMA)
        frame = pd.read_sql_query("SELECT * FROM grades ORDER BY learner, submission, question", db)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False)
    return out

