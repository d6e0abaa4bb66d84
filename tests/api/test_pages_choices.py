"""The victim's choices and the allocation, through the test client: the nominated contact
(add, change, remove), how the victim wants to hear from us, and allocating a case. Each form
carries the case version read; a stale one is a 412 that saves nothing and keeps what the VLO
typed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.api.test_pages import Pages, error_summary, ids_in, signed_in
from tests.fixtures import World, run
from vcs.casework.tables import NominatedContact, Preference
from vcs.core.tables import Case

NOMINEE = {
    "kind": "nominee",
    "name": "Sam Example",
    "relationship": "Sister",
    "address.line1": "3 Sample Close",
    "address.line2": "",
    "address.town": "London",
    "address.postcode": "E2 8AA",
    "email": "sam.example@example.com",
    "phone": "07700 900222",
}


def _case(world: World) -> int:
    return int(world.refer()["cases"][0]["id"])


def version(case_id: int) -> int:
    row = run(Case.select(Case.version).where(Case.id == case_id).first())
    return int(row["version"])


def hidden_version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "the form carries no case version"
    return found.group(1)


def nominee_rows(case_id: int) -> list[dict[str, Any]]:
    return list(run(NominatedContact.select().where(NominatedContact.case == case_id)))


def _add_nominee(pages: Pages, case_id: int, **changes: str) -> Any:
    form = {**NOMINEE, "version": str(version(case_id)), **changes}
    return pages.post(f"/cases/{case_id}/nominated-contact", form)


# The nominated contact


def test_a_vlo_adds_a_nominated_contact_and_sees_it_on_the_case(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    case_page = pages.get(f"/cases/{case_id}").text
    assert f'href="/cases/{case_id}/nominated-contact"' in case_page
    assert "Add nominated contact" in case_page

    empty = pages.get(f"/cases/{case_id}/nominated-contact")
    assert empty.status_code == 200 and "Add a nominated contact" in empty.text
    assert hidden_version(empty.text) == str(version(case_id))

    saved = _add_nominee(pages, case_id)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/cases/{case_id}?done=nominee-saved"
    for detail in ("Sam Example", "3 Sample Close", "E2 8AA", "07700", "example.com"):
        assert detail not in saved.headers["location"]
    shown = pages.get(saved.headers["location"]).text
    assert '<p class="govuk-notification-banner__heading">The nominated contact is saved' in shown
    for words in ("Sam Example", "Sister", "3 Sample Close, London, E2 8AA", "07700 900222"):
        assert words in shown, words
    assert f'href="/cases/{case_id}/nominated-contact/remove"' in shown
    [row] = nominee_rows(case_id)
    assert (row["name"], row["postcode"], row["email"]) == (
        "Sam Example",
        "E2 8AA",
        "sam.example@example.com",
    )


def test_the_form_is_filled_with_the_saved_contact_and_replaces_it(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    assert _add_nominee(pages, case_id).status_code == 303
    form = pages.get(f"/cases/{case_id}/nominated-contact").text
    assert "Change the nominated contact" in form
    assert 'value="Sam Example"' in form and 'value="E2 8AA"' in form
    assert hidden_version(form) == str(version(case_id))
    changed = _add_nominee(
        pages, case_id, name="Jo Example", **{"address.line1": "", "address.town": ""}
    )
    assert changed.status_code == 400  # half an address
    hrefs = [href for href, _ in error_summary(changed.text)]
    assert hrefs == ["#address-line1", "#address-town"]
    assert all(h.lstrip("#") in ids_in(changed.text) for h in hrefs)
    assert 'value="Jo Example"' in changed.text  # what the VLO typed is kept
    blank = {f"address.{p}": "" for p in ("line1", "town", "postcode")}
    replaced = _add_nominee(pages, case_id, name="Jo Example", **blank)
    assert replaced.status_code == 303
    [row] = nominee_rows(case_id)
    assert (row["name"], row["address_line1"]) == ("Jo Example", "")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"name": "", "relationship": ""},
            [
                ("#name", "Enter the nominated contact's full name"),
                ("#relationship", "Enter their relationship to the victim"),
            ],
        ),
        ({"address.postcode": "NOT A CODE"}, [("#address-postcode", "postcode")]),
        ({"email": "not-an-email", "phone": "call me"}, [("#email", "email"), ("#phone", "phone")]),
        ({"kind": "stranger"}, [("#kind", "Select who this person is")]),
    ],
)
def test_bad_contact_details_are_a_400_with_the_summary_and_nothing_saved(
    world: World, changes: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    case_id = _case(world)
    before = version(case_id)
    response = _add_nominee(signed_in(world, "vlo"), case_id, **changes)
    assert response.status_code == 400
    summary = error_summary(response.text)
    assert [href for href, _ in summary] == [href for href, _ in expected]
    for (_, text), (_, words) in zip(summary, expected, strict=True):
        assert words in text
    assert all(href.lstrip("#") in ids_in(response.text) for href, _ in summary)
    assert "govuk-error-message" in response.text and "<title>Error: " in response.text
    assert nominee_rows(case_id) == [] and version(case_id) == before


def test_a_stale_version_is_a_412_that_keeps_what_was_typed(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    read = hidden_version(pages.get(f"/cases/{case_id}/nominated-contact").text)
    # Someone else saves a contact meanwhile.
    other = {"name": "Robin Example", "relationship": "Brother", "version": version(case_id)}
    assert world.put("vlo2", f"/api/v1/cases/{case_id}/nominated-contact", other).status_code < 300
    stale = pages.post(
        f"/cases/{case_id}/nominated-contact", {**NOMINEE, "version": read, "name": "Kit Example"}
    )
    assert stale.status_code == 412
    assert "Someone else changed this case" in stale.text
    assert "Robin Example" in stale.text  # what is saved now, to check
    assert 'value="Kit Example"' in stale.text  # what the VLO typed
    assert hidden_version(stale.text) == str(version(case_id))  # save again knowingly
    [href] = [h for h, _ in error_summary(stale.text)]
    assert href.lstrip("#") in ids_in(stale.text)
    assert [r["name"] for r in nominee_rows(case_id)] == ["Robin Example"]
    again = pages.post(
        f"/cases/{case_id}/nominated-contact",
        {**NOMINEE, "version": hidden_version(stale.text), "name": "Kit Example"},
    )
    assert again.status_code == 303
    assert [r["name"] for r in nominee_rows(case_id)] == ["Kit Example"]


def test_a_form_without_a_version_is_refused(world: World) -> None:
    case_id = _case(world)
    form = {k: v for k, v in NOMINEE.items()}
    response = signed_in(world, "vlo").post(f"/cases/{case_id}/nominated-contact", form)
    assert response.status_code == 400 and "out of date" in response.text
    assert nominee_rows(case_id) == []


def test_a_vlo_removes_the_nominated_contact_after_confirming(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    assert pages.get(f"/cases/{case_id}/nominated-contact/remove").status_code == 404
    assert _add_nominee(pages, case_id).status_code == 303
    confirm = pages.get(f"/cases/{case_id}/nominated-contact/remove")
    assert confirm.status_code == 200
    assert "Remove the nominated contact" in confirm.text and "Sam Example" in confirm.text
    read = hidden_version(confirm.text)
    done = pages.post(f"/cases/{case_id}/nominated-contact/remove", {"version": read})
    assert done.status_code == 303
    assert done.headers["location"] == f"/cases/{case_id}?done=nominee-removed"
    assert "The nominated contact is removed" in pages.get(done.headers["location"]).text
    assert nominee_rows(case_id) == []


def test_removing_with_a_stale_version_is_a_412_and_keeps_the_contact(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    assert _add_nominee(pages, case_id).status_code == 303
    read = hidden_version(pages.get(f"/cases/{case_id}/nominated-contact/remove").text)
    assert _add_nominee(pages, case_id, name="Jo Example").status_code == 303
    stale = pages.post(f"/cases/{case_id}/nominated-contact/remove", {"version": read})
    assert stale.status_code == 412 and "Someone else changed this case" in stale.text
    assert "Jo Example" in stale.text and hidden_version(stale.text) == str(version(case_id))
    assert [r["name"] for r in nominee_rows(case_id)] == ["Jo Example"]


# How the victim wants to hear from us


def test_a_vlo_changes_preferences_to_welsh_and_post(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    form = pages.get(f"/cases/{case_id}/preferences")
    assert form.status_code == 200
    assert re.search(r'value="post"\s+checked', form.text)  # the default, post in English
    assert re.search(r'value="en"\s+checked', form.text)
    saved = pages.client.post(
        f"/cases/{case_id}/preferences",
        data={
            "_csrf_token": pages.client.cookies["vcs_csrf"],
            "version": hidden_version(form.text),
            "channels": ["phone", "post"],
            "language": "cy",
            "large_print": "yes",
            "safe_times_to_call": "Weekdays after 6pm",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/cases/{case_id}?done=preferences-saved"
    shown = pages.get(saved.headers["location"]).text
    assert "How the victim wants to hear from us is saved" in shown
    assert "Welsh" in shown and "Phone, Post" in shown  # in the order chosen
    assert "Large print" in shown and "Weekdays after 6pm" in shown
    row = run(Preference.select().where(Preference.case == case_id).output(load_json=True).first())
    assert row["language"] == "cy" and set(row["channels"]) == {"post", "phone"}
    assert row["large_print"] is True and row["easy_read"] is False
    again = pages.get(f"/cases/{case_id}/preferences").text
    assert re.search(r'value="cy"\s+checked', again)
    assert again.index('value="phone"') < again.index('value="post"')  # in preferred order


def test_preferences_without_a_channel_are_a_400(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    read = hidden_version(pages.get(f"/cases/{case_id}/preferences").text)
    response = pages.post(
        f"/cases/{case_id}/preferences",
        {"version": read, "language": "fr", "interpreter_language": "x" * 101},
    )
    assert response.status_code == 400
    hrefs = [href for href, _ in error_summary(response.text)]
    assert hrefs == ["#channels", "#language", "#interpreter-language"]
    assert all(h.lstrip("#") in ids_in(response.text) for h in hrefs)
    assert "Select how the victim wants to be contacted" in response.text
    assert run(Preference.count().where(Preference.case == case_id)) == 0


def test_preferences_with_a_stale_version_are_a_412(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    read = hidden_version(pages.get(f"/cases/{case_id}/preferences").text)
    assert _add_nominee(pages, case_id).status_code == 303  # the case changes meanwhile
    stale = pages.post(
        f"/cases/{case_id}/preferences",
        {"version": read, "channels": "email", "language": "cy", "safe_times_to_call": "Noon"},
    )
    assert stale.status_code == 412 and "Someone else changed this case" in stale.text
    assert 'value="Noon"' in stale.text and re.search(r'value="cy"\s+checked', stale.text)
    assert run(Preference.count().where(Preference.case == case_id)) == 0


# Allocation


def test_a_manager_allocates_a_case_and_sees_it_on_the_caseload(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "manager")
    caseload = pages.get("/cases").text
    assert f'href="/cases/{case_id}/allocation?back=caseload"' in caseload
    assert ">Allocate<" in caseload
    case_page = pages.get(f"/cases/{case_id}").text
    assert f'href="/cases/{case_id}/allocation"' in case_page
    form = pages.get(f"/cases/{case_id}/allocation")
    assert form.status_code == 200 and "Allocate the case" in form.text
    assert 'value="vlo"' in form.text and 'value="vlo2"' in form.text
    assert "vlo.other" not in form.text  # only the unit's officers
    done = pages.post(
        f"/cases/{case_id}/allocation", {"vlo": "vlo2", "version": hidden_version(form.text)}
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/cases/{case_id}?done=allocated"
    assert "The case is allocated" in pages.get(done.headers["location"]).text
    listed = pages.get("/cases?assigned_to=vlo2").text
    # A case's link carries the list's filters, so the way back keeps them.
    assert re.search(rf'href="/cases/{case_id}[?"]', listed) and "Reallocate" in listed
    again = pages.get(f"/cases/{case_id}/allocation").text
    assert "Reallocate the case" in again and re.search(r'value="vlo2"\s+checked', again)


def test_allocating_from_the_caseload_goes_back_to_the_queue(world: World) -> None:
    made = world.refer(
        victims=[
            {"name": "Robin Example", "relationship": "direct"},
            {"name": "Casey Example", "relationship": "direct"},
        ]
    )
    first, second = (int(c["id"]) for c in made["cases"])
    pages = signed_in(world, "manager")
    form = pages.get(f"/cases/{first}/allocation?back=caseload").text
    assert '<input type="hidden" name="back" value="caseload">' in form
    body = {"vlo": "vlo", "version": hidden_version(form), "back": "caseload"}
    done = pages.post(f"/cases/{first}/allocation", body)
    assert done.status_code == 303
    assert done.headers["location"] == "/cases?assigned_to=-&done=allocated"
    queue = pages.get(done.headers["location"]).text
    assert "The case is allocated" in queue
    assert re.search(rf'href="/cases/{second}[?"]', queue)
    assert not re.search(rf'href="/cases/{first}[?"]', queue)


def test_allocation_problems_are_shown_on_the_form(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "manager")
    url = f"/cases/{case_id}/allocation"
    none_chosen = pages.post(url, {"version": str(version(case_id))})
    assert none_chosen.status_code == 400
    assert error_summary(none_chosen.text) == [("#vlo", "Select a Victim Liaison Officer")]
    outsider = pages.post(url, {"vlo": "vlo.other", "version": str(version(case_id))})
    assert outsider.status_code == 422 and "Choose a Victim Liaison Officer" in outsider.text
    assert pages.post(url, {"vlo": "vlo", "version": str(version(case_id))}).status_code == 303
    twice = pages.post(url, {"vlo": "vlo", "version": str(version(case_id))})
    assert twice.status_code == 409 and "already allocated" in twice.text
    stale = pages.post(url, {"vlo": "vlo2", "version": str(version(case_id) - 1)})
    assert stale.status_code == 412 and "Someone else changed this case" in stale.text
    assert re.search(r'value="vlo2"\s+checked', stale.text)  # the choice made is kept
    allocated = run(Case.select(Case.assigned_to.username).where(Case.id == case_id).first())
    assert allocated["assigned_to.username"] == "vlo"


def test_a_vlo_may_only_take_an_unallocated_case(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    assert "Take this case" in pages.get(f"/cases/{case_id}").text
    form = pages.get(f"/cases/{case_id}/allocation").text
    assert "Take this case" in form and 'value="vlo2"' not in form
    other = pages.post(
        f"/cases/{case_id}/allocation", {"vlo": "vlo2", "version": str(version(case_id))}
    )
    assert other.status_code == 403
    took = pages.post(
        f"/cases/{case_id}/allocation", {"vlo": "vlo", "version": hidden_version(form)}
    )
    assert took.status_code == 303
    later = signed_in(world, "vlo2").get(f"/cases/{case_id}/allocation").text
    assert (
        "Only a VLU manager can reallocate" in later
        and '<form method="post" action="/cases' not in later
    )


# Who may use these pages


PAGES = ["nominated-contact", "nominated-contact/remove", "preferences", "allocation"]


@pytest.mark.parametrize("user", ["wcu", "om", "admin"])
@pytest.mark.parametrize("path", PAGES)
def test_only_the_vlu_may_use_the_pages(world: World, user: str, path: str) -> None:
    case_id = _case(world)
    pages = signed_in(world, user)
    assert pages.get(f"/cases/{case_id}/{path}").status_code == 403
    response = pages.post(f"/cases/{case_id}/{path}", {**NOMINEE, "version": "1"})
    assert response.status_code == 403
    assert "Sam Example" not in response.text and nominee_rows(case_id) == []


@pytest.mark.parametrize("path", PAGES)
def test_another_unit_case_is_refused(world: World, path: str) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo_other")
    got = pages.get(f"/cases/{case_id}/{path}")
    assert got.status_code == 403 and "Alex Example" not in got.text
    form = {**NOMINEE, "version": str(version(case_id)), "channels": "post", "vlo": "vlo.other"}
    posted = pages.post(f"/cases/{case_id}/{path}", form)
    assert posted.status_code == 403 and "Alex Example" not in posted.text
    assert nominee_rows(case_id) == []
    assert signed_in(world, "vlo").get(f"/cases/999999/{path}").status_code == 404


def test_a_closed_case_offers_no_changes_and_refuses_them(world: World) -> None:
    case_id = _case(world)
    closing = {"reason": "victim_request", "on": "2026-01-09"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/close", closing).status_code < 300
    pages = signed_in(world, "manager")
    shown = pages.get(f"/cases/{case_id}").text
    for path in PAGES:
        assert f'href="/cases/{case_id}/{path}"' not in shown
    refused = _add_nominee(pages, case_id)
    assert refused.status_code == 409 and "This case is closed" in refused.text
    assert '<form method="post" action="/cases/' not in refused.text
    assert nominee_rows(case_id) == []
    for path in ("nominated-contact", "preferences"):
        opened = pages.get(f"/cases/{case_id}/{path}")
        assert opened.status_code == 200, path
        assert "This case is closed" in opened.text and 'name="version"' not in opened.text
