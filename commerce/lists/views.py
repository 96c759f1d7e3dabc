"""The lists' pages: GET pages that show, POST actions that each call one service and
redirect (PRG), telling the shopper what happened with a message.

Lists and items are always looked up among the requesting shopper's own (`identity`): another
shopper's list or item, like one that does not exist, answers 404. A shared list is found by
its share token only, read-only, and shows nothing about its owner.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from commerce.catalog.models import Product
from commerce.lists import identity, selectors, services
from commerce.lists.exceptions import (
    AlreadyInList,
    ItemNotFound,
    ListError,
    ListNotFound,
    ProductNotFound,
)
from commerce.lists.forms import ListNameForm, MoveForm, NoteForm, SaveProductForm
from commerce.lists.models import MAX_ITEMS, MAX_LISTS, ListItem
from commerce.lists.to_cart import add_entries_to_cart
from commerce.redirects import safe_next


@require_safe
@never_cache
def index(request):
    owner = identity.current_owner(request)
    services.touch_guest_lists(owner)
    return render(
        request,
        "lists/index.html",
        {
            "lists": selectors.lists_overview(owner),
            "max_lists": MAX_LISTS,
            "is_guest": not request.user.is_authenticated,
        },
    )


@require_POST
def create(request):
    form = ListNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["name"][0])
        return redirect("lists:index")
    try:
        shopping_list = services.create_list(
            owner=identity.owner_to_fill(request), name=form.cleaned_data["name"]
        )
    except ListError as error:
        messages.error(request, error.message)
        return redirect("lists:index")
    messages.success(request, f"List “{shopping_list.name}” created.")
    return redirect("lists:detail", list_id=shopping_list.pk)


@require_safe
@never_cache
def choose(request, product_id: int):
    """Choose the list to save a product to, or name a new one."""
    product = Product.objects.visible().only("pk", "name", "slug").filter(pk=product_id).first()
    if product is None:
        raise Http404("No such product")
    return render(
        request,
        "lists/choose.html",
        {
            "product": product,
            "choices": selectors.list_choices(identity.current_owner(request)),
            "next": safe_next(request, request.GET.get("next", "")) or product.get_absolute_url(),
        },
    )


@require_POST
def save(request):
    form = SaveProductForm(request.POST)
    back = _next_url(request)
    if not form.is_valid():
        if "product" in form.errors or "variant" in form.errors:
            return HttpResponseBadRequest("Unknown product.")
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect(back)
    data = form.cleaned_data
    owner = identity.owner_to_fill(request)
    try:
        list_id = data["list"]
        if data["new_list"]:
            list_id = services.create_list(owner=owner, name=data["new_list"]).pk
        item = services.add_item(
            owner=owner,
            product_id=data["product"],
            variant_id=data["variant"],
            list_id=list_id,
            note=data["note"],
        )
    except ProductNotFound:
        return HttpResponseBadRequest("Unknown product.")
    except AlreadyInList as error:
        messages.info(request, error.message)
        return redirect(back)
    except ListNotFound:
        messages.error(request, "That list does not exist any more. Choose another.")
        return redirect(back)
    except ListError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, f"Saved {item.product_name} to “{item.shopping_list.name}”.")
    return redirect(back)


@require_safe
@never_cache
def detail(request, list_id: int):
    owner = identity.current_owner(request)
    page = selectors.list_page(owner, list_id)
    if page is None:
        raise Http404("No such list")
    services.touch_guest_lists(owner)
    share_url = (
        request.build_absolute_uri(reverse("lists:shared", args=[page.shopping_list.share_token]))
        if page.shopping_list.share_token
        else ""
    )
    return render(
        request,
        "lists/detail.html",
        {"list_page": page, "share_url": share_url, "max_items": MAX_ITEMS},
    )


@require_POST
def rename(request, list_id: int):
    form = ListNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["name"][0])
        return redirect("lists:detail", list_id=list_id)
    with _owned():
        try:
            shopping_list = services.rename_list(
                owner=_owner_or_404(request), list_id=list_id, name=form.cleaned_data["name"]
            )
        except (ListNotFound, ItemNotFound):
            raise  # 404
        except ListError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"List renamed to “{shopping_list.name}”.")
    return redirect("lists:detail", list_id=list_id)


@require_POST
def delete(request, list_id: int):
    with _owned():
        try:
            shopping_list = services.delete_list(owner=_owner_or_404(request), list_id=list_id)
        except (ListNotFound, ItemNotFound):
            raise  # 404
        except ListError as error:
            messages.error(request, error.message)
            return redirect("lists:detail", list_id=list_id)
    messages.success(request, f"List “{shopping_list.name}” deleted.")
    return redirect("lists:index")


@require_POST
def share(request, list_id: int):
    regenerate = request.POST.get("regenerate") == "1"
    with _owned():
        services.share_list(owner=_owner_or_404(request), list_id=list_id, regenerate=regenerate)
    if regenerate:
        messages.success(request, "New share link made: the old link no longer works.")
    else:
        messages.success(request, "Share link ready: anyone with the link can see this list.")
    return redirect("lists:detail", list_id=list_id)


@require_POST
def unshare(request, list_id: int):
    with _owned():
        services.revoke_share_link(owner=_owner_or_404(request), list_id=list_id)
    messages.success(request, "Sharing stopped: the link no longer works.")
    return redirect("lists:detail", list_id=list_id)


@require_POST
def list_to_cart(request, list_id: int):
    page = selectors.list_page(identity.current_owner(request), list_id)
    if page is None:
        raise Http404("No such list")
    _tell(request, add_entries_to_cart(request, page.entries))
    return redirect("lists:detail", list_id=list_id)


@require_POST
def remove_item(request, item_id: int):
    with _owned():
        item = services.remove_item(owner=_owner_or_404(request), item_id=item_id)
    messages.success(request, f"Removed {item.product_name} from “{item.shopping_list.name}”.")
    return redirect("lists:detail", list_id=item.shopping_list.pk)


@require_POST
def move_item(request, item_id: int):
    owner = _owner_or_404(request)
    form = MoveForm(request.POST)
    with _owned():
        if not form.is_valid():
            item = _item_or_404(owner, item_id)
            messages.error(request, form.errors["list"][0])
            return redirect("lists:detail", list_id=item.shopping_list_id)
        source = _item_or_404(owner, item_id).shopping_list_id
        try:
            item = services.move_item(
                owner=owner, item_id=item_id, list_id=form.cleaned_data["list"]
            )
        except ItemNotFound:
            raise
        except ListNotFound:
            messages.error(request, "That list does not exist any more. Choose another.")
            return redirect("lists:detail", list_id=source)
        except ListError as error:
            messages.error(request, error.message)
            return redirect("lists:detail", list_id=source)
    messages.success(request, f"Moved {item.product_name} to “{item.shopping_list.name}”.")
    return redirect("lists:detail", list_id=source)


@require_POST
def note(request, item_id: int):
    owner = _owner_or_404(request)
    form = NoteForm(request.POST)
    with _owned():
        if not form.is_valid():
            item = _item_or_404(owner, item_id)
            messages.error(request, form.errors["note"][0])
            return redirect("lists:detail", list_id=item.shopping_list_id)
        item = services.set_note(owner=owner, item_id=item_id, note=form.cleaned_data["note"])
    messages.success(request, f"Note saved for {item.product_name}.")
    return redirect("lists:detail", list_id=item.shopping_list.pk)


@require_POST
def item_to_cart(request, item_id: int):
    owner = _owner_or_404(request)
    with _owned():
        item = _item_or_404(owner, item_id)
    page = selectors.list_page(owner, item.shopping_list_id)
    entries = [entry for entry in page.entries if entry.item.pk == item.pk]
    _tell(request, add_entries_to_cart(request, entries))
    return redirect("lists:detail", list_id=item.shopping_list_id)


@require_safe
@never_cache
def shared(request, token: str):
    page = selectors.shared_list_page(token)
    if page is None:
        raise Http404("This link does not work any more")
    response = render(request, "lists/shared.html", {"list_page": page, "token": token})
    response["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def copy_shared(request, token: str):
    try:
        copy, left_out = services.copy_shared_list(
            owner=identity.owner_to_fill(request), share_token=token
        )
    except ListNotFound as error:
        raise Http404("This link does not work any more") from error
    except ListError as error:  # too many lists: told on the shared page
        messages.error(request, error.message)
        return redirect("lists:shared", token=token)
    messages.success(request, f"Copied to your lists as “{copy.name}”.")
    if left_out:
        messages.warning(request, "Left out, no longer available: " + ", ".join(left_out) + ".")
    return redirect("lists:detail", list_id=copy.pk)


# Helpers


class _owned:
    """Map "not yours or not there" to 404; other refusals stay with the view."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, (ListNotFound, ItemNotFound)):
            raise Http404(error.message) from error
        return False


def _owner_or_404(request) -> identity.Owner:
    owner = identity.current_owner(request)
    if owner is None:
        raise Http404("No lists")
    return owner


def _item_or_404(owner, item_id: int) -> ListItem:
    """The owner's item (one query); raises `ItemNotFound` (404 under `_owned`)."""
    item = ListItem.objects.filter(shopping_list__in=owner.lists(), pk=item_id).first()
    if item is None:
        raise ItemNotFound()
    return item


def _tell(request, outcome) -> None:
    added, skipped = outcome.messages()
    if added:
        messages.success(request, added)
    if skipped:
        messages.warning(request, skipped)


def _next_url(request) -> str:
    """Where to go after saving: the posted `next` when safe, else the lists page."""
    return safe_next(request, request.POST.get("next", "")) or reverse("lists:index")
