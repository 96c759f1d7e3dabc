"""Webhook errors with a code and the data their message needs."""


class WebhookError(Exception):
    code = "webhook_error"


class HostNotAllowed(WebhookError):
    """A URL on a host staff have not allowed (Settings › Webhook hosts)."""

    code = "host_not_allowed"

    def __init__(self, host: str):
        self.host = host
        super().__init__(
            f"Webhooks may only be sent to hosts staff allowed; {host or 'this URL'} is not "
            "one of them (Settings › Webhook hosts in the admin)."
        )
