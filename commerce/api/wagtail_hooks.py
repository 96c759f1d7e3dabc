from wagtail import hooks

from commerce.api.viewsets import ApiTokenViewSet


@hooks.register("register_admin_viewset")
def register_api_tokens():
    return ApiTokenViewSet("api_tokens")
