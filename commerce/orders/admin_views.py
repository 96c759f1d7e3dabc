"""Custom staff views for orders: the inspect page and the status buttons.

Thin by design: read the order with everything the page shows in a fixed number of queries,
or parse one button press and call one service.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from wagtail.snippets.views.snippets import InspectView

from commerce.orders.exceptions import InvalidShipment, InvalidStatusTransition
from commerce.orders.models import Order, OrderLine, OrderLineAllocation, OrderStatus
from commerce.orders.services import (
    allowed_transitions,
    cancel_order,
    change_order_status,
    ship_order,
)

CHANGE_STATUS_PERMISSION = "orders.change_order"
NOTE_MAX_LENGTH = 250
BUTTON_LABELS = {
    OrderStatus.PAID: "Mark as paid",
    OrderStatus.SHIPPED: "Mark as shipped",
    OrderStatus.DELIVERED: "Mark as delivered",
    OrderStatus.CANCELLED: "Cancel order",
}


def order_for_inspection():
    """Orders with their lines, allocations (and warehouses) and history: 4 queries."""
    allocations = OrderLineAllocation.objects.select_related("warehouse")
    lines = OrderLine.objects.prefetch_related(Prefetch("allocations", queryset=allocations))
    return Order.objects.prefetch_related(Prefetch("lines", queryset=lines), "status_changes")


def can_change_status(user) -> bool:
    return user.has_perm(CHANGE_STATUS_PERMISSION)


class OrderInspectView(InspectView):
    change_status_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(order_for_inspection(), pk=self.pk)

    def get_fields(self):
        return []  # the template lays the order out itself

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        transitions = []
        if can_change_status(self.request.user):
            transitions = [
                {"status": status, "label": BUTTON_LABELS[status]}
                for status in allowed_transitions(order.status)
            ]
        context.update(
            lines=list(order.lines.all()),
            status_changes=list(order.status_changes.all()),
            transitions=transitions,
            can_ship=any(t["status"] == OrderStatus.SHIPPED for t in transitions),
            shipment_max_length=Order._meta.get_field("tracking_number").max_length,
            change_status_url=reverse(self.change_status_url_name, args=[order.pk]),
        )
        return context


class OrderStatusView(View):
    """One status button: POST only (a GET answers 405), CSRF-protected like every POST,
    and only for staff with `orders.change_order`. The change is recorded with the staff
    user as actor."""

    http_method_names = ["post"]
    model = Order
    inspect_url_name = None

    def post(self, request, pk):
        if not can_change_status(request.user):
            raise PermissionDenied
        order = get_object_or_404(Order, pk=pk)
        to = request.POST.get("to", "")
        note = request.POST.get("note", "").strip()[:NOTE_MAX_LENGTH]
        if to not in OrderStatus.values:
            messages.error(request, f"Order {order.number} was not changed: unknown status.")
        else:
            self._change(request, order, OrderStatus(to), note)
        return redirect(self.inspect_url_name, order.pk)

    def _change(self, request, order: Order, to: OrderStatus, note: str) -> None:
        try:
            if to == OrderStatus.CANCELLED:
                cancel_order(order=order, actor=request.user, note=note)
            elif to == OrderStatus.SHIPPED:
                ship_order(
                    order=order,
                    carrier=request.POST.get("carrier", ""),
                    tracking_number=request.POST.get("tracking_number", ""),
                    actor=request.user,
                    note=note,
                )
            else:
                change_order_status(order=order, to=to, actor=request.user, note=note)
        except InvalidShipment as error:
            label = error.field.replace("_", " ")
            messages.error(
                request,
                f"Order {order.number} was not changed: the {label} can be at most "
                f"{error.max_length} characters.",
            )
            return
        except InvalidStatusTransition as error:
            messages.error(
                request,
                f"Order {order.number} was not changed: an order that is "
                f"{OrderStatus(error.from_status).label.lower()} cannot become "
                f"{OrderStatus(error.to_status).label.lower()}.",
            )
            return
        if to == OrderStatus.CANCELLED:
            message = f"Order {order.number} cancelled; its units are back in stock."
        else:
            message = f"Order {order.number} is now {to.label.lower()}."
        messages.success(request, message)
