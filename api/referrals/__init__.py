"""Referrals from Witness Care Units: the API and the referral pages.

`ROUTES` are the JSON API's handlers, `PAGES` the pages' controllers; the app factory
mounts both.
"""

from litestar.types import ControllerRouterHandler

from api.referrals.correction_pages import ReferralCorrectionPages
from api.referrals.pages import ReferralPages
from api.referrals.routes import ReferralController, check_sentencing_list

ROUTES: list[ControllerRouterHandler] = [ReferralController, check_sentencing_list]
PAGES: list[ControllerRouterHandler] = [ReferralPages, ReferralCorrectionPages]
