"""Grading one notebook, and a batch of them, each in its own kernel."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

import nbformat

from .. import messages as M
from ..outcomes import Incorrect, Uncheckable
from ..questions import DetectorError, DetectorWarning, EstimatorQuestion, FunctionQuestion, OpenQuestion, ValueQuestion
from ..registry import find_question, load, notebook_names
from . import isolation
from .execute import execute
from .judge import judge, outcome_for
from .results import GradeOptions, QuestionGrade, SubmissionGrade

__all__ = ["grade_many", "grade_notebook", "learner_id", "submission_id"]


def _meta(nb) -> dict:
    """The notebook's ``metadata.workbook`` (an empty dict when absent or malformed)."""
    meta = (nb.get("metadata") or {}).get("workbook")
    return meta if isinstance(meta, dict) else {}


def _questions_for(nb, path: Path, options: GradeOptions):
    """(topic label, questions, seed, problem) for a notebook.

    An assignment must be intact (its signature, see :func:`grader.assign.verify`), be the one
    the roster records for the learner who handed it in (``options.roster``), and be verifiable
    at all: an unsigned assignment graded without a roster is a problem, not a pass.
    """
    meta = _meta(nb)
    assignment = meta.get("assignment")
    if assignment:
        from ..assign import SECRET_ENV, verify

        reason = verify(assignment, options.secret) if isinstance(assignment, dict) else "not a mapping"
        if not reason and options.roster is not None:
            mismatch = options.roster.check(_learner(nb, path, options), assignment)
            if mismatch:
                return "assignment", [], options.seed, M.G_NOT_ASSIGNED.format(reason=mismatch)
        elif not reason and not options.secret:
            return "assignment", [], options.seed, M.G_UNVERIFIABLE.format(env=SECRET_ENV)
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


def submission_id(path, roots=()) -> str:
    """A submission's id: its path relative to the (deepest) graded root holding it.

    Parameters
    ----------
    path : path-like
    roots : iterable of path-like
        The folders the submissions were found in.

    Returns
    -------
    str
        A POSIX path such as ``alice/00_start_here.ipynb``; the file name alone for a notebook
        outside every root.
    """
    where = Path(path).resolve()
    inside = [where.relative_to(r) for r in (Path(r).resolve() for r in roots) if where.is_relative_to(r)]
    return min(inside, key=lambda rel: len(rel.parts)).as_posix() if inside else where.name


def learner_id(path, roots=()) -> str:
    """Who handed a submission in, from where it is: the first folder of its id.

    ``submitted/alice/00_start_here.ipynb`` graded as ``workbook grade submitted/`` is ``alice``;
    a notebook directly in a root (or given as a file) is its own learner, its file name without
    ``.ipynb``. The notebook's ``metadata.workbook.learner`` is never used: anyone can edit it.

    Parameters
    ----------
    path : path-like
    roots : iterable of path-like

    Returns
    -------
    str
    """
    parts = Path(submission_id(path, roots)).parts
    return parts[0] if len(parts) > 1 else Path(path).stem


def _learner(nb, path: Path, options: GradeOptions | None = None) -> str:
    """The learner: the roster's candidate for this place, else :func:`learner_id` (``nb`` is unused:
    identity never comes from the notebook)."""
    options = options or GradeOptions()
    if options.roster is not None:
        recorded = options.roster.candidate_at(path)
        if recorded is not None:
            return recorded
    return learner_id(path, options.roots)


#: the largest notebook file the grader reads (a notebook with its plots is a few MB)
MAX_NOTEBOOK_BYTES = 16 * 2**20


def read_regular(path, limit: int) -> bytes:
    """The bytes of a handed-in file: a regular file (never a FIFO, device or link) of at most ``limit`` bytes.

    Raises
    ------
    ValueError
        When the path is not a regular file or is larger than ``limit``.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise ValueError("it is not a regular file")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"it is larger than {limit // 2**20} MiB")
    return data


def read_submission(path) -> nbformat.NotebookNode:
    """Read a handed-in notebook with :func:`read_regular` (at most ``MAX_NOTEBOOK_BYTES``)."""
    return nbformat.reads(read_regular(path, MAX_NOTEBOOK_BYTES).decode("utf-8"), as_version=4)


def prepare(questions, seed: int) -> None:
    """Compute everything the judge needs (hidden cases, reference outputs and scores) before the kernel runs.

    Reference outputs come from the grader's own files, read before any learner code of this submission
    runs; the results are cached on the questions, so a batch computes them once per seed.
    """
    for q in questions:
        if isinstance(q, FunctionQuestion):
            for i in range(len(q.case_list(seed))):
                q.expected(i, seed)
        elif isinstance(q, EstimatorQuestion):
            for i in range(len(q.case_list(seed))):
                q.reference_score(i, seed)
        elif isinstance(q, ValueQuestion):
            q.expected()


def _assignment_data(nb, path: Path) -> Path | None:
    """An assignment's ``data/`` folder next to the notebook: a real folder, never a link."""
    data = path.parent / "data"
    if not _meta(nb).get("assignment") or data.is_symlink() or not data.is_dir():
        return None
    return data.resolve()


def _failed(path: Path, options: GradeOptions, problem) -> SubmissionGrade:
    """The grade of a submission that could not be graded: every question of its topic Uncheckable."""
    grade = SubmissionGrade(str(path), _learner(None, path, options), path.stem, options.seed,
                            id=submission_id(path, options.roots))
    grade.problems.append(problem)
    if path.stem in notebook_names():
        grade.questions = [QuestionGrade(q.id, outcome_for(q, Uncheckable, problem), q.kind) for q in load(path.stem)]
    return grade


def grade_notebook(path, options: GradeOptions | None = None, warm=None) -> SubmissionGrade:
    """Grade one notebook file; never raises for anything the notebook does.

    Parameters
    ----------
    path : path-like
    options : GradeOptions, optional
    warm : grader.grading.execute.WarmKernel, optional
        A kernel started beforehand for this submission (see :mod:`grader.grading.pool`). It is
        used unless the submission needs a kernel of its own (an assignment whose ``data/`` folder
        is bound into the sandbox), and is always gone when this returns.

    Returns
    -------
    SubmissionGrade
    """
    options = options or GradeOptions()
    if not options.trusted:
        isolation.detect()  # raises IsolationUnavailable, with what is missing and how to get it
    path = Path(path)
    start = time.monotonic()
    try:
        nb = read_submission(path)
    except Exception as exc:
        return _failed(path, options, M.G_UNREADABLE.format(error=f"{type(exc).__name__}: {str(exc)[:200]}"))
    topic, questions, seed, problem = _questions_for(nb, path, options)
    options = GradeOptions(**{**options.__dict__, "seed": seed})
    grade = SubmissionGrade(str(path), _learner(nb, path, options), topic, seed,
                            id=submission_id(path, options.roots))
    if problem is not None:
        grade.problems.append(problem)
        grade.errors.append(problem)
        grade.questions = [QuestionGrade(q.id, outcome_for(q, Incorrect, problem), q.kind) for q in questions]
        return grade
    prepare(questions, seed)
    data = _assignment_data(nb, path)
    if warm is not None and data is not None and not options.trusted:  # the data is bound when a sandbox starts
        warm.discard()
        warm = None
    private = warm.private if warm is not None else Path(tempfile.mkdtemp(prefix="workbook-grade-"))
    try:
        if data is not None and options.trusted:
            (private / "data").symlink_to(data)
        execution = execute(nb, questions, options, private, data, warm=warm)
    finally:
        if warm is not None:
            warm.discard()
        shutil.rmtree(private, ignore_errors=True)
    grade.problems.extend(execution.problems)
    imported = execution.kernel_info.get("imported_solutions") or []
    for q in questions:
        if imported:
            outcome = outcome_for(q, Incorrect, M.G_SOLUTIONS_IMPORTED.format(modules=", ".join(imported)))
        elif not execution.harvested:
            outcome = outcome_for(q, Uncheckable, M.G_HARVEST_MISSING.format(
                reason=execution.problems[-1].en if execution.problems else "no kernel"))
        else:
            try:
                outcome = judge(q, execution.records.get(q.id), seed)
            except (DetectorError, DetectorWarning):  # a bug in a question, in a test run: never a result
                raise
            except Exception:  # a record of a shape no honest harvest sends: this answer only
                outcome = outcome_for(q, Uncheckable, M.G_HARVEST_MISSING.format(reason="its record was malformed"))
            if isinstance(q, OpenQuestion):
                outcome.points = 0.0  # scored by a person with the rubric
        grade.questions.append(QuestionGrade(q.id, outcome, q.kind))
    grade.seconds = time.monotonic() - start
    return grade


#: the address space one grading process (the grader's side of one submission) may use
GRADER_MEMORY = 4 * 2**30


def _prepare_all(paths, options: GradeOptions) -> None:
    """Reference outputs of every submission's questions, computed once in this process before any kernel runs.

    The processes that grade each submission are forked from this one and inherit them (and the font
    list every sandboxed kernel reads).
    """
    if not options.trusted:
        from .execute import font_list

        font_list()
    for path in paths:
        try:
            nb = read_submission(path)
            _, questions, seed, problem = _questions_for(nb, path, options)
        except Exception:
            continue
        if problem is None:
            prepare(questions, seed)


def child_setup(options: GradeOptions) -> None:
    """What a forked grading process does first: an event loop of its own, and its memory limit.

    Nothing event-driven survives a fork: a loop (and ZeroMQ context, see ``execute._context``) of its own.
    """
    import asyncio
    import resource

    asyncio.set_event_loop(asyncio.new_event_loop())
    with contextlib.suppress(Exception):
        from jupyter_core.utils import _loop

        _loop.set(None)
    with contextlib.suppress(ValueError, OSError):
        cap = max(GRADER_MEMORY, options.memory + 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def send_grade(conn, path: Path, options: GradeOptions, warm=None) -> None:
    """In a grading process: grade ``path`` and send the pickled grade (or the error's text) to the parent."""
    import pickle

    try:
        grade = grade_notebook(path, options, warm=warm)
        conn.send_bytes(pickle.dumps(grade))
    except BaseException as exc:  # the parent reports it
        with contextlib.suppress(Exception):
            conn.send_bytes(pickle.dumps(f"{type(exc).__name__}: {str(exc)[:200]}"))


def receive_grade(process, conn) -> SubmissionGrade:
    """In the parent: the grade a grading process sends, then that process reaped.

    Raises
    ------
    RuntimeError
        When the process died or failed without a grade.
    """
    import pickle

    try:
        payload = conn.recv_bytes()
    except (EOFError, OSError):
        payload = None
    finally:
        conn.close()
        process.join(30)
        if process.is_alive():
            process.kill()
            process.join()
    result = pickle.loads(payload) if payload else None  # written by the grader's own child, never by a kernel
    if isinstance(result, SubmissionGrade):
        return result
    reason = result if isinstance(result, str) else (
        f"grading it used more than {GRADER_MEMORY // 2**30} GiB or crashed (exit code {process.exitcode})")
    raise RuntimeError(reason)


def _grade_in_child(path: Path, options: GradeOptions) -> SubmissionGrade:
    """Grade one submission in a forked process with its own memory limit; its death costs only this grade.

    What a kernel sends is decoded on the grader's side of the connection: a message built to be huge or to
    expand when parsed would otherwise grow the one grader process every submission of a batch shares.
    """
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    reader, writer = ctx.Pipe(duplex=False)

    def child():
        reader.close()
        child_setup(options)
        try:
            send_grade(writer, path, options)
        finally:
            writer.close()
            os._exit(0)

    process = ctx.Process(target=child, daemon=False)
    process.start()
    writer.close()
    return receive_grade(process, reader)


def grade_many(paths, options: GradeOptions, jobs: int = 1, progress=None) -> list[SubmissionGrade]:
    """Grade submissions, ``jobs`` at a time; each in its own kernel, none affecting another.

    Each submission is graded by a process of its own, forked from this one, with a memory limit;
    ``progress(done, total, grade)`` is called after each submission. With ``options.warm_kernels``,
    as root, every kernel is forked from a fork server that imported the common libraries once, into
    namespaces, a uid and limits of its own (:mod:`~grader.grading.forkserver`); elsewhere those
    processes are forked ahead and start their (isolated, single-use) kernel before their submission
    arrives (:class:`~grader.grading.pool.WarmPool`).
    """
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from . import forkserver
    from .pool import WarmPool

    paths = [Path(p) for p in paths]
    if not options.trusted:
        isolation.detect()  # refuse the whole batch up front, with the reason, when kernels cannot be isolated
    server = forkserver.start(options.trusted) if options.warm_kernels and len(paths) > 1 else None
    results: dict[int, SubmissionGrade] = {}
    with contextlib.ExitStack() as stack:
        stack.callback(forkserver.stop, server)  # started first: its imports overlap the references' computing
        _prepare_all(paths, options)
        warm = None
        if server is not None and server.control() is None:  # it could not start: cold kernels, as without it
            forkserver.stop(server)
        elif server is None and options.warm_kernels and paths:
            warm = WarmPool(options, size=max(1, jobs), total=len(paths))
            stack.callback(warm.close)
        grade_one = warm.grade if warm is not None else (lambda p: _grade_in_child(p, options))
        pool = stack.enter_context(ThreadPoolExecutor(max_workers=max(1, jobs)))
        futures = {pool.submit(grade_one, p): i for i, p in enumerate(paths)}
        for done, future in enumerate(as_completed(futures), 1):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as exc:  # grading itself failed for this one: say so, go on
                results[i] = _failed(paths[i], options, M.G_HARVEST_MISSING.format(
                    reason=f"{type(exc).__name__}: {str(exc)[:200]}"))
            if progress:
                progress(done, len(paths), results[i])
    return [results[i] for i in range(len(paths))]
