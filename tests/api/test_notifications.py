"""Messages to victims through GOV.UK Notify, driven through the real client library against
the local stand-in for Notify (tests/notify_standin.py): a text that fails for good is followed
by an email and a task for the VLO; temporary failures are sent again after a growing wait;
receipts out of order and twice change nothing more; the wording rules; the addressee checked
again at sending; the case page, the API and the manager's queue. Every person is invented."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api.app import create_app
from tests.api.route_table import mint_tokens
from tests.api.test_pages import signed_in
from tests.fixtures import TODAY, World, run
from tests.notify_standin import API_KEY, CALLBACK_TOKEN, NotifyStandIn, Served, serve
from vcs.core import config
from vcs.core.tables import Case, Task
from vcs.notifications.client import notify_client
from vcs.notifications.tables import Notification, NotificationStatus
from vcs.notifications.worker import Run, Sender

PHONE = "07700 900123"
EMAIL = "alex.example@example.com"
TEMPLATES = (
    ("sms", "en", "11111111-1111-4111-8111-111111111111"),
    ("sms", "cy", "22222222-2222-4222-8222-222222222222"),
    ("email", "en", "33333333-3333-4333-8333-333333333333"),
    ("email", "cy", "44444444-4444-4444-8444-444444444444"),
)


@dataclass
class Notify:
    stand_in: NotifyStandIn
    service: Served  # the service itself, over HTTP, for Notify's callbacks

    def send(self) -> Run:
        return run(Sender(notify_client(), "test-worker", lambda: TODAY).run_once())


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[NotifyStandIn, Served, Served]]:
    """The stand-in for Notify and the service itself over HTTP (for Notify's callbacks), once
    per module; the stand-in forgets everything before each test."""
    stand_in = NotifyStandIn()
    notify_server = serve(stand_in.app())
    service = serve(create_app(today=lambda: TODAY, pool=False))
    try:
        yield stand_in, notify_server, service
    finally:
        service.stop()
        notify_server.stop()


@pytest.fixture
def notify(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    servers: tuple[NotifyStandIn, Served, Served],
) -> Notify:
    mint_tokens(world, ["wcu", "vlo", "manager", "manager_other"])
    stand_in, notify_server, service = servers
    stand_in.reset()
    stand_in.callback_url = f"{service.url}/api/v1/notify/callbacks"
    monkeypatch.setattr(
        config,
        "settings",
        replace(
            config.settings,
            notify_api_key=API_KEY,
            notify_base_url=notify_server.url,
            notify_callback_token=CALLBACK_TOKEN,
            notify_templates=TEMPLATES,
            notify_retry_limit=3,
            notify_retry_seconds=1,
            notify_rate="1000 per second",
        ),
    )
    return Notify(stand_in, service)


def _case(world: World, channels: list[str], language: str = "en", **referral: Any) -> int:
    case_id = int(world.refer(**referral)["cases"][0]["id"])
    chosen = world.put(
        "vlo",
        f"/api/v1/cases/{case_id}/preferences",
        {"channels": channels, "language": language, "version": _version(world, case_id)},
    )
    assert chosen.status_code == 200, chosen.text
    opted = _choose(world, case_id, {"status": "opted_in", "level": "key_stages"})
    assert opted.status_code in (200, 201), opted.text
    return case_id


def _version(world: World, case_id: int) -> int:
    return int(world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"])


def _choose(world: World, case_id: int, choice: dict[str, Any]) -> Any:
    body = {**choice, "on": TODAY.isoformat(), "version": _version(world, case_id)}
    return world.post("vlo", f"/api/v1/cases/{case_id}/participation", body)


def _prepare(world: World, case_id: int, stage: str = "release_date_changed") -> dict[str, Any]:
    made = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/notifications",
        {"stage": stage, "on": "2026-01-12", "release_month": "2027-03-14"},
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


def _approve(world: World, case_id: int) -> None:
    approved = world.post(
        "vlo", f"/api/v1/cases/{case_id}/notifications/approval", {"confirm": True}
    )
    assert approved.status_code == 200, approved.text


def _messages(world: World, case_id: int) -> list[dict[str, Any]]:
    found = world.get("vlo", f"/api/v1/cases/{case_id}/notifications")
    assert found.status_code == 200, found.text
    return list(found.json()["items"])


def test_text_failing_for_good_is_followed_by_email_and_task_and_delivery_shows(
    world: World, notify: Notify
) -> None:
    case_id = _case(world, ["sms", "email"])
    notify.stand_in.outcome(PHONE, "permanent-failure")
    prepared = _prepare(world, case_id)
    assert [m["channel"] for m in prepared["items"]] == ["sms"]
    assert prepared["awaiting_approval"] == 1

    assert notify.send().sent == 0  # nothing goes before a VLO approves it
    pages = signed_in(world, "vlo")
    form = pages.get(f"/cases/{case_id}/messages/approve")
    assert form.status_code == 200 and "expected to be released in March 2027" in form.text
    missing = pages.post(f"/cases/{case_id}/messages/approve", {})
    assert missing.status_code == 400 and "Confirm that you have read" in missing.text
    assert notify.send().sent == 0
    approved = pages.post(f"/cases/{case_id}/messages/approve", {"confirm": "yes"})
    assert approved.headers["location"] == f"/cases/{case_id}?done=messages_approved"
    assert notify.send().sent == 1
    assert [s.type for s in notify.stand_in.sent] == ["sms"]
    assert notify.stand_in.sent[0].to == PHONE
    assert notify.stand_in.post_callbacks() == [200]

    text = _messages(world, case_id)[-1]
    assert (text["channel"], text["state"], text["notify_status"]) == (
        "sms",
        "failed",
        "permanent-failure",
    )
    tasks = run(Task.select().where(Task.case == case_id).where(Task.kind == "message_failed"))
    assert len(tasks) == 1
    assert "text message" in tasks[0]["summary"] and "An email follows" in tasks[0]["summary"]
    assert PHONE not in tasks[0]["summary"]

    assert notify.send().sent == 1
    email = notify.stand_in.sent[1]
    assert (email.type, email.to) == ("email", EMAIL)
    assert notify.stand_in.post_callbacks() == [200]
    newest = _messages(world, case_id)[0]
    assert (newest["channel"], newest["state"], newest["follows"]) == (
        "email",
        "delivered",
        text["id"],
    )
    assert notify.stand_in.duplicates() == []

    assert _messages(world, case_id)[-1]["approved_by"] == "vlo"
    until = datetime.now(UTC).date().isoformat()  # the failure is recorded at the real time
    report = world.get("manager", f"/api/v1/reports/scheme?from=2026-01-01&to={until}").json()
    assert report["failed_deliveries"] == [{"unit_code": "VLU-LON", "failed": 1}]
    page = pages.get(f"/cases/{case_id}").text
    section = page.split('id="messages"', 1)[1].split("</section>", 1)[0]
    assert "Delivered" in section and "Not delivered" in section
    assert "Email" in section and "Text message" in section
    assert EMAIL not in section and PHONE not in section


def test_temporary_failure_is_sent_again_after_a_wait_that_doubles(
    world: World, notify: Notify
) -> None:
    case_id = _case(world, ["sms"])
    notify.stand_in.outcome(PHONE, "temporary-failure", "temporary-failure", "delivered")
    _prepare(world, case_id)
    _approve(world, case_id)
    waits = []
    for attempt in (1, 2):
        assert notify.send().sent == 1
        before = datetime.now(UTC)
        notify.stand_in.post_callbacks()
        row = run(Notification.select().where(Notification.case == case_id).first())
        assert (row["state"], row["attempt"]) == ("queued", attempt)
        waits.append((row["next_attempt_at"] - before).total_seconds())
        assert notify.send().sent == 0  # not yet due
        time.sleep(waits[-1] + 0.05)
    first, second = waits  # 1 second, then 2
    assert first >= 1.0 and first < 1.6
    assert second >= 2.0 and second < 2.6
    assert notify.send().sent == 1
    notify.stand_in.post_callbacks()
    row = run(Notification.select().where(Notification.case == case_id).first())
    assert (row["state"], row["attempt"], row["notify_status"]) == ("delivered", 3, "delivered")
    references = [s.reference for s in notify.stand_in.sent]
    assert len(set(references)) == 3 and notify.stand_in.duplicates() == []


def test_temporary_failures_past_the_limit_count_as_permanent(
    world: World, notify: Notify, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "settings", replace(config.settings, notify_retry_limit=1))
    case_id = _case(world, ["sms", "email"])
    notify.stand_in.outcome(PHONE, "temporary-failure")
    _prepare(world, case_id)
    _approve(world, case_id)
    notify.send()
    notify.stand_in.post_callbacks()
    states = {m["channel"]: m["state"] for m in _messages(world, case_id)}
    assert states == {"sms": "failed", "email": "queued"}


def test_receipts_out_of_order_and_twice_are_kept_once_and_never_go_back(
    world: World, notify: Notify
) -> None:
    case_id = _case(world, ["email", "sms"])
    _prepare(world, case_id)
    _approve(world, case_id)
    notify.send()
    sent = notify.stand_in.sent[0]
    receipt = notify.stand_in.callbacks[0]
    assert notify.stand_in.post_receipt(receipt, token="not-the-token") == 401
    assert notify.stand_in.post_receipt(receipt, token=world.tokens["vlo"]) == 401
    assert run(Notification.select().first())["state"] == "sent"
    bad = world.client.post(
        "/api/v1/notify/callbacks",
        json={"id": "x", "status": "Delivered!"},
        headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"},
    )
    assert bad.status_code in (400, 422) and "status" in bad.text and "Delivered!" not in bad.text
    assert notify.stand_in.post_callbacks(twice=True) == [200, 200]
    late = notify.stand_in.receipt(sent, "sending")  # an earlier status, arriving last
    assert notify.stand_in.post_receipt(late) == 200
    assert notify.stand_in.post_receipt(late) == 200
    row = run(Notification.select().where(Notification.case == case_id).first())
    assert (row["state"], row["notify_status"]) == ("delivered", "delivered")
    statuses = run(
        NotificationStatus.select(NotificationStatus.status, NotificationStatus.source).where(
            NotificationStatus.notification == row["id"]
        )
    )
    kept = sorted((s["status"], s["source"]) for s in statuses)
    assert kept == [("created", "send"), ("delivered", "callback"), ("sending", "callback")]
    events = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()
    delivered = [e for e in events["items"] if e["kind"] == "message_delivered"]
    assert len(delivered) == 1


def test_a_lost_callback_is_made_good_by_asking_notify(world: World, notify: Notify) -> None:
    case_id = _case(world, ["sms"])
    _prepare(world, case_id)
    _approve(world, case_id)
    notify.send()
    notify.stand_in.callbacks.clear()  # the receipt never arrives
    sender = Sender(notify_client(), "test-worker", lambda: TODAY)
    assert run(sender.poll(timedelta(hours=1))) == 0  # too soon to ask
    assert run(sender.poll(timedelta(0))) == 1
    row = run(Notification.select().where(Notification.case == case_id).first())
    assert (row["state"], row["notify_status"]) == ("delivered", "delivered")
    sources = run(
        NotificationStatus.select(NotificationStatus.source).where(
            NotificationStatus.status == "delivered"
        )
    )
    assert [s["source"] for s in sources] == ["poll"]
    assert run(sender.poll(timedelta(0))) == 0  # delivered: nothing more to ask


def test_urgent_stage_is_never_one_channel_only_and_says_contact_your_vlo(
    world: World, notify: Notify
) -> None:
    case_id = _case(world, ["sms", "post"])
    prepared = _prepare(world, case_id, stage="release")
    channels = sorted(m["channel"] for m in prepared["items"])
    assert channels == ["letter", "sms"]
    text = next(m for m in prepared["items"] if m["channel"] == "sms")["message"]
    assert "Please contact your Victim Liaison Officer" in text and "letter will follow" in text
    assert "2027" not in text and "March" not in text
    no_month = world.post(
        "vlo", f"/api/v1/cases/{case_id}/notifications", {"stage": "release", "on": "2026-01-12"}
    )
    assert no_month.status_code == 422
    assert no_month.json()["errors"] == [
        {"field": "release_month", "message": "Give the month of release"}
    ]
    _approve(world, case_id)
    assert notify.send().sent == 2
    assert sorted(s.type for s in notify.stand_in.sent) == ["letter", "sms"]

    only_text = _case(world, ["sms"], victims=[{**_victim(), "name": "Jo Other"}])
    refused = world.post(
        "vlo",
        f"/api/v1/cases/{only_text}/notifications",
        {"stage": "recall", "on": "2026-01-12"},
    )
    assert refused.status_code == 409 and "one channel only" in refused.text


def test_message_words_follow_the_letters_rules(world: World, notify: Notify) -> None:
    from letters import Language
    from vcs.core.errors import Refused
    from vcs.notifications.wording import MessageFacts, check_wording, message_text

    case_id = _case(world, ["sms"], language="cy")
    prepared = _prepare(world, case_id)
    words = prepared["items"][0]["message"]
    assert "Mawrth 2027" in words and "14" not in words  # the month, never the day
    assert prepared["items"][0]["language"] == "cy"
    for stage in ("release", "recall", "temporary_release_considered", "release_date_changed"):
        for language in Language:
            text = message_text(MessageFacts(stage, language, "Sam Officer", "London VLU", TODAY))
            assert "HMP" not in text and "12" not in text
    for bad in (
        "The offender is held at HMP Example.",
        "He will live at 4 Mill Lane.",
        "He will live near E1 6AN.",
        "Release is on 14 March 2027.",
        "Release is on 14/03/2027.",
        "Rhyddhau ar 14 Mawrth 2027.",
    ):
        with pytest.raises(Refused):
            check_wording(bad)
    with pytest.raises(Refused):
        check_wording("He will live in Little Snoring.", offender_places=("Little Snoring",))
    check_wording("Release is expected in March 2027.")


def _victim() -> dict[str, Any]:
    return {
        "name": "Alex Example",
        "relationship": "direct",
        "date_of_birth": "1990-06-15",
        "address": {"line1": "12 Sample Road", "town": "London", "postcode": "E1 6AN"},
        "email": EMAIL,
        "phone": PHONE,
    }


def test_addressee_is_checked_again_at_sending(world: World, notify: Notify) -> None:
    case_id = _case(world, ["sms"])
    _prepare(world, case_id)
    _approve(world, case_id)
    out = _choose(world, case_id, {"status": "opted_out", "reason": "Does not want to hear"})
    assert out.status_code in (200, 201), out.text
    done = notify.send()
    assert (done.sent, done.refused) == (0, 1)
    assert notify.stand_in.sent == []
    row = run(Notification.select().where(Notification.case == case_id).first())
    assert row["state"] == "cancelled" and "opted out" in row["failure"]
    queue = world.get("manager", "/api/v1/notifications/failed").json()
    assert [m["case_id"] for m in queue["items"]] == [case_id]
    dashboard = signed_in(world, "manager").get("/deadlines").text
    assert "Messages not delivered" in dashboard and f"/cases/{case_id}" in dashboard
    other_unit = world.get("manager_other", "/api/v1/notifications/failed").json()
    assert other_unit["total"] == 0
    # Nothing more can be prepared for a victim who opted out.
    refused = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/notifications",
        {"stage": "release_date_changed", "on": "2026-01-12", "release_month": "2027-03-01"},
    )
    assert refused.status_code == 409 and "opted out" in refused.text
    assert run(Notification.count()) == 1


def test_notifications_off_without_a_key(world: World) -> None:
    mint_tokens(world, ["wcu", "vlo"])
    case_id = _case(world, ["sms"])
    refused = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/notifications",
        {"stage": "recall", "on": "2026-01-12"},
    )
    assert refused.status_code == 409 and "Notifications are off" in refused.text
    assert (
        world.get("vlo", f"/api/v1/cases/{case_id}/notifications").json()["notifications_on"]
        is False
    )
    page = signed_in(world, "vlo").get(f"/cases/{case_id}").text
    assert "Notifications are off" in page


SDS40 = {
    "name": "SDS40 tranche 1",
    "sentence_types": ["imprisonment"],
    "release_fraction_from": 0.5,
    "release_fraction_to": 0.4,
    "effective_from": "2026-11-01",
}


def _bulk_world(world: World) -> tuple[int, int]:
    """One offender whose release follows the old rule; one victim chose text messages, the
    other post only; both chose to hear of every key stage."""
    mint_tokens(world, ["national"])
    by_post = {
        "name": "Sam Sample",
        "relationship": "direct",
        "address": {"line1": "3 Example Street", "town": "Leeds", "postcode": "LS1 4AP"},
    }
    cases = [int(c["id"]) for c in world.refer(victims=[_victim(), by_post])["cases"]]
    for case_id, channels in zip(cases, (["sms"], ["post"]), strict=True):
        body = {"channels": channels, "language": "en", "version": _version(world, case_id)}
        assert world.put("vlo", f"/api/v1/cases/{case_id}/preferences", body).status_code == 200
        opted = _choose(world, case_id, {"status": "opted_in", "level": "key_stages"})
        assert opted.status_code in (200, 201), opted.text
    offender = run(Case.select(Case.offender).where(Case.id == cases[0]).first())["offender"]
    dates = {"release_date": "2027-06-20", "release_fraction": 0.5}
    moved = world.put("vlo", f"/api/v1/offenders/{offender}/key-dates", dates)
    assert moved.status_code == 200, moved.text
    preview = world.post("national", "/api/v1/key-dates/bulk-changes/preview", SDS40)
    assert preview.status_code == 200, preview.text
    return cases[0], cases[1]


def test_a_bulk_change_queues_its_messages_and_a_letter_for_post(
    world: World, notify: Notify
) -> None:
    by_text, by_post = _bulk_world(world)
    applied = world.post("national", "/api/v1/key-dates/bulk-changes", SDS40)
    assert applied.status_code == 201, applied.text
    rows = run(Notification.select().output(load_json=True).order_by(Notification.case))
    assert [(r["case"], r["channel"], r["state"]) for r in rows] == [
        (by_text, "sms", "awaiting_approval"),
        (by_post, "letter", "awaiting_approval"),
    ]
    assert len({r["batch"] for r in rows}) == 1
    assert "March 2027" in rows[0]["personalisation"]["message"]
    # The letter is drafted when it is sent, not while a national change is queued.
    assert rows[1]["letter"] is None
    assert world.get("vlo", f"/api/v1/cases/{by_post}/letters").json()["items"] == []
    # Applying it again queues nothing more.
    again = world.post("national", "/api/v1/key-dates/bulk-changes", SDS40)
    assert again.status_code in (200, 201) and again.json()["already_applied"] is True
    assert run(Notification.count()) == 2

    assert notify.send().sent == 0  # waiting for the unit's approval
    approved = world.post(
        "vlo", "/api/v1/notifications/approval", {"batch": rows[0]["batch"], "confirm": True}
    )
    assert approved.status_code == 200 and approved.json()["approved"] == 2, approved.text
    assert notify.send().sent == 2
    kinds = {s.type: s for s in notify.stand_in.sent}
    assert kinds["sms"].to == PHONE
    letters = world.get("vlo", f"/api/v1/cases/{by_post}/letters").json()["items"]
    letter = run(Notification.select().where(Notification.case == by_post).first())["letter"]
    assert [drafted["id"] for drafted in letters] == [letter]
    printed = world.get("vlo", f"/api/v1/letters/{letter}/pdf")
    assert printed.status_code == 200
    assert kinds["letter"].content == printed.content  # the print run's own PDF


def test_a_bulk_change_without_notify_queues_nothing(world: World) -> None:
    mint_tokens(world, ["wcu", "vlo"])
    _bulk_world(world)
    applied = world.post("national", "/api/v1/key-dates/bulk-changes", SDS40)
    assert applied.status_code == 201, applied.text
    assert run(Notification.count()) == 0


def test_a_unit_approves_a_bulk_change_on_its_page(world: World, notify: Notify) -> None:
    _bulk_world(world)
    applied = world.post("national", "/api/v1/key-dates/bulk-changes", SDS40)
    assert applied.status_code == 201, applied.text
    batch = run(Notification.select(Notification.batch).first())["batch"]
    url = f"/messages/batches/{batch}/approve"
    other = signed_in(world, "manager_other").get(url)
    assert other.status_code == 404 and "no messages of this change" in other.text
    pages = signed_in(world, "manager")
    dashboard = pages.get("/deadlines").text
    assert f'href="{url}"' in dashboard and "2 messages about a change" in dashboard
    form = pages.get(url)
    assert form.status_code == 200, form.text
    assert "2 messages" in form.text and "Approve and send" in form.text
    assert "Text message" in form.text and "Letter by post" in form.text
    assert "March 2027" in form.text and PHONE not in form.text
    missing = pages.post(url, {})
    assert missing.status_code == 400 and "Confirm that you have read" in missing.text
    assert notify.send().sent == 0
    assert pages.get("/messages/batches/Not%20a%20batch/approve").status_code == 400
    approved = pages.post(url, {"confirm": "yes"})
    assert approved.status_code == 303 and approved.headers["location"] == f"{url}?done=approved"
    assert "Messages approved" in pages.get(f"{url}?done=approved").text
    assert notify.send().sent == 2


def _stage(world: World, case_id: int, kind: str, user: str = "vlo") -> None:
    offender = run(Case.select(Case.offender).where(Case.id == case_id).first())["offender"]
    body = {"kind": kind, "on": "2026-01-12"}
    recorded = world.post(user, f"/api/v1/offenders/{offender}/key-stages", body)
    assert recorded.status_code == 201, recorded.text


def test_recording_a_key_stage_prepares_its_messages_for_approval(
    world: World, notify: Notify
) -> None:
    case_id = _case(world, ["sms", "post"])
    _stage(world, case_id, "recall")
    waiting = _messages(world, case_id)
    assert sorted((m["channel"], m["stage"], m["state"]) for m in waiting) == [
        ("letter", "recall", "awaiting_approval"),
        ("sms", "recall", "awaiting_approval"),
    ]
    sms = next(m for m in waiting if m["channel"] == "sms")
    assert "contact your Victim Liaison Officer" in sms["message"]
    _stage(world, case_id, "hospital_transfer")
    assert [m["channel"] for m in _messages(world, case_id) if m["stage"] != "recall"] == ["sms"]
    _stage(world, case_id, "death")  # a stage no message tells: the task only
    assert len(_messages(world, case_id)) == 3
    assert notify.send().sent == 0  # nothing goes before the VLO approves
    _approve(world, case_id)
    assert notify.send().sent == 3


def test_a_key_stage_the_victim_did_not_choose_prepares_nothing(
    world: World, notify: Notify
) -> None:
    case_id = _case(world, ["sms"])
    assert _choose(
        world, case_id, {"status": "opted_in", "level": "release_month"}
    ).status_code in (
        200,
        201,
    )
    _stage(world, case_id, "hospital_transfer")
    assert _messages(world, case_id) == []


def test_a_vlo_prepares_messages_on_the_case_page(world: World, notify: Notify) -> None:
    case_id = _case(world, ["sms", "email"])
    pages = signed_in(world, "vlo")
    assert f'href="/cases/{case_id}/messages/new"' in pages.get(f"/cases/{case_id}").text
    url = f"/cases/{case_id}/messages/new"
    form = pages.get(url)
    assert form.status_code == 200 and "Transfer to hospital" in form.text
    empty = pages.post(url, {})
    assert empty.status_code == 400
    assert "Enter the date of the key stage" in empty.text and "Select the key stage" in empty.text
    no_month = pages.post(
        url, {"stage": "release", "on-day": "12", "on-month": "1", "on-year": "2026"}
    )
    assert no_month.status_code == 422 and "Give the month of release" in no_month.text
    assert _messages(world, case_id) == []
    body = {
        "stage": "release_date_changed",
        **{"on-day": "12", "on-month": "1", "on-year": "2026"},
        **{"release_month-day": "14", "release_month-month": "3", "release_month-year": "2027"},
    }
    made = pages.post(url, body)
    assert made.status_code == 303, made.text
    assert made.headers["location"] == f"/cases/{case_id}/messages/approve"
    approve = pages.get(made.headers["location"]).text
    assert "March 2027" in approve and "14 March" not in approve
    assert [m["channel"] for m in _messages(world, case_id)] == ["sms"]


def test_a_text_failing_for_good_falls_back_to_a_letter_through_notify(
    world: World, notify: Notify
) -> None:
    case_id = _case(world, ["sms", "post"])
    offender = run(Case.select(Case.offender).where(Case.id == case_id).first())["offender"]
    dates = {"release_date": "2027-03-14"}
    assert world.put("vlo", f"/api/v1/offenders/{offender}/key-dates", dates).status_code == 200
    notify.stand_in.outcome(PHONE, "permanent-failure")
    _prepare(world, case_id)
    _approve(world, case_id)
    assert notify.send().sent == 1
    assert notify.stand_in.post_callbacks() == [200]
    tasks = run(Task.select().where((Task.case == case_id) & (Task.kind == "message_failed")))
    assert len(tasks) == 1 and "text message" in tasks[0]["summary"]
    assert "A letter follows by post" in tasks[0]["summary"]
    letter = _messages(world, case_id)[0]
    assert (letter["channel"], letter["state"]) == ("letter", "queued")
    assert notify.send().sent == 1
    posted = notify.stand_in.sent[-1]
    assert posted.type == "letter"
    letters = world.get("vlo", f"/api/v1/cases/{case_id}/letters").json()["items"]
    assert len(letters) == 1
    pdf = world.get("vlo", f"/api/v1/letters/{letters[0]['id']}/pdf")
    assert posted.content == pdf.content  # the letter a print run prints
    assert notify.stand_in.duplicates() == []
