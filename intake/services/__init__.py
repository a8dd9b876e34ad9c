"""Work around the intake models that spans models or has side effects (messages, outbox
rows, the logboek): one module per flow, each function keyword-only and named
<noun>_<verb>. The models change state; these say it to the people involved.

- hulpvraag: a question comes in (online, at the counter, a partner's signal), joins an
  earlier case, is changed on the case page (with its logboek row), is closed, takes the
  safety lane; the resident's confirmation, the safety message and the escalation of a
  late first contact.
- wachtrijen: the front desk's work queues.
- terugbellen: calling back (taking a call-back, each call, the resident's e-mail after the
  last failed try, overdue windows told to the coordinators); a call-back request comes in
  through hulpvraag.terugbelverzoek_indienen.
- afspraken: reminders of commitments and overdue ones.
- bezoekafspraken: a resident's booked visit to the front door (not a commitment): booking,
  moving, cancelling, the confirmation with its .ics and the reminder, the counter's
  "came / did not come", and appointments the rota no longer carries.
- feedback: the survey after closing.
- doorverwijzing: a warm referral from making it to closing it, its messages, and the
  logboek row of each step taken on its page.
- doorverwijzing_termijnen: the hourly sweep of the referral timers (reminders,
  escalation, expiry, check-in).
- hulp_gestart: the loop closed with the resident: "Is de hulp gestart?" asked once after
  an accepted referral's term, their answer, and a "nee" back to the contact person.
- toestemming: what the resident's data went to which organisation, and withdrawing
  consent for one of them.
- bewaren: retention (what is deleted or anonymised at night).
- inzage: everything stored about one resident, for an AVG request.
- meldingen: the message texts in templates, and who is told.
- veilig_contact: every e-mail to a resident, after asking veilig contact whether it may go
  (`inwoner_mailen`); a refused one is noted on the case.
"""
