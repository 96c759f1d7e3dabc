"""django-csp's middleware with a looser policy for Wagtail's admin.

The admin (and the live preview, which Wagtail serves under the admin's URL) still relies on
inline scripts (inline panels, date pickers), inline style attributes, data: and blob: images,
Gravatar avatars and a release check, so under /admin/ the storefront's policy gains exactly
those (`storefront.settings.csp.admin_directives`); everything else stays as strict.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import default_config
from django.conf import settings

from storefront.settings.csp import admin_directives

ADMIN_PREFIX = "/admin/"


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            name = (
                "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
            )
            policy = getattr(settings, name, None)
            if policy:
                parts.config = default_config(admin_directives(policy["DIRECTIVES"]))
        return parts
