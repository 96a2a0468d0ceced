"""Language editions of the notebooks, built from one source: ``workbook build``.

The English notebook ``notebooks/NN_topic.ipynb`` is the source of every edition's structure and
code. A translation ``translations/zh/NN_topic.md`` holds, for each of its cells, the Chinese text,
keyed by the cell's id and by a digest of the English text it translates::

    <!-- cell 0a11980a en:3f2a9c1b -->
    # 从这里开始

    <!-- cell 9fcfe321 en:77aa0c12 code -->
    ```python
    grader.setup(lang="zh")
    ```

``workbook build`` writes ``notebooks/zh/NN_topic.ipynb``: every markdown cell replaced by its
translation, a code cell replaced where the translation gives one (only its string literals and
comments may differ: plot titles, axis labels, printed words), every other cell, exercise cells
included, copied. The two editions cannot drift: the build refuses a markdown cell without a
translation, a translation whose English text has changed since it was written (the digest no
longer matches), a translated code cell whose code differs beyond strings and comments, a
translated exercise cell and a translation of a cell that no longer exists. ``workbook build
--check`` (run by the tests) says whether the stored editions are what the build would write.
"""

from __future__ import annotations

import hashlib
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .notebooks import TAG_PREFIX, read, topic_of

__all__ = ["EDITION_LANGS", "Translation", "build", "code_shape", "digest", "edition_path", "parse",
           "render_translation", "translation_path"]

ROOT = Path(__file__).resolve().parents[1]
EDITION_LANGS = ("zh",)
_MARKER = re.compile(r"^<!-- cell (?P<id>[A-Za-z0-9_-]+) en:(?P<digest>[0-9a-f]{8})(?P<code> code)? -->[ \t]*$",
                     re.MULTILINE)
TODO = "<!-- TODO translate -->"
_FENCE = re.compile(r"\A```python\n(?P<code>.*?)\n?```\Z", re.DOTALL)


def digest(source: str) -> str:
    """The first 8 hex digits of the SHA-256 of a cell's English source."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]


def translation_path(topic: str, lang: str = "zh", root: Path | None = None) -> Path:
    """Where the translation of a notebook lives: ``translations/<lang>/<topic>.md``."""
    return (root or ROOT) / "translations" / lang / f"{topic}.md"


def edition_path(topic: str, lang: str = "zh", root: Path | None = None) -> Path:
    """Where the built edition lives: ``notebooks/<lang>/<topic>.ipynb``."""
    return (root or ROOT) / "notebooks" / lang / f"{topic}.ipynb"


@dataclass
class Entry:
    """One translated cell."""

    cell_id: str
    digest: str
    text: str
    code: bool = False


@dataclass
class Translation:
    """A parsed translation file: its entries by cell id, and problems met while reading it."""

    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def parse(text: str) -> Translation:
    """Read a translation file.

    Parameters
    ----------
    text : str
        The file's content.

    Returns
    -------
    Translation
    """
    out = Translation()
    marks = list(_MARKER.finditer(text))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[mark.end():end].strip("\n")
        cell_id = mark["id"]
        if mark["code"]:
            fenced = _FENCE.match(body.strip())
            if fenced is None:
                out.problems.append(f"cell {cell_id}: a code translation must be one ```python block")
                continue
            body = fenced["code"]
        if cell_id in out.entries:
            out.problems.append(f"cell {cell_id} is translated twice")
        out.entries[cell_id] = Entry(cell_id, mark["digest"], body, bool(mark["code"]))
    return out


def code_shape(source: str) -> list[tuple[int, str]]:
    """A code cell's tokens without its comments and the text of its string literals.

    Two cells with the same shape run the same code; only their words differ. IPython magics
    (lines starting with ``%`` or ``!``) are compared as they are.
    """
    lines = [("#%MAGIC " + line) if line.lstrip().startswith(("%", "!")) else line
             for line in source.splitlines()]
    shape = [(0, line.strip()) for line in source.splitlines() if line.lstrip().startswith(("%", "!"))]
    skip = {tokenize.COMMENT, tokenize.NL}
    fstring_middle = getattr(tokenize, "FSTRING_MIDDLE", None)
    for tok in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
        if tok.type in skip or tok.type == fstring_middle:
            continue
        shape.append((tok.type, "<str>" if tok.type == tokenize.STRING else tok.string))
    return shape


def _has_words(source: str) -> bool:
    """Whether a code cell has comments or string literals with letters (words a reader sees)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return True
    return any(t.type in (tokenize.COMMENT, tokenize.STRING) and re.search(r"[A-Za-z]{3}", t.string)
               for t in tokens)


def _is_exercise(cell) -> bool:
    return any(str(t).startswith(TAG_PREFIX) for t in cell.get("metadata", {}).get("tags", []))


def build_edition(source_path: Path, translation_text: str,
                  lang: str = "zh") -> tuple[nbformat.NotebookNode, list[str]]:
    """The ``lang`` edition of one English notebook, and what stops it from being complete.

    Parameters
    ----------
    source_path : Path
        The English notebook.
    translation_text : str
        Its translation file's content.
    lang : str

    Returns
    -------
    (NotebookNode, list of str)
        The edition, and the problems (empty when the edition is complete and faithful).
    """
    nb = read(source_path)
    translation = parse(translation_text)
    problems = list(translation.problems)
    seen = set()
    for index, cell in enumerate(nb.cells):
        cell_id = cell.get("id")
        entry = translation.entries.get(cell_id)
        where = f"cell {index} ({cell_id}, {cell.cell_type})"
        if entry is None:
            if cell.cell_type == "markdown":
                problems.append(f"{where} has no translation")
            continue
        seen.add(cell_id)
        if entry.digest != digest(cell.source):
            problems.append(f"{where}: its English text changed since it was translated "
                            f"(translation made from en:{entry.digest}, the cell is now en:{digest(cell.source)})")
            continue
        if TODO in entry.text or "# TODO translate" in entry.text:
            problems.append(f"{where} is not translated yet (it still says TODO)")
            continue
        if not entry.text.strip() and cell.source.strip():
            problems.append(f"{where}: its translation is empty")
            continue
        if cell.cell_type == "markdown":
            if entry.code:
                problems.append(f"{where} is prose, but its translation is marked as code")
                continue
            cell.source = entry.text
        elif cell.cell_type == "code":
            if _is_exercise(cell):
                problems.append(f"{where} is an exercise cell: it is generated, the same in every edition")
                continue
            if not entry.code:
                problems.append(f"{where} is code, but its translation is not marked ` code`")
                continue
            try:
                same = code_shape(entry.text) == code_shape(cell.source)
            except (tokenize.TokenError, IndentationError, SyntaxError) as exc:
                problems.append(f"{where}: the translated code does not tokenize ({exc})")
                continue
            if not same:
                problems.append(f"{where}: the translated code differs from the English beyond strings and comments")
                continue
            cell.source = entry.text
    for cell_id in translation.entries:
        if cell_id not in seen and cell_id not in {c.get("id") for c in nb.cells}:
            problems.append(f"the translation of cell {cell_id} matches no cell of {source_path.name}")
    nb.metadata.setdefault("workbook", {})
    nb.metadata["workbook"]["topic"] = topic_of(nb, source_path)
    nb.metadata["workbook"]["lang"] = lang
    nb.metadata["workbook"]["edition_of"] = source_path.name
    return nb, problems


def render_translation(source_path: Path, lang: str = "zh", existing: str = "") -> str:
    """A translation file for a notebook: existing translations kept, missing cells given their
    English text to translate, marked TODO (``workbook build --scaffold``).

    Code cells with string literals or comments get a TODO block too: translate their words, or
    delete the block to keep the English code. The build refuses any block still marked TODO.

    Parameters
    ----------
    source_path : Path
    lang : str
    existing : str
        The current translation file, if any.

    Returns
    -------
    str
    """
    nb = read(source_path)
    known = parse(existing).entries
    parts = [f"# {source_path.stem} · {lang}\n\n<!-- `workbook build` makes notebooks/{lang}/{source_path.name} "
             f"from this file and notebooks/{source_path.name}. Translate each block in place; keep the markers. "
             "A code block may differ only in its strings and comments. -->\n"]
    for cell in nb.cells:
        if cell.cell_type == "code" and _is_exercise(cell):
            continue
        entry = known.get(cell.get("id"))
        is_code = cell.cell_type == "code"
        if entry is None and is_code and not _has_words(cell.source):
            continue
        if entry is not None:
            text = entry.text
        elif is_code:
            text = "# TODO translate (or delete this block to keep the English code)\n" + cell.source
        else:
            text = f"{TODO}\n{cell.source}"
        mark = entry.digest if entry is not None else digest(cell.source)
        body = f"```python\n{text}\n```" if is_code else text
        parts.append(f"<!-- cell {cell.get('id')} en:{mark}{' code' if is_code else ''} -->\n{body}\n")
    return "\n".join(parts)


def build(topics=None, *, lang: str = "zh", check: bool = False,
          root: Path | None = None) -> tuple[list[Path], list[str]]:
    """Build (or, with ``check``, verify) the ``lang`` editions of the notebooks that have a translation.

    Parameters
    ----------
    topics : iterable of str, optional
        Notebook names such as ``"00_start_here"``; default: every notebook with a translation file.
    lang : str
    check : bool
        Write nothing; report every edition that is missing or differs from what the build makes.
    root : Path, optional
        The repository (default: this checkout).

    Returns
    -------
    (list of Path, list of str)
        The editions written (or that would change), and the problems, each naming its notebook.
    """
    root = root or ROOT
    folder = root / "translations" / lang
    if topics is None:
        topics = sorted(p.stem for p in folder.glob("[0-9][0-9]_*.md"))
    written, problems = [], []
    for topic in topics:
        source = root / "notebooks" / f"{topic}.ipynb"
        text_path = translation_path(topic, lang, root)
        if not source.is_file():
            problems.append(f"{topic}: translations/{lang}/{topic}.md has no notebooks/{topic}.ipynb")
            continue
        if not text_path.is_file():
            problems.append(f"{topic}: no translation file translations/{lang}/{topic}.md")
            continue
        nb, found = build_edition(source, text_path.read_text(encoding="utf-8"), lang)
        problems.extend(f"{topic}: {p}" for p in found)
        if found:
            continue
        target = edition_path(topic, lang, root)
        text = nbformat.writes(nb) + "\n"
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        written.append(target)
        if check:
            problems.append(f"{topic}: notebooks/{lang}/{topic}.ipynb is not what `workbook build` makes; run it")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return written, problems
