"""The ``workbook`` command line: list, data, key, sync, and its error messages."""

from __future__ import annotations

import json

import pytest

from grader.cli import main
from grader.notebooks import exercise_cells, hygiene_problems, read, write
from grader.registry import all_questions, load
from grader.shop import DEFAULT_DIRECTORY

NOTEBOOK = DEFAULT_DIRECTORY.parent / "notebooks" / "02_feature_engineering.ipynb"


def test_list_as_json_has_every_question(capsys):
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [q.id for _, q in all_questions()]
    assert set(rows[0]) == {"id", "kind", "level", "points", "notebook", "title"}
    assert [r["level"] for r in rows] == [q.level for _, q in all_questions()]


def test_list_as_a_table_for_one_topic_in_chinese(capsys):
    assert main(["list", "--topic", "02", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "fe.orders" in out and "start." not in out and load("02").orders.title.zh in out
    assert f"{len(load('02'))} questions" in out


def test_data_regenerates_the_shipped_files(tmp_path, capsys):
    assert main(["data", "--out", str(tmp_path)]) == 0
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (DEFAULT_DIRECTORY / path.name).read_bytes(), path.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in DEFAULT_DIRECTORY.glob("*.csv.gz"))


def test_key_fills_every_exercise_with_the_reference(tmp_path):
    assert main(["key", str(NOTEBOOK), "--out", str(tmp_path)]) == 0
    key = read(tmp_path / NOTEBOOK.name)
    questions = load("02")
    for index, qid in exercise_cells(key):
        assert key.cells[index].source == questions[qid].solved_source()


def test_sync_restores_edited_exercise_cells(tmp_path):
    nb = read(NOTEBOOK)
    index, _ = exercise_cells(nb)[0]
    nb.cells[index].source = "# drifted"
    copy = write(nb, tmp_path / NOTEBOOK.name)
    assert hygiene_problems(copy)
    assert main(["sync", str(copy)]) == 0
    assert hygiene_problems(copy) == []


def test_unknown_topic_is_a_clean_error_with_a_suggestion(tmp_path, capsys):
    misnamed = tmp_path / "02_feature_engineerin.ipynb"
    misnamed.write_bytes(NOTEBOOK.read_bytes())
    assert main(["sync", str(misnamed)]) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Did you mean '02_feature_engineering'" in err


def test_grade_without_notebooks_is_a_clean_error(tmp_path, capsys):
    assert main(["grade", str(tmp_path), "--seed", "1"]) == 2
    assert "no notebooks found" in capsys.readouterr().err


def test_usage_errors_exit_2():
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2
