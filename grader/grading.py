"""``workbook grade``: grading notebooks written by people the grader does not trust.

The grader process never imports or calls learner code. For each submission it

1. reads the notebook (any nbformat version; a broken file is a result, not a crash) and decides
   which questions it answers (its topic, or the signed question list of an assignment);
2. runs it in a fresh IPython kernel (:mod:`grader.sandbox`) in a temporary folder, with a
   scrubbed environment (no grading seed, no secret), a per-cell and a whole-submission timeout,
   an address-space limit, a pids cgroup or process watchdog, and the reference solutions
   blocked from import; a cell that errors does not stop the others, a dead or wedged kernel is
   restarted and the notebook rerun without the cell that killed it;
3. writes the hidden cases for the grading seed and runs a harvest cell
   (:mod:`grader._harvest`) that calls the learner's objects on them and writes what came back
   as JSON (never pickle);
4. judges those outputs against the reference outputs it computed itself, with the same
   question declarations (and misconception messages) as ``check``, and gives partial credit per
   hidden case. Feedback never shows a hidden expected value.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import pickle
import secrets
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd

from . import _harvest
from . import messages as M
from .i18n import T
from .outcomes import Incorrect, NotAttempted, Outcome, Uncheckable
from .questions import EstimatorQuestion, FunctionQuestion, OpenQuestion, Question
from .registry import find_question, load, notebook_names
from .render import to_dict, to_text
from .running import Run
from .shop import TEXT_DTYPE

__all__ = ["DEFAULT_GRADING_SEED", "GradeOptions", "QuestionGrade", "SubmissionGrade", "grade_notebook",
           "grade_many", "score_predictions"]

#: used when neither ``--seed`` nor ``WORKBOOK_GRADING_SEED`` is given (never the public seed 0)
DEFAULT_GRADING_SEED = 1
_PASS_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TZ")


@dataclass
class GradeOptions:
    """Limits and settings of one grading run.

    Parameters
    ----------
    seed : int
        The grading seed the hidden cases are drawn from.
    cell_timeout : float
        Seconds one cell may run before it is interrupted.
    timeout : float
        Seconds the whole notebook may run (the harvest has its own budget on top).
    memory : int
        Address-space limit of the kernel in bytes.
    nproc : int
        Processes the kernel may have (cgroup when available, else a watchdog).
    topic : str, optional
        The notebook the submissions must be (e.g. ``"02"``); a different one scores 0.
    secret : str, optional
        The HMAC key of signed assignments (``WORKBOOK_SECRET``).
    max_restarts : int
        How often a dead kernel is restarted (rerunning without the fatal cell).
    """

    seed: int = DEFAULT_GRADING_SEED
    cell_timeout: float = 60.0
    timeout: float = 600.0
    memory: int = 3 * 2**30
    nproc: int = 128
    topic: str | None = None
    secret: str | None = None
    max_restarts: int = 3


@dataclass
class QuestionGrade:
    """The grade of one question in one submission."""

    id: str
    outcome: Outcome
    kind: str = "function"

    @property
    def points(self) -> float:
        return float(self.outcome.points)

    @property
    def max_points(self) -> float:
        return float(self.outcome.max_points)

    @property
    def manual(self) -> bool:
        """Scored by a person with the rubric (open questions): not in the automatic total."""
        return self.outcome.status == "uncheckable" and self.kind == "open"

    def to_dict(self, lang: str | None = None) -> dict:
        data = to_dict(self.outcome, lang)
        return {"id": self.id, "kind": self.kind, "outcome": data["status"], "points": self.points,
                "max_points": self.max_points, "manual": self.manual,
                "message": to_text(self.outcome, lang), "details": data}


@dataclass
class SubmissionGrade:
    """The grade of one notebook."""

    submission: str
    learner: str
    topic: str
    seed: int
    questions: list[QuestionGrade] = field(default_factory=list)
    problems: list[T] = field(default_factory=list)
    graded_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    seconds: float = 0.0

    @property
    def total(self) -> float:
        """Points of the automatically graded questions."""
        return sum(q.points for q in self.questions if not q.manual)

    @property
    def max_points(self) -> float:
        """Maximum of the automatically graded questions (open answers are scored by a person)."""
        return sum(q.max_points for q in self.questions if not q.manual)

    @property
    def manual_points(self) -> float:
        """Points left for a person to score with the rubrics."""
        return sum(q.max_points for q in self.questions if q.manual)

    @property
    def percent(self) -> float:
        return 100.0 * self.total / self.max_points if self.max_points else 0.0

    def to_dict(self, lang: str | None = None) -> dict:
        """JSON-ready: submission, learner, topic, seed, total, max, percent, questions, problems."""
        return {"submission": self.submission, "learner": self.learner, "topic": self.topic,
                "seed": self.seed, "total": self.total, "max": self.max_points,
                "manual_max": self.manual_points,
                "percent": round(self.percent, 2), "graded_at": self.graded_at,
                "questions": [q.to_dict(lang) for q in self.questions],
                "problems": [p.render(lang) for p in self.problems]}


# --------------------------------------------------------------------------------------------
# decoding what the harvest wrote
# --------------------------------------------------------------------------------------------
class Unsupported:
    """A learner value the harvest could not encode (shown by type name only)."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


def _decode_column(col: dict) -> pd.Series:
    kind, values = col["kind"], col["values"]
    if kind == "float":
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    if kind == "int":
        return pd.Series(values, dtype="Int64" if None in values else "int64")
    if kind == "bool":
        return pd.Series(values, dtype="boolean" if None in values else "bool")
    if kind == "datetime":
        return pd.Series(pd.to_datetime(values))
    if kind == "timedelta":
        return pd.Series(pd.to_timedelta(values))
    if kind == "str":
        return pd.Series(values, dtype=TEXT_DTYPE)
    return pd.Series([decode(v) for v in values], dtype=object)


def _decode_index(data: dict, range_index: bool, n: int) -> pd.Index:
    if range_index:
        return pd.RangeIndex(n)
    levels = [_decode_column(c) for c in data["levels"]]
    names = [None if nm is None else decode(nm) for nm in data["names"]]
    if len(levels) == 1:
        return pd.Index(levels[0], name=names[0])
    return pd.MultiIndex.from_arrays(levels, names=names)


def decode(obj: dict):
    """Rebuild a value from the harvest's tagged JSON (data only: nothing is executed)."""
    tag = obj.get("t") if isinstance(obj, dict) else None
    if tag == "none":
        return None
    if tag in ("bool", "int", "str"):
        return obj["v"]
    if tag == "float":
        v = obj["v"]
        return float("nan") if v is None else float(v)
    if tag == "ts":
        return pd.NaT if obj["v"] is None else pd.Timestamp(obj["v"])
    if tag == "frame":
        columns = [decode(c) for c in obj["columns"]]
        data = [_decode_column(c) for c in obj["data"]]
        n = len(data[0]) if data else len(obj["index"]["levels"][0]["values"])
        frame = pd.concat([s.rename(i) for i, s in enumerate(data)], axis=1) if data else pd.DataFrame(index=range(n))
        frame.columns = columns
        frame.index = _decode_index(obj["index"], obj["range_index"], n)
        return frame
    if tag == "series":
        series = _decode_column(obj["data"])
        series.index = _decode_index(obj["index"], obj["range_index"], len(series))
        return series.rename(decode(obj["name"]))
    if tag == "array":
        series = _decode_column(obj["data"])
        values = series.to_numpy(dtype=object) if series.dtype == object else series.to_numpy()
        return values.reshape(obj["shape"])
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [decode(v) for v in obj["items"]]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        return {_hashable(decode(k)): decode(v) for k, v in obj["items"]}
    if tag == "too_large":
        return Unsupported(f"{obj.get('type')} of shape {obj.get('shape')} (too large to collect)")
    return Unsupported(str(obj.get("type", "unknown") if isinstance(obj, dict) else type(obj).__name__))


def _hashable(value):
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def _remote_exception(info: dict) -> BaseException:
    """The learner's exception as an instance of the same builtin type (or a stand-in type)."""
    name, message = str(info.get("type", "Exception")), str(info.get("message", ""))
    cls = getattr(builtins, name, None)
    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
        cls = type(name, (Exception,), {})
    try:
        return cls(message)
    except Exception:
        return type(name, (Exception,), {})(message)


def _run(record: dict) -> Run:
    if record.get("timed_out"):
        return Run(timed_out=True)
    if "error" in record:
        return Run(error=_remote_exception(record["error"]))
    return Run(value=decode(record.get("value", {"t": "none"})))


# --------------------------------------------------------------------------------------------
# scoring estimators from their predictions
# --------------------------------------------------------------------------------------------
def score_predictions(metric: str, y_true, pred, proba) -> float:
    """Compute a scikit-learn scorer's value from predictions made elsewhere.

    Parameters
    ----------
    metric : str
        A scorer name: ``roc_auc``, ``average_precision``, ``neg_log_loss``, ``accuracy``,
        ``balanced_accuracy``, ``f1``, ``precision``, ``recall``.
    y_true : array-like
    pred : list
        ``predict`` output.
    proba : list or None
        The positive class's ``predict_proba`` column (or ``decision_function``).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        When the metric needs scores the model did not give, or is unknown.
    """
    from sklearn import metrics

    y_true = np.asarray(y_true)
    by_proba = {"roc_auc": metrics.roc_auc_score, "average_precision": metrics.average_precision_score,
                "neg_log_loss": lambda y, p: -metrics.log_loss(y, p)}
    by_pred = {"accuracy": metrics.accuracy_score, "balanced_accuracy": metrics.balanced_accuracy_score,
               "f1": metrics.f1_score, "precision": metrics.precision_score, "recall": metrics.recall_score}
    if metric in by_proba:
        if proba is None:
            raise ValueError(f"{metric} needs predict_proba or decision_function, which the model lacks")
        scores = np.array([np.nan if v is None else float(v) for v in proba], dtype=float)
        if len(scores) != len(y_true) or not np.isfinite(scores).all():
            raise ValueError("the model's scores have the wrong length or are not finite")
        return float(by_proba[metric](y_true, scores))
    if metric in by_pred:
        predicted = np.asarray(pred)
        if len(predicted) != len(y_true):
            raise ValueError("the model predicted a different number of rows")
        if y_true.dtype == bool:
            predicted = predicted.astype(bool)
        return float(by_pred[metric](y_true, predicted))
    raise ValueError(f"unknown metric {metric!r}")


# --------------------------------------------------------------------------------------------
# judging one question from its harvested record
# --------------------------------------------------------------------------------------------
def _outcome(q: Question, cls, summary: T, **fields) -> Outcome:
    return cls(question_id=q.id, title=q.title, summary=summary, points=0.0, max_points=q.points, **fields)


def judge(q: Question, record: dict | None, seed: int) -> Outcome:
    """Judge one question from what the harvest collected in the learner's kernel."""
    if record is None:
        return _outcome(q, Uncheckable, M.G_HARVEST_MISSING.format(reason="no record"))
    if "harvest_error" in record:
        return _outcome(q, Uncheckable, M.G_HARVEST_MISSING.format(reason=record["harvest_error"]))
    if not record.get("present"):
        return _outcome(q, NotAttempted, M.G_NOT_DEFINED.format(name=q.name))
    if isinstance(q, FunctionQuestion):
        if not record.get("callable"):
            return _outcome(q, Incorrect, M.WANT_FUNCTION.format(name=q.name, got=T(f"a {record['type']}")))
        if record.get("stub"):
            return _outcome(q, NotAttempted, M.NOT_ATTEMPTED_FUNCTION.format(name=q.name))
        return q.judge_runs([_run(r) for r in record.get("runs", [])], seed)
    if isinstance(q, EstimatorQuestion):
        if record.get("type") == "NoneType":
            return _outcome(q, NotAttempted, M.NOT_ATTEMPTED_VALUE.format(name=q.name))
        if not record.get("estimator"):
            return _outcome(q, Incorrect, M.G_ESTIMATOR_NOT.format(name=q.name, got=record["type"]))
        runs, design = [], []
        for i, r in enumerate(record.get("runs", [])):
            run, problem = _run({k: v for k, v in r.items() if k != "value"}), None
            if "value" in r:
                value = r["value"] if isinstance(r["value"], dict) else {}
                y_test = q.case_list(seed)[i].args[3]
                if value.get("proba") is not None:
                    problem = q.probe_problem(i, seed, value["proba"], value.get("probes") or [])
                try:
                    run = Run(value=score_predictions(q.metric, y_test, value.get("pred", []), value.get("proba")))
                except Exception as exc:
                    run = Run(error=ValueError(str(exc)))
            runs.append(run)
            design.append(problem)
        return q.judge_scores(runs, seed, design)
    return q.evaluate(decode(record.get("value", {"t": "none"})))


# --------------------------------------------------------------------------------------------
# running the notebook in a sandbox kernel
# --------------------------------------------------------------------------------------------
def _scrubbed_env(home: Path) -> dict:
    env = {k: os.environ[k] for k in _PASS_ENV if k in os.environ}
    env.update(HOME=str(home), TMPDIR=str(home), IPYTHONDIR=str(home / ".ipython"),
               MPLCONFIGDIR=str(home / ".matplotlib"), JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               JUPYTER_DATA_DIR=str(home / ".jupyter-data"), MPLBACKEND="Agg", PYTHONHASHSEED="0",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               WORKBOOK_GRADING="1", WORKBOOK_STRICT="0", PYDEVD_DISABLE_FILE_VALIDATION="1")
    return env


class _PidsCgroup:
    """A cgroup-v1/v2 pids controller group, when this machine lets us make one."""

    ROOTS = ("/sys/fs/cgroup/pids", "/sys/fs/cgroup")

    def __init__(self, limit: int):
        self.path = None
        for root in self.ROOTS:
            if not os.path.isfile(os.path.join(root, "cgroup.procs")):
                continue
            path = os.path.join(root, f"workbook-{uuid.uuid4().hex[:12]}")
            try:
                os.mkdir(path)
                with open(os.path.join(path, "pids.max"), "w") as f:
                    f.write(str(limit))
                self.path = path
                return
            except OSError:
                with contextlib.suppress(OSError):
                    os.rmdir(path)

    def kill_and_remove(self) -> None:
        if not self.path:
            return
        for _ in range(20):
            try:
                with open(os.path.join(self.path, "cgroup.procs")) as f:
                    pids = [int(p) for p in f.read().split()]
            except OSError:
                break
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.05)
        with contextlib.suppress(OSError):
            os.rmdir(self.path)


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            out.append(child)
            stack.append(child)
    return out


class _Watchdog(threading.Thread):
    """Kills the kernel's whole process group when it has more than ``limit`` descendants."""

    def __init__(self, pid: int, limit: int):
        super().__init__(daemon=True, name="workbook-watchdog")
        self.pid, self.limit, self.fired = pid, limit, False
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(0.05):
            if len(_descendants(self.pid)) > self.limit:
                self.fired = True
                _kill_tree(self.pid)
                return

    def stop(self) -> None:
        self._stop_event.set()


def _kill_tree(pid: int) -> None:
    for child in _descendants(pid):
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.killpg(os.getpgid(pid), signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def _kernel_manager(options: GradeOptions, cgroup: _PidsCgroup):
    import sys

    from jupyter_client import AsyncKernelManager

    class SandboxKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            cmd = [sys.executable, "-m", "grader.sandbox", "--memory", str(options.memory),
                   "--nproc", str(options.nproc)]
            if cgroup.path:
                cmd += ["--cgroup", cgroup.path]
            return cmd + ["-f", os.path.realpath(self.connection_file)]

    return SandboxKernelManager(kernel_name="python3")


def _client_class():
    from nbclient import NotebookClient

    class QuietClient(NotebookClient):
        """Keeps only error outputs: a notebook that prints 100 MB costs nothing to keep."""

        def output(self, outs, msg, display_id, cell_index):
            if msg["msg_type"] == "error":
                return super().output(outs, msg, display_id, cell_index)
            return None

    return QuietClient


@dataclass
class _Execution:
    records: dict[str, dict] = field(default_factory=dict)
    kernel_info: dict = field(default_factory=dict)
    problems: list[T] = field(default_factory=list)
    harvested: bool = False


def _write_cases(questions: list[Question], seed: int, folder: Path) -> list[dict]:
    specs = []
    for q in questions:
        spec = {"id": q.id, "name": q.name, "kind": q.kind, "time_limit": getattr(q, "time_limit", 5.0),
                "cases": [], "probes": q.probes() if isinstance(q, EstimatorQuestion) else []}
        if isinstance(q, (FunctionQuestion, EstimatorQuestion)):
            for i, case in enumerate(q.case_list(seed)):
                path = folder / f"{q.id}-{i}.pkl"
                with open(path, "wb") as f:
                    pickle.dump((tuple(case.args), dict(case.kwargs)), f)
                spec["cases"].append(str(path))
        specs.append(spec)
    return specs


def _execute(nb, questions: list[Question], options: GradeOptions, workdir: Path) -> _Execution:
    from nbclient.exceptions import DeadKernelError

    result = _Execution()
    skip: set[int] = set()
    deadline = time.monotonic() + options.timeout
    client_cls = _client_class()
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    for attempt in range(options.max_restarts + 1):
        cgroup = _PidsCgroup(options.nproc)
        km = _kernel_manager(options, cgroup)
        client = client_cls(nb, km=km, timeout=options.cell_timeout, allow_errors=True,
                            interrupt_on_timeout=True, record_timing=False,
                            error_on_timeout={"ename": "CellTimeout", "evalue": "", "traceback": []},
                            resources={"metadata": {"path": str(workdir)}}, shutdown_kernel="immediate")
        watchdog, fatal, why = None, None, ""
        problems: list[T] = []
        try:
            with client.setup_kernel(env=_scrubbed_env(workdir), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL):
                pid = km.provisioner.process.pid
                watchdog = _Watchdog(pid, options.nproc) if not cgroup.path else None
                if watchdog:
                    watchdog.start()
                for i in code_cells:
                    if i in skip:
                        continue
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        problems.append(M.G_SUBMISSION_TIMEOUT.format(seconds=options.timeout))
                        break
                    client.timeout = max(1, int(min(options.cell_timeout, remaining)))
                    cell = nb.cells[i]
                    cell.outputs = []
                    started = time.monotonic()
                    try:
                        client.execute_cell(cell, i)
                    except DeadKernelError:
                        fatal, why = i, "killed" if not (watchdog and watchdog.fired) else "too many processes"
                        break
                    errors = [o for o in cell.outputs if o.get("output_type") == "error"]
                    if time.monotonic() - started >= client.timeout:
                        problems.append(M.G_CELL_TIMEOUT.format(cell=i, seconds=client.timeout))
                        if not _responsive(client):
                            fatal, why = i, "did not respond after the timeout"
                            break
                    elif errors:
                        problems.append(M.G_CELL_ERROR.format(cell=i, exc=errors[0].get("ename", "an error")))
                    cell.outputs = []
                if fatal is None:
                    result.records, result.kernel_info = _harvest_answers(client, questions, options, workdir)
                    result.harvested = True
        except DeadKernelError:
            fatal, why = fatal if fatal is not None else -1, "killed during the harvest"
        except Exception as exc:  # a kernel that cannot start or talk: report, never crash
            problems.append(M.G_HARVEST_MISSING.format(reason=f"{type(exc).__name__}: {exc}"))
            fatal = fatal if fatal is not None else -1
        finally:
            if watchdog:
                watchdog.stop()
            with contextlib.suppress(Exception):
                _kill_tree(km.provisioner.process.pid)
            cgroup.kill_and_remove()
        result.problems.extend(problems)
        if result.harvested:
            return result
        if fatal is None or fatal < 0 or attempt == options.max_restarts or time.monotonic() > deadline:
            result.problems.append(M.G_KERNEL_GAVE_UP)
            return result
        result.problems.append(M.G_KERNEL_DIED.format(cell=fatal, why=why))
        skip.add(fatal)
    return result


def _responsive(client) -> bool:
    from nbformat.v4 import new_code_cell

    probe = new_code_cell("1")
    client.nb.cells.append(probe)
    saved = client.timeout
    client.timeout = 10
    try:
        client.execute_cell(probe, len(client.nb.cells) - 1)
    except Exception:
        return False
    finally:
        client.timeout = saved
    return not any(o.get("ename") == "CellTimeout" for o in probe.outputs)


def _harvest_answers(client, questions, options: GradeOptions, workdir: Path):
    from nbformat.v4 import new_code_cell

    token = secrets.token_hex(8)
    folder = Path(tempfile.mkdtemp(prefix=f"harvest-{token}-", dir=workdir))
    out = folder / "out"
    out.mkdir()
    spec = {"out": str(out), "questions": _write_cases(questions, options.seed, folder)}
    spec_path = folder / "spec.json"
    spec_path.write_text(json.dumps(spec))
    source = Path(_harvest.__file__).read_text()
    cell = new_code_cell(  # the harvest's own names live in a namespace of their own
        f"__workbook_harvest = {{}}\nexec(compile({source!r}, '<workbook harvest>', 'exec'), __workbook_harvest)\n"
        f"__workbook_harvest['_wb_harvest']({str(spec_path)!r}, globals())")
    budget = 60 + sum(s["time_limit"] * max(1, len(s["cases"])) for s in spec["questions"])
    client.timeout = int(budget)
    client.nb.cells.append(cell)
    client.execute_cell(cell, len(client.nb.cells) - 1)
    records = {}
    for q in questions:
        path = out / f"{q.id}.json"
        if path.is_file():
            with contextlib.suppress(ValueError, OSError):
                records[q.id] = json.loads(path.read_text())
    kernel_info = {}
    with contextlib.suppress(ValueError, OSError):
        kernel_info = json.loads((out / "_kernel.json").read_text())
    return records, kernel_info


# --------------------------------------------------------------------------------------------
# one submission, many submissions
# --------------------------------------------------------------------------------------------
def _meta(nb) -> dict:
    """The notebook's ``metadata.workbook`` (an empty dict when absent or malformed)."""
    meta = (nb.get("metadata") or {}).get("workbook")
    return meta if isinstance(meta, dict) else {}


def _questions_for(nb, path: Path, options: GradeOptions):
    """(topic label, questions, seed, problem) for a notebook."""
    meta = _meta(nb)
    assignment = meta.get("assignment")
    if assignment:
        from .assign import verify

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
            grade.questions = [QuestionGrade(q.id, _outcome(q, Uncheckable, grade.problems[0]), q.kind)
                               for q in load(path.stem)]
        return grade
    topic, questions, seed, problem = _questions_for(nb, path, options)
    options = GradeOptions(**{**options.__dict__, "seed": seed})
    grade = SubmissionGrade(str(path), _learner(nb, path), topic, seed)
    if problem is not None:
        grade.problems.append(problem)
        grade.questions = [QuestionGrade(q.id, _outcome(q, Incorrect, problem), q.kind) for q in questions]
        return grade
    workdir = Path(tempfile.mkdtemp(prefix="workbook-grade-"))
    try:
        data = path.parent / "data"
        if _meta(nb).get("assignment") and data.is_dir():
            shutil.copytree(data, workdir / "data")
        execution = _execute(nb, questions, options, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    grade.problems.extend(execution.problems)
    imported = execution.kernel_info.get("imported_solutions") or []
    for q in questions:
        if imported:
            outcome = _outcome(q, Incorrect, M.G_SOLUTIONS_IMPORTED.format(modules=", ".join(imported)))
        elif not execution.harvested:
            outcome = _outcome(q, Uncheckable, M.G_HARVEST_MISSING.format(
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


# --------------------------------------------------------------------------------------------
# reports
# --------------------------------------------------------------------------------------------
def write_json(grades: list[SubmissionGrade], path, lang: str | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([g.to_dict(lang) for g in grades], ensure_ascii=False, indent=2))
    return path


def write_junit(grades: list[SubmissionGrade], path, lang: str | None = None) -> Path:
    """One ``testsuite`` per submission, one ``testcase`` per question."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="workbook grade")
    for g in grades:
        failures = sum(1 for q in g.questions if q.outcome.status not in ("correct", "uncheckable"))
        skipped = sum(1 for q in g.questions if q.outcome.status == "uncheckable")
        suite = ET.SubElement(root, "testsuite", name=g.learner, tests=str(len(g.questions)),
                              failures=str(failures), skipped=str(skipped), time=f"{g.seconds:.2f}")
        for q in g.questions:
            case = ET.SubElement(suite, "testcase", classname=g.topic, name=q.id)
            text = to_text(q.outcome, lang)
            if q.outcome.status == "uncheckable":
                ET.SubElement(case, "skipped", message=q.outcome.summary.render(lang))
            elif q.outcome.status != "correct":
                failure = ET.SubElement(case, "failure", type=q.outcome.status,
                                        message=q.outcome.summary.render(lang))
                failure.text = text
            ET.SubElement(case, "system-out").text = f"points {q.points:g} / {q.max_points:g}"
        if g.problems:
            ET.SubElement(suite, "system-err").text = "\n".join(p.render(lang) for p in g.problems)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def write_feedback(grades: list[SubmissionGrade], folder, lang: str | None = None) -> list[Path]:
    """A Markdown page per submission for the learner (hidden expected values never appear)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for g in grades:
        lines = [f"# {g.learner} — {g.topic}", "",
                 f"**{g.total:g} / {g.max_points:g} points ({g.percent:.0f}%)**", ""]
        if g.problems:
            lines += ["## While running your notebook", ""] + [f"- {p.render(lang)}" for p in g.problems] + [""]
        for q in g.questions:
            lines += [f"## {q.outcome.title.render(lang)} (`{q.id}`)", "", "```text",
                      to_text(q.outcome, lang), "```", ""]
        path = folder / f"{Path(g.submission).stem}.md"
        path.write_text("\n".join(lines))
        written.append(path)
    return written


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


def table(grades: list[SubmissionGrade], lang: str | None = None) -> str:
    """A terminal table: a line per question and a total per submission."""
    lines = []
    for g in grades:
        manual = f" + {g.manual_points:g} to score by hand" if g.manual_points else ""
        lines.append(f"{g.learner} ({g.submission}) — {g.total:g} / {g.max_points:g} ({g.percent:.0f}%){manual}")
        for q in g.questions:
            lines.append(f"  {q.id:32} {q.outcome.status:14} {q.points:6.2f} / {q.max_points:g}")
        for p in g.problems:
            lines.append(f"  ! {p.render(lang)}")
    return "\n".join(lines)
