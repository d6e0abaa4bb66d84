"""Search: a Victim Liaison Unit finds a case by the victim's name (misspelt, partial, with or
without accents), the case number, the offender's name or the offender's CRN, prison number or
PNC number, within its own unit only."""
