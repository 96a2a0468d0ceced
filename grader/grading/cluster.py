"""Grading on a Dask cluster: ``workbook grade ... --scheduler ADDRESS``.

Each submission is one task. The client reads every notebook (and an assignment's ``data/``
folder) itself, with the same size caps as local grading, and sends the bytes; a worker writes
them into a private folder, grades them exactly as ``workbook grade`` does on one machine (a forked
process per submission, each kernel in its own bubblewrap sandbox) and returns the grade. Reports
are written on the client from the gathered grades.

A worker lost mid-batch costs a retry, never a grade: the scheduler reschedules the tasks of a
worker that disappears, and the submission is graded again elsewhere from its bytes. Before the
batch, every worker must prove it can isolate kernels and that it runs the same grader and
reference solutions as the client (a fingerprint of their source files), so two workers can never
judge the same answer differently.

The grading seed and the assignment secret travel to the workers with the tasks: run the
cluster on a network you trust, or with Dask's TLS security (``--tls-*`` options).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from pathlib import Path, PurePosixPath

from .. import messages as M
from .results import GradeOptions, SubmissionGrade
from .submissions import (
    MAX_NOTEBOOK_BYTES,
    _failed,
    _grade_in_child,
    _learner,
    _prepare_all,
    read_regular,
    submission_id,
)

__all__ = ["MAX_DATA_BYTES", "fingerprint", "grade_on_cluster", "grade_payload", "payload_of", "worker_ready"]

#: the largest ``data/`` folder of an assignment sent with a submission
MAX_DATA_BYTES = 64 * 2**20
_ROOT = Path(__file__).resolve().parents[2]


def fingerprint() -> str:
    """A digest of the grader's and the reference solutions' source files.

    Returns
    -------
    str
        Hex SHA-256 over the relative path and content of every ``.py`` file in ``grader/`` and
        ``solutions/``: equal on two machines exactly when they judge with the same code.
    """
    digest = hashlib.sha256()
    for package in ("grader", "solutions"):
        for path in sorted((_ROOT / package).rglob("*.py")):
            digest.update(path.relative_to(_ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def worker_ready(trusted: bool) -> dict:
    """Run on each worker before a batch: can it grade, and with which code?

    Parameters
    ----------
    trusted : bool
        The batch runs kernels without isolation (``--trusted``); then isolation is not required.

    Returns
    -------
    dict
        ``fingerprint`` and ``problem`` (``None`` when the worker can grade).
    """
    from . import isolation

    problem = None
    if not trusted:
        try:
            isolation.detect()
        except isolation.IsolationUnavailable as exc:
            problem = str(exc)
    return {"fingerprint": fingerprint(), "problem": problem}


def payload_of(path, options: GradeOptions) -> dict:
    """What a worker needs to grade one submission, read on the client.

    Parameters
    ----------
    path : path-like
        The handed-in notebook.
    options : GradeOptions
        Its ``roots`` and ``roster`` decide the submission's id and learner here, once.

    Returns
    -------
    dict
        ``path``, ``id``, ``learner``, ``notebook`` (bytes, or ``None`` with ``problem`` when it
        cannot be read) and ``data``: the regular files of an assignment's ``data/`` folder as
        (relative POSIX path, bytes) pairs.
    """
    path = Path(path)
    payload = {"path": str(path), "id": submission_id(path, options.roots),
               "learner": _learner(None, path, options), "notebook": None, "problem": None, "data": []}
    try:
        payload["notebook"] = read_regular(path, MAX_NOTEBOOK_BYTES)
        data = path.parent / "data"
        if data.is_dir() and not data.is_symlink():
            total = 0
            for item in sorted(data.rglob("*")):
                if item.is_symlink() or not item.is_file():
                    continue
                content = read_regular(item, MAX_DATA_BYTES - total)
                total += len(content)
                payload["data"].append((item.relative_to(data).as_posix(), content))
    except (OSError, ValueError) as exc:  # this submission is not graded; the batch goes on
        payload.update(notebook=None, data=[], problem=f"{type(exc).__name__}: {str(exc)[:200]}")
    return payload


def _safe_relative(text: str) -> PurePosixPath:
    rel = PurePosixPath(text)
    if rel.is_absolute() or not rel.parts or any(p in ("", ".", "..") for p in rel.parts):
        raise ValueError(f"unsafe relative path {text!r}")
    return rel


class _PinnedRoster:
    """The client's roster, with the learner it found for this submission's place."""

    def __init__(self, roster, learner: str):
        self._roster, self._learner = roster, learner

    def candidate_at(self, path) -> str:
        return self._learner

    def check(self, learner, assignment):
        return self._roster.check(learner, assignment)


def grade_payload(payload: dict, options: GradeOptions) -> SubmissionGrade:
    """Grade one submission on a worker from the bytes the client sent (runs as a Dask task).

    Parameters
    ----------
    payload : dict
        Made by :func:`payload_of`.
    options : GradeOptions
        The batch's options, as on the client.

    Returns
    -------
    SubmissionGrade
        With the client's path, id and learner.
    """
    with tempfile.TemporaryDirectory(prefix="workbook-cluster-") as tmp:
        root = Path(tmp) / "submissions"
        target = root / _safe_relative(payload["id"])
        roster = _PinnedRoster(options.roster, payload["learner"]) if options.roster is not None else None
        local = dataclasses.replace(options, roots=(root,), roster=roster)
        if payload["notebook"] is None:
            grade = _failed(target, local, M.G_UNREADABLE.format(error=payload["problem"]))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload["notebook"])
            if payload["data"]:
                data = target.parent / "data"
                for rel, content in payload["data"]:
                    file = data / _safe_relative(rel)
                    file.parent.mkdir(parents=True, exist_ok=True)
                    file.write_bytes(content)
            _prepare_all([target], local)
            try:
                grade = _grade_in_child(target, local)
            except Exception as exc:  # grading itself failed for this one, as in grade_many
                grade = _failed(target, local, M.G_HARVEST_MISSING.format(
                    reason=f"{type(exc).__name__}: {str(exc)[:200]}"))
    grade.submission, grade.id, grade.learner = payload["path"], payload["id"], payload["learner"]
    return grade


def grade_on_cluster(paths, options: GradeOptions, address: str, progress=None,
                     connect_timeout: float = 30.0) -> list[SubmissionGrade]:
    """Grade submissions on the Dask cluster whose scheduler is at ``address``.

    Parameters
    ----------
    paths : list of path-like
    options : GradeOptions
    address : str
        The scheduler, e.g. ``tcp://10.0.0.5:8786``.
    progress : callable, optional
        ``progress(done, total, grade)`` after each submission.
    connect_timeout : float
        Seconds to wait for the scheduler.

    Returns
    -------
    list of SubmissionGrade
        In the order of ``paths``.

    Raises
    ------
    RuntimeError
        When the cluster has no worker, or a worker cannot isolate kernels or runs another version
        of the grader or the reference solutions.
    """
    from distributed import Client, as_completed

    paths = [Path(p) for p in paths]
    payloads = [payload_of(p, options) for p in paths]
    with Client(address, timeout=connect_timeout) as client:
        states = client.run(worker_ready, options.trusted)
        if not states:
            raise RuntimeError(f"the Dask cluster at {address} has no worker")
        mine = fingerprint()
        for worker, state in sorted(states.items()):
            if state["problem"]:
                raise RuntimeError(f"worker {worker} cannot grade: {state['problem']}")
            if state["fingerprint"] != mine:
                raise RuntimeError(f"worker {worker} runs another version of the grader or the reference "
                                   "solutions than this client; install the same checkout everywhere")
        futures = {client.submit(grade_payload, payload, options, pure=False, retries=1,
                                 key=f"workbook-grade-{i}-{os.urandom(4).hex()}"): i
                   for i, payload in enumerate(payloads)}
        results: dict[int, SubmissionGrade] = {}
        for done, future in enumerate(as_completed(futures), 1):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as exc:  # the task failed on every attempt: say so, go on
                results[i] = _failed(paths[i], options, M.G_HARVEST_MISSING.format(
                    reason=f"{type(exc).__name__}: {str(exc)[:200]}"))
            if progress:
                progress(done, len(paths), results[i])
    return [results[i] for i in range(len(paths))]
