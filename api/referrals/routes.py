"""Referrals from Witness Care Units."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import JSONBody

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.referrals import intake as referrals
from vcs.referrals import reads as referral_reads
from vcs.referrals.schemas import ReferralCreate, ReferralOut, ReferralSummary


class ReferralController(Controller):
    path = "/api/v1/referrals"
    tags = ["Referrals"]

    @post("/", guards=[allow(Role.WCU)])
    async def create(self, request: AuthedRequest, data: JSONBody[ReferralCreate]) -> ReferralOut:
        """Refer a sentenced case: eligibility is decided and each victim's case opened."""
        return await referrals.create_referral(request.user, data, request.app.state.today())

    @get("/", guards=[allow(Role.WCU, Role.VLO, Role.VLU_MANAGER)])
    async def list_referrals(
        self, request: AuthedRequest, limit: Limit = 50, offset: Offset = 0
    ) -> Page[ReferralSummary]:
        """The unit's referrals, newest first: made by this Witness Care Unit, or received by
        this Victim Liaison Unit; whether each was accepted."""
        return await referral_reads.list_referrals(
            request.user, request.app.state.today(), limit, offset
        )

    @get("/{referral_id:int}", guards=[allow(Role.WCU, Role.VLO, Role.VLU_MANAGER)])
    async def read(self, request: AuthedRequest, referral_id: Id) -> ReferralOut:
        """A referral and whether it was accepted."""
        return await referral_reads.get_referral(
            request.user, referral_id, request.app.state.today()
        )
