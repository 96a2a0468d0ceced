"""Language editions from one source (``workbook build``): the build refuses every way the two
editions could drift, and the stored editions are exactly what it makes."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader import editions
from grader.cli import main
from grader.notebooks import read

ROOT = Path(__file__).resolve().parents[1]
PROSE = "# Start here\n\nRecency is the number of days since the last order."
SETUP = 'import grader\ngrader.setup(lang="en")  # feedback language\nex = grader.load("00")'
PLOT = 'ax = counts.plot.bar(title="Orders per customer")\nax.set_xlabel("orders")'


def _repo(tmp_path: Path) -> Path:
    nb = new_notebook(cells=[new_markdown_cell(PROSE, id="intro"), new_code_cell(SETUP, id="setup"),
                             new_code_cell(PLOT, id="plot"),
                             new_code_cell("x = None\n\nex.x.check(x)", id="ex1",
                                           metadata={"tags": ["exercise:start.x"]})])
    nb.metadata["workbook"] = {"topic": "00_start_here"}
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, str(tmp_path / "notebooks" / "00_start_here.ipynb"))
    return tmp_path


def _translation(intro=None, setup=None, plot=None, extra="") -> str:
    intro = "# 从这里开始\n\n最近一次消费是距上一笔订单的天数。" if intro is None else intro
    parts = [] if intro is False else [f"<!-- cell intro en:{editions.digest(PROSE)} -->\n{intro}"]
    code = setup if setup is not None else 'import grader\ngrader.setup(lang="zh")  # 反馈语言\nex = grader.load("00")'
    parts.append(f"<!-- cell setup en:{editions.digest(SETUP)} code -->\n```python\n{code}\n```")
    if plot is not None:
        parts.append(f"<!-- cell plot en:{editions.digest(PLOT)} code -->\n```python\n{plot}\n```")
    return "\n\n".join(parts) + extra + "\n"


def _build(root: Path, text: str, **kwargs):
    path = editions.translation_path("00_start_here", root=root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return editions.build(root=root, **kwargs)


def test_a_complete_translation_builds_the_chinese_edition(tmp_path):
    root = _repo(tmp_path)
    plot = 'ax = counts.plot.bar(title="每位客户的订单数")\nax.set_xlabel("订单数")'
    written, problems = _build(root, _translation(plot=plot))
    assert problems == [] and written == [editions.edition_path("00_start_here", root=root)]
    zh = read(written[0])
    assert zh.metadata["workbook"] == {"topic": "00_start_here", "lang": "zh", "edition_of": "00_start_here.ipynb"}
    assert zh.cells[0].source.startswith("# 从这里开始")
    assert 'grader.setup(lang="zh")' in zh.cells[1].source and "每位客户的订单数" in zh.cells[2].source
    assert zh.cells[3].source == "x = None\n\nex.x.check(x)"  # the exercise cell, as generated
    assert _build(root, _translation(plot=plot), check=True) == ([], [])


def test_check_reports_an_edition_that_is_missing_or_edited_by_hand(tmp_path):
    root = _repo(tmp_path)
    written, problems = _build(root, _translation(), check=True)
    assert written and "not what `workbook build` makes" in problems[0]
    _build(root, _translation())
    target = editions.edition_path("00_start_here", root=root)
    target.write_text(target.read_text(encoding="utf-8").replace("从这里开始", "从这开始"), encoding="utf-8")
    assert _build(root, _translation(), check=True)[1]


@pytest.mark.parametrize("text, words", [
    (_translation(intro=""), "translation is empty"),
    (_translation(intro=False), "has no translation"),
    (_translation().replace(editions.digest(PROSE), "0" * 8), "English text changed"),
    (_translation(plot='ax = counts.plot.barh(title="每位客户的订单数")\nax.set_xlabel("订单数")'),
     "beyond strings and comments"),
    (_translation(setup='import grader\ngrader.setup(lang="zh", strict=True)\nex = grader.load("00")'),
     "beyond strings and comments"),
    (_translation(extra='\n<!-- cell ex1 en:' + editions.digest("x = None\n\nex.x.check(x)")
                  + ' code -->\n```python\nx = 1\n\nex.x.check(x)\n```'), "exercise cell"),
    (_translation(extra="\n<!-- cell gone en:12345678 -->\n旧的一段"), "matches no cell"),
    (_translation(intro=f"{editions.TODO}\n# Start here"), "not translated yet"),
    (_translation(extra="\n<!-- cell plot en:" + editions.digest(PLOT) + " code -->\nax = 1"), "one ```python block"),
])
def test_every_way_to_drift_is_refused(tmp_path, text, words):
    root = _repo(tmp_path)
    written, problems = _build(root, text)
    assert any(words in p for p in problems), problems
    assert written == [] and not editions.edition_path("00_start_here", root=root).exists()


def test_code_shape_ignores_only_strings_and_comments():
    assert editions.code_shape(PLOT) == editions.code_shape(
        "ax = counts.plot.bar(title='每位客户的订单数')  # 柱状图\nax.set_xlabel(f'{n} 单')")
    assert editions.code_shape("x = 1") != editions.code_shape("x = 2")
    assert editions.code_shape("print(x)") != editions.code_shape("print(x, y)")
    assert editions.code_shape("%matplotlib inline\nx = 1") != editions.code_shape("x = 1")


def test_scaffold_keeps_translations_and_marks_the_rest_todo(tmp_path, monkeypatch):
    root = _repo(tmp_path)
    source = root / "notebooks" / "00_start_here.ipynb"
    scaffold = editions.render_translation(source, existing=_translation())
    entries = editions.parse(scaffold).entries
    assert entries["intro"].text.startswith("# 从这里开始") and 'lang="zh"' in entries["setup"].text
    assert entries["plot"].text.startswith("# TODO translate") and "ex1" not in entries
    assert any("not translated yet" in p for p in _build(root, scaffold)[1])


def test_cli_build_check_fails_on_a_stale_translation(tmp_path, monkeypatch, capsys):
    root = _repo(tmp_path)
    monkeypatch.setattr(editions, "ROOT", root)
    path = editions.translation_path("00_start_here", root=root)
    path.parent.mkdir(parents=True)
    path.write_text(_translation().replace(editions.digest(PROSE), "f" * 8), encoding="utf-8")
    assert main(["build", "--check"]) == 1
    assert "English text changed" in capsys.readouterr().err


# --- the stored editions -----------------------------------------------------------------
def test_stored_editions_are_complete_and_up_to_date():
    written, problems = editions.build(check=True)
    assert problems == [] and written == []


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb")),
                         ids=lambda p: p.stem)
def test_a_chinese_edition_sets_up_chinese_feedback(path):
    import io
    import tokenize

    nb = read(path)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code" and not c.source.startswith("%"))
    tokens = tokenize.generate_tokens(io.StringIO(source + "\n").readline)
    code = " ".join(t.string for t in tokens if t.type != tokenize.COMMENT)  # a comment may name the English
    assert "grader . setup ( lang = \"zh\" )" in code and "\"en\"" not in code
    assert nb.metadata["workbook"]["lang"] == "zh"


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb")),
                         ids=lambda p: p.stem)
def test_workbook_key_of_a_chinese_edition_keeps_its_chinese_prose(path, tmp_path):
    import re

    assert main(["key", str(path), "--out", str(tmp_path)]) == 0
    key = read(tmp_path / path.name)
    prose = "\n".join(c.source for c in key.cells if c.cell_type == "markdown")
    assert len(re.findall(r"[\u4e00-\u9fff]", prose)) > 0.3 * len(re.findall(r"[A-Za-z\u4e00-\u9fff]", prose))
    from grader.notebooks import exercise_cells, fill

    english_key = fill(read(ROOT / "notebooks" / path.name), solved=True)
    assert [c.cell_type for c in key.cells] == [c.cell_type for c in english_key.cells]
    solved = [(i, key.cells[i].source) for i, _ in exercise_cells(key)]
    assert solved and solved == [(i, english_key.cells[i].source) for i, _ in exercise_cells(english_key)]


def test_every_notebook_has_a_complete_chinese_edition():
    """Every English notebook, today's and every later one, ships its 中文 edition (issue 13)."""
    english = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    translated = sorted(p.stem for p in (ROOT / "translations" / "zh").glob("[0-9][0-9]_*.md"))
    built = sorted(p.stem for p in (ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
    assert english == translated == built
