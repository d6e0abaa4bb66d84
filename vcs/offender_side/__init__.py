"""The one door to the offender side: everything offender managers, MAPPA meetings, decision
makers and national managers are shown is built here, from projections that hold no victim's
contact details (`facts`), and every text bound for them passes the screen (`screening`) when
it is written. Its ways in are `api.offender_side`, `api.reports` and
`api.sentence.bulk_routes`; docs/reliability.md says how the door is kept."""
