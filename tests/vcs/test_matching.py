"""The screen's matching, property by property: a synthetic person's details, written in any of
the variant forms people use, are found; other people's are not; anything shaped like a UK
postcode, phone number or email is noticed. All details are invented (phone numbers in Ofcom's
drama range)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from vcs.offender_side.matching import (
    Person,
    details_in,
    names_road,
    needles,
    shapes_in,
)

LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
STREETS = ["Mill", "Acacia", "Specimen", "Orchard", "Station", "Church", "Meadow", "Elm"]
SUFFIXES = {
    "Lane": ["Lane", "LANE", "lane", "Ln", "ln."],
    "Road": ["Road", "road", "Rd", "RD", "Rd."],
    "Street": ["Street", "St", "st.", "STREET"],
    "Avenue": ["Avenue", "Ave", "av", "AVENUE"],
    "Close": ["Close", "Cl", "close"],
}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def mixed_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.swapcase() if f else c for c, f in zip(text, flips, strict=True))


@st.composite
def postcodes(draw: st.DrawFn) -> tuple[str, str]:
    """(as held, as written): `E5 2FU` written `e5-2fu`, `E52FU`, `E5 . 2FU`..."""
    area = draw(st.text(LETTERS, min_size=1, max_size=2))
    district = str(draw(st.integers(1, 99)))
    inward = str(draw(st.integers(0, 9))) + draw(
        st.text("ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2)
    )
    held = f"{area}{district} {inward}"
    gap = draw(st.sampled_from(["", " ", "  ", "-", " - ", ".", "\u00a0"]))
    return held, mixed_case(draw, f"{area}{district}{gap}{inward}")


@st.composite
def phones(draw: st.DrawFn) -> tuple[str, str]:
    """(as held, as written): a mobile number in any prefix, grouping and punctuation."""
    last = draw(st.integers(0, 999))
    national = f"7700900{last:03d}"
    held = draw(st.sampled_from([f"0{national[:4]} {national[4:]}", f"+44 {national}"]))
    prefix = draw(st.sampled_from(["0", "+44 ", "+44", "+44 (0)", "0044 ", "0044", "(0"]))
    sep = draw(st.sampled_from([" ", ".", "-", "", "  "]))
    cut = draw(st.integers(3, 6))
    head, tail = national[:cut], national[cut:]
    if prefix == "(0":
        written = f"(0{head}){sep or ' '}{tail}"
    else:
        written = f"{prefix}{head}{sep}{tail[:3]}{sep}{tail[3:]}"
    return held, written


def _date_forms(day: date, draw: st.DrawFn) -> str:
    month = MONTHS[day.month - 1]
    short = month[:3]
    sep = draw(st.sampled_from(["/", ".", "-", " "]))
    year = draw(st.sampled_from([f"{day.year}", f"{day.year % 100:02d}"]))
    forms = [
        day.isoformat(),
        f"{day.day:02d}{sep}{day.month:02d}{sep}{year}",
        f"{day.day}{sep}{day.month}{sep}{year}",
        f"{ordinal(day.day)} {month} {day.year}",
        f"{day.day} {short} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{short} {day.day} {day.year}",
        f"{ordinal(day.day)} of {month}, {day.year}",
        f"{short.upper()} {ordinal(day.day)} {year}",
        f"{day.day:02d}{day.month:02d}{day.year}",
    ]
    return draw(st.sampled_from(forms))


@st.composite
def births(draw: st.DrawFn) -> tuple[date, str]:
    day = draw(st.dates(date(1930, 1, 1), date(2012, 12, 31)))
    return day, _date_forms(day, draw)


@st.composite
def addresses(draw: st.DrawFn) -> tuple[str, str]:
    """(as held, as written): `119 Mill Lane` written `119, mill ln.`, `No.119 MILL-LANE`..."""
    number = draw(st.integers(1, 999))
    street = draw(st.sampled_from(STREETS))
    suffix = draw(st.sampled_from(sorted(SUFFIXES)))
    held = f"{number} {street} {suffix}"
    gap = draw(st.sampled_from([" ", ", ", ",", " - ", "  "]))
    joint = draw(st.sampled_from([" ", "-", "  "]))
    written = (
        f"{number}{gap}{mixed_case(draw, street)}{joint}{draw(st.sampled_from(SUFFIXES[suffix]))}"
    )
    return held, draw(st.sampled_from([written, f"No. {written}", f"at {written}."]))


@st.composite
def emails(draw: st.DrawFn) -> tuple[str, str]:
    local = draw(st.from_regex(r"[a-z]{2,8}\.[a-z]{2,8}", fullmatch=True))
    held = f"{local}@example.com"
    return held, mixed_case(draw, held)


def around(text: str) -> str:
    return f"The victim said: {text} is where it happened, please note."


@given(postcodes())
def test_a_postcode_is_found_with_any_spacing_hyphen_or_case(case: tuple[str, str]) -> None:
    held, written = case
    found = details_in(around(written), needles([Person(postcode=held)]))
    assert found == ["postcode"]
    assert "postcode" in shapes_in(written)


@given(phones())
def test_a_phone_number_is_found_by_its_digits_whatever_the_prefix(case: tuple[str, str]) -> None:
    held, written = case
    assert details_in(around(written), needles([Person(phone=held)])) == ["phone number"]
    assert "phone number" in shapes_in(around(written))


@given(births())
def test_a_date_of_birth_is_found_written_any_common_way(case: tuple[date, str]) -> None:
    born, written = case
    assert details_in(around(written), needles([Person(date_of_birth=born)])) == ["date of birth"]


@given(addresses())
def test_an_address_line_is_found_with_any_punctuation(case: tuple[str, str]) -> None:
    held, written = case
    known = needles([Person(address_lines=(held, "Hackney"))])
    assert details_in(around(written), known) == ["address"]


@given(addresses())
def test_the_road_alone_is_named_but_is_not_the_address(case: tuple[str, str]) -> None:
    held, _ = case
    road = held.split(" ", 1)[1]
    known = needles([Person(address_lines=(held,))])
    assert names_road(f"The shops on {road.upper()}", known)
    assert details_in(f"The shops on {road}", known) == []


@given(emails())
def test_an_email_is_found_in_any_case(case: tuple[str, str]) -> None:
    held, written = case
    assert details_in(around(written), needles([Person(email=held)])) == ["email address"]
    assert shapes_in(written) == ["email address"]


@given(postcodes(), postcodes())
def test_another_persons_postcode_is_not_refused(a: tuple[str, str], b: tuple[str, str]) -> None:
    (held, _), (_, other) = a, b
    if "".join(held.split()).upper() != "".join(c for c in other.upper() if c.isalnum()):
        assert details_in(around(other), needles([Person(postcode=held)])) == []


@given(st.text(alphabet=st.characters(categories=["L", "Zs", "P"]), max_size=200))
def test_words_without_numbers_or_at_signs_hold_nothing(text: str) -> None:
    person = Person(
        address_lines=("119 Mill Lane",),
        postcode="E5 2FU",
        phone="+44 7700 900993",
        email="alex.example@example.com",
        date_of_birth=date(1965, 11, 5),
    )
    assert details_in(text, needles([person])) == []
    assert "phone number" not in shapes_in(text)


def test_the_findings_forms() -> None:
    """The forms the issue reports (all invented): each found, by kind."""
    person = Person(
        address_lines=("119 Mill Lane",),
        postcode="E5 2FU",
        phone="07700 900993",
        email="Alex.Example@example.com",
        date_of_birth=date(1965, 11, 5),
    )
    known = needles([person])
    for written, kind in [
        ("119, Mill Lane", "address"),
        ("E5-2FU", "postcode"),
        ("e52fu", "postcode"),
        ("+44 7700 900993", "phone number"),
        ("0044 (0)7700.900.993", "phone number"),
        ("5th November 1965", "date of birth"),
        ("05.11.65", "date of birth"),
        ("November 5, 1965", "date of birth"),
        ("5 Nov 1965", "date of birth"),
        ("Nov 5 1965", "date of birth"),
        ("ALEX.EXAMPLE@EXAMPLE.COM", "email address"),
    ]:
        assert details_in(written, known) == [kind], written
    assert details_in("Release on 12/01/2026 at HMP Example, CRN X123456", known) == []
