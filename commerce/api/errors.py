"""Every error the API answers is JSON: `{"code", "message", "path"}`; validation errors add
`errors`, one such object per problem, each with the JSON path of the value."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, headers=None, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra


def error_body(request: HttpRequest, code: str, message: str, **extra) -> dict:
    return {"code": code, "message": message, "path": request.path, **extra}


def error_response(request, status: int, code: str, message: str, **extra) -> JsonResponse:
    return JsonResponse(error_body(request, code, message, **extra), status=status)


def not_found(request, *args, **kwargs) -> JsonResponse:
    """An address under /api/ that names no resource (also the view of every such address:
    a JSON 404 there, never Django's HTML page or a redirect to the same path with a slash)."""
    return error_response(request, 404, "not_found", "No resource has this address.")


def method_not_allowed(request, allowed) -> JsonResponse:
    """405 with the methods the address answers, in `Allow` and in the message."""
    allowed = sorted({method.strip().upper() for method in allowed if method.strip()})
    response = error_response(
        request,
        405,
        "method_not_allowed",
        f"{request.method} is not allowed here; this address answers {', '.join(allowed)}.",
    )
    response["Allow"] = ", ".join(allowed)
    return response


def only_methods(*methods: str):
    """For a plain view under /api/ (the schema, the docs): other methods answer a JSON 405."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.method not in methods:
                return method_not_allowed(request, methods)
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def json_path(location) -> str:
    """`("body", "updates", 0, "sku")` as `$.updates[0].sku` (the JSON body's path)."""
    parts = list(location)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _validation(request, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {
            "code": error.get("type", "invalid"),
            "message": str(error.get("msg", "Invalid value.")),
            "path": json_path(error.get("loc", ())),
        }
        for error in exc.errors
    ]
    first = errors[0] if errors else {"path": "$"}
    return error_response(
        request,
        422,
        "invalid",
        "The request is not valid: see errors.",
        errors=errors,
        field=first["path"],
    )


def register_handlers(api) -> None:
    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        response = error_response(request, exc.status, exc.code, exc.message, **exc.extra)
        for name, value in exc.headers.items():
            response[name] = value
        return response

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = error_response(
            request, 401, "unauthenticated", "Send a valid token: Authorization: Bearer <token>."
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc):
        return _validation(request, exc)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(request, 404, "not_found", str(exc) or "Not found.")

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return error_response(
            request,
            413,
            "request_too_large",
            f"The body is over {limit:,} bytes: send the batch in smaller requests.",
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code = "bad_request" if exc.status_code == 400 else f"http_{exc.status_code}"
        return error_response(request, exc.status_code, code, str(exc))
