"""Bearer-token authentication with scopes. No or an unknown, expired or revoked token: 401;
over the token's rate limit: 429; a valid token without the scope the operation needs: 403."""

from functools import wraps

from django.http import HttpRequest
from ninja.security import HttpBearer

from commerce.api.errors import ApiError, error_response
from commerce.api.limits import check_rate
from commerce.api.tokens import find_valid_token


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


class TokenAuth(HttpBearer):
    """A ninja auth callable needing `scope`; `request.auth` becomes the `ApiToken`."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str):
        api_token = find_valid_token(token.strip())
        if api_token is None:
            return None  # 401
        check_rate(api_token.pk)
        if self.scope not in api_token.scopes:
            raise ApiError(
                403, "forbidden", f"This token lacks the scope {self.scope}.", scope=self.scope
            )
        return api_token


def staff_or_token(view):
    """The schema and the docs: for staff signed in to the admin, or any valid token."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if (user and user.is_active and user.is_staff) or find_valid_token(_bearer(request) or ""):
            return view(request, *args, **kwargs)
        return error_response(
            request, 401, "unauthenticated", "Sign in as staff or send a valid token."
        )

    return guarded
