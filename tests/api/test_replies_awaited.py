"""Replies awaited in My work: a letter that asks the victim for an answer (the offer of the
scheme, its follow-up, the parole review and release letters) becomes work to chase 15 working
days after it was sent (10 for the follow-up), until the victim is heard from or the VLO chases
it. Only the VLO's own open cases; in words on the start page. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.api.test_my_work import allocated_case, items, my_work
from tests.api.test_pages import signed_in
from tests.fixtures import World

# Sent Monday 12 January 2026; Tue 13 (1) .. Fri 16 (4), Mon 19 .. Fri 23 (9),
# Mon 26 .. Fri 30 (14), Mon 2 February 2026 (15).
SENT = "2026-01-12"
CHASE = "2026-02-02"
PAROLE_FIELDS = {"hearing_date": "2026-07-14", "vps_deadline": "2026-06-09"}


def send(world: World, case_id: int, template: str, on: str = SENT, **fields: Any) -> None:
    body: dict[str, Any] = {"template": template}
    if fields:
        body["fields"] = fields
    drafted = world.post("vlo", f"/api/v1/cases/{case_id}/letters", body)
    assert drafted.status_code == 201, drafted.text
    sent = world.post("vlo", f"/api/v1/letters/{drafted.json()['id']}/send", {"on": on})
    assert sent.status_code == 200, sent.text


def contact(world: World, case_id: int, method: str, outcome: str, on: str) -> None:
    body = {"on": on, "method": method, "outcome": outcome}
    response = world.post("vlo", f"/api/v1/cases/{case_id}/contacts", body)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 1, 23), None),  # ten days before the chase date: not yet work
        (date(2026, 1, 26), "due_this_week"),
        (date(2026, 2, 2), "due_today"),
        (date(2026, 2, 4), "overdue"),
    ],
)
def test_the_offer_of_the_scheme_awaits_a_reply(
    world: World, today: date, state: str | None
) -> None:
    case_id = allocated_case(world)
    send(world, case_id, "initial_offer")
    world.set_today(today)
    if state is None:
        assert items(world) == []
        return
    assert items(world) == [("reply_awaited", case_id, CHASE, state)]
    [item] = my_work(world)["items"]
    assert item["title"] == "Reply awaited: offer of the scheme sent 12 January 2026"
    assert item["victim_name"] == "Alex Example"


@pytest.mark.parametrize(
    "heard",
    [
        ("participation", {"status": "opted_in", "level": "key_stages", "on": "2026-01-20"}),
        ("participation", {"status": "opted_out", "on": "2026-01-12"}),
        ("contacts", {"on": "2026-01-20", "method": "phone", "outcome": "made_contact"}),
        ("contacts", {"on": "2026-01-21", "method": "phone", "outcome": "no_reply"}),  # chased
        ("contacts", {"on": "2026-01-21", "method": "letter", "outcome": "undeliverable"}),
    ],
)
def test_hearing_from_the_victim_or_chasing_ends_the_wait(
    world: World, heard: tuple[str, dict[str, Any]]
) -> None:
    case_id = allocated_case(world)
    send(world, case_id, "initial_offer")
    world.set_today(date(2026, 2, 2))
    assert [i[0] for i in items(world)] == ["reply_awaited"]
    route, body = heard
    response = world.post("vlo", f"/api/v1/cases/{case_id}/{route}", body)
    assert response.status_code == 201, response.text
    assert items(world) == []


def test_a_note_is_not_hearing_from_the_victim(world: World) -> None:
    case_id = allocated_case(world)
    send(world, case_id, "initial_offer")
    world.set_today(date(2026, 2, 2))
    contact(world, case_id, "phone", "note", "2026-01-20")
    assert items(world) == [("reply_awaited", case_id, CHASE, "due_today")]


def test_the_follow_up_takes_the_place_of_the_offer(world: World) -> None:
    case_id = allocated_case(world)
    send(world, case_id, "initial_offer")
    world.set_today(date(2026, 2, 2))
    send(world, case_id, "follow_up", on="2026-02-02")
    # Ten working days after Monday 2 February 2026: Monday 16 February.
    world.set_today(date(2026, 2, 10))
    assert items(world) == [("reply_awaited", case_id, "2026-02-16", "due_this_week")]
    assert my_work(world)["items"][0]["title"] == (
        "Reply awaited: follow-up to the offer sent 2 February 2026"
    )


def test_a_parole_review_letter_awaits_the_victim_personal_statement(world: World) -> None:
    case_id = allocated_case(world)
    contact(world, case_id, "phone", "made_contact", "2026-01-09")  # heard before it went out
    send(world, case_id, "key_stage_parole_review", **PAROLE_FIELDS)
    world.set_today(date(2026, 2, 2))
    assert items(world) == [("reply_awaited", case_id, CHASE, "due_today")]
    assert my_work(world)["items"][0]["title"] == (
        "Reply awaited: parole review letter (Victim Personal Statement) sent 12 January 2026"
    )


@pytest.mark.parametrize("template", ["annual_contact", "opt_in_confirmation"])
def test_letters_that_ask_nothing_await_nothing(world: World, template: str) -> None:
    case_id = allocated_case(world)
    if template == "opt_in_confirmation":
        body = {"status": "opted_in", "level": "key_stages", "on": "2026-01-09"}
        assert world.post("vlo", f"/api/v1/cases/{case_id}/participation", body).status_code == 201
    send(world, case_id, template)
    world.set_today(date(2026, 3, 2))
    assert [i for i in items(world) if i[0] == "reply_awaited"] == []


def test_only_the_vlos_own_open_cases(world: World) -> None:
    mine = allocated_case(world, victim="Sam Mine")
    theirs = allocated_case(world, "vlo2", victim="Kim Theirs")
    for case_id in (mine, theirs):
        send(world, case_id, "initial_offer")
    world.set_today(date(2026, 2, 2))
    assert [i[1] for i in items(world, "vlo")] == [mine]
    assert [i[1] for i in items(world, "vlo2")] == [theirs]
    assert items(world, "vlo_other") == []
    closed = world.post(
        "vlo", f"/api/v1/cases/{mine}/close", {"reason": "sentence_expired", "on": "2026-02-02"}
    )
    assert closed.status_code == 201, closed.text
    assert items(world, "vlo") == []


def test_the_start_page_names_the_letter_and_its_date_in_words(world: World) -> None:
    case_id = allocated_case(world, victim="Sam Waiting")
    send(world, case_id, "initial_offer")
    world.set_today(date(2026, 2, 2))
    html = signed_in(world, "vlo").get("/my-work").text
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Reply awaited: offer of the scheme sent 12 January 2026" in text
    assert "Sam Waiting" in text and "Due today" in text
    assert "reply_awaited" not in text and "initial_offer" not in text and "2026-" not in text
