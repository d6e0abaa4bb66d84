"""The representation to the decision maker keeps the licence policy's version in the PDF's
metadata (its keywords and subject), never on the page the decision maker reads."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from letters.representation import Representation, render_representation_pdf
from tests.peoples_words import assert_peoples_words, pdf_text

VERSION = "hmpps-licence-conditions/victim-2026-11"
REPRESENTATION = Representation(
    reference="VCS/VLU-LON/12/R1",
    unit_name="London Victim Liaison Unit",
    vlo_name="Vic Officer",
    decision_maker="The Parole Board",
    forwarded_on=date(2026, 12, 4),
    offender_name="Morgan Testperson",
    condition_code="no_contact",
    condition_title="No contact with the victim",
    wording="Not to seek to approach or communicate with Alex Example without the prior "
    "approval of your supervising officer.",
    policy_version=VERSION,
    victim_words="I do not want him to come near me.",
    justification="The offences were against the victim at home.",
)


def test_the_policy_version_is_in_the_metadata_not_on_the_page() -> None:
    pdf = render_representation_pdf(REPRESENTATION)
    text = pdf_text(pdf)
    assert VERSION not in text and "victim-2026-11" not in text
    assert "No contact with the victim" in text and "4 December 2026" in text
    assert_peoples_words(text, "the representation")
    info = PdfReader(BytesIO(pdf)).metadata
    assert info is not None
    assert info.get("/Keywords") == VERSION
    assert info.get("/Subject") == VERSION
