import json

import pytest

from commerce.api.tokens import create_api_token

ALL_SCOPES = ["catalog:read", "stock:write", "orders:read", "orders:write"]


@pytest.fixture
def make_token(db):
    def make(*scopes, name="ERP", **fields) -> str:
        return create_api_token(name=name, scopes=list(scopes or ALL_SCOPES), **fields)

    return make


@pytest.fixture
def token(make_token) -> str:
    return make_token()


@pytest.fixture
def api(client, token):
    """Call the API as a token holder: api("get", "/products") or api("post", path, body)."""

    def call(method, path, body=None, *, token=token, raw=None, **headers):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        kwargs.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
        if body is not None or raw is not None:
            kwargs["data"] = raw if raw is not None else json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(client, method)(f"/api/v1{path}", **kwargs)

    return call
