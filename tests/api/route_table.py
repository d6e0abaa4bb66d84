"""Every route of the application, read from its route table, and how to call each one.

Used by the authorisation matrix (`test_authorisation_matrix.py`) and the fuzzer
(`test_fuzz.py`). **Adding a route?** Give it one `api.web.security.allow(...)` guard and add a row
to `ROWS` below (key: `"METHOD /openapi/path/{param}"`): a valid-looking body, and if the path
has a new kind of id, a maker in `MAKERS` that creates such a record for a region's case.
A route with no row, or no guard, fails the matrix with a message saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler

from tests.fixtures import TODAY, USERS, World, referral_payload, run
from tests.sqs import event
from vcs.access import auth
from vcs.conditions.tables import ConditionRequest
from vcs.core.actors import Role
from vcs.core.tables import Case, Offender, Task, User
from vcs.events.tables import InboxMessage

# Not part of the matrix: the OpenAPI documents, the health check, signing in, static assets.
SKIPPED_PREFIXES = ("/schema", "/assets", "/static")
SKIPPED = {"GET /health", "POST /api/v1/auth/token"}
# Routes deliberately open to any caller, with the reason; the matrix checks they answer all.
PUBLIC: dict[str, str] = {
    "GET /": "the start page, which sends a signed-in person to their own page",
    "GET /sign-in": "the sign-in form",
    "POST /sign-in": "signing in (the form), rate-limited by the account lockout",
    "GET /signed-out": "the page shown after signing out",
    "GET /session": "how long the caller's own page session has left (signed out: none)",
    "POST /api/v1/notify/callbacks": "GOV.UK Notify's delivery receipts, authenticated by the "
    "bearer token configured in Notify (VCS_NOTIFY_CALLBACK_TOKEN), never a user's token",
}

# The London user of each role; "<user>_other" is the same role in Wales.
USER_OF = {
    Role.ADMIN: "admin",
    Role.WCU: "wcu",
    Role.VLO: "vlo",
    Role.VLU_MANAGER: "manager",
    Role.OFFENDER_MANAGER: "om",
    Role.NATIONAL_MANAGER: "national",
    Role.INTEGRATION: "integration",
}


@dataclass(frozen=True)
class Route:
    """One method of one route, as the application registered it."""

    method: str
    path: str  # OpenAPI style: /api/v1/cases/{case_id}
    handler: HTTPRouteHandler

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    @property
    def role_guards(self) -> list[Any]:
        """The `allow(...)` guards on the route, from the app down to the handler."""
        layers = self.handler.ownership_layers
        guards = [g for layer in layers for g in (getattr(layer, "guards", None) or [])]
        return [g for g in guards if hasattr(g, "allowed_roles")]

    @property
    def all_guards(self) -> list[Any]:
        return [g for layer in self.handler.ownership_layers for g in (layer.guards or [])]

    @property
    def is_page(self) -> bool:
        """Pages are signed in by the session cookie (and check CSRF on forms), not a token."""
        return bool(self.handler.opt.get("exclude_from_auth"))

    @property
    def allowed_roles(self) -> frozenset[Role]:
        guards = self.role_guards
        return frozenset(guards[0].allowed_roles) if len(guards) == 1 else frozenset()


def app_routes(app: Litestar) -> list[Route]:
    """Every method of every HTTP route, except those in SKIPPED, in a stable order."""
    found = {}
    for route in app.routes:
        if route.path.startswith(SKIPPED_PREFIXES):
            continue
        path = re.sub(r"{(\w+):\w+}", r"{\1}", route.path)
        for handler in getattr(route, "route_handlers", ()):
            if not isinstance(handler, HTTPRouteHandler):
                continue
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                candidate = Route(method, path, handler)
                if candidate.key not in SKIPPED:
                    found[candidate.key] = candidate
    return [found[k] for k in sorted(found)]


@dataclass
class Records:
    """One region's records (London: the callers' own; Wales: another unit's)."""

    world: World
    suffix: str  # "" for London, "_other" for Wales
    ids: dict[str, int] = field(default_factory=dict)

    def user(self, role_user: str) -> str:
        return role_user + self.suffix

    @property
    def vlo(self) -> str:
        """The username of a VLO of this region's unit."""
        return self.user("vlo").replace("_", ".")

    @property
    def case_id(self) -> int:
        return self.ids["case_id"]

    def case_version(self) -> int:
        row = run(Case.select(Case.version).where(Case.id == self.case_id).first())
        return int(row["version"])

    @cached_property
    def unit_id(self) -> int:
        return int(run(Case.select(Case.unit).where(Case.id == self.case_id).first())["unit"])

    def id_for(self, param: str, maker: Callable[[Records], int] | None = None) -> int:
        """The id of this region's record for a path parameter, made on first use by the
        row's own maker for it, or else the one in MAKERS."""
        if param not in self.ids:
            maker = maker or MAKERS.get(param)
            assert maker, (
                f"No record for the path parameter {{{param}}}: add a maker to MAKERS in "
                "tests/api/route_table.py"
            )
            self.ids[param] = maker(self)
        return self.ids[param]


def region(world: World, suffix: str, **referral: Any) -> Records:
    """Refer a victim in this region and give its offender to the region's offender manager."""
    body = world.refer("wcu" + suffix, **referral)
    case_id = body["cases"][0]["id"]
    case = run(Case.select(Case.offender, Case.victim).where(Case.id == case_id).first())
    om = run(User.select(User.id).where(User.username == "om" + suffix.replace("_", ".")).first())
    run(
        Offender.update({Offender.offender_manager: om["id"]}).where(
            Offender.id == case["offender"]
        )
    )
    ids = {
        "case_id": case_id,
        "referral_id": body["id"],
        "offender_id": case["offender"],
        "victim_id": case["victim"],
    }
    return Records(world, suffix, ids)


WALES_REFERRAL: dict[str, Any] = {
    "unit_code": "VLU-WAL",
    "offender": {"name": "Jordan Sample", "date_of_birth": "1975-02-03", "crn": "Y654321"},
    "victims": [
        {
            "name": "Casey Example",
            "relationship": "direct",
            "date_of_birth": "1985-03-04",
            "address": {"line1": "7 Test Lane", "town": "Cardiff", "postcode": "CF10 1AA"},
            "email": "casey.example@example.com",
            "phone": "07700 900789",
        }
    ],
}


def both_regions(world: World) -> tuple[Records, Records]:
    """(own, other): a London case for the London callers, a Wales case of another unit."""
    return region(world, ""), region(world, "_other", **WALES_REFERRAL)


def mint_tokens(world: World, users: list[str] | None = None) -> None:
    """Sign users in (all the fixture's users by default) by issuing their tokens directly:
    argon2 sign-ins are slow on purpose, and the sign-in itself is tested elsewhere."""
    for user in USERS if users is None else users:
        row = run(User.select(User.id).where(User.username == user.replace("_", ".")).first())
        actor = run(auth.actor_for(row["id"]))
        world.tokens[user] = run(auth.issue_token(actor, datetime.now(UTC))).access_token


def _task(r: Records) -> int:
    task = Task(
        case=r.case_id,
        unit=r.unit_id,
        kind="check_in",
        key=f"matrix-{r.case_id}",
        summary="Check in with the victim",
        due=TODAY,
    )
    run(task.save())
    return int(task.id)


def _user(r: Records) -> Any:
    """A VLO of the region's unit for the account routes to act on (a username, not an id)."""
    username = "matrix.person" + r.suffix.replace("_", ".")
    run(User.insert(User(username=username, password_hash="-", role="vlo", unit=r.unit_id)))
    return username


def _batch(r: Records) -> Any:
    """A bulk change's batch of messages (a name, not an id)."""
    return "bulk-change-1"


# How to make a record for each kind of path id beyond case, referral, offender and victim.
MAKERS: dict[str, Callable[[Records], int]] = {"task_id": _task, "username": _user}

Body = Any  # a JSON value, or a function of the Records being called


@dataclass(frozen=True)
class Row:
    """How to call a route: `body` (JSON for the API, form fields for a page) and `query`
    (values or functions of the Records), `setup` run once per region before any call, the
    status without a token (default 401 for the API, 303 to the sign-in page for a page),
    whether some allowed role must succeed on its own unit's record, `files` to upload, and
    `makers` for path ids that this route needs made differently from MAKERS."""

    body: Body = None
    query: Body = None
    setup: Callable[[Records], None] | None = None
    anonymous: int | None = None
    expect_success: bool = True
    files: Body = None  # multipart uploads: {"field": (filename, bytes, media type)}
    makers: dict[str, Callable[[Records], int]] = field(default_factory=dict)


def resolve(value: Body, records: Records) -> Any:
    return value(records) if callable(value) else value


SENTENCING_LIST = {
    "file": (
        "list.csv",
        b"defendant,date_of_birth,offence_codes,sentence_type,"
        b"sentence_length_months,sentence_date,court\n"
        b"Jo Listed,1975-02-01,SOA03-3,imprisonment,24,2025-12-01,Leeds Crown Court\n",
        "text/csv",
    )
}


def _with_nominee(r: Records) -> None:
    body = {"name": "Sam Example", "relationship": "sister", "version": r.case_version()}
    response = r.world.put(r.user("vlo"), f"/api/v1/cases/{r.case_id}/nominated-contact", body)
    assert response.status_code < 300, response.text


def _closed(r: Records) -> None:
    body = {"reason": "victim_request", "on": "2026-01-09"}
    response = r.world.post(r.user("vlo"), f"/api/v1/cases/{r.case_id}/close", body)
    assert response.status_code < 300, response.text


CASE = "/api/v1/cases/{case_id}"
ROWS: dict[str, Row] = {
    "GET /api/v1/auth/me": Row(),
    "POST /api/v1/auth/sign-out": Row(),
    "POST /api/v1/units": Row(
        {"code": "VLU-NEW", "name": "New VLU", "region": "Test", "kind": "vlu"}
    ),
    "POST /api/v1/users": Row(
        {
            "username": "new.vlo",
            "password": "a-Long-passphrase-42",
            "role": "vlo",
            "unit_code": "VLU-LON",
        }
    ),
    "GET /api/v1/audit": Row(),
    "GET /api/v1/users": Row(),
    "PATCH /api/v1/users/{username}": Row({"display_name": "Renamed Person"}),
    "POST /api/v1/users/{username}/deactivate": Row(),
    "POST /api/v1/users/{username}/reactivate": Row(),
    "POST /api/v1/referrals": Row(
        lambda r: referral_payload(victims=[{"name": "Robin Example", "relationship": "direct"}])
    ),
    "GET /api/v1/referrals": Row(),
    "GET /api/v1/referrals/{referral_id}": Row(),
    "GET /api/v1/cases": Row(),
    f"GET {CASE}": Row(),
    f"GET {CASE}/timeline": Row(),
    "GET /api/v1/deadlines": Row(),
    f"POST {CASE}/allocation": Row(lambda r: {"vlo": r.vlo}),
    f"GET {CASE}/contacts": Row(),
    f"POST {CASE}/contacts": Row(
        {"on": "2026-01-09", "method": "phone", "outcome": "made_contact"}
    ),
    f"GET {CASE}/participation": Row(),
    f"POST {CASE}/participation": Row(
        {"status": "opted_in", "on": "2026-01-09", "level": "annual"}
    ),
    f"PUT {CASE}/nominated-contact": Row(
        lambda r: {"name": "Sam Example", "relationship": "sister", "version": r.case_version()}
    ),
    f"DELETE {CASE}/nominated-contact": Row(
        query=lambda r: {"version": r.case_version()}, setup=_with_nominee
    ),
    f"GET {CASE}/preferences": Row(),
    f"PUT {CASE}/preferences": Row(lambda r: {"channels": ["post"], "version": r.case_version()}),
    f"POST {CASE}/close": Row({"reason": "victim_request", "on": "2026-01-09"}),
    f"POST {CASE}/reopen": Row(
        {"reason": "The victim asked to rejoin", "on": "2026-01-10"}, setup=_closed
    ),
    f"POST {CASE}/victim-death": Row({"on": "2026-01-09"}),
    "GET /api/v1/tasks": Row(),
    "GET /api/v1/my-work": Row(),
    "GET /api/v1/search": Row(query={"q": "Robin Example"}),
    "POST /api/v1/tasks/{task_id}/done": Row({"on": "2026-01-09"}),
    "POST /api/v1/sweep": Row({}),
    # Notify is not configured in the matrix: preparing is refused (409), approving finds
    # nothing waiting (409); tests/api/test_notifications.py sends through a stand-in.
    "GET /api/v1/cases/{case_id}/notifications": Row(),
    "POST /api/v1/cases/{case_id}/notifications": Row(
        {"stage": "recall", "on": "2026-01-09"}, expect_success=False
    ),
    "POST /api/v1/cases/{case_id}/notifications/approval": Row(
        {"confirm": True}, expect_success=False
    ),
    "GET /api/v1/notifications/failed": Row(),
    "POST /api/v1/notifications/approval": Row(
        {"batch": "bulk-1", "confirm": True}, expect_success=False
    ),
    "POST /api/v1/notify/callbacks": Row({"id": "not-ours", "status": "delivered"}, anonymous=401),
}

# The pages (session cookie; forms CSRF-checked).
ROWS.update(
    {
        "GET /": Row(anonymous=200),
        "GET /sign-in": Row(anonymous=200),
        "POST /sign-in": Row({"username": "nobody", "password": "not-the-password"}, anonymous=400),
        "GET /signed-out": Row(anonymous=200),
        "POST /sign-out": Row({}),
        "GET /session": Row(anonymous=200),
        "POST /session/extend": Row({}),
        "GET /kept-forms/{key}": Row(expect_success=False, makers={"key": lambda r: 0}),
        "GET /admin/users": Row(),
        "POST /admin/users/{username}/deactivate": Row({}),
        "POST /admin/users/{username}/reactivate": Row({}),
        "GET /cases": Row(),
        "GET /cases/{case_id}": Row(),
        "GET /deadlines": Row(),
        "GET /my-work": Row(),
        "GET /search": Row(query={"q": "Robin Example"}),
        "GET /referrals": Row(),
        "GET /referrals/new": Row(),
        "POST /referrals/new": Row(
            {
                "unit_code": "VLU-LON",
                "offender.name": "Morgan Testperson",
                "offender.date_of_birth-day": "2",
                "offender.date_of_birth-month": "4",
                "offender.date_of_birth-year": "1980",
                "offences[0].description": "Wounding with intent",
                "offences[0].category": "violent",
                "sentence.date-day": "19",
                "sentence.date-month": "12",
                "sentence.date-year": "2025",
                "sentence.court": "Snaresbrook Crown Court",
                "sentence.type": "imprisonment",
                "sentence.length_months": "36",
                "victims[0].name": "Robin Example",
                "victims[0].relationship": "direct",
                "action": "confirm",
            }
        ),
        "GET /referrals/{referral_id}": Row(),
        "GET /referrals/sentencing-list": Row(),
        "POST /referrals/sentencing-list": Row({}, expect_success=False),
    }
)

# Reports (VLU managers and national managers): JSON and CSV, and the manager's report pages.
REPORT_PERIOD = {"from": "2026-01-01", "to": "2026-01-31"}
ROWS.update(
    {
        **{
            f"GET {prefix}/{name}": Row(query=query)
            for prefix in ("/api/v1/reports", "/manager/reports")
            for name, query in (
                ("timeliness.csv", REPORT_PERIOD),
                ("late-referrers.csv", REPORT_PERIOD),
                ("scheme.csv", {**REPORT_PERIOD, "table": "participation"}),
                ("caseload.csv", None),
            )
        },
        "GET /api/v1/reports/timeliness": Row(query=REPORT_PERIOD),
        "GET /api/v1/reports/late-referrers": Row(query=REPORT_PERIOD),
        "GET /api/v1/reports/scheme": Row(query=REPORT_PERIOD),
        "GET /api/v1/reports/caseload": Row(),
        "GET /manager/reports": Row(),
    }
)


# Letters (VLU only): a drafted letter for each region's case.
def _letter(r: Records) -> int:
    body = {"template": "initial_offer"}
    response = r.world.post(r.user("vlo"), f"/api/v1/cases/{r.case_id}/letters", body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _with_letter(r: Records) -> None:
    r.id_for("letter_id")


MAKERS["letter_id"] = _letter
LETTER = "/api/v1/letters/{letter_id}"
ROWS.update(
    {
        f"POST {CASE}/letters": Row({"template": "initial_offer"}),
        f"GET {CASE}/letters": Row(),
        f"GET {LETTER}": Row(),
        f"GET {LETTER}/pdf": Row(),
        f"POST {LETTER}/send": Row({"on": "2026-01-12"}),
        f"POST {LETTER}/cancel": Row({}),
        "GET /api/v1/letters/batch.pdf": Row(query={"date": "2026-01-12"}, setup=_with_letter),
        "GET /api/v1/letters/print-run": Row(query={"date": "2026-01-12"}, setup=_with_letter),
        "POST /api/v1/letters/print-run/sent": Row(
            lambda r: {"on": "2026-01-12", "letter_ids": [r.id_for("letter_id")]},
            query={"date": "2026-01-12"},
        ),
    }
)


# The offender manager's pages: a forwarded licence-condition request on the region's case.
def _forwarded_request(r: Records) -> int:
    body = {
        "type": "no_contact",
        "details": "I do not want him to contact me.",
        "justification": "He contacted the victim during the trial.",
        "names": ["Jo Example"],
    }
    made = r.world.post(r.user("vlo"), f"/api/v1/cases/{r.case_id}/condition-requests", body)
    assert made.status_code == 201, made.text
    request_id = int(made.json()["id"])
    forward = {"decision_maker": "prison_governor", "on": "2026-01-12"}
    sent = r.world.post(r.user("vlo"), f"/api/v1/condition-requests/{request_id}/forward", forward)
    assert sent.status_code == 200, sent.text
    return request_id


def _alternative_form(r: Records) -> dict[str, str]:
    request_id = r.id_for("request_id")
    return {
        f"requests[{request_id}].text": "Not to contact Jo Example directly or indirectly",
        f"requests[{request_id}].reason": "The family asks for it",
    }


MAKERS.setdefault("request_id", _forwarded_request)
ROWS.update(
    {
        "GET /offenders": Row(),
        "GET /offenders/search": Row(query={"q": "Robin Example"}),
        "GET /key-dates/bulk-changes": Row(),
        "POST /key-dates/bulk-changes": Row(
            {
                "name": "Matrix change",
                "type.imprisonment": "yes",
                "release_fraction_from": "0.5",
                "release_fraction_to": "0.4",
                "effective_from-day": "10",
                "effective_from-month": "9",
                "effective_from-year": "2026",
            }
        ),
        "GET /offenders/{offender_id}": Row(),
        "POST /offenders/{offender_id}/requests/{request_id}/alternatives": Row(_alternative_form),
    }
)


# MAPPA and key stages (issue 6): the region's victim opted in where a route needs it; a key
# stage and a MAPPA meeting on the region's offender.
def _opted_in(r: Records) -> None:
    body = {"status": "opted_in", "on": "2026-01-09", "level": "key_stages"}
    response = r.world.post(r.user("vlo"), f"/api/v1/cases/{r.case_id}/participation", body)
    assert response.status_code == 201, response.text


def _restricted_patient(r: Records) -> None:
    """The case's offender made a restricted patient, the victim opted in."""
    from vcs.core.tables import Referral, Sentence

    referral = run(Case.select(Case.referral).where(Case.id == r.case_id).first())["referral"]
    sentence = run(Referral.select(Referral.sentence).where(Referral.id == referral).first())
    run(
        Sentence.update({Sentence.type: "hospital_order_restricted"}).where(
            Sentence.id == sentence["sentence"]
        )
    )
    _opted_in(r)


def _key_stage(r: Records) -> int:
    url = f"/api/v1/offenders/{r.ids['offender_id']}/key-stages"
    response = r.world.post(r.user("vlo"), url, {"kind": "release", "on": "2026-01-12"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _meeting(r: Records) -> int:
    body = {"offender_id": r.ids["offender_id"], "level": 2, "on": "2026-02-02"}
    response = r.world.post(r.user("om"), "/api/v1/mappa-meetings", body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


BULK_CHANGE = {
    "name": "Matrix change",
    "sentence_types": ["imprisonment"],
    "release_fraction_from": 0.5,
    "release_fraction_to": 0.4,
    "effective_from": "2026-09-10",
}


def _previewed(r: Records) -> None:
    """A national manager previews the change: it may then be applied."""
    response = r.world.post("national", "/api/v1/key-dates/bulk-changes/preview", BULK_CHANGE)
    assert response.status_code == 200, response.text


MAKERS["stage_id"] = _key_stage
MAKERS["meeting_id"] = _meeting
OFFENDER = "/api/v1/offenders/{offender_id}"
ROWS.update(
    {
        f"PUT {OFFENDER}/mappa": Row({"category": 2, "level": 2, "from": "2026-01-05"}),
        f"GET {OFFENDER}/mappa": Row(),
        f"PUT {OFFENDER}/key-dates": Row({"release_date": "2027-06-20"}),
        f"GET {OFFENDER}/key-dates": Row(),
        f"POST {OFFENDER}/key-stages": Row({"kind": "release", "on": "2026-01-12"}),
        f"GET {OFFENDER}/key-stages": Row(),
        f"GET {OFFENDER}/key-stages/{{stage_id}}": Row(),
        f"GET {OFFENDER}/pre-meeting": Row(),
        f"GET {CASE}/key-stages": Row(),
        f"POST {CASE}/vps": Row(
            {"step": "invited", "on": "2026-01-12", "hearing_date": "2026-04-20"}, setup=_opted_in
        ),
        f"GET {CASE}/vps": Row(),
        f"POST {CASE}/entitlements": Row(
            {"entitlement": "offer", "delivered": True, "on": "2026-01-06"}
        ),
        f"GET {CASE}/entitlements": Row(),
        f"POST {CASE}/tribunal-statements": Row(
            {"step": "invited", "on": "2026-01-12", "hearing_date": "2026-04-20"},
            setup=_restricted_patient,
        ),
        f"GET {CASE}/tribunal-statements": Row(),
        "GET /api/v1/key-stages": Row(query={"state": "not_told"}),
        "POST /api/v1/key-dates/bulk-changes/preview": Row(BULK_CHANGE),
        "POST /api/v1/key-dates/bulk-changes": Row(BULK_CHANGE, setup=_previewed),
        "POST /api/v1/sentencing-lists": Row(files=SENTENCING_LIST),
        "GET /api/v1/key-dates/progression-model": Row(query={"effective_from": "2026-11-01"}),
        "POST /api/v1/mappa-meetings": Row(
            lambda r: {"offender_id": r.ids["offender_id"], "level": 2, "on": "2026-01-26"}
        ),
        "POST /api/v1/mappa-meetings/{meeting_id}/victim-views": Row(
            lambda r: {"case_id": r.case_id, "views": "The victim wants no contact at all."},
            setup=_opted_in,
        ),
        "GET /api/v1/mappa-meetings/{meeting_id}/pack": Row(),
    }
)


# Licence-condition requests (issue 5) and the offender side's API.
def _draft_request(r: Records, body: dict[str, Any] | None = None) -> int:
    body = body or {
        "type": "no_contact",
        "details": "I do not want him to contact me.",
        "justification": "He contacted the victim during the trial.",
        "names": ["Jo Example"],
    }
    made = r.world.post(r.user("vlo"), f"/api/v1/cases/{r.case_id}/condition-requests", body)
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _zone_request(r: Records) -> int:
    square = [[-0.13, 51.50], [-0.12, 51.50], [-0.12, 51.51], [-0.13, 51.51], [-0.13, 51.50]]
    body = {
        "type": "exclusion_zone",
        "details": "I do not want him near where I work.",
        "justification": "He followed the victim to work before the offence.",
        "zone": {"type": "Polygon", "coordinates": [square]},
    }
    return _draft_request(r, body)


def _pinpoint_request(r: Records) -> int:
    """A draft whose zone (about 150 m across) could point to a home: forwarded only with a VLU
    manager's approval."""
    square = [
        [-0.1300, 51.5000],
        [-0.1278, 51.5000],
        [-0.1278, 51.5013],
        [-0.1300, 51.5013],
        [-0.1300, 51.5000],
    ]
    body = {
        "type": "exclusion_zone",
        "details": "I do not want him near my door.",
        "justification": "He waited outside before the offence.",
        "zone": {"type": "Polygon", "coordinates": [square]},
    }
    return _draft_request(r, body)


# The smallest PNG there is: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
MAP_UPLOAD = {"file": ("map.png", PNG, "image/png")}


def _with_map(r: Records) -> None:
    url = f"/api/v1/condition-requests/{r.id_for('request_id', _draft_request)}/map"
    response = r.world.client.post(url, headers=r.world.headers(r.user("vlo")), files=MAP_UPLOAD)
    assert response.status_code < 300, response.text


def _decided(r: Records) -> None:
    url = f"/api/v1/condition-requests/{r.id_for('request_id')}/decision"
    response = r.world.post(r.user("vlo"), url, {"outcome": "granted", "on": "2026-01-12"})
    assert response.status_code < 300, response.text


REQUEST = "/api/v1/condition-requests/{request_id}"
DRAFT = {"request_id": _draft_request}
ROWS.update(
    {
        "GET /api/v1/condition-types": Row(),
        f"POST {CASE}/condition-requests": Row(
            {
                "type": "no_contact",
                "details": "I do not want him to contact me.",
                "justification": "He contacted the victim during the trial.",
                "names": ["Jo Example"],
            }
        ),
        f"GET {CASE}/condition-requests": Row(),
        f"GET {REQUEST}": Row(),
        f"PATCH {REQUEST}": Row({"details": "No contact with me or my sister."}, makers=DRAFT),
        f"DELETE {REQUEST}": Row(makers=DRAFT),
        f"POST {REQUEST}/map": Row(files=MAP_UPLOAD, makers=DRAFT),
        f"GET {REQUEST}/map": Row(setup=_with_map, makers=DRAFT),
        f"GET {REQUEST}/zone.svg": Row(makers={"request_id": _zone_request}),
        f"GET {REQUEST}/representation.pdf": Row(),
        f"GET {REQUEST}/zone-map.pdf": Row(makers={"request_id": _zone_request}),
        f"GET {REQUEST}/licence-conditions": Row(),
        f"POST {REQUEST}/forwarding-approval": Row(
            {"reason": "The victim asks for this zone after talking through wider ones."},
            makers={"request_id": _pinpoint_request},
        ),
        f"POST {REQUEST}/forward": Row(
            {"decision_maker": "prison_governor", "on": "2026-01-12"}, makers=DRAFT
        ),
        f"POST {REQUEST}/alternatives": Row(
            {"text": "Not to contact Jo Example", "reason": "The family asks for it"}
        ),
        f"POST {REQUEST}/decision": Row({"outcome": "granted", "on": "2026-01-12"}),
        f"POST {REQUEST}/victim-informed": Row({"on": "2026-01-12"}, setup=_decided),
        f"POST {REQUEST}/withdraw": Row(
            {"on": "2026-01-12", "reason": "The victim changed her mind"}
        ),
        "GET /api/v1/offender-manager/offenders": Row(),
        "GET /api/v1/offender-manager/search": Row(query={"q": "Robin Example"}),
        f"GET {OFFENDER}/condition-requests": Row(),
        f"GET {OFFENDER}/victim-summary": Row(),
        f"PUT {OFFENDER}/offender-manager": Row(
            lambda r: {"username": r.user("om").replace("_", ".")}
        ),
    }
)

# Subject access (issue 8, item 9).
ROWS[f"GET {CASE}/subject-access"] = Row()

# Letters pages (VLU only): drafting on a case, a letter, its PDF, sending, cancelling, printing.
ROWS.update(
    {
        "GET /cases/{case_id}/letters/new": Row(),
        "GET /cases/{case_id}/messages/approve": Row(),
        "POST /cases/{case_id}/messages/approve": Row({"confirm": "yes"}, expect_success=False),
        "GET /cases/{case_id}/messages/new": Row(),
        "POST /cases/{case_id}/messages/new": Row(
            {"stage": "recall", "on-day": "12", "on-month": "1", "on-year": "2026"},
            expect_success=False,
        ),
        # A bulk change's batch: nothing waits in the matrix (Notify is not configured).
        "GET /messages/batches/{batch}/approve": Row(
            makers={"batch": _batch}, expect_success=False
        ),
        "POST /messages/batches/{batch}/approve": Row(
            {"confirm": "yes"}, makers={"batch": _batch}, expect_success=False
        ),
        "POST /cases/{case_id}/letters/new": Row(
            lambda r: {"template": "initial_offer", "version": str(r.case_version())}
        ),
        "GET /letters/{letter_id}": Row(),
        "GET /letters/{letter_id}/preview.pdf": Row(),
        "POST /letters/{letter_id}/send": Row({"on-day": "12", "on-month": "1", "on-year": "2026"}),
        "POST /letters/{letter_id}/cancel": Row({"reason": "Wrong letter"}),
        "GET /letters/print-run": Row(query={"date": "2026-01-12"}, setup=_with_letter),
        "GET /letters/print-run/letters.pdf": Row(query={"date": "2026-01-12"}, setup=_with_letter),
        "POST /letters/print-run/sent": Row(
            lambda r: {
                "letters": str(r.id_for("letter_id")),
                "confirm": "yes",
                **{"on-day": "12", "on-month": "1", "on-year": "2026"},
            },
            query={"date": "2026-01-12"},
        ),
        "GET /offenders/{offender_id}/key-dates": Row(),
        "POST /offenders/{offender_id}/key-dates": Row(
            lambda r: {
                "version": "1",
                **{"release_date-day": "20", "release_date-month": "6"},
                "release_date-year": "2027",
            }
        ),
        "GET /offenders/{offender_id}/offender-manager": Row(),
        "POST /offenders/{offender_id}/offender-manager": Row(
            lambda r: {"username": r.user("om").replace("_", ".")}
        ),
    }
)

# MAPPA pages: the victim's views for a meeting (VLOs), the meeting pack and its PDF, and the
# offender manager arranging a meeting.
ROWS.update(
    {
        "GET /cases/{case_id}/mappa-meetings/{meeting_id}/views": Row(),
        "POST /cases/{case_id}/mappa-meetings/{meeting_id}/views": Row(
            {"views": "The victim wants no contact at all.", "action": "confirm"}, setup=_opted_in
        ),
        "GET /mappa-meetings/{meeting_id}": Row(),
        "GET /mappa-meetings/{meeting_id}/pack.pdf": Row(),
        "POST /offenders/{offender_id}/mappa-meetings": Row(
            {"level": "2", "on-day": "26", "on-month": "1", "on-year": "2026"}
        ),
    }
)


# Choices and allocation pages: the nominated contact, preferences and allocation forms carry
# the case version read.
def _version_form(r: Records, **fields: str) -> dict[str, str]:
    return {**fields, "version": str(r.case_version())}


ROWS.update(
    {
        "GET /cases/{case_id}/nominated-contact": Row(),
        "POST /cases/{case_id}/nominated-contact": Row(
            lambda r: _version_form(r, kind="nominee", name="Sam Example", relationship="sister")
        ),
        "GET /cases/{case_id}/nominated-contact/remove": Row(setup=_with_nominee),
        "POST /cases/{case_id}/nominated-contact/remove": Row(
            lambda r: _version_form(r), setup=_with_nominee
        ),
        "GET /cases/{case_id}/preferences": Row(),
        "POST /cases/{case_id}/preferences": Row(
            lambda r: _version_form(r, channels="post", language="cy")
        ),
        "GET /cases/{case_id}/allocation": Row(),
        "POST /cases/{case_id}/allocation": Row(lambda r: _version_form(r, vlo=r.vlo)),
    }
)


# Licence-condition requests: the VLO's pages (issue 7).
def _page_date(prefix: str) -> dict[str, str]:
    return {f"{prefix}-day": "12", f"{prefix}-month": "1", f"{prefix}-year": "2026"}


CONDITION_FORM = {
    "type": "no_contact",
    "details": "I do not want him to contact me.",
    "justification": "He contacted the victim during the trial.",
    "names": "Jo Example",
    "needed_for": "release",
}
PAGE_REQUEST = "/condition-requests/{request_id}"


def _edit_form(r: Records) -> dict[str, str]:
    """The edit form as the page fills it: the draft's version in the hidden field."""
    request_id = r.id_for("request_id", _draft_request)
    row = run(
        ConditionRequest.select(ConditionRequest.version)
        .where(ConditionRequest.id == request_id)
        .first()
    )
    return {**CONDITION_FORM, "version": str(row["version"])}


ROWS.update(
    {
        "GET /cases/{case_id}/condition-requests/new": Row(),
        "POST /cases/{case_id}/condition-requests/new": Row(CONDITION_FORM),
        f"GET {PAGE_REQUEST}": Row(),
        f"GET {PAGE_REQUEST}/zone.svg": Row(makers={"request_id": _zone_request}),
        f"GET {PAGE_REQUEST}/zone-map.png": Row(makers={"request_id": _zone_request}),
        f"GET {PAGE_REQUEST}/zone-map.pdf": Row(makers={"request_id": _zone_request}),
        f"GET {PAGE_REQUEST}/map/file": Row(setup=_with_map, makers=DRAFT),
        f"GET {PAGE_REQUEST}/representation.pdf": Row(),
        f"GET {PAGE_REQUEST}/map": Row(makers=DRAFT),
        # The matrix posts no file: the page answers 400 (the file upload is in the page tests).
        f"POST {PAGE_REQUEST}/map": Row({}, makers=DRAFT, expect_success=False),
        f"GET {PAGE_REQUEST}/zones": Row(makers={"request_id": _zone_request}),
        f"POST {PAGE_REQUEST}/zones": Row(
            {"corners": "TQ 30000 80000\nTQ 31000 80000\nTQ 31000 81000\n"},
            makers={"request_id": _zone_request},
            expect_success=False,  # the form's version is not sent: shown again (400)
        ),
        f"POST {PAGE_REQUEST}/zones/check": Row(
            {
                "zones": '{"type": "Polygon", "coordinates": [[[-0.1, 51.5], [-0.09, 51.5], '
                "[-0.09, 51.51], [-0.1, 51.5]]]}"
            },
            makers={"request_id": _zone_request},
        ),
        # No basemap is configured in the matrix: the tile is not found (404) for those allowed.
        "GET /map-tiles/{z}/{x}/{tile}": Row(
            makers={"z": lambda r: 1, "x": lambda r: 1, "tile": lambda r: 1},
            expect_success=False,
        ),
        "GET /map-grid": Row(
            query={"west": "-0.12", "south": "51.5", "east": "-0.08", "north": "51.52"}
        ),
        f"POST {PAGE_REQUEST}/forward": Row(
            {
                "forward.action": "confirm",
                "forward.decision_maker": "prison_governor",
                **_page_date("forward.on"),
            },
            makers=DRAFT,
        ),
        f"POST {PAGE_REQUEST}/decision": Row(
            {"decision.outcome": "granted", **_page_date("decision.on")}
        ),
        f"POST {PAGE_REQUEST}/victim-informed": Row(_page_date("informed.on"), setup=_decided),
        f"POST {PAGE_REQUEST}/withdraw": Row(
            {**_page_date("withdraw.on"), "withdraw.reason": "The victim changed her mind"}
        ),
        f"POST {PAGE_REQUEST}/forwarding-approval": Row(
            {"approval.reason": "The victim asks for this zone after talking through wider ones."},
            makers={"request_id": _pinpoint_request},
        ),
        f"GET {PAGE_REQUEST}/delete": Row(makers=DRAFT),
        f"POST {PAGE_REQUEST}/delete": Row({}, makers=DRAFT),
        f"GET {PAGE_REQUEST}/edit": Row(makers=DRAFT),
        f"POST {PAGE_REQUEST}/edit": Row(_edit_form, makers=DRAFT),
    }
)

# Casework pages: contact attempts, the victim's choice, closing, reopening, the victim's death.
CASE_PAGE = "/cases/{case_id}"
ON_9_JANUARY = {"on-day": "9", "on-month": "1", "on-year": "2026"}


def _case_form(**fields: str) -> Callable[[Records], dict[str, str]]:
    """A casework form's fields, with the case version as the page's hidden field carries it."""
    return lambda r: {"version": str(r.case_version()), **ON_9_JANUARY, **fields}


ROWS.update(
    {
        f"GET {CASE_PAGE}/contacts/new": Row(),
        f"POST {CASE_PAGE}/contacts/new": Row(_case_form(method="phone", outcome="made_contact")),
        f"GET {CASE_PAGE}/participation/new": Row(),
        f"POST {CASE_PAGE}/participation/new": Row(_case_form(status="opted_in", level="annual")),
        f"GET {CASE_PAGE}/close": Row(),
        f"POST {CASE_PAGE}/close": Row(_case_form(reason="victim_request")),
        f"GET {CASE_PAGE}/reopen": Row(setup=_closed),
        f"POST {CASE_PAGE}/reopen": Row(
            lambda r: {
                "version": str(r.case_version()),
                "reason": "The victim asked to rejoin",
                "on-day": "10",
                "on-month": "1",
                "on-year": "2026",
            },
            setup=_closed,
        ),
        f"GET {CASE_PAGE}/victim-death": Row(),
        f"POST {CASE_PAGE}/victim-death": Row(_case_form()),
    }
)


# Events from HMPPS systems (issue 19). An event waiting for review belongs to no unit (it
# matched none of our offenders), so every VLU manager may act on it; the "other unit" call
# names an event that does not exist, and a manager's match is refused (404) for an offender
# without an open case in their unit (tests/api/test_events.py).
def _inbox_event(status: str) -> Callable[[Records], int]:
    def make(r: Records) -> int:
        if r.suffix:
            return 2_000_000_000

        row = InboxMessage(
            message_id=f"matrix-{status}",
            source="queue",
            event_type="prison-offender-events.prisoner.released",
            noms="Z9999ZZ",
            body=json.dumps(event(noms="Z9999ZZ")),
            status=status,
            effect="release",
            error="" if status == "unmatched" else "The message failed",
        )
        run(row.save())
        return int(row.id)

    return make


UNMATCHED = {"event_id": _inbox_event("unmatched")}
PARKED = {"event_id": _inbox_event("parked")}
ROWS.update(
    {
        "POST /api/v1/events": Row(event(noms="Z9999ZZ")),
        "GET /api/v1/events": Row(),
        "POST /api/v1/events/{event_id}/match": Row(
            lambda r: {"offender_id": r.ids["offender_id"]}, makers=UNMATCHED
        ),
        "POST /api/v1/events/{event_id}/dismiss": Row({"reason": "Not ours"}, makers=UNMATCHED),
        "POST /api/v1/events/{event_id}/replay": Row(makers=PARKED),
        "GET /events/review": Row(),
        "POST /events/review/{event_id}/match": Row(
            lambda r: {"offender_id": str(r.ids["offender_id"])}, makers=UNMATCHED
        ),
        "POST /events/review/{event_id}/dismiss": Row({"reason": "Not ours"}, makers=UNMATCHED),
        "GET /admin/events": Row(),
        "POST /admin/events/{event_id}/replay": Row({}, makers=PARKED),
    }
)

# Tribunal statement pages (issue 21): a restricted patient's victim, invited where a step
# needs an invitation first.
TRIBUNAL_PAGE = f"{CASE_PAGE}/tribunal-statements"


def _tribunal_invited(r: Records, received: bool = False) -> None:
    _restricted_patient(r)
    url = f"/api/v1/cases/{r.case_id}/tribunal-statements"
    steps = [{"step": "invited", "on": "2026-01-09", "hearing_date": "2026-01-10"}]
    if received:
        steps.append({"step": "received", "on": "2026-01-10"})
    for body in steps:
        response = r.world.post(r.user("vlo"), url, body)
        assert response.status_code == 201, response.text


ROWS.update(
    {
        f"GET {TRIBUNAL_PAGE}/invited": Row(),
        f"POST {TRIBUNAL_PAGE}/invited": Row(
            _case_form(
                **{"hearing_date-day": "20", "hearing_date-month": "4", "hearing_date-year": "2026"}
            ),
            setup=_restricted_patient,
        ),
        f"GET {TRIBUNAL_PAGE}/received": Row(),
        f"POST {TRIBUNAL_PAGE}/received": Row(_case_form(), setup=_tribunal_invited),
        f"GET {TRIBUNAL_PAGE}/sent": Row(),
        f"POST {TRIBUNAL_PAGE}/sent": Row(
            _case_form(**{"on-day": "11"}), setup=lambda r: _tribunal_invited(r, received=True)
        ),
        f"GET {TRIBUNAL_PAGE}/declined": Row(),
        f"POST {TRIBUNAL_PAGE}/declined": Row(_case_form(), setup=_tribunal_invited),
        f"GET {TRIBUNAL_PAGE}/outcome-told": Row(),
        f"POST {TRIBUNAL_PAGE}/outcome-told": Row(
            _case_form(outcome="Not discharged", **{"on-day": "12"}), setup=_tribunal_invited
        ),
    }
)

# Entitlement pages (issue 21): the Victims' Code compliance record of a case.
ROWS.update(
    {
        f"GET {CASE_PAGE}/entitlements/new": Row(),
        f"POST {CASE_PAGE}/entitlements/new": Row(_case_form(entitlement="offer", delivered="yes")),
    }
)

# Changing people's details (issue 17): the victim's own details, a referral's correction.
ROWS.update(
    {
        f"PATCH {CASE}/victim": Row({"phone": "07700 900777", "reason": "New phone"}),
        f"GET {CASE}/victim/history": Row(),
        "GET /cases/{case_id}/victim-details": Row(),
        "POST /cases/{case_id}/victim-details": Row(
            lambda r: _version_form(r, name="Robin Renamed", language="en", reason="Deed poll")
        ),
        "PATCH /api/v1/referrals/{referral_id}": Row(
            lambda r: {
                "victims": [{"victim_id": r.ids["victim_id"], "name": "Robin Renamed"}],
                "reason": "Misspelt",
            }
        ),
        "GET /referrals/{referral_id}/victims/{victim_id}/correct": Row(),
        "POST /referrals/{referral_id}/victims/{victim_id}/correct": Row(
            {"name": "Robin Renamed", "reason": "Misspelt"}
        ),
    }
)


def _no_kept_form(records: Records) -> int:
    """A kept form's key is random and its writer's own: routes are asked for one nobody kept."""
    return 0


MAKERS["key"] = _no_kept_form
