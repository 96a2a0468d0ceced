"""A batch's fork server: the common libraries imported once, each kernel forked into a sandbox of its own.

Most of what a submission costs is its kernel's start and the same imports (pandas, scikit-learn,
matplotlib, seaborn/scipy.stats: about 1.8 s of CPU each time). Started kernels cannot share them,
and with every core busy, starting them ahead only moves that work (see :mod:`grader.grading.pool`).
A :class:`ForkServer` removes it: one process (the *zygote*, :mod:`grader._zygote`), in a
bubblewrap sandbox with the same read-only view as every kernel, imports them once; each kernel is
a fork of it that enters **new** namespaces (mount, PID, network, IPC, UTS), a fresh home and
``/run``, hard limits, a fresh uid of its own without capabilities, ``no_new_privs`` and the same
seccomp filter, before any line of its notebook runs. A kernel is still used for one submission and
killed with its namespace; it shares nothing writable with the zygote or another kernel, cannot see
or signal them, and the grader still joins it to a cgroup of its own.

Only where the grader runs as root (bubblewrap may then keep the zygote the capabilities it needs);
elsewhere, or when the zygote cannot start or a fork fails, kernels start cold under bubblewrap as
before: the fork server is a speed-up, never a condition of grading.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from . import _spawn, isolation

__all__ = ["ForkServer", "current", "start"]

_CURRENT: list = []


class ForkServer:
    """A running zygote of this grader (use :func:`start`).

    Parameters
    ----------
    sandbox : grader.grading.isolation.Sandbox
    env : dict
        The kernels' environment (the zygote imports under the same one).
    home_files : dict
        Files bound read-only in the zygote's home (matplotlib's font list).
    seccomp : bytes
        The filter every kernel installs (:func:`grader.grading.limits.seccomp_filter`).
    """

    def __init__(self, sandbox, env: dict, home_files: dict, seccomp: bytes):
        self.owner, self.seccomp = os.getpid(), seccomp
        argv = [sys.executable, "-m", "grader._zygote", isolation.ZYGOTE_SOCKET]
        cmd = sandbox.command(argv, env=env, limits=isolation.Limits(), connection_file=None,
                              home_files=home_files, zygote=True)
        errors = None if os.environ.get("WORKBOOK_FORK_DEBUG") else subprocess.DEVNULL  # its failures' tracebacks
        self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                                        start_new_session=True)
        self._started = _start_time(self.process.pid)
        self._control: str | None = None

    def control(self, timeout: float = 60.0) -> str | None:
        """The host path of the zygote's control socket once it accepts kernels, or None if it never will.

        Parameters
        ----------
        timeout : float
            Seconds to wait for its imports.
        """
        if not self.alive():  # gone: its socket's path may name another process by now
            self._control = None
            return None
        if self._control is not None:
            return self._control
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            from .execute import _children

            inner = _children(self.process.pid)
            if inner:
                path = f"/proc/{inner[0]}/root{isolation.ZYGOTE_SOCKET}"
                with contextlib.suppress(OSError):
                    if stat.S_ISSOCK(os.lstat(path).st_mode):
                        self._control = path
                        return path
            time.sleep(0.02)
        return None

    def kernel_command(self, private: Path, connection_file: str, env: dict, limits: isolation.Limits,
                       kernel_args: list[str]) -> list[str] | None:
        """The command that gets a forked kernel (see :mod:`grader.grading._spawn`), or None when none can be had.

        Parameters
        ----------
        private : Path
            The submission's folder, only the grader's: the request and the pid file go there.
        connection_file : str
            The kernel's connection file on the host (its sockets' prefix is the sandbox's).
        env : dict
            The kernel's whole environment.
        limits : Limits
        kernel_args : list of str
            ipykernel's extra arguments.
        """
        control = self.control()
        if control is None:
            return None
        uid, init_uid = (2**20 + secrets.randbelow(2**30) for _ in range(2))
        request = {"connection": json.loads(Path(connection_file).read_text()), "env": env,
                   "home": isolation.HOME, "connection_file": isolation.CONNECTION_FILE,
                   "limits": {"memory": limits.memory, "nproc": limits.nproc, "disk": limits.disk,
                              "file_size": limits.file_size, "open_files": limits.open_files},
                   "uid": uid, "init_uid": init_uid, "kernel_args": kernel_args, "seccomp": self.seccomp.hex()}
        request_file = private / "spawn.json"
        fd = os.open(request_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(request, f)
        return [sys.executable, "-I", "-S", _spawn.__file__, control, str(request_file), str(private / "kernel.pid"),
                str(self.process.pid)]

    def alive(self) -> bool:
        """Whether the fork server's sandbox still runs (from any process forked from its owner too)."""
        if os.getpid() == self.owner:
            return self.process.poll() is None
        return _start_time(self.process.pid) == self._started  # the same process, not a reused pid

    def close(self) -> None:
        """Kill the zygote (its sandbox and every kernel still forked from it die with it)."""
        if os.getpid() != self.owner:
            return
        with contextlib.suppress(OSError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.SubprocessError):
            self.process.wait(timeout=10)


def _start_time(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[19]  # field 22: when it started, in clock ticks
    except (OSError, IndexError):
        return None


def start(trusted: bool = False) -> ForkServer | None:
    """Start this process's fork server for a batch (None where it cannot run); :func:`current` finds it.

    Parameters
    ----------
    trusted : bool
        Trusted batches run plain local kernels: no fork server.
    """
    from .execute import _kernel_env, font_list
    from .limits import seccomp_filter

    if trusted or os.environ.get("WORKBOOK_NO_FORK_SERVER"):
        return None
    try:
        sandbox = isolation.detect()
    except isolation.IsolationUnavailable:
        return None
    seccomp = seccomp_filter()
    if not sandbox.as_root or seccomp is None:
        return None
    try:
        server = ForkServer(sandbox, _kernel_env(isolation.HOME), font_list(), seccomp)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    _CURRENT[:] = [server]
    return server


def stop(server: ForkServer | None) -> None:
    """Close ``server`` and forget it (safe with None)."""
    if server is not None:
        server.close()
        if _CURRENT and _CURRENT[0] is server:
            _CURRENT.clear()


def current() -> ForkServer | None:
    """The fork server of the batch this process grades in, if any."""
    return _CURRENT[0] if _CURRENT else None
