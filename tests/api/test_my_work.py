"""My work: a VLO's overdue, due-today and this week's work on their own cases, across clocks,
tasks and unsent letters; nobody else's cases; the start page in people's words. On SQLite and
PostgreSQL."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.api.test_conditions import REQUESTS, create, forward
from tests.api.test_pages import signed_in
from tests.fixtures import World

# A referral received on Monday 5 January 2026: first contact is due 20 working days later.
FIRST_CONTACT_DUE = "2026-02-02"


def allocated_case(
    world: World, vlo: str = "vlo", victim: str = "Alex Example", **more: Any
) -> int:
    payload = {
        "name": victim,
        "relationship": "direct",
        "date_of_birth": "1990-06-15",
        "address": {"line1": "12 Sample Road", "town": "London", "postcode": "E1 6AN"},
    }
    case_id = int(world.refer(victims=[payload], **more)["cases"][0]["id"])
    manager = "manager_other" if more.get("unit_code") == "VLU-WAL" else "manager"
    response = world.post(
        manager, f"/api/v1/cases/{case_id}/allocation", {"vlo": vlo.replace("_", ".")}
    )
    assert response.status_code == 201, response.text
    return case_id


def my_work(world: World, user: str = "vlo") -> dict[str, Any]:
    response = world.get(user, "/api/v1/my-work")
    assert response.status_code == 200, response.text
    return dict(response.json())


def items(world: World, user: str = "vlo") -> list[tuple[str, int, str, str]]:
    return [(i["kind"], i["case_id"], i["due"], i["state"]) for i in my_work(world, user)["items"]]


@pytest.mark.parametrize(
    ("today", "state", "late"),
    [
        (date(2026, 1, 12), None, 0),  # three weeks ahead: not yet in the list
        (date(2026, 1, 25), None, 0),  # eight days ahead
        (date(2026, 1, 26), "due_this_week", 0),
        (date(2026, 2, 1), "due_this_week", 0),  # a Sunday
        (date(2026, 2, 2), "due_today", 0),
        (date(2026, 2, 3), "overdue", 1),
        (date(2026, 2, 6), "overdue", 4),  # a Friday
        (date(2026, 2, 9), "overdue", 5),  # a weekend does not count
    ],
)
def test_the_first_contact_clock_by_day(
    world: World, today: date, state: str | None, late: int
) -> None:
    case_id = allocated_case(world)
    world.set_today(today)
    found = my_work(world)
    if state is None:
        assert found == {"items": [], "total": 0, "limit": 50, "offset": 0}
        return
    assert found["total"] == 1
    [item] = found["items"]
    assert (item["kind"], item["case_id"], item["due"], item["state"]) == (
        "first_contact",
        case_id,
        FIRST_CONTACT_DUE,
        state,
    )
    assert item["working_days_overdue"] == late
    assert item["title"] == "Make first contact with the victim"
    assert item["victim_name"] == "Alex Example"


def test_other_vlos_other_units_and_unallocated_cases_never_appear(world: World) -> None:
    mine = allocated_case(world, "vlo", "Sam Mine")
    allocated_case(world, "vlo2", "Kim Theirs")
    world.refer(victims=[{"name": "Lee Nobody", "relationship": "direct"}])
    allocated_case(world, "vlo_other", "Ash Wales", unit_code="VLU-WAL")
    world.set_today(date(2026, 2, 2))
    assert [i[1] for i in items(world, "vlo")] == [mine]
    assert len(items(world, "vlo2")) == 1 and items(world, "vlo2")[0][1] != mine
    assert [i["victim_name"] for i in my_work(world, "vlo_other")["items"]] == ["Ash Wales"]
    assert my_work(world, "manager")["items"] == []  # a manager holds no cases of their own


@pytest.mark.parametrize("user", ["om", "national", "wcu", "admin"])
def test_only_vlu_staff_have_a_list_of_work(world: World, user: str) -> None:
    assert world.get(user, "/api/v1/my-work").status_code == 403


def test_a_drafted_letter_is_work_until_it_is_sent(world: World) -> None:
    case_id = allocated_case(world)
    drafted = world.post("vlo", f"/api/v1/cases/{case_id}/letters", {"template": "initial_offer"})
    assert drafted.status_code == 201, drafted.text
    assert items(world) == [("letter_draft", case_id, "2026-01-12", "due_today")]
    [item] = my_work(world)["items"]
    assert item["title"] == "Send the drafted letter: Offer of the Victim Contact Scheme"
    world.set_today(date(2026, 1, 14))
    assert items(world) == [("letter_draft", case_id, "2026-01-12", "overdue")]
    sent = world.post("vlo", f"/api/v1/letters/{drafted.json()['id']}/send", {"on": "2026-01-14"})
    assert sent.status_code == 200, sent.text
    assert items(world) == []


def test_a_decision_on_a_condition_request_makes_a_task_to_tell_the_victim(
    world: World,
) -> None:
    case_id = allocated_case(world)
    made = create(world, case_id)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    assert forward(world, rid).status_code == 200
    decided = world.post(
        "vlo", f"{REQUESTS}/{rid}/decision", {"outcome": "granted", "on": "2026-01-12"}
    )
    assert decided.status_code == 200, decided.text
    # Monday 12 January plus five working days.
    assert items(world) == [("task", case_id, "2026-01-19", "due_this_week")]
    assert my_work(world)["items"][0]["title"] == (
        "Tell the victim about the decision on their licence condition request"
    )
    told = world.post("vlo", f"{REQUESTS}/{rid}/victim-informed", {"on": "2026-01-12"})
    assert told.status_code == 200, told.text
    assert items(world) == []


def test_most_urgent_first_and_paged(world: World) -> None:
    first = allocated_case(world, victim="Sam First")
    second = allocated_case(world, victim="Kim Second", received_on="2026-01-06")
    world.set_today(date(2026, 2, 3))
    assert items(world) == [
        ("first_contact", first, "2026-02-02", "overdue"),
        ("first_contact", second, "2026-02-03", "due_today"),
    ]
    response = world.get("vlo", "/api/v1/my-work", params={"limit": 1, "offset": 1})
    assert response.json()["total"] == 2
    assert [i["case_id"] for i in response.json()["items"]] == [second]


def test_the_start_page_speaks_in_words(world: World) -> None:
    first = allocated_case(world, victim="Sam First")
    allocated_case(world, victim="Kim Second", received_on="2026-01-06")
    allocated_case(world, victim="Jo Third", received_on="2026-01-07")
    world.set_today(date(2026, 2, 5))
    html = signed_in(world, "vlo").get("/my-work").text
    assert "Overdue by 3 working days" in html
    assert "Overdue by 2 working days" in html
    assert "Overdue by 1 working day<" in html
    assert f'href="/cases/{first}"' in html and "Sam First" in html
    assert "5 February 2026" in html
    text = re.sub(r"<[^>]+>", " ", html)
    assert "2026-02" not in text and "first_contact" not in text and "due_today" not in text
    world.set_today(date(2026, 2, 2))
    html = signed_in(world, "vlo").get("/my-work").text
    assert "Due today" in html and "Due 3 February 2026" in html


def test_the_managers_start_page_adds_the_unallocated_queue_and_the_units_overdue_work(
    world: World,
) -> None:
    allocated_case(world, "vlo2", victim="Kim Late")
    world.refer(victims=[{"name": "Lee Waiting", "relationship": "direct"}])
    world.set_today(date(2026, 2, 4))
    html = signed_in(world, "manager").get("/my-work").text
    assert "Overdue in the unit" in html and "Kim Late" in html and "vlo2 user" in html
    assert "Cases waiting to be allocated" in html and "Lee Waiting" in html
    vlo_page = signed_in(world, "vlo").get("/my-work").text
    assert "Overdue in the unit" not in vlo_page and "Kim Late" not in vlo_page
