"""Rendered product cards, kept per process and reused while nothing the card shows changed.

Twenty-four cards were half of a listing's time (template nodes, URL reversing, `{% picture %}`
and money formatting for every card on every request). A card's HTML depends only on what its
selector loaded (the product's fields and annotations, its category, pictures and renditions,
card attributes, whatever a selector adds later) and on its availability, plus two things of
the visitor's: the CSRF token and the page to come back to (`next`). So a card is rendered
once with placeholders for those two, stored under a fingerprint of everything loaded, and
every later request copies it in with its own token and path.

The fingerprint is made from the loaded rows themselves, so no signal has to forget a card: a
changed price, a new picture, a rendition a worker made, a stock change that moves the
availability label all give another key (the old entry ages out of the LRU). Attributes in
`NOT_SHOWN` are left out: they only order a listing (a search rank differs per query).
Anything a card shows must come from what its selector loaded, never from the visitor
(templates get a request whose `get_full_path` is the placeholder).
"""

import hashlib
import threading
from collections import OrderedDict

from django.core.signals import setting_changed
from django.db.models import Model
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TEMPLATE = "includes/product_card.html"
MAX_CARDS = 5000  # per process; a card is about 2 KB
# Annotations that only order a listing: a search's rank, "has stock" (the availability shows it).
NOT_SHOWN = frozenset({"rank", "has_stock"})
# Tags cannot come out of escaped text, so no product name can fake these.
NEXT_PLACEHOLDER = mark_safe("<card-next-path>")
TOKEN_PLACEHOLDER = "card-csrf-token-placeholder"
TOKEN_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{TOKEN_PLACEHOLDER}">'

_cards: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def render_card(context, product, availability, *, first_on_page: bool = False) -> SafeString:
    """The card's HTML for this visitor: from the process's store when a card with the same
    fingerprint was rendered before, else rendered now and stored."""
    key = fingerprint(product, availability, first_on_page)
    with _lock:
        html = _cards.get(key)
        if html is not None:
            _cards.move_to_end(key)
    if html is None:
        html = _render(context, product, availability, first_on_page)
        with _lock:
            _cards[key] = html
            while len(_cards) > MAX_CARDS:
                _cards.popitem(last=False)
    return mark_safe(personalise(html, context))


@receiver(setting_changed)
def forget_all(**kwargs) -> None:
    """Empty the store (tests; a changed setting may change every card's markup)."""
    with _lock:
        _cards.clear()


def fingerprint(product, availability, first_on_page: bool) -> str:
    """Remembered on the product instance: listings and homepage sections kept per catalog
    generation hand the same loaded instances to every request, which are never changed
    after loading (the memo's name starts with "_", so it is not part of the snapshot)."""
    parts: list = [availability, first_on_page, get_language(), get_script_prefix()]
    memo = product.__dict__.setdefault("_card_fingerprints", {})
    memo_key = repr(parts)
    if memo_key not in memo:
        _snapshot(product, parts, set())
        memo[memo_key] = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return memo[memo_key]


def _snapshot(obj: Model, parts: list, seen: set) -> None:
    """Append the model's loaded values, then those of the rows loaded with it (select_related,
    prefetch_related, `to_attr` lists), each row once."""
    marker = (type(obj), obj.pk)
    if marker in seen:
        parts.append(marker)
        return
    seen.add(marker)
    parts.append(type(obj).__name__)
    related = []
    for name, value in obj.__dict__.items():
        if name.startswith("_") or name in NOT_SHOWN:
            continue
        if isinstance(value, Model):
            related.append(value)
        elif isinstance(value, list | tuple) and value and isinstance(value[0], Model):
            related.extend(value)
        else:
            parts.append((name, value))
    related.extend(obj._state.fields_cache.values())
    for rows in getattr(obj, "_prefetched_objects_cache", {}).values():
        related.extend(rows)
    for row in related:
        if row is not None:
            _snapshot(row, parts, seen)


class PlaceholderRequest:
    """The visitor's request as shared HTML sees it (a card, a product page's kept parts):
    its path is the placeholder, filled in per visitor by `personalise`."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_full_path(self):
        return NEXT_PLACEHOLDER


def render_for_anyone(context, template) -> str:
    """`template` rendered with `context` as any visitor would get it: the CSRF token and the
    path are placeholders (`personalise` fills them in). For shared HTML made of the page's
    own parts (a product page's, the homepage's body), never of the visitor's."""
    shared = {"csrf_token": TOKEN_PLACEHOLDER}
    request = context.get("request")
    if request is not None:
        shared["request"] = PlaceholderRequest(request)
    with context.push(shared):
        return template.render(context)


def _render(context, product, availability, first_on_page: bool) -> str:
    request = context.get("request")
    return get_template(TEMPLATE).render(
        {
            "product": product,
            "availability": availability,
            "first_on_page": first_on_page,
            "csrf_token": TOKEN_PLACEHOLDER,
            "request": PlaceholderRequest(request) if request is not None else None,
        }
    )


def personalise(html: str, context) -> str:
    """Shared HTML for this visitor: their path and CSRF token in place of the placeholders."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    html = html.replace(NEXT_PLACEHOLDER, str(conditional_escape(path)))
    if TOKEN_INPUT in html:
        # As `{% csrf_token %}` writes it: no input at all without a token.
        token = str(context.get("csrf_token") or "")
        field = TOKEN_INPUT.replace(TOKEN_PLACEHOLDER, str(conditional_escape(token)))
        html = html.replace(TOKEN_INPUT, field if token and token != "NOTPROVIDED" else "")
    return html
