"""Interview assignments (``workbook assign``) and the CI template (``workbook ci-template``).

workbook assign
---------------
An interviewer chooses questions (``--questions fe.orders,fe.rfm``, or ``--topic 02`` with an
optional ``--level junior|mid|senior``) and a candidate seed (``--seed 7``)::

    WORKBOOK_SECRET=... workbook assign --topic 02 --seed 7 --candidate ana --out ~/interviews/ana

This writes::

    ~/interviews/ana/INTERVIEWER.md             the answer key and grading guide: keep it
    ~/interviews/ana/candidate/assignment.ipynb  give the candidate this folder
    ~/interviews/ana/candidate/data/*.csv.gz     raw inputs of the shop variant of seed 7

The candidate folder holds raw inputs and the questions only: the shop's customers, order lines
and sessions, and the customer table only when the questions take it as input (topics 03 and
later), never together with questions that ask for it (see :func:`shipped_frames`).

The notebook has a title and instructions cell, a set-up cell, and per question a Markdown cell
(title, prompt with any script it reviews, options as a list) followed by an exercise cell tagged
``exercise:<question id>``; a value question's cell that prepares its inputs comes before it.
Every question is shown as that candidate gets it (:meth:`~grader.questions.Question.for_assignment`):
a value question is computed on the candidate's data variant, and a choice question's options come
in an order of the candidate's own, with the answer key following.

``--mode practice``
    The set-up cell imports ``grader`` (or says what to install when it is missing) and binds the
    questions, and each exercise cell holds a stub and its check call: the candidate gets
    feedback, hints and solutions as in the workbook.
``--mode exam`` (the default)
    Nothing in the candidate folder imports ``grader`` or holds an answer: the set-up cell loads
    ``data/`` with plain pandas (the frames equal :func:`grader.shop.generate_shop` of the seed),
    and each exercise cell holds the stub only.

An ``--out`` folder inside a git work tree gets a ``.gitignore`` (and the command warns), so the
answer key is never committed or linted.

The notebook's ``metadata.workbook`` records ``{"topic": "assignment", "learner": ...,
"assignment": {"questions", "seed", "lang", "mode", "learner", "signature"}}``. The signature is
an HMAC-SHA256 of those fields keyed by the ``WORKBOOK_SECRET`` environment variable, so that
``workbook grade`` (which needs the same secret, see :func:`verify`) notices a candidate who
edited the question list or the seed. Without the variable the assignment is unsigned and the
command warns.

workbook ci-template
--------------------
``workbook ci-template --out REPO --grader-source SOURCE`` writes two files into a student
template repository, which holds the notebooks only (it refuses one with reference solutions):

``.github/workflows/workbook.yml``
    A GitHub Actions workflow: install bubblewrap and allow unprivileged user namespaces (the
    grading sandbox), install the grader from ``SOURCE`` (a pinned release or the instructor's
    repository at a tag, never the student's repository), grade with ``workbook grade notebooks/
    --fail-under PCT --junit ... --json ... --feedback ...``, and upload ``reports/``.
``.github/classroom/autograding.json``
    A GitHub Classroom autograding config: one ``workbook grade --topic NN --fail-under PCT`` test
    per notebook, worth the notebook's automatically graded points.

Both judge the answers outside the learner's kernel, so nothing a notebook does (such as
``grader.setup(strict=False)``) changes a grade.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import templates
from .i18n import LANGUAGES, T
from .notebooks import NOTEBOOK_DIR, TAG_PREFIX, write
from .questions import LEVELS, ChoiceQuestion, OpenQuestion, Question, ValueQuestion
from .registry import all_questions, exercise_module, find_question, load, notebook_names
from .shop import FILE_NAMES, generate_shop, write_shop
from .tables import CUSTOMER_TABLE_FILE, build_customer_table, write_customer_table

__all__ = [
    "MINUTES_PER_POINT",
    "MINUTES_PER_QUESTION",
    "MODES",
    "SECRET_ENV",
    "SIGNED_FIELDS",
    "Assignment",
    "add_commands",
    "assignment_notebook",
    "autograding_config",
    "check_grader_source",
    "git_work_tree",
    "choose_questions",
    "expected_minutes",
    "interviewer_guide",
    "requirements",
    "shipped_frames",
    "sign",
    "verify",
    "write_assignment",
    "workflow",
    "write_ci_template",
]

#: the environment variable holding the key that signs assignments (and verifies them when grading)
SECRET_ENV = "WORKBOOK_SECRET"
#: the assignment fields the signature covers
SIGNED_FIELDS = ("questions", "seed", "lang", "mode", "learner")
MODES = ("practice", "exam")
_FRAMES = ("customers", "order_lines", "sessions", "customer_table")
CANDIDATE_DIR, NOTEBOOK_NAME, DATA_DIR, GUIDE_NAME = "candidate", "assignment.ipynb", "data", "INTERVIEWER.md"

#: Expected time of a question: choice, value and open questions take a flat number of minutes ...
MINUTES_PER_QUESTION = {"choice": 3, "value": 5, "open": 8}
#: ... and coding questions (function, estimator) a number of minutes per point they are worth.
MINUTES_PER_POINT = {"function": 8, "estimator": 8}

#: the frames every assignment ships (raw inputs); the customer table only when its questions read it
RAW_FRAMES = ("customers", "order_lines", "sessions")
#: what the practice set-up cell tells the candidate to install when ``grader`` is missing
DEFAULT_GRADER_SOURCE = "customer-value-workbook"

UNSIGNED_WARNING = (f"warning: {SECRET_ENV} is not set, so the assignment is unsigned: `workbook grade` "
                    "cannot tell whether the candidate changed the questions or the seed.")


# -- signing ------------------------------------------------------------------------------------
def _canonical(assignment: dict) -> bytes:
    missing = [f for f in SIGNED_FIELDS if f not in assignment]
    if missing:
        raise ValueError(f"The assignment must have the fields {', '.join(SIGNED_FIELDS)}. "
                         f"Missing: {', '.join(missing)}.")
    fields = {f: assignment[f] for f in SIGNED_FIELDS}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(assignment: dict, secret: str | None) -> str | None:
    """The signature of an assignment: HMAC-SHA256 (hex) of its signed fields.

    Parameters
    ----------
    assignment : dict
        Holds at least :data:`SIGNED_FIELDS` (``questions``, ``seed``, ``lang``, ``mode``,
        ``learner``); other keys, such as ``signature`` itself, are ignored.
    secret : str or None
        The key (the ``WORKBOOK_SECRET`` environment variable). ``None`` or ``""``: unsigned.

    Returns
    -------
    str or None
        64 hex digits, or ``None`` without a secret.

    Raises
    ------
    ValueError
        When a signed field is missing.

    Examples
    --------
    >>> a = {"questions": ["fe.orders"], "seed": 7, "lang": "en", "mode": "exam", "learner": None}
    >>> len(sign(a, "s3cret")), sign(a, None)
    (64, None)
    """
    payload = _canonical(assignment)
    if not secret:
        return None
    return hmac.new(secret.encode("utf-8"), payload, hashlib.sha256).hexdigest()


def verify(assignment: dict, secret: str | None) -> str | None:
    """Why an assignment is not intact, or ``None`` when it is.

    An unsigned assignment checked without a secret is accepted (nothing can be verified;
    :func:`write_assignment` warned when it was made).

    Parameters
    ----------
    assignment : dict
        ``metadata["workbook"]["assignment"]`` of a returned notebook.
    secret : str or None
        The key the grader holds (``WORKBOOK_SECRET``); it must be the one used to sign.

    Returns
    -------
    str or None
        A reason such as ``"signature does not match: ..."``, ``"assignment is signed but
        WORKBOOK_SECRET is not set"``, ``"assignment is not signed but WORKBOOK_SECRET is set"``.

    Examples
    --------
    >>> a = {"questions": ["fe.orders"], "seed": 7, "lang": "en", "mode": "exam", "learner": None}
    >>> a["signature"] = sign(a, "s3cret")
    >>> verify(a, "s3cret") is None
    True
    >>> verify({**a, "seed": 8}, "s3cret")[:28]
    'signature does not match: qu'
    """
    if not isinstance(assignment, dict):
        return f"assignment is malformed: expected a mapping, got {type(assignment).__name__}"
    try:
        _canonical(assignment)
    except (ValueError, TypeError) as exc:
        return f"assignment is malformed: {exc}"
    signature = assignment.get("signature")
    if not secret:
        return None if signature is None else f"assignment is signed but {SECRET_ENV} is not set"
    if signature is None:
        return f"assignment is not signed but {SECRET_ENV} is set"
    if not isinstance(signature, str) or not hmac.compare_digest(signature, sign(assignment, secret)):
        return ("signature does not match: questions or seed were changed (or the language, mode or "
                f"learner), or {SECRET_ENV} is not the key the assignment was signed with")
    return None


# -- choosing questions -------------------------------------------------------------------------
def choose_questions(question_ids=None, topic: str | None = None, level: str | None = None) -> list[Question]:
    """The questions of an assignment, checked for being assignable.

    Parameters
    ----------
    question_ids : iterable of str, optional
        Full ids, in the order the candidate sees them.
    topic : str, optional
        Every question of one notebook (``"02"``); give exactly one of the two.
    level : {"junior", "mid", "senior"}, optional
        Keep the topic's questions of this level; with ``question_ids``, every chosen question
        must be of this level.

    Returns
    -------
    list of Question

    Raises
    ------
    LookupError
        For an unknown id or topic (suggesting a close match).
    ValueError
        For an unknown level, a level no chosen question has, a repeated id, two questions that
        define the same name, a question without the questions it builds on (see
        :func:`requirements`; with ``topic`` and ``level`` they are added), or questions whose
        answers are data that others take as input (see :func:`shipped_frames`).
    """
    if (question_ids is None) == (topic is None):
        raise ValueError("Choose the questions with either question ids or a topic (not both).")
    if topic is not None:
        questions = list(load(topic))
    else:
        ids = [q.strip() for q in question_ids if q.strip()]
        if not ids:
            raise ValueError("No question ids given; `workbook list` shows them.")
        repeated = sorted({q for q in ids if ids.count(q) > 1})
        if repeated:
            raise ValueError(f"Each question can be assigned once. Repeated: {', '.join(repeated)}.")
        questions = [find_question(q) for q in ids]
    if level is not None:
        if level not in LEVELS:
            raise ValueError(f"The level must be one of {', '.join(LEVELS)}. Got {level!r} instead.")
        if topic is not None:
            kept = [q for q in questions if q.level == level]
            if not kept:
                raise ValueError(f"Topic {topic} has no {level} questions.")
            needed = {r.id for q in kept for r in requirements(q)}
            questions = [q for q in questions if q.level == level or q.id in needed]
        else:
            other = [f"{q.id} ({q.level})" for q in questions if q.level != level]
            if other:
                raise ValueError(f"Not {level} questions: {', '.join(other)}. Drop --level or these ids.")
    for attr in ("name", "short"):
        seen = {}
        for q in questions:
            key = getattr(q, attr)
            if key in seen:
                raise ValueError(f"Questions {seen[key]} and {q.id} both use the name {key!r}; "
                                 "assign only one of them.")
            seen[key] = q.id
    chosen = {q.id for q in questions}
    missing = {q.id: [r for r in requirements(q) if r.id not in chosen] for q in questions}
    missing = {qid: rs for qid, rs in missing.items() if rs}
    if missing:
        qid, rs = next(iter(missing.items()))
        raise ValueError(f"{qid} builds on {', '.join(f'`{r.name}` ({r.id})' for r in rs)}, which the candidate "
                         f"could not write from its prompt alone: assign {', '.join(r.id for r in rs)} too.")
    shipped_frames(questions)
    return questions


def requirements(question: Question) -> list[Question]:
    """The function questions of the same notebook whose function ``question``'s prompt builds on.

    A prompt that names another question's function in backticks (as in "use your `campaign_profit`") asks the
    candidate to use it, so an assignment needs that question too.

    Parameters
    ----------
    question : Question

    Returns
    -------
    list of Question
        In notebook order; empty for a question that stands alone.
    """
    notebook = next(nb for nb, q in all_questions() if q.id == question.id)
    named = set(re.findall(r"`([A-Za-z_]\w*)(?:\(|`)", question.prompt.render("en")))
    return [q for q in load(notebook) if q.id != question.id and q.kind == "function" and q.name in named]


def shipped_frames(questions: list[Question]) -> tuple[str, ...]:
    """The frames an assignment of these questions ships in ``data/``: raw inputs only.

    Each exercises module declares ``INPUT_FRAMES`` (what its questions work from; default the
    raw frames) and ``ANSWER_FRAMES`` (what its answers build, e.g. the customer table of
    notebook 02). The raw frames always ship; the customer table ships when a question reads it.

    Parameters
    ----------
    questions : list of Question

    Returns
    -------
    tuple of str
        Names among ``customers``, ``order_lines``, ``sessions``, ``customer_table``.

    Raises
    ------
    ValueError
        When a frame one question reads is what another question's answer builds: shipping it
        would hand over that answer.
    """
    topic = {q.id: name for name, q in all_questions()}
    reads, builds = set(RAW_FRAMES), {}
    for q in questions:
        module = exercise_module(topic[q.id])
        reads |= set(getattr(module, "INPUT_FRAMES", RAW_FRAMES))
        for frame in getattr(module, "ANSWER_FRAMES", ()):
            builds.setdefault(frame, []).append(q.id)
    clash = sorted(set(builds) & reads)
    if clash:
        readers = [q.id for q in questions if set(getattr(exercise_module(topic[q.id]), "INPUT_FRAMES", RAW_FRAMES))
                   & set(clash)]
        raise ValueError(f"{', '.join(builds[clash[0]])} ask the candidate to build the {clash[0]} that "
                         f"{', '.join(readers)} take as input; shipping it would give the answers away. "
                         "Assign them in separate assignments.")
    return tuple(f for f in _FRAMES if f in reads)


def expected_minutes(question: Question) -> float:
    """Minutes a candidate is expected to need (see :data:`MINUTES_PER_QUESTION`, :data:`MINUTES_PER_POINT`).

    Parameters
    ----------
    question : Question

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For a kind without a rule (value questions).
    """
    if question.kind in MINUTES_PER_QUESTION:
        return float(MINUTES_PER_QUESTION[question.kind])
    if question.kind in MINUTES_PER_POINT:
        return float(MINUTES_PER_POINT[question.kind] * question.points)
    raise ValueError(f"No expected time for {question.kind} questions ({question.id}).")


# -- the candidate's notebook ------------------------------------------------------------------
_L = {
    "title": T("Customer value assessment · assignment", "客户价值评估 · 测评"),
    "candidate": T("Candidate: **{name}**", "候选人：**{name}**"),
    "summary": T("{n}, {points}, about {minutes:g} minutes.", "共 {n}，{points}，预计约 {minutes:g} 分钟。"),
    "how": T("How to work", "作答说明"),
    "run_setup": T("Run the set-up cell first: it loads this assignment's shop data from `data/`.",
                   "先运行设置单元格：它会从 `data/` 读取本次测评的商店数据。"),
    "exam_tools": T("pandas, numpy and scikit-learn are available; import what you need in your answer "
                    "cells.",
                    "可以使用 pandas、numpy 和 scikit-learn；请在答题单元格中自行导入所需内容。"),
    "stub": T("Answer each question in the code cell below it, in place of the stub. Keep the names "
              "the stub defines: that function or variable is what gets graded.",
              "在每道题下方的代码单元格中作答，替换掉占位代码。请保留占位代码定义的名称：评分针对的就是该函数或变量。"),
    "general": T("Functions and models are graded on other variants of the shop as well, so write them "
                 "for any data of the same shape, not for these files only.",
                 "函数和模型还会在商店的其他数据变体上评分，因此请针对任何同样结构的数据编写，而不只是这些文件。"),
    "open": T("For open questions, write your answer as text inside the string.",
              "开放题请把答案以文字写在字符串中。"),
    "cells": T("Do not delete, split or copy the answer cells; add your own cells for exploring.",
               "不要删除、拆分或复制答题单元格；探索性的代码请写在你自己新增的单元格里。"),
    "practice": T("Each answer cell ends with a check call: run the cell to see whether your answer is "
                  "right. `ex.<question>.hint()` shows a hint, `ex.<question>.solution()` the "
                  "reference solution (try first).",
                  "每个答题单元格末尾都有检查调用：运行单元格即可看到答案是否正确。"
                  "`ex.<题目>.hint()` 显示提示，`ex.<题目>.solution()` 显示参考答案（请先自己尝试）。"),
    "return": T("When you are done, save the notebook and return `assignment.ipynb`.",
                "完成后保存 notebook，并交回 `assignment.ipynb`。"),
    "data": T("The data", "数据"),
    "customers": T("one row per customer", "每位客户一行"),
    "order_lines": T("one row per order line; a return is a line with a negative `quantity`",
                     "每条订单明细一行；退货是 `quantity` 为负的一行明细"),
    "sessions": T("one row per customer and day with a visit", "每位客户每个有访问的日期一行"),
    "customer_table": T("one row per customer active before `SNAPSHOT`: features, `future_spend` and the "
                        "`high_value` label",
                        "快照 `SNAPSHOT` 之前活跃的每位客户一行：特征、`future_spend` 与 `high_value` 标签"),
    "frame": T("`{name}`: {what}. Columns: {columns}", "`{name}`：{what}。列：{columns}"),
    "calendar": T("`SNAPSHOT`, `WINDOW_END`: features use history strictly before `SNAPSHOT`; labels "
                  "come from `[SNAPSHOT, WINDOW_END)`.",
                  "`SNAPSHOT`、`WINDOW_END`：特征只能使用 `SNAPSHOT` 之前的历史；标签来自 `[SNAPSHOT, WINDOW_END)`。"),
    "question": T("Question {i}", "第 {i} 题"),
    "meta": T("{points} · about {minutes:g} minutes", "{points} · 约 {minutes:g} 分钟"),
    "choose_one": T("Set `{name}` to the letter of the right option.", "把 `{name}` 设为正确选项的字母。"),
    "value_setup": T("The next cell prepares {names} from this assignment's data: run it before you answer.",
                     "下一个单元格会用本次测评的数据准备好 {names}：作答前请先运行它。"),
    "choose_set": T("Set `{name}` to the set of letters of every right option.",
                    "把 `{name}` 设为所有正确选项字母组成的集合。"),
}
_UNITS = {"question": "道题", "point": "分"}


def _count(n: float, unit: str) -> T:
    """``"1 point"``, ``"2.5 points"`` / ``"2.5 分"``."""
    return T(f"{n:g} {unit}{'' if n == 1 else 's'}", f"{n:g} {_UNITS[unit]}")


def _timestamp(ts: pd.Timestamp) -> str:
    return f'pd.Timestamp("{ts:%Y-%m-%d}")' if ts == ts.normalize() else f'pd.Timestamp("{ts.isoformat()}")'


def _dtypes_literal(frame: pd.DataFrame) -> str:
    lines, line = [], ""
    for column, dtype in frame.dtypes.astype(str).items():
        item = f'"{column}": "{dtype}",'
        if line and len(line) + 1 + len(item) > 96:
            lines.append(line)
            line = ""
        line = f"{line} {item}" if line else item
    lines.append(line)
    return "{\n" + "".join(f"    {line}\n" for line in lines) + "}"


_COUNTS = {"customers": "customers", "order_lines": "order lines", "sessions": "session days",
           "customer_table": "rows in the customer table"}


def _exam_setup(frames: dict[str, pd.DataFrame], snapshot, window_end) -> str:
    """Plain pandas code that reads ``data/`` back into frames equal to the generator's.

    ``frames`` holds the shipped frames only (see :func:`shipped_frames`).
    """
    files = _data_files()
    reads = "\n".join(f'{name} = read_data("{files[name]}", {_dtypes_literal(frame)})'
                      for name, frame in frames.items())
    counts = ", ".join(f"{{len({name}):,}} {_COUNTS[name]}" for name in frames)
    return f'''\
import numpy as np
import pandas as pd
import sklearn  # scikit-learn is available: from sklearn.pipeline import make_pipeline, ...

SNAPSHOT = {_timestamp(snapshot)}  # features use history strictly before this instant
WINDOW_END = {_timestamp(window_end)}  # labels come from the window [SNAPSHOT, WINDOW_END)


def read_data(file_name, dtypes):
    """Read one file of data/ with its column types; an empty field is a missing value."""
    dates = [column for column, dtype in dtypes.items() if dtype.startswith("datetime")]
    frame = pd.read_csv(f"data/{{file_name}}", dtype={{c: t for c, t in dtypes.items() if c not in dates}},
                        parse_dates=dates, keep_default_na=False, na_values=[""])
    return frame.astype({{column: dtypes[column] for column in dates}})


{reads}
print(f"{counts}")'''


_MISSING_GRADER = T(
    "This practice assignment checks your answers with the workbook's `grader` package, which is not "
    "installed in the Python that runs this notebook. In a terminal, run\n\n    {python} -m pip install "
    "\"{source}\"\n\nthen restart the kernel and run this cell again.",
    "本练习用练习册的 `grader` 包检查答案，但运行本 notebook 的 Python 环境中没有安装它。请在终端运行\n\n"
    "    {python} -m pip install \"{source}\"\n\n然后重启内核，再运行本单元格。")


def _practice_setup(frames, snapshot, window_end, question_ids: list[str], lang: str, seed: int,
                    grader_source: str) -> str:
    """The exam set-up plus the questions bound for this candidate, with a clear message without ``grader``."""
    message = _MISSING_GRADER.render(lang)
    return f'''\
import sys

try:
    import grader
    from grader.registry import bind
except ModuleNotFoundError as missing:
    message = {message!r}
    raise ModuleNotFoundError(message.format(python=sys.executable, source={grader_source!r})) from missing

grader.setup(lang="{lang}")
ex = bind({question_ids!r}, seed={seed})  # this assignment's questions: ex.<question>.check(...)

{_exam_setup(frames, snapshot, window_end)}'''


def _data_files() -> dict[str, str]:
    return {**FILE_NAMES, "customer_table": CUSTOMER_TABLE_FILE}


def _intro(questions, frames, lang, mode, learner) -> str:
    r = lambda key, **kw: _L[key].format(**kw).render(lang)  # noqa: E731
    points = sum(q.points for q in questions)
    minutes = sum(expected_minutes(q) for q in questions)
    lines = [f"# {r('title')}", ""]
    if learner:
        lines += [r("candidate", name=learner), ""]
    lines += [r("summary", n=_count(len(questions), "question"), points=_count(points, "point"), minutes=minutes),
              "", f"**{r('how')}**", ""]
    steps = ["run_setup"] + (["exam_tools", "stub", "general"] if mode == "exam"
                             else ["stub", "practice", "general"]) + ["open", "cells", "return"]
    lines += [f"- {r(s)}" for s in steps]
    lines += ["", f"**{r('data')}**", ""]
    for name in frames:
        columns = ", ".join(f"`{c}`" for c in frames[name].columns)
        lines.append(f"- {r('frame', name=name, what=_L[name], columns=columns)}")
    lines.append(f"- {r('calendar')}")
    return "\n".join(lines)


def _question_markdown(i: int, q: Question, lang: str) -> str:
    meta = _L["meta"].format(points=_count(q.points, "point"), minutes=expected_minutes(q)).render(lang)
    parts = [f"## {_L['question'].format(i=i).render(lang)} · {q.title.render(lang)}", f"*{meta}*",
             q.prompt.render(lang)]
    if isinstance(q, ChoiceQuestion):
        parts.append(q.options_markdown(lang))
        parts.append(_L["choose_set" if q.multiple else "choose_one"].format(name=q.name).render(lang))
    if isinstance(q, ValueQuestion) and q.setup:
        parts.append(_L["value_setup"].format(names=", ".join(f"`{a}`" for a in q.arg_names)).render(lang))
    return "\n\n".join(p for p in parts if p)


def _exercise_source(q: Question, mode: str) -> str:
    return q.stub_source() if mode == "practice" else q.stub_source().rsplit("\n\n", 1)[0]


def assignment_notebook(questions: list[Question], frames: dict[str, pd.DataFrame], *, seed: int,
                        lang: str = "en", mode: str = "exam", learner: str | None = None,
                        secret: str | None = None, snapshot=None, window_end=None,
                        grader_source: str = DEFAULT_GRADER_SOURCE) -> nbformat.NotebookNode:
    """The candidate's notebook for chosen questions (see the module docstring for its cells).

    Parameters
    ----------
    questions : list of Question
        From :func:`choose_questions`, bound to the candidate (``q.for_assignment(seed)``: the
        choice letters shown are theirs).
    frames : dict of DataFrame
        The shipped frames of the variant (see :func:`shipped_frames`), in order: their columns
        are listed for the candidate, their dtypes are what the set-up cell reads.
    seed : int
        The variant's seed.
    lang : {"en", "zh"}
    mode : {"practice", "exam"}
    learner : str, optional
        The candidate, recorded as the learner id.
    secret : str, optional
        The signing key; ``None`` leaves the assignment unsigned.
    snapshot, window_end : Timestamp, optional
        Default: :data:`grader.shop.SNAPSHOT` and :data:`grader.shop.WINDOW_END`.
    grader_source : str
        What the practice set-up tells the candidate to ``pip install`` when ``grader`` is missing
        (a distribution name, a wheel, or ``git+https://...``).

    Returns
    -------
    NotebookNode
        A valid nbformat v4 notebook.
    """
    from .shop import SNAPSHOT, WINDOW_END

    if mode not in MODES:
        raise ValueError(f"The mode must be one of {', '.join(MODES)}. Got {mode!r} instead.")
    if lang not in LANGUAGES:
        raise ValueError(f"The language must be one of {', '.join(LANGUAGES)}. Got {lang!r} instead.")
    ids = [q.id for q in questions]
    assignment = {"questions": ids, "seed": seed, "lang": lang, "mode": mode, "learner": learner}
    assignment["signature"] = sign(assignment, secret)
    snapshot = SNAPSHOT if snapshot is None else snapshot
    window_end = WINDOW_END if window_end is None else window_end
    setup = (_practice_setup(frames, snapshot, window_end, ids, lang, seed, grader_source) if mode == "practice"
             else _exam_setup(frames, snapshot, window_end))
    cells = [new_markdown_cell(_intro(questions, frames, lang, mode, learner)), new_code_cell(setup)]
    for i, q in enumerate(questions, 1):
        cells.append(new_markdown_cell(_question_markdown(i, q, lang)))
        if isinstance(q, ValueQuestion) and q.setup:
            cells.append(new_code_cell(q.setup))
        cells.append(new_code_cell(_exercise_source(q, mode), metadata={"tags": [f"{TAG_PREFIX}{q.id}"]}))
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "workbook": {"topic": "assignment", "learner": learner, "assignment": assignment},
    })
    nbformat.validate(nb)
    return nb


# -- the interviewer's guide -------------------------------------------------------------------
_G = {
    "title": T("Interview assignment · interviewer's guide", "面试测评 · 面试官指南"),
    "keep": T("This file is the answer key: keep it. Give the candidate the folder `{folder}` only (the "
              "notebook and its data).",
              "本文件是答案：请自行保管。只把 `{folder}` 文件夹（notebook 与数据）交给候选人。"),
    "candidate": T("candidate", "候选人"), "seed": T("data seed", "数据种子"), "mode": T("mode", "模式"),
    "lang": T("language", "语言"), "questions": T("questions", "题目"),
    "total": T("{n}, {points}, about {minutes:g} minutes", "{n}，{points}，约 {minutes:g} 分钟"),
    "signed": T("signed", "签名"),
    "signed_yes": T("yes (HMAC-SHA256 keyed by `{env}`)", "是（以 `{env}` 为密钥的 HMAC-SHA256）"),
    "signed_no": T("**no**: `{env}` was not set, so grading cannot detect an edited question list or seed",
                   "**否**：未设置 `{env}`，评分时无法发现被改动的题目列表或种子"),
    "grading": T("Grading", "评分"),
    "grade_cmd": T("Put the candidate's returned `{notebook}` in place of the one below (its set-up cell reads "
                   "the `data/` folder beside it) and grade it with the same `{env}` as when this assignment "
                   "was made, or grading reports the signature problem:",
                   "把候选人交回的 `{notebook}` 放到下面路径处替换原文件（其设置单元格读取旁边的 `data/` 文件夹），"
                   "并在 `{env}` 与生成本测评时相同的情况下评分，否则评分会报告签名问题："),
    "grade_auto": T("Function and estimator questions are graded automatically, on hidden variants of the shop "
                    "as well; choice questions automatically; open questions are scored by you with the rubric "
                    "below.",
                    "函数题与模型题自动评分（也会在商店的隐藏数据变体上评分）；选择题自动评分；开放题由你按下面的评分标准打分。"),
    "time_rule": T("Expected time: {rule}.", "预计用时：{rule}。"),
    "rule_flat": T("{kind} {minutes} min", "{kind} {minutes} 分钟"),
    "rule_point": T("{kind} {minutes} min per point", "{kind} 每分 {minutes} 分钟"),
    "meta": T("{kind} · {level} · {points} · about {minutes:g} minutes",
              "{kind} · {level} · {points} · 约 {minutes:g} 分钟"),
    "prompt": T("Prompt", "题目"),
    "on_variant": T("Expected on this candidate's data (seed {seed}): `{value}`",
                    "在该候选人的数据（种子 {seed}）上的期望结果：`{value}`"), "options": T("Options", "选项"),
    "model": T("Model answer", "参考答案"),
    "right": T("Right: {letters}", "正确答案：{letters}"),
    "rubric": T("Rubric", "评分标准"), "criterion": T("criterion", "标准"), "points": T("points", "分值"),
    "hints": T("Hints (give them one at a time if the candidate is stuck)", "提示（候选人卡住时逐条给出）"),
    "followups": T("Follow-up questions (ask them in order: each goes one level deeper)",
                   "追问（按顺序提问，每一问更深一层）"),
    "probe": T("Probe ({name}): what goes wrong with the approach below, and how does your answer avoid it? "
               "— *{message}*",
               "追问（{name}）：下面这种做法错在哪里？你的答案如何避免？——*{message}*"),
    "why_not": T("Why not option {letter})? — *{why}*", "为什么不选 {letter})？——*{why}*"),
    "why_right": T("Why option {letter})? — *{why}*", "为什么选 {letter})？——*{why}*"),
    "rubric_probe": T("If the answer does not cover it, ask: “{criterion}”?",
                      "如果答案没有涉及，追问：“{criterion}”？"),
    "edge_cases": T("How would you test your answer? Which awkward inputs would you try first?",
                    "你会如何测试自己的答案？会先试哪些棘手的输入？"),
    "hidden_data": T("Would your answer still be right on another month of this shop's data? Why?",
                     "换成该商店另一个月份的数据，你的答案还正确吗？为什么？"),
}
_KINDS = {"function": T("function", "函数题"), "estimator": T("estimator", "模型题"),
          "choice": T("choice", "选择题"), "value": T("value", "计算题"), "open": T("open", "开放题")}
_LEVELS = {"junior": T("junior", "初级"), "mid": T("mid-level", "中级"), "senior": T("senior", "高级"),
           "": T("any level", "不限级别")}


def _time_rule(lang: str) -> str:
    rules = [_G["rule_flat"].format(kind=_KINDS[k], minutes=m) for k, m in MINUTES_PER_QUESTION.items()]
    rules += [_G["rule_point"].format(kind=_KINDS[k], minutes=m) for k, m in MINUTES_PER_POINT.items()]
    sep = "，" if lang == "zh" else ", "
    return _G["time_rule"].format(rule=sep.join(r.render(lang) for r in rules)).render(lang)


def _model_answer(q: Question, lang: str, seed: int) -> list[str]:
    r = lambda key, **kw: _G[key].format(**kw).render(lang)  # noqa: E731
    out = [f"**{r('model')}**", ""]
    if isinstance(q, ChoiceQuestion):
        right = sorted(q.answer) if q.multiple else [q.answer]
        out += [r("right", letters=", ".join(f"{x})" for x in right)), ""]
        for letter, option in q.options.items():
            mark = "✓" if letter in right else "✗"
            why = q.explanations.get(letter)
            out.append(f"- {mark} {letter}) {option.render(lang)}" + (f" — {why.render(lang)}" if why else ""))
    elif isinstance(q, OpenQuestion):
        out += [q.model_answer.render(lang), "", f"**{r('rubric')}**", "",
                f"| {r('criterion')} | {r('points')} |", "|---|---|"]
        out += [f"| {criterion.render(lang)} | {points:g} |" for criterion, points in q.rubric]
    else:
        out += ["```python", q.solution_code(), "```"]
        if isinstance(q, ValueQuestion):
            out += ["", r("on_variant", seed=seed, value=repr(q.expected()))]
    return out


def _followups(q: Question, lang: str) -> list[str]:
    asks = list(q.follow_ups)
    for m in getattr(q, "misconceptions", ()):
        asks.append(_G["probe"].format(name=f"`{m.name}`", message=m.message))
    if isinstance(q, ChoiceQuestion):
        right = set(q.answer) if q.multiple else {q.answer}
        for letter in q.options:
            why = q.explanations.get(letter)
            if why is not None:
                asks.append(_G["why_right" if letter in right else "why_not"].format(letter=letter, why=why))
    elif isinstance(q, OpenQuestion):
        asks += [_G["rubric_probe"].format(criterion=criterion) for criterion, _ in q.rubric]
    else:
        asks += [_G["edge_cases"], _G["hidden_data"]]
    return [f"- {a.render(lang)}" for a in asks]


def interviewer_guide(questions: list[Question], assignment: dict, notebook_path, roster=None) -> str:
    """The interviewer's Markdown guide: the assignment, how to grade it, and per question the answer.

    Parameters
    ----------
    questions : list of Question
    assignment : dict
        ``metadata["workbook"]["assignment"]`` of the candidate's notebook.
    notebook_path : path-like
        Where the candidate's notebook was written (shown in the grading command).
    roster : path-like, optional
        The roster that records this assignment (shown in the grading command).

    Returns
    -------
    str
        Per question: id, kind, level, points, expected time, prompt (and options), model answer
        (reference code and, for a value question, its value on the candidate's data; right
        letters with explanations; or model answer and rubric), hints, and follow-up questions:
        the question's declared ``follow_ups`` in order, then probes from the recorded
        misconceptions, the explanations or the rubric.
    """
    lang = assignment["lang"]
    r = lambda key, **kw: _G[key].format(**kw).render(lang)  # noqa: E731
    notebook_path = Path(notebook_path)
    points = sum(q.points for q in questions)
    minutes = sum(expected_minutes(q) for q in questions)
    total = r("total", n=_count(len(questions), "question"), points=_count(points, "point"), minutes=minutes)
    signed = r("signed_yes", env=SECRET_ENV) if assignment.get("signature") else r("signed_no", env=SECRET_ENV)
    lines = [f"# {r('title')}", "", r("keep", folder=f"{notebook_path.parent.name}/"), "",
             "| | |", "|---|---|",
             f"| {r('candidate')} | {assignment.get('learner') or '—'} |",
             f"| {r('seed')} | {assignment['seed']} |",
             f"| {r('mode')} | {assignment['mode']} |",
             f"| {r('lang')} | {lang} |",
             f"| {r('questions')} | {total} |",
             f"| {r('signed')} | {signed} |",
             "", f"## {r('grading')}", "",
             r("grade_cmd", notebook=notebook_path.name, env=SECRET_ENV), "",
             "```bash", f"{SECRET_ENV}=... workbook grade {notebook_path.as_posix()}"
             + (f" --roster {Path(roster).as_posix()}" if roster else "")
             + " --seed PRIVATE --json grades.json", "```", "",
             r("grade_auto"), "", _time_rule(lang)]
    for i, q in enumerate(questions, 1):
        meta = r("meta", kind=_KINDS[q.kind], level=_LEVELS[q.level], points=_count(q.points, "point"),
                 minutes=expected_minutes(q))
        lines += ["", f"## {i}. `{q.id}` · {q.title.render(lang)}", "", f"*{meta}*", "",
                  f"**{r('prompt')}** {q.prompt.render(lang)}", ""]
        lines += _model_answer(q, lang, assignment["seed"])
        if q.hints:
            lines += ["", f"**{r('hints')}**", ""]
            lines += [f"{n}. {h.render(lang)}" for n, h in enumerate(q.hints, 1)]
        lines += ["", f"**{r('followups')}**", ""] + _followups(q, lang)
    return "\n".join(lines) + "\n"


# -- writing an assignment ---------------------------------------------------------------------
@dataclass(frozen=True)
class Assignment:
    """What :func:`write_assignment` wrote.

    Attributes
    ----------
    notebook : Path
        ``<out>/candidate/assignment.ipynb``.
    data : list of Path
        The data files in ``<out>/candidate/data/``.
    guide : Path
        ``<out>/INTERVIEWER.md`` (outside the candidate's folder).
    questions : list of Question
        As the candidate sees them (bound to the seed: their choice letters).
    signed : bool
    git_work_tree : Path or None
        The git work tree ``out`` lies in, if any; ``out`` then holds a ``.gitignore`` that makes
        git (and ruff) ignore the whole folder.
    """

    notebook: Path
    data: list
    guide: Path
    questions: list
    signed: bool
    git_work_tree: Path | None = None


def git_work_tree(path) -> Path | None:
    """The root of the git work tree that holds ``path`` (which need not exist yet), or ``None``.

    Parameters
    ----------
    path : path-like

    Returns
    -------
    Path or None
        The nearest ancestor of ``path`` (or ``path`` itself) that has a ``.git`` entry.
    """
    path = Path(path).expanduser().resolve()
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _ignore_in_git(out: Path) -> Path | None:
    """Make git ignore ``out`` when it lies inside a work tree; the work tree's root, or ``None``."""
    root = git_work_tree(out)
    if root is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / ".gitignore").write_text(
            "# Written by `workbook assign`: an interview folder holds the answer key (INTERVIEWER.md).\n*\n",
            encoding="utf-8")
    return root


def write_assignment(out, *, seed: int, question_ids=None, topic: str | None = None, lang: str = "en",
                     mode: str = "exam", candidate: str | None = None, secret: str | None = None,
                     level: str | None = None, grader_source: str = DEFAULT_GRADER_SOURCE,
                     roster=None) -> Assignment:
    """Write an interview assignment: the candidate's folder and the interviewer's guide.

    Parameters
    ----------
    out : path-like
        The folder to write; its ``candidate/`` subfolder must not exist yet. Inside a git work
        tree it gets a ``.gitignore`` so that nothing of it is committed (see :class:`Assignment`).
    seed : int
        The candidate's data variant (a non-negative int).
    question_ids : iterable of str, optional
    topic : str, optional
        Exactly one of ``question_ids`` and ``topic`` (see :func:`choose_questions`).
    lang : {"en", "zh"}
    mode : {"practice", "exam"}
    candidate : str, optional
        Recorded as the notebook's learner id.
    secret : str, optional
        The signing key (the CLI passes ``WORKBOOK_SECRET``); ``None``: unsigned.
    level : {"junior", "mid", "senior"}, optional
        See :func:`choose_questions`.
    grader_source : str
        What a practice assignment tells the candidate to ``pip install`` (see
        :func:`assignment_notebook`).
    roster : path-like, optional
        A roster file (:mod:`grader.grading.roster`) in which to record that ``candidate`` got
        this assignment (needs ``candidate``); ``workbook grade --roster`` checks against it.

    Returns
    -------
    Assignment

    Raises
    ------
    LookupError
        For unknown question ids or topics.
    ValueError
        For a bad seed, level, mode or language, questions that cannot go together (see
        :func:`choose_questions`), an existing candidate folder, or a candidate already in the roster.
    """
    chosen = choose_questions(question_ids, topic, level)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"The seed must be a non-negative int. Got {seed!r} instead.")
    if mode not in MODES:
        raise ValueError(f"The mode must be one of {', '.join(MODES)}. Got {mode!r} instead.")
    out = Path(out)
    folder = out / CANDIDATE_DIR
    if folder.exists():
        raise ValueError(f"{folder} already exists; choose another --out folder or remove it first.")
    questions = [q.for_assignment(seed) for q in chosen]
    shop = generate_shop(seed=seed)
    names = shipped_frames(chosen)
    frames = {"customers": shop.customers, "order_lines": shop.order_lines, "sessions": shop.sessions}
    if "customer_table" in names:
        frames["customer_table"] = build_customer_table(shop)
    frames = {name: frames[name] for name in names}
    nb = assignment_notebook(questions, frames, seed=seed, lang=lang, mode=mode, learner=candidate or None,
                             secret=secret, snapshot=shop.snapshot, window_end=shop.window_end,
                             grader_source=grader_source)
    if roster is not None:  # recorded before anything is written: a repeated candidate is refused
        from .grading.roster import Roster

        roster = Roster.read(roster, missing_ok=True)
        roster.record(candidate, nb.metadata["workbook"]["assignment"], folder / NOTEBOOK_NAME)
    root = _ignore_in_git(out)
    data = write_shop(shop, folder / DATA_DIR)
    if "customer_table" in frames:
        data.append(write_customer_table(frames["customer_table"], folder / DATA_DIR))
    notebook = write(nb, folder / NOTEBOOK_NAME)
    if roster is not None:
        roster.write()
    guide = out / GUIDE_NAME
    guide.write_text(interviewer_guide(questions, nb.metadata["workbook"]["assignment"], notebook,
                                       roster.path if roster is not None else None),
                     encoding="utf-8")
    return Assignment(notebook=notebook, data=data, guide=guide, questions=questions,
                      signed=nb.metadata["workbook"]["assignment"]["signature"] is not None, git_work_tree=root)


# -- the CI template ---------------------------------------------------------------------------
def _notebook_topics(root=None) -> list[str]:
    """The notebooks with questions in ``<root>/notebooks/``, else in this project's ``notebooks/``."""
    known = notebook_names()
    for folder in ([Path(root) / "notebooks"] if root is not None else []) + [NOTEBOOK_DIR]:
        if folder.is_dir():
            return [p.stem for p in sorted(folder.glob("[0-9][0-9]_*.ipynb")) if p.stem in known]
    return known


#: a grader source the student does not control: a pinned release, or a repository URL at a fixed ref
_PINNED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9][A-Za-z0-9.+!-]*"  # a release
                     r"|git\+https://[^\s@\"'$`;&|]+@[A-Za-z0-9][A-Za-z0-9._/-]*"  # a repository at a ref
                     r"|https://[^\s\"'$`;&|]+\.(?:whl|tar\.gz)")  # an archive


def check_grader_source(source: str) -> str:
    """Check that ``source`` pins the grader somewhere the student's repository does not control.

    Parameters
    ----------
    source : str
        A pip requirement: ``customer-value-workbook==0.1.0`` (a pinned release),
        ``git+https://github.com/<instructor>/<workbook>@v1`` (the instructor's repository at a tag
        or commit), or an ``https://`` URL of a wheel or source archive.

    Returns
    -------
    str
        ``source``, stripped.

    Raises
    ------
    ValueError
        For a local path (``.``, ``-e .``: the student's own repository), an unpinned name or
        repository, or characters that would break out of the shell command.
    """
    source = str(source).strip()
    if not _PINNED.fullmatch(source):
        raise ValueError(
            "The grader source must be pinned and outside the student's repository: a release "
            "('customer-value-workbook==0.1.0'), the instructor's repository at a tag or commit "
            f"('git+https://github.com/<instructor>/<workbook>@v1') or a wheel URL. Got {source!r} instead.")
    return source


def _autograded_points(topic: str) -> float:
    return float(sum(q.points for q in load(topic) if not isinstance(q, OpenQuestion)))


def autograding_config(topics=None, *, grader_source: str, pass_mark: float = 100.0) -> dict:
    """The GitHub Classroom autograding config: one ``workbook grade --fail-under`` test per notebook.

    Parameters
    ----------
    topics : list of str, optional
        Notebook names such as ``"00_start_here"``; default: the notebooks with questions in this
        project's ``notebooks/`` folder.
    grader_source : str
        Where the runner installs the grader from (see :func:`check_grader_source`).
    pass_mark : float
        The percentage of a notebook's automatically graded points it needs to pass.

    Returns
    -------
    dict
        ``{"tests": [{"name", "setup", "run", "input", "output", "comparison", "timeout",
        "points"}, ...]}``; a test is worth its notebook's automatically graded points (open
        answers are scored by a person), all or nothing; ``timeout`` is in minutes.

    Raises
    ------
    ValueError
        For an unpinned grader source or a pass mark outside 0..100.
    """
    source = check_grader_source(grader_source)
    if not 0 <= pass_mark <= 100:
        raise ValueError(f"The pass mark must be a percentage from 0 to 100. Got {pass_mark!r} instead.")
    tests = []
    for topic in _notebook_topics() if topics is None else topics:
        tests.append({
            "name": f"{topic} (workbook grade, {pass_mark:g}% to pass)",
            "setup": templates.AUTOGRADING_SETUP.format(grader_source=source),
            "run": templates.AUTOGRADING_RUN.format(notebook=f"notebooks/{topic}.ipynb", topic=topic[:2],
                                                    pass_mark=pass_mark),
            "input": "",
            "output": "",
            "comparison": "included",
            "timeout": 15,
            "points": _autograded_points(topic),
        })
    return {"tests": tests}


def workflow(*, grader_source: str, pass_mark: float = 100.0) -> str:
    """The GitHub Actions workflow text (see :data:`grader.templates.WORKFLOW`).

    Parameters
    ----------
    grader_source : str
        See :func:`check_grader_source`.
    pass_mark : float
        See :func:`autograding_config`.

    Returns
    -------
    str
    """
    source = check_grader_source(grader_source)
    if not 0 <= pass_mark <= 100:
        raise ValueError(f"The pass mark must be a percentage from 0 to 100. Got {pass_mark!r} instead.")
    sandbox = "\n".join(f"          {command}" for command in templates.SANDBOX_COMMANDS)
    return templates.WORKFLOW.format(grader_source=source, grader_source_comment=source, pass_mark=pass_mark,
                                     sandbox=sandbox,
                                     data_command=templates.DATA_COMMAND.format(workbook="workbook", python="python"))


def _reference_material(out: Path) -> list[str]:
    """What in a student's repository would hand over the answers: reference solutions, the grader."""
    found = [p for p in (out / "solutions", out / "grader" / "exercises") if p.is_dir() and any(p.glob("*.py"))]
    found += [p for p in out.glob("keys/*.ipynb")]
    return [str(p) for p in found]


def write_ci_template(out, *, grader_source: str, pass_mark: float = 100.0, force: bool = False) -> list[Path]:
    """Write the GitHub Actions workflow and the GitHub Classroom autograding config.

    Parameters
    ----------
    out : path-like
        The student template repository's root; files go to ``.github/workflows/workbook.yml`` and
        ``.github/classroom/autograding.json`` below it. The autograding tests are the notebooks
        with questions in ``<out>/notebooks/`` when that folder exists, else in this project's.
    grader_source : str
        Where the runner installs the grader from (see :func:`check_grader_source`).
    pass_mark : float
        The percentage of a notebook's automatically graded points it needs to pass.
    force : bool
        Replace existing files (otherwise an existing file is an error).

    Returns
    -------
    list of Path
        The two files written.

    Raises
    ------
    ValueError
        When a file exists and ``force`` is false, for an unpinned grader source or a bad pass
        mark, and when the repository holds reference solutions (``solutions/``, the grader's
        ``exercises``, answer keys): a student template repository must hold the notebooks only.
    """
    out = Path(out)
    material = _reference_material(out)
    if material:
        raise ValueError(f"{', '.join(material)}: a student template repository must not hold reference "
                         "solutions or answer keys (students can read them). Keep the notebooks only; the "
                         "workflow installs the grader from --grader-source.")
    contents = {templates.WORKFLOW_PATH: workflow(grader_source=grader_source, pass_mark=pass_mark),
                templates.AUTOGRADING_PATH: json.dumps(autograding_config(
                    _notebook_topics(out), grader_source=grader_source, pass_mark=pass_mark), indent=2) + "\n"}
    existing = [str(out / rel) for rel in contents if (out / rel).exists()]
    if existing and not force:
        raise ValueError(f"{', '.join(existing)} already exists; use --force to replace it.")
    written = []
    for rel, content in contents.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


# -- command line ------------------------------------------------------------------------------
def _cmd_assign(args) -> int:
    ids = None if args.questions is None else args.questions.split(",")
    secret = os.environ.get(SECRET_ENV) or None
    roster = None
    if args.candidate:
        from .grading.roster import ROSTER_NAME

        roster = Path(args.roster).expanduser() if args.roster else Path(args.out).expanduser() / ROSTER_NAME
    elif args.roster:
        raise ValueError("--roster records who got the assignment: give the candidate with --candidate.")
    result = write_assignment(Path(args.out).expanduser(), seed=args.seed, question_ids=ids, topic=args.topic,
                              lang=args.lang, mode=args.mode, candidate=args.candidate, secret=secret,
                              level=args.level, grader_source=args.grader_source, roster=roster)
    if not result.signed:
        print(UNSIGNED_WARNING, file=sys.stderr)
    if result.git_work_tree is not None:
        print(f"warning: {args.out} is inside the git work tree {result.git_work_tree}; it holds the answer key, "
              f"so {Path(args.out) / '.gitignore'} now keeps it out of git (and lint). Prefer a folder outside "
              "the repository, e.g. --out ~/interviews/ana.", file=sys.stderr)
    points = sum(q.points for q in result.questions)
    minutes = sum(expected_minutes(q) for q in result.questions)
    print(f"{len(result.questions)} questions, {points:g} points, about {minutes:g} minutes ({args.mode} mode)")
    print(f"give the candidate: {result.notebook.parent}")
    print(f"keep:               {result.guide}")
    if roster is not None:
        print(f"recorded in roster: {roster} (grade with --roster {roster})")
    else:
        print("warning: no --candidate, so the assignment is not in a roster: grading cannot check who hands "
              "it in.", file=sys.stderr)
    return 0


def _cmd_ci_template(args) -> int:
    for path in write_ci_template(args.out, grader_source=args.grader_source, pass_mark=args.pass_mark,
                                  force=args.force):
        print(path)
    return 0


def add_commands(sub) -> None:
    """Register the ``assign`` and ``ci-template`` subcommands.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The ``workbook`` parser's subparsers.
    """
    p = sub.add_parser("assign", help="compose an interview notebook from chosen questions and a candidate's "
                                      "data variant")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--questions", help="comma-separated question ids, e.g. fe.orders,fe.rfm")
    which.add_argument("--topic", help="every question of one notebook, e.g. 02")
    p.add_argument("--seed", type=int, required=True, help="the candidate's data variant (a non-negative int)")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the notebook and the guide")
    p.add_argument("--mode", choices=MODES, default="exam",
                   help="practice: with checks and hints; exam (default): no grader, no answers")
    p.add_argument("--candidate", help="the candidate's name or id, recorded as the learner")
    p.add_argument("--level", choices=LEVELS, help="only questions of this level (with --topic), or check that "
                                                   "every chosen question has it (with --questions)")
    p.add_argument("--grader-source", default=DEFAULT_GRADER_SOURCE,
                   help="what a practice assignment tells the candidate to pip install for its checks "
                        "(default: %(default)s; e.g. a wheel or git+https://... URL)")
    p.add_argument("--out", required=True, help="folder for INTERVIEWER.md and the candidate/ folder, best outside "
                                                "any git repository (e.g. ~/interviews/ana)")
    p.add_argument("--roster", metavar="FILE", help="roster recording who got which assignment, shared by "
                                                     "several candidates (default: OUT/roster.json)")
    p.set_defaults(func=_cmd_assign)

    p = sub.add_parser("ci-template", help="write a GitHub Actions workflow and a GitHub Classroom "
                                           "autograding config")
    p.add_argument("--out", required=True, help="the student template repository's root to write .github/ into")
    p.add_argument("--grader-source", required=True,
                   help="where CI installs the grader from, pinned and outside the students' repositories: "
                        "customer-value-workbook==0.1.0 or git+https://github.com/<instructor>/<workbook>@v1")
    p.add_argument("--pass-mark", type=float, default=100.0, metavar="PCT",
                   help="percentage of a notebook's automatically graded points needed to pass "
                        "(default: %(default)g)")
    p.add_argument("--force", action="store_true", help="replace existing files")
    p.set_defaults(func=_cmd_ci_template)
