"""The GOV.UK Notify client: the real library's client, made with the configured key and address,
and the calls of it the service makes (so a worker can be given another in tests)."""

from __future__ import annotations

from typing import Any, Protocol

from vcs.core import config
from vcs.core.errors import Refused


class NotifyClient(Protocol):
    """The calls of `notifications_python_client.NotificationsAPIClient` the worker makes."""

    def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Any = None,
        reference: Any = None,
        sms_sender_id: Any = None,
    ) -> Any: ...
    def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: Any = None,
        reference: Any = None,
        email_reply_to_id: Any = None,
        one_click_unsubscribe_url: Any = None,
        sanitise_content_for: Any = None,
    ) -> Any: ...
    def send_precompiled_letter_notification(
        self, reference: str, pdf_file: Any, postage: Any = None
    ) -> Any: ...
    def get_notification_by_id(self, id: str) -> Any: ...
    def get_all_notifications(
        self,
        status: Any = None,
        template_type: Any = None,
        reference: Any = None,
        older_than: Any = None,
        include_jobs: Any = None,
    ) -> Any: ...


def notify_client() -> NotifyClient:
    """The real client, with the configured key and address."""
    from notifications_python_client.notifications import NotificationsAPIClient

    settings = config.settings
    if not settings.notify_api_key:
        raise Refused("Notifications are off: set VCS_NOTIFY_API_KEY to send through Notify")
    client: NotifyClient = NotificationsAPIClient(  # type: ignore[no-untyped-call]
        settings.notify_api_key, base_url=settings.notify_base_url, timeout=30
    )
    return client
