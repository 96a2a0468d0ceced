"""Operating-system isolation of a grading kernel, with bubblewrap.

A graded notebook is hostile code. Its kernel runs under ``bwrap`` (the sandbox that Flatpak
uses; Debian package ``bubblewrap``) with:

- its own **mount** namespace: a read-only view of ``/usr``, a few files of ``/etc``, the Python
  installation, the virtual environment and the ``grader`` package, in which the reference
  solutions (``solutions/``) and the question declarations (``grader/exercises/``) are empty
  folders, and nothing else of the machine exists: not the checkout, its ``.git``, other
  submissions, the grader's work area or an interviewer's files;
- its own **PID**, **IPC**, **UTS** and **network** namespaces: it sees only its own processes, cannot
  signal the grader or another kernel, and has no network at all (the grader talks to it over Unix
  sockets, Jupyter's ``ipc`` transport, reached through ``/proc/<pid>/root``);
- a private **work folder** ``/home/learner`` (also ``/tmp``) on a size-capped tmpfs: a full disk
  costs only its author;
- an **unprivileged user** of its own: as root, a fresh uid per kernel with no capabilities and
  ``no_new_privs`` (``setpriv``); as a normal user, a user namespace;
- **hard** resource limits (``prlimit``: address space, processes, file size, open files, no core
  dumps) that the kernel cannot raise again; since the uid is the kernel's alone, the process limit
  counts exactly its processes, and every process it started dies with it (``--die-with-parent``,
  PID namespace).

:func:`detect` finds out once whether this works here; when it does not, grading refuses with
:class:`IsolationUnavailable`, whose message says what is missing and how to get it.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import secrets
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HOME", "HARVEST_DIR", "IsolationUnavailable", "Limits", "Sandbox", "detect", "hidden_paths"]

#: the kernel's work folder (its current directory, ``HOME`` and ``TMPDIR``) inside the sandbox
HOME = "/home/learner"
#: a root-owned folder inside the sandbox where the grader puts the hidden inputs of the harvest
HARVEST_DIR = "/run/workbook"
#: the connection file, as the kernel sees it
CONNECTION_FILE = "/run/kernel.json"
#: the fork server's control socket, as it sees it (in its own home, in its own sandbox)
ZYGOTE_SOCKET = f"{HOME}/.zygote/control"
#: the prefix of the kernel's Unix sockets, as the kernel sees it
SOCKET_PREFIX = f"{HOME}/.kernel"
_ETC_FILES = ("ld.so.cache", "ld.so.conf", "localtime", "passwd", "group", "nsswitch.conf", "hosts",
              "mime.types")
_USR_LINKS = ("bin", "lib", "lib32", "lib64", "libx32", "sbin")
#: what the fork server keeps, to make each kernel's namespaces, mounts and fresh uid (and nothing else)
ZYGOTE_CAPS = ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_NET_ADMIN", "CAP_KILL")


class IsolationUnavailable(RuntimeError):
    """Grading cannot isolate kernels on this machine; the message says what is missing."""


@dataclass(frozen=True)
class Limits:
    """Hard limits of one kernel.

    Parameters
    ----------
    memory : int
        Address space in bytes (``RLIMIT_AS``).
    nproc : int
        Processes and threads of the kernel's user (``RLIMIT_NPROC``).
    disk : int
        Size of the work folder's tmpfs in bytes.
    file_size : int
        Largest file the kernel may write (``RLIMIT_FSIZE``).
    open_files : int
        Open file descriptors (``RLIMIT_NOFILE``).
    """

    memory: int = 3 * 2**30
    nproc: int = 128
    disk: int = 256 * 2**20
    file_size: int = 128 * 2**20
    open_files: int = 1024


def hidden_paths() -> list[str]:
    """Folders that must not exist inside a sandbox: the reference solutions and the declarations.

    Found from the installed packages (an editable checkout or site-packages alike), without
    importing the solutions.
    """
    out = []
    for name in ("solutions", "grader.exercises"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        for location in (spec.submodule_search_locations or []) if spec else []:
            out.append(os.path.realpath(location))
    return sorted(set(out))


def _python_paths() -> list[str]:
    """What the kernel's Python needs to see: the installation, the environment, the grader."""
    import grader

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable)),
             os.path.realpath(os.path.dirname(grader.__file__))}
    from ..shop import DEFAULT_DIRECTORY

    if DEFAULT_DIRECTORY.is_dir():
        paths.add(str(DEFAULT_DIRECTORY))
    for entry in sys.path:  # site-packages and friends; never a checkout root (it holds .git, solutions)
        if entry and os.path.isdir(entry) and ("site-packages" in entry or "dist-packages" in entry
                                               or entry.startswith((sys.prefix, sys.base_prefix))):
            paths.add(entry)
    real = sorted({os.path.realpath(p) for p in paths} | {os.path.abspath(p) for p in paths})
    # keep only the outermost of nested paths
    kept: list[str] = []
    for p in real:
        if not any(p == k or p.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(p)
    return kept


def _processes_of(uid: int) -> int:
    """Threads now running as ``uid`` (RLIMIT_NPROC counts them all in a user namespace's mapping)."""
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/status") as f:
                    fields = dict(line.split(":", 1) for line in f if ":" in line)
                if int(fields["Uid"].split()[0]) == uid:
                    count += int(fields.get("Threads", "1").strip())
            except (OSError, KeyError, ValueError):
                continue
    return count


def _parents(path: str) -> list[str]:
    parts = Path(path).parts[1:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


@dataclass(frozen=True)
class Sandbox:
    """How kernels are isolated here: ``as_root`` (setpriv to a fresh uid) or a user namespace.

    Use :func:`detect` rather than building one.
    """

    bwrap: str
    as_root: bool

    def command(self, argv: list[str], *, env: dict, limits: Limits, connection_file: str | None,
                data: str | None = None, seccomp: str | None = None, cgroup=None,
                home_files: dict[str, str] | None = None, zygote: bool = False) -> list[str]:
        """The command that runs ``argv`` inside a fresh sandbox.

        Parameters
        ----------
        argv : list of str
            The kernel command (inside the sandbox).
        env : dict
            The kernel's whole environment (nothing else is inherited).
        limits : Limits
        connection_file : str or None
            The host path of the kernel's connection file (bound read-only at ``CONNECTION_FILE``).
        data : str, optional
            A host folder bound read-only at ``/home/learner/data`` (an assignment's data).
        seccomp : str, optional
            A file holding the seccomp filter (:func:`grader.grading.limits.seccomp_filter`).
        cgroup : KernelCgroup, optional
            Groups the whole sandbox joins before it starts (:class:`grader.grading.limits.KernelCgroup`).
        home_files : dict, optional
            Host files the grader made, each bound read-only at a path relative to the kernel's home
            (e.g. matplotlib's font list, so that no kernel rebuilds it).
        zygote : bool
            The fork server's sandbox (:mod:`grader._zygote`), as root only: the same view, but
            run as root with only the capabilities it needs to make each kernel's namespaces, without
            limits, uid change or seccomp filter, which it sets for each kernel itself.
        """
        if zygote and (not self.as_root or seccomp or cgroup is not None):
            raise ValueError("a fork server runs as root, without a filter or cgroup of its own")
        args = [self.bwrap, "--unshare-pid", "--unshare-ipc", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--hostname", "sandbox"]
        uid = 0
        if not self.as_root:
            uid = 1000 + secrets.randbelow(50_000)
            args += ["--unshare-user", "--uid", str(uid), "--gid", str(uid), "--cap-drop", "ALL"]
        args += ["--ro-bind", "/usr", "/usr"]
        for name in _USR_LINKS:
            host = Path("/") / name
            if host.is_symlink():
                args += ["--symlink", os.readlink(host), str(host)]
            elif host.is_dir():
                args += ["--ro-bind", str(host), str(host)]
        args += ["--perms", "0755", "--dir", "/etc"]
        for name in _ETC_FILES:
            if os.path.exists(f"/etc/{name}"):
                args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
        made = {"/", "/etc", "/usr"}
        for path in _python_paths():
            for parent in _parents(path):
                if parent not in made:
                    made.add(parent)
                    args += ["--perms", "0755", "--dir", parent]
            args += ["--ro-bind", path, path]
            made.add(path)
        for path in hidden_paths():  # an empty, read-only folder in place of the answers
            if any(path == p or path.startswith(p.rstrip("/") + "/") for p in _python_paths()):
                args += ["--perms", "0555", "--tmpfs", path, "--remount-ro", path]
        args += ["--proc", "/proc", "--dev", "/dev",
                 "--perms", "0755", "--dir", "/home", "--perms", "01777", "--size", str(limits.disk),
                 "--tmpfs", HOME,
                 "--perms", "0755", "--dir", "/run", "--perms", "0755", "--dir", HARVEST_DIR]
        if connection_file:
            args += ["--ro-bind", connection_file, CONNECTION_FILE]
        if "/tmp" not in made:  # else a checkout under /tmp is bound there: /tmp stays read-only (TMPDIR is HOME)
            args += ["--symlink", HOME, "/tmp"]
        if data:
            args += ["--ro-bind", data, f"{HOME}/data"]
        for inside, host in (home_files or {}).items():
            target = os.path.normpath(f"{HOME}/{inside}")
            if not target.startswith(f"{HOME}/") or not os.path.isfile(host):
                raise ValueError(f"not a file for the kernel's home: {inside!r} from {host!r}")
            parent = os.path.dirname(target)
            folders = []
            while parent != HOME:  # the kernel's own folders (it may write beside the file), then the file
                folders.insert(0, parent)
                parent = os.path.dirname(parent)
            for folder in folders:
                args += ["--perms", "0777", "--dir", folder]
            args += ["--ro-bind", host, target]
        if seccomp:
            args += ["--seccomp", "9"]
        args += ["--chdir", HOME, "--clearenv"]
        for key, value in sorted(env.items()):
            args += ["--setenv", key, value]
        if zygote:
            args += ["--cap-drop", "ALL", *[a for cap in ZYGOTE_CAPS for a in ("--cap-add", cap)],
                     "--", "prlimit", "--core=0:0", "--", *argv]
            return args
        nproc = limits.nproc if self.as_root else limits.nproc + _processes_of(os.getuid())
        args += ["--", "prlimit", f"--as={limits.memory}:{limits.memory}", f"--nproc={nproc}:{nproc}",
                 f"--fsize={limits.file_size}:{limits.file_size}", "--core=0:0",
                 f"--nofile={limits.open_files}:{limits.open_files}", "--"]
        if self.as_root:
            uid = 2**20 + secrets.randbelow(2**30)  # a uid of its own: RLIMIT_NPROC counts only it
            args += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                     "--bounding-set=-all", "--no-new-privs", "--"]
        args += list(argv)
        if not seccomp and cgroup is None:
            return args
        # a shell joins the cgroups, opens the filter as fd 9 for bubblewrap, and becomes bubblewrap
        joins = [f"echo $$ > {p}/cgroup.procs" for p in (cgroup.paths if cgroup is not None else [])]
        opens = f" 9< {shlex.quote(seccomp)}" if seccomp else ""
        return ["/bin/sh", "-c", " && ".join([*joins, f'exec "$@"{opens}']), "sh", *args]


_HOW = ("Install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`; `make test` does it when run as "
        "root) and run `workbook grade` as root, or as a user allowed to create user namespaces (on Ubuntu 24.04 "
        "and GitHub's runners: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`). To grade "
        "notebooks you trust (your own answer keys) without isolation, pass --trusted.")


@functools.lru_cache(maxsize=1)
def detect() -> Sandbox:
    """The sandbox of this machine, tried once by running ``true`` in it.

    Returns
    -------
    Sandbox

    Raises
    ------
    IsolationUnavailable
        When bubblewrap, util-linux's ``prlimit``/``setpriv`` or the namespaces it needs are missing.
    """
    bwrap = shutil.which("bwrap")
    if not bwrap:
        raise IsolationUnavailable(
            f"workbook grade isolates every kernel with bubblewrap, which is not installed. {_HOW}")
    missing = [tool for tool in ("prlimit", "setpriv") if not shutil.which(tool)]
    if missing:
        raise IsolationUnavailable(f"workbook grade needs util-linux's {', '.join(missing)}. {_HOW}")
    sandbox = Sandbox(bwrap=bwrap, as_root=os.geteuid() == 0)
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"workbook-probe-{secrets.token_hex(6)}.json"
    probe.write_text("{}")
    try:
        cmd = sandbox.command(["true"], env={"PATH": "/usr/bin:/bin"}, limits=Limits(),
                              connection_file=str(probe))
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise IsolationUnavailable(f"bubblewrap could not start a sandbox here ({exc}). {_HOW}") from exc
    finally:
        probe.unlink(missing_ok=True)
    if result.returncode != 0:
        why = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        raise IsolationUnavailable(f"bubblewrap could not start a sandbox here: {why[0]}. {_HOW}")
    return sandbox
