"""A unit is named, never coded: the referrals list, a referral, search results and the reports
show "London Victim Liaison Unit", not "VLU-LON"."""

from __future__ import annotations

from tests.api.test_my_work import allocated_case
from tests.api.test_pages import signed_in
from tests.fixtures import World
from tests.peoples_words import assert_peoples_words, internal_words, visible_text

LONDON = "London Victim Liaison Unit"


def test_the_witness_care_officer_reads_the_units_name(world: World) -> None:
    referral = world.refer()["id"]
    pages = signed_in(world, "wcu")
    listed = visible_text(pages.get("/referrals").text)
    assert f"to {LONDON}" in listed
    assert_peoples_words(listed, "the referrals")
    shown = visible_text(pages.get(f"/referrals/{referral}").text)
    assert LONDON in shown
    assert_peoples_words(shown, "a referral")


def test_search_results_name_the_unit(world: World) -> None:
    case_id = allocated_case(world, victim="Robin Findme")
    text = visible_text(signed_in(world, "vlo").get("/search", params={"q": "Robin Findme"}).text)
    assert f"Case {case_id}, {LONDON}" in text
    assert_peoples_words(text, "the search results")


def test_the_reports_name_every_unit(world: World) -> None:
    allocated_case(world)
    allocated_case(world, "vlo_other", "Ash Wales", unit_code="VLU-WAL")
    national = signed_in(world, "national").get("/manager/reports")
    assert national.status_code == 200
    text = visible_text(national.text)
    assert LONDON in text and "Wales Victim Liaison Unit" in text
    assert "Metropolitan Witness Care Unit" in text  # a referrer, by name alone
    assert internal_words(text) == []
    assert 'value="VLU-LON"' in national.text  # the choice sends the code; people read the name
    one = signed_in(world, "national").get("/manager/reports", params={"unit": "VLU-WAL"})
    assert internal_words(visible_text(one.text)) == []
    manager = visible_text(signed_in(world, "manager").get("/manager/reports").text)
    assert LONDON in manager
    assert_peoples_words(manager, "the unit's reports")


def test_the_scan_finds_a_unit_code_but_not_a_letter_reference() -> None:
    assert internal_words("Referral 3 to VLU-LON") == ["VLU-LON"]
    assert internal_words("Please quote our reference, VCS/VLU-LON/12/1.") == []
