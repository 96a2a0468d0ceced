"""The learner's path in a real browser: JupyterLab as ``make lab`` starts it, driven by headless Chromium.

JupyterLab runs on 127.0.0.1, a free port and a token, rooted at a copy of the repository's layout
(``notebooks/00_start_here.ipynb`` and ``datasets/DATACARD.md``) so that running the notebook never
writes into the checkout. Playwright drives Debian's ``chromium`` (``executable_path``: no browser
is downloaded). The test runs every cell, checks that no cell printed an error and that every
exercise shows "Not attempted", types a wrong answer and reads the "Incorrect" feedback with its
likely cause, switches the set-up cell to ``grader.setup(lang="zh")`` and reads the Chinese verdict,
and opens a ``workbook report`` page. Screenshots go to ``test-artifacts/browser/``.

Selectors follow JupyterLab's own DOM (as its galata test helpers use it): ``.jp-Cell`` per cell
in notebook order (windowing is switched off in the settings, so every cell is in the DOM),
``.jp-InputPrompt`` showing ``[*]:`` while a cell runs and ``[n]:`` once it ran, outputs in
``.jp-OutputArea-output`` with their MIME type in ``data-mime-type`` (errors and stderr are
``application/vnd.jupyter.stderr``). Every wait is on a condition, never a fixed sleep.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from grader.notebooks import exercise_cells, read
from grader.registry import load

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: how long a page may take to do one thing (a loaded 2-core machine included), in milliseconds
PATIENCE = 90_000

pytestmark = [
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: the browser test needs Debian's chromium "
                                                "(`make browser-tools` as root, or `sudo apt-get install chromium`)"),
]
playwright = pytest.importorskip("playwright.sync_api",
                                 reason="playwright is in the test extra: pip install -e '.[test]'")

#: JupyterLab settings for a test: no autosave, no windowing, no news or update pop-ups
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (our own server on loopback)
        return response.status, response.read()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a token, rooted like ``make lab`` (the repository, not ``notebooks/``)."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "workbook"
    (root / "notebooks").mkdir(parents=True)
    (root / "datasets").mkdir()
    shutil.copy(NOTEBOOK, root / "notebooks")
    shutil.copy(ROOT / "datasets" / "DATACARD.md", root / "datasets")  # the data itself is read from the package
    for name, values in SETTINGS.items():
        path = tmp / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKBOOK_", "JUPYTER"))}
    env.update(WORKBOOK_STRICT="0",  # a learner's lab: checks show feedback, never raise
               JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
    # what `make lab` runs, from the root it runs in, plus a port, a token and no browser of its own
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", f"--ServerApp.root_dir={root}",
           "notebooks/00_start_here.ipynb", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}"] + (["--allow-root"] if os.geteuid() == 0 else [])
    log = (tmp / "lab.log").open("w")
    server = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + PATIENCE / 1000
    while True:
        try:
            if _get(f"{base}/api/status?token={token}")[0] == 200:
                break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"JupyterLab did not start: {(tmp / 'lab.log').read_text()[-3000:]}")
        time.sleep(0.2)  # polling a port that is not yet open; not a wait for the page
    try:
        yield {"base": base, "token": token, "root": root}
    finally:
        server.send_signal(signal.SIGTERM)  # the server shuts its kernels down
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def page():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(PATIENCE)
        yield context.new_page()
        browser.close()


_ALL_RAN = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
}"""
_CELL_RAN = """([index, before]) => {
  const prompt = document.querySelectorAll('.jp-Notebook .jp-Cell')[index].querySelector('.jp-InputPrompt');
  const text = prompt.textContent.trim();
  return /^\\[\\d+\\]:$/.test(text) && text !== before;
}"""


def _cell(page, index: int):
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def _prompt(page, index: int) -> str:
    return _cell(page, index).locator(".jp-InputPrompt").inner_text().strip()


def _replace_source(page, index: int, source: str) -> None:
    """Type a new source into a cell, as a learner pastes an answer, and run it (Shift+Enter)."""
    before = _prompt(page, index)
    editor = _cell(page, index).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)  # one insertion: no auto-indent or bracket closing per key
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(_CELL_RAN, arg=[index, before])


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def test_make_lab_roots_the_file_browser_at_the_repository():
    """``make lab`` gives JupyterLab the repository as its root (else datasets/ is out of reach)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    env = {**os.environ, "WORKBOOK_LANG": "en"}  # the English edition (make lab picks it from the language)
    out = subprocess.run([make, "-n", "-s", "lab"], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    line = next(line for line in out.splitlines() if " lab " in f"{line} ")
    assert f'--ServerApp.root_dir="{ROOT}"' in line and line.rstrip().endswith("notebooks/00_start_here.ipynb")


def test_the_learner_path_in_a_real_browser(lab, page):
    nb = read(NOTEBOOK)
    exercises = dict(exercise_cells(nb))  # cell index -> question id
    setup = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and 'grader.setup(lang="en")' in c.source)
    ex = load("00")
    orders = ex.orders_per_customer
    index = next(i for i, qid in exercises.items() if qid == orders.id)
    lines_as_orders = next(m for m in orders.misconceptions if m.name == "lines_as_orders")

    # the file browser is rooted where make lab roots it: the data card is reachable
    assert _get(f"{lab['base']}/api/contents/datasets/DATACARD.md?token={lab['token']}")[0] == 200
    page.goto(f"{lab['base']}/lab/tree/notebooks/00_start_here.ipynb?token={lab['token']}")
    page.locator(".jp-Notebook .jp-Cell").nth(len(nb.cells) - 1).wait_for(state="attached")
    page.locator("#jp-main-statusbar").get_by_text("Idle").first.wait_for()
    assert page.locator(".jp-Notebook .jp-Cell").count() == len(nb.cells)

    # Run > Run All Cells, then wait until every code cell shows its execution count
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(_ALL_RAN)
    page.screenshot(path=ARTIFACTS / "01_run_all.png")
    # the file browser shows notebooks/, and its home is the repository's root: the data card is one click away
    browser = page.locator(".jp-FileBrowser")
    browser.locator(".jp-BreadCrumbs-home").click()
    browser.locator(".jp-DirListing-item[data-isdir='true']", has_text="datasets").dblclick()
    browser.locator(".jp-DirListing-item", has_text="DATACARD.md").wait_for()
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert errors.count() == 0, errors.all_inner_texts()
    for i, qid in exercises.items():
        verdicts = _cell(page, i).locator(".workbook-outcome")
        assert verdicts.count() == 1, qid
        assert "workbook-not_attempted" in verdicts.get_attribute("class"), (qid, verdicts.inner_text())
        assert "Not attempted" in verdicts.inner_text(), qid
        assert f"[{qid}]" in verdicts.inner_text()

    # a wrong answer: counting lines instead of orders
    wrong = ('def orders_per_customer(lines):\n    return lines.groupby("customer_id").size().rename("n_orders")\n\n'
             "ex.orders_per_customer.check(orders_per_customer)\n")
    _replace_source(page, index, wrong)
    verdict = _cell(page, index).locator(".workbook-outcome.workbook-incorrect")
    text = verdict.inner_text()
    assert "Incorrect" in text and "Likely cause" in text
    assert _plain(lines_as_orders.message.en) in _plain(text)
    verdict.screenshot(path=ARTIFACTS / "02_incorrect.png")

    # the same answer with feedback in Chinese: grader.setup(lang="zh") in the set-up cell
    _replace_source(page, setup, nb.cells[setup].source.replace('grader.setup(lang="en")', 'grader.setup(lang="zh")'))
    _replace_source(page, index, wrong)
    verdict = _cell(page, index).locator(".workbook-outcome.workbook-incorrect")
    verdict.get_by_text("不正确").first.wait_for()
    text = verdict.inner_text()
    assert "可能的原因" in text and _plain(lines_as_orders.message.zh) in _plain(text)
    assert "Incorrect" not in text
    verdict.screenshot(path=ARTIFACTS / "03_incorrect_zh.png")
    assert _cell(page, index).locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0


def test_the_class_report_in_a_real_browser(page, tmp_path):
    from grader import grading
    from grader.grading import analytics
    from grader.i18n import T
    from grader.outcomes import Correct, Incorrect, LearnerCodeRaised

    ex = load("00")
    orders = ex.orders_per_customer
    hostile = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>"
    grades = []
    answers = [orders.reference, orders.misconceptions[0].fn, orders.misconceptions[1].fn, lambda lines: 1 / 0]
    for learner, answer in zip(["ana", "bo", hostile, "cy"], answers, strict=True):
        g = grading.SubmissionGrade(submission=f"class/{learner}/00_start_here.ipynb", learner=learner,
                                    topic="00_start_here", seed=3, id=f"{learner}/00_start_here.ipynb")
        g.questions = [grading.QuestionGrade(orders.id, orders.evaluate(answer))]
        g.problems = [T(f"cell 9 raised {hostile}")] if learner == hostile else []
        grades.append(g)
    assert [g.questions[0].outcome.__class__ for g in grades] == [Correct, Incorrect, Incorrect, LearnerCodeRaised]
    report = analytics.write_report(analytics.read_grades([grading.write_json(grades, tmp_path / "g.json")]),
                                    tmp_path / "report")
    page.goto(report.as_uri())
    page.get_by_role("heading", name="Most frequent misconceptions per question").wait_for()
    images = page.locator("img")
    assert images.count() == 4  # scores, success rates, misconceptions, errors
    assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert page.title() == "Class report"  # the learner's markup ran nowhere
    assert hostile in page.locator("#errors").inner_text()  # shown as text
    for m in orders.misconceptions:
        assert m.name in page.locator("#misconceptions").inner_text()
    page.screenshot(path=ARTIFACTS / "04_class_report.png", full_page=True)
