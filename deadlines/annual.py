"""The annual contact: a victim who chose to hear once a year gets a letter every 12 months
while the offender is in custody.

Victims' Code, right 7, and the Victim Contact Scheme guidance: the annual level means one
contact a year. Each is due 12 calendar months after the last one (or after the victim chose the
annual level); a 29 February anchor falls due on 28 February of a year that has no 29th. A
contact made within `window_days` before the due date, or any time after it, meets it: earlier
than that it is another contact, not the annual one.
"""

from __future__ import annotations

from datetime import date, timedelta

CLOCK = "annual_contact"
MONTHS = 12


def annual_contact_due(anchor: date) -> date:
    """The date the next annual contact is due: 12 calendar months after `anchor`."""
    try:
        return anchor.replace(year=anchor.year + 1)
    except ValueError:  # 29 February, in a year followed by one with no 29 February
        return anchor.replace(year=anchor.year + 1, day=28)


def meets_annual_contact(due: date, contact_on: date, window_days: int) -> bool:
    """Whether a contact on `contact_on` is the annual contact due on `due`."""
    if window_days < 0:
        raise ValueError("The window cannot be negative")
    return contact_on >= due - timedelta(days=window_days)
