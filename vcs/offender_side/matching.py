"""Finding a person's contact details in free text however they are written: pure, no database.

A victim's details are matched in normalised forms, never as exact strings:

- a postcode with any spacing, hyphen, dot or case (`E5 2FU`, `E5-2FU`, `e52fu`);
- a phone number by its digits, whatever the prefix (`07…`, `+44 7…`, `0044 7…`, `+44 (0) 7…`)
  and separators (spaces, dots, hyphens, brackets);
- a date of birth written any common way: ISO (`1965-11-05`), day/month/year with any
  separator and a two- or four-digit year (`05.11.65`, `5/11/1965`), month/day/year, eight digits
  (`05111965`), or with the month's name (`5th November 1965`, `5 Nov 1965`, `November 5, 1965`,
  `Nov 5 1965`);
- an address line, and its number and street, with any punctuation or case (`119, Mill Lane`
  for "119 Mill Lane"; `Rd` for "Road" and the like);
- an email address in any case, spaces around it ignored.

Text is also read for anything shaped like a UK postcode, a UK phone number (the `phonenumbers`
library) or an email address, whoever's it is: the screen asks the writer to confirm it is not a
victim's. And a road of a victim's address, named alone, is found (`names_road`) so that a
premises condition naming it can be held back for a manager's decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import phonenumbers

MIN_PHONE_DIGITS = 7  # a national number shorter than this would match ordinary numbers
MIN_ROAD = 5  # a road name shorter than this ("Mall") would refuse ordinary words
MIN_HOUSE_NAME = 8  # a house's name ("Rose Cottage"), not a flat's ("Flat 3")
FLAT_WORDS = frozenset({"flat", "apartment", "floor", "ground", "first", "second", "unit", "room"})

POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)[\s.\-]*([0-9][A-Za-z]{2})(?![A-Za-z0-9])"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+\s*@\s*[A-Za-z0-9\-]+(?:\s*\.\s*[A-Za-z0-9\-]+)+")
DIGIT_RUN = re.compile(r"\+?[0-9][0-9\s().\-/]*[0-9]")
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?<![0-9])([0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"([0-9]{4}|[0-9]{2})(?![0-9])"
_GAP = r"[\s\-/.,'’]*"
DAY_MONTH_YEAR = re.compile(_DAY + r"(?:\s+of)?" + _GAP + _MONTH + _GAP + _YEAR, re.IGNORECASE)
MONTH_DAY_YEAR = re.compile(r"(?<![a-z])" + _MONTH + _GAP + _DAY + _GAP + _YEAR, re.IGNORECASE)
NUMERIC_DATE = re.compile(
    r"(?<![0-9])([0-9]{1,4})[\s\-/.]+([0-9]{1,2})[\s\-/.]+([0-9]{2}|[0-9]{4})(?![0-9])"
)
EIGHT_DIGITS = re.compile(r"(?<![0-9])([0-9]{8})(?![0-9])")

# Each street word, and the abbreviations written for it.
_STREETS = {
    "road": "rd",
    "street": "st",
    "lane": "ln",
    "avenue": "ave av",
    "drive": "dr",
    "close": "cl",
    "crescent": "cres",
    "court": "ct",
    "place": "pl",
    "square": "sq",
    "gardens": "gdns",
    "terrace": "tce terr",
    "grove": "gr",
    "park": "pk",
    "way": "",
    "hill": "",
    "row": "",
    "walk": "",
    "mews": "",
    "rise": "",
    "view": "",
    "green": "",
    "parade": "",
    "vale": "",
    "wharf": "",
    "yard": "",
    "passage": "",
    "boulevard": "",
    "embankment": "",
    "broadway": "",
}
STREET_WORDS = {
    word: street for street, short in _STREETS.items() for word in (street, *short.split())
}


@dataclass(frozen=True)
class Person:
    """One person's contact details as held: a victim or a nominated contact."""

    address_lines: tuple[str, ...] = ()
    postcode: str = ""
    phone: str = ""
    email: str = ""
    date_of_birth: date | None = None


@dataclass(frozen=True)
class Needles:
    """What to look for, in normalised forms."""

    postcodes: frozenset[str] = field(default_factory=frozenset)
    phones: frozenset[str] = field(default_factory=frozenset)  # national numbers, digits only
    emails: frozenset[str] = field(default_factory=frozenset)  # case-folded
    births: frozenset[date] = field(default_factory=frozenset)
    addresses: frozenset[str] = field(default_factory=frozenset)  # " 119 mill lane "
    roads: frozenset[str] = field(default_factory=frozenset)  # " mill lane "


def postcode_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text).upper()


def national_number(phone: str) -> str:
    """The digits of a phone number after its country code and trunk 0 (UK by default)."""
    try:
        return str(phonenumbers.parse(phone, "GB").national_number)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"[^0-9]", "", phone)
        for prefix in ("0044", "44", "0"):
            if digits.startswith(prefix) and len(digits) - len(prefix) >= MIN_PHONE_DIGITS:
                return digits[len(prefix) :]
        return digits


def words(text: str) -> list[str]:
    """Lower-case words and numbers: punctuation dropped, `119a` split in two, street words
    spelt out (`rd` is `road`)."""
    spaced = re.sub(r"(?<=[0-9])(?=[^\W0-9_])|(?<=[^\W0-9_])(?=[0-9])", " ", text.casefold())
    return [STREET_WORDS.get(w, w) for w in re.findall(r"[^\W_]+", spaced)]


def _phrase(tokens: Iterable[str]) -> str:
    return f" {' '.join(tokens)} "


def _address_parts(line: str) -> Iterator[tuple[str, str]]:
    """For each comma-separated part of an address line: (number and street, road)."""
    for part in line.split(","):
        tokens = words(part)
        numbers = [i for i, t in enumerate(tokens) if t.isdigit()]
        if numbers:
            after = numbers[-1] + 1
            if after < len(tokens) and len(tokens[after]) == 1 and not tokens[after].isdigit():
                after += 1  # 119a: the letter belongs to the number
            road = [t for t in tokens[after:] if not t.isdigit()]
            if road:
                yield _phrase([*tokens[numbers[-1] : after], *road]), _phrase(road)
        elif tokens and tokens[-1] in STREET_WORDS.values():
            yield "", _phrase(tokens)


def _house_names(line: str) -> Iterator[str]:
    """The parts of the first address line that name a house rather than a number or a flat."""
    for part in line.split(","):
        tokens = words(part)
        named = len(tokens) >= 2 and len(" ".join(tokens)) >= MIN_HOUSE_NAME
        a_road = bool(tokens) and tokens[-1] in STREET_WORDS.values()
        if (
            named
            and not a_road
            and tokens[0] not in FLAT_WORDS
            and not any(map(str.isdigit, tokens))
        ):
            yield _phrase(tokens)


def needles(people: Iterable[Person]) -> Needles:
    postcodes: set[str] = set()
    phones: set[str] = set()
    emails: set[str] = set()
    births: set[date] = set()
    addresses: set[str] = set()
    roads: set[str] = set()
    for p in people:
        if len(key := postcode_key(p.postcode)) >= 5:
            postcodes.add(key)
        if len(number := national_number(p.phone)) >= MIN_PHONE_DIGITS:
            phones.add(number)
        if "@" in p.email:
            emails.add(re.sub(r"\s+", "", p.email).casefold())
        if p.date_of_birth:
            births.add(p.date_of_birth)
        for i, line in enumerate(p.address_lines):
            whole = words(line)
            if i == 0 and len(whole) >= 2 and len(" ".join(whole)) >= MIN_HOUSE_NAME:
                addresses.add(_phrase(whole))
            addresses.update(_house_names(line) if i == 0 else ())
            for address, road in _address_parts(line):
                if address:
                    addresses.add(address)
                if len(road.strip()) >= MIN_ROAD:
                    roads.add(road)
    return Needles(
        frozenset(postcodes),
        frozenset(phones),
        frozenset(emails),
        frozenset(births),
        frozenset(addresses),
        frozenset(roads),
    )


def _years(text: str) -> list[int]:
    year = int(text)
    return [year] if len(text) == 4 else [1900 + year, 2000 + year]


def _dates(year: str, month: int, day: int) -> Iterator[date]:
    for y in _years(year):
        try:
            yield date(y, month, day)
        except ValueError:
            continue


def dates_in(text: str) -> set[date]:
    """Every date the text could be read as holding, in any of the common ways of writing it."""
    found: set[date] = set()
    for d, m, y in DAY_MONTH_YEAR.findall(text):
        found.update(_dates(y, MONTHS[m[:3].casefold()], int(d)))
    for m, d, y in MONTH_DAY_YEAR.findall(text):
        found.update(_dates(y, MONTHS[m[:3].casefold()], int(d)))
    for a, b, c in NUMERIC_DATE.findall(text):
        if len(a) == 4:
            found.update(_dates(a, int(b), int(c)))
        elif len(a) <= 2:
            found.update(_dates(c, int(b), int(a)))  # day, month, year
            found.update(_dates(c, int(a), int(b)))  # month, day, year
    for (digits,) in (m.groups() for m in EIGHT_DIGITS.finditer(text)):
        found.update(_dates(digits[4:], int(digits[2:4]), int(digits[:2])))
        found.update(_dates(digits[:4], int(digits[4:6]), int(digits[6:])))
    return found


def details_in(text: str, n: Needles) -> list[str]:
    """Which kinds of the people's details the text holds (never the details themselves)."""
    found = []
    if n.addresses and any(a in _phrase(words(text)) for a in n.addresses):
        found.append("address")
    if n.postcodes & {postcode_key("".join(m)) for m in POSTCODE.findall(text)}:
        found.append("postcode")
    runs = [re.sub(r"[^0-9]", "", r) for r in DIGIT_RUN.findall(text)]
    if any(p in run for p in n.phones for run in runs):
        found.append("phone number")
    if any(e in re.sub(r"\s+", "", text).casefold() for e in n.emails):
        found.append("email address")
    if n.births & dates_in(text):
        found.append("date of birth")
    return found


def names_road(text: str, n: Needles) -> bool:
    """Whether the text names a road of one of the people's addresses."""
    return any(r in _phrase(words(text)) for r in n.roads)


def _uk_phone(text: str) -> bool:
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", phonenumbers.Leniency.POSSIBLE):
        number = match.number
        if number.country_code == 44 and len(str(number.national_number)) in (9, 10):
            return True
    return False


def shapes_in(text: str) -> list[str]:
    """Which kinds of contact detail the text seems to hold, whoever's they are."""
    found = []
    if POSTCODE.search(text):
        found.append("postcode")
    if _uk_phone(text):
        found.append("phone number")
    if EMAIL.search(text):
        found.append("email address")
    return found
