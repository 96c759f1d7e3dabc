"""Errors of the order domain, each with a code a view or admin action can map to a message."""


class OrderError(Exception):
    code = "order_error"

    def __init__(self, message: str = "", **params):
        self.params = params
        super().__init__(message or self.code)


class InvalidStatusTransition(OrderError):
    """The order cannot go from its current status to the one asked for."""

    code = "invalid_status_transition"

    def __init__(self, *, from_status: str, to_status: str):
        super().__init__(
            f"An order cannot go from {from_status} to {to_status}.",
            from_status=from_status,
            to_status=to_status,
        )
        self.from_status = from_status
        self.to_status = to_status


class InvalidShipment(OrderError):
    """A carrier or tracking number the order cannot keep (too long)."""

    code = "invalid_shipment"

    def __init__(self, *, field: str, max_length: int):
        label = field.replace("_", " ")
        super().__init__(
            f"The {label} can be at most {max_length} characters.",
            field=field,
            max_length=max_length,
        )
        self.field = field
        self.max_length = max_length
