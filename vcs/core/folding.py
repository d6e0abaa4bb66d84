"""How people's names are compared when someone searches for them: lower case, accents and
Welsh circumflexes taken off (ŵ is found by w, ŷ by y), hyphens read as spaces and apostrophes
dropped, so "Sian Pryce-Jones" finds "Siân Pryce Jones".

The same folding runs in Python (on what was typed) and in the database (on the stored names,
through the search indexes), so both sides must use the one table below.
"""

from __future__ import annotations

# Each accented letter, upper and lower case, and the plain letter it is read as.
_ACCENTED = {
    "a": "àáâäãåāÀÁÂÄÃÅĀ",
    "c": "çÇ",
    "e": "èéêëēÈÉÊËĒ",
    "i": "ìíîïīÌÍÎÏĪ",
    "n": "ñÑ",
    "o": "òóôöõøōÒÓÔÖÕØŌ",
    "u": "ùúûüūÙÚÛÜŪ",
    "w": "ẁẃŵẅẀẂŴẄ",
    "y": "ỳýŷÿỲÝŶŸ",
}
FOLD_FROM = "".join(letters for letters in _ACCENTED.values()) + "-"
FOLD_TO = "".join(plain * len(letters) for plain, letters in _ACCENTED.items()) + " "
DROPPED = "'’"
_TABLE = str.maketrans(FOLD_FROM, FOLD_TO, DROPPED)


def fold(text: str) -> str:
    """A name as the search indexes hold it. Only A to Z change case here, as in SQL's
    lower() on either engine; accented capitals are in the table."""
    lowered = "".join(c.lower() if c.isascii() else c for c in text)
    return lowered.translate(_TABLE)


def postgres_fold(column: str) -> str:
    """The same folding as a PostgreSQL expression (immutable, so it can be indexed)."""
    dropped = DROPPED.replace("'", "''")
    return f"translate(lower({column}), '{FOLD_FROM}{dropped}', '{FOLD_TO}')"


def sqlite_fold(column: str) -> list[str]:
    """The same folding for SQLite, as steps to apply one after another to `column` (SQLite's
    parser takes only so many nested calls): lower() first, then one replace() per letter."""
    pairs = [*zip(FOLD_FROM, FOLD_TO, strict=True), *((d, "") for d in DROPPED)]
    steps = []
    for start in range(0, len(pairs), 25):
        expression = f"lower({column})" if start == 0 else column
        for source, target in pairs[start : start + 25]:
            quoted = source.replace("'", "''")
            expression = f"replace({expression}, '{quoted}', '{target}')"
        steps.append(expression)
    return steps
