"""The klantreis monitor's counts (issue 18, part 4): what the council measures again a year
after the new front door opened, read from the portal's own data. Per calendar month, so
every period is the sum of its months and each month is protected once
(rapportage.afscherming); the figures are made in rapportage.figuren.klantreis.

- Vast aanspreekpunt: of the cases closed in a month, those that had one and the same vast
  aanspreekpunt from start to end, read from the timeline. Every `toewijzing` line is a
  change of holder (Hulpvraag.wijs_toe writes none when the holder stays the same), and a
  first contact by a front-door colleague makes them the holder without such a line
  (Hulpvraag.contact_vastleggen). So the number of holders is the toewijzing lines plus one
  when a front-door colleague logged a contact before the first of them; one holder is the
  aim. (Who works at the front door is read from their role now: the timeline does not keep
  roles, and a colleague who moved on to another role is rare.)
- Warme overdracht: of the referrals sent in a month, those with a summary for the
  receiver that the receiver accepted within its organisation's term: at most
  `herinneren_na` working days after sending (Reactietermijnen; the defaults for teams,
  colleagues and organisations without terms of their own) — before the reminder goes out.
- Hulp gestart: per case the first "ja" of its resident to "Is de hulp gestart?"
  (intake.services.hulp_gestart), counted in the month of that answer, with the working
  days (weekends and Dutch public holidays skipped, locaties.openingstijden) from the first
  contact (or, without one, the moment the question came in) to that answer.

Each count is one aggregate query grouped by month, like rapportage.cijfers (whose router,
calendar and working-day SQL it shares): per case in the database, never per case in Python,
so the page costs about what the hand-written SQL of benchmarks/dashboard.py does. Working
days come from the numbered calendar (rapportage.models.Werkdagkalender), the rule of
locaties.openingstijden.werkdagen_tussen. The counts are not kept in the fact table
(rapportage.maandcijfers): read straight they are cheap enough, and a second store would
need invalidation on every timeline line and answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from intake.models import (
    Doorverwijzing,
    Gebeurtenis,
    HulpGestart,
    Hulpvraag,
    Reactietermijnen,
    Status,
)
from toegang.accounts.roles import BALIE

from .cijfers import KALENDER_CTE, TIJDZONE, Verdeling, leescursor, tabelnaam, werkdagen_sql
from .perioden import Periode


@dataclass
class Maandtelling:
    """The counts of one month."""

    afgesloten: int = 0
    een_aanspreekpunt: int = 0
    verstuurd: int = 0
    warm: int = 0
    # Working days from first contact to the help started, per case.
    gestart: Verdeling = field(default_factory=Verdeling)


def _grenzen(maanden: list[Periode]):
    return maanden[0].grenzen()[0], maanden[-1].grenzen()[1]


# The local month of a moment, as the date of its first day.
def _maand_sql(kolom: str) -> str:
    return f"date_trunc('month', {kolom} AT TIME ZONE %(tz)s)::date"


def tellen(maanden: list[Periode]) -> list[Maandtelling]:
    """The counts of each of `maanden` (consecutive months, in order): three aggregate
    queries whatever their number and the number of cases."""
    if not maanden:
        return []
    per_maand = {m.van.replace(day=1): Maandtelling() for m in maanden}
    van, tot = _grenzen(maanden)
    params = {"van": van, "tot": tot, "tz": TIJDZONE}
    _aanspreekpunten(per_maand, params)
    _overdrachten(per_maand, params)
    _hulp_gestart(per_maand, params)
    return [per_maand[m.van.replace(day=1)] for m in maanden]


def _per_maand(per_maand: dict, model, sql: str, params: dict):
    """(the month's counts, the rest of the row) for each row of `sql` (read where the
    router reads `model`) whose first column is one of the months asked for."""
    with leescursor(model) as cursor:
        cursor.execute(sql, params)
        rijen = cursor.fetchall()
    for maand, *rest in rijen:
        if (telling := per_maand.get(maand)) is not None:
            yield telling, rest


def _aanspreekpunten(per_maand: dict, params: dict) -> None:
    # Per closed case its toewijzing lines and the first of them, and the first contact
    # logged by a front-door colleague; one holder is the lines plus one for a contact
    # before the first line (or without any) adding up to one. The colleagues are one
    # hashed list for the whole statement: joined per case, PostgreSQL read every user
    # for each closed case (1.4 s for a year at region size).
    g, u = tabelnaam(Gebeurtenis), tabelnaam(get_user_model())
    rijen = _per_maand(
        per_maand,
        Hulpvraag,
        f"SELECT {_maand_sql('h.afgesloten_op')}, count(*), count(*) FILTER (WHERE t.n"
        " + (t.contact IS NOT NULL AND t.contact < coalesce(t.eerste, 'infinity'))::int = 1)"
        f" FROM {tabelnaam(Hulpvraag)} h CROSS JOIN LATERAL (SELECT"
        " count(*) FILTER (WHERE g.soort = %(toewijzing)s) AS n,"
        " min(g.op) FILTER (WHERE g.soort = %(toewijzing)s) AS eerste,"
        " min(g.op) FILTER (WHERE g.soort = %(contact)s AND g.door_id IN"
        f" (SELECT id FROM {u} WHERE rol = ANY(%(balie)s))) AS contact"
        f" FROM {g} g WHERE g.hulpvraag_id = h.id AND g.soort IN (%(toewijzing)s, %(contact)s)) t"
        " WHERE h.status = %(afgerond)s AND h.afgesloten_op >= %(van)s"
        " AND h.afgesloten_op < %(tot)s GROUP BY 1",
        params
        | {
            "toewijzing": Gebeurtenis.Soort.TOEWIJZING,
            "contact": Gebeurtenis.Soort.CONTACTMOMENT,
            "balie": [str(r) for r in BALIE],
            "afgerond": Status.AFGEROND,
        },
    )
    for telling, (n, een) in rijen:
        telling.afgesloten += n
        telling.een_aanspreekpunt += een


def _overdrachten(per_maand: dict, params: dict) -> None:
    # Warm: a summary, and accepted within the organisation's reminder term (the default
    # for teams, colleagues and organisations without terms of their own).
    werkdagen = werkdagen_sql("d.verstuurd_op", "d.geaccepteerd_op")
    rijen = _per_maand(
        per_maand,
        Doorverwijzing,
        f"{KALENDER_CTE} SELECT {_maand_sql('d.verstuurd_op')}, count(*),"
        " count(*) FILTER (WHERE d.samenvatting <> '' AND d.geaccepteerd_op IS NOT NULL"
        f" AND {werkdagen} <= coalesce(r.herinneren_na, %(standaard)s))"
        f" FROM {tabelnaam(Doorverwijzing)} d LEFT JOIN {tabelnaam(Reactietermijnen)} r"
        " ON r.organisatie_id = d.organisatie_id"
        " WHERE d.verstuurd_op >= %(van)s AND d.verstuurd_op < %(tot)s GROUP BY 1",
        params | {"standaard": Reactietermijnen.standaard().herinneren_na},
    )
    for telling, (n, warm) in rijen:
        telling.verstuurd += n
        telling.warm += warm


def _hulp_gestart(per_maand: dict, params: dict) -> None:
    # Per case its first "ja" in the months, and the working days to it from the first
    # contact (or the moment the question came in); counted per month and number of days.
    werkdagen = werkdagen_sql("z.contact", "z.gestart")
    rijen = _per_maand(
        per_maand,
        Doorverwijzing,
        f"{KALENDER_CTE} SELECT {_maand_sql('z.gestart')}, {werkdagen}, count(*)"
        " FROM (SELECT min(d.inwoner_antwoord_op) AS gestart,"
        " coalesce(h.eerste_contact_op, h.aangemaakt) AS contact"
        f" FROM {tabelnaam(Doorverwijzing)} d JOIN {tabelnaam(Hulpvraag)} h ON h.id = d.hulpvraag_id"
        " WHERE d.inwoner_antwoord = %(ja)s AND d.inwoner_antwoord_op >= %(van)s"
        " AND d.inwoner_antwoord_op < %(tot)s GROUP BY h.id) z GROUP BY 1, 2",
        params | {"ja": HulpGestart.JA},
    )
    for telling, (dagen, n) in rijen:
        telling.gestart.voeg_toe(dagen, n)
