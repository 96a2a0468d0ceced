"""Notebook tests: hygiene, answer keys pass strict nbval, blank notebooks run interactively.

The answer keys are made by the same machinery as ``workbook key`` (grader.notebooks.fill).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from grader.notebooks import exercise_cells, fill, hygiene_problems, read, write
from grader.registry import load, notebook_names

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: the 中文 edition of each translated notebook (built by ``workbook build``: see tests/test_editions.py)
CHINESE = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
NOTEBOOKS = ENGLISH + CHINESE
IDS = [p.stem if p.parent.name == "notebooks" else f"{p.parent.name}-{p.stem}" for p in NOTEBOOKS]


def _env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBOOK_")}
    env.update(overrides)
    return env


def test_topics_notebooks_solutions_and_tests_mirror_each_other():
    topics = notebook_names()
    assert topics == [p.stem for p in ENGLISH]
    assert {p.stem for p in CHINESE} <= set(topics)
    for topic in topics:
        assert (ROOT / "solutions" / f"{topic}.py").is_file(), topic
        assert (ROOT / "tests" / f"test_{topic}.py").is_file(), topic


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_hygiene(path):
    assert hygiene_problems(path) == []


def test_hygiene_finds_outputs_and_edited_exercise_cells(tmp_path):
    nb = read(NOTEBOOKS[0])
    index, _ = exercise_cells(nb)[0]
    nb.cells[index].source = "# the learner's answer"
    nb.cells[0 if nb.cells[0].cell_type == "code" else 1].execution_count = 3
    broken = write(nb, tmp_path / NOTEBOOKS[0].name)
    problems = hygiene_problems(broken)
    assert any("differs from the question's stub" in p for p in problems)
    assert any("outputs or an execution count" in p for p in problems)


def _nbval(path: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``pytest --nbval-lax`` on one notebook in a child pytest (strict mode via the plugin)."""
    cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-q",
           "-p", "no:cacheprovider", "--nbval-cell-timeout=120", str(path)]
    return subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=900)


def _count(word: str, output: str) -> int:
    match = re.search(rf"(\d+) {word}", output)
    return int(match.group(1)) if match else 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_answer_key_passes_strict_nbval(path, tmp_path):
    nb = fill(read(path), solved=True)
    chinese = path.parent.name == "zh"
    if chinese:  # after the set-up cell, every figure's titles, labels and legends are recorded
        setup = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(PLOT_WORDS_HOOK))
        nb.cells.append(nbformat.v4.new_code_cell(PLOT_WORDS_REPORT))
    key = write(nb, tmp_path / path.name)
    result = _nbval(key, tmp_path)
    code_cells = sum(c.cell_type == "code" for c in nb.cells)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert _count("passed", result.stdout) == code_cells
    if chinese:  # the Chinese edition's plots speak Chinese (terms such as AUC or Brier may stay)
        words = json.loads((tmp_path / "plot-words.json").read_text(encoding="utf-8"))
        assert words, "no figure was drawn: the hook did not see the plots"
        assert english_plot_words(words) == [], "a plot's title, axis label or legend is still in English"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_blank_notebook_fails_every_check_under_strict_nbval(path, tmp_path):
    blank = write(read(path), tmp_path / path.name)
    result = _nbval(blank, tmp_path)
    questions = load(path.stem)  # an edition has its English notebook's questions
    strict_failures = len(questions)  # an untouched stub fails in strict mode, open ones too
    assert result.returncode == 1
    assert _count("failed", result.stdout) == strict_failures, result.stdout[-4000:]
    assert "CheckFailed" in result.stdout


#: run after a notebook's set-up cell: records every title, axis label and legend entry a figure draws
PLOT_WORDS_HOOK = """
import json as _wb_json, matplotlib.figure as _wb_figure
_wb_plot_words = set()
def _wb_words(fig):
    out = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) else []
    legends = list(fig.legends)
    for ax in fig.axes:
        out += [ax.get_title(loc) for loc in ("left", "center", "right")] + [ax.get_xlabel(), ax.get_ylabel()]
        legends += [ax.get_legend()] if ax.get_legend() is not None else []
    for legend in legends:
        out += [t.get_text() for t in legend.get_texts()] + [legend.get_title().get_text()]
    return [w for w in out if w and w.strip()]
_wb_draw = _wb_figure.Figure.draw
def _wb_recording_draw(self, *args, **kwargs):
    _wb_plot_words.update(_wb_words(self))
    return _wb_draw(self, *args, **kwargs)
_wb_figure.Figure.draw = _wb_recording_draw
"""
PLOT_WORDS_REPORT = ("open('plot-words.json', 'w', encoding='utf-8').write("
                     "_wb_json.dumps(sorted(_wb_plot_words), ensure_ascii=False))")
#: words a Chinese plot may keep in Latin letters: names of methods, metrics and models
LATIN_TERMS = {"brier", "shap", "bootstrap", "logit", "log", "recall", "precision", "auc", "roc", "rfm",
               "clv", "nbd", "pareto", "gamma", "spark", "duckdb", "pandas", "lift", "uplift", "tsne"}


def english_plot_words(words: list[str]) -> list[str]:
    """The labels of a Chinese edition's plots that still carry an English word."""
    found = []
    for text in words:  # code (``dropna()``, ``best_score_``, ``max_depth``) is not English prose
        prose = re.sub(r"[A-Za-z_][A-Za-z0-9_]*(\(\)?|_[A-Za-z0-9_]*)|[A-Z][a-z]+[A-Z][A-Za-z]*|k-means", " ", text)
        latin = re.findall(r"[A-Za-z][a-z]{3,}", prose)
        if any(w.lower() not in LATIN_TERMS for w in latin):
            found.append(text)
    return found


def test_english_plot_words_finds_english_and_keeps_terms():
    assert english_plot_words(["recency (days)", "最近购买间隔（天）", "ROC 曲线", "Brier 分数", "AUC", "k"]) == [
        "recency (days)"]
    assert english_plot_words(["每位客户的 spend"]) == ["每位客户的 spend"]
    assert english_plot_words(["dropna() 之后", "best_score_ 高估", "max_depth", "min_samples_leaf（比例）",
                               "迭代填充（IterativeImputer）", "k-means 簇"]) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_blank_notebook_runs_top_to_bottom_interactively(path, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_STRICT", "0")
    nb = read(path)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    for index, qid in exercise_cells(nb):
        html = "".join(o.get("data", {}).get("text/html", "") for o in nb.cells[index].outputs)
        assert "workbook-not_attempted" in html, (qid, nb.cells[index].outputs)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    # a cell ending in a plotting call prints its return value ("[Text(...)]", "<Axes: ...>") under the plot
    stray = [(i, o["data"]["text/plain"][:80]) for i, c in enumerate(nb.cells) if c.cell_type == "code"
             for o in c.outputs if o.output_type == "execute_result" and "text/plain" in o.get("data", {})
             and re.match(r"\[?<?(Text\(|Axes|matplotlib\.|Line2D|<Figure)", o["data"]["text/plain"])]
    assert stray == []


def test_stored_notebooks_are_valid_nbformat():
    for path in NOTEBOOKS:
        nbformat.validate(read(path))


def test_no_notebook_calls_an_existing_notebook_coming():
    """"Notebook 04 (coming)" once it exists sends a learner away from material that is there."""
    topics = {name[:2] for name in notebook_names()}
    texts = {p: p.read_text(encoding="utf-8") for p in [*ENGLISH, *(ROOT / "translations").glob("*/*.md")]}
    stale = []
    for path, text in texts.items():
        for match in re.finditer(r"(?:\bcoming\)|待发布)", text):
            before = text[max(0, match.start() - 60):match.start()]
            numbers = re.findall(r"(?<!\d)(\d\d)(?!\d)", before)
            if numbers and numbers[-1] in topics:
                stale.append(f"{path.name}: …{before[-40:]}{match.group(0)}")
    assert stale == []
