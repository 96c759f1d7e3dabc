from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def listing_url(context, **changes) -> str:
    """The current listing URL with some parameters changed (None removes one). Changing
    anything but the page goes back to page 1."""
    params = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
