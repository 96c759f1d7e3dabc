"""Why a cart action was refused. Every refusal leaves the cart as it was.

Each error has a `code` and a `message` a shopper can read; views show the message.
"""

from commerce.catalog.purchase import MAX_QUANTITY


class CartError(Exception):
    code = "cart_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidQuantity(CartError):
    code = "invalid_quantity"

    def __init__(self, quantity=None):
        super().__init__(f"Enter a whole number from 1 to {MAX_QUANTITY}.")
        self.quantity = quantity


class ProductUnavailable(CartError):
    code = "unavailable"

    def __init__(self, product_id, product_name: str = ""):
        name = product_name or "This product"
        super().__init__(f"{name} cannot be bought at the moment.")
        self.product_id = product_id
        self.product_name = product_name


class ChoiceNeeded(CartError):
    """No size (or colour...) chosen, or a combination the product does not have."""

    code = "choice_needed"

    def __init__(self, error):
        super().__init__(error.message)
        self.reason = error.code  # "choice_required" or "no_such_variant"
        self.product_name = error.product_name


class NotEnoughStock(CartError):
    code = "not_enough_stock"

    def __init__(self, *, product_name: str, requested: int, available: int, in_cart: int = 0):
        if available <= 0:
            message = f"{product_name} is out of stock."
        else:
            message = f"Only {available} of {product_name} available."
            if in_cart:
                message += f" You already have {in_cart} in your cart."
        super().__init__(message)
        self.product_name = product_name
        self.requested = requested
        self.available = available
        self.in_cart = in_cart


class QuantityLimit(CartError):
    code = "quantity_limit"

    def __init__(self, *, product_name: str, in_cart: int):
        super().__init__(
            f"At most {MAX_QUANTITY} of {product_name} per order."
            f" You already have {in_cart} in your cart."
        )
        self.product_name = product_name
        self.in_cart = in_cart


class LineNotFound(CartError):
    code = "line_not_found"

    def __init__(self, variant_id):
        super().__init__("That item is not in your cart.")
        self.variant_id = variant_id


class EmptyCart(CartError):
    code = "empty_cart"

    def __init__(self):
        super().__init__("Your cart is empty.")


class CartGone(CartError):
    """The cart was merged or deleted by another request meanwhile."""

    code = "cart_gone"

    def __init__(self):
        super().__init__("Your cart changed meanwhile. Please try again.")
