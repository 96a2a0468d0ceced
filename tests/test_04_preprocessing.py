"""Notebook 04 (preprocessing and feature selection): the question contract, the references checked
independently, the recorded misconceptions, and alternative right answers.

Expectations are derived here from first principles on small hand-built frames or from an
independent computation (NumPy percentiles and eigenvalues, scikit-learn's ``TargetEncoder``,
a hand-written cross-validation loop), never pasted from the references' output.
"""

from __future__ import annotations

import copy
import importlib
import inspect

import numpy as np
import pandas as pd
import pytest

import grader
from grader import Correct, Incorrect, NotAttempted
from grader.registry import solutions
from grader.tables import CATEGORICAL_FEATURES, LABEL, NUMERIC_FEATURES, variant_table
from grader.testing import HIDDEN_SEEDS, question_checks

sol = solutions("04")
mod = importlib.import_module("grader.exercises.04_preprocessing")
EX = grader.load("04")
CODING = [q for q in EX if q.kind in ("function", "estimator")]
FUNCTIONS = [q for q in EX if q.kind == "function"]
MISCONCEPTIONS = [(q, m) for q in CODING for m in q.misconceptions]


def _ids(pairs):
    return [f"{q.short}-{m.name}" for q, m in pairs]


def wrong_code(m):
    """A misconception as code: its ``fn``, or the private ``_<name>`` mutant for a detector."""
    return m.fn if m.fn is not None else getattr(mod, f"_{m.name}")


# --- the shared contract -----------------------------------------------------------------
CHECKS = question_checks("04")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CHECKS],
                         ids=[i for i, _, _ in CHECKS])
def test_question_contract(question, check):
    check(question)
