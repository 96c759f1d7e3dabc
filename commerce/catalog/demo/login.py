"""The demo admin login that the README promises: admin / storefront-demo."""

from django.contrib.auth import get_user_model

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


def demo_login_works() -> bool:
    """Whether admin / storefront-demo still logs in (it is only printed when it does)."""
    user = get_user_model().objects.filter(username=USERNAME).first()
    return user is not None and user.check_password(PASSWORD)
