"""The cart's pages: one GET that shows the cart as it is now, and POST actions that each
call one service and redirect (PRG), telling the shopper what happened with a message.

The cart is always the requesting shopper's own (`identity`): no view takes a cart id or
token from the client, and no form field sets a price, a total or a discount.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from commerce.cart import identity, services
from commerce.cart.exceptions import CartError, EmptyCart, LineNotFound
from commerce.cart.forms import AddToCartForm, CouponForm, QuantityForm
from commerce.cart.review import CartReview
from commerce.catalog.purchase import MAX_QUANTITY
from commerce.coupons.exceptions import CouponError
from commerce.pricing.coupons import coupon_refusal, coupon_terms
from commerce.pricing.money import format_money
from commerce.pricing.prices import unit_price
from commerce.redirects import safe_next


@require_safe
@never_cache
def cart_detail(request):
    cart = identity.current_cart(request)
    review = services.sync_cart(cart=cart) if cart is not None else CartReview()
    return render(
        request,
        "cart/cart_detail.html",
        {
            "review": review,
            "cart_count": review.item_count,  # the header's count, without another query
            "max_quantity": MAX_QUANTITY,
        },
    )


@require_POST
def add(request):
    back = _next_url(request)
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        if {"product", "variant", "__all__"} & set(form.errors):
            return HttpResponseBadRequest("Unknown product or option.")
        messages.error(request, form.errors["quantity"][0])
        return redirect(back)
    cart = identity.cart_to_fill(request)
    data = form.cleaned_data
    quantity = data["quantity"]
    try:
        line = services.add_line(
            cart=cart,
            product_id=data["product"],
            variant_id=data["variant"],
            option_ids=data["option_ids"],
            quantity=quantity,
        )
    except CartError as error:
        messages.error(request, error.message)
        return redirect(back)
    identity.remember(request, cart)
    label = line.variant.options_label
    name = f"{line.product_name} ({label})" if label else line.product_name
    price = format_money(unit_price(line.product, line.variant))
    messages.success(request, f"Added {quantity} × {name} ({price} each) to your cart.")
    return redirect(back)


@require_POST
def update_line(request, variant_id: int):
    cart = _cart_or_404(request)
    form = QuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["quantity"][0])
        return redirect("cart:detail")
    try:
        line = services.set_quantity(
            cart=cart, variant_id=variant_id, quantity=form.cleaned_data["quantity"]
        )
    except LineNotFound as error:
        raise Http404(error.message) from error
    except CartError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{line.product_name}: quantity set to {line.quantity}.")
    return redirect("cart:detail")


@require_POST
def remove_line(request, variant_id: int):
    cart = identity.current_cart(request)
    try:
        if cart is None:
            raise LineNotFound(variant_id)
        line = services.remove_line(cart=cart, variant_id=variant_id)
    except CartError as error:  # a second click: it is gone already
        messages.info(request, error.message)
    else:
        messages.success(request, f"Removed {line.product_name} from your cart.")
    return redirect("cart:detail")


@require_POST
def empty(request):
    cart = identity.current_cart(request)
    if cart is not None:
        try:
            services.empty_cart(cart=cart)
        except CartError as error:
            messages.error(request, error.message)
            return redirect("cart:detail")
    messages.success(request, "Your cart is now empty.")
    return redirect("cart:detail")


@require_POST
def apply_coupon(request):
    form = CouponForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["code"][0])
        return redirect("cart:detail")
    cart = identity.current_cart(request)
    try:
        if cart is None:
            raise EmptyCart()
        coupon = services.apply_coupon(cart=cart, code=form.cleaned_data["code"])
    except CouponError as error:
        messages.error(request, coupon_refusal(error))
    except CartError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Coupon {coupon.code} applied: {coupon_terms(coupon)}.")
    return redirect("cart:detail")


@require_POST
def remove_coupon(request):
    cart = identity.current_cart(request)
    code = services.remove_coupon(cart=cart) if cart is not None else ""
    if code:
        messages.success(request, f"Coupon {code} removed.")
    return redirect("cart:detail")


def _cart_or_404(request):
    cart = identity.current_cart(request)
    if cart is None:
        raise Http404("No cart")
    return cart


def _next_url(request) -> str:
    """Where to go after adding: the posted `next` when it is a path on this site, else the
    cart (never another site: no open redirect)."""
    return safe_next(request, request.POST.get("next")) or reverse("cart:detail")
