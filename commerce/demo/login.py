"""The demo admin login that the README promises: admin / storefront-demo."""

from django.contrib.auth import authenticate, get_user_model

USERNAME = "admin"
PASSWORD = "storefront-demo"
EMAIL = "admin@example.com"


def ensure_demo_superuser() -> bool:
    """Create the demo superuser when no user has its name; return whether it was created.

    An existing `admin` is left alone: its password may have been changed on purpose.
    """
    users = get_user_model()
    if users.objects.filter(username=USERNAME).exists():
        return False
    users.objects.create_superuser(username=USERNAME, email=EMAIL, password=PASSWORD)
    return True


def demo_login_problem() -> str | None:
    """None when admin / storefront-demo really logs in to the Wagtail admin (through the
    configured authentication backends); otherwise why it does not, as a sentence."""
    user = authenticate(username=USERNAME, password=PASSWORD)
    if user is not None:
        if user.has_perm("wagtailadmin.access_admin"):
            return None
        return f"the user {USERNAME} exists but may not use the admin"
    existing = get_user_model().objects.filter(username=USERNAME).first()
    if existing is None:
        return f"there is no user {USERNAME}"
    if not existing.is_active:
        return f"the user {USERNAME} exists but is inactive"
    return (
        f"the user {USERNAME} exists with another password (left as it is: log in with that "
        f"one, or set one with `manage.py changepassword {USERNAME}`)"
    )
