"""Every change to shopping lists. Keyword-only arguments, one transaction each, the owner's
list rows locked first (primary-key order) so two requests of one shopper never interleave; a
refusal raises a `ListError` and changes nothing.

A list or item is always looked up among the owner's own rows: another shopper's id is
`ListNotFound` / `ItemNotFound`, exactly like an id that does not exist.

Prices are never taken from the caller: an item remembers the product's price when it was
saved (`price_when_added`), read from the product row.

**Duplicates** (merge on login, moving an item, both follow one rule): when two items of one
product meet in one list, one item stays; it takes the saved price and the note of the item
saved or edited more recently (`changed_at`; on a tie, the item already in the list wins), and
when that newer item has no note, the older item's note is kept, so no note is lost.
"""

import secrets
from collections.abc import Iterable
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from commerce.catalog.models import Product, ProductVariant
from commerce.catalog.purchase import price_of
from commerce.lists.exceptions import (
    AlreadyInList,
    DefaultListKept,
    DuplicateName,
    InvalidName,
    InvalidNote,
    ItemNotFound,
    ListFull,
    ListNotFound,
    ProductNotFound,
    SameList,
    TooManyLists,
)
from commerce.lists.identity import Owner
from commerce.lists.models import (
    DEFAULT_LIST_NAME,
    MAX_ITEMS,
    MAX_LISTS,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    ListItem,
    ShoppingList,
)

SHARE_TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 256 random bits, 43 characters


def _retried(function):
    """Run `function` (whose body is one transaction) once more when a unique constraint
    broke: a row a parallel request of the same shopper made meanwhile (a first default list,
    a list name). The second run sees that row and acts on it."""

    @wraps(function)
    def run(**kwargs):
        try:
            return function(**kwargs)
        except IntegrityError:
            return function(**kwargs)

    return run


@_retried
def add_item(
    *,
    owner: Owner,
    product_id: int,
    list_id: int | None = None,
    note: str = "",
    variant_id: int | None = None,
) -> ListItem:
    """Save a visible product, or one of its variants (`variant_id`: a size chosen), to one
    of the owner's lists (the default list when `list_id` is None, created on first use).
    Refused when the product (or that variant of it) is not visible, is in that list already,
    or the list is full."""
    note = _checked_note(note)
    _checked_id(product_id, ProductNotFound)
    if variant_id is not None:
        _checked_id(variant_id, ProductNotFound)
    with transaction.atomic():
        lists = _locked_lists(owner)
        target = _ensure_default(owner, lists) if list_id is None else _pick(lists, list_id)
        product = (
            Product.objects.visible().only("pk", "name", "price").filter(pk=product_id).first()
        )
        if product is None:
            raise ProductNotFound()
        variant = None
        if variant_id is not None:
            variant = (
                ProductVariant.objects.only("pk", "price", "options_label")
                .filter(pk=variant_id, product=product)
                .first()
            )
            if variant is None:
                raise ProductNotFound()
        items = ListItem.objects.filter(shopping_list=target)
        if items.filter(product=product, variant=variant).exists():
            name = f"{product.name} ({variant.options_label})" if variant else product.name
            raise AlreadyInList(name, target.name)
        if items.count() >= MAX_ITEMS:
            raise ListFull(target.name)
        item = ListItem.objects.create(
            shopping_list=target,
            product=product,
            variant=variant,
            product_name=product.name,
            note=note,
            price_when_added=price_of(product, variant),
        )
        _touch(target)
    item.shopping_list = target
    return item


def create_list(*, owner: Owner, name: str) -> ShoppingList:
    """A new list (the default list is made first when there is none yet)."""
    name = _checked_name(name)
    with transaction.atomic():
        lists = _locked_lists(owner)
        _ensure_default(owner, lists)
        if _name_taken(lists, name):
            raise DuplicateName(name)
        if len(lists) >= MAX_LISTS:
            raise TooManyLists()
        return ShoppingList.objects.create(name=name, **owner.owner_fields())


@_retried
def rename_list(*, owner: Owner, list_id: int, name: str) -> ShoppingList:
    name = _checked_name(name)
    with transaction.atomic():
        lists = _locked_lists(owner)
        shopping_list = _pick(lists, list_id)
        if _name_taken([other for other in lists if other.pk != shopping_list.pk], name):
            raise DuplicateName(name)
        shopping_list.name = name
        shopping_list.used_at = timezone.now()
        shopping_list.save(update_fields=["name", "used_at"])
    return shopping_list


def delete_list(*, owner: Owner, list_id: int) -> ShoppingList:
    """Delete a list and its items; the default list is kept (refused)."""
    with transaction.atomic():
        shopping_list = _pick(_locked_lists(owner), list_id)
        if shopping_list.is_default:
            raise DefaultListKept(shopping_list.name)
        shopping_list.delete()
    return shopping_list


def remove_item(*, owner: Owner, item_id: int) -> ListItem:
    with transaction.atomic():
        lists = _locked_lists(owner)
        item = _owned_item(lists, item_id)
        item.delete()
        _touch(item.shopping_list)
    return item


def set_note(*, owner: Owner, item_id: int, note: str) -> ListItem:
    note = _checked_note(note)
    with transaction.atomic():
        item = _owned_item(_locked_lists(owner), item_id)
        item.note = note
        item.changed_at = timezone.now()
        item.save(update_fields=["note", "changed_at"])
        _touch(item.shopping_list)
    return item


def move_item(*, owner: Owner, item_id: int, list_id: int) -> ListItem:
    """Move an item to another of the owner's lists. When the product is there already, the
    two items become one (the duplicates rule above); returns the item that stays."""
    with transaction.atomic():
        lists = _locked_lists(owner)
        item = _owned_item(lists, item_id)
        target = _pick(lists, list_id)
        if target.pk == item.shopping_list_id:
            raise SameList(target.name)
        there = None
        if item.product_id is not None:
            there = ListItem.objects.filter(
                shopping_list=target, product_id=item.product_id, variant_id=item.variant_id
            ).first()
        if there is None:
            if ListItem.objects.filter(shopping_list=target).count() >= MAX_ITEMS:
                raise ListFull(target.name)
            item.shopping_list = target
            item.save(update_fields=["shopping_list"])
            kept = item
        else:
            kept = _combined(there, item)
            kept.save(update_fields=["note", "price_when_added", "product_name", "changed_at"])
            item.delete()
        _touch(target)
    kept.shopping_list = target
    return kept


def share_list(*, owner: Owner, list_id: int, regenerate: bool = False) -> ShoppingList:
    """Give the list a share link (kept when it has one, unless `regenerate`: then the old
    link stops working)."""
    with transaction.atomic():
        shopping_list = _pick(_locked_lists(owner), list_id)
        if regenerate or not shopping_list.share_token:
            shopping_list.share_token = secrets.token_urlsafe(SHARE_TOKEN_BYTES)
            shopping_list.save(update_fields=["share_token"])
    return shopping_list


def revoke_share_link(*, owner: Owner, list_id: int) -> ShoppingList:
    """The share link stops working (404) at once."""
    with transaction.atomic():
        shopping_list = _pick(_locked_lists(owner), list_id)
        shopping_list.share_token = None
        shopping_list.save(update_fields=["share_token"])
    return shopping_list


@_retried
def copy_shared_list(*, owner: Owner, share_token: str) -> tuple[ShoppingList, list[str]]:
    """Copy a shared list into the owner's lists under its name (with a suffix when taken).

    Items are saved at today's price with their notes; products no longer shown in the shop
    are left out. Returns the new list and the names left out. Refused when the owner has as
    many lists as allowed."""
    if not isinstance(share_token, str) or not share_token:
        raise ListNotFound()
    with transaction.atomic():
        source = ShoppingList.objects.filter(share_token=share_token).first()
        if source is None:
            raise ListNotFound()
        lists = _locked_lists(owner)
        _ensure_default(owner, lists)
        if len(lists) >= MAX_LISTS:
            raise TooManyLists()
        visible = Product.objects.visible().only("pk", "name", "price")
        items = list(
            ListItem.objects.filter(shopping_list=source)
            .select_related("variant")
            .order_by("pk")
            .prefetch_related(Prefetch("product", queryset=visible))
        )
        copy = ShoppingList.objects.create(
            name=_free_name(source.name, {other.name.lower() for other in lists}),
            **owner.owner_fields(),
        )
        kept = [item for item in items if item.product is not None][:MAX_ITEMS]
        left_out = [item.product_name for item in items if item not in kept]
        ListItem.objects.bulk_create(
            ListItem(
                shopping_list=copy,
                product=item.product,
                variant=item.variant,
                product_name=item.product.name,
                note=item.note,
                price_when_added=price_of(item.product, item.variant),
            )
            for item in kept
        )
        _touch(source)
    return copy, left_out


@_retried
def merge_guest_lists(*, token: str, user) -> list[str]:
    """Give a guest's lists to the account they log in to. Nothing of the guest's is lost.

    - The guest's default list joins the account's default list: a product in both stays
      once (the duplicates rule at the top of this module); without an account default the
      guest's default list becomes it.
    - The guest's other lists move to the account as they are (items, share links); a name
      the account already has gets the first free suffix: "Gifts" -> "Gifts (2)", or
      "Gifts (3)" when "Gifts (2)" is taken too.
    - The limits on lists and items are not applied: a merge never drops anything; adding
      more is refused until the shopper makes room.

    The guest's rows are gone afterwards, so merging again changes nothing. Returns messages
    for the lists renamed.
    """
    if not isinstance(token, str) or not token:
        return []
    with transaction.atomic():
        return _merge(token, user)


def delete_stale_guest_lists(*, idle_for: timedelta) -> int:
    """Delete the lists of guests who used none of their lists for `idle_for` (their
    sessions are long gone); returns the number of lists deleted. Accounts' lists stay."""
    stale_tokens = (
        ShoppingList.objects.filter(user__isnull=True)
        .values("guest_token")
        .annotate(last_used=Max("used_at"))
        .filter(last_used__lt=timezone.now() - idle_for)
        .values("guest_token")
    )
    _total, per_model = ShoppingList.objects.filter(
        user__isnull=True, guest_token__in=stale_tokens
    ).delete()
    return per_model.get(ShoppingList._meta.label, 0)


def touch_guest_lists(owner: Owner | None) -> None:
    """Mark a guest's lists as used (a view of them), so they are not deleted as stale. At
    most one row write an hour per guest; accounts' lists never go stale."""
    if owner is None or owner.user is not None:
        return
    now = timezone.now()
    owner.lists().filter(used_at__lt=now - timedelta(hours=1)).update(used_at=now)


# Internals


def _merge(token: str, user) -> list[str]:
    rows = list(
        ShoppingList.objects.filter(Q(guest_token=token, user__isnull=True) | Q(user=user))
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    guest = [row for row in rows if row.user_id is None]
    if not guest:
        return []
    own = [row for row in rows if row.user_id == user.pk]
    own_default = next((row for row in own if row.is_default), None)
    taken = {row.name.lower() for row in own}
    notes, moving = [], []
    for row in guest:
        if row.is_default and own_default is not None:
            _merge_items(source=row, target=own_default)
            row.delete()
        else:
            moving.append(row)
    for row in moving:
        name = _free_name(row.name, taken)
        taken.add(name.lower())
        if name != row.name:
            notes.append(
                f"You already had a list called “{row.name}”: the one you made before logging "
                f"in is now called “{name}”."
            )
        row.name, row.user, row.guest_token = name, user, None
        row.used_at = timezone.now()
        row.save(update_fields=["name", "user", "guest_token", "used_at"])
    return notes


def _merge_items(*, source: ShoppingList, target: ShoppingList) -> None:
    there = {
        (item.product_id, item.variant_id): item
        for item in ListItem.objects.filter(shopping_list=target, product__isnull=False)
    }
    moved, dropped, updated = [], [], []
    for item in ListItem.objects.filter(shopping_list=source).order_by("pk"):
        key = (item.product_id, item.variant_id)
        mine = there.get(key) if item.product_id is not None else None
        if mine is None:
            moved.append(item.pk)
            continue
        updated.append(_combined(mine, item))
        dropped.append(item.pk)
    if dropped:
        ListItem.objects.filter(pk__in=dropped).delete()
    if moved:
        ListItem.objects.filter(pk__in=moved).update(shopping_list=target)
    if updated:
        ListItem.objects.bulk_update(
            updated, ["note", "price_when_added", "product_name", "changed_at"]
        )
    _touch(target)


def _combined(staying: ListItem, other: ListItem) -> ListItem:
    """`staying` (already in the list) after `other` of the same product joins it: the newer
    item's price and note; the older note when the newer has none."""
    if other.changed_at > staying.changed_at:
        older_note = staying.note
        staying.price_when_added = other.price_when_added
        staying.product_name = other.product_name
        staying.changed_at = other.changed_at
        staying.note = other.note or older_note
    elif not staying.note:
        staying.note = other.note
    return staying


def _free_name(name: str, taken: Iterable[str]) -> str:
    """`name`, or `name (2)`, `name (3)`... : the first one not in `taken` (lower-cased)."""
    taken = set(taken)
    if name.lower() not in taken:
        return name
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: NAME_MAX_LENGTH - len(suffix)] + suffix
        if candidate.lower() not in taken:
            return candidate
        number += 1


def _locked_lists(owner: Owner) -> list[ShoppingList]:
    """All the owner's lists, locked in primary-key order (a list, evaluated once)."""
    return list(owner.lists().order_by("pk").select_for_update(of=("self",)))


def _ensure_default(owner: Owner, lists: list[ShoppingList]) -> ShoppingList:
    """The owner's default list, created (and appended to `lists`) when there is none."""
    for shopping_list in lists:
        if shopping_list.is_default:
            return shopping_list
    default = ShoppingList.objects.create(
        name=_free_name(DEFAULT_LIST_NAME, {other.name.lower() for other in lists}),
        is_default=True,
        **owner.owner_fields(),
    )
    lists.append(default)
    return default


def _pick(lists: list[ShoppingList], list_id) -> ShoppingList:
    _checked_id(list_id, ListNotFound)
    for shopping_list in lists:
        if shopping_list.pk == list_id:
            return shopping_list
    raise ListNotFound()


def _owned_item(lists: list[ShoppingList], item_id) -> ListItem:
    _checked_id(item_id, ItemNotFound)
    by_pk = {shopping_list.pk: shopping_list for shopping_list in lists}
    item = ListItem.objects.filter(pk=item_id, shopping_list_id__in=list(by_pk)).first()
    if item is None:
        raise ItemNotFound()
    item.shopping_list = by_pk[item.shopping_list_id]
    return item


def _touch(shopping_list: ShoppingList) -> None:
    ShoppingList.objects.filter(pk=shopping_list.pk).update(used_at=timezone.now())


def _name_taken(lists: Iterable[ShoppingList], name: str) -> bool:
    return any(other.name.lower() == name.lower() for other in lists)


def _checked_name(name) -> str:
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not 1 <= len(name) <= NAME_MAX_LENGTH:
        raise InvalidName()
    return name


def _checked_note(note) -> str:
    if not isinstance(note, str):
        raise InvalidNote()
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidNote()
    return note


def _checked_id(value, error) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
        raise error()
