"""The one view layer: outcomes, hints and solutions as HTML, plain text or JSON-ready data."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import messages as M
from .i18n import T, get_language, text
from .outcomes import Outcome

__all__ = ["Panel", "show", "show_hint", "show_solution", "to_dict", "to_html", "to_text"]

_ICONS = {"correct": "✓", "incorrect": "✗", "not_attempted": "…", "raised": "!",
          "timed_out": "⏱", "uncheckable": "?"}
_COLOURS = {"correct": "#1a7f37", "incorrect": "#cf222e", "not_attempted": "#6e7781",
            "raised": "#bc4c00", "timed_out": "#bc4c00", "uncheckable": "#0969da"}
_FIELDS = ("case", "expected", "received", "cause", "details")


def _fields(outcome: Outcome, lang: str):
    for name in _FIELDS:
        value = getattr(outcome, name)
        if value is not None and value.render(lang):
            yield name, M.LABELS[name].render(lang), value.render(lang)


def _heading(outcome: Outcome, lang: str) -> str:
    return (f"{M.STATUS[outcome.status].render(lang)} — {outcome.title.render(lang)} "
            f"[{outcome.question_id}]")


def _points(outcome: Outcome, lang: str) -> str:
    if outcome.status == "uncheckable":  # an open answer: a person gives the points, not 0 so far
        return M.POINTS_BY_A_PERSON.render(lang).format(max=f"{outcome.max_points:g}")
    return f"{outcome.points:g} / {outcome.max_points:g}"


def to_text(outcome: Outcome, lang: str | None = None) -> str:
    """Render an outcome as plain text (terminals, logs, strict-mode failures)."""
    lang = lang or get_language()
    lines = [f"{_ICONS[outcome.status]} {_heading(outcome, lang)}  ({_points(outcome, lang)})",
             outcome.summary.render(lang)]
    for _, label, value in _fields(outcome, lang):
        if "\n" in value:
            lines.append(f"  {label}:")
            lines.extend("    " + v for v in value.splitlines())
        else:
            lines.append(f"  {label}: {value}")
    for note in outcome.notes:
        lines.append(f"  {M.LABELS['notes'].render(lang)}: {note.render(lang)}")
    return "\n".join(lines)


def _inline(value: str) -> str:
    """Escape text, then turn `code` spans into <code> and newlines into <br>."""
    escaped = html.escape(value)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return escaped.replace("\n", "<br>")


def to_html(outcome: Outcome, lang: str | None = None) -> str:
    """Render an outcome as an HTML block for JupyterLab."""
    lang = lang or get_language()
    colour = _COLOURS[outcome.status]
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:1em;vertical-align:top;white-space:nowrap'>{html.escape(label)}"
        f"</th><td style='text-align:left'>"
        + (f"<pre style='margin:0'>{html.escape(value)}</pre>" if name == "details"
           else _inline(value)) + "</td></tr>"
        for name, label, value in _fields(outcome, lang))
    notes = "".join(f"<p style='margin:.3em 0'><em>{M.LABELS['notes'].render(lang)}:</em> "
                    f"{_inline(n.render(lang))}</p>" for n in outcome.notes)
    return (
        f"<div class='workbook-outcome workbook-{outcome.status}' style='border-left:4px solid "
        f"{colour};padding:.4em .8em;margin:.3em 0'>"
        f"<div style='color:{colour};font-weight:bold'>{_ICONS[outcome.status]} "
        f"{html.escape(_heading(outcome, lang))} <span style='font-weight:normal'>"
        f"({_points(outcome, lang)})</span></div>"
        f"<p style='margin:.3em 0'>{_inline(outcome.summary.render(lang))}</p>"
        + (f"<table style='margin:0'>{rows}</table>" if rows else "") + notes + "</div>")


def to_dict(outcome: Outcome, lang: str | None = None) -> dict:
    """JSON-ready data for reports: plain strings in one language, no hidden values.

    Returns
    -------
    dict
        Keys: question, status, title, summary, points, max_points, case, expected,
        received, cause, details, notes, lang.
    """
    lang = lang or get_language()
    data = {"question": outcome.question_id, "status": outcome.status,
            "title": outcome.title.render(lang), "summary": outcome.summary.render(lang),
            "points": float(outcome.points), "max_points": float(outcome.max_points)}
    for name in _FIELDS:
        value = getattr(outcome, name)
        data[name] = value.render(lang) if value is not None else None
    data["notes"] = [n.render(lang) for n in outcome.notes]
    data["lang"] = lang
    return data


@dataclass
class Panel:
    """A hint or a solution, displayable as HTML or text."""

    heading: T
    body: T
    code: str | None = None

    def __str__(self) -> str:
        parts = [self.heading.render(), self.body.render()]
        if self.code:
            parts.append(self.code)
        return "\n".join(p for p in parts if p)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        code = (f"<pre style='background:#f6f8fa;padding:.5em'>{html.escape(self.code)}</pre>"
                if self.code else "")
        return (f"<div class='workbook-panel' style='border-left:4px solid #0969da;"
                f"padding:.4em .8em'><div style='font-weight:bold;color:#0969da'>"
                f"{html.escape(self.heading.render())}</div>{_blocks(self.body.render())}"
                f"{code}</div>")


def _blocks(body: str) -> str:
    """Paragraphs as ``<p>``, and runs of ``- item`` lines (choice options) as one ``<ul>``."""
    out, items, lines = [], [], []

    def flush():
        if lines:
            out.append(f"<p>{_inline(chr(10).join(lines))}</p>")
            lines.clear()
        if items:
            out.append("<ul style='margin:.3em 0'>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in body.split("\n"):
        if line.startswith("- "):
            if lines:
                flush()
            items.append(line[2:])
        else:
            if items:
                flush()
            lines.append(line)
    flush()
    return "".join(out) or "<p></p>"


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def show(obj) -> None:
    """Display in JupyterLab (rich HTML with a text fallback), or print elsewhere."""
    if _in_kernel():
        from IPython.display import display

        display(obj)
    else:
        print(str(obj))


def show_hint(question, n: int | None, body: T) -> None:
    heading = M.HINT_HEADING.format(i=n, n=len(question.hints)) if n else T("")
    show(Panel(heading + " — " + question.title if n else question.title, body))


def show_solution(question) -> None:
    kind = question.kind
    if kind == "open":
        rubric = "\n".join(f"- ({p:g}) {text(c).render()}" for c, p in question.rubric)
        body = question.model_answer + ("\n\n" + M.RUBRIC.render() + ":\n" + rubric if rubric else "")
        show(Panel(M.MODEL_ANSWER + " — " + question.title, body))
        return
    explanations = ""
    if kind == "choice":
        right = set(question.answer) if question.multiple else {question.answer}
        explanations = "\n".join(
            f"- {'✓' if k in right else '✗'} {k}) {option.render()}"
            + (f" — {question.explanations[k].render()}" if k in question.explanations else "")
            for k, option in question.options.items())
    show(Panel(M.SOLUTION_HEADING + " — " + question.title, T(explanations),
               code=question.solution_code()))
