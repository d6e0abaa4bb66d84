"""A world for the leak test: one London offender with a victim, a co-victim and the victim's
nominated contact (all with full contact details), both victims opted in, an offender manager,
MAPPA status and key dates; and every way a VLO (or the offender manager) writes free text that
reaches the offender side, to plant details in. A write the service refuses (4xx) plants
nothing: the field that refused it is noted, and the rest of the write is tried again."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tests.api.leak_details import CO_VICTIM, NOMINEE, VICTIM
from tests.api.route_table import mint_tokens
from tests.fixtures import TODAY, World, run
from vcs.core.tables import Case, Offender, User

ON = TODAY.isoformat()
BENIGN = "He must not contact her, directly or through anyone else."
# Each free-text field on the way to the offender side: (group, the field as the API names it).
REQUEST_FIELDS = ("details", "justification", "names", "premises", "wording")
DECISION_FIELDS = ("reason", "final_wording")
VIEWS_FIELDS = ("views", "concerns", "measures")
SCREENED = (
    *(f"request {f}" for f in REQUEST_FIELDS),
    *(f"decision {f}" for f in DECISION_FIELDS),
    "withdrawal reason",
    *(f"mappa {f}" for f in VIEWS_FIELDS),
)
KEY_STAGE = ("key-stage details",)
ALTERNATIVE = ("alternative text", "alternative reason")


@dataclass
class LeakWorld:
    world: World
    offender_id: int
    case_id: int
    co_case_id: int
    ids: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    planted: list[tuple[str, str]] = field(default_factory=list)  # accepted: (field, text)
    refused: list[tuple[str, str]] = field(default_factory=list)
    meetings: int = 0
    spares: dict[str, int] = field(default_factory=dict)

    def ok(self, response: Any, *statuses: int) -> Any:
        assert response.status_code in (statuses or (200, 201)), response.text
        return response.json() if response.content else None

    # -- the requests the offender side may see --------------------------------------------

    def _request(self, body: dict[str, Any]) -> Any:
        url = f"/api/v1/cases/{self.case_id}/condition-requests"
        return self.world.post("vlo", url, body)

    def forward(self, request_id: int) -> int:
        body = {"decision_maker": "prison_governor", "on": ON}
        url = f"/api/v1/condition-requests/{request_id}/forward"
        self.ok(self.world.post("vlo", url, body))
        self.ids["request_id"].append(request_id)
        return request_id

    def benign_request(self) -> int:
        body = {"type": "no_contact", "details": BENIGN, "justification": BENIGN}
        made = self.ok(self._request({**body, "names": ["Jo Example"]}))
        return self.forward(int(made["id"]))

    def spare(self, use: str) -> int:
        """A forwarded request for a decision, a withdrawal or alternatives: the same one until
        a plant is accepted on it (a refused write leaves it as it was)."""
        if use not in self.spares:
            self.spares[use] = self.benign_request()
        return self.spares[use]

    def meeting(self) -> int:
        self.meetings += 1
        on = (date(2026, 2, 2) + timedelta(days=self.meetings)).isoformat()
        body = {"offender_id": self.offender_id, "level": 2, "on": on}
        made = self.ok(self.world.post("om", "/api/v1/mappa-meetings", body))
        self.ids["meeting_id"].append(int(made["id"]))
        return int(made["id"])

    # -- planting: the write is tried with every plant, then without the ones refused -------

    def _try(
        self, send: Any, base: dict[str, Any], plants: dict[str, str], group: str, wrap: Any
    ) -> Any:
        plants = dict(plants)
        while True:
            response = send({**base, **{k: wrap(k, v) for k, v in plants.items()}})
            if response.status_code < 300:
                self.planted += [(f"{group} {k}", v) for k, v in plants.items()]
                return response
            assert 400 <= response.status_code < 500, response.text
            named = {e["field"].split(".")[0].split("[")[0] for e in response.json()["errors"]}
            assert named & set(plants), ("refused for another reason", response.text)
            self.refused += [(f"{group} {k}", plants.pop(k)) for k in named & set(plants)]
            if not plants:
                return None

    def plant_requests(self, plants: dict[str, str]) -> None:
        """Each request field's plant in a request of the type that takes it."""
        kinds = {
            "no_contact": ({"names": ["Jo Example"]}, ("details", "justification", "names")),
            "premises": ({"premises": ["The market on the high street"]}, ("premises",)),
            "other": ({"wording": "Not to attend the victim's church."}, ("wording",)),
        }
        for kind, (extra, fields) in kinds.items():
            mine = {k: v for k, v in plants.items() if k in fields}
            if not mine:
                continue
            base = {"type": kind, "details": BENIGN, "justification": BENIGN, **extra}
            made = self._try(self._request, base, mine, "request", _listed)
            if made is not None:
                self.forward(int(made.json()["id"]))

    def plant_decision(self, plants: dict[str, str]) -> None:
        url = f"/api/v1/condition-requests/{self.spare('decision')}/decision"
        base = {"outcome": "granted_varied", "on": ON, "reason": BENIGN, "final_wording": BENIGN}
        if self._try(lambda b: self.world.post("vlo", url, b), base, plants, "decision", _same):
            del self.spares["decision"]

    def plant_withdrawal(self, plants: dict[str, str]) -> None:
        url = f"/api/v1/condition-requests/{self.spare('withdrawal')}/withdraw"
        send = lambda b: self.world.post("vlo", url, b)  # noqa: E731
        if self._try(send, {"on": ON}, plants, "withdrawal", _same):
            del self.spares["withdrawal"]

    def plant_views(self, plants: dict[str, str]) -> None:
        """Views replace the views before them: a new meeting once a plant is accepted."""
        if "meeting" not in self.spares:
            self.spares["meeting"] = self.meeting()
        url = f"/api/v1/mappa-meetings/{self.spares['meeting']}/victim-views"
        base = {"case_id": self.case_id, "views": BENIGN, "concerns": "", "measures": ""}
        if self._try(lambda b: self.world.post("vlo", url, b), base, plants, "mappa", _same):
            del self.spares["meeting"]

    def plant_key_stage(self, text: str) -> None:
        url = f"/api/v1/offenders/{self.offender_id}/key-stages"
        base = {"kind": "parole_review_started", "on": ON}
        made = self._try(
            lambda b: self.world.post("vlo", url, b), base, {"details": text}, "key-stage", _same
        )
        if made is not None:
            self.ids["stage_id"].append(int(made.json()["id"]))

    def plant_alternative(self, plants: dict[str, str]) -> None:
        url = f"/api/v1/condition-requests/{self.spare('alternatives')}/alternatives"
        base = {"text": "Not to contact her by any means", "reason": "The family asks for it"}
        self._try(lambda b: self.world.post("om", url, b), base, plants, "alternative", _same)

    def plant_map(self, content: bytes, name: str) -> None:
        square = [[-0.06, 51.55], [-0.04, 51.55], [-0.04, 51.57], [-0.06, 51.57], [-0.06, 51.55]]
        body = {
            "type": "exclusion_zone",
            "details": BENIGN,
            "justification": BENIGN,
            "zone": {"type": "Polygon", "coordinates": [square]},
        }
        request_id = int(self.ok(self._request(body))["id"])
        url = f"/api/v1/condition-requests/{request_id}/map"
        files = {"file": (name, content, "application/octet-stream")}
        response = self.world.client.post(url, headers=self.world.headers("vlo"), files=files)
        if response.status_code < 300:
            self.planted.append((f"map {name}", name))
        else:
            self.refused.append((f"map {name}", name))
        self.forward(request_id)

    def plant(self, text: str, fields: tuple[str, ...]) -> None:
        """The text in each of the fields (as `SCREENED`, `KEY_STAGE` and `ALTERNATIVE` name
        them): the fields written together are sent together, and a refusal names each field
        it refuses, so every field is still tried on its own."""
        groups: dict[str, dict[str, str]] = defaultdict(dict)
        for f in fields:
            group, _, name = f.partition(" ")
            groups[group][name] = text
        for group, plants in groups.items():
            writer = {
                "request": self.plant_requests,
                "decision": self.plant_decision,
                "withdrawal": self.plant_withdrawal,
                "mappa": self.plant_views,
                "alternative": self.plant_alternative,
            }.get(group)
            if group == "key-stage":
                self.plant_key_stage(plants["details"])
            elif writer is not None:
                writer(plants)
            else:
                raise AssertionError(f"no way to plant in {group}")


def _same(_: str, value: str) -> str:
    return value


def _listed(name: str, value: str) -> Any:
    """Names and premises are lists: the plant is one of them."""
    return [value] if name in ("names", "premises") else value


def build(world: World) -> LeakWorld:
    """The offender, the victim with a nominee, the co-victim, both opted in; an offender
    manager, MAPPA status, key dates; a forwarded request, a meeting and a key stage."""
    mint_tokens(world)
    referral = world.refer(
        offender={"name": "Drew Testoffender", "date_of_birth": "1979-07-07", "crn": "L998877"},
        victims=[VICTIM.referral(), CO_VICTIM.referral()],
    )
    case_id, co_case_id = (c["id"] for c in referral["cases"])
    offender_id = run(Case.select(Case.offender).where(Case.id == case_id).first())["offender"]
    om = run(User.select(User.id).where(User.username == "om").first())["id"]
    run(Offender.update({Offender.offender_manager: om}).where(Offender.id == offender_id))
    leak = LeakWorld(world, offender_id, case_id, co_case_id)
    version = run(Case.select(Case.version).where(Case.id == case_id).first())["version"]
    url = f"/api/v1/cases/{case_id}/nominated-contact"
    leak.ok(world.put("vlo", url, {**NOMINEE.nominee(), "version": version}))
    for case in (case_id, co_case_id):
        body = {"status": "opted_in", "on": "2026-01-09", "level": "key_stages"}
        leak.ok(world.post("vlo", f"/api/v1/cases/{case}/participation", body))
    offender = f"/api/v1/offenders/{offender_id}"
    leak.ok(world.put("om", f"{offender}/mappa", {"category": 2, "level": 2, "from": "2026-01-05"}))
    leak.ok(world.put("vlo", f"{offender}/key-dates", {"release_date": "2027-06-20"}))
    leak.benign_request()
    leak.meeting()
    leak.plant_key_stage(BENIGN)
    return leak
