"""Messages to victims through GOV.UK Notify: their records, approval and delivery.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.notifications.pages import BatchPages, NotificationPages, PreparePages
from api.notifications.routes import (
    CaseNotificationController,
    NotificationController,
    notify_callback,
)

ROUTES: list[ControllerRouterHandler] = [
    CaseNotificationController,
    NotificationController,
    notify_callback,
]
PAGES: list[ControllerRouterHandler] = [NotificationPages, PreparePages, BatchPages]
