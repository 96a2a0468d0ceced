"""Grading one notebook, and a batch of them, each in its own kernel."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from .. import messages as M
from ..outcomes import Incorrect, Uncheckable
from ..questions import OpenQuestion
from ..registry import find_question, load, notebook_names
from .execute import execute
from .judge import judge, outcome_for
from .results import GradeOptions, QuestionGrade, SubmissionGrade

__all__ = ["grade_many", "grade_notebook"]


def _meta(nb) -> dict:
    """The notebook's ``metadata.workbook`` (an empty dict when absent or malformed)."""
    meta = (nb.get("metadata") or {}).get("workbook")
    return meta if isinstance(meta, dict) else {}


def _questions_for(nb, path: Path, options: GradeOptions):
    """(topic label, questions, seed, problem) for a notebook."""
    meta = _meta(nb)
    assignment = meta.get("assignment")
    if assignment:
        from ..assign import verify

        reason = verify(assignment, options.secret) if isinstance(assignment, dict) else "not a mapping"
        if reason:
            return "assignment", [], options.seed, M.G_BAD_ASSIGNMENT.format(reason=reason)
        try:
            questions = [find_question(str(qid)) for qid in assignment.get("questions", [])]
        except LookupError as exc:
            return "assignment", [], options.seed, M.G_BAD_ASSIGNMENT.format(reason=str(exc))
        # the candidate can read the assignment's seed: mix in the private grading seed
        try:
            seed = (int(options.seed) * 1_000_003 + int(assignment.get("seed", 0))) % 2**31
            # as the candidate saw them: value questions on their data variant, their choice letters
            questions = [q.for_assignment(int(assignment.get("seed", 0))) for q in questions]
        except (TypeError, ValueError):
            return "assignment", [], options.seed, M.G_BAD_ASSIGNMENT.format(reason="the seed is not a number")
        return "assignment", questions, seed, None
    topic = str(meta.get("topic") or path.stem)
    names = notebook_names()
    if topic not in names:
        return topic, [], options.seed, M.G_UNKNOWN_TOPIC.format(topic=topic)
    if options.topic:
        want = next((n for n in names if n == options.topic or n[:2] == str(options.topic).zfill(2)),
                    options.topic)
        if want != topic:
            questions = list(load(want)) if want in names else []
            return want, questions, options.seed, M.G_WRONG_TOPIC.format(got=topic, want=want)
    return topic, list(load(topic)), options.seed, None


def _learner(nb, path: Path) -> str:
    return str(_meta(nb).get("learner") or path.stem)


def grade_notebook(path, options: GradeOptions | None = None) -> SubmissionGrade:
    """Grade one notebook file; never raises for anything the notebook does.

    Parameters
    ----------
    path : path-like
    options : GradeOptions, optional

    Returns
    -------
    SubmissionGrade
    """
    options = options or GradeOptions()
    path = Path(path)
    start = time.monotonic()
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as exc:
        grade = SubmissionGrade(str(path), path.stem, path.stem, options.seed)
        grade.problems.append(M.G_UNREADABLE.format(error=f"{type(exc).__name__}: {str(exc)[:200]}"))
        if path.stem in notebook_names():
            grade.questions = [QuestionGrade(q.id, outcome_for(q, Uncheckable, grade.problems[0]), q.kind)
                               for q in load(path.stem)]
        return grade
    topic, questions, seed, problem = _questions_for(nb, path, options)
    options = GradeOptions(**{**options.__dict__, "seed": seed})
    grade = SubmissionGrade(str(path), _learner(nb, path), topic, seed)
    if problem is not None:
        grade.problems.append(problem)
        grade.questions = [QuestionGrade(q.id, outcome_for(q, Incorrect, problem), q.kind) for q in questions]
        return grade
    workdir = Path(tempfile.mkdtemp(prefix="workbook-grade-"))
    try:
        data = path.parent / "data"
        if _meta(nb).get("assignment") and data.is_dir():
            shutil.copytree(data, workdir / "data")
        execution = execute(nb, questions, options, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    grade.problems.extend(execution.problems)
    imported = execution.kernel_info.get("imported_solutions") or []
    for q in questions:
        if imported:
            outcome = outcome_for(q, Incorrect, M.G_SOLUTIONS_IMPORTED.format(modules=", ".join(imported)))
        elif not execution.harvested:
            outcome = outcome_for(q, Uncheckable, M.G_HARVEST_MISSING.format(
                reason=execution.problems[-1].en if execution.problems else "no kernel"))
        else:
            outcome = judge(q, execution.records.get(q.id), seed)
            if isinstance(q, OpenQuestion):
                outcome.points = 0.0  # scored by a person with the rubric
        grade.questions.append(QuestionGrade(q.id, outcome, q.kind))
    grade.seconds = time.monotonic() - start
    return grade


def grade_many(paths, options: GradeOptions, jobs: int = 1, progress=None) -> list[SubmissionGrade]:
    """Grade submissions, ``jobs`` at a time; each in its own kernel, none affecting another.

    ``progress(done, total, grade)`` is called after each submission.
    """
    from concurrent.futures import ThreadPoolExecutor, as_completed

    paths = [Path(p) for p in paths]
    results: dict[int, SubmissionGrade] = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(grade_notebook, p, options): i for i, p in enumerate(paths)}
        for done, future in enumerate(as_completed(futures), 1):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as exc:  # grading itself failed for this one: say so, go on
                g = SubmissionGrade(str(paths[i]), paths[i].stem, paths[i].stem, options.seed)
                g.problems.append(M.G_HARVEST_MISSING.format(reason=f"{type(exc).__name__}: {exc}"))
                results[i] = g
            if progress:
                progress(done, len(paths), results[i])
    return [results[i] for i in range(len(paths))]
