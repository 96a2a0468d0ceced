"""Class analytics: what a batch of grades says about a class (``workbook report``).

Reads what ``workbook grade --json`` writes (several files: a class graded in batches) or a
SQLite gradebook (``--gradebook``), and computes the tables an instructor asks for: the score
distribution per notebook, each question's success rate, the most frequent misconceptions per
question, and the time-outs and errors. :func:`write_report` writes them as CSV files and as one
self-contained HTML page with the plots embedded.

Everything in a grades file is treated as learner-controlled (learner ids and file names come
from paths, topics from notebook metadata, causes and problems may quote a learner's exception):
HTML cells go through :func:`grader.grading.escape.html_text`, CSV cells through
:func:`grader.grading.escape.csv_cell`, and plot labels are drawn with mathtext off.
"""

from __future__ import annotations

import base64
import io
import json
import sqlite3
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..i18n import T
from .escape import csv_cell, html_text

__all__ = ["OUTCOMES", "ClassGrades", "read_grades", "report_tables", "write_report"]

#: outcome statuses in the order the tables show them
OUTCOMES = ("correct", "incorrect", "not_attempted", "raised", "timed_out", "uncheckable")
#: score bins of the distribution table: [0, 10), [10, 20), ..., [90, 100]
_BINS = list(range(0, 101, 10))
_SQLITE_MAGIC = b"SQLite format 3\x00"

_TEXT = {
    "title": T("Class report", "班级报告"),
    "intro": T("{submissions} graded submissions of {learners} learners in {notebooks} notebook(s); "
               "{void} not graded (listed under time-outs and errors). Open answers are scored by hand "
               "and are not part of these tables.",
               "共 {learners} 名学员在 {notebooks} 个笔记本中提交并评分 {submissions} 份；{void} 份未评分"
               "（见超时与错误）。开放题由人工评分，不计入这些表格。"),
    "scores": T("Score distribution per notebook", "各笔记本的得分分布"),
    "scores_note": T("Percent of the auto-graded points per submission.", "每份提交自动评分部分的得分百分比。"),
    "questions": T("Success rate per question", "各题正确率"),
    "questions_note": T("Share of graded submissions whose answer was fully correct; mean share of the points.",
                        "完全正确的提交所占比例；平均得分比例。"),
    "misconceptions": T("Most frequent misconceptions per question", "各题最常见的错误认识"),
    "misconceptions_note": T("The likely cause the grader named for wrong answers, most frequent first "
                             "(top {top} per question).",
                             "判分器为错误答案给出的可能原因，按出现次数排序（每题前 {top} 个）。"),
    "errors": T("Time-outs and errors", "超时与错误"),
    "errors_note": T("Answers that raised, ran out of time or could not be collected, per question; and what "
                     "went wrong while running the notebooks.",
                     "各题中抛出异常、超时或无法收集的答案；以及运行笔记本时出现的问题。"),
    "problems": T("While running the notebooks", "运行笔记本时"),
    "none": T("None.", "无。"),
    "csv": T("The same tables as CSV:", "相同表格的 CSV 文件："),
    "score_axis": T("score (% of auto-graded points)", "得分（自动评分部分的百分比）"),
    "submissions_axis": T("submissions", "提交数"),
    "success_axis": T("fully correct (share of submissions)", "完全正确（占提交的比例）"),
    "count_axis": T("answers", "答案数"),
}


@dataclass
class ClassGrades:
    """The grades of a class, one row per graded question of each submission.

    Attributes
    ----------
    answers : DataFrame
        Columns ``key`` (the submission: its path and grading seed), ``grading`` (which reading
        of it: the last one read counts), ``learner``,
        ``submission_id``, ``topic``, ``question``, ``kind``, ``outcome`` (a status of
        :data:`OUTCOMES`), ``points``, ``max_points``, ``manual``, ``misconception`` (the
        recorded misconception's name, or empty) and ``cause`` (the likely cause's text, or empty).
    submissions : DataFrame
        Columns ``key``, ``grading``, ``learner``, ``submission_id``, ``topic``, ``graded`` (False when the
        grade is void: an assignment that is not the learner's, a bad signature, ...).
    problems : DataFrame
        Columns ``grading``, ``topic``, ``problem``: what went wrong while running a notebook (a cell
        that raised or ran out of time, a kernel that died, why a grade is void).
    """

    answers: pd.DataFrame
    submissions: pd.DataFrame
    problems: pd.DataFrame


_ANSWER_COLUMNS = ("key", "grading", "learner", "submission_id", "topic", "question", "kind", "outcome", "points",
                   "max_points", "manual", "misconception", "cause")


def _text(value) -> str:
    return "" if value is None else str(value)


def _from_json(path: Path, answers: list, submissions: list, problems: list) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path} is not what `workbook grade --json` writes (a list of submissions).")
    for g in data:
        key = f"{_text(g.get('submission') or g.get('id'))}\x00{_text(g.get('seed'))}"
        learner, sid, topic = _text(g.get("learner")), _text(g.get("id")), _text(g.get("topic"))
        graded = not g.get("errors")
        grading = len(submissions)
        submissions.append((key, grading, learner, sid, topic, graded))
        problems.extend((grading, topic, _text(p)) for p in (g.get("problems") or []))
        if not graded:
            continue
        for q in g.get("questions") or []:
            details = q.get("details") or {}
            answers.append((key, grading, learner, sid, topic, _text(q.get("id")), _text(q.get("kind")),
                            _text(q.get("outcome")), float(q.get("points") or 0.0), float(q.get("max_points") or 0.0),
                            bool(q.get("manual")), _text(q.get("misconception")), _text(details.get("cause"))))


def _from_gradebook(path: Path, answers: list, submissions: list) -> None:
    from .gradebook import gradebook_rows

    gradings = {}
    for r in gradebook_rows(path):
        key = f"{r['submission']}\x00{r['seed']}"
        if key not in gradings:
            gradings[key] = len(submissions)
            submissions.append((key, gradings[key], _text(r["learner"]), _text(r["submission_id"]), _text(r["topic"]),
                                True))
        answers.append((key, gradings[key], _text(r["learner"]), _text(r["submission_id"]), _text(r["topic"]),
                        _text(r["question"]), _text(r["kind"]), _text(r["outcome"]), float(r["auto_points"]),
                        float(r["max_points"]), r["kind"] == "open", _text(r["misconception"]), ""))


def read_grades(paths) -> ClassGrades:
    """Read the grades of a class from ``workbook grade --json`` files and/or SQLite gradebooks.

    Parameters
    ----------
    paths : iterable of path-like
        JSON files (a class graded in batches gives several) or gradebooks (recognised by their
        SQLite header). A submission graded again (same path and grading seed) in a later file
        counts once, as the later file has it.

    Returns
    -------
    ClassGrades

    Raises
    ------
    FileNotFoundError
        If a file does not exist.
    ValueError
        If a file is neither such a JSON list nor a gradebook.
    """
    answers, submissions, problems = [], [], []
    for path in map(Path, paths):
        if not path.is_file():
            raise FileNotFoundError(f"{path} does not exist; `workbook grade --json FILE` writes the grades.")
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
        try:
            if head == _SQLITE_MAGIC:
                _from_gradebook(path, answers, submissions)
            else:
                _from_json(path, answers, submissions, problems)
        except (json.JSONDecodeError, UnicodeDecodeError, sqlite3.DatabaseError, AttributeError, TypeError) as exc:
            raise ValueError(f"{path} is neither grades written by `workbook grade --json` nor a gradebook "
                             f"({type(exc).__name__}).") from None
    subs = pd.DataFrame(submissions, columns=["key", "grading", "learner", "submission_id", "topic", "graded"])
    ans = pd.DataFrame(answers, columns=list(_ANSWER_COLUMNS))
    probs = pd.DataFrame(problems, columns=["grading", "topic", "problem"])
    # a submission graded again in a later file: the later grading replaces the earlier one whole
    subs = subs.drop_duplicates("key", keep="last")
    ans = ans[ans["grading"].isin(subs.loc[subs["graded"], "grading"])].drop_duplicates(["key", "question"])
    probs = probs[probs["grading"].isin(subs["grading"])]
    return ClassGrades(answers=ans.reset_index(drop=True), submissions=subs.reset_index(drop=True),
                       problems=probs.reset_index(drop=True))


def report_tables(grades: ClassGrades) -> dict[str, pd.DataFrame]:
    """The tables of the report (each also written as ``<name>.csv``).

    Parameters
    ----------
    grades : ClassGrades

    Returns
    -------
    dict of str to DataFrame
        ``scores``: a row per graded submission (``learner``, ``submission_id``, ``topic``,
        ``points``, ``max_points``, ``percent`` of the auto-graded points).
        ``score_distribution``: per ``topic`` and score ``bin`` (``"0-10%"`` ... ``"90-100%"``,
        left-closed, the last one closed), the number of ``submissions``.
        ``notebooks``: per topic, ``submissions``, ``not_graded`` and the ``mean``,
        ``median``, ``min`` and ``max`` percent.
        ``questions``: per topic and auto-graded question, ``submissions`` and a count per
        outcome status, ``success_rate`` (fully correct / submissions) and ``mean_score``
        (points / maximum, averaged).
        ``misconceptions``: per question and cause of its wrong answers, ``misconception``
        (the name, empty for a general cause), ``cause`` (its text, as graded), ``answers``
        and ``share`` of that question's submissions; most frequent first.
        ``errors``: the auto-graded questions with answers that raised, timed out or could not
        be collected (``raised``, ``timed_out``, ``uncheckable``).
        ``problems``: per topic and ``problem`` text, the number of ``submissions`` it hit.
    """
    ans, subs = grades.answers, grades.submissions
    auto = ans[~ans["manual"]]
    per_sub = auto.groupby("key", sort=False).agg(points=("points", "sum"), max_points=("max_points", "sum"))
    meta = subs.set_index("key")[["learner", "submission_id", "topic"]]
    scores = meta.join(per_sub, how="inner")
    scores["percent"] = (100.0 * scores["points"] / scores["max_points"].where(scores["max_points"] > 0)).fillna(0.0)
    scores = scores.reset_index(drop=True).sort_values(["topic", "learner", "submission_id"], kind="stable")

    labels = [f"{lo}-{hi}%" for lo, hi in zip(_BINS[:-1], _BINS[1:], strict=True)]
    binned = pd.cut(scores["percent"].clip(0, 100), _BINS, right=False, labels=labels, include_lowest=True)
    binned = binned.where(scores["percent"] < 100, labels[-1])
    dist = (pd.crosstab(scores["topic"], pd.Categorical(binned, categories=labels))
            .reindex(columns=labels, fill_value=0).stack().rename("submissions").reset_index())
    dist.columns = ["topic", "bin", "submissions"]

    void = subs[~subs["graded"]].groupby("topic").size().rename("not_graded")
    notebooks = scores.groupby("topic")["percent"].agg(submissions="size", mean="mean", median="median",
                                                       min="min", max="max")
    notebooks = notebooks.join(void, how="outer").fillna({"submissions": 0, "not_graded": 0})
    notebooks = notebooks.astype({"submissions": int, "not_graded": int}).reset_index()
    notebooks = notebooks[["topic", "submissions", "not_graded", "mean", "median", "min", "max"]].round(2)

    counts = pd.crosstab([auto["topic"], auto["question"]], pd.Categorical(auto["outcome"], categories=OUTCOMES),
                         dropna=False)
    counts = counts.reindex(columns=list(OUTCOMES), fill_value=0)
    counts = counts[counts.sum(axis=1) > 0]
    share = (auto["points"] / auto["max_points"].where(auto["max_points"] > 0)).fillna(0.0)
    mean_score = share.groupby([auto["topic"], auto["question"]]).mean().rename("mean_score")
    questions = counts.assign(submissions=counts.sum(axis=1)).join(mean_score)
    questions["success_rate"] = questions["correct"] / questions["submissions"]
    questions = questions.reset_index()[["topic", "question", "submissions", *OUTCOMES, "success_rate", "mean_score"]]
    questions[["success_rate", "mean_score"]] = questions[["success_rate", "mean_score"]].round(4)

    wrong = auto[(auto["outcome"] != "correct") & ((auto["misconception"] != "") | (auto["cause"] != ""))]
    group = wrong["misconception"].where(wrong["misconception"] != "", "\x00" + wrong["cause"])
    mis = (wrong.assign(group=group).groupby(["topic", "question", "group"], sort=False)
           .agg(misconception=("misconception", "first"), cause=("cause", lambda s: s.mode().iat[0] if len(s) else ""),
                answers=("key", "size")).reset_index())
    mis = mis.merge(questions[["topic", "question", "submissions"]], on=["topic", "question"])
    mis["share"] = (mis["answers"] / mis["submissions"]).round(4)
    mis = mis.sort_values(["topic", "question", "answers", "misconception", "cause"],
                          ascending=[True, True, False, True, True], kind="stable")
    mis = mis[["topic", "question", "misconception", "cause", "answers", "share"]].reset_index(drop=True)

    errors = questions.loc[questions[["raised", "timed_out", "uncheckable"]].sum(axis=1) > 0,
                           ["topic", "question", "submissions", "raised", "timed_out", "uncheckable"]]
    problems = (grades.problems.drop_duplicates(["grading", "problem"]).groupby(["topic", "problem"]).size()
                .rename("submissions").reset_index()
                .sort_values(["topic", "submissions", "problem"], ascending=[True, False, True], kind="stable"))
    return {"scores": scores, "score_distribution": dist, "notebooks": notebooks, "questions": questions,
            "misconceptions": mis, "errors": errors.reset_index(drop=True), "problems": problems.reset_index(drop=True)}


# --------------------------------------------------------------------------------------------
# writing: CSV files, plots and the HTML page
# --------------------------------------------------------------------------------------------
def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    safe = frame.copy()
    for col in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[col]):
            safe[col] = safe[col].astype(object).map(csv_cell)
    safe.to_csv(path, index=False, encoding="utf-8")
    return path


def _font_for(lang: str) -> str | None:
    """A font with CJK glyphs for Chinese plot labels, or None (labels then stay in English)."""
    if lang != "zh":
        return None
    from ..fonts import available_cjk_fonts

    found = available_cjk_fonts()
    return found[0] if found else None


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _bars(names, stacks, colours, xlabel, xlim=None, legend=None, counts=False) -> str:
    """Horizontal (stacked) bars, one per name from top to bottom, as a base64 PNG."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    names = list(names)
    fig, ax = plt.subplots(figsize=(8, 0.8 + 0.22 * len(names)))
    y = np.arange(len(names))[::-1]
    left = np.zeros(len(names))
    for values, colour in zip(stacks, colours, strict=True):
        values = np.asarray(values, dtype=float)
        ax.barh(y, values, left=left, color=colour, height=0.7)
        left += values
    ax.set_yticks(y, names)
    ax.set(xlabel=xlabel, ylim=(-0.6, len(names) - 0.4))
    if xlim:
        ax.set_xlim(*xlim)
    if counts:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if legend:
        ax.legend(legend, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return _png(fig)


def _plots(tables: dict, lang: str) -> dict[str, str]:
    """The report's figures as base64 PNG (mathtext off: a ``$`` in a topic is drawn as a ``$``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    font = _font_for(lang)
    label_lang = lang if lang == "en" or font else "en"
    rc = {"text.parse_math": False, "text.usetex": False}
    if font:
        rc.update({"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"], "axes.unicode_minus": False})

    def label(name):
        return _TEXT[name].render(label_lang)

    figures = {}
    with sns.axes_style("whitegrid"), plt.rc_context(rc), warnings.catch_warnings():  # ours after seaborn's
        # seaborn's boxplot still passes matplotlib's deprecated ``vert``: not the reader's concern
        warnings.simplefilter("ignore", matplotlib.MatplotlibDeprecationWarning)
        scores = tables["scores"]
        if len(scores):
            topics = sorted(scores["topic"].unique())
            fig, ax = plt.subplots(figsize=(8, 0.5 + 0.45 * len(topics) + 1.5))
            sns.boxplot(data=scores, x="percent", y="topic", order=topics, ax=ax, color="#9ecae1", fliersize=2)
            sns.stripplot(data=scores.sample(min(len(scores), 3000), random_state=0), x="percent", y="topic",
                          order=topics, ax=ax, size=2, alpha=0.3, color="#08519c")
            ax.set(xlim=(-2, 102), xlabel=label("score_axis"), ylabel="")
            figures["scores"] = _png(fig)
        questions = tables["questions"]
        if len(questions):
            q = questions.sort_values("success_rate", ascending=False, kind="stable")
            figures["questions"] = _bars(q["topic"] + " · " + q["question"], [q["success_rate"]], ["#31a354"],
                                         label("success_axis"), xlim=(0, 1))
        mis = tables["misconceptions"]
        named = mis[mis["misconception"] != ""].nlargest(20, "answers")
        if len(named):
            figures["misconceptions"] = _bars(named["question"] + ": " + named["misconception"], [named["answers"]],
                                              ["#de2d26"], label("count_axis"), counts=True)
        errors = tables["errors"]
        if len(errors):
            figures["errors"] = _bars(errors["topic"] + " · " + errors["question"],
                                      [errors[c] for c in ("raised", "timed_out", "uncheckable")],
                                      ["#e6550d", "#fdae6b", "#9e9ac8"], label("count_axis"),
                                      legend=("raised", "timed_out", "uncheckable"), counts=True)
    return figures


def _html_table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html_text(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for v in values:
            numeric = isinstance(v, (int, float)) and not isinstance(v, bool)
            text = f"{v:g}" if isinstance(v, float) else str(v)
            cells.append(f"<td class='num'>{html_text(text)}</td>" if numeric else f"<td>{html_text(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


_STYLE = """body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#24292f}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}th,td{border:1px solid #d0d7de;padding:.2em .6em;
text-align:left;vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f8fa}
img{max-width:100%}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}"""


def _page(tables: dict, figures: dict, grades: ClassGrades, csvs: list[Path], lang: str, top: int) -> str:
    def t(name, **kw):
        return html_text(_TEXT[name].format(**kw).render(lang) if kw else _TEXT[name].render(lang))

    def figure(name):
        return (f"<p><img id='plot-{name}' alt='{t(name)}' src='data:image/png;base64,{figures[name]}'></p>"
                if name in figures else "")

    subs = grades.submissions
    intro = t("intro", submissions=int(subs["graded"].sum()), learners=subs.loc[subs["graded"], "learner"].nunique(),
              notebooks=subs["topic"].nunique(), void=int((~subs["graded"]).sum()))
    mis = tables["misconceptions"].groupby(["topic", "question"], sort=False).head(top)
    problems = tables["problems"]
    parts = [
        "<!DOCTYPE html>", f"<html lang='{lang}'><head><meta charset='utf-8'>",
        # the page runs no script and loads nothing: learner text in it can do neither
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">",
        f"<title>{t('title')}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{t('title')}</h1>", f"<p id='intro'>{intro}</p>",
        f"<section id='scores'><h2>{t('scores')}</h2><p>{t('scores_note')}</p>", figure("scores"),
        _html_table(tables["notebooks"]), _html_table(tables["score_distribution"].pivot(
            index="topic", columns="bin", values="submissions").reset_index()) if len(tables["scores"]) else "",
        "</section>",
        f"<section id='questions'><h2>{t('questions')}</h2><p>{t('questions_note')}</p>", figure("questions"),
        _html_table(tables["questions"]), "</section>",
        f"<section id='misconceptions'><h2>{t('misconceptions')}</h2><p>{t('misconceptions_note', top=top)}</p>",
        figure("misconceptions"), _html_table(mis) if len(mis) else f"<p>{t('none')}</p>", "</section>",
        f"<section id='errors'><h2>{t('errors')}</h2><p>{t('errors_note')}</p>", figure("errors"),
        _html_table(tables["errors"]) if len(tables["errors"]) else f"<p>{t('none')}</p>",
        f"<h3>{t('problems')}</h3>", _html_table(problems) if len(problems) else f"<p>{t('none')}</p>", "</section>",
        f"<p>{t('csv')} " + ", ".join(f"<a href='{html_text(p.name)}'>{html_text(p.name)}</a>" for p in csvs) + "</p>",
        "</body></html>"]
    return "\n".join(p for p in parts if p)


def write_report(grades: ClassGrades, out, *, lang: str = "en", top: int = 5) -> Path:
    """Write the class report: ``report.html`` and a CSV file per table into ``out``.

    Parameters
    ----------
    grades : ClassGrades
        From :func:`read_grades`.
    out : path-like
        The folder to write into (created if missing).
    lang : {"en", "zh"}
        Language of the headings and plot labels (plot labels stay English when no CJK font is
        installed).
    top : int
        Misconceptions shown per question on the page (the CSV has all of them).

    Returns
    -------
    Path
        The HTML page; it embeds its plots and loads nothing else.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = report_tables(grades)
    csvs = [_write_csv(frame, out / f"{name}.csv") for name, frame in tables.items()]
    page = _page(tables, _plots(tables, lang), grades, csvs, lang, top)
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path
