"""Need-to-know per role, break the glass, contact details per role, the logboek
dataverwerkingen (append-only, in the same transaction) and the AVG inzageverzoek."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from intake.models import Afspraak, Doorbraak, Hulpvraag, Kanaal
from intake.services.doorverwijzing import doorverwijzing_versturen
from tests.accounts.factories import UserFactory
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory, InwonerFactory
from toegang.accounts.roles import Rol, Team
from toegang.privacy.models import Verwerking
from toegang.privacy.services import verwerking_vastleggen

pytestmark = pytest.mark.django_db


@pytest.fixture
def wmo_zaak():
    """A case of the maatwerkteam Wmo, outside the front door's own work."""
    return HulpvraagFactory(
        team=Team.MAATWERK_WMO,
        inwoner=InwonerFactory(naam="Bertha Geheim", telefoon="06-99990000"),
    )


@pytest.fixture
def eigen_zaak(medewerker):
    return HulpvraagFactory(inwoner=InwonerFactory(naam="Toos Eigen", telefoon="06-11110000"))


def zichtbaar(user):
    return set(Hulpvraag.objects.zichtbaar_voor(user))


# --- need-to-know ---------------------------------------------------------------------------


def test_a_medewerker_sees_the_own_teams_cases_and_not_another_teams(
    medewerker, wmo_zaak, eigen_zaak
):
    assert zichtbaar(medewerker) == {eigen_zaak}


@pytest.mark.parametrize(
    "deelname",
    ["aanspreekpunt", "geregistreerd", "tijdlijn", "afspraak", "doorverwijzing_team", "collega"],
)
def test_a_medewerker_sees_a_case_they_took_part_in(medewerker, wmo_zaak, deelname):
    coordinator = UserFactory(rol=Rol.COORDINATOR)
    if deelname == "aanspreekpunt":
        wmo_zaak.wijs_toe(medewerker, door=coordinator)
    elif deelname == "geregistreerd":
        Hulpvraag.objects.filter(pk=wmo_zaak.pk).update(geregistreerd_door=medewerker)
    elif deelname == "tijdlijn":
        wmo_zaak.notitie_maken(door=medewerker, tekst="Even meegekeken op verzoek.")
    elif deelname == "afspraak":
        wmo_zaak.afspraak_maken(
            door=coordinator,
            wat="Bellen",
            deadline=timezone.localdate(),
            eigenaar_soort=Afspraak.Eigenaar.MEDEWERKER,
            eigenaar=medewerker,
        )
    else:
        andere = UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_WMO)
        verwijzing = DoorverwijzingFactory(
            hulpvraag=wmo_zaak,
            organisatie=None,
            team=Team.TOEGANG if deelname == "doorverwijzing_team" else "",
            collega=medewerker if deelname == "collega" else None,
            grondslag="geen",
            gegevens=[],
            contactpersoon=andere,
            aangemaakt_door=andere,
        )
        assert wmo_zaak not in zichtbaar(medewerker)  # a concept gives no access yet
        doorverwijzing_versturen(doorverwijzing=verwijzing, door=andere)
    assert wmo_zaak in zichtbaar(medewerker)


@pytest.mark.parametrize(
    ("persona", "ziet_alles"),
    [("coordinator", True), ("beleid", False), ("beheerder", False), ("partner_a", False)],
)
def test_what_each_other_role_sees(request, wmo_zaak, eigen_zaak, persona, ziet_alles):
    user = request.getfixturevalue(persona)
    assert zichtbaar(user) == ({wmo_zaak, eigen_zaak} if ziet_alles else set())


def test_beleid_and_partners_cannot_open_a_case_page(client, beleid, partner_a, eigen_zaak):
    for user in (beleid, partner_a):
        client.force_login(user)
        assert client.get(eigen_zaak.get_absolute_url()).status_code == 403


# --- break the glass ------------------------------------------------------------------------


def test_another_teams_case_asks_for_a_reason_and_shows_nothing(client, medewerker, wmo_zaak):
    client.force_login(medewerker)
    antwoord = client.get(wmo_zaak.get_absolute_url())
    assert antwoord.status_code == 403
    tekst = antwoord.content.decode()
    assert "Deze hulpvraag hoort niet bij uw werk" in tekst
    assert "Bertha" not in tekst and wmo_zaak.vraag not in tekst


def test_a_case_that_does_not_exist_is_a_plain_404(client, medewerker):
    client.force_login(medewerker)
    assert client.get("/balie/hulpvragen/TA-2026-99999/").status_code == 404


def test_breaking_the_glass_needs_a_reason(client, medewerker, wmo_zaak):
    client.force_login(medewerker)
    antwoord = client.post(
        f"/balie/hulpvragen/{wmo_zaak.referentie}/doorbraak/", {"doorbraak-reden": " "}
    )
    assert antwoord.status_code == 400
    assert not Doorbraak.objects.exists()


def test_breaking_the_glass_opens_the_case_for_eight_hours_logged_and_shown_to_the_coordinator(
    client, medewerker, coordinator, wmo_zaak
):
    client.force_login(medewerker)
    reden = "Mevrouw staat aan de balie en vraagt naar haar aanvraag."
    antwoord = client.post(
        f"/balie/hulpvragen/{wmo_zaak.referentie}/doorbraak/", {"doorbraak-reden": reden}
    )
    assert antwoord.status_code == 303
    assert "Bertha Geheim" in client.get(wmo_zaak.get_absolute_url()).content.decode()
    rij = Verwerking.objects.get(actie="doorbraak")
    assert (rij.gebruikersnaam, rij.hulpvraag, rij.toelichting) == (
        medewerker.username,
        wmo_zaak.referentie,
        reden,
    )
    client.force_login(coordinator)
    balie = client.get("/balie/").content.decode()
    assert "Inzage zonder betrokkenheid" in balie and reden in balie
    with time_machine.travel(timezone.now() + timedelta(hours=8, minutes=1)):
        assert wmo_zaak not in zichtbaar(medewerker)


def test_partners_and_beleid_cannot_break_the_glass(client, beleid, partner_a, wmo_zaak):
    for user in (beleid, partner_a):
        client.force_login(user)
        antwoord = client.post(
            f"/balie/hulpvragen/{wmo_zaak.referentie}/doorbraak/", {"doorbraak-reden": "x"}
        )
        assert antwoord.status_code == 403
    assert not Doorbraak.objects.exists()


# --- contact details per role -----------------------------------------------------------------


def test_contact_details_are_hidden_for_a_role_without_the_right(
    client, settings, medewerker, coordinator, eigen_zaak
):
    settings.CONTACTGEGEVENS_ROLLEN = ["coordinator"]
    client.force_login(medewerker)
    tekst = client.get(eigen_zaak.get_absolute_url()).content.decode()
    assert "06-11110000" not in tekst and "*****" in tekst
    assert "Toos Eigen" in tekst  # the name is not a contact detail
    client.force_login(coordinator)
    assert "06-11110000" in client.get(eigen_zaak.get_absolute_url()).content.decode()


# --- the logboek dataverwerkingen ---------------------------------------------------------------


def rijen(**filters):
    return list(
        Verwerking.objects.filter(**filters).values_list(
            "gebruikersnaam", "rol", "actie", "hulpvraag", "inwoner_id", "resultaat"
        )
    )


def test_opening_a_case_writes_who_role_what_which_case_and_resident(
    client, medewerker, eigen_zaak
):
    client.force_login(medewerker)
    client.get(eigen_zaak.get_absolute_url())
    assert rijen(actie="inzien", toelichting="") == [
        (
            "medewerker",
            "medewerker",
            "inzien",
            eigen_zaak.referentie,
            eigen_zaak.inwoner_id,
            "gelukt",
        )
    ]
    assert Verwerking.objects.get(actie="inzien", toelichting="").verwerkingsactiviteit == "toegang"


def test_a_change_writes_a_row_with_the_change(client, medewerker, eigen_zaak):
    client.force_login(medewerker)
    client.post(f"/balie/hulpvragen/{eigen_zaak.referentie}/notitie/", {"notitie-tekst": "Gebeld."})
    assert rijen(actie="wijzigen") == [
        (
            "medewerker",
            "medewerker",
            "wijzigen",
            eigen_zaak.referentie,
            eigen_zaak.inwoner_id,
            "gelukt",
        )
    ]


def test_the_work_queue_logs_each_case_it_shows(client, medewerker, eigen_zaak, wmo_zaak):
    client.force_login(medewerker)
    client.get("/balie/")
    assert [r[3] for r in rijen(toelichting="werkvoorraad")] == [eigen_zaak.referentie]


def test_printing_and_handing_over_are_logged(client, medewerker, eigen_zaak, partner_a):
    client.force_login(medewerker)
    assert client.get(f"/balie/hulpvragen/{eigen_zaak.referentie}/afdrukken/").status_code == 200
    assert rijen(actie="printen")[0][3] == eigen_zaak.referentie
    verwijzing = DoorverwijzingFactory(
        hulpvraag=eigen_zaak,
        organisatie=partner_a.organisatie,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    overdracht = Verwerking.objects.get(actie="overdragen")
    assert overdracht.toelichting == "Aan Figulus Welzijn; gegevens: naam, telefoonnummer"
    assert overdracht.verwerkingsactiviteit == "doorverwijzing"


def test_a_partner_reaching_for_another_organisations_referral_is_refused_and_logged(
    client, medewerker, partner_a, partner_b, eigen_zaak
):
    verwijzing = DoorverwijzingFactory(
        hulpvraag=eigen_zaak,
        organisatie=partner_a.organisatie,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    client.force_login(partner_b)
    assert client.get(f"/partner/doorverwijzingen/{verwijzing.pk}/").status_code == 404
    assert rijen(resultaat="geweigerd") == [
        (
            "partner-b",
            "partner",
            "inzien",
            eigen_zaak.referentie,
            eigen_zaak.inwoner_id,
            "geweigerd",
        )
    ]
    client.force_login(partner_a)
    client.get(f"/partner/doorverwijzingen/{verwijzing.pk}/")
    assert rijen(gebruikersnaam="partner-a", toelichting="doorverwijzing")[0][2] == "inzien"


def test_without_a_log_row_the_case_is_not_shown(client, medewerker, eigen_zaak, monkeypatch):
    def kapot(self, *args, **kwargs):
        raise DatabaseError("logboek onbereikbaar")

    monkeypatch.setattr(Verwerking, "save", kapot)
    client.force_login(medewerker)
    antwoord = client.get(eigen_zaak.get_absolute_url())
    assert antwoord.status_code == 503
    assert "Toos Eigen" not in antwoord.content.decode()
    assert "Dit lukt nu even niet" in antwoord.content.decode()


def test_without_a_log_row_a_change_is_not_saved(client, medewerker, eigen_zaak, monkeypatch):
    def kapot(self, *args, **kwargs):
        raise DatabaseError("logboek onbereikbaar")

    monkeypatch.setattr(Verwerking, "save", kapot)
    client.force_login(medewerker)
    antwoord = client.post(
        f"/balie/hulpvragen/{eigen_zaak.referentie}/notitie/", {"notitie-tekst": "Gebeld."}
    )
    assert antwoord.status_code == 503
    assert not eigen_zaak.tijdlijn.filter(tekst="Gebeld.").exists()


@pytest.fixture
def aan_partner_a(medewerker, partner_a, eigen_zaak):
    """A referral of the own case, sent to partner A's organisation."""
    verwijzing = DoorverwijzingFactory(
        hulpvraag=eigen_zaak,
        organisatie=partner_a.organisatie,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    return verwijzing


@pytest.fixture
def logboek_kapot(monkeypatch):
    def kapot(self, *args, **kwargs):
        raise DatabaseError("logboek onbereikbaar")

    monkeypatch.setattr(Verwerking, "save", kapot)


def test_a_step_on_a_referral_writes_a_row_under_the_partners_activity(
    client, partner_a, eigen_zaak, aan_partner_a
):
    client.force_login(partner_a)
    client.post(f"/partner/doorverwijzingen/{aan_partner_a.pk}/accepteren/")
    rij = Verwerking.objects.get(actie="wijzigen")
    assert (rij.gebruikersnaam, rij.hulpvraag, rij.verwerkingsactiviteit, rij.toelichting) == (
        "partner-a",
        eigen_zaak.referentie,
        "partner",
        "doorverwijzing: accepteren",
    )


def test_without_a_log_row_a_referral_step_is_not_taken(
    client, partner_a, aan_partner_a, logboek_kapot
):
    client.force_login(partner_a)
    antwoord = client.post(f"/partner/doorverwijzingen/{aan_partner_a.pk}/accepteren/")
    assert antwoord.status_code == 503
    aan_partner_a.refresh_from_db()
    assert aan_partner_a.status == "verstuurd"


def test_without_a_log_row_the_glass_is_not_broken(client, medewerker, wmo_zaak, logboek_kapot):
    client.force_login(medewerker)
    antwoord = client.post(
        f"/balie/hulpvragen/{wmo_zaak.referentie}/doorbraak/", {"doorbraak-reden": "Aan de balie."}
    )
    assert antwoord.status_code == 503
    assert not Doorbraak.objects.exists()


def test_the_log_cannot_be_changed_or_deleted(medewerker, eigen_zaak):
    rij = verwerking_vastleggen(gebruiker=medewerker, actie="inzien", hulpvraag="TA-1")
    with pytest.raises(Exception, match="alleen aangevuld"):
        rij.save()
    with pytest.raises(Exception, match="alleen aangevuld"):
        Verwerking.objects.all().update(toelichting="weg")
    with pytest.raises(Exception, match="alleen aangevuld"):
        Verwerking.objects.all().delete()
    # Around the model, straight in SQL: the database refuses too.
    for sql in (
        "UPDATE privacy_verwerking SET toelichting = 'weg'",
        "DELETE FROM privacy_verwerking",
    ):
        with (
            pytest.raises(DatabaseError, match="alleen aangevuld"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert Verwerking.objects.filter(toelichting="").count() == 1


def test_the_applications_role_has_no_update_or_delete_grant_on_the_log():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT acl::text FROM pg_class, unnest(relacl) AS acl "
            "WHERE relname = 'privacy_verwerking'"
        )
        acl = [rij[0] for rij in cursor.fetchall()]
        cursor.execute("SELECT current_user")
        (rol,) = cursor.fetchone()
    eigen = [a for a in acl if a.startswith(f"{rol}=")]
    assert eigen, acl  # privileges are explicit once some were revoked
    rechten = eigen[0].split("=")[1].split("/")[0]
    assert "a" in rechten and "r" in rechten  # INSERT and SELECT stay
    assert not {"w", "d", "D"} & set(rechten)  # no UPDATE, DELETE, TRUNCATE
    assert not [a for a in acl if a.startswith("=")]  # nothing for PUBLIC


# --- AVG inzageverzoek ------------------------------------------------------------------------


def test_the_beheerder_exports_everything_about_one_resident_with_the_log(
    client, beheerder, medewerker, eigen_zaak
):
    eigen_zaak.notitie_maken(door=medewerker, tekst="Mevrouw belt terug.")
    client.force_login(medewerker)
    client.get(eigen_zaak.get_absolute_url())
    client.force_login(beheerder)
    zoek = client.get("/privacy/inzageverzoek/", {"telefoon": "06 1111 0000"})
    assert "Toos Eigen" in zoek.content.decode()
    inwoner = eigen_zaak.inwoner
    antwoord = client.get(f"/privacy/inzageverzoek/{inwoner.pk}/", {"formaat": "json"})
    assert antwoord["Content-Disposition"].startswith("attachment")
    gegevens = json.loads(antwoord.content)
    assert gegevens["inwoner"]["naam"] == "Toos Eigen"
    [zaak] = gegevens["hulpvragen"]
    assert zaak["vraag"] == eigen_zaak.vraag
    assert any(t["tekst"] == "Mevrouw belt terug." for t in zaak["tijdlijn"])
    assert any(r["gebruiker"] == "medewerker" for r in gegevens["logboek_dataverwerkingen"])
    pagina = client.get(f"/privacy/inzageverzoek/{inwoner.pk}/").content.decode()
    assert "Wie uw gegevens inzag of gebruikte" in pagina
    assert rijen(actie="exporteren")[0][4] == inwoner.pk
    assert rijen(actie="printen", gebruikersnaam="beheerder")[0][4] == inwoner.pk


def test_the_inzageverzoek_needs_a_precise_search(client, beheerder):
    client.force_login(beheerder)
    antwoord = client.get("/privacy/inzageverzoek/", {"naam": "Toos"})
    assert antwoord.status_code == 400
    assert "naam met geboortedatum" in antwoord.content.decode()


def test_only_the_beheerder_handles_an_inzageverzoek(client, medewerker, coordinator, eigen_zaak):
    for user in (medewerker, coordinator):
        client.force_login(user)
        assert client.get("/privacy/inzageverzoek/").status_code == 403
        assert client.get(f"/privacy/inzageverzoek/{eigen_zaak.inwoner_id}/").status_code == 403


def test_the_resident_online_question_is_seen_by_the_front_door_team(medewerker):
    online = HulpvraagFactory(kanaal=Kanaal.WEBSITE)
    assert online in zichtbaar(medewerker)
