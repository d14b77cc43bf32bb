"""Item bodies are Markdown; what comes out is sanitised so that no script ever runs."""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

from minutes.links import SCHEMES, safe_url

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = set(SCHEMES)


def _href_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the scheme too; minutes.links is the registry's one rule for every link
    (a link it refuses loses its href and stays as text). Paths on this site are allowed."""
    if attribute == "href":
        return safe_url(value, relative=True)
    return value


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then nh3: only the tags above, links to http(s)/mailto only, no
    attributes but href/title (so no onerror=, no style=); other raw HTML is dropped."""
    html = md.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_href_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # sanitised by nh3 just above
