"""Running a submission in a sandboxed kernel and harvesting its answers on hidden cases."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import secrets
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .. import _harvest
from .. import messages as M
from ..i18n import T
from ..questions import EstimatorQuestion, FunctionQuestion, Question
from .results import GradeOptions

__all__ = ["execute"]

_PASS_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TZ")


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
                "cases": [], "probes": q.probes() if isinstance(q, EstimatorQuestion) else [],
                "max_fits": getattr(q, "fit_budget", None)}
        if isinstance(q, (FunctionQuestion, EstimatorQuestion)):
            for i, case in enumerate(q.case_list(seed)):
                path = folder / f"{q.id}-{i}.pkl"
                with open(path, "wb") as f:
                    pickle.dump((tuple(case.args), dict(case.kwargs)), f)
                spec["cases"].append(str(path))
        specs.append(spec)
    return specs


def execute(nb, questions: list[Question], options: GradeOptions, workdir: Path) -> _Execution:
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
