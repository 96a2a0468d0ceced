"""Running a submission in an isolated kernel and harvesting its answers on hidden cases.

The kernel runs in a bubblewrap sandbox (:mod:`grader.grading.isolation`), or, with
``GradeOptions.trusted``, as a plain local kernel (for answer keys and the project's own tests).
The grader talks to it over Unix sockets only. After the notebook's cells, the grader puts the
hidden *inputs* in a root-owned folder inside the sandbox (never an expected value, never a test
label) and runs the harvest cell, which sends one JSON record per question back as a display
message of its own MIME type. Messages are capped in size by the transport (``ZMQ_MAXMSGSIZE``);
records are parsed as data, never executed.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import glob
import json
import os
import pickle
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import _harvest
from .. import messages as M
from ..i18n import T
from ..questions import EstimatorQuestion, FunctionQuestion, Question
from . import forkserver, isolation
from .limits import KernelCgroup, seccomp_filter
from .results import GradeOptions

__all__ = ["MAX_MESSAGE_BYTES", "MAX_RECORDS_BYTES", "WarmKernel", "execute", "start_warm_kernel"]

_PASS_ENV = ("LANG", "LC_ALL", "LC_CTYPE", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TZ")
#: the largest message a kernel may send the grader; a larger one closes the connection
MAX_MESSAGE_BYTES = 64 * 2**20
#: the most record bytes one submission's harvest may send in all
MAX_RECORDS_BYTES = 128 * 2**20
#: the harvest's source, read once when the grader starts (a kernel cannot swap it later)
HARVEST_SOURCE = Path(_harvest.__file__).read_text()


#: nobody reads a graded notebook's printed output: the kernel drops it instead of sending it
#: and every kernel, forked or cold, imports the same libraries before its notebook (grader._preload: one judge)
_KERNEL_ARGS = ["--IPKernelApp.capture_fd_output=False",
                "--IPKernelApp.exec_lines=import os as _o, sys as _s; _s.stdout = _s.stderr = open(_o.devnull, 'w'); "
                "__import__('grader._preload', fromlist=['run']).run()"]


def _kernel_env(home: str) -> dict:
    env = {k: os.environ[k] for k in _PASS_ENV if k in os.environ}
    env.update(PATH=os.pathsep.join([os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin", "/bin"]),
               HOME=home, TMPDIR=home, IPYTHONDIR=f"{home}/.ipython", MPLCONFIGDIR=f"{home}/.matplotlib",
               JUPYTER_CONFIG_DIR=f"{home}/.jupyter", JUPYTER_DATA_DIR=f"{home}/.jupyter-data",
               JUPYTER_RUNTIME_DIR=f"{home}/.jupyter-runtime", MPLBACKEND="Agg", PYTHONHASHSEED="0",
               PYTHONDONTWRITEBYTECODE="1", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               WORKBOOK_GRADING="1", WORKBOOK_STRICT="0", PYDEVD_DISABLE_FILE_VALIDATION="1")
    return env


@functools.lru_cache(maxsize=1)
def font_list() -> dict[str, str]:
    """matplotlib's font list, built once per grader in a clean home and bound read-only into every kernel.

    A kernel's home starts empty, so each kernel's first ``import matplotlib.pyplot`` would scan the
    system's fonts again (about 0.15 s of CPU per submission). Built by a child process with nothing
    of the grader's environment (no home fonts a sandbox would not see). A failure costs only the time.

    Returns
    -------
    dict
        ``{path in the kernel's home: host file}``, or empty when the list could not be built.
    """
    folder = tempfile.mkdtemp(prefix="workbook-fonts-")
    atexit.register(shutil.rmtree, folder, True)
    os.chmod(folder, 0o755)  # bubblewrap (and, as root, the sandbox's user) reads the file through it
    env = {"PATH": "/usr/bin:/bin", "HOME": folder, "MPLCONFIGDIR": folder, "MPLBACKEND": "Agg"}
    try:
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    except (OSError, subprocess.SubprocessError):
        return {}
    made = glob.glob(os.path.join(folder, "fontlist-v*.json"))
    if len(made) != 1:
        return {}
    os.chmod(made[0], 0o644)
    return {f".matplotlib/{os.path.basename(made[0])}": made[0]}


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
    return out


def _kill(process) -> None:
    with contextlib.suppress(Exception):
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _kernel_manager(options: GradeOptions, private: Path, data: Path | None, fork: bool = True):
    """A kernel manager whose kernel runs in a sandbox (or, trusted, as a plain local kernel).

    With a batch's fork server (:mod:`grader.grading.forkserver`) and no ``data`` folder to bind, and
    ``fork``, the kernel is forked from it; otherwise (or if that fails) bubblewrap starts it cold.
    """
    from jupyter_client import AsyncKernelManager
    from jupyter_client.asynchronous import AsyncKernelClient

    sandbox = None if options.trusted else isolation.detect()
    limits = isolation.Limits(memory=options.memory, nproc=options.nproc)
    seccomp = None
    if sandbox is not None and (program := seccomp_filter()) is not None:
        seccomp = private / "seccomp.bpf"
        if not seccomp.exists():
            seccomp.write_bytes(program)

    class _Client(AsyncKernelClient):
        def _context_default(self):  # the shared, capped context; the client must not destroy it
            return _context()

        def start_channels(self, shell=True, iopub=True, stdin=True, hb=True, control=True):
            # no heartbeat: it reconnects on its own, and a reconnect would follow a path the kernel controls
            return super().start_channels(shell=shell, iopub=iopub, stdin=stdin, hb=False, control=control)

    class SandboxKernelManager(AsyncKernelManager):
        root_fd: int | None = None
        cgroup: KernelCgroup | None = None
        forked = forkserver.current() if sandbox is not None and data is None and fork else None

        def format_kernel_cmd(self, extra_arguments=None):
            if sandbox is None:
                return [sys.executable, "-m", "ipykernel_launcher", "-f", self.connection_file, *_KERNEL_ARGS]
            os.chmod(self.connection_file, 0o644)  # the kernel's own key; the folder above is the grader's
            if self.cgroup is None:  # the whole sandbox's memory (shared memory and tmpfs included) and processes
                self.cgroup = KernelCgroup(memory=limits.memory, pids=limits.nproc) if sandbox.as_root else None
            if self.forked is not None:
                cmd = self.forked.kernel_command(private, self.connection_file, _kernel_env(isolation.HOME), limits,
                                                 _KERNEL_ARGS)
                if cmd is not None:
                    return cmd
                self.forked = None
            argv = [sys.executable, "-m", "ipykernel_launcher", "-f", isolation.CONNECTION_FILE, *_KERNEL_ARGS]
            return sandbox.command(argv, env=_kernel_env(isolation.HOME), limits=limits,
                                   connection_file=self.connection_file, data=str(data) if data else None,
                                   seccomp=str(seccomp) if seccomp else None, cgroup=self.cgroup,
                                   home_files=font_list())

        async def _forked_root(self, deadline: float) -> str | None:
            """The forked kernel's root, once it announced itself and joined its cgroup; None if it failed."""
            pid_file = private / "kernel.pid"
            while not pid_file.exists():
                if self.provisioner.process.poll() is not None or time.monotonic() > deadline:
                    return None
                await asyncio.sleep(0.005)
            pid = int(pid_file.read_text())  # told by the operating system, not by the kernel
            pid_file.unlink()
            with open(f"/proc/{pid}/status") as f:  # still that kernel: PID 2 of a namespace below the zygote's
                nspid = next(line for line in f if line.startswith("NSpid:")).split()[1:]
            if len(nspid) < 3 or nspid[-1] != "2":
                return None
            for path in self.cgroup.paths if self.cgroup is not None else []:
                with open(os.path.join(path, "cgroup.procs"), "w") as f:
                    f.write(str(pid))
            return f"/proc/{pid}/root"

        async def _launch(self, kernel_cmd, **kw):
            await AsyncKernelManager._async_launch_kernel(self, kernel_cmd, **kw)
            deadline = time.monotonic() + 60
            root = ""
            if self.forked is not None:
                try:
                    root = await self._forked_root(time.monotonic() + 30)
                except (OSError, ValueError):
                    root = None
                if root is None:  # no forked kernel: this submission gets a cold one, nothing else changes
                    _kill(self.provisioner.process)
                    self.forked = None
                    await AsyncKernelManager._async_launch_kernel(self, self.format_kernel_cmd(), **kw)
                    root = ""
            if sandbox is not None and not root:
                outer, inner = self.provisioner.process.pid, []
                while not inner and time.monotonic() < deadline:
                    inner = _children(outer)
                    if not inner:
                        await asyncio.sleep(0.01)
                if not inner:
                    raise RuntimeError("the sandbox did not start")
                root = f"/proc/{inner[0]}/root"
            prefix = f"{root}{self.ip}"
            info = self.get_connection_info()
            sockets = [f"{prefix}-{info[p]}" for p in ("shell_port", "iopub_port", "stdin_port", "control_port")]
            # connect only once every socket exists: the client never reconnects (see _context)
            while not all(_is_socket(s) for s in sockets):
                if self.provisioner.process.poll() is not None:
                    raise RuntimeError("the kernel exited while starting")
                if time.monotonic() > deadline:
                    raise RuntimeError("the kernel did not open its sockets")
                await asyncio.sleep(0.02)
            if sandbox is not None:
                # the sandbox's root, held from now on (opened once the kernel runs: after bubblewrap's pivot_root)
                self.root_fd = os.open(root, os.O_PATH | os.O_DIRECTORY)
                self.ip = prefix

        _launch_kernel = _launch
        _async_launch_kernel = _launch

        async def interrupt_kernel(self):  # a signal would reach bubblewrap, not the kernel
            msg = self.session.msg("interrupt_request", content={})
            self._connect_control_socket()
            self.session.send(self._control_socket, msg)

    km = SandboxKernelManager(kernel_name="python3", transport="ipc", context=_context(),
                              connection_file=str(private / "kernel.json"))
    km.client_factory = _Client
    km.ip = isolation.SOCKET_PREFIX if sandbox else str(private / "kernel")
    return km


@dataclass
class WarmKernel:
    """A sandboxed kernel started, with the common libraries imported, before its submission is known.

    It is used for exactly one submission and then killed, like every kernel; its ``private`` folder
    (connection file, seccomp program) is the grader's alone.
    """

    km: object
    private: Path

    def discard(self) -> None:
        """Kill the kernel and remove the folder (safe to call more than once)."""
        _stop(self.km)
        shutil.rmtree(self.private, ignore_errors=True)


def start_warm_kernel(options: GradeOptions) -> WarmKernel:
    """Start an isolated kernel for a submission not yet known (it imports the common libraries as it starts).

    Parameters
    ----------
    options : GradeOptions
        The batch's limits; a submission that needs other kernel settings (an assignment's
        ``data/`` folder bound into the sandbox) is graded in a kernel of its own instead.

    Returns
    -------
    WarmKernel
    """
    private = Path(tempfile.mkdtemp(prefix="workbook-grade-"))  # mode 0700: the grader's alone
    km = _kernel_manager(options, private, None)
    warm = WarmKernel(km, private)
    env = _kernel_env(str(private)) if options.trusted else {"PATH": "/usr/bin:/bin"}
    try:
        from jupyter_core.utils import ensure_event_loop  # the loop nbclient's calls will run on too

        ensure_event_loop().run_until_complete(_start_and_warm(km, env, str(private)))
    except BaseException:
        warm.discard()
        raise
    return warm


async def _start_and_warm(km, env: dict, cwd: str) -> None:
    """Start the kernel and wait until it answers: by then it has imported grader._preload's libraries."""
    await km.start_kernel(env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=120)
    finally:
        kc.stop_channels()


_CONTEXT = []


def _context():
    """One ZeroMQ context for every kernel connection of this process, with the transport's caps.

    Never destroyed while grading runs: a context collected while one of its sockets is open blocks
    forever in ``zmq_ctx_term``.
    """
    import zmq
    import zmq.asyncio

    if not _CONTEXT or _CONTEXT[0][0] != os.getpid():  # a forked process needs a context of its own
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        context.setsockopt(zmq.RECONNECT_IVL, -1)  # never reconnect to a path the kernel may have replaced
        _CONTEXT[:] = [(os.getpid(), context)]
    return _CONTEXT[0][1]


def _is_socket(path: str) -> bool:
    try:
        return stat.S_ISSOCK(os.lstat(path).st_mode)
    except OSError:
        return False


class _Records:
    """The harvest's records, accepted only from the harvest cell and only up to a size cap."""

    def __init__(self, ids):
        self.ids, self.records, self.bytes, self.problem = set(ids) | {"_kernel"}, {}, 0, None

    def add(self, text) -> None:
        if not isinstance(text, str):
            return
        self.bytes += len(text)
        if self.bytes > MAX_RECORDS_BYTES:
            self.problem = "the answers were too large to collect"
            return
        try:
            record = json.loads(text)
        except (ValueError, RecursionError):
            self.problem = "a record was not valid JSON"
            return
        if isinstance(record, dict) and record.get("id") in self.ids and record["id"] not in self.records:
            self.records[record["id"]] = record


def _client_class():
    from nbclient import NotebookClient

    class QuietClient(NotebookClient):
        """Keeps only error outputs (a notebook that prints 100 MB costs nothing to keep) and records."""

        collector: _Records | None = None

        def output(self, outs, msg, display_id, cell_index):
            if msg["msg_type"] == "error":
                return super().output(outs, msg, display_id, cell_index)
            if self.collector is not None and msg["msg_type"] == "display_data":
                data = (msg.get("content") or {}).get("data") or {}
                self.collector.add(data.get(_harvest.RECORD_MIME))
            return None

    return QuietClient


@dataclass
class _Execution:
    records: dict[str, dict] = field(default_factory=dict)
    kernel_info: dict = field(default_factory=dict)
    problems: list[T] = field(default_factory=list)
    harvested: bool = False


def _case_payloads(questions: list[Question], seed: int) -> list[tuple[dict, list[bytes]]]:
    """Per question: its harvest spec and the pickled hidden inputs (never a label or an expected value)."""
    out = []
    for q in questions:
        spec = {"id": q.id, "name": q.name, "kind": q.kind, "time_limit": getattr(q, "time_limit", 5.0),
                "cases": [], "probes": q.probes() if isinstance(q, EstimatorQuestion) else [],
                "max_fits": getattr(q, "fit_budget", None)}
        blobs = []
        if isinstance(q, FunctionQuestion):
            blobs = [pickle.dumps((tuple(c.args), dict(c.kwargs))) for c in q.case_list(seed)]
        elif isinstance(q, EstimatorQuestion):  # X_train, y_train, X_test: the test labels stay here
            blobs = [pickle.dumps((tuple(c.args[:3]), {})) for c in q.case_list(seed)]
        out.append((spec, blobs))
    return out


def _put(dir_fd: int | None, folder: str, name: str, data: bytes) -> None:
    """Write a new file (never through a link, never over an existing file) readable by the kernel."""
    path = name if dir_fd is not None else os.path.join(folder, name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=dir_fd)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _write_harvest_inputs(km, questions, seed: int, private: Path) -> str:
    """Put the hidden inputs where the kernel can read them; returns the spec's path in the kernel."""
    token = secrets.token_hex(16)
    if km.root_fd is not None:  # inside the sandbox: a fresh root-owned folder the kernel cannot write
        base = os.open(isolation.HARVEST_DIR.lstrip("/"), os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW,
                       dir_fd=km.root_fd)
        seen = isolation.HARVEST_DIR
    else:
        host = private / "harvest"
        host.mkdir(mode=0o755, exist_ok=True)
        base, seen = os.open(host, os.O_PATH | os.O_DIRECTORY), str(host)
    try:
        os.mkdir(token, 0o755, dir_fd=base)
        folder = os.open(token, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=base)
        try:
            specs = []
            for spec, blobs in _case_payloads(questions, seed):
                for i, blob in enumerate(blobs):
                    name = f"{spec['id']}-{i}.pkl"
                    _put(folder, "", name, blob)
                    spec["cases"].append(f"{seen}/{token}/{name}")
                specs.append(spec)
            _put(folder, "", "spec.json", json.dumps({"questions": specs}).encode())
        finally:
            os.close(folder)
    finally:
        os.close(base)
    return f"{seen}/{token}/spec.json"


def execute(nb, questions: list[Question], options: GradeOptions, private: Path,
            data: Path | None = None, warm: WarmKernel | None = None) -> _Execution:
    """Run ``nb`` in a fresh isolated kernel, then harvest its answers on the hidden cases.

    Parameters
    ----------
    nb : NotebookNode
    questions : list of Question
    options : GradeOptions
    private : Path
        A folder only the grader can read (the connection file lives there).
    data : Path, optional
        An assignment's ``data/`` folder, bound read-only into the kernel's work folder.
    warm : WarmKernel, optional
        A kernel started for this submission beforehand (:func:`start_warm_kernel`), used for the
        first attempt; a restart after a fatal cell gets a fresh kernel as usual. ``private`` is
        then its folder.

    Returns
    -------
    _Execution
        Records per question id, the kernel's self-report, problems met, and whether the harvest ran.
    """
    from nbclient.exceptions import DeadKernelError

    result = _Execution()
    skip: set[int] = set()
    deadline = time.monotonic() + options.timeout
    client_cls = _client_class()
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    for attempt in range(options.max_restarts + 1):
        # a restart after a fatal cell gets a cold kernel: the fork server serves first attempts
        km = warm.km if attempt == 0 and warm is not None else _kernel_manager(options, private, data, attempt == 0)
        client = client_cls(nb, km=km, timeout=options.cell_timeout, allow_errors=True,
                            interrupt_on_timeout=True, record_timing=False, startup_timeout=120,
                            error_on_timeout={"ename": "CellTimeout", "evalue": "", "traceback": []},
                            resources={"metadata": {"path": str(private)}}, shutdown_kernel="immediate",
                            store_widget_state=False)  # a kernel could make the grader keep any amount
        fatal, why = None, ""
        problems: list[T] = []
        try:
            env = _kernel_env(str(private)) if options.trusted else {"PATH": "/usr/bin:/bin"}
            with client.setup_kernel(env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
                for i in code_cells:
                    if i in skip:
                        continue
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        problems.append(M.G_SUBMISSION_TIMEOUT.format(seconds=options.timeout))
                        break
                    client.timeout = max(1, int(min(options.cell_timeout, remaining)))
                    # a loaded grader may read a cell's error later than its reply: wait for it, not 4 s
                    client.iopub_timeout = client.timeout
                    cell = nb.cells[i]
                    cell.outputs = []
                    started = time.monotonic()
                    try:
                        client.execute_cell(cell, i)
                    except DeadKernelError:
                        fatal, why = i, "killed"
                        break
                    errors = [o for o in cell.outputs if o.get("output_type") == "error"]
                    if time.monotonic() - started >= client.timeout:
                        problems.append(M.G_CELL_TIMEOUT.format(cell=i, seconds=client.timeout))
                        if not _responsive(client):
                            fatal, why = i, "did not respond after the timeout"
                            break
                    elif errors:
                        problems.append(M.G_CELL_ERROR.format(cell=i, exc=str(errors[0].get("ename", "an error"))[:80]))
                    cell.outputs = []
                if fatal is None:
                    result.records, result.kernel_info, problem = _harvest_answers(client, km, questions, options,
                                                                                  deadline)
                    if problem:
                        problems.append(M.G_HARVEST_MISSING.format(reason=problem))
                    result.harvested = True
        except DeadKernelError:
            fatal, why = fatal if fatal is not None else -1, "killed during the harvest"
        except Exception as exc:  # a kernel that cannot start or talk: report, never crash
            problems.append(M.G_HARVEST_MISSING.format(reason=f"{type(exc).__name__}: {str(exc)[:200]}"))
            fatal = fatal if fatal is not None else -1
        finally:
            _stop(km)
        result.problems.extend(problems)
        if result.harvested:
            return result
        if fatal is None or fatal < 0 or attempt == options.max_restarts or time.monotonic() > deadline:
            result.problems.append(M.G_KERNEL_GAVE_UP)
            return result
        result.problems.append(M.G_KERNEL_DIED.format(cell=fatal, why=why))
        skip.add(fatal)
    return result


def _stop(km) -> None:
    """Kill the kernel and, with it, everything in its sandbox; close what the grader held."""
    with contextlib.suppress(Exception):
        _kill(km.provisioner.process)  # bubblewrap, or a forked kernel's link: its PID namespace dies with it
    if getattr(km, "cgroup", None) is not None:
        km.cgroup.remove()
        km.cgroup = None
    if getattr(km, "root_fd", None) is not None:
        with contextlib.suppress(OSError):
            os.close(km.root_fd)
        km.root_fd = None
    with contextlib.suppress(Exception):
        km._close_control_socket()
    with contextlib.suppress(Exception):
        km.cleanup_connection_file()


def _responsive(client) -> bool:
    from nbformat.v4 import new_code_cell

    probe = new_code_cell("1")
    client.nb.cells.append(probe)
    saved = client.timeout, client.iopub_timeout
    client.timeout = client.iopub_timeout = 10
    try:
        client.execute_cell(probe, len(client.nb.cells) - 1)
    except Exception:
        return False
    finally:
        client.timeout, client.iopub_timeout = saved
    return not any(o.get("ename") == "CellTimeout" for o in probe.outputs)


def _harvest_answers(client, km, questions, options: GradeOptions, deadline: float):
    from nbformat.v4 import new_code_cell

    spec_path = _write_harvest_inputs(km, questions, options.seed, Path(km.connection_file).parent)
    cell = new_code_cell(  # the harvest's own names live in a namespace of their own
        f"__workbook_harvest = {{}}\nexec(compile({HARVEST_SOURCE!r}, '<workbook harvest>', 'exec'), "
        f"__workbook_harvest)\n__workbook_harvest['_wb_harvest']({spec_path!r}, globals())")
    budget = 60 + sum(getattr(q, "time_limit", 5.0) * max(1, len(getattr(q, "case_list", lambda s: [])(options.seed)))
                      for q in questions)
    # within the submission's own deadline (a learner can defeat the harvest's per-call alarm)
    client.timeout = max(1, int(min(budget, max(min(15.0, options.timeout / 2), deadline - time.monotonic()))))
    # the records come on the output channel; a grader slowed by load reads them after the reply, and
    # nbclient's default (4 s, then carry on) would lose them: wait as long as the harvest may take
    client.iopub_timeout = client.timeout
    client.collector = _Records(q.id for q in questions)
    client.nb.cells.append(cell)
    try:
        client.execute_cell(cell, len(client.nb.cells) - 1)
    finally:
        collector, client.collector = client.collector, None
    if "_kernel" not in collector.records and collector.problem is None:
        collector.problem = (f"no answers came back from the kernel (its output channel closes on a message over "
                             f"{MAX_MESSAGE_BYTES // 2**20} MiB)")
    kernel_info = collector.records.pop("_kernel", {})
    return collector.records, kernel_info, collector.problem
