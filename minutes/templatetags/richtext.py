"""{{ text|markdown }}: an item's text or a decision's wording as minutes.richtext renders it
everywhere; {{ decision.text|markdown:decision.lead }} starts it with the label in bold."""

from django import template

from minutes.richtext import render_markdown

register = template.Library()


@register.filter
def markdown(text: str, lead: str = ""):
    return render_markdown(text or "", lead=lead or "")
