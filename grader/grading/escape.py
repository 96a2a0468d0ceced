"""Escaping learner-controlled text for each report format.

Everything a submission controls — its file and folder names, the learner id derived from them,
exception messages, received values, open answers — reaches reports as text. Each format gets
one helper here, and reports only ever insert learner text through them:

- :func:`terminal`: control characters (ANSI escape sequences, carriage returns, bidirectional
  overrides, ...) are shown as visible ``\\x1b``-style escapes, so a forged line cannot appear.
- :func:`xml_text`: characters XML 1.0 forbids are shown the same way, so JUnit files parse.
- :func:`markdown_inline` and :func:`markdown_block`: Markdown and HTML in learner text is shown
  literally in feedback pages (escaped inline, or inside a fence the text cannot close).
- :func:`html_text`: text for an HTML page (element content or a quoted attribute): markup is
  shown literally and control characters as visible escapes.
- :func:`csv_cell`: a cell that a spreadsheet would run as a formula (OWASP CSV injection:
  ``=``, ``+``, ``-``, ``@``, tab, carriage return first) is prefixed with ``'``.

SQLite gradebooks need no helper: every value goes in through query parameters.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["csv_cell", "html_text", "markdown_block", "markdown_inline", "terminal", "uncsv_cell", "visible",
           "xml_text"]

#: Unicode categories that do not print as themselves: controls, format characters (bidi
#: overrides, zero-width marks), line/paragraph separators, lone surrogates, unassigned code points
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: first characters a spreadsheet reads as a formula (OWASP), with full-width look-alikes
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:/\"'=])")
_XML_ALLOWED = re.compile("[\t\n\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text, *, keep: str = "") -> str:
    """Show every non-printing character as a visible escape such as ``\\x1b`` or ``\\u202e``.

    Parameters
    ----------
    text : object
        Converted with ``str``.
    keep : str
        Characters to leave as they are (e.g. ``"\\n"`` for multi-line text).

    Returns
    -------
    str

    Examples
    --------
    >>> visible("ok\\x1b[2K\\r100%")
    'ok\\\\x1b[2K\\\\x0d100%'
    """
    out = []
    for ch in str(text):
        if ch in keep or unicodedata.category(ch) not in _INVISIBLE:
            out.append(ch)
        else:
            out.append(_escape_char(ch))
    return "".join(out)


def terminal(text, *, multiline: bool = False) -> str:
    """Learner text safe to print in a terminal: one line, no escape sequences.

    Parameters
    ----------
    text : object
    multiline : bool
        Keep line breaks and tabs (each line is still free of control characters); otherwise
        a line break is shown as ``\\x0a``, so the text cannot start a forged line of a table.

    Returns
    -------
    str

    Examples
    --------
    >>> terminal("alice\\n bob  100 / 100 (100%)")
    'alice\\\\x0a bob  100 / 100 (100%)'
    """
    if multiline:
        return visible(str(text).replace("\r\n", "\n"), keep="\n\t")
    return visible(text)


def xml_text(text) -> str:
    """Text that XML 1.0 can hold (the serialiser still escapes ``<``, ``&`` and quotes).

    NUL, other C0 controls, lone surrogates and U+FFFE/U+FFFF cannot appear in an XML
    document, even as character references; they are shown as visible escapes instead, and so
    is a carriage return (a parser turns it into a line feed; a log viewer may overwrite a line
    with it). Other characters are kept, so readable text stays readable.

    Parameters
    ----------
    text : object

    Returns
    -------
    str
    """
    return "".join(ch if _XML_ALLOWED.fullmatch(ch) else _escape_char(ch) for ch in str(text))


def markdown_inline(text) -> str:
    """Learner text for a Markdown heading or sentence: shown literally, never as markup.

    HTML is entity-escaped (``<script>`` stays text in renderers that pass HTML through),
    Markdown punctuation is backslash-escaped, and line breaks and control characters are
    made visible, so the text cannot start a heading, list, link, table row or code span.

    Parameters
    ----------
    text : object

    Returns
    -------
    str

    Examples
    --------
    >>> markdown_inline("<b>*bob*</b>")
    '&lt;b&gt;\\\\*bob\\\\*&lt;\\\\/b&gt;'
    """
    escaped = html.escape(terminal(text), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def markdown_block(text, info: str = "text") -> str:
    """Learner text as a fenced code block that the text itself cannot close.

    The fence is one backtick longer than the longest run of backticks in the text (at least
    three), so a learner's ```` ``` ```` line ends nothing; control characters are made visible.

    Parameters
    ----------
    text : object
    info : str
        The fence's info string (a language name; ours, never the learner's).

    Returns
    -------
    str
        The fenced block, without a trailing newline.
    """
    body = terminal(text, multiline=True)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{body}\n{fence}"


def html_text(text) -> str:
    """Learner text for an HTML page: shown literally, inside an element or a quoted attribute.

    ``<``, ``>``, ``&`` and both quotes become entities, so the text can neither open a tag nor
    leave an attribute; control and bidirectional-override characters are made visible.

    Parameters
    ----------
    text : object

    Returns
    -------
    str

    Examples
    --------
    >>> html_text("<img src=x onerror='alert(1)'>")
    '&lt;img src=x onerror=&#x27;alert(1)&#x27;&gt;'
    """
    return html.escape(visible(text), quote=True)


def csv_cell(value):
    """A CSV value that spreadsheets show as text, never run as a formula (OWASP CSV injection).

    Parameters
    ----------
    value : object
        Strings starting (after spaces) with ``=``, ``+``, ``-``, ``@``, tab, carriage return or
        line feed (or their full-width forms) get a leading ``'``; a string that already starts
        with ``'`` gets another, so :func:`uncsv_cell` restores every string exactly. Numbers and
        missing values are returned unchanged.

    Returns
    -------
    object

    Examples
    --------
    >>> csv_cell('=HYPERLINK("http://x")'), csv_cell(-3.5), csv_cell("bob")
    ('\\'=HYPERLINK("http://x")', -3.5, 'bob')
    """
    if not isinstance(value, str):
        return value
    stripped = value.lstrip(" ")
    if value.startswith("'") or (stripped and stripped[0] in _FORMULA_START):
        return "'" + value
    return value


def uncsv_cell(value):
    """Undo :func:`csv_cell` on a value read back from an exported CSV file.

    Parameters
    ----------
    value : object

    Returns
    -------
    object
    """
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value
