"""The coupon's row lock. `place_order` takes it last, after the products and their stock
rows, just before writing the order: a shared coupon is a hot row."""

from commerce.coupons.models import Coupon, normalise_code


def lock_coupon(code: str) -> Coupon | None:
    """The coupon for a code typed in any case, locked (`of=("self",)`); None: no such code."""
    normalised = normalise_code(code)
    if not normalised:
        return None
    coupons = list(Coupon.objects.filter(code=normalised).select_for_update(of=("self",)))
    return coupons[0] if coupons else None
