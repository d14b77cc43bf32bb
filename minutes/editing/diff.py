"""Two texts word by word (difflib): the words only in the first marked <del>, the words only in
the second marked <ins>, each mark with a hidden word for screen readers ("borttaget: ...") and
struck through or underlined on screen, so that colour is never the only sign. Whole texts,
nothing cut: the conflict page and the history show them beside each other."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# words and the spaces between them, so that the texts join back exactly
TOKENS = re.compile(r"\s+|\S+")


def word_diff(
    old: str, new: str, *, old_label: str | None = None, new_label: str | None = None
) -> tuple[SafeString, SafeString]:
    """(old with its own words marked <del>, new with its own words marked <ins>), escaped."""
    old_label = old_label or _("borttaget")
    new_label = new_label or _("tillagt")
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    old_parts: list[str] = []
    new_parts: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = escape("".join(a[i1:i2]))
            old_parts.append(same)
            new_parts.append(same)
            continue
        if i2 > i1:
            old_parts.append(_marked("del", a[i1:i2], old_label))
        if j2 > j1:
            new_parts.append(_marked("ins", b[j1:j2], new_label))
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # every part escaped above


def _marked(tag: str, tokens: list[str], label: str) -> str:
    """The changed words in <tag>; spaces around them stay outside the mark."""
    text = "".join(tokens)
    stripped = text.strip()
    if not stripped:
        return escape(text)
    start = text.index(stripped)
    before, after = text[:start], text[start + len(stripped) :]
    return (
        f'{escape(before)}<{tag}><span class="visually-hidden">[{escape(label)}: </span>'
        f'{escape(stripped)}<span class="visually-hidden">]</span></{tag}>{escape(after)}'
    )
