"""The payment pages: the test gateway's own page (standing in for a provider's site), the
return URL and webhook a provider calls back on, and the shopper's retry after a decline."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commerce.orders.models import Order
from commerce.payments import services
from commerce.payments.models import Payment, PaymentOutcome
from commerce.payments.providers import InvalidCallback, is_enabled
from commerce.payments.providers.test_gateway import OUTCOMES, signed_callback


@never_cache
@require_http_methods(["GET", "POST"])
def test_gateway_page(request, reference: str):
    """The simulated gateway: shows the amount, then approves or declines and sends the
    shopper back to the shop with a signed callback."""
    if not is_enabled("test_gateway"):
        raise Http404("The test payment gateway is switched off.")
    payment = get_object_or_404(
        Payment.objects.select_related("order"),
        reference=reference,
        provider="test_gateway",
        outcome=PaymentOutcome.PENDING,
    )
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if outcome not in OUTCOMES:
            return HttpResponseBadRequest("Choose approve or decline.")
        back = reverse("payments:return", args=["test_gateway"])
        return redirect(f"{back}?{urlencode(signed_callback(reference, outcome))}")
    return render(request, "payments/test_gateway.html", {"payment": payment})


@never_cache
@require_GET
def payment_return(request, provider_key: str):
    """Where the provider sends the shopper back, with its signed answer."""
    payment = _apply(provider_key, request.GET)
    if isinstance(payment, HttpResponse):
        return payment
    if payment.outcome == PaymentOutcome.APPROVED:
        messages.success(request, "Thank you: your payment was approved.")
    else:
        messages.error(
            request, "Your payment was declined and nothing was charged. You can try again."
        )
    return redirect("checkout:done", token=payment.order.access_token)


@csrf_exempt  # called by the provider's servers; the signature is the check
@require_POST
def payment_callback(request, provider_key: str):
    payment = _apply(provider_key, request.POST)
    if isinstance(payment, HttpResponse):
        return payment
    return HttpResponse(payment.outcome, content_type="text/plain")


@require_POST
def retry(request, token: str):
    order = get_object_or_404(Order, access_token=token)
    try:
        payment = services.start_payment(order=order)
    except services.PaymentNotPossible:
        messages.info(request, "This order cannot be paid online any more.")
        return redirect("checkout:done", token=order.access_token)
    return redirect(services.redirect_url(payment))


def _apply(provider_key: str, data):
    if not is_enabled(provider_key):
        raise Http404("Unknown payment provider")
    try:
        return services.apply_callback(provider_key=provider_key, data=data)
    except InvalidCallback:
        return HttpResponseBadRequest(
            "This payment answer is not valid.", content_type="text/plain"
        )
    except services.UnknownPayment:
        raise Http404("Unknown payment") from None
