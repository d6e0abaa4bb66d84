"""The administrator's page of users (issue 16, finding 4), through the test client: the list with
role, unit, last sign-in and state in words; Deactivate and Reactivate buttons that post a
CSRF-checked form and come back with a success banner; the user's sessions ended at once."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from litestar.testing import TestClient

from tests.api.test_pages import Pages, signed_in
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.core.tables import User


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _row(html: str, username: str) -> str:
    row = html.split(f'id="user-{username.replace(".", "-")}"', 1)[1].split("</tr>", 1)[0]
    return _text(row)


def test_the_administrator_sees_every_user_in_words(world: World) -> None:
    when = datetime(2026, 12, 6, 14, 5, tzinfo=UTC)  # 14:05 in London in winter
    run(User.update({User.last_signed_in_at: when}).where(User.username == "vlo"))
    pages = signed_in(world, "admin")
    response = pages.get("/admin/users")
    assert response.status_code == 200
    html = response.text
    assert 'href="/admin/users"' in html  # in the navigation
    assert "12 users, by username." in _text(html)
    vlo = _row(html, "vlo")
    for words in (
        "vlo user",
        "Victim Liaison Officer",
        "London Victim Liaison Unit",
        "6 December 2026 at 14:05",
        "Active",
        "Deactivate vlo user",
    ):
        assert words in vlo, (words, vlo)
    assert "VLU-LON" not in vlo  # the unit by its name, never its code
    assert "Never" in _row(html, "vlo2")
    national = _row(html, "national")
    assert "National manager" in national and "No unit" in national
    me = _row(html, "admin")
    assert "This is you" in me and "Deactivate" not in me


def test_deactivating_on_the_page_ends_the_users_session_with_a_banner(world: World) -> None:
    with TestClient(app=world.client.app) as browser:  # the VLO's own browser
        vlo = signed_in(World(browser), "vlo")
        assert vlo.get("/cases").status_code == 200
        _deactivate_and_reactivate(world, vlo)


def _deactivate_and_reactivate(world: World, vlo: Pages) -> None:
    admin = signed_in(world, "admin")
    response = admin.post("/admin/users/vlo/deactivate")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/users?done=deactivated&user=vlo"
    page = admin.get(response.headers["location"]).text
    assert "govuk-notification-banner--success" in page
    assert "vlo user (vlo) is deactivated." in _text(page)
    assert "every session they had has ended" in _text(page)
    row = _row(page, "vlo")
    assert "Deactivated" in row and "Reactivate vlo user" in row
    assert vlo.get("/cases").headers["location"].startswith("/sign-in")

    response = admin.post("/admin/users/vlo/reactivate", {"offset": "0"})
    assert response.headers["location"] == "/admin/users?done=reactivated&user=vlo"
    page = admin.get(response.headers["location"]).text
    assert "vlo user (vlo) is reactivated." in _text(page)
    assert "Active" in _row(page, "vlo")
    actions = run(AuditEntry.select(AuditEntry.action).order_by(AuditEntry.seq))
    assert [a["action"] for a in actions] == ["user_deactivated", "user_reactivated"]


def test_the_forms_are_csrf_checked(world: World) -> None:
    admin = signed_in(world, "admin")
    response = admin.client.post(
        "/admin/users/vlo/deactivate", data={"offset": "0"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert run(User.select(User.active).where(User.username == "vlo").first())["active"]


def test_refusals_are_pages_saying_why(world: World) -> None:
    admin = signed_in(world, "admin")
    own = admin.post("/admin/users/admin/deactivate")
    assert own.status_code == 409
    assert "You cannot deactivate your own account" in _text(own.text)
    unknown = admin.post("/admin/users/nobody.here/deactivate")
    assert unknown.status_code == 404
    assert "nobody.here" not in unknown.text
    assert run(AuditEntry.count()) == 0


def test_only_the_administrator_has_the_page(world: World) -> None:
    for user in ("vlo", "manager", "wcu", "om", "national"):
        assert signed_in(world, user).get("/admin/users").status_code == 403
        world.client.cookies.clear()
    stranger = Pages(world).get("/admin/users")
    assert stranger.status_code == 303 and stranger.headers["location"].startswith("/sign-in")


def test_the_list_pages_through_many_users_and_the_buttons_come_back_to_the_same_page(
    world: World,
) -> None:
    run(
        User.insert(
            *[
                User(username=f"zz.person{i:02d}", password_hash="-", role="national_manager")
                for i in range(50)
            ]
        )
    )
    admin = signed_in(world, "admin")
    first = admin.get("/admin/users").text
    assert "62 users" in _text(first) and "zz.person39" not in first
    assert 'href="/admin/users?limit=50&amp;offset=50"' in first
    second = admin.get("/admin/users?offset=50").text
    assert "zz.person39" in second and "zz.person49" in second
    response = admin.post("/admin/users/zz.person49/deactivate", {"offset": "50"})
    assert response.headers["location"] == (
        "/admin/users?done=deactivated&user=zz.person49&offset=50"
    )
    page = admin.get(response.headers["location"]).text
    assert "zz.person49 (zz.person49) is deactivated" in _text(page)
    assert "done=" not in page.split("govuk-pagination", 1)[1]


def test_the_administrator_is_told_of_sign_ins_held_after_repeated_failures(world: World) -> None:
    pages = signed_in(world, "admin")
    assert "sign-in-holds" not in pages.get("/admin/users").text
    for _ in range(6):  # five failures to one account within a minute hold its sign-ins
        world.client.post(
            "/api/v1/auth/token", json={"username": "vlo2", "password": "wrong-password-1"}
        )
    html = pages.get("/admin/users").text
    assert "In the last 24 hours, sign-ins were held after repeated failed attempts:" in _text(html)
    assert "Sign-ins to the account vlo2 held after 5 failed attempts within 1 minute" in html
    assert "wrong-password-1" not in html
