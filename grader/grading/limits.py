"""Kernel-wide limits that per-process rlimits cannot give: a cgroup per kernel and a seccomp filter.

``RLIMIT_AS`` bounds one process's address space, but not shared memory (SysV ``shmget``,
``memfd_create``, tmpfs pages) nor the sum over a kernel's children. A **cgroup** per kernel bounds
all of them together (memory, swap included where the machine accounts it, and processes). The
**seccomp** filter, installed by bubblewrap just before the kernel starts, refuses the system calls
that create or enter namespaces or mounts (``unshare``, ``setns``, ``clone`` with namespace flags,
``mount`` and the new mount API, ``pivot_root``), and kernel interfaces a notebook never needs
(``bpf``, ``keyctl``, ``userfaultfd``, ``perf_event_open``, ``io_uring``); ``clone3`` answers
``ENOSYS`` so the C library falls back to ``clone``, whose flags the filter can read.
"""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import struct
import time
import uuid

__all__ = ["KernelCgroup", "seccomp_filter"]

_V1 = "/sys/fs/cgroup"


class KernelCgroup:
    """A memory and a pids cgroup (v1 hierarchies) for one kernel, when this machine lets us make them.

    Parameters
    ----------
    memory : int
        Bytes for the whole kernel: its processes, their shared memory and its tmpfs.
    pids : int
        Processes and threads of the whole kernel.
    """

    def __init__(self, memory: int, pids: int):
        self.paths: list[str] = []
        name = f"workbook-{uuid.uuid4().hex[:12]}"
        for controller, settings in (("memory", {"memory.limit_in_bytes": memory,
                                                 "memory.memsw.limit_in_bytes": memory}),
                                     ("pids", {"pids.max": pids})):
            root = os.path.join(_V1, controller)
            if not os.path.isfile(os.path.join(root, "cgroup.procs")):
                continue
            path = os.path.join(root, name)
            try:
                os.mkdir(path)
            except OSError:
                continue
            self.paths.append(path)
            for key, value in settings.items():
                with contextlib.suppress(OSError):  # memsw exists only where swap is accounted
                    with open(os.path.join(path, key), "w") as f:
                        f.write(str(value))

    @property
    def bounds_memory(self) -> bool:
        return any("/memory/" in p for p in self.paths)

    def remove(self) -> None:
        """Kill whatever is left in the groups and remove them."""
        for path in self.paths:
            for _ in range(50):
                try:
                    with open(os.path.join(path, "cgroup.procs")) as f:
                        pids = [int(p) for p in f.read().split()]
                except OSError:
                    break
                if not pids:
                    break
                for pid in pids:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                time.sleep(0.02)
            with contextlib.suppress(OSError):
                os.rmdir(path)
        self.paths = []


# seccomp: classic BPF over struct seccomp_data {int nr; u32 arch; u64 ip; u64 args[6]}
_ARCHES = {
    # machine: (AUDIT_ARCH, {name: number})
    "x86_64": (0xC000003E, dict(unshare=272, setns=308, mount=165, umount2=166, pivot_root=155, bpf=321, keyctl=250,
                                add_key=248, request_key=249, userfaultfd=323, perf_event_open=298, io_uring_setup=425,
                                open_tree=428, move_mount=429, fsopen=430, fsconfig=431, fsmount=432, fspick=433,
                                mount_setattr=442, clone=56, clone3=435)),
    "aarch64": (0xC00000B7, dict(unshare=97, setns=268, mount=40, umount2=39, pivot_root=41, bpf=280, keyctl=219,
                                 add_key=217, request_key=218, userfaultfd=282, perf_event_open=241, io_uring_setup=425,
                                 open_tree=428, move_mount=429, fsopen=430, fsconfig=431, fsmount=432, fspick=433,
                                 mount_setattr=442, clone=220, clone3=435)),
}
_NAMESPACE_FLAGS = 0x7E020000  # CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000
_EPERM, _ENOSYS = 1, 38


def seccomp_filter(machine: str | None = None) -> bytes | None:
    """The filter as bubblewrap's ``--seccomp`` reads it (``struct sock_filter`` array), or None if unknown.

    Parameters
    ----------
    machine : str, optional
        ``platform.machine()`` by default.
    """
    arch, numbers = _ARCHES.get(machine or platform.machine(), (None, None))
    if arch is None:
        return None
    denied = [n for name, n in numbers.items() if name not in ("clone", "clone3")]
    # (code, jt, jf, k) with symbolic jump targets resolved below
    prog: list[tuple] = [(0x20, 0, 0, 4),                      # A = arch
                         (0x15, 0, "deny", arch),               # other ABIs (i386 via int 0x80): refused
                         (0x20, 0, 0, 0),                       # A = nr
                         (0x35, "deny", 0, 0x40000000)]         # x32 numbers: refused
    prog += [(0x15, "deny", 0, n) for n in denied]
    prog += [(0x15, "enosys", 0, numbers["clone3"]),
             (0x15, 0, "allow", numbers["clone"]),
             (0x20, 0, 0, 16),                                  # A = low word of args[0] (clone flags)
             (0x45, "deny", "allow", _NAMESPACE_FLAGS)]
    labels = {"allow": len(prog), "deny": len(prog) + 1, "enosys": len(prog) + 2}
    prog += [(0x06, 0, 0, _ALLOW), (0x06, 0, 0, _ERRNO | _EPERM), (0x06, 0, 0, _ERRNO | _ENOSYS)]
    out = []
    for i, (code, jt, jf, k) in enumerate(prog):
        jt = labels[jt] - i - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - i - 1 if isinstance(jf, str) else jf
        out.append(struct.pack("=HBBI", code, jt, jf, k))
    return b"".join(out)
