"""AVG inzageverzoek: everything stored about one resident, with the access log of their
cases, ready to be shown or handed over as JSON."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from toegang.berichten.models import Mail
from toegang.privacy.models import Verwerking

from ..models import Inloglink, Inwoner, VeiligContact


def _tekst(waarde):
    if waarde is None:
        return None
    if hasattr(waarde, "tzinfo"):  # a moment: local time, to the minute
        return timezone.localtime(waarde).isoformat(timespec="minutes")
    if hasattr(waarde, "isoformat"):
        return waarde.isoformat()
    return str(waarde)


def _veilig_contact(hulpvraag) -> dict | None:
    """The resident's own wishes about being contacted, in full (they are the resident's)."""
    wensen = VeiligContact.van(hulpvraag)
    if wensen is None:
        return None
    return {
        "wensen": wensen.regels(),
        "codewoord": wensen.codewoord,
        "toelichting": wensen.notitie,
        "vastgelegd_op": _tekst(wensen.bijgewerkt),
    }


def inzage_samenstellen(inwoner: Inwoner) -> dict:
    """Everything about `inwoner`: their data, their cases with timeline, commitments and
    referrals (with what was handed over and their answer to "Is de hulp gestart?"), the
    consents they withdrew, the e-mails to them, the links to Mijn vragen asked for their
    address, and the access log."""
    hulpvragen = (
        inwoner.hulpvragen.select_related("vast_aanspreekpunt")
        .prefetch_related(
            "levensdomeinen",
            "tijdlijn__door",
            "afspraken__eigenaar",
            "afspraken__organisatie",
            "doorverwijzingen__organisatie",
            "doorverwijzingen__aanbod",
            "doorverwijzingen__collega",
            "doorbraken__gebruiker",
            "terugbelverzoeken__pogingen",
            "bezoekafspraken__locatie",
        )
        .select_related("veilig_contact")
        .order_by("aangemaakt")
    )
    referenties = [h.referentie for h in hulpvragen]
    logboek = Verwerking.objects.filter(
        Q(inwoner_id=inwoner.pk) | Q(hulpvraag__in=referenties)
    ).order_by("op")
    mails = Mail.objects.filter(aan__iexact=inwoner.email) if inwoner.email else Mail.objects.none()
    return {
        "samengesteld_op": _tekst(timezone.now()),
        "inwoner": {
            "naam": inwoner.naam,
            "geboortedatum": _tekst(inwoner.geboortedatum),
            "telefoon": inwoner.telefoon,
            "email": inwoner.email,
            "adres": inwoner.adres,
            "vastgelegd_op": _tekst(inwoner.aangemaakt),
        },
        "hulpvragen": [
            {
                "referentie": h.referentie,
                "binnengekomen": _tekst(h.aangemaakt),
                "kanaal": h.get_kanaal_display(),
                "kern": h.get_kern_display(),
                "levensdomeinen": [d.naam for d in h.levensdomeinen.all()],
                "vraag": h.vraag,
                "status": h.get_status_display(),
                "route": h.get_route_display() if h.route else "",
                "uitkomst": h.uitkomst,
                "vast_aanspreekpunt": (
                    h.vast_aanspreekpunt.weergavenaam if h.vast_aanspreekpunt else ""
                ),
                "toestemming_delen_met_partner": h.toestemming_delen,
                "veiligheid_meldcode": h.veiligheid,
                # Only a keyed code of the BSN is kept (never the BSN): say that it is.
                "gesteld_na_inloggen_met_digid": bool(h.digid_sleutel),
                "veilig_contact": _veilig_contact(h),
                "afgesloten_op": _tekst(h.afgesloten_op),
                "tijdlijn": [
                    {
                        "op": _tekst(g.op),
                        "soort": g.get_soort_display(),
                        "tekst": g.tekst,
                        "door": g.door.weergavenaam if g.door else "inwoner",
                    }
                    for g in h.tijdlijn.all()
                ],
                "afspraken": [
                    {
                        "wat": a.wat,
                        "wie": a.eigenaar_tekst,
                        "uiterlijk": _tekst(a.deadline),
                        "gedaan_op": _tekst(a.gedaan_op),
                    }
                    for a in h.afspraken.all()
                ],
                "doorverwijzingen": [
                    {
                        "naar": v.ontvanger_naam,
                        "status": v.get_status_display(),
                        "verstuurd_op": _tekst(v.verstuurd_op),
                        "samenvatting": v.samenvatting,
                        "al_gedaan": v.al_gedaan,
                        "grondslag": v.get_grondslag_display(),
                        "toestemming_op": _tekst(v.toestemming_op),
                        "wettelijke_taak": v.get_wettelijke_taak_display()
                        if v.wettelijke_taak
                        else "",
                        "gedeelde_gegevens": dict(v.gedeeld()),
                        "uitkomst": v.uitkomst,
                        "hulp_gestart_gevraagd_op": _tekst(v.inwoner_gevraagd_op),
                        "hulp_gestart_antwoord": v.get_inwoner_antwoord_display(),
                    }
                    for v in h.doorverwijzingen.all()
                ],
                "terugbelverzoeken": [
                    {
                        "telefoon": t.telefoon,
                        "email": t.email,
                        "waarover": t.notitie,
                        "wanneer": t.venster.tekst,
                        "status": t.get_status_display(),
                        "aangevraagd_op": _tekst(t.aangemaakt),
                        "pogingen": [
                            {
                                "op": _tekst(p.gedaan_op),
                                "bereikt": p.bereikt,
                                "notitie": p.notitie,
                            }
                            for p in t.pogingen.all()
                        ],
                    }
                    for t in h.terugbelverzoeken.all()
                ],
                "bezoekafspraken": [
                    {
                        "afspraaknummer": b.referentie,
                        "waar": b.locatie.korte_naam,
                        "wanneer": b.tijdvak_tekst,
                        "naam": b.naam,
                        "telefoon": b.telefoon,
                        "email": b.email,
                        "waarover": b.notitie,
                        "status": b.get_status_display(),
                        "gemaakt_op": _tekst(b.aangemaakt),
                    }
                    for b in h.bezoekafspraken.all()
                ],
                "inzage_zonder_betrokkenheid": [
                    {"op": _tekst(d.op), "door": d.gebruiker.weergavenaam, "reden": d.reden}
                    for d in h.doorbraken.all()
                ],
            }
            for h in hulpvragen
        ],
        "ingetrokken_toestemmingen": [
            {"organisatie": i.organisatie.naam, "op": _tekst(i.op), "door": i.door_tekst}
            for i in inwoner.toestemmingsintrekkingen.select_related("organisatie", "door")
        ],
        # Links to Mijn vragen asked for their address (kept a day).
        "inloglinks_mijn_vragen": [
            {"aangevraagd": _tekst(link.aangemaakt), "gebruikt_op": _tekst(link.gebruikt_op)}
            for link in (
                Inloglink.objects.filter(email__iexact=inwoner.email).order_by("aangemaakt")
                if inwoner.email
                else []
            )
        ],
        "e_mails": [
            {
                "onderwerp": m.onderwerp,
                "aangemaakt": _tekst(m.aangemaakt),
                "status": m.get_status_display(),
            }
            for m in mails.order_by("aangemaakt")
        ],
        "logboek_dataverwerkingen": [
            {
                "op": _tekst(r.op),
                "gebruiker": r.gebruikersnaam,
                "rol": r.rol,
                "actie": r.get_actie_display(),
                "hulpvraag": r.hulpvraag,
                "verwerkingsactiviteit": r.get_verwerkingsactiviteit_display(),
                "resultaat": r.get_resultaat_display(),
                "toelichting": r.toelichting,
            }
            for r in logboek
        ],
    }
