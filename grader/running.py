"""Calling a learner's code safely inside the learner's own kernel.

Learner functions get deep copies of their inputs, run under a time limit, and any
exception they raise is captured as data (type, message, the learner's own line),
never propagated into the engine.
"""

from __future__ import annotations

import builtins
import copy
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from ._harvest import _wb_is_stub

__all__ = ["Run", "call_learner", "copy_inputs", "is_stub_function", "run_from_error_record",
           "threadpool_limits"]


class _Deadline(BaseException):
    """Raised inside learner code by the alarm; a BaseException so `except Exception` cannot eat it."""


@dataclass
class Run:
    """The result of one call of learner code.

    Attributes
    ----------
    value : object
        The return value (when ``error`` is None and not ``timed_out``).
    error : BaseException or None
        The exception the learner's code raised.
    line : tuple (lineno, source line) or None
        Where in the learner's code the exception surfaced.
    timed_out : bool
    seconds : float
    """

    value: object = None
    error: BaseException | None = None
    line: tuple[int, str] | None = None
    timed_out: bool = False
    seconds: float = 0.0
    mutated: list[int] = field(default_factory=list)


def copy_inputs(args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """Deep copies of call arguments, so learner code cannot alter the shared cases."""
    return copy.deepcopy(tuple(args)), copy.deepcopy(dict(kwargs))


def _learner_line(exc: BaseException) -> tuple[int, str] | None:
    """The innermost traceback frame outside the grader package and site-packages."""
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [f for f in frames if "/grader/" not in f.filename.replace("\\", "/")
            and "site-packages" not in f.filename and "/lib/python" not in f.filename]
    if not mine:
        return None
    frame = mine[-1]
    return frame.lineno or 0, (frame.line or "").strip()


def _with_alarm(fn, args, kwargs, seconds: float) -> Run:
    fired = []

    def on_alarm(signum, frame):
        fired.append(True)
        raise _Deadline()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # re-fires every 0.1 s, so code that swallows one alarm is interrupted again
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    start = time.perf_counter()
    run = Run()
    try:
        run.value = fn(*args, **kwargs)
    except _Deadline:
        run.timed_out = True
    except KeyboardInterrupt:  # the person pressed "interrupt": stop the check too
        raise
    except BaseException as exc:  # learner code may raise anything, SystemExit included
        run.error, run.line = exc, _learner_line(exc)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    run.seconds = time.perf_counter() - start
    if fired:  # the alarm fired even if the learner's code swallowed it
        run.timed_out, run.value, run.error = True, None, None
    return run


def _with_thread(fn, args, kwargs, seconds: float) -> Run:
    run = Run()

    def target():
        try:
            run.value = fn(*args, **kwargs)
        except BaseException as exc:
            run.error, run.line = exc, _learner_line(exc)

    start = time.perf_counter()
    worker = threading.Thread(target=target, daemon=True, name="workbook-learner-call")
    worker.start()
    worker.join(seconds)
    run.seconds = time.perf_counter() - start
    if worker.is_alive():  # cannot be killed; it is abandoned as a daemon thread
        run.timed_out, run.value, run.error = True, None, None
    return run


def call_learner(fn, args=(), kwargs=None, *, time_limit: float = 5.0) -> Run:
    """Call ``fn(*args, **kwargs)`` on copies of the inputs, under a time limit.

    Parameters
    ----------
    fn : callable
        The learner's function.
    args, kwargs
        The inputs; copied deeply before the call.
    time_limit : float
        Seconds. In the main thread a SIGALRM interrupts Python code; elsewhere the call
        runs in a daemon thread that is abandoned when the limit passes.

    Returns
    -------
    Run
    """
    kwargs = kwargs or {}
    c_args, c_kwargs = copy_inputs(args, kwargs)
    main = threading.current_thread() is threading.main_thread()
    with threadpool_limits(1):  # one BLAS thread: fast small fits, steady under load
        if main and hasattr(signal, "setitimer"):
            run = _with_alarm(fn, c_args, c_kwargs, time_limit)
        else:
            run = _with_thread(fn, c_args, c_kwargs, time_limit)
    if not run.timed_out and run.error is None:
        from .compare import compare

        for i, (before, after) in enumerate(zip(args, c_args, strict=True)):
            if not isinstance(before, (pd.DataFrame, pd.Series, np.ndarray)):
                continue  # other objects (estimators, ...) compare by identity: no honest answer
            try:
                if compare(before, after, rtol=0, atol=0) is not None:
                    run.mutated.append(i)
            except Exception:
                continue
    return run


def is_stub_function(fn) -> bool:
    """True when ``fn``'s body does nothing (only a docstring, ``...`` or ``pass``).

    An explicit ``return None`` or a lambda is an answer, not a stub. The same test runs in the
    grading kernel (:mod:`grader._harvest`).

    Examples
    --------
    >>> def f(x):
    ...     \"\"\"Doc.\"\"\"
    ...     ...
    >>> is_stub_function(f)
    True
    """
    return _wb_is_stub(fn)


def _remote_exception(info: dict) -> BaseException:
    """A recorded exception as an instance of the same builtin type (or a stand-in type)."""
    name, message = str(info.get("type", "Exception")), str(info.get("message", ""))
    cls = getattr(builtins, name, None)
    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
        cls = type(name, (Exception,), {})
    try:
        return cls(message)
    except Exception:
        return type(name, (Exception,), {})(message)


def run_from_error_record(record: dict) -> Run:
    """A run record that timed out or raised (``{"timed_out": True}`` or ``{"error": {...}}``) as a Run."""
    if record.get("timed_out"):
        return Run(timed_out=True)
    info = record.get("error") if isinstance(record.get("error"), dict) else {}
    line = info.get("line")
    line = (int(line[0]), str(line[1])) if isinstance(line, list) and len(line) == 2 else None
    return Run(error=_remote_exception(info), line=line)
