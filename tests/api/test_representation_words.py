"""The representation the decision maker receives reads in people's words: the condition by its
title (no stored code), the date in words, and the licence policy's version kept in the PDF's
metadata, not printed. On SQLite and PostgreSQL."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from tests.api.test_conditions import REQUESTS, create, forward
from tests.api.test_my_work import allocated_case
from tests.fixtures import World
from tests.peoples_words import assert_peoples_words, pdf_text
from vcs.conditions.catalogue import POLICY_VERSION


def test_the_representation_keeps_the_policy_version_in_its_metadata(world: World) -> None:
    case_id = allocated_case(world)
    made = create(world, case_id)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    assert forward(world, rid).status_code == 200
    response = world.get("vlo", f"{REQUESTS}/{rid}/representation.pdf")
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "12 January 2026" in text
    assert POLICY_VERSION not in text and "exclusion_zone" not in text
    assert_peoples_words(text, "the representation to the decision maker")
    info = PdfReader(BytesIO(response.content)).metadata
    assert info is not None and info.get("/Keywords") == POLICY_VERSION
