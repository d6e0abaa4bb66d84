"""HMPPS domain events (issue 19): read from a real SQS queue (moto's server) through an SNS
topic, or pushed by a service account; recorded once, matched, and made into key stages and
tasks once, however often delivered. All people are invented."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from api.events.cli import consume
from tests.api.test_key_stages import ALEX, ROBIN, SAM, choose
from tests.fixtures import World, referral_payload, run
from tests.sqs import Topic, event
from vcs.core.tables import Case, CaseEvent, Task
from vcs.events.tables import InboxMessage
from vcs.sentence.tables import KeyDateChange, KeyDates, KeyStage

NOMS = "A1234BC"


def offender_with(
    world: World, levels: list[str | None], noms: str = NOMS
) -> tuple[int, list[int]]:
    """An offender (prison number `noms`) with a victim per level (None: not yet contacted)."""
    offender = {**referral_payload()["offender"], "prison_number": noms}
    victims = [ALEX, SAM, ROBIN][: len(levels)]
    case_ids = [c["id"] for c in world.refer(offender=offender, victims=victims)["cases"]]
    for case_id, level in zip(case_ids, levels, strict=True):
        if level:
            choose(world, case_id, level)
    row = run(Case.select(Case.offender).where(Case.id == case_ids[0]).first())
    return int(row["offender"]), case_ids


def drain(topic: Topic) -> int:
    """Run `vcs events consume` until the queue is empty, in this process."""
    client = topic.client("sqs")
    return int(run(consume(topic.queue_url, client, asyncio.Event(), wait=0, idle_exit=0.001)))


def tasks(kind_prefix: str) -> list[dict[str, Any]]:
    rows = run(Task.select().order_by(Task.id))
    return [r for r in rows if r["kind"].startswith(kind_prefix)]


def inbox() -> list[dict[str, Any]]:
    return list(run(InboxMessage.select().order_by(InboxMessage.id)))


def test_a_release_delivered_twice_makes_one_key_stage_and_a_task_for_each_opted_in_victim(
    world: World, topic: Topic
) -> None:
    offender_id, case_ids = offender_with(world, ["key_stages", "release_month", "annual"])
    released = event()
    topic.publish(released)
    topic.publish(released)  # the producer published it twice: two messages, one event
    drain(topic)
    # The queue delivers the same message again (a visibility timeout passed).
    envelope = {
        "Type": "Notification",
        "MessageId": "sns-redelivered",
        "Message": json.dumps(released),
    }
    topic.send_raw(json.dumps(envelope))
    topic.send_raw(json.dumps(envelope))
    drain(topic)

    stages = run(KeyStage.select().where(KeyStage.offender == offender_id))
    assert [s["kind"] for s in stages] == ["release"]
    assert stages[0]["recorded_by"] == "hmpps-events"
    told = tasks("tell_release")
    assert sorted(t["case"] for t in told) == sorted(case_ids)
    assert tasks("urgent_contact") == []  # every victim has been contacted
    assert [m["status"] for m in inbox()] == ["processed"]  # one event, recorded once
    assert topic.waiting() == 0  # every message deleted once handled
    # The event's source and time are on each case's timeline.
    notes = run(CaseEvent.select().where(CaseEvent.kind == "hmpps_event"))
    assert sorted(n["case"] for n in notes) == sorted(case_ids)
    assert (
        "Reported by HMPPS (released from custody) at 10:04 on 12 January 2026"
        in notes[0]["summary"]
    )


def test_a_recall_gives_the_vlo_an_urgent_task_for_a_victim_not_yet_contacted(
    world: World, topic: Topic
) -> None:
    _, (opted_in, not_contacted) = offender_with(world, ["release_month", None])
    topic.publish(
        event(
            "prison-offender-events.prisoner.received",
            reason="ADMISSION",
            nomisMovementReasonCode="L",
        )
    )
    drain(topic)
    assert [t["case"] for t in tasks("tell_recall")] == [opted_in]
    [urgent] = tasks("urgent_contact")
    assert (urgent["case"], str(urgent["due"])) == (not_contacted, "2026-01-12")
    assert "has not yet been contacted" in urgent["summary"]


def test_an_event_for_an_unknown_prison_number_waits_for_a_manager_who_matches_it(
    world: World, topic: Topic
) -> None:
    offender_id, case_ids = offender_with(world, ["key_stages"])
    topic.publish(event(noms="Z9999ZZ"))
    drain(topic)
    assert run(KeyStage.count()) == 0
    queue = world.get("manager", "/api/v1/events", params={"status": "unmatched"}).json()
    assert queue["total"] == 1
    [waiting] = queue["items"]
    assert (waiting["noms"], waiting["effect"]) == ("Z9999ZZ", "release")
    # Another unit's manager cannot match it to an offender of ours.
    refused = world.post(
        "manager_other", f"/api/v1/events/{waiting['id']}/match", {"offender_id": offender_id}
    )
    assert refused.status_code == 404, refused.text
    assert refused.json()["errors"][0]["field"] == "offender_id"
    matched = world.post(
        "manager", f"/api/v1/events/{waiting['id']}/match", {"offender_id": offender_id}
    )
    assert matched.json() == {"id": waiting["id"], "status": "processed"}
    assert run(KeyStage.count().where(KeyStage.offender == offender_id)) == 1
    assert [t["case"] for t in tasks("tell_release")] == case_ids
    again = world.post(
        "manager", f"/api/v1/events/{waiting['id']}/match", {"offender_id": offender_id}
    )
    assert again.status_code == 409
    assert run(KeyStage.count()) == 1
    note = run(CaseEvent.select().where(CaseEvent.kind == "hmpps_event").first())
    assert "matched to this offender by manager" in note["summary"]


def test_an_event_matching_two_offenders_waits_and_can_be_dismissed_with_a_reason(
    world: World, topic: Topic
) -> None:
    offender_with(world, ["key_stages"], noms="A1111AA")
    other = {**referral_payload()["offender"], "name": "Jo Otherperson", "crn": "X654321"}
    world.refer(offender=other, victims=[SAM])
    topic.publish(event(noms="A1111AA", crn="X654321"))
    drain(topic)
    [waiting] = world.get("manager", "/api/v1/events").json()["items"]
    empty = world.post("manager", f"/api/v1/events/{waiting['id']}/dismiss", {"reason": " "})
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "reason"
    done = world.post("manager", f"/api/v1/events/{waiting['id']}/dismiss", {"reason": "Not ours"})
    assert done.json()["status"] == "dismissed"
    assert world.get("manager", "/api/v1/events").json()["total"] == 0
    assert run(KeyStage.count()) == 0


def test_unreadable_messages_are_parked_with_a_reason_and_the_consumer_carries_on(
    world: World, topic: Topic
) -> None:
    offender_id, _ = offender_with(world, ["key_stages"])
    topic.send_raw("{not json")
    wrong = event()
    wrong["version"] = "one"
    topic.publish(wrong)
    topic.publish(event(noms="NOT-A-NOMS"))
    topic.publish(event("some-other-service.thing.happened"))
    topic.publish(event(occurred_at="2026-01-12T11:00:00Z"))  # a good one after the bad
    drain(topic)
    assert topic.waiting() == 0
    parked = world.get("admin", "/api/v1/events", params={"status": "parked"}).json()["items"]
    reasons = sorted(p["error"] for p in parked)
    assert len(reasons) == 3
    assert any("not JSON" in r for r in reasons)
    assert any("version" in r and "one" not in r for r in reasons)  # the field, never the value
    assert any("prison number" in r for r in reasons)
    assert [m["status"] for m in inbox() if m["event_type"].startswith("some-other")] == ["ignored"]
    assert run(KeyStage.count().where(KeyStage.offender == offender_id)) == 1
    # The manager's review queue is not the administrator's: parked messages are refused.
    assert world.get("manager", "/api/v1/events", params={"status": "parked"}).status_code == 403
    # Played again, an unreadable message stays parked, with its reason.
    not_json = next(p for p in parked if "not JSON" in p["error"])
    replayed = world.post("admin", f"/api/v1/events/{not_json['id']}/replay")
    assert replayed.json()["status"] == "parked"


def test_a_service_account_pushes_an_event_once_and_nothing_else(world: World) -> None:
    _, case_ids = offender_with(world, ["key_stages"])
    body = event(occurred_at="2026-01-12T09:00:00+00:00")
    first = world.post("integration", "/api/v1/events", body)
    assert first.status_code == 202, first.text
    assert first.json()["status"] == "processed"
    second = world.post("integration", "/api/v1/events", body)
    assert second.json() == {"id": first.json()["id"], "status": "duplicate"}
    assert run(KeyStage.count()) == 1 and len(tasks("tell_release")) == 1
    bad = world.post("integration", "/api/v1/events", {**body, "occurredAt": 0})
    assert bad.status_code == 400
    assert [e["field"] for e in bad.json()["errors"]] == ["occurredAt"]
    assert world.get("integration", f"/api/v1/cases/{case_ids[0]}").status_code == 403
    assert world.post("vlo", "/api/v1/events", body).status_code == 403


def test_recalculated_release_dates_change_the_key_dates_and_tell_who_chose_to_hear(
    world: World,
) -> None:
    offender_id, case_ids = offender_with(world, ["release_month"])
    body = event(
        "calculate-release-dates.prisoner.changed",
        releaseDate="2027-03-01",
        licenceExpiryDate="2028-03-01",
    )
    for _ in range(2):
        response = world.post("integration", "/api/v1/events", body)
        assert response.status_code == 202, response.text
    dates = run(KeyDates.select().where(KeyDates.offender == offender_id).first())
    assert (str(dates["release_date"]), str(dates["licence_expiry"])) == (
        "2027-03-01",
        "2028-03-01",
    )
    changes = run(KeyDateChange.select().where(KeyDateChange.offender == offender_id))
    assert sorted(c["field"] for c in changes) == ["licence_expiry", "release_date"]
    assert "Reported by HMPPS" in changes[0]["source"]
    [stage] = run(KeyStage.select())
    assert stage["kind"] == "release_date_changed"
    assert [t["case"] for t in tasks("tell_release_date_changed")] == case_ids
