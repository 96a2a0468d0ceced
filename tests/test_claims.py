"""grader.claims: a figure the prose states is printed with the words it checks, and in strict
mode a figure outside its bounds stops the run."""

from __future__ import annotations

import math

import pytest

from grader import T, set_language, set_strict
from grader.claims import ClaimFailed, claim


@pytest.fixture(autouse=True)
def _modes():
    yield
    set_strict(None)
    set_language(None)


def test_a_claim_inside_its_bounds_prints_the_figure_and_returns_it(capsys):
    set_strict(True)
    assert claim(0.193, says="about a fifth ordered once", low=0.15, high=0.25) == 0.193
    out = capsys.readouterr().out
    assert out.startswith("✓") and "about a fifth ordered once" in out and "0.193" in out


@pytest.mark.parametrize("value, low, high", [(0.26, 0.15, 0.25), (0.14, 0.15, 0.25),
                                              (math.nan, 0.15, 0.25), (3, 4, None), (5, None, 4)])
def test_a_claim_outside_its_bounds_fails_in_strict_mode(value, low, high):
    set_strict(True)
    with pytest.raises(ClaimFailed, match="does not hold"):
        claim(value, says="x", low=low, high=high)


def test_bounds_are_inclusive():
    set_strict(True)
    assert claim(0.25, says="x", low=0.15, high=0.25) == 0.25
    assert claim(4, says="x", low=4) == 4


def test_interactive_mode_warns_instead_of_raising(capsys):
    set_strict(False)
    claim(False, says="the forest ranks last")
    assert capsys.readouterr().out.startswith("✗")


def test_a_truth_claim_fails_when_false_in_strict_mode():
    set_strict(True)
    with pytest.raises(ClaimFailed):
        claim(False, says="the forest ranks last")
    assert claim(True, says="the forest ranks last") is True


def test_the_words_follow_the_language(capsys):
    set_strict(True)
    set_language("zh")
    claim(0.2, says=T("about a fifth", "约五分之一"), low=0.1, high=0.3)
    out = capsys.readouterr().out
    assert "约五分之一" in out and "正文写道" in out


@pytest.mark.parametrize("value, low, high", [("0.2", 0, 1), (True, 0, 1), (0.5, 1, 0)])
def test_bad_arguments_are_a_clear_type_error(value, low, high):
    with pytest.raises(TypeError, match="claim"):
        claim(value, says="x", low=low, high=high)
