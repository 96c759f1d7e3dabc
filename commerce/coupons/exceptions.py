"""Why a coupon cannot be used, each reason with a code and the data its message needs."""

from decimal import Decimal


class CouponError(Exception):
    code = "coupon_error"
    message = "This coupon cannot be used."

    def __init__(self, *, coupon_code: str, **params):
        self.coupon_code = coupon_code
        self.params = params
        super().__init__(self.message.format(code=coupon_code, **params))


class UnknownCoupon(CouponError):
    code = "unknown"
    message = "There is no coupon {code}."


class InactiveCoupon(CouponError):
    code = "inactive"
    message = "Coupon {code} is no longer valid."


class ExpiredCoupon(CouponError):
    code = "expired"
    message = "Coupon {code} has expired."


class CouponNotYetValid(CouponError):
    code = "not_yet_valid"
    message = "Coupon {code} is not valid yet."


class CouponUsedUp(CouponError):
    code = "used_up"
    message = "Coupon {code} has been used up."


class BelowMinimum(CouponError):
    code = "below_minimum"
    message = "Coupon {code} needs a cart value of at least {minimum}."

    def __init__(self, *, coupon_code: str, minimum: Decimal, subtotal: Decimal):
        super().__init__(coupon_code=coupon_code, minimum=minimum, subtotal=subtotal)


class CustomerLimitReached(CouponError):
    code = "per_customer_limit"
    message = "You have already used coupon {code} as often as it allows."


class NotApplicable(CouponError):
    code = "not_applicable"
    message = "Coupon {code} does not apply to anything in the cart."
