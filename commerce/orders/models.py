"""Orders keep their own copy of everything needed later: editing or deleting catalog data,
delivery or payment methods never changes an order."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from commerce.orders.numbers import NUMBER_MAX_LENGTH, new_access_token

MONEY = {"max_digits": 12, "decimal_places": 2}
NUMBER_CONSTRAINT = "order_number_unique"
IDEMPOTENCY_CONSTRAINT = "order_idempotency_key_unique"


class OrderStatus(models.TextChoices):
    NEW = "new", "New"
    PAID = "paid", "Paid"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"


class PaymentState(models.TextChoices):
    PENDING = "pending", "Pending"
    PAID = "paid", "Paid"
    DECLINED = "declined", "Declined"


class PostalAddress(models.Model):
    """Where an order goes: the fields an order copies and that the checkout and a shopper's
    saved addresses hold under the same names."""

    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    address_line1 = models.CharField("address", max_length=200)
    address_line2 = models.CharField("address (line 2)", max_length=200, blank=True)
    postal_code = models.CharField(max_length=20)
    city = models.CharField(max_length=120)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code.")

    ADDRESS_FIELDS = (
        "name",
        "phone",
        "address_line1",
        "address_line2",
        "postal_code",
        "city",
        "country",
    )

    class Meta:
        abstract = True

    def address_fields(self) -> dict:
        return {field: getattr(self, field) for field in PostalAddress.ADDRESS_FIELDS}


class Order(PostalAddress):
    number = models.CharField(max_length=NUMBER_MAX_LENGTH, editable=False)
    idempotency_key = models.CharField(
        max_length=100, editable=False, help_text="One order per submitted checkout."
    )
    access_token = models.CharField(
        max_length=64, unique=True, default=new_access_token, editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    status = models.CharField(
        max_length=16, choices=OrderStatus.choices, default=OrderStatus.NEW, editable=False
    )

    email = models.EmailField()

    delivery_method_name = models.CharField(max_length=120)
    delivery_cost = models.DecimalField(**MONEY)
    payment_method_name = models.CharField(max_length=120)
    payment_provider = models.CharField(max_length=40)
    payment_instructions = models.TextField(
        blank=True, help_text="The payment method's instructions when the order was placed."
    )
    payment_state = models.CharField(
        max_length=16, choices=PaymentState.choices, default=PaymentState.PENDING
    )
    coupon_code = models.CharField(max_length=40, blank=True)
    discount = models.DecimalField(**MONEY, default=0)

    # Set when the order is shipped (orders.services.ship_order); shown to the customer.
    # Database defaults: the release before these columns still places orders while the new
    # one migrates (README, "Production": migrate runs before the new code serves).
    carrier = models.CharField(
        max_length=100, blank=True, editable=False, default="", db_default=""
    )
    tracking_number = models.CharField(
        max_length=100, blank=True, editable=False, default="", db_default=""
    )

    subtotal = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Named, so place_order can tell a number collision from a repeated submit.
            models.UniqueConstraint(fields=["number"], name=NUMBER_CONSTRAINT),
            models.UniqueConstraint(fields=["idempotency_key"], name=IDEMPOTENCY_CONSTRAINT),
            models.CheckConstraint(
                condition=Q(total=F("subtotal") + F("delivery_cost") - F("discount")),
                name="order_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(subtotal__gte=0, delivery_cost__gte=0, discount__gte=0, total__gte=0),
                name="order_amounts_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at"], name="order_newest"),
            models.Index(fields=["status", "-created_at"], name="order_status_newest"),
            models.Index(fields=["email"], name="order_email"),
        ]

    def __str__(self):
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
        help_text="Where cancelled units go back to; empty once the variant is deleted.",
    )
    product_name = models.CharField(max_length=200)
    options_label = models.CharField(
        "options",
        max_length=250,
        blank=True,
        help_text='The variant\'s options when ordered, e.g. "Size: M, Colour: Navy".',
    )
    sku = models.CharField("SKU", max_length=64, help_text="The variant's SKU when ordered.")
    unit_price = models.DecimalField(**MONEY)
    quantity = models.PositiveIntegerField()
    line_total = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(line_total=F("unit_price") * F("quantity")),
                name="order_line_total_adds_up",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"


class OrderLineAllocation(models.Model):
    """The units of a line taken from one warehouse; given back when the order is cancelled.

    A warehouse that ever served an order cannot be deleted (deactivate it instead), so a
    cancellation always knows where the units go back to.
    """

    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="allocations")
    warehouse = models.ForeignKey(
        "stock.Warehouse", on_delete=models.PROTECT, related_name="order_allocations"
    )
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="order_allocation_quantity_positive"
            ),
            models.UniqueConstraint(
                fields=["line", "warehouse"], name="order_allocation_one_per_warehouse"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} from {self.warehouse_id}"


class OrderStatusChange(models.Model):
    """One step of an order's history; the first goes from "" (placed) to new."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(
        max_length=150, blank=True, help_text="Kept when the account is deleted."
    )
    note = models.CharField(max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_status or 'placed'} → {self.to_status}"
