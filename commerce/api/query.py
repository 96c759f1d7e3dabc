"""Unknown query parameters answer 422, as unknown body fields do: a misspelt
`updated_sinse` must not quietly return everything."""

from functools import wraps

from commerce.api.errors import ApiError


def only_query(*names: str):
    """For a view (under its `@router` decorator) that reads exactly the query parameters
    `names` (none when empty)."""
    allowed = frozenset(names)

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            unknown = sorted(set(request.GET) - allowed)
            if unknown:
                raise ApiError(
                    422,
                    "invalid",
                    "Unknown query parameters: nothing was done.",
                    errors=[
                        {
                            "code": "unknown_parameter",
                            "message": f"No query parameter {name!r}.",
                            "path": f"$.{name}",
                        }
                        for name in unknown
                    ],
                )
            return view(request, *args, **kwargs)

        return guarded

    return decorate
