"""The offender manager's pages, through the test client: their offenders, the victims'
licence-condition requests and an alternative proposal; never a victim's contact details."""

from __future__ import annotations

from tests.api.test_conditions import assign_om, case_and_offender, create, forward
from tests.api.test_pages import Pages, error_summary, ids_in, signed_in
from tests.fixtures import PASSWORD, World, run
from vcs.access.tables import AuditEntry

# The offender manager's pages


def _forwarded_request(world: World) -> tuple[int, int]:
    """An offender with the offender manager `om`, and a forwarded no-contact request."""
    case_id, offender_id = case_and_offender(world)
    assign_om(world, offender_id)
    made = create(world, case_id, type="no_contact", zone=None, names=["Jo Example"])
    assert made.status_code == 201, made.text
    request_id = int(made.json()["id"])
    assert forward(world, request_id).status_code == 200
    return offender_id, request_id


VICTIM_DETAILS = ("12 Sample Road", "E1 6AN", "07700 900123", "alex.example@example.com")


def test_an_offender_manager_sees_their_offenders_and_no_victim_details(world: World) -> None:
    offender_id, request_id = _forwarded_request(world)
    pages = Pages(world)
    signed = pages.post("/sign-in", {"username": "om", "password": PASSWORD})
    assert signed.headers["location"] == "/offenders"
    listing = pages.get("/offenders").text
    assert f"/offenders/{offender_id}" in listing and "Morgan Testperson" in listing
    response = pages.get(f"/offenders/{offender_id}")
    assert response.status_code == 200
    assert f"request-{request_id}" in response.text and "Forwarded" in response.text
    assert "Propose an alternative" in response.text
    assert f'href="/condition-requests/{request_id}"' in response.text
    whole = pages.get(f"/condition-requests/{request_id}")
    assert whole.status_code == 200 and "Jo Example" in whole.text
    for page_html in (listing, response.text, whole.text):
        for detail in (*VICTIM_DETAILS, "15 June 1990", "Alex Example"):
            assert detail not in page_html, detail


def test_an_offender_manager_puts_an_alternative_beside_a_request(world: World) -> None:
    offender_id, request_id = _forwarded_request(world)
    pages = signed_in(world, "om")
    url = f"/offenders/{offender_id}/requests/{request_id}/alternatives"
    empty = pages.post(url, {})
    assert empty.status_code == 400
    hrefs = [href for href, _ in error_summary(empty.text)]
    assert hrefs == [f"#requests-{request_id}-text", f"#requests-{request_id}-reason"]
    assert all(h.lstrip("#") in ids_in(empty.text) for h in hrefs)
    form = {
        f"requests[{request_id}].text": "Not to contact Jo Example directly or indirectly",
        f"requests[{request_id}].reason": "The family asks for Jo Example to be named too",
    }
    done = pages.post(url, form)
    assert done.status_code == 303
    assert done.headers["location"] == f"/offenders/{offender_id}?proposed={request_id}"
    shown = pages.get(done.headers["location"]).text
    assert "Your alternative proposal is recorded" in shown and "directly or indirectly" in shown
    stored = world.get("vlo", f"/api/v1/condition-requests/{request_id}").json()
    assert [a["reason"] for a in stored["alternatives"]] == [form[f"requests[{request_id}].reason"]]


def test_offender_pages_are_for_the_offender_own_manager(world: World) -> None:
    offender_id, request_id = _forwarded_request(world)
    assert signed_in(world, "om_other").get(f"/offenders/{offender_id}").status_code == 403
    other = signed_in(world, "om_other").post(
        f"/offenders/{offender_id}/requests/{request_id}/alternatives",
        {f"requests[{request_id}].text": "x", f"requests[{request_id}].reason": "y"},
    )
    assert other.status_code == 403
    assert signed_in(world, "vlo").get("/offenders").status_code == 403
    assert signed_in(world, "om").get("/offenders/2147483648").status_code == 400


def test_the_offender_page_is_one_audited_read(world: World) -> None:
    offender_id, _ = _forwarded_request(world)
    pages = signed_in(world, "om")
    before = run(AuditEntry.count())
    assert pages.get(f"/offenders/{offender_id}").status_code == 200
    written = run(AuditEntry.select().where(AuditEntry.seq > before).order_by(AuditEntry.seq))
    assert [(e["actor"], e["action"], e["record_type"], e["record_id"]) for e in written] == [
        ("om", "read_offender_page", "offender", offender_id)
    ]
    assert written[0]["detail"] == (
        "offender page: the victim summary, the MAPPA meetings and the pre-meeting view"
    )
