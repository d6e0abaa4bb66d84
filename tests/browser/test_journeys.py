"""Journeys through the pages in a real browser, end to end: sign in, act, see the result.
Every page is checked by axe-core (no serious or critical violation) and photographed."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import timedelta
from typing import Any

from playwright.sync_api import Browser, Page, expect

from api.web.clock import london_today
from tests.browser.conftest import DEMO_PASSWORD, Checked


def sign_in(checked: Checked, username: str) -> None:
    page = checked.page
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(checked: Checked) -> None:
    checked.page.get_by_role("button", name="Sign out").click()
    expect(checked.page.get_by_role("heading", name="You have signed out")).to_be_visible()


def open_case_from_caseload(page: Page, victim: str) -> None:
    """Page through the unit's caseload (a new case is the least urgent) and open the victim's
    case."""
    page.goto("/cases?assigned_to=")
    for _ in range(10):
        if page.get_by_role("link", name=victim).count():
            break
        page.get_by_role("link", name="Next").click()
    page.get_by_role("link", name=victim).click()


def fill_date(page: Page, field: str, when: Any) -> None:
    page.locator(f"#{field}-day").fill(str(when.day))
    page.locator(f"#{field}-month").fill(str(when.month))
    page.locator(f"#{field}-year").fill(str(when.year))


def api(server: str, method: str, path: str, body: Any, user: str | None = None) -> Any:
    """Call the JSON API as a client system would (with a bearer token when `user` is given)."""
    headers = {"Content-Type": "application/json"}
    if user:
        signed = api(
            server, "POST", "/api/v1/auth/token", {"username": user, "password": DEMO_PASSWORD}
        )
        headers["Authorization"] = f"Bearer {signed['access_token']}"
    request = urllib.request.Request(  # noqa: S310 (our own test server)
        server + path, data=json.dumps(body).encode(), headers=headers, method=method
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def api_referral(server: str, offender: str, victim: str, days_ago: int) -> dict[str, Any]:
    """A Witness Care Unit's referral sent through the JSON API (as its case system would)."""
    received = london_today() - timedelta(days=days_ago)
    body = {
        "unit_code": "VLU-LON",
        "received_on": received.isoformat(),
        "offender": {"name": offender, "date_of_birth": "1979-05-04"},
        "offences": [{"description": "Robbery", "category": "violent"}],
        "sentence": {
            "date": (received - timedelta(days=3)).isoformat(),
            "court": "Snaresbrook Crown Court",
            "type": "imprisonment",
            "length_months": 48,
        },
        "victims": [
            {
                "name": victim,
                "relationship": "direct",
                "address": {"line1": "7 Example Street", "town": "London", "postcode": "E2 7AA"},
                "phone": "07700 900456",
            }
        ],
    }
    return dict(api(server, "POST", "/api/v1/referrals", body, "wcu.met"))


def name_offender_manager(server: str, case_id: int) -> int:
    """London's manager names `om.lon` the offender manager of the case's offender (through the
    JSON API); the offender's id."""
    case = api(server, "GET", f"/api/v1/cases/{case_id}", None, "vlo.lon1")
    offender_id = int(case["offender"]["id"])
    om = {"username": "om.lon"}
    api(server, "PUT", f"/api/v1/offenders/{offender_id}/offender-manager", om, "manager.lon")
    return offender_id


def test_witness_care_refers_a_case_and_sees_it_listed(checked: Checked) -> None:
    page = checked.page
    page.goto("/")
    checked.check("start")
    page.get_by_role("button", name="Sign in").click()  # the start button
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    checked.check("sign-in")

    page.get_by_label("Username").fill("wcu.met")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("not right")
    checked.check("sign-in-error")

    sign_in(checked, "wcu.met")
    expect(page).to_have_url("/referrals")
    expect(page.get_by_role("heading", name="Referrals")).to_be_visible()
    checked.check("referrals")

    page.get_by_role("link", name="Refer a case").first.click()
    expect(page.get_by_role("heading", name="Refer a case")).to_be_visible()
    checked.check("referral-form")

    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the Victim Liaison Unit")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    checked.check("referral-form-errors")
    summary.get_by_role("link", name="Enter the offender's full name").click()
    expect(page.locator("#offender-name")).to_be_focused()

    sentenced = london_today() - timedelta(days=6)
    page.get_by_label("Victim Liaison Unit").select_option(label="London Victim Liaison Unit")
    page.locator("#offender-name").fill("Morgan Browsertest")
    fill_date(page, "offender-date-of-birth", sentenced.replace(year=sentenced.year - 40))
    page.locator("#offences-0-description").fill("Wounding with intent (s.18)")
    page.locator("#offences-0-category").select_option("violent")
    fill_date(page, "sentence-date", sentenced)
    page.locator("#sentence-court").fill("Snaresbrook Crown Court")
    page.locator("#sentence-type").select_option("imprisonment")
    page.locator("#sentence-length-months").fill("36")
    page.locator("#victims-0-name").fill("Robin Example")
    page.locator("#victims-0-relationship").check()
    page.locator("#victims-0-address-line1").fill("12 Sample Road")
    page.locator("#victims-0-address-town").fill("London")
    page.locator("#victims-0-address-postcode").fill("E1 6AN")
    page.locator("#victims-0-phone").fill("07700 900123")

    page.get_by_role("button", name="Add another victim").click()
    expect(page.locator("#victims-1-name")).to_be_visible()
    expect(page.locator("#victims-0-name")).to_have_value("Robin Example")
    checked.check("referral-form-two-victims")
    page.locator("#victims-1-name").fill("Kit Example")
    page.locator("#victims-1-relationship-2").check()  # bereaved family
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name="Check your answers before sending the referral")
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("12 Sample Road")
    checked.check("referral-check-answers")
    page.get_by_role("button", name="Change the victim's phone number").click()
    expect(page.locator("#victims-0-phone")).to_have_value("07700 900123")
    page.locator("#victims-0-phone").fill("07700 900456")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("07700 900456")
    page.get_by_role("button", name="Confirm and send").click()

    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Kit Example")
    checked.check("referral-sent")

    page.get_by_role("link", name="See your unit's referrals").click()
    row = page.locator("tr", has_text="Morgan Browsertest")
    expect(row).to_contain_text("Accepted")
    checked.check("referrals-after")
    sign_out(checked)
    checked.check("signed-out")

    # The Victim Liaison Officer finds the new victims' cases and opens one.
    sign_in(checked, "vlo.lon1")
    open_case_from_caseload(page, "Robin Example")
    expect(page.get_by_role("heading", name="Robin Example")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Morgan Browsertest")
    expect(page.locator(".app-timeline")).to_contain_text("Referred by Witness Care")


def test_a_vlo_finds_a_referred_case_in_the_caseload_and_opens_it(
    checked: Checked, server: str
) -> None:
    made = api_referral(server, "Jordan Browsertest", "Sky Example", days_ago=2)
    case_id = made["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "vlo.lon1")
    expect(page).to_have_url("/my-work")
    page.get_by_role("link", name="Caseload").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    checked.check("caseload")

    open_case_from_caseload(page, "Sky Example")
    # Opened from the list, the case carries the list's filters for the way back.
    expect(page).to_have_url(re.compile(rf"/cases/{case_id}\?caseload="))
    expect(page.get_by_role("heading", name="Sky Example")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("7 Example Street")
    expect(main).to_contain_text("Jordan Browsertest")
    expect(main).to_contain_text("First contact")
    expect(page.locator(".app-timeline")).to_contain_text("Referred")
    checked.check("case")

    page.goto("/cases?assigned_to=")
    page.get_by_label("Deadline").select_option("overdue")
    page.get_by_role("button", name="Filter cases").click()
    page.wait_for_url("**deadline=overdue**")
    tags = page.locator("#caseload tbody .govuk-tag")
    expect(tags.first).to_have_text("Overdue")
    assert set(tags.all_inner_texts()) == {"Overdue"}
    checked.check("caseload-overdue")

    page.goto("/cases/99999")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    checked.check("not-found")


def test_a_manager_watches_the_unit_deadlines(checked: Checked) -> None:
    page = checked.page
    sign_in(checked, "manager.lon")
    expect(page).to_have_url("/my-work")
    page.get_by_role("link", name="Deadlines").click()
    expect(page.get_by_role("heading", name="Deadlines")).to_be_visible()
    checked.check("deadlines")

    page.get_by_role("link", name="Overdue", exact=True).click()
    page.wait_for_url("**state=overdue**")
    tags = page.locator("tbody .govuk-tag")
    assert set(tags.all_inner_texts()) <= {"Overdue"}
    checked.check("deadlines-overdue")

    page.get_by_role("link", name="Caseload").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    page.locator("#caseload tbody a").first.click()
    expect(page.locator(".app-timeline")).to_be_visible()
    checked.check("case-as-manager")


def test_the_pages_work_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/sign-in")
        page.get_by_label("Username").fill("wcu.met")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto("/referrals/new")
        page.locator("#victims-0-name").fill("Robin Example")
        page.get_by_role("button", name="Add another victim").click()
        expect(page.locator("#victims-1-name")).to_be_visible()
        expect(page.locator("#victims-0-name")).to_have_value("Robin Example")
        page.get_by_role("button", name="Remove victim 2").click()
        expect(page.locator("#victims-1-name")).to_have_count(0)
        page.screenshot(path="test-artifacts/screenshots/no-js-referral-form.png", full_page=True)
        page.get_by_role("button", name="Sign out").click()

        page.goto("/sign-in")
        page.get_by_label("Username").fill("vlo.lon1")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your work")).to_be_visible()
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Caseload").click()
        page.get_by_label("Deadline").select_option("due_soon")
        page.get_by_role("button", name="Filter cases").click()
        page.wait_for_url("**deadline=due_soon**")
        assert set(page.locator("#caseload tbody .govuk-tag").all_inner_texts()) <= {"Due soon"}
        page.screenshot(path="test-artifacts/screenshots/no-js-caseload.png", full_page=True)
    finally:
        context.close()


def test_an_offender_manager_reads_the_requests_and_proposes_an_alternative(
    checked: Checked, server: str
) -> None:
    made = api_referral(server, "Casey Browsertest", "Ash Example", days_ago=4)
    case_id = made["cases"][0]["id"]
    name_offender_manager(server, case_id)
    request = api(
        server,
        "POST",
        f"/api/v1/cases/{case_id}/condition-requests",
        {
            "type": "no_contact",
            "details": "I do not want him to contact me or my brother.",
            "justification": "He sent messages to the victim's family during the trial.",
            "names": ["Ash Example", "Lee Example"],
            "needed_by": (london_today() + timedelta(days=90)).isoformat(),
        },
        "vlo.lon1",
    )
    forward = {"decision_maker": "prison_governor", "on": london_today().isoformat()}
    api(server, "POST", f"/api/v1/condition-requests/{request['id']}/forward", forward, "vlo.lon1")

    page = checked.page
    sign_in(checked, "om.lon")
    expect(page).to_have_url("/offenders")
    checked.check("offenders")
    page.get_by_role("link", name="Casey Browsertest").click()
    expect(page.get_by_role("heading", name="Casey Browsertest")).to_be_visible()
    main = page.locator("main")
    for detail in ("7 Example Street", "E2 7AA", "07700 900456"):
        expect(main).not_to_contain_text(detail)
    checked.check("offender")

    section = page.locator(f"#request-{request['id']}")
    section.get_by_text("Propose an alternative").click()
    section.get_by_role("button", name="Add your proposal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your proposed condition")
    checked.check("offender-alternative-errors")
    section = page.locator(f"#request-{request['id']}")
    section.get_by_label("Your proposed condition").fill(
        "Not to contact Ash Example directly or indirectly"
    )
    section.get_by_label("Why you propose it").fill(
        "The names of the family are for the decision maker"
    )
    section.get_by_role("button", name="Add your proposal").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded beside")
    expect(page.locator(f"#request-{request['id']}")).to_contain_text("directly or indirectly")
    checked.check("offender-alternative-added")
