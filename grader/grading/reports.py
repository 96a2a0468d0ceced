"""Reports of a batch: a terminal table, JSON, JUnit XML and a feedback page per submission.

Every text a submission controls (learner ids and file names come from its path; exception
messages, received values and open answers from its kernel) goes through
:mod:`grader.grading.escape` for the report's format. Automatic and hand-scored points are
always shown apart: ``12 / 15 auto-graded (80%), 8 to score by hand``.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from .. import messages as M
from ..render import to_text
from .escape import markdown_block, markdown_inline, terminal, xml_text
from .results import SubmissionGrade

__all__ = ["feedback_page", "page_paths", "table", "write_feedback", "write_json", "write_junit"]


def write_json(grades: list[SubmissionGrade], path, lang: str | None = None) -> Path:
    """Write the grades as a JSON list (see :meth:`SubmissionGrade.to_dict`).

    Parameters
    ----------
    grades : list of SubmissionGrade
    path : path-like
    lang : {"en", "zh"}, optional

    Returns
    -------
    Path
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps([g.to_dict(lang) for g in grades], ensure_ascii=False, indent=2)
    # a lone surrogate (a learner's exception message can hold one) becomes a JSON \\uXXXX escape
    path.write_bytes(text.encode("utf-8", "backslashreplace"))
    return path


def write_junit(grades: list[SubmissionGrade], path, lang: str | None = None) -> Path:
    """One ``testsuite`` per submission (named by its id), one ``testcase`` per question.

    Open answers are skipped test cases "to score by hand"; a submission whose grade is void
    (see :attr:`SubmissionGrade.errors`) has an ``error`` test case saying why.

    Parameters
    ----------
    grades : list of SubmissionGrade
    path : path-like
    lang : {"en", "zh"}, optional

    Returns
    -------
    Path
    """
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="workbook grade")
    for g in grades:
        skipped = sum(1 for q in g.questions if q.manual or q.outcome.status == "uncheckable")
        failures = sum(1 for q in g.questions if not q.manual and q.outcome.status not in ("correct", "uncheckable"))
        suite = ET.SubElement(root, "testsuite", name=xml_text(g.id), tests=str(len(g.questions) + bool(g.errors)),
                              failures=str(failures), errors=str(int(bool(g.errors))), skipped=str(skipped),
                              time=f"{g.seconds:.2f}")
        properties = ET.SubElement(suite, "properties")
        for name, value in (("learner", g.learner), ("submission", g.submission), ("topic", g.topic),
                            ("auto_points", f"{g.total:g}"), ("auto_max", f"{g.max_points:g}"),
                            ("manual_max", f"{g.manual_points:g}"), ("summary", g.points_summary().render(lang))):
            ET.SubElement(properties, "property", name=name, value=xml_text(value))
        if g.errors:
            case = ET.SubElement(suite, "testcase", classname=xml_text(g.topic), name="submission")
            message = "; ".join(e.render(lang) for e in g.errors)
            ET.SubElement(case, "error", type="not_graded", message=xml_text(message)).text = xml_text(message)
        for q in g.questions:
            case = ET.SubElement(suite, "testcase", classname=xml_text(g.topic), name=xml_text(q.id))
            text = xml_text(to_text(q.outcome, lang))
            if q.manual:
                ET.SubElement(case, "skipped", message=xml_text(
                    M.G_TO_SCORE_BY_HAND.format(points=q.max_points).render(lang)))
            elif q.outcome.status == "uncheckable":
                ET.SubElement(case, "skipped", message=xml_text(q.outcome.summary.render(lang)))
            elif q.outcome.status != "correct":
                failure = ET.SubElement(case, "failure", type=q.outcome.status,
                                        message=xml_text(q.outcome.summary.render(lang)))
                failure.text = text
            points = "by hand" if q.manual else f"{q.points:g}"
            ET.SubElement(case, "system-out").text = f"points {points} / {q.max_points:g}"
        if g.problems:
            ET.SubElement(suite, "system-err").text = xml_text("\n".join(p.render(lang) for p in g.problems))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def feedback_page(grade: SubmissionGrade, lang: str | None = None) -> str:
    """The learner's Markdown feedback page for one submission.

    Learner text is shown literally: names and titles escaped inline, every rendered outcome
    inside a fence its text cannot close. Hidden expected values never appear (outcomes hold none).

    Parameters
    ----------
    grade : SubmissionGrade
    lang : {"en", "zh"}, optional

    Returns
    -------
    str
    """
    g = grade
    lines = [f"# {markdown_inline(g.learner)} — {markdown_inline(g.topic)}", "",
             f"*{markdown_inline(g.id)}*", ""]
    if g.errors:
        lines += [f"## {M.G_NOT_GRADED_HEADING.render(lang)}", ""]
        lines += [f"- {markdown_inline(e.render(lang))}" for e in g.errors] + [""]
    lines += [f"**{g.points_summary().render(lang)}**", ""]  # our text: no learner input
    problems = [p for p in g.problems if p not in g.errors]
    if problems:
        lines += [f"## {M.G_WHILE_RUNNING.render(lang)}", ""]
        lines += [f"- {markdown_inline(p.render(lang))}" for p in problems] + [""]
    for q in g.questions:
        lines += [f"## {markdown_inline(q.outcome.title.render(lang))} ({markdown_inline(q.id)})", ""]
        if q.manual:
            lines += [M.G_TO_SCORE_BY_HAND.format(points=q.max_points).render(lang), ""]
        lines += [markdown_block(to_text(q.outcome, lang)), ""]
    return "\n".join(lines)


def page_paths(grades: list[SubmissionGrade], folder) -> list[Path]:
    """Where each submission's feedback page goes: its id with ``.md``, below ``folder``.

    ``alice/00_start_here.ipynb`` → ``folder/alice/00_start_here.md``; two submissions with
    the same id (from two graded roots) get ``-2``, ``-3``, ... so no page overwrites another.

    Parameters
    ----------
    grades : list of SubmissionGrade
    folder : path-like

    Returns
    -------
    list of Path
        One per grade, in order, all distinct and inside ``folder``.
    """
    folder = Path(folder)
    taken: set[str] = set()
    paths = []
    for g in grades:
        parts = [p for p in PurePosixPath(g.id.replace("\\", "/")).parts if p not in ("", ".", "..", "/")]
        stem = "/".join(parts[:-1] + [PurePosixPath(parts[-1]).stem if parts else "submission"])
        candidate, n = stem, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate.casefold())
        paths.append(folder / f"{candidate}.md")
    return paths


def write_feedback(grades: list[SubmissionGrade], folder, lang: str | None = None) -> list[Path]:
    """Write a Markdown page per submission (see :func:`feedback_page` and :func:`page_paths`).

    Parameters
    ----------
    grades : list of SubmissionGrade
    folder : path-like
    lang : {"en", "zh"}, optional

    Returns
    -------
    list of Path
    """
    written = []
    for g, path in zip(grades, page_paths(grades, folder), strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(feedback_page(g, lang), encoding="utf-8")
        written.append(path)
    return written


def table(grades: list[SubmissionGrade], lang: str | None = None) -> str:
    """A terminal table: a line per question and a total per submission, learner text escaped.

    Parameters
    ----------
    grades : list of SubmissionGrade
    lang : {"en", "zh"}, optional

    Returns
    -------
    str
    """
    lines = []
    for g in grades:
        summary = M.G_NOT_GRADED if g.errors else g.points_summary()
        lines.append(f"{terminal(g.learner)} ({terminal(g.id)}) — {summary.render(lang)}")
        for e in g.errors:
            lines.append(f"  ✗ {terminal(e.render(lang))}")
        for q in g.questions:
            if q.manual:
                lines.append(f"  {terminal(q.id):32} {'by hand':14} {'-':>6} / {q.max_points:g}")
            else:
                lines.append(f"  {terminal(q.id):32} {q.outcome.status:14} {q.points:6.2f} / {q.max_points:g}")
        for p in g.problems:
            if p not in g.errors:
                lines.append(f"  ! {terminal(p.render(lang))}")
    return "\n".join(lines)
