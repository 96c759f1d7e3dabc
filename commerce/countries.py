"""Country names in the shop's locale (`settings.SHOP_LOCALE`), from Babel's territory names:
"DE" -> "Germany" in en_IE. Addresses store ISO 3166-1 alpha-2 codes; pages, e-mails, the
checkout's choices and the admin show these names."""

from babel import Locale
from django.conf import settings


def country_name(code: str) -> str:
    """ "DE" -> "Germany"; an unknown or empty code is shown as it is."""
    names = Locale.parse(settings.SHOP_LOCALE).territories
    return names.get((code or "").upper(), code or "")


def country_choices(codes) -> list[tuple[str, str]]:
    """[("DE", "Germany"), ...] in the given order, for a form's choices."""
    return [(code, country_name(code)) for code in codes]
