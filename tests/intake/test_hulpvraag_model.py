"""The hulpvraag's state: allowed paths from the one table, the timeline, versions."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from intake.models import (
    OVERGANGEN,
    Afspraak,
    Gebeurtenis,
    Hulpvraag,
    OngeldigeOvergang,
    Route,
    Status,
    VersieConflict,
    telefoon_sleutel,
)
from tests.intake.factories import HulpvraagFactory

pytestmark = pytest.mark.django_db

TOEGESTAAN = [(van, naar) for van in Status for naar in Status if naar in OVERGANGEN[van]]
GEWEIGERD = [(van, naar) for van in Status for naar in Status if naar not in OVERGANGEN[van]]

# Refused steps where the method that leads to `naar` still does its work without taking
# the refused step: from ontvangen it walks through in behandeling (two allowed steps);
# a second afspraak or referral leaves the status where it is.
DOORLOPEN = {
    (Status.ONTVANGEN, Status.AFSPRAKEN_GEMAAKT),
    (Status.ONTVANGEN, Status.DOORVERWEZEN),
}
BLIJFT = {
    (Status.AFSPRAKEN_GEMAAKT, Status.AFSPRAKEN_GEMAAKT),
    (Status.DOORVERWEZEN, Status.AFSPRAKEN_GEMAAKT),
    (Status.DOORVERWEZEN, Status.DOORVERWEZEN),
}


def stap(hulpvraag, naar, door):
    """The one public method that moves a case to `naar` from where it is."""
    if naar == Status.IN_BEHANDELING:
        if hulpvraag.status == Status.AFGEROND:
            hulpvraag.heropen(door=door, reden="De inwoner belt opnieuw over hetzelfde.")
        elif hulpvraag.status == Status.ONTVANGEN:
            hulpvraag.wijs_toe(door, door=door)
        else:
            hulpvraag.heropen(door=door, reden="Nog eens bekijken.")
    elif naar == Status.AFSPRAKEN_GEMAAKT:
        hulpvraag.afspraak_maken(
            door=door,
            wat="Terugbellen over de aanvraag",
            deadline=timezone.localdate() + timedelta(days=3),
            eigenaar_soort=Afspraak.Eigenaar.MEDEWERKER,
            eigenaar=door,
        )
    elif naar == Status.DOORVERWEZEN:
        hulpvraag.markeer_doorverwezen(door=door)
    elif naar == Status.AFGEROND:
        hulpvraag.sluit(
            door=door, route=Route.SOCIALE_BASIS, uitkomst="Vraag aan de balie beantwoord."
        )
    else:
        raise AssertionError(f"no method leads to {naar}")


# The shortest allowed path from a new question to each status.
PAD = {
    Status.ONTVANGEN: [],
    Status.IN_BEHANDELING: [Status.IN_BEHANDELING],
    Status.AFSPRAKEN_GEMAAKT: [Status.IN_BEHANDELING, Status.AFSPRAKEN_GEMAAKT],
    Status.DOORVERWEZEN: [Status.IN_BEHANDELING, Status.DOORVERWEZEN],
    Status.AFGEROND: [Status.AFGEROND],
}


def in_status(status, door):
    hulpvraag = HulpvraagFactory()
    for naar in PAD[status]:
        stap(hulpvraag, naar, door)
    hulpvraag.refresh_from_db()
    assert hulpvraag.status == status
    return hulpvraag


def momentopname(hulpvraag):
    vers = Hulpvraag.objects.get(pk=hulpvraag.pk)
    return (
        vers.status,
        vers.versie,
        vers.route,
        vers.afgesloten_op,
        list(vers.tijdlijn.values_list("pk", flat=True)),
        vers.afspraken.count(),
    )


def statuspad(hulpvraag):
    """Every status the case passed through, from the timeline."""
    return [Status.ONTVANGEN] + list(
        hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.STATUS).values_list("status", flat=True)
    )


def test_every_status_has_a_row_in_the_table():
    assert set(OVERGANGEN) == set(Status)


@pytest.mark.parametrize(("van", "naar"), TOEGESTAAN)
def test_allowed_transition_moves_the_case_and_writes_the_timeline(van, naar, medewerker):
    hulpvraag = in_status(van, medewerker)
    versie = hulpvraag.versie
    stappen = hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.STATUS).count()

    stap(hulpvraag, naar, medewerker)

    hulpvraag.refresh_from_db()
    assert hulpvraag.status == naar
    assert hulpvraag.versie > versie
    laatste = hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.STATUS).last()
    assert (laatste.status, laatste.door) == (naar, medewerker)
    assert hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.STATUS).count() == stappen + 1


@pytest.mark.parametrize(("van", "naar"), GEWEIGERD)
def test_refused_transition_is_refused_by_the_table(van, naar, medewerker):
    hulpvraag = in_status(van, medewerker)
    assert not hulpvraag.mag_naar(naar)
    with pytest.raises(OngeldigeOvergang):
        hulpvraag._zet_status(naar, medewerker)


@pytest.mark.parametrize(
    ("van", "naar"), [paar for paar in GEWEIGERD if paar[1] != Status.ONTVANGEN]
)
def test_refused_transition_through_its_method_changes_nothing(van, naar, medewerker):
    hulpvraag = in_status(van, medewerker)
    voor = momentopname(hulpvraag)

    if (van, naar) in DOORLOPEN | BLIJFT:
        stap(hulpvraag, naar, medewerker)
    else:
        with pytest.raises(OngeldigeOvergang):
            stap(hulpvraag, naar, medewerker)
        assert momentopname(hulpvraag) == voor

    # Whatever the method did, the case only ever took allowed steps.
    pad = statuspad(hulpvraag)
    assert all(b in OVERGANGEN[a] for a, b in zip(pad, pad[1:], strict=False)), pad
    if (van, naar) in BLIJFT:
        assert Hulpvraag.objects.get(pk=hulpvraag.pk).status == van


def test_nothing_leads_back_to_ontvangen():
    assert not any(Status.ONTVANGEN in naar for naar in OVERGANGEN.values())


def test_a_new_question_is_not_reopened(medewerker):
    hulpvraag = HulpvraagFactory()
    with pytest.raises(OngeldigeOvergang):
        hulpvraag.heropen(door=medewerker, reden="Per ongeluk")
    hulpvraag.refresh_from_db()
    assert (hulpvraag.status, hulpvraag.versie, hulpvraag.tijdlijn.count()) == (
        Status.ONTVANGEN,
        1,
        0,
    )


@pytest.mark.parametrize(
    ("route", "uitkomst"),
    [("", "Geholpen met het formulier."), (Route.MAATWERK, ""), (Route.MAATWERK, "   ")],
)
def test_closing_needs_a_route_and_an_outcome(route, uitkomst, medewerker):
    hulpvraag = in_status(Status.IN_BEHANDELING, medewerker)
    voor = momentopname(hulpvraag)
    with pytest.raises(OngeldigeOvergang):
        hulpvraag.sluit(door=medewerker, route=route, uitkomst=uitkomst)
    assert momentopname(hulpvraag) == voor


def test_closing_records_route_outcome_and_when(medewerker):
    hulpvraag = in_status(Status.IN_BEHANDELING, medewerker)
    hulpvraag.sluit(door=medewerker, route=Route.VOORLIGGEND_VELD, uitkomst="  Naar het taalcafé. ")
    hulpvraag.refresh_from_db()
    assert hulpvraag.route == Route.VOORLIGGEND_VELD
    assert hulpvraag.uitkomst == "Naar het taalcafé."
    assert hulpvraag.afgesloten_op is not None


@pytest.mark.parametrize(
    "velden", [{"route": ""}, {"uitkomst": ""}], ids=["zonder-route", "zonder-uitkomst"]
)
def test_database_refuses_a_closed_case_without_route_or_outcome(velden):
    hulpvraag = HulpvraagFactory()
    gesloten = {"status": Status.AFGEROND, "route": Route.MAATWERK, "uitkomst": "Klaar."}
    with pytest.raises(IntegrityError), transaction.atomic():
        Hulpvraag.objects.filter(pk=hulpvraag.pk).update(**(gesloten | velden))


def test_reopening_needs_a_reason(medewerker):
    hulpvraag = in_status(Status.AFGEROND, medewerker)
    voor = momentopname(hulpvraag)
    with pytest.raises(OngeldigeOvergang):
        hulpvraag.heropen(door=medewerker, reden="  ")
    assert momentopname(hulpvraag) == voor

    hulpvraag.heropen(door=medewerker, reden="Inwoner belt terug: het lukt toch niet.")
    hulpvraag.refresh_from_db()
    assert hulpvraag.status == Status.IN_BEHANDELING
    assert hulpvraag.afgesloten_op is None
    assert hulpvraag.tijdlijn.filter(tekst__contains="het lukt toch niet").exists()


def test_timeline_rows_cannot_be_changed_or_deleted(medewerker):
    hulpvraag = HulpvraagFactory()
    notitie = hulpvraag.notitie_maken(door=medewerker, tekst="Inwoner klinkt gespannen.")

    notitie.tekst = "Anders opgeschreven"
    with pytest.raises(ValidationError):
        notitie.save()
    with pytest.raises(ValidationError):
        notitie.delete()
    with pytest.raises(ValidationError):
        Gebeurtenis.objects.filter(pk=notitie.pk).update(tekst="Stiekem anders")
    with pytest.raises(ValidationError):
        Gebeurtenis.objects.filter(pk=notitie.pk).delete()
    with pytest.raises(ValidationError):
        hulpvraag.tijdlijn.all().delete()

    assert Gebeurtenis.objects.get(pk=notitie.pk).tekst == "Inwoner klinkt gespannen."


def test_deleting_a_whole_case_for_retention_removes_its_timeline(medewerker):
    hulpvraag = in_status(Status.AFGEROND, medewerker)
    hulpvraag.delete()
    assert not Gebeurtenis.objects.filter(hulpvraag_id=hulpvraag.pk).exists()


def test_versie_rises_with_each_change(medewerker):
    hulpvraag = HulpvraagFactory()
    versies = [hulpvraag.versie]
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    versies.append(hulpvraag.versie)
    hulpvraag.contact_vastleggen(door=medewerker, kanaal="telefoon", tekst="Gebeld.")
    versies.append(hulpvraag.versie)
    hulpvraag.wijzig(
        door=medewerker, versie=hulpvraag.versie, inwoner={}, hulpvraag={"kern": "dinxperlo"}
    )
    versies.append(hulpvraag.versie)
    assert versies == sorted(set(versies))
    assert Hulpvraag.objects.get(pk=hulpvraag.pk).versie == versies[-1]


def test_saving_with_an_old_versie_is_refused_and_changes_nothing(medewerker):
    hulpvraag = HulpvraagFactory(kern="aalten")
    oud = hulpvraag.versie
    hulpvraag.wijs_toe(medewerker, door=medewerker)  # someone else's change in between
    voor = momentopname(hulpvraag)

    with pytest.raises(VersieConflict) as conflict:
        hulpvraag.wijzig(
            door=medewerker,
            versie=oud,
            inwoner={"naam": "Anders"},
            hulpvraag={"kern": "bredevoort"},
        )

    assert momentopname(hulpvraag) == voor
    vers = Hulpvraag.objects.get(pk=hulpvraag.pk)
    assert (vers.kern, vers.inwoner.naam) == ("aalten", hulpvraag.inwoner.naam)
    # The second one is shown the first one's change.
    assert conflict.value.huidig.vast_aanspreekpunt == medewerker


def test_wijzig_does_not_change_state_fields(medewerker):
    hulpvraag = HulpvraagFactory()
    for veld, waarde in [
        ("status", Status.AFGEROND),
        ("versie", 99),
        ("veiligheid", True),
        ("vast_aanspreekpunt", medewerker),
    ]:
        with pytest.raises(ValueError):
            hulpvraag.wijzig(
                door=medewerker, versie=hulpvraag.versie, inwoner={}, hulpvraag={veld: waarde}
            )
    assert momentopname(hulpvraag)[:2] == (Status.ONTVANGEN, 1)


def test_telefoon_sleutel_reads_the_ways_people_write_a_number():
    assert {
        telefoon_sleutel(nummer)
        for nummer in [
            "0612345678",
            "06-12345678",
            "06 123 456 78",
            "(06) 12345678",
            "+31 6 12345678",
            "+31 (0)6 12345678",
            "0031 6 1234 5678",
        ]
    } == {"0612345678"}


@pytest.mark.django_db(transaction=True)
def test_two_medewerkers_saving_at_once_one_wins_the_other_is_told(medewerker, coordinator):
    hulpvraag = HulpvraagFactory(kern="aalten")
    start = threading.Barrier(2)
    uitkomsten = {}

    def opslaan(door, kern):
        try:
            eigen = Hulpvraag.objects.get(pk=hulpvraag.pk)  # the form was opened at versie 1
            start.wait(timeout=10)
            eigen.wijzig(door=door, versie=1, inwoner={}, hulpvraag={"kern": kern})
            uitkomsten[kern] = "opgeslagen"
        except VersieConflict as conflict:
            uitkomsten[kern] = conflict.huidig.kern
        finally:
            connection.close()

    threads = [
        threading.Thread(target=opslaan, args=(medewerker, "dinxperlo")),
        threading.Thread(target=opslaan, args=(coordinator, "bredevoort")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(uitkomsten) == ["bredevoort", "dinxperlo"]
    winnaar = [kern for kern, uitkomst in uitkomsten.items() if uitkomst == "opgeslagen"]
    assert len(winnaar) == 1
    verliezer = next(kern for kern in uitkomsten if kern != winnaar[0])
    assert uitkomsten[verliezer] == winnaar[0]  # the loser sees the winner's change
    vers = Hulpvraag.objects.get(pk=hulpvraag.pk)
    assert (vers.kern, vers.versie) == (winnaar[0], 2)
    assert vers.tijdlijn.filter(soort=Gebeurtenis.Soort.GEGEVENS).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_contacts_logged_at_once_both_count(medewerker, coordinator):
    hulpvraag = HulpvraagFactory()
    start = threading.Barrier(2)
    fouten = []

    def bellen(door):
        try:
            eigen = Hulpvraag.objects.get(pk=hulpvraag.pk)
            start.wait(timeout=10)
            eigen.contact_vastleggen(door=door, kanaal="telefoon", tekst="Gebeld.")
        except Exception as fout:  # noqa: BLE001 - reported below
            fouten.append(fout)
        finally:
            connection.close()

    threads = [threading.Thread(target=bellen, args=(u,)) for u in (medewerker, coordinator)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert fouten == []
    vers = Hulpvraag.objects.get(pk=hulpvraag.pk)
    assert vers.tijdlijn.filter(soort=Gebeurtenis.Soort.CONTACTMOMENT).count() == 2
    assert vers.tijdlijn.filter(soort=Gebeurtenis.Soort.STATUS).count() == 1
    assert vers.status == Status.IN_BEHANDELING
    assert vers.vast_aanspreekpunt in (medewerker, coordinator)


@pytest.mark.parametrize(
    "voorkeur, tijd, zin",
    [
        (
            "telefoon",
            "maakt-niet-uit",
            "De inwoner wil graag gebeld worden, het maakt niet uit wanneer.",
        ),
        ("telefoon", "ochtend", "De inwoner wil graag gebeld worden, het liefst in de ochtend."),
        ("email", "", "De inwoner wil graag een e-mail."),
        ("langskomen", "middag", "De inwoner komt liever zelf langs, het liefst in de middag."),
        ("", "maakt-niet-uit", "Het maakt de inwoner niet uit hoe en wanneer u contact opneemt."),
        (
            "",
            "ochtend",
            "Het maakt de inwoner niet uit hoe u contact opneemt, het liefst in de ochtend.",
        ),
        ("", "", ""),
    ],
)
def test_the_contact_preference_reads_as_a_sentence(voorkeur, tijd, zin):
    assert Hulpvraag(contactvoorkeur=voorkeur, contacttijd=tijd).contactwens == zin
