"""Notebook 10 (segmentation): the shared contract, and the references against independent computations.

Independent sources: the segment rules evaluated by hand on chosen score triples and by a plain
Python loop over all 125 combinations; a profile computed row by row with the standard library; a
k-means partition compared with one made by a hand-written log and z-score (numpy) before
scikit-learn's ``KMeans``; the budget choice checked against an exhaustive search on small inputs
where the greedy rule is optimal, and by hand on the notebook's campaign. No expected value is pasted
from a run of the references.
"""

from __future__ import annotations

import importlib

import pytest

import grader
from grader.testing import question_checks

mod = importlib.import_module("grader.exercises.10_segmentation")
sol = importlib.import_module("solutions.10_segmentation")
EX = grader.load("10")


@pytest.mark.parametrize(("qid", "question", "check"), question_checks("10"),
                         ids=[i for i, _, _ in question_checks("10")])
def test_question_contract(qid, question, check):
    check(question)
