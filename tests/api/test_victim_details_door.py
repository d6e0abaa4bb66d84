"""A victim's new details never reach the offender side: after the VLO changes the victim's
address, phone and email, no view of the offender manager or the national manager, and no MAPPA
pack (JSON or PDF), holds any of them."""

from __future__ import annotations

from datetime import date

from tests.api.leak_details import Person, needles, number_runs, squash
from tests.api.leak_world import build
from tests.api.test_offender_side_leaks import fetch_everything
from tests.fixtures import World

MOVED = Person(
    "victim after the move",
    "Sky Leakcheck",
    "88 Heronsgate Walk",
    "LS6 3QW",
    "07700 900871",
    "sky.newplace@example.com",
    date(1971, 9, 23),
)


def test_the_new_details_reach_no_offender_side_view_and_no_mappa_pack(world: World) -> None:
    leak = build(world)
    change = {
        "name": MOVED.name,
        "address": {"line1": MOVED.line1, "town": "Leeds", "postcode": MOVED.postcode},
        "phone": MOVED.phone,
        "email": MOVED.email,
        "date_of_birth": MOVED.born.isoformat() if MOVED.born else None,
        "reason": "Moved to Leeds",
    }
    url = f"/api/v1/cases/{leak.case_id}/victim"
    assert world.request("PATCH", "vlo", url, json=change).status_code == 200
    own_view = world.get("vlo", f"/api/v1/cases/{leak.case_id}").text
    squashed, runs = squash(own_view), number_runs(own_view)
    assert all(n.in_text(squashed, runs) for n in needles(MOVED)), "the detector sees them"
    found, fetched = [], []
    for where, _, text in fetch_everything(leak):
        fetched.append(where)
        squashed, runs = squash(text), number_runs(text)
        found += [f"{n.kind} in {where}" for n in needles(MOVED) if n.in_text(squashed, runs)]
    assert any("/pack application/pdf" in w for w in fetched)
    assert any(f"/offenders/{leak.offender_id}" in w for w in fetched)
    assert not found, "\n".join(found)
