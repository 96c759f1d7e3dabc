from django import template

from commerce.lists import identity, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def list_choices(context):
    """The shopper's lists for a "save to" menu, read once per request (one query; none for
    a guest without lists), however many products the page shows."""
    request = context.get("request")
    if request is None:
        return []
    choices = getattr(request, "_list_choices", None)
    if choices is None:
        choices = selectors.list_choices(identity.current_owner(request))
        request._list_choices = choices
    return choices
