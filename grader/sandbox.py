"""Start an IPython kernel under resource limits: the kernel ``workbook grade`` runs a submission in.

``python -m grader.sandbox --memory BYTES --nproc N [--cgroup DIR] -f CONNECTION_FILE``

Before the kernel starts, this process joins the given pids cgroup (a hard bound on processes that
holds even for root), caps its address space (``RLIMIT_AS``: a huge allocation raises MemoryError),
file sizes and core dumps, caps processes with ``RLIMIT_NPROC`` when not running as root (root
ignores it; the grader's cgroup and process watchdog cover that case), and refuses imports of the
reference solutions. Its environment was already scrubbed by the grader.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys

#: modules a graded notebook may not import: the reference solutions and what imports them
BLOCKED_MODULES = ("solutions", "grader.exercises")
FILE_SIZE_LIMIT = 512 * 2**20


class ImportBlocker:
    """A meta path finder that refuses the reference solutions."""

    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in BLOCKED_MODULES):
            raise ImportError(f"{name} cannot be imported while a notebook is graded")
        return None


def _limit(which: int, value: int) -> None:
    try:
        soft, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, hard))
    except (ValueError, OSError):
        pass


def apply_limits(memory: int | None, nproc: int | None, cgroup: str | None) -> None:
    """Join ``cgroup`` and set the resource limits of this process (inherited by children)."""
    if cgroup:
        try:
            with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))
        except OSError:
            pass
    if memory:
        _limit(resource.RLIMIT_AS, memory)
    _limit(resource.RLIMIT_FSIZE, FILE_SIZE_LIMIT)
    _limit(resource.RLIMIT_CORE, 0)
    if nproc and os.getuid() != 0:
        running = sum(1 for d in os.listdir("/proc") if d.isdigit())
        _limit(resource.RLIMIT_NPROC, running + nproc)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m grader.sandbox")
    parser.add_argument("--memory", type=int, default=None, help="address-space limit in bytes")
    parser.add_argument("--nproc", type=int, default=None, help="process limit")
    parser.add_argument("--cgroup", default=None, help="a pids cgroup folder to join")
    parser.add_argument("-f", dest="connection_file", required=True)
    args = parser.parse_args(argv)
    apply_limits(args.memory, args.nproc, args.cgroup)
    sys.meta_path.insert(0, ImportBlocker())
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance(argv=["-f", args.connection_file])


if __name__ == "__main__":
    main()
