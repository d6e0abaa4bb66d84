"""Referrals from Witness Care Units."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import JSONBody

from api.controllers.params import AuthedRequest, Id
from api.security import allow
from vcs import referrals
from vcs.actors import Role
from vcs.schemas.referrals import ReferralCreate, ReferralOut


class ReferralController(Controller):
    path = "/api/v1/referrals"
    tags = ["Referrals"]

    @post("/", guards=[allow(Role.WCU)])
    async def create(self, request: AuthedRequest, data: JSONBody[ReferralCreate]) -> ReferralOut:
        """Refer a sentenced case: eligibility is decided and each victim's case opened."""
        return await referrals.create_referral(request.user, data, request.app.state.today())

    @get("/{referral_id:int}", guards=[allow(Role.WCU, Role.VLO, Role.VLU_MANAGER)])
    async def read(self, request: AuthedRequest, referral_id: Id) -> ReferralOut:
        """A referral and whether it was accepted."""
        return await referrals.get_referral(request.user, referral_id, request.app.state.today())
