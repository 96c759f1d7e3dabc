"""Account mail as a background task: the message is rendered in the request (links are
built from the host the shopper used) and sent by a worker, retried while the server is away."""

from django.core.mail import send_mail
from django_tasks import task

from commerce.background import retry_transient


@task()
@retry_transient
def send_account_mail(*, subject: str, body: str, to: str) -> None:
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])
