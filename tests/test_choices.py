"""Choice questions: options shown as a list everywhere, answers that neither cluster on one letter nor
stand out by their length, and multi-select questions (each also runs the shared contract in its
topic's test module)."""

from __future__ import annotations

from collections import Counter

import pytest

from grader.i18n import T
from grader.notebooks import NOTEBOOK_DIR, exercise_cells, read
from grader.outcomes import Incorrect
from grader.questions import ChoiceQuestion
from grader.registry import all_questions
from grader.render import Panel, show_solution

CHOICES = [(nb, q) for nb, q in all_questions() if isinstance(q, ChoiceQuestion)]
SINGLE = [q for _, q in CHOICES if not q.multiple]
MULTI = [q for _, q in CHOICES if q.multiple]


def _right(q) -> set:
    return set(q.answer) if q.multiple else {q.answer}


@pytest.mark.parametrize(("notebook", "q"), CHOICES, ids=[q.id for _, q in CHOICES])
def test_the_notebook_lists_the_declared_options(notebook, q):
    nb = read(NOTEBOOK_DIR / f"{notebook}.ipynb")
    index = next(i for i, qid in exercise_cells(nb) if qid == q.id)
    markdown = nb.cells[index - 1].source
    assert q.options_markdown("en") in markdown
    items = [line for line in markdown.splitlines() if line.startswith("- **")]
    assert len(items) == len(q.options)  # one list item per option, nothing run on
    if q.multiple:
        assert "set of letters" in markdown or "every one that applies" in markdown


def test_right_letters_are_spread_over_the_options():
    letters = Counter(q.answer for q in SINGLE)
    assert len(letters) >= 4, letters
    assert max(letters.values()) <= 0.4 * len(SINGLE), letters
    all_right = Counter(x for _, q in CHOICES for x in _right(q))
    assert max(all_right.values()) <= 0.35 * sum(all_right.values()), all_right


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_longest_option_does_not_give_the_answer_away(lang):
    def longest(q):
        lengths = {k: len(v.render(lang)) for k, v in q.options.items()}
        return {k for k, n in lengths.items() if n == max(lengths.values())}

    give_away = [q.id for _, q in CHOICES if longest(q) <= _right(q)]
    assert len(give_away) <= len(CHOICES) // 4, give_away
    mean_right = sum(len(q.options[x].render(lang)) for _, q in CHOICES for x in _right(q)) / sum(
        len(_right(q)) for _, q in CHOICES)
    mean_wrong = sum(len(v.render(lang)) for _, q in CHOICES for k, v in q.options.items() if k not in _right(q)) / sum(
        len(q.options) - len(_right(q)) for _, q in CHOICES)
    assert mean_right <= 1.1 * mean_wrong, (mean_right, mean_wrong)


def test_a_few_multi_select_questions_in_several_notebooks():
    assert len(MULTI) >= 3
    assert len({nb for nb, q in CHOICES if q.multiple}) >= 2
    for q in MULTI:
        assert isinstance(q.answer, frozenset) and 2 <= len(q.answer) <= len(q.options) - 2
        assert set(q.explanations) == set(q.options)
        assert "set of letters" in q.stub_source()


@pytest.mark.parametrize("q", MULTI, ids=lambda q: q.id)
def test_multi_select_needs_exactly_the_right_set(q):
    right = _right(q)
    for letter in right:
        outcome = q.evaluate(right - {letter})
        assert isinstance(outcome, Incorrect) and f"{letter})" not in outcome.received.en
    for letter in set(q.options) - right:
        outcome = q.evaluate(right | {letter})
        assert isinstance(outcome, Incorrect) and outcome.cause == q.explanations[letter]
        assert outcome.received.en == f"{letter}) {q.options[letter].en}"
        assert outcome.received.zh == f"{letter}) {q.options[letter].zh}"
    assert q.evaluate([x.upper() + ")" for x in right]).points == q.points  # "B)" spelled loosely


def test_the_solution_lists_every_option_with_its_mark(capsys):
    q = MULTI[0]
    show_solution(q)
    shown = capsys.readouterr().out
    for letter, option in q.options.items():
        mark = "✓" if letter in _right(q) else "✗"
        assert f"- {mark} {letter}) {option.en}" in shown


def test_panel_html_turns_option_lines_into_one_list():
    html = Panel(T("Solution"), T("Intro line\n- ✓ a) <b>one</b>\n- ✗ b) two\nAfter"))._repr_html_()
    assert html.count("<ul") == 1 and html.count("<li>") == 2
    assert "&lt;b&gt;one&lt;/b&gt;" in html and "<b>one" not in html  # escaped
    assert html.index("Intro line") < html.index("<ul") < html.index("After")


@pytest.mark.parametrize("q", MULTI, ids=[q.id for q in MULTI])
def test_a_multi_select_is_judged_option_by_option_in_check_and_in_grading(q):
    """Each right option found earns 1/n of the points, each wrong one takes 1/n away (never below 0);
    every wrong pick is explained, and grading gives the same points as check."""
    from grader.outcomes import Correct
    from grader.testing import HIDDEN_SEEDS, graded_in_process

    right, wrong = sorted(_right(q)), sorted(set(q.options) - _right(q))
    n = len(right)

    def share(found, mistaken):
        return q.points * max(0, found - mistaken) / n

    answers = {
        "all right": (set(right), share(n, 0)),
        "one right missing": (set(right[1:]), share(n - 1, 0)),
        "one wrong added": (set(right) | {wrong[0]}, share(n, 1)),
        "one swapped": (set(right[1:]) | {wrong[0]}, share(n - 1, 1)),
        "every option": (set(q.options), share(n, len(wrong))),
        "only wrong ones": (set(wrong[:2]), 0.0),
    }
    for name, (answer, points) in answers.items():
        checked, graded = q.evaluate(answer), graded_in_process(q, answer, HIDDEN_SEEDS[0])
        assert checked.points == pytest.approx(points, abs=1e-6), name
        assert graded.points == pytest.approx(points, abs=1e-6), name
        assert type(checked) is type(graded) and isinstance(checked, Correct) == (name == "all right"), name
        picked_wrong = sorted(answer - set(right))
        if picked_wrong:  # every wrong pick's explanation, in order
            for letter in picked_wrong:
                assert q.explanations[letter].render("en") in checked.cause.render("en"), (name, letter)
                assert q.explanations[letter].render("zh") in checked.cause.render("zh"), (name, letter)
