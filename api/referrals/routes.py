"""Referrals from Witness Care Units."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Controller, get, patch, post
from litestar.datastructures import UploadFile
from litestar.params import JSONBody, MultipartBody

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.core.errors import InvalidInput
from vcs.core.schemas import Page
from vcs.referrals import corrections, sentencing_list
from vcs.referrals import intake as referrals
from vcs.referrals import reads as referral_reads
from vcs.referrals.correction_schemas import ReferralCorrection
from vcs.referrals.schemas import (
    ReferralCreate,
    ReferralOut,
    ReferralSummary,
    SentencingListOut,
)

MAX_LIST_BYTES = 2 * 1024 * 1024


@dataclass
class ListForm:
    file: UploadFile


async def read_list_file(form: ListForm) -> str:
    """The uploaded list as text (UTF-8, or Windows-1252 as spreadsheets save it)."""
    content = await form.file.read()
    if len(content) > MAX_LIST_BYTES:
        raise InvalidInput.on("file", "The list is larger than 2 MB: split it")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


@post(
    "/api/v1/sentencing-lists",
    tags=["Referrals"],
    status_code=200,
    guards=[allow(Role.WCU, Role.VLO, Role.VLU_MANAGER)],
    request_max_body_size=MAX_LIST_BYTES + 64 * 1024,
)
async def check_sentencing_list(
    request: AuthedRequest, data: MultipartBody[ListForm]
) -> SentencingListOut:
    """Check a court's sentencing list (multipart field `file`, CSV with the columns defendant,
    date_of_birth, offence_codes, sentence_type, sentence_length_months, sentence_date, court):
    every sentence eligible for the scheme with no referral yet, to chase. Nothing is stored."""
    text = await read_list_file(data)
    today = request.app.state.today()
    return await sentencing_list.unreferred_sentences(request.user, text, today)


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

    @patch("/{referral_id:int}", guards=[allow(Role.WCU)])
    async def correct(
        self, request: AuthedRequest, referral_id: Id, data: JSONBody[ReferralCorrection]
    ) -> ReferralOut:
        """Correct the victims' details sent on the unit's referral, with a reason, until the
        Victim Liaison Unit acts on it (allocates a case or works on one): then 409."""
        return await corrections.correct_referral(
            request.user, referral_id, data, request.app.state.today()
        )
