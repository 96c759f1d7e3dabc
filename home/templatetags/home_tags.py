from django import template

from home import body_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def home_body(context, page):
    """The homepage's sections, rendered once for every visitor (home.body_cache)."""
    return body_cache.render_body(context, page)
