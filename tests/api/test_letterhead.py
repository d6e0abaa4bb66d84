"""A letter carries its unit's own letterhead (address and phone), a Welsh letter the unit's Welsh
name; the wording's version is in the PDF's metadata, not on the page."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from letters.model import TEMPLATE_VERSIONS, Template
from tests.fixtures import World, run
from tests.peoples_words import assert_peoples_words, pdf_text
from vcs.core.tables import Unit


def _letter_pdf(world: World, language: str) -> bytes:
    case_id = world.refer()["cases"][0]["id"]
    body = {"template": "initial_offer", "language": language}
    made = world.post("vlo", f"/api/v1/cases/{case_id}/letters", body)
    assert made.status_code == 201, made.text
    pdf = world.get("vlo", f"/api/v1/letters/{made.json()['id']}/pdf")
    assert pdf.status_code == 200
    return bytes(pdf.content)


def _letterhead(world: World) -> None:
    run(
        Unit.update(
            {
                Unit.welsh_name: "Uned Cyswllt Dioddefwyr Llundain",
                Unit.address: "Fourth floor, 40 Harland Street\nLondon\nSE1 7ZZ",
                Unit.phone: "020 7946 0001",
            }
        ).where(Unit.code == "VLU-LON")
    )


def test_a_welsh_letter_carries_the_units_welsh_name_and_real_letterhead(world: World) -> None:
    _letterhead(world)
    pdf = _letter_pdf(world, "cy")
    text = pdf_text(pdf)
    assert "Uned Cyswllt Dioddefwyr Llundain" in text
    assert "London Victim Liaison Unit" not in text
    assert "40 Harland Street" in text and "SE1 7ZZ" in text and "020 7946 0001" in text
    assert_peoples_words(text, "a Welsh letter")
    info = PdfReader(BytesIO(pdf)).metadata
    assert info is not None and info.get("/Keywords") == TEMPLATE_VERSIONS[Template.INITIAL_OFFER]


def test_an_english_letter_carries_the_units_english_name(world: World) -> None:
    _letterhead(world)
    text = pdf_text(_letter_pdf(world, "en"))
    assert "London Victim Liaison Unit" in text and "Uned Cyswllt" not in text
    assert "40 Harland Street" in text and "initial_offer" not in text


def test_a_unit_is_created_with_its_welsh_name(world: World) -> None:
    body = {
        "code": "VLU-DYF",
        "name": "Dyfed Victim Liaison Unit",
        "welsh_name": "Uned Cyswllt Dioddefwyr Dyfed",
        "region": "Wales",
        "kind": "vlu",
    }
    assert world.post("admin", "/api/v1/units", body).status_code == 201
    row = run(Unit.select(Unit.welsh_name).where(Unit.code == "VLU-DYF").first())
    assert row["welsh_name"] == "Uned Cyswllt Dioddefwyr Dyfed"
