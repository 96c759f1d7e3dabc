"""Putting list items into the shopper's cart, through the cart's own services: one unit of
each product (the variant saved, or the product's only variant), at the price the cart takes
from the product and variant rows. Items that cannot be bought now, or were saved without the
size (or colour) their product needs, are skipped and named, saying why."""

from dataclasses import dataclass, field

from commerce.cart import identity as cart_identity
from commerce.cart import services as cart_services
from commerce.cart.exceptions import CartError
from commerce.lists.selectors import ListEntry


@dataclass
class CartOutcome:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "Lamp (not available)"

    def messages(self) -> tuple[str | None, str | None]:
        """(success message, warning message): either may be None."""
        added = skipped = None
        if self.added:
            added = "Added to your cart: " + ", ".join(self.added) + "."
        if self.skipped:
            skipped = "Not added: " + "; ".join(self.skipped) + "."
        return added, skipped


def add_entries_to_cart(request, entries: list[ListEntry]) -> CartOutcome:
    """Add one unit of each entry's product to the requesting shopper's cart."""
    outcome = CartOutcome()
    for entry in entries:
        if entry.can_choose:  # the product alone, its size never chosen
            outcome.skipped.append(entry.choice_refusal)
            continue
        if not entry.is_buyable:
            why = "out of stock" if entry.state == "out" else "not available"
            outcome.skipped.append(f"{entry.item.product_name} ({why})")
            continue
        # A fresh cart each time: a refused first line rolls back a guest's new cart.
        cart = cart_identity.cart_to_fill(request)
        try:
            cart_services.add_line(
                cart=cart,
                product_id=entry.product.pk,
                variant_id=entry.item.variant_id,
                quantity=1,
            )
        except CartError as error:
            outcome.skipped.append(f"{_named(entry)} ({_reason(error)})")
            continue
        cart_identity.remember(request, cart)
        outcome.added.append(_named(entry))
    return outcome


def _named(entry: ListEntry) -> str:
    label = entry.options_label
    return f"{entry.product.name} ({label})" if label else entry.product.name


def _reason(error: CartError) -> str:
    return error.message.rstrip(".")
