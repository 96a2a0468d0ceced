"""The SQLite gradebook: regrading updates rows; points scored by hand are kept apart; CSV export.

Two tables. ``grades`` holds a row per submission, question and grading seed, written by
``workbook grade --gradebook`` (open answers have ``manual = 1`` and their text in ``answer``).
``hand_scores`` holds the rubric points a person gave an open answer (``workbook score``), with
the text that was scored: when a regrade records a different answer, the old score no longer
counts and the answer is listed for scoring again.

Every value goes in through query parameters (learner text stays data); every CSV cell goes
out through :func:`grader.grading.escape.csv_cell` (a learner's ``=HYPERLINK(...)`` stays text).
"""

from __future__ import annotations

import contextlib
import csv
import sqlite3
from pathlib import Path

from .escape import csv_cell
from .results import SubmissionGrade

__all__ = ["QUESTION_COLUMNS", "SUMMARY_COLUMNS", "connect", "export_gradebook", "gradebook_rows",
           "record_gradebook"]

_GRADEBOOK_SCHEMA = """
CREATE TABLE IF NOT EXISTS grades (
    submission TEXT NOT NULL, learner TEXT NOT NULL, question TEXT NOT NULL,
    points REAL NOT NULL, max_points REAL NOT NULL, outcome TEXT NOT NULL,
    graded_at TEXT NOT NULL, seed INTEGER NOT NULL,
    PRIMARY KEY (submission, question, seed))
"""
#: columns added after the first release: added to an older gradebook when it is opened
_ADDED_COLUMNS = {"kind": "TEXT NOT NULL DEFAULT 'function'", "manual": "INTEGER NOT NULL DEFAULT 0",
                  "answer": "TEXT", "topic": "TEXT NOT NULL DEFAULT ''", "submission_id": "TEXT NOT NULL DEFAULT ''",
                  "misconception": "TEXT"}
_HAND_SCHEMA = """
CREATE TABLE IF NOT EXISTS hand_scores (
    submission TEXT NOT NULL, question TEXT NOT NULL, points REAL NOT NULL, max_points REAL NOT NULL,
    rubric TEXT, answer TEXT, scored_at TEXT NOT NULL,
    PRIMARY KEY (submission, question))
"""
#: the per-question CSV export
QUESTION_COLUMNS = ("learner", "submission_id", "submission", "topic", "question", "kind", "outcome",
                    "auto_points", "auto_max", "hand_points", "hand_max", "hand_status", "points", "max_points",
                    "graded_at", "seed")
#: the per-submission CSV export (``--summary``)
SUMMARY_COLUMNS = ("learner", "submission_id", "submission", "topic", "seed", "auto_points", "auto_max",
                   "hand_points", "hand_max", "unscored", "total", "total_max")


def connect(path) -> sqlite3.Connection:
    """Open (creating or upgrading) a gradebook.

    Parameters
    ----------
    path : path-like

    Returns
    -------
    sqlite3.Connection
        Rows are :class:`sqlite3.Row`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    db.execute(_GRADEBOOK_SCHEMA)
    have = {row[1] for row in db.execute("PRAGMA table_info(grades)")}
    for name, decl in _ADDED_COLUMNS.items():
        if name not in have:
            db.execute(f"ALTER TABLE grades ADD COLUMN {name} {decl}")
    db.execute(_HAND_SCHEMA)
    return db


def record_gradebook(grades: list[SubmissionGrade], path) -> Path:
    """Upsert grades into a SQLite gradebook (regrading updates rows, never duplicates them).

    Parameters
    ----------
    grades : list of SubmissionGrade
    path : path-like

    Returns
    -------
    Path
    """
    path = Path(path)
    with contextlib.closing(connect(path)) as db, db:
        for g in grades:
            submission = str(Path(g.submission).resolve())
            db.executemany(
                "INSERT INTO grades (submission, learner, question, points, max_points, outcome, graded_at, seed, "
                "kind, manual, answer, topic, submission_id, misconception) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(submission, question, seed) "
                "DO UPDATE SET learner=excluded.learner, points=excluded.points, max_points=excluded.max_points, "
                "outcome=excluded.outcome, graded_at=excluded.graded_at, kind=excluded.kind, "
                "manual=excluded.manual, answer=excluded.answer, topic=excluded.topic, "
                "submission_id=excluded.submission_id, misconception=excluded.misconception",
                [(submission, g.learner, q.id, q.points, q.max_points, q.outcome.status, g.graded_at, g.seed,
                  q.kind, int(q.manual), q.answer, g.topic, g.id, q.misconception) for q in g.questions])
    return path


def gradebook_rows(path) -> list[dict]:
    """Every graded question with its automatic and hand-scored points apart.

    Parameters
    ----------
    path : path-like

    Returns
    -------
    list of dict
        Keys :data:`QUESTION_COLUMNS` (plus ``answer``, and ``misconception``: the name of the
        recorded misconception behind a wrong answer, or ``None``). For an open answer ``auto_*`` are 0 and
        ``hand_points`` is its rubric score, or ``None`` while ``hand_status`` is ``"to score"``
        (never scored) or ``"rescore"`` (the answer changed since it was scored).
    """
    with contextlib.closing(connect(path)) as db:
        rows = db.execute(
            "SELECT g.*, h.points AS h_points, h.answer AS h_answer FROM grades g LEFT JOIN hand_scores h "
            "ON h.submission = g.submission AND h.question = g.question "
            "ORDER BY g.learner, g.submission, g.seed, g.question").fetchall()
    out = []
    for r in rows:
        manual = bool(r["manual"])
        hand = None
        status = ""
        if manual:
            scored = r["h_points"] is not None
            status = "scored" if scored and r["h_answer"] == r["answer"] else ("rescore" if scored else "to score")
            hand = r["h_points"] if status == "scored" else None
        auto_points, auto_max = (0.0, 0.0) if manual else (r["points"], r["max_points"])
        hand_max = r["max_points"] if manual else 0.0
        out.append({"learner": r["learner"], "submission_id": r["submission_id"] or Path(r["submission"]).name,
                    "submission": r["submission"], "topic": r["topic"], "question": r["question"],
                    "kind": r["kind"], "outcome": r["outcome"], "auto_points": auto_points, "auto_max": auto_max,
                    "hand_points": hand, "hand_max": hand_max, "hand_status": status,
                    "points": auto_points + (hand or 0.0), "max_points": r["max_points"],
                    "graded_at": r["graded_at"], "seed": r["seed"], "answer": r["answer"],
                    "misconception": r["misconception"]})
    return out


def _summary(rows: list[dict]) -> list[dict]:
    totals: dict[tuple, dict] = {}
    for r in rows:
        key = (r["submission"], r["seed"])
        t = totals.setdefault(key, {c: r[c] for c in ("learner", "submission_id", "submission", "topic", "seed")}
                              | {"auto_points": 0.0, "auto_max": 0.0, "hand_points": 0.0, "hand_max": 0.0,
                                 "unscored": 0})
        t["auto_points"] += r["auto_points"]
        t["auto_max"] += r["auto_max"]
        t["hand_max"] += r["hand_max"]
        t["hand_points"] += r["hand_points"] or 0.0
        t["unscored"] += r["hand_status"] in ("to score", "rescore")
    for t in totals.values():
        t["total"] = t["auto_points"] + t["hand_points"]
        t["total_max"] = t["auto_max"] + t["hand_max"]
    return list(totals.values())


def export_gradebook(path, out, *, summary: bool = False) -> Path:
    """Write the gradebook as CSV, automatic and hand-scored points in separate columns.

    Parameters
    ----------
    path : path-like
        The gradebook.
    out : path-like
        The CSV file to write.
    summary : bool
        One row per submission and seed (:data:`SUMMARY_COLUMNS`: automatic points, hand-scored
        points, how many open answers are still unscored, and the total) instead of one row per
        question (:data:`QUESTION_COLUMNS`).

    Returns
    -------
    Path
    """
    rows = gradebook_rows(path)
    columns = SUMMARY_COLUMNS if summary else QUESTION_COLUMNS
    if summary:
        rows = _summary(rows)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for r in rows:
            writer.writerow([csv_cell("" if r[c] is None else r[c]) for c in columns])
    return out
