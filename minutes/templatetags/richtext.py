"""{{ text|markdown }}: an item's text or a decision's wording as minutes.richtext renders it
everywhere; {{ decision.text|markdown:decision.lead }} starts it with the label in bold;
{{ decision.text|plain|truncatewords:40 }}: the same text without its formatting, for excerpts."""

from django import template

from minutes.richtext import plain_text, render_markdown

register = template.Library()


@register.filter
def markdown(text: str, lead: str = ""):
    return render_markdown(text or "", lead=lead or "")


@register.filter
def plain(text: str) -> str:
    return plain_text(text or "")
