"""Events from HMPPS systems (custody and probation domain events): each message recorded once in
the inbox, matched to our offender, and turned into key stages, key dates and tasks by the effects
table (`effects.toml`); what cannot be matched waits in the VLU managers' review queue."""
