"""The kernel command of a forked kernel, on the grader's side (run as ``python -I -S _spawn.py``).

    _spawn.py CONTROL_SOCKET REQUEST_FILE PID_FILE FORK_SERVER_PID

Sends the request (the kernel's connection, limits and environment: written by the grader, 0600)
to the fork server (after checking that the socket's owner is a process of that fork server's
sandbox, whose outermost process is ``FORK_SERVER_PID``), learns the kernel's process id from the
operating system (``SO_PASSCRED`` on the one byte the kernel sends), writes it to ``PID_FILE``
and then lives exactly as long as the kernel: it exits when the kernel's side closes the
connection, and killing it ends the kernel (the fork server's child watching the other end kills
the kernel's namespace). So jupyter_client can start, poll and kill it as it would a kernel
process. Standard library only: it starts in milliseconds.
"""

import os
import socket
import struct
import sys


def _descends_from(pid: int, ancestor: int, depth: int = 4) -> bool:
    for _ in range(depth):
        if pid == ancestor:
            return True
        try:
            with open(f"/proc/{pid}/status") as f:
                pid = int(next(line for line in f if line.startswith("PPid:")).split()[1])
        except (OSError, StopIteration, ValueError):
            return False
    return pid == ancestor


def main(control: str, request_file: str, pid_file: str, server: str) -> int:
    import ctypes
    import signal

    # dies with the grading process that started it (and so, through the connection, the kernel)
    ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:
        return 1
    with open(request_file, "rb") as f:
        request = f.read()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    conn.connect(control)
    peer = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[0]
    if not _descends_from(peer, int(server)):  # the zygote is gone and something else holds its path
        return 1
    conn.sendall(struct.pack("!I", len(request)) + request)
    size = socket.CMSG_SPACE(struct.calcsize("3i"))
    data, ancillary, _, _ = conn.recvmsg(1, size)
    if data != b"K":
        return 1
    pid = next((struct.unpack("3i", blob[:12])[0] for level, kind, blob in ancillary
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS), 0)
    if pid <= 0:
        return 1
    with open(pid_file + ".tmp", "w") as f:
        f.write(str(pid))
    os.rename(pid_file + ".tmp", pid_file)
    while conn.recv(4096):  # nothing more is sent; an empty read is the kernel's end
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
