"""The people whose details must never reach the offender side, those details written the many
ways a VLO might type them (hypothesis strategies), and the detector that finds any of them in
what a route answers, normalised the same way: squashed lowercase for words, digits only for
numbers. All people are invented; the phone numbers are in Ofcom's drama range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hypothesis import strategies as st


@dataclass(frozen=True)
class Person:
    key: str  # victim, co-victim, nominee
    name: str
    line1: str
    postcode: str
    phone: str
    email: str
    born: date | None

    def referral(self) -> dict[str, object]:
        assert self.born is not None
        return {
            "name": self.name,
            "relationship": "direct",
            "date_of_birth": self.born.isoformat(),
            "address": {"line1": self.line1, "town": "London", "postcode": self.postcode},
            "email": self.email,
            "phone": self.phone,
        }

    def nominee(self) -> dict[str, object]:
        return {
            "name": self.name,
            "relationship": "sister",
            "address": {"line1": self.line1, "town": "London", "postcode": self.postcode},
            "email": self.email,
            "phone": self.phone,
        }


VICTIM = Person(
    "victim",
    "Quinn Leakcheck",
    "119 Mill Lane",
    "E5 2FU",
    "07700 900993",
    "quinn.leakcheck@example.com",
    date(1965, 11, 5),
)
CO_VICTIM = Person(
    "co-victim",
    "Rowan Leakcheck",
    "27 Orchard Row",
    "N16 7QT",
    "07700 900417",
    "rowan.orchard@example.org",
    date(1971, 3, 14),
)
NOMINEE = Person(
    "nominee",
    "Sage Leakcheck",
    "8 Harbour View",
    "SE15 4NB",
    "07700 900352",
    "sage.harbour@example.net",
    None,
)
PEOPLE = (VICTIM, CO_VICTIM, NOMINEE)
MONTHS = "January February March April May June July August September October November December"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _month(day: date, short: bool = False) -> str:
    name = MONTHS.split()[day.month - 1]
    return name[:3] if short else name


# ---- The detector -------------------------------------------------------------------------

_DIGEST = re.compile(r"[0-9a-f]{32,}")  # a SHA-256 is not a phone number
_NUMBER_RUN = re.compile(r"\d[\d\s().+/-]*")


def squash(text: str) -> str:
    """Lowercase letters and digits only: '119, Mill-Lane' is '119milllane'."""
    return re.sub(r"[^a-z0-9]", "", _DIGEST.sub(" ", text.lower()))


def number_runs(text: str) -> list[str]:
    """The digits of each run of digits written with spaces, dots, dashes, slashes, brackets or
    a plus: '+44 (0)7700 900.993' is '4407700900993'."""
    return [re.sub(r"\D", "", m) for m in _NUMBER_RUN.findall(_DIGEST.sub(" ", text))]


@dataclass(frozen=True)
class Needle:
    """One detail of one person, as the detector looks for it."""

    person: str
    kind: str  # address, postcode, phone, email, date of birth
    words: tuple[str, ...] = ()  # found in the squashed text
    digits: tuple[str, ...] = ()  # found inside a run of digits (long enough to be telling)
    short_digits: tuple[str, ...] = ()  # a whole run of digits (5/11/65)

    def in_text(self, squashed: str, runs: list[str]) -> bool:
        return (
            any(w in squashed for w in self.words)
            or any(d in r for d in self.digits for r in runs)
            or any(d == r for d in self.short_digits for r in runs)
        )


def _date_needle(person: str, d: date) -> Needle:
    day, month, year = d.day, d.month, d.year
    long, short = _month(d).lower(), _month(d, short=True).lower()
    words = {
        f"{p}{m}{year}" for p in (str(day), f"{day:02d}", _ordinal(day)) for m in (long, short)
    }
    words |= {f"{m}{p}{year}" for p in (str(day), _ordinal(day)) for m in (long, short)}
    numbers = {
        f"{dd}{mm}{yy}"
        for dd in (str(day), f"{day:02d}")
        for mm in (str(month), f"{month:02d}")
        for yy in (str(year), f"{year % 100:02d}")
    } | {f"{year}{month:02d}{day:02d}"}
    return Needle(
        person,
        "date of birth",
        words=tuple(sorted(words)),
        digits=tuple(sorted(n for n in numbers if len(n) >= 6)),
        short_digits=tuple(sorted(n for n in numbers if len(n) < 6)),
    )


def needles(person: Person) -> list[Needle]:
    """Everything that would give the person away, in the forms the detector looks for."""
    found = [
        Needle(person.key, "address", words=(squash(person.line1),)),
        Needle(person.key, "postcode", words=(squash(person.postcode),)),
        Needle(person.key, "email", words=(squash(person.email),)),
        Needle(person.key, "phone", digits=(re.sub(r"\D", "", person.phone)[1:],)),
    ]
    if person.born:
        found.append(_date_needle(person.key, person.born))
    return found


NEEDLES = [n for p in PEOPLE for n in needles(p)]


def leaks_in(text: str) -> list[Needle]:
    """The details the text gives away."""
    squashed, runs = squash(text), number_runs(text)
    return [n for n in NEEDLES if n.in_text(squashed, runs)]


# ---- The details written many ways --------------------------------------------------------

CASES = (str.upper, str.lower, str.title, lambda s: s[:1].lower() + s[1:].upper())


def postcodes(p: Person) -> st.SearchStrategy[str]:
    """Any spacing, a hyphen, any case: 'E5-2FU', 'e5 2fu', 'E52FU'."""
    outward, inward = p.postcode.split()
    seps = st.sampled_from(["-", " - ", "", "  ", " ", "\t"])
    return st.builds(lambda sep, case: case(outward + sep + inward), seps, st.sampled_from(CASES))


def phones(p: Person) -> st.SearchStrategy[str]:
    """By their digits: '07…', '+44 7…', '0044…', with spaces, dots, dashes or brackets."""
    nsn = re.sub(r"\D", "", p.phone)[1:]

    def write(prefix: str, groups: tuple[int, ...], sep: str, bracket: bool) -> str:
        cuts, parts, at = list(groups), [], 0
        for size in cuts:
            parts.append(nsn[at : at + size])
            at += size
        if prefix == "0" and bracket:
            return f"(0{parts[0]}) " + sep.join(parts[1:])
        return prefix + sep.join(parts)

    return st.builds(
        write,
        st.sampled_from(["+44 ", "+44", "0044 ", "0044", "+44 (0)", "0"]),
        st.sampled_from([(4, 6), (4, 3, 3), (2, 2, 3, 3), (10,)]),
        st.sampled_from([" ", ".", "-", ""]),
        st.booleans(),
    )


def dates_of_birth(p: Person) -> st.SearchStrategy[str]:
    """ISO, day/month/year with any separator and two- or four-digit year, and in words."""
    d = p.born
    assert d is not None

    def numeric(sep: str, pad: bool, two_digit_year: bool) -> str:
        day, month = (f"{d.day:02d}", f"{d.month:02d}") if pad else (str(d.day), str(d.month))
        year = f"{d.year % 100:02d}" if two_digit_year else str(d.year)
        return sep.join((day, month, year))

    words = [
        d.isoformat(),
        f"{_ordinal(d.day)} {_month(d)} {d.year}",
        f"{_month(d)} {d.day}, {d.year}",
        f"{d.day} {_month(d, short=True)} {d.year}",
        f"{_month(d, short=True)} {d.day} {d.year}",
        f"{d.day} {_month(d)} {d.year}",
    ]
    seps = st.sampled_from(["/", ".", "-", " "])
    return st.one_of(st.builds(numeric, seps, st.booleans(), st.booleans()), st.sampled_from(words))


def address_lines(p: Person) -> st.SearchStrategy[str]:
    """The number and street with any punctuation and case: '119, Mill Lane'."""
    number, street = p.line1.split(" ", 1)
    return st.builds(
        lambda sep, case, tail: number + sep + case(street) + tail,
        st.sampled_from([", ", ",", " ,", "-", ". ", " ", "  "]),
        st.sampled_from(CASES),
        st.sampled_from(["", ".", ","]),
    )


def emails(p: Person) -> st.SearchStrategy[str]:
    """In any case."""
    return st.lists(st.booleans(), min_size=len(p.email), max_size=len(p.email)).map(
        lambda ups: "".join(c.upper() if u else c for c, u in zip(p.email, ups, strict=True))
    )


def exact_forms(p: Person) -> list[str]:
    """The details as stored, and the dates of birth the screen has always known."""
    found = [p.line1, p.postcode, p.phone, p.email]
    if p.born:
        found += [p.born.isoformat(), f"{p.born.day} {_month(p.born)} {p.born.year}"]
        found.append(p.born.strftime("%d/%m/%Y"))
    return found


def in_words(detail: str) -> str:
    """A detail inside the kind of sentence a VLO writes."""
    return f"She asks that he keeps away from her; write to her at {detail} if needed."
