"""The reference of an estimator question is fitted in the background in a notebook kernel,
exactly once, and a forked grading child never waits for a fit that only its parent runs."""

from __future__ import annotations

import multiprocessing
import threading
import time

from grader import Correct
from grader.registry import _in_kernel, load
from tests.conftest import make_logreg


def _counting(question, monkeypatch, delay=0.0):
    calls = []
    fit = type(question)._fit_reference

    def counted(self, case_index, seed):
        calls.append((case_index, seed))
        time.sleep(delay)
        return fit(self, case_index, seed)

    monkeypatch.setattr(type(question), "_fit_reference", counted)
    return calls


def test_warm_fits_the_public_reference_once_and_check_reuses_it(estimator_question, monkeypatch):
    calls = _counting(estimator_question, monkeypatch)
    estimator_question.warm().join(timeout=60)
    assert sorted(calls) == [(0, None), (1, None)]
    assert isinstance(estimator_question.evaluate(make_logreg()), Correct)
    assert sorted(calls) == [(0, None), (1, None)]  # the check fitted only the learner's answer


def test_a_check_during_the_warm_up_waits_for_it_instead_of_fitting_again(estimator_question,
                                                                          monkeypatch):
    calls = _counting(estimator_question, monkeypatch, delay=0.5)
    warming = estimator_question.warm()
    assert isinstance(estimator_question.evaluate(make_logreg()), Correct)
    warming.join(timeout=60)
    assert sorted(calls) == [(0, None), (1, None)]


def _score_in_child(question, queue):
    queue.put(question.reference_score(0))


def test_a_forked_child_computes_what_its_parent_was_still_computing(estimator_question, monkeypatch):
    calls = _counting(estimator_question, monkeypatch, delay=3.0)
    warming = estimator_question.warm()
    time.sleep(0.5)  # the parent's warm-up holds a pending score for case 0
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_score_in_child, args=(estimator_question, queue), daemon=True)
    child.start()
    try:
        child.join(timeout=30)
        assert child.exitcode == 0, "the child hung on a Future only its parent's thread could complete"
    finally:
        if child.is_alive():
            child.kill()
            child.join()
    assert 0.5 < queue.get(timeout=5) <= 1.0
    warming.join(timeout=60)
    assert calls[0] == (0, None)


def test_outside_a_kernel_load_starts_nothing():
    assert not _in_kernel()
    before = {t.name for t in threading.enumerate()}
    load("08")
    started = {t.name for t in threading.enumerate()} - before
    assert not any(name.startswith("workbook-") for name in started)


def test_in_a_notebook_kernel_load_starts_the_reference_fits():
    from jupyter_client.manager import start_new_kernel

    outputs = []
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        code = ("import grader, threading\n"
                "ex = grader.load('08')\n"
                "print(sorted(t.name for t in threading.enumerate() if t.name.startswith('workbook-warm')))")
        reply = kc.execute_interactive(code, timeout=60, output_hook=lambda msg: outputs.append(msg))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    assert "workbook-warm-tune.search" in text

