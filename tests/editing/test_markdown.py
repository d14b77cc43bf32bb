"""Item bodies: Markdown in, sanitised HTML out; no script ever runs from a note."""

import lxml.html
import pytest

from minutes.links import safe_url
from minutes.richtext import ALLOWED_TAGS, render_markdown


def test_render_markdown_formats():
    html = render_markdown("**Beslut** om *Nära vård*:\n\n- ett\n- två")

    assert html == (
        "<p><strong>Beslut</strong> om <em>Nära vård</em>:</p>\n"
        "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Hej <script>alert(1)</script>",
        "[klicka](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">x</p>',
        '<iframe src="https://evil.example"></iframe>',
        '<a href="https://gr.se" style="color:red">x</a>',
        "![bild](javascript:alert(1))",
        "[klicka](JaVa\tScRiPt:alert(1))",
        "<javascript:alert(1)>",
    ],
)
def test_render_markdown_strips_script(text):
    """Raw HTML is shown as the text it is (as imported minutes always showed it), so no
    element but the allowed ones, no on*= or style= attribute and no unsafe href is left."""
    html = render_markdown(text)

    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    elements = list(tree.iter())[1:]
    assert {e.tag for e in elements} <= ALLOWED_TAGS
    attributes = {name for e in elements for name in e.attrib}
    assert attributes <= {"href", "title", "rel", "start", "scope"}
    assert all(safe_url(e.get("href"), relative=True) for e in elements if e.get("href"))
    assert "javascript:" not in " ".join(e.get("href", "") for e in elements)


def test_render_markdown_shows_raw_html_as_text():
    html = render_markdown('Hej <script>alert("x")</script> <b>fet</b>')

    assert html == ('<p>Hej &lt;script&gt;alert("x")&lt;/script&gt; &lt;b&gt;fet&lt;/b&gt;</p>')


def test_render_markdown_keeps_safe_links():
    html = render_markdown("[GR](https://goteborgsregionen.se)")

    assert html == (
        '<p><a href="https://goteborgsregionen.se" rel="noopener noreferrer">GR</a></p>'
    )


def test_render_markdown_empty():
    assert render_markdown("") == ""
