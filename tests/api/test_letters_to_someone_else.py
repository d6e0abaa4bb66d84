"""A letter drafted for a young victim goes to their parent or guardian and is worded to them;
a letter for a victim who nominated someone is worded to that person."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.leak_outputs import pdf_text
from tests.fixtures import World

YOUNG = {
    "name": "Jamie Young",
    "relationship": "direct",
    "date_of_birth": "2010-05-01",
    "address": {"line1": "12 Sample Road", "town": "London", "postcode": "E1 6AN"},
}
CONTACT = {
    "name": "Pat Young",
    "relationship": "Mother",
    "address": {"line1": "3 Sample Close", "town": "London", "postcode": "E2 8AA"},
}


def _letter_text(world: World, case_id: int, template: str) -> tuple[dict[str, Any], str]:
    drafted = world.post("vlo", f"/api/v1/cases/{case_id}/letters", {"template": template})
    assert drafted.status_code == 201, drafted.text
    pdf = world.get("vlo", f"/api/v1/letters/{drafted.json()['id']}/pdf")
    return drafted.json(), " ".join(pdf_text(pdf.content).split())


@pytest.mark.parametrize(
    ("kind", "line"),
    [
        (
            "parent_guardian",
            "You are receiving this letter as the parent or guardian of Jamie Young.",
        ),
        (
            "nominee",
            "You are receiving this letter as the person Jamie Young asked us to contact on their behalf.",
        ),
    ],
)
def test_the_offer_letter_speaks_to_the_parent_or_nominee_not_as_the_victim(
    world: World, kind: str, line: str
) -> None:
    case_id = int(world.refer(victims=[YOUNG])["cases"][0]["id"])
    refused = world.post("vlo", f"/api/v1/cases/{case_id}/letters", {"template": "initial_offer"})
    assert "add a parent or guardian" in refused.json()["detail"]
    url = f"/api/v1/cases/{case_id}/nominated-contact"
    assert world.put("vlo", url, {**CONTACT, "kind": kind}).status_code == 200
    letter, text = _letter_text(world, case_id, "initial_offer")
    assert (letter["addressed_to"], letter["addressee_role"]) == ("Pat Young", kind)
    assert "Dear Pat Young," in text
    assert line in text
    assert "I am sorry for what Jamie Young has been through." in text
    for words in ("what you have been through", "you were the victim", "Thank you for joining"):
        assert words not in text
