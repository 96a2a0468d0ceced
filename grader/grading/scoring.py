"""``workbook score``: a person scores open answers with their rubrics, into the gradebook.

``workbook grade --gradebook FILE`` records each open answer's text. Then, either

- interactively (:func:`score_interactively`): per answer, the candidate's answer, the model
  answer and the rubric are shown, and the points of each rubric criterion are asked for; or
- offline (:func:`export_scoring_csv`, :func:`import_scoring_csv`): a CSV with a row per answer
  (answer, model answer, rubric, an empty ``points`` column) is filled in a spreadsheet and
  imported back.

The points go to the gradebook's ``hand_scores`` table with the text that was scored, and
``workbook gradebook export`` shows them beside the automatic points. Answers are learner text:
shown through :func:`grader.grading.escape.terminal` and written through ``csv_cell``.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from ..i18n import T
from ..registry import find_question
from .escape import csv_cell, terminal, uncsv_cell
from .gradebook import connect

__all__ = ["SCORING_COLUMNS", "export_scoring_csv", "import_scoring_csv", "open_answers", "record_score",
           "score_interactively"]

#: the columns of the offline scoring CSV; only ``points`` is filled in
SCORING_COLUMNS = ("submission", "learner", "question", "max_points", "answer", "model_answer", "rubric", "points")

_S = {
    "header": T("[{i}/{n}] {learner} · {question} · {title} (up to {points:g} points)",
                "[{i}/{n}] {learner} · {question} · {title}（最多 {points:g} 分）"),
    "prompt": T("Prompt", "题目"), "answer": T("Candidate's answer", "候选人的回答"),
    "model": T("Model answer", "参考答案"), "rubric": T("Rubric", "评分标准"),
    "ask": T("  {criterion} (0-{points:g}): ", "  {criterion}（0-{points:g}）："),
    "ask_total": T("  points (0-{points:g}): ", "  得分（0-{points:g}）："),
    "how": T("Type the points of each criterion; an empty line skips this answer, q stops.",
             "逐条输入每项标准的得分；空行跳过本回答，q 退出。"),
    "bad": T("    The points must be a number from 0 to {points:g}. Got {got!r} instead.",
             "    得分必须是 0 到 {points:g} 之间的数。实际输入 {got!r}。"),
    "done": T("{n} answers scored, {left} left to score.", "已打分 {n} 个回答，还剩 {left} 个。"),
    "none": T("No open answers to score.", "没有待打分的开放题回答。"),
}


def open_answers(gradebook, *, rescore: bool = False) -> list[dict]:
    """The open answers in a gradebook that a person has still to score.

    Parameters
    ----------
    gradebook : path-like
    rescore : bool
        Also list answers that were already scored.

    Returns
    -------
    list of dict
        Keys ``submission``, ``learner``, ``question``, ``max_points``, ``answer`` and ``scored``
        (the current hand score or ``None``); the most recent grading of each answer, ordered by
        learner, submission and question. An answer that changed since it was scored is listed.
    """
    with contextlib.closing(connect(gradebook)) as db:
        rows = db.execute(
            "SELECT g.submission, g.learner, g.question, g.max_points, g.answer, h.points AS scored, "
            "h.answer AS scored_answer FROM grades g LEFT JOIN hand_scores h "
            "ON h.submission = g.submission AND h.question = g.question "
            "WHERE g.manual = 1 AND g.graded_at = (SELECT MAX(graded_at) FROM grades x "
            "WHERE x.submission = g.submission AND x.question = g.question AND x.manual = 1) "
            "GROUP BY g.submission, g.question ORDER BY g.learner, g.submission, g.question").fetchall()
    out = []
    for r in rows:
        current = r["scored"] is not None and r["scored_answer"] == r["answer"]
        if rescore or not current:
            out.append({"submission": r["submission"], "learner": r["learner"], "question": r["question"],
                        "max_points": r["max_points"], "answer": r["answer"] or "",
                        "scored": r["scored"] if current else None})
    return out


def record_score(gradebook, submission: str, question: str, points: float, rubric=None) -> None:
    """Record the hand score of one open answer.

    Parameters
    ----------
    gradebook : path-like
    submission : str
        As in the gradebook (the notebook's absolute path).
    question : str
        The question id.
    points : float
        From 0 to the question's points.
    rubric : list of float, optional
        The points given per rubric criterion (kept for the record).

    Raises
    ------
    LookupError
        When the gradebook has no open answer for this submission and question.
    ValueError
        When the points are not a number in range.
    """
    with contextlib.closing(connect(gradebook)) as db, db:
        row = db.execute("SELECT max_points, answer FROM grades WHERE submission = ? AND question = ? AND manual = 1 "
                         "ORDER BY graded_at DESC LIMIT 1", (submission, question)).fetchone()
        if row is None:
            raise LookupError(f"The gradebook has no open answer to {question!r} from {submission!r}; "
                              "grade the submission with --gradebook first.")
        points = _points(points, row["max_points"])
        db.execute("INSERT INTO hand_scores VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(submission, question) "
                   "DO UPDATE SET points=excluded.points, max_points=excluded.max_points, rubric=excluded.rubric, "
                   "answer=excluded.answer, scored_at=excluded.scored_at",
                   (submission, question, points, row["max_points"], None if rubric is None else json.dumps(rubric),
                    row["answer"], datetime.now(UTC).isoformat(timespec="seconds")))


def _points(value, most: float) -> float:
    try:
        points = float(value)
    except (TypeError, ValueError):
        points = float("nan")
    if not 0 <= points <= most:  # also false for NaN
        raise ValueError(f"The points must be a number from 0 to {most:g}. Got {value!r} instead.")
    return points


def _rubric(question_id: str):
    """(question or None, [(criterion T, points)]) — a question unknown to this version has no rubric."""
    try:
        q = find_question(question_id)
    except LookupError:
        return None, []
    return q, list(getattr(q, "rubric", ()))


def _block(label: str, text: str) -> list[str]:
    return [f"  {label}:"] + [f"    | {line}" for line in text.splitlines() or [""]]


def score_interactively(gradebook, *, stdin=None, stdout=None, lang: str | None = None,
                        rescore: bool = False) -> int:
    """Ask a person for the rubric points of each open answer still to score.

    Parameters
    ----------
    gradebook : path-like
    stdin, stdout : file-like, optional
        Default: the process's; tests pass ``io.StringIO``.
    lang : {"en", "zh"}, optional
    rescore : bool
        Also go through answers already scored.

    Returns
    -------
    int
        How many answers were scored.
    """
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    r = lambda key, **kw: _S[key].format(**kw).render(lang)  # noqa: E731
    answers = open_answers(gradebook, rescore=rescore)
    if not answers:
        print(r("none"), file=stdout)
        return 0
    print(r("how"), file=stdout)
    scored = 0

    def ask(prompt: str, most: float):
        while True:
            print(prompt, end="", file=stdout, flush=True)
            line = stdin.readline()
            if not line or line.strip().lower() == "q":
                return "quit"
            if not line.strip():
                return None
            try:
                return _points(line.strip(), most)
            except ValueError:
                print(r("bad", points=most, got=terminal(line.strip())), file=stdout)

    for i, a in enumerate(answers, 1):
        q, rubric = _rubric(a["question"])
        title = q.title.render(lang) if q else a["question"]
        print("", file=stdout)
        print(r("header", i=i, n=len(answers), learner=terminal(a["learner"]), question=terminal(a["question"]),
                title=title, points=a["max_points"]), file=stdout)
        if q is not None:
            print("\n".join(_block(r("prompt"), q.prompt.render(lang))), file=stdout)
        print("\n".join(_block(r("answer"), terminal(a["answer"], multiline=True))), file=stdout)
        if q is not None:
            print("\n".join(_block(r("model"), q.model_answer.render(lang))), file=stdout)
            print(f"  {r('rubric')}:", file=stdout)
            print("\n".join(f"    - ({p:g}) {c.render(lang)}" for c, p in rubric), file=stdout)
        given = []
        criteria = [(c.render(lang), min(p, a["max_points"])) for c, p in rubric] or [(None, a["max_points"])]
        for criterion, most in criteria:
            prompt = r("ask_total", points=most) if criterion is None else r("ask", criterion=criterion, points=most)
            got = ask(prompt, most)
            if got is None or got == "quit":
                break
            given.append(got)
        if got == "quit":
            break
        if len(given) == len(criteria):
            total = min(sum(given), a["max_points"])
            record_score(gradebook, a["submission"], a["question"], total, given)
            scored += 1
    print(r("done", n=scored, left=len(open_answers(gradebook))), file=stdout)
    return scored


def export_scoring_csv(gradebook, out, *, lang: str | None = None, rescore: bool = False) -> Path:
    """Write the open answers still to score as a CSV to fill offline (column ``points``).

    Parameters
    ----------
    gradebook : path-like
    out : path-like
    lang : {"en", "zh"}, optional
        Language of the model answers and rubrics.
    rescore : bool
        Also list answers already scored (their points filled in).

    Returns
    -------
    Path
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(SCORING_COLUMNS)
        for a in open_answers(gradebook, rescore=rescore):
            q, rubric = _rubric(a["question"])
            row = {**a, "model_answer": q.model_answer.render(lang) if q else "",
                   "rubric": "; ".join(f"{c.render(lang)} ({p:g})" for c, p in rubric),
                   "points": "" if a["scored"] is None else a["scored"]}
            writer.writerow([csv_cell(row[c]) for c in SCORING_COLUMNS])
    return out


def import_scoring_csv(gradebook, path) -> int:
    """Record the points filled in a CSV written by :func:`export_scoring_csv`.

    Rows with an empty ``points`` cell are skipped. Nothing is recorded unless every filled row
    is valid.

    Parameters
    ----------
    gradebook : path-like
    path : path-like
        The filled CSV.

    Returns
    -------
    int
        How many answers were scored.

    Raises
    ------
    ValueError
        Listing every row whose points are not a number in range, or whose answer is not in the
        gradebook, or when the file lacks the columns.
    """
    with Path(path).open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ("submission", "question", "points") if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"The scoring CSV {path} must have the columns submission, question and points. "
                             f"Missing: {', '.join(missing)}.")
        rows = [(n, {k: uncsv_cell(v) for k, v in row.items()}) for n, row in enumerate(reader, 2)]
    with contextlib.closing(connect(gradebook)) as db:
        maxima = {(r["submission"], r["question"]): r["max_points"]
                  for r in db.execute("SELECT submission, question, max_points FROM grades WHERE manual = 1")}
    todo, problems = [], []
    for n, row in rows:
        if not (row.get("points") or "").strip():
            continue
        key = (row.get("submission"), row.get("question"))
        if key not in maxima:
            problems.append(f"line {n}: the gradebook has no open answer to {terminal(key[1])!r} from "
                            f"{terminal(key[0])!r}")
            continue
        try:
            todo.append((*key, _points(row["points"].strip(), maxima[key])))
        except ValueError as exc:
            problems.append(f"line {n} ({terminal(key[1])}): {exc}")
    if problems:
        raise ValueError("Nothing was recorded; fix these rows of the scoring CSV:\n  " + "\n  ".join(problems))
    for submission, question, points in todo:
        record_score(gradebook, submission, question, points)
    return len(todo)
