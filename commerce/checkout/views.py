"""The checkout's steps: contact and address, delivery, payment, review, place order.

Each step reads and writes the shopper's own `Checkout` (found through their cart, never from
anything the client names), redirects after every POST, and sends the shopper to the first
step still to do when they jump ahead. The confirmation page is reached by the order's
unguessable access token.
"""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commerce.cart import services as cart_services
from commerce.checkout import services, steps
from commerce.checkout.exceptions import CartNotCurrent, CheckoutChanged, InvalidCheckout
from commerce.checkout.forms import AddressForm, DeliveryForm, PaymentForm, PlaceOrderForm
from commerce.checkout.messages import describe, is_cart_change
from commerce.checkout.quote import quote_checkout
from commerce.checkout.services import CheckoutIncomplete, submit_checkout
from commerce.orders.models import Order
from commerce.payments import services as payments
from commerce.pricing.coupons import coupon_refusal

EXPIRED_MESSAGE = (
    "Your checkout expired after {minutes} minutes without activity, so we cleared the "
    "details you entered. Your cart is still here."
)


def _open(request, step: str):
    """(checkout, cart) for this step, or a redirect: to the cart when it is empty, to the
    first open step when this one is not reachable yet, to the start when it expired.

    A POST does not count as activity here: a valid one saves the checkout (which counts),
    and an invalid one calls `services.touch_checkout`."""
    cart = steps.checkout_cart(request)
    if cart is None or not cart.has_lines:
        messages.info(request, "Your cart is empty.")
        return redirect("cart:detail")
    checkout, expired = services.open_checkout(cart, touch=request.method != "POST")
    if expired:
        messages.warning(request, EXPIRED_MESSAGE.format(minutes=steps.idle_minutes()))
        return redirect("checkout:address")
    if not steps.may_enter(checkout, step):
        return redirect(f"checkout:{steps.first_open_step(checkout)}")
    return checkout, cart


def _render_step(request, step: str, checkout, context: dict):
    done = steps.completed_steps(checkout)
    trail = [
        {
            "key": key,
            "title": steps.STEP_TITLES[key],
            "done": key in done,
            "current": key == step,
        }
        for key in steps.STEPS
    ]
    if step == "review":
        template = "checkout/review.html"
    else:
        template = "checkout/form_step.html"
        following = steps.STEPS[steps.STEPS.index(step) + 1]
        context = {
            "title": steps.STEP_TITLES[step],
            "next_title": "review" if following == "review" else steps.STEP_TITLES[following],
            **context,
        }
    return render(request, template, {"steps": trail, "checkout": checkout, **context})


@never_cache
@require_safe
def start(request):
    opened = _open(request, "address")
    if not isinstance(opened, tuple):
        return opened
    checkout, _cart = opened
    return redirect(f"checkout:{steps.first_open_step(checkout)}")


@never_cache
@require_http_methods(["GET", "POST"])
def address(request):
    opened = _open(request, "address")
    if not isinstance(opened, tuple):
        return opened
    checkout, _cart = opened
    if request.method == "POST":
        form = AddressForm(request.POST, instance=checkout)
        if form.is_valid():
            services.save_address(checkout, form.cleaned_data)
            return redirect("checkout:delivery")
        services.touch_checkout(checkout)
    else:
        services.prefill(checkout, user=request.user)
        form = AddressForm(instance=checkout)
    return _render_step(request, "address", checkout, {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def delivery(request):
    return _choose(request, "delivery", DeliveryForm, "delivery_method", services.choose_delivery)


@never_cache
@require_http_methods(["GET", "POST"])
def payment(request):
    return _choose(request, "payment", PaymentForm, "payment_method", services.choose_payment)


def _choose(request, step, form_class, field, save):
    opened = _open(request, step)
    if not isinstance(opened, tuple):
        return opened
    checkout, _cart = opened
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            save(checkout, form.cleaned_data[field])
            return redirect(f"checkout:{steps.STEPS[steps.STEPS.index(step) + 1]}")
        services.touch_checkout(checkout)
    else:
        current = getattr(checkout, field)
        form = form_class(initial={field: current.pk} if current and current.is_active else {})
    return _render_step(request, step, checkout, {"form": form})


@never_cache
@require_safe
def review(request):
    opened = _open(request, "review")
    if not isinstance(opened, tuple):
        return opened
    checkout, cart = opened
    cart_review = cart_services.sync_cart(cart=cart, images=False)
    if cart_review.is_empty:
        return redirect("cart:detail")
    if cart_review.changes:
        messages.warning(request, "Your cart changed: please check it before you order.")
        return redirect("cart:detail")
    quote = quote_checkout(cart_review, checkout=checkout, user=request.user)
    if quote.coupon_error is not None:
        cart_services.remove_coupon(cart=cart)
        messages.error(request, f"{coupon_refusal(quote.coupon_error)} It was removed.")
    return _render_step(
        request,
        "review",
        checkout,
        {"quote": quote, "cart_count": cart_review.item_count, "form": PlaceOrderForm()},
    )


@require_POST
def place(request):
    cart = steps.checkout_cart(request)
    if cart is None:
        messages.info(request, "Your cart is empty.")
        return redirect("cart:detail")
    checkout = steps.find_checkout(cart)
    if checkout is None:
        return redirect("checkout:start")
    if checkout.order_id is not None:  # submitted before: show that order
        return redirect("checkout:done", token=checkout.order.access_token)
    if services.expire_if_stale(checkout):
        messages.warning(request, EXPIRED_MESSAGE.format(minutes=steps.idle_minutes()))
        return redirect("checkout:address")
    form = PlaceOrderForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("The order form was incomplete: please review it again.")
    try:
        order = submit_checkout(
            checkout=checkout,
            cart=cart,
            expected_total=form.cleaned_data["expected_total"],
            user=request.user,
        )
    except CartNotCurrent:
        messages.warning(request, "Your cart changed since you reviewed it: nothing was ordered.")
        return redirect("cart:detail")
    except CheckoutIncomplete as error:
        return redirect(f"checkout:{error.step}")
    except InvalidCheckout:
        messages.info(request, "Your cart is empty.")
        return redirect("cart:detail")
    except CheckoutChanged as error:
        return _changed(request, error)
    if payments.can_pay_online(order):
        payment = payments.start_payment(order=order)
        return redirect(payments.redirect_url(payment))
    return redirect("checkout:done", token=order.access_token)


def _changed(request, error: CheckoutChanged):
    messages.warning(request, "Nothing was ordered: something changed since you reviewed it.")
    for change in error.changes:
        if not is_cart_change(change) or change.code == "coupon_invalid":
            messages.error(request, describe(change))
    if any(is_cart_change(change) for change in error.changes):
        return redirect("cart:detail")
    if any(change.code == "delivery_unavailable" for change in error.changes):
        return redirect("checkout:delivery")
    if any(change.code == "payment_unavailable" for change in error.changes):
        return redirect("checkout:payment")
    return redirect("checkout:review")


@never_cache
@require_safe
def done(request, token: str):
    order = get_object_or_404(Order, access_token=token)
    lines = list(order.lines.all())
    response = render(
        request,
        "checkout/done.html",
        {"order": order, "lines": lines, "payment": payments.payment_context(order)},
    )
    # The token is in the URL: never hand it to another site in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response
