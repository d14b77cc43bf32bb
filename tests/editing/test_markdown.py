"""Item bodies: Markdown in, sanitised HTML out; no script ever runs from a note."""

import pytest

from minutes.editing.markdown import render_markdown


def test_render_markdown_formats():
    html = render_markdown("**Beslut** om *Nära vård*:\n\n- ett\n- två")

    assert html == (
        "<p><strong>Beslut</strong> om <em>Nära vård</em>:</p>\n"
        "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>"
    )


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("Hej <script>alert(1)</script>", "<script"),
        ("Hej <script>alert(1)</script>", "alert(1)"),
        ("[klicka](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<a href="https://gr.se" style="color:red">x</a>', "style="),
        ("![bild](javascript:alert(1))", "javascript:"),
    ],
)
def test_render_markdown_strips_script(text, forbidden):
    html = render_markdown(text)

    assert forbidden not in html


def test_render_markdown_keeps_safe_links():
    html = render_markdown("[GR](https://goteborgsregionen.se)")

    assert html == (
        '<p><a href="https://goteborgsregionen.se" rel="noopener noreferrer">GR</a></p>'
    )


def test_render_markdown_empty():
    assert render_markdown("") == ""
