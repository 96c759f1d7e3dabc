"""The guest checkout's steps as a shopper fills them in, shared by the browser tests."""

import re

GUEST_EMAIL = "guest@example.com"


def fill_guest_checkout(page, *, payment: str) -> None:
    """From the cart's "Go to checkout" to the review step: a guest's address in Vienna, the
    standard parcel and `payment` (a payment method's label)."""
    page.get_by_role("link", name="Go to checkout").click()
    page.get_by_label("E-mail").fill(GUEST_EMAIL)
    page.get_by_label("Name").fill("Guest Shopper")
    page.locator("input[name=address_line1]").fill("5 Market Street")
    page.get_by_label("Postal code").fill("1010")
    page.get_by_label("City").fill("Vienna")
    page.get_by_label("Country").select_option("AT")
    page.get_by_role("button", name="Continue to delivery").click()
    page.get_by_label(re.compile("Standard parcel")).check()
    page.get_by_role("button", name="Continue to payment").click()
    page.get_by_label(payment).check()
    page.get_by_role("button", name="Continue to review").click()
