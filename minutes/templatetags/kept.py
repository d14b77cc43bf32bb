"""{% kept key %}…{% endkept %}: the enclosed part rendered once and kept for readers under key
(minutes/caching.py: key_for), or rendered every time when key is None (an editor)."""

from django import template
from django.core.cache import cache

from minutes.caching import TIMEOUT

register = template.Library()


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% kept key %} tar ett argument: nyckeln.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parser.compile_filter(bits[1]))


class KeptNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist, self.key = nodelist, key

    def render(self, context):
        key = self.key.resolve(context)
        if key is None:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, TIMEOUT)
        return html
