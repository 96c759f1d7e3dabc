"""Reads of shopping lists, with everything the pages use loaded here: a list page runs the
same number of queries whatever the number of items."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from commerce.catalog.models import Product
from commerce.catalog.purchase import (
    PurchaseOption,
    choice_prompt,
    choice_refusal,
    purchase_option,
    with_choices,
)
from commerce.catalog.selectors import CARD_RENDITION, gallery_prefetch
from commerce.lists.identity import Owner
from commerce.lists.models import ListItem, ShoppingList
from commerce.queries import PreparedRead
from commerce.stock.availability import sellable_quantity_expression, with_sellable_quantity

# A list reads no product descriptions or search data.
DEFERRED_PRODUCT_FIELDS = ("description", "search_vector")


@dataclass(frozen=True)
class ListEntry:
    """One item as the shopper sees it today: the product's purchase option (its current
    price, stock and whether it can be bought) and the price change since it was saved."""

    item: ListItem
    option: PurchaseOption | None  # None once the product is deleted or no longer shown

    @property
    def product(self) -> Product | None:
        return self.option.product if self.option is not None else None

    @property
    def options_label(self) -> str:
        """The chosen size or colour ("Size: M"), empty when none was chosen."""
        return self.item.variant.options_label if self.item.variant is not None else ""

    @property
    def price_now(self) -> Decimal | None:
        return self.option.unit_price if self.option is not None else None

    @property
    def price_change(self) -> Decimal:
        """Today's price minus the price when saved (negative: it went down)."""
        if self.option is None:
            return Decimal("0")
        return self.option.unit_price - self.item.price_when_added

    @property
    def price_down(self) -> Decimal | None:
        """How much cheaper than when saved, or None."""
        return -self.price_change if self.price_change < 0 else None

    @property
    def price_up(self) -> Decimal | None:
        """How much dearer than when saved, or None."""
        return self.price_change if self.price_change > 0 else None

    @property
    def needs_choice(self) -> bool:
        """Saved as the product alone (no size chosen) while the product comes in several
        sizes or colours: it goes to the cart only once one is chosen on its page."""
        return (
            self.option is not None
            and self.item.variant_id is None
            and (self.product.variant_count > 1)
        )

    @property
    def can_choose(self) -> bool:
        """Needs a choice, and some size or colour can be bought now: the item offers
        `choice_prompt` ("Choose a size") linking to the product page, not "Add to cart"."""
        return self.needs_choice and self.option.can_buy

    @property
    def choice_prompt(self) -> str:
        return choice_prompt(self.product.choice_names) if self.needs_choice else ""

    @property
    def choice_refusal(self) -> str:
        """ "Tee — choose a size first": why "add to cart" left it out."""
        return choice_refusal(self.product.name, self.product.choice_names)

    @property
    def is_buyable(self) -> bool:
        """Goes to the cart as it is: can be bought now, and its size (if any) is chosen."""
        return self.option is not None and self.option.can_buy and not self.needs_choice

    @property
    def state(self) -> str:
        """ "gone" (deleted or no longer shown), else the purchase option's state
        ("unavailable", "in", "low", "out")."""
        return self.option.state if self.option is not None else "gone"

    @property
    def label(self) -> str:
        return self.option.label if self.option is not None else "No longer available"


@dataclass(frozen=True)
class ListPage:
    shopping_list: ShoppingList
    entries: list[ListEntry]
    other_lists: list[ShoppingList] = field(default_factory=list)

    @property
    def buyable_count(self) -> int:
        return sum(1 for entry in self.entries if entry.is_buyable)


def lists_overview(owner: Owner | None) -> list[ShoppingList]:
    """The owner's lists, the default first, each with `item_count`: one query."""
    if owner is None:
        return []
    return list(
        owner.lists()
        .annotate(item_count=Count("items"))
        .order_by("-is_default", "created_at", "pk")
    )


def list_page(owner: Owner | None, list_id: int) -> ListPage | None:
    """One of the owner's lists with its entries and the owner's other lists (to move items
    to), or None when the owner has no such list. A fixed number of queries: the list, its
    items, their products (category and stock), pictures, images, renditions, other lists."""
    if owner is None:
        return None
    shopping_list = owner.lists().filter(pk=list_id).first()
    if shopping_list is None:
        return None
    others = list(owner.lists().exclude(pk=shopping_list.pk).order_by("-is_default", "created_at"))
    return ListPage(shopping_list, list_entries(shopping_list), others)


def shared_list_page(share_token: str) -> ListPage | None:
    """The list shared under `share_token`, or None (revoked, regenerated, never existed)."""
    if not isinstance(share_token, str) or not share_token:
        return None
    shopping_list = ShoppingList.objects.filter(share_token=share_token).first()
    if shopping_list is None:
        return None
    return ListPage(shopping_list, list_entries(shopping_list))


def list_entries(shopping_list: ShoppingList) -> list[ListEntry]:
    """The list's items in the order they were saved, each with its product when the shop
    still shows it, the product's category, stock, choices (`with_choices`) and pictures
    with card renditions."""
    products = with_sellable_quantity(
        with_choices(Product.objects.select_related("category"))
        .defer(*DEFERRED_PRODUCT_FIELDS)
        .prefetch_related(gallery_prefetch(CARD_RENDITION))
    )
    items = (
        ListItem.objects.filter(shopping_list=shopping_list)
        .select_related("variant")
        .annotate(variant_quantity=sellable_quantity_expression("variant", outer="variant_id"))
        .order_by("pk")
        .prefetch_related(Prefetch("product", queryset=products))
    )
    entries = []
    for item in items:
        product = item.product if item.product is not None and item.product.is_visible else None
        variant = item.variant
        if variant is not None:
            variant.sellable_quantity = item.variant_quantity
        option = purchase_option(product, variant=variant) if product is not None else None
        entries.append(ListEntry(item, option))
    return entries


class ListChoice(NamedTuple):
    """One of the shopper's lists in a "save to" menu."""

    pk: int
    name: str
    is_default: bool


def _choices_of(owner: Owner):
    return (
        owner.lists().order_by("-is_default", "created_at", "pk").values_list(*ListChoice._fields)
    )


# Built once per process (queries.PreparedRead): the menu is on every product page.
_ACCOUNT_CHOICES = PreparedRead(lambda user_id: _choices_of(Owner(user=user_id)), slot=-1)
_GUEST_CHOICES = PreparedRead(
    lambda token: _choices_of(Owner(token=token)), slot="\x00guest token\x00"
)


def list_choices(owner: Owner | None) -> list[ListChoice]:
    """The owner's lists for a "save to" menu, the default first: one query (none for a
    guest without lists)."""
    if owner is None:
        return []
    if owner.user is not None:
        rows = _ACCOUNT_CHOICES.rows(owner.user.pk)
    else:
        rows = _GUEST_CHOICES.rows(owner.token)
    return [ListChoice(*row) for row in rows]


def with_list_counts(products: QuerySet) -> QuerySet:
    """Annotate `list_count`, the number of shopping lists holding each product, as a
    correlated subquery inside the products' own query (for the staff product list)."""
    counts = (
        ListItem.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(total=Count("shopping_list"))
        .values("total")
    )
    return products.annotate(
        list_count=Coalesce(Subquery(counts), Value(0), output_field=IntegerField())
    )
