"""Order numbers and access tokens, generated apart from the order.

A number is what a shopper reads on the phone ("SO-7KQ4M2XD"): short, no look-alike characters
(0/O, 1/I/L), random, so one order's number says nothing about another's. It is not a secret
(about 40 bits): a guest's link to an order uses the access token, which is.
"""

import secrets

NUMBER_PREFIX = "SO-"
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_LENGTH = 8
NUMBER_MAX_LENGTH = len(NUMBER_PREFIX) + NUMBER_LENGTH


def new_order_number() -> str:
    return NUMBER_PREFIX + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_LENGTH))


def new_access_token() -> str:
    """256 random bits for the guest's order link; never derived from the number."""
    return secrets.token_urlsafe(32)
