"""The fork server's side inside its sandbox: import once, then fork each kernel into a sandbox of its own.

Run by :class:`grader.grading.forkserver.ForkServer` as ``python -m grader._zygote SOCKET`` inside a
bubblewrap sandbox built like every kernel's (read-only view of the Python installation, the
answers absent, no network), started as root with only the capabilities it needs to make more
namespaces (:data:`grader.grading.isolation.ZYGOTE_CAPS`). It first becomes a uid of its own with no
effective capability, imports what every kernel imports before its notebook (:mod:`grader._preload`)
and the kernel's machinery, as a kernel would, and only then takes its capabilities up again, to serve
requests on a Unix socket in its home. It never runs a line of a notebook. It imports nothing of the
grader's own (``grader.grading``), so a forked kernel's modules are a cold kernel's.

For each request (one kernel) it forks; the child reads the request and makes **new** mount, PID,
network, IPC and UTS namespaces, then forks the kernel's init (PID 1 of the new PID namespace),
which:

- mounts a fresh ``/proc`` (only its own processes), its own ``/dev/pts``, a fresh size-capped tmpfs at
  the kernel's home (nothing of an earlier kernel is there), and a fresh ``/run`` the kernel cannot write, holding the
  connection file and the empty harvest folder; brings up the loopback interface; names the host
  ``sandbox``;
- forks the kernel, which sets its hard limits (``setrlimit``), drops the bounding set, becomes a fresh
  uid of its own (``setresuid``: the same uid never serves two kernels) without any capability (it
  checks), sets ``no_new_privs``, installs the same seccomp filter as a bubblewrap kernel
  (:func:`grader.grading.limits.seccomp_filter`), starts a session of its own, closes every
  descriptor it inherited and starts ipykernel;
- becomes another fresh uid without privileges, waits for the kernel, reaping orphans, and dies with it.

Before dropping its privileges the kernel sends one byte on the request's connection: the grader's
side receives it with ``SO_PASSCRED``, so the operating system tells it the kernel's process id as
the grader sees it (the sandbox's root is then ``/proc/<pid>/root``, as for a bubblewrap kernel).
When that connection closes (the grader killed its side) the child kills the kernel's namespace.

The zygote is non-dumpable and of another uid: no kernel can read or write its memory or signal it,
and none can even name it (each has its own PID namespace).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import select
import signal
import socket
import struct
import sys

_RUN = "/run"

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET = (
    0x00020000, 0x04000000, 0x08000000, 0x20000000, 0x40000000)
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_KEEPCAPS, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = (
    1, 4, 8, 24, 38, 47)
PR_SET_SECCOMP, SECCOMP_MODE_FILTER, PR_CAP_AMBIENT_CLEAR_ALL = 22, 2, 4
SIOCSIFFLAGS, IFF_UP, IFF_LOOPBACK, IFF_RUNNING = 0x8914, 0x1, 0x8, 0x40

#: the kernel's own machinery, imported by the zygote besides :data:`grader._preload.MODULES`
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython", "zmq",
                  "jupyter_client.session")

_libc = ctypes.CDLL(None, use_errno=True)
#: the folder ``python -m`` put first on sys.path
_SCRIPT_FOLDER = sys.path[0] if sys.path else None
_SYS_CAPSET = {"x86_64": 126, "aarch64": 91}.get(os.uname().machine, -1)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _prctl(option: int, arg: int = 0) -> None:
    _check(_libc.prctl(ctypes.c_int(option), ctypes.c_ulong(arg), ctypes.c_ulong(0), ctypes.c_ulong(0),
                       ctypes.c_ulong(0)), f"prctl({option})")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    def enc(text):
        return text.encode() if text is not None else None

    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def _recv_request(conn: socket.socket) -> dict:
    """One length-prefixed JSON request (the grader's own side wrote it)."""
    head = b""
    while len(head) < 4:
        part = conn.recv(4 - len(head))
        if not part:
            raise EOFError("no request")
        head += part
    size = struct.unpack("!I", head)[0]
    if size > 2**20:
        raise ValueError("request too large")
    body = b""
    while len(body) < size:
        part = conn.recv(size - len(body))
        if not part:
            raise EOFError("request cut short")
        body += part
    return json.loads(body)


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", IFF_UP | IFF_LOOPBACK | IFF_RUNNING))


def _make_root(request: dict) -> None:
    """The new namespaces' file system: fresh /proc, home and /run, as the init of the new PID namespace."""
    home, disk = request["home"], int(request["limits"]["disk"])
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mount("tmpfs", home, "tmpfs", MS_NOSUID | MS_NODEV, f"size={disk},mode=1777")
    os.mkdir(f"{home}/.matplotlib")  # as in a cold kernel's home (where the font list is bound)
    os.chmod(f"{home}/.matplotlib", 0o777)
    # pseudo-terminals of its own (the zygote's /dev/pts would show every concurrent kernel's)
    _mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620")
    _mount("tmpfs", _RUN, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=755")
    os.mkdir(f"{_RUN}/workbook", 0o755)
    fd = os.open(request["connection_file"], os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "w") as f:
        json.dump(request["connection"], f)
    socket.sethostname("sandbox")
    _loopback_up()


def _drop(request: dict, uid: int, seccomp: bytes | None) -> None:
    """Limits, a fresh uid without any capability, no_new_privs and the seccomp filter: for good."""
    import resource

    lim = request["limits"]
    for res, value in ((resource.RLIMIT_AS, lim["memory"]), (resource.RLIMIT_NPROC, lim["nproc"]),
                       (resource.RLIMIT_FSIZE, lim["file_size"]), (resource.RLIMIT_CORE, 0),
                       (resource.RLIMIT_NOFILE, lim["open_files"])):
        resource.setrlimit(res, (int(value), int(value)))
    with open("/proc/sys/kernel/cap_last_cap") as f:
        last = int(f.read())
    for cap in range(last + 1):
        _prctl(PR_CAPBSET_DROP, cap)
    _check(_libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clear ambient capabilities")
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    _capset(effective=0, permitted=0)  # the zygote's uid was not root: nothing went with the uid change
    with open("/proc/self/status") as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    if any(int(status[k].strip(), 16) for k in ("CapPrm", "CapEff", "CapBnd", "CapAmb", "CapInh")):
        raise OSError("capabilities left after dropping them")
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    if seccomp:
        program = ctypes.create_string_buffer(seccomp, len(seccomp))
        fprog = _SockFprog(len(seccomp) // 8, ctypes.cast(program, ctypes.c_void_p))
        _check(_libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0), "seccomp")
    os.setsid()


def _become_kernel(request: dict, conn: socket.socket, seccomp: bytes | None) -> None:
    """In the kernel process (PID 2 of its namespace): announce, drop everything, start ipykernel."""
    conn.sendall(b"K")  # the grader learns this process's id from the operating system (SO_PASSCRED)
    _drop(request, int(request["uid"]), seccomp)
    _prctl(PR_SET_DUMPABLE, 1)  # as after an exec: its own /proc entries are its own
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, 1 << 16)  # the request's connection, the zygote's socket: nothing inherited stays
    # the zygote started with the kernels' environment; what its imports added (scikit-learn's and threadpoolctl's
    # KMP_* variables) stays, as in a cold kernel that imported them; PWD as the shell starting a cold kernel sets it
    os.environ.update({**request["env"], "PWD": request["home"]})
    os.chdir(request["home"])
    if sys.path and sys.path[0] == _SCRIPT_FOLDER:  # as ipykernel's launcher does (IPython adds '' back)
        del sys.path[0]
    with contextlib.suppress(Exception):  # the forked copy of the zygote's generator would repeat
        sys.modules["numpy"].random.seed()
    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"], *request["kernel_args"]]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance()
    os._exit(0)


def _fork(target, *args) -> int:
    """Fork; the child runs ``target(*args)`` and never returns (a failure's traceback goes to ``_report``)."""
    pid = os.fork()
    if pid == 0:
        try:
            target(*args)
        except BaseException:
            _report()
        finally:
            os._exit(1)
    return pid


def _init(request: dict, conn: socket.socket, seccomp: bytes | None) -> None:
    """PID 1 of the kernel's namespaces: build its file system, fork the kernel, reap until it ends."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    _make_root(request)
    kernel = _fork(_become_kernel, request, conn, seccomp)
    conn.close()
    _drop(request, int(request["init_uid"]), None)  # the init keeps no privilege either (it only reaps)
    while True:
        try:
            pid, _ = os.wait()
        except ChildProcessError:
            os._exit(0)
        if pid == kernel:
            os._exit(0)


def _serve_one(conn: socket.socket) -> None:
    """In a child of the zygote: new namespaces, their init, then watch the grader's connection."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    try:
        request = _recv_request(conn)
        seccomp = bytes.fromhex(request["seccomp"])  # the grader's filter (never a kernel without one)
        if not seccomp or len(seccomp) % 8:
            raise ValueError("no seccomp filter")
        _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
        init = _fork(_init, request, conn, seccomp)
    except BaseException:
        with contextlib.suppress(OSError):
            conn.sendall(b"E")
        os._exit(1)
    pidfd = os.pidfd_open(init)
    try:
        while True:
            ready, _, _ = select.select([conn, pidfd], [], [])
            if pidfd in ready:
                break
            if not conn.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK):  # the grader let go: end the kernel
                break
            conn.recv(4096)  # nothing else is expected on it; drop it
    finally:
        with contextlib.suppress(OSError):
            os.kill(init, signal.SIGKILL)  # PID 1: its whole namespace goes with it
        with contextlib.suppress(ChildProcessError):
            os.waitpid(init, 0)
        os._exit(0)


def _report() -> None:
    """A failure's traceback on the zygote's error output (the grader keeps it only when debugging)."""
    with contextlib.suppress(BaseException):
        import traceback

        traceback.print_exc()


def _permitted() -> int:
    with open("/proc/self/status") as f:
        return int(next(line for line in f if line.startswith("CapPrm:")).split()[1], 16)


def _capset(effective: int, permitted: int) -> None:
    """Set this process's capability sets (inheritable: none)."""
    header = ctypes.create_string_buffer(struct.pack("Ii", 0x20080522, 0), 8)  # _LINUX_CAPABILITY_VERSION_3
    data = ctypes.create_string_buffer(struct.pack("6I", effective & 0xFFFFFFFF, permitted & 0xFFFFFFFF, 0,
                                                   effective >> 32, permitted >> 32, 0), 24)
    _check(_libc.syscall(_SYS_CAPSET, header, data), "capset")


def _become_unprivileged() -> None:
    """Import as a kernel would: a uid of the zygote's own, no effective capability, non-dumpable.

    A library that probes the machine when imported (joblib tries a POSIX semaphore in /dev/shm, which
    root may write and a kernel may not) must find what a kernel finds, or a forked kernel would behave
    unlike a cold one. The capabilities stay permitted, unused, until the imports are done.
    """
    uid = 2**20 + int.from_bytes(os.urandom(4), "big") % 2**30
    _prctl(PR_SET_KEEPCAPS, 1)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    _prctl(PR_SET_KEEPCAPS, 0)
    _capset(effective=0, permitted=_permitted())
    _prctl(PR_SET_DUMPABLE, 0)


def _shared_writable_mappings() -> list[str]:
    with open("/proc/self/maps") as f:
        return [line for line in f if len(line.split()) > 1 and line.split()[1].startswith("rw") and
                line.split()[1][3] == "s"]


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def main(control: str) -> int:
    """Import, then serve forever on the Unix socket ``control`` (until the grader kills the sandbox)."""
    import importlib

    from . import _preload

    _become_unprivileged()
    for name in KERNEL_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    _preload.run()
    if _threads() != 1:  # forking a process with other threads could copy a held lock: refuse
        return 3
    if _shared_writable_mappings():  # memory every fork would share with every other: refuse
        return 4
    _capset(effective=_permitted(), permitted=_permitted())  # for the forks only: namespaces, mounts, uids
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    os.makedirs(os.path.dirname(control), mode=0o700, exist_ok=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(control + ".tmp")
    os.rename(control + ".tmp", control)  # the grader waits for this name: it appears ready to accept
    server.listen(64)
    while True:
        conn, _ = server.accept()
        if os.fork() == 0:
            server.close()
            _serve_one(conn)
        conn.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
