"""Reports of a batch: a terminal table, JSON, JUnit XML and a feedback page per learner."""

from __future__ import annotations

import json
from pathlib import Path

from ..render import to_text
from .results import SubmissionGrade

__all__ = ["table", "write_feedback", "write_json", "write_junit"]


def write_json(grades: list[SubmissionGrade], path, lang: str | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([g.to_dict(lang) for g in grades], ensure_ascii=False, indent=2))
    return path


def write_junit(grades: list[SubmissionGrade], path, lang: str | None = None) -> Path:
    """One ``testsuite`` per submission, one ``testcase`` per question."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="workbook grade")
    for g in grades:
        failures = sum(1 for q in g.questions if q.outcome.status not in ("correct", "uncheckable"))
        skipped = sum(1 for q in g.questions if q.outcome.status == "uncheckable")
        suite = ET.SubElement(root, "testsuite", name=g.learner, tests=str(len(g.questions)),
                              failures=str(failures), skipped=str(skipped), time=f"{g.seconds:.2f}")
        for q in g.questions:
            case = ET.SubElement(suite, "testcase", classname=g.topic, name=q.id)
            text = to_text(q.outcome, lang)
            if q.outcome.status == "uncheckable":
                ET.SubElement(case, "skipped", message=q.outcome.summary.render(lang))
            elif q.outcome.status != "correct":
                failure = ET.SubElement(case, "failure", type=q.outcome.status,
                                        message=q.outcome.summary.render(lang))
                failure.text = text
            ET.SubElement(case, "system-out").text = f"points {q.points:g} / {q.max_points:g}"
        if g.problems:
            ET.SubElement(suite, "system-err").text = "\n".join(p.render(lang) for p in g.problems)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def write_feedback(grades: list[SubmissionGrade], folder, lang: str | None = None) -> list[Path]:
    """A Markdown page per submission for the learner (hidden expected values never appear)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for g in grades:
        lines = [f"# {g.learner} — {g.topic}", "",
                 f"**{g.total:g} / {g.max_points:g} points ({g.percent:.0f}%)**", ""]
        if g.problems:
            lines += ["## While running your notebook", ""] + [f"- {p.render(lang)}" for p in g.problems] + [""]
        for q in g.questions:
            lines += [f"## {q.outcome.title.render(lang)} (`{q.id}`)", "", "```text",
                      to_text(q.outcome, lang), "```", ""]
        path = folder / f"{Path(g.submission).stem}.md"
        path.write_text("\n".join(lines))
        written.append(path)
    return written



def table(grades: list[SubmissionGrade], lang: str | None = None) -> str:
    """A terminal table: a line per question and a total per submission."""
    lines = []
    for g in grades:
        manual = f" + {g.manual_points:g} to score by hand" if g.manual_points else ""
        lines.append(f"{g.learner} ({g.submission}) — {g.total:g} / {g.max_points:g} ({g.percent:.0f}%){manual}")
        for q in g.questions:
            lines.append(f"  {q.id:32} {q.outcome.status:14} {q.points:6.2f} / {q.max_points:g}")
        for p in g.problems:
            lines.append(f"  ! {p.render(lang)}")
    return "\n".join(lines)
