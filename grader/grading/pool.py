"""Warm kernels: grading processes forked ahead, each with its kernel started before its submission.

Most of what a small submission costs is the kernel's start and the first imports of pandas and
scikit-learn. A :class:`WarmPool` keeps ``size`` grading processes ready beside the ones at work:
each is forked from the grader (so it holds the reference outputs already computed), starts its own
sandboxed kernel (which imports :mod:`grader._preload`'s libraries as it starts, as every kernel does)
and waits. A submission goes to a ready process, which grades it exactly
as :func:`~grader.grading.submissions.grade_notebook` does and exits; a new process starts warming at
once. A kernel is never reused: each serves one submission, in its own sandbox, and dies with it.
If a warm process died before its submission arrived, the submission is graded by a cold one.
"""

from __future__ import annotations

import collections
import contextlib
import os
import threading
from pathlib import Path

from .results import GradeOptions, SubmissionGrade

__all__ = ["WarmPool"]


class _Warm:
    """One forked grading process and the pipe its submission and grade travel on."""

    def __init__(self, options: GradeOptions):
        import multiprocessing

        from .submissions import child_setup, send_grade

        ctx = multiprocessing.get_context("fork")
        self.conn, theirs = ctx.Pipe(duplex=True)

        def child():
            self.conn.close()
            child_setup(options)
            warm = None
            with contextlib.suppress(Exception):  # no warm kernel: the submission gets a cold one
                from .execute import start_warm_kernel

                warm = start_warm_kernel(options)
            try:
                try:
                    path = theirs.recv()
                except (EOFError, OSError):
                    path = None
                if path is not None:
                    send_grade(theirs, Path(path), options, warm=warm)
            finally:
                if warm is not None:
                    warm.discard()
                theirs.close()
                os._exit(0)

        self.process = ctx.Process(target=child, daemon=False)
        self.process.start()
        theirs.close()

    def grade(self, path: Path, options: GradeOptions) -> SubmissionGrade:
        from .submissions import _grade_in_child, receive_grade

        try:
            if not self.process.is_alive():
                raise BrokenPipeError
            self.conn.send(str(path))
        except (BrokenPipeError, OSError):  # it died while waiting: a cold process grades instead
            self.stop()
            return _grade_in_child(path, options)
        return receive_grade(self.process, self.conn)

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        with contextlib.suppress(OSError):
            self.conn.close()
        self.process.join(30)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class WarmPool:
    """``size`` grading processes kept warm for the next submissions of a batch.

    Parameters
    ----------
    options : GradeOptions
        The batch's options (limits, isolation); each submission's own seed is read from it as usual.
    size : int
        Processes kept ready besides those grading (``--jobs``).
    total : int, optional
        Submissions in the batch: no process is warmed beyond them.
    """

    def __init__(self, options: GradeOptions, size: int, total: int | None = None):
        self.options = options
        self.size = max(1, size)
        self._left = total if total is not None else float("inf")  # processes still worth warming
        self._ready: collections.deque[_Warm] = collections.deque()
        self._lock = threading.Lock()
        self._closed = False
        with self._lock:
            for _ in range(self.size):
                self._spawn()

    def _spawn(self) -> None:
        if not self._closed and self._left > 0:
            self._left -= 1
            self._ready.append(_Warm(self.options))

    def grade(self, path) -> SubmissionGrade:
        """Grade one submission in a warm process (a new one starts warming for the next).

        Raises
        ------
        RuntimeError
            When the grading process died or failed without a grade, as for a cold one.
        """
        with self._lock:
            if not self._ready:
                self._spawn()
            worker = self._ready.popleft() if self._ready else _Warm(self.options)
            self._spawn()
        return worker.grade(Path(path), self.options)

    def close(self) -> None:
        """Stop the processes still waiting (and their kernels)."""
        with self._lock:
            self._closed = True
            waiting, self._ready = list(self._ready), collections.deque()
        for worker in waiting:
            worker.stop()
