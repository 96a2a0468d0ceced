"""``workbook score``: open answers scored by hand into the gradebook, and the class's final CSV."""

from __future__ import annotations

import csv
import io

import pytest

from grader import grading
from grader.cli import main
from grader.grading import scoring
from grader.i18n import T
from grader.outcomes import Correct, Uncheckable
from grader.registry import find_question

WHY = find_question("start.why_value")  # open, 3 points, three 1-point criteria
ANSWER = ("It ranks customers by expected future spend.\n```\n## Full marks\x1b[2K\r=cmd|' /C calc'!A0\n"
          "<script>alert(1)</script>")


def _grade(tmp_path, learner, answer=ANSWER, auto=(2, 2)):
    path = tmp_path / "submitted" / learner / "00_start_here.ipynb"
    g = grading.SubmissionGrade(str(path), learner, "00_start_here", 7, id=f"{learner}/00_start_here.ipynb")
    g.questions = [
        grading.QuestionGrade("start.orders_per_customer", Correct(
            question_id="start.orders_per_customer", title=T("t"), summary=T("s"), points=auto[0], max_points=auto[1])),
        grading.QuestionGrade(WHY.id, Uncheckable(question_id=WHY.id, title=WHY.title, summary=T("s"), points=0,
                                                  max_points=WHY.points, received=T(answer, answer)), "open"),
    ]
    return g


@pytest.fixture
def book(tmp_path):
    return grading.record_gradebook([_grade(tmp_path, "alice"), _grade(tmp_path, "=bob", "Bob's answer " * 5)],
                                    tmp_path / "grades.sqlite")


def _summary(book, tmp_path):
    out = grading.export_gradebook(book, tmp_path / "summary.csv", summary=True)
    return {r["learner"]: r for r in csv.DictReader(out.open(newline="", encoding="utf-8"))}


def test_the_gradebook_keeps_the_answer_text_for_scoring(book):
    answers = scoring.open_answers(book)
    assert [(a["learner"], a["question"], a["max_points"]) for a in answers] == [
        ("=bob", WHY.id, 3), ("alice", WHY.id, 3)]
    assert answers[1]["answer"] == ANSWER and answers[1]["scored"] is None


def test_scoring_interactively_shows_answer_model_and_rubric_and_records_points(book, tmp_path):
    out = io.StringIO()
    # bob: 1 + 0 + 1; alice: a bad entry, then 1, 1, 0.5
    n = scoring.score_interactively(book, stdin=io.StringIO("1\n0\n1\nlots\n1\n1\n0.5\n"), stdout=out, lang="en")
    shown = out.getvalue()
    assert n == 2
    assert WHY.model_answer.en.splitlines()[0] in shown
    assert all(c.en in shown for c, _ in WHY.rubric)
    assert "The points must be a number from 0 to 1. Got 'lots' instead." in shown
    assert "\x1b" not in shown and "\r" not in shown and "\\x1b[2K\\x0d=cmd" in shown  # the answer, escaped
    assert "0 left to score" in shown
    totals = _summary(book, tmp_path)
    alice = totals["alice"]
    assert (alice["hand_points"], alice["total"], alice["total_max"]) == ("2.5", "4.5", "5.0")
    assert totals["'=bob"]["hand_points"] == "2.0" and totals["'=bob"]["unscored"] == "0"


def test_an_empty_line_skips_an_answer_and_q_stops(book):
    assert scoring.score_interactively(book, stdin=io.StringIO("1\n\nq\n"), stdout=io.StringIO()) == 0
    assert len(scoring.open_answers(book)) == 2


def test_the_final_csv_holds_auto_and_hand_points_apart_and_a_total(book, tmp_path):
    before = _summary(book, tmp_path)["alice"]
    assert (before["auto_points"], before["auto_max"], before["hand_max"], before["unscored"], before["total"]) == (
        "2.0", "2.0", "3.0", "1", "2.0")
    scoring.record_score(book, str(tmp_path / "submitted" / "alice" / "00_start_here.ipynb"), WHY.id, 3)
    after = _summary(book, tmp_path)["alice"]
    assert (after["hand_points"], after["unscored"], after["total"], after["total_max"]) == ("3.0", "0", "5.0", "5.0")
    rows = list(csv.DictReader(grading.export_gradebook(book, tmp_path / "q.csv").open(encoding="utf-8")))
    open_row = next(r for r in rows if r["learner"] == "alice" and r["question"] == WHY.id)
    assert (open_row["auto_points"], open_row["hand_points"], open_row["hand_status"]) == ("0.0", "3.0", "scored")


def test_a_changed_answer_must_be_scored_again(book, tmp_path):
    path = str(tmp_path / "submitted" / "alice" / "00_start_here.ipynb")
    scoring.record_score(book, path, WHY.id, 3)
    grading.record_gradebook([_grade(tmp_path, "alice", answer="A different answer, handed in later " * 3)], book)
    assert [a["learner"] for a in scoring.open_answers(book)] == ["=bob", "alice"]
    assert _summary(book, tmp_path)["alice"]["hand_points"] == "0.0"


@pytest.mark.parametrize("points", [-1, 3.5, "abc", "nan", None])
def test_points_out_of_range_are_refused(book, tmp_path, points):
    with pytest.raises(ValueError, match="must be a number from 0 to 3"):
        scoring.record_score(book, str(tmp_path / "submitted" / "alice" / "00_start_here.ipynb"), WHY.id, points)


def test_an_unknown_answer_is_refused(book):
    with pytest.raises(LookupError, match="no open answer"):
        scoring.record_score(book, "/nowhere.ipynb", WHY.id, 1)


def test_csv_round_trip_neutralises_formulas_and_records_points(book, tmp_path, capsys):
    sheet = tmp_path / "to_score.csv"
    assert main(["score", "--gradebook", str(book), "--export-csv", str(sheet)]) == 0
    rows = list(csv.DictReader(sheet.open(newline="", encoding="utf-8")))
    assert [r["learner"] for r in rows] == ["'=bob", "alice"]  # a formula name stays text
    assert rows[1]["answer"] == ANSWER and WHY.rubric[0][0].en in rows[1]["rubric"]
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    rows[0]["points"], rows[1]["points"] = "2", ""
    with sheet.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=scoring.SCORING_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    assert main(["score", "--gradebook", str(book), "--import-csv", str(sheet)]) == 0
    assert "1 answers scored" in capsys.readouterr().out
    assert [a["learner"] for a in scoring.open_answers(book)] == ["alice"]
    assert _summary(book, tmp_path)["'=bob"]["hand_points"] == "2.0"


def test_a_bad_csv_row_records_nothing(book, tmp_path, capsys):
    sheet = scoring.export_scoring_csv(book, tmp_path / "to_score.csv")
    rows = list(csv.DictReader(sheet.open(newline="", encoding="utf-8")))
    rows[0]["points"], rows[1]["points"] = "2", "9"
    with sheet.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=scoring.SCORING_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    assert main(["score", "--gradebook", str(book), "--import-csv", str(sheet)]) == 2
    assert "line 3" in capsys.readouterr().err
    assert len(scoring.open_answers(book)) == 2


def test_score_without_a_gradebook_is_a_clean_error(tmp_path, capsys):
    assert main(["score", "--gradebook", str(tmp_path / "none.sqlite")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_gradebook_from_before_hand_scores_is_upgraded(tmp_path):
    import sqlite3

    book = tmp_path / "old.sqlite"
    with sqlite3.connect(book) as db:
        db.execute(grading.gradebook._GRADEBOOK_SCHEMA)
        db.execute("INSERT INTO grades VALUES ('/s/a.ipynb', 'ann', 'q', 1, 2, 'incorrect', '2026-01-01', 1)")
    grading.record_gradebook([_grade(tmp_path, "alice")], book)
    rows = {r["learner"]: r for r in csv.DictReader(grading.export_gradebook(book, tmp_path / "s.csv",
                                                                             summary=True).open(encoding="utf-8"))}
    assert (rows["ann"]["auto_points"], rows["ann"]["auto_max"], rows["ann"]["hand_max"]) == ("1.0", "2.0", "0.0")
    assert rows["alice"]["hand_max"] == "3.0"
