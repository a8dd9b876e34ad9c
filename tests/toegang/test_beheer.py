"""/beheer/ at the size of a region: every admin shares BeheerAdmin, delete pages count
instead of listing, lists and forms cost the same number of statements at any size."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from intake.models import Hulpvraag
from locaties.models import Dienst, Toegangslocatie
from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    Contactpersoon,
    Levensdomein,
    Organisatie,
    Synoniem,
    Wijziging,
    Wijzigingsvoorstel,
)
from tests.accounts.factories import UserFactory
from tests.intake.factories import HulpvraagFactory
from tests.sociale_kaart.factories import (
    AanbodFactory,
    LevensdomeinFactory,
    OrganisatieFactory,
    VestigingFactory,
)
from toegang import admin as toegang_admin
from toegang.accounts.roles import Rol
from toegang.admin import BESCHERMD_GENOEMD, BeheerAdmin, Zoekvelden
from toegang.berichten.services import bericht_sturen, taak_plannen
from toegang.privacy.models import Actie
from toegang.privacy.services import verwerking_vastleggen

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(client, beheerder):
    client.force_login(beheerder)
    return client


def statements(client, pad: str) -> int:
    """SQL statements of a GET, after a first one has filled what a process reads once."""
    client.get(pad)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(pad).status_code == 200
    return len(queries)


def test_every_admin_on_beheer_is_a_beheeradmin_also_those_of_other_packages():
    gewoon = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not isinstance(model_admin, BeheerAdmin)
    ]
    assert gewoon == []
    # django-otp's own admin keeps what it had (its raw id for the user, its actions).
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert isinstance(admin.site.get_model_admin(TOTPDevice), TOTPDeviceAdmin)


def test_the_list_of_every_model_is_built_only_where_a_page_shows_it(beheer, monkeypatch):
    gebouwd = []
    bouwen = admin.AdminSite._build_app_dict
    monkeypatch.setattr(
        admin.AdminSite,
        "_build_app_dict",
        lambda site, request, label=None: gebouwd.append(label) or bouwen(site, request, label),
    )
    for pad in ("/beheer/sociale_kaart/levensdomein/", "/beheer/sociale_kaart/levensdomein/add/"):
        assert beheer.get(pad).status_code == 200
    assert gebouwd == []  # the sidebar that would list them is off
    index = beheer.get("/beheer/")
    assert gebouwd == [None]
    assert "Levensdomeinen" in index.content.decode()
    app = beheer.get("/beheer/sociale_kaart/")
    assert gebouwd == [None, "sociale_kaart"]
    assert "Levensdomeinen" in app.content.decode()
    assert beheer.get("/beheer/bestaat_niet/").status_code == 404


def test_beheer_offers_no_groups_a_users_rol_decides_what_they_may(beheer):
    # Django's groups and permissions grant nothing in Toegang (the rol does): not offered.
    assert beheer.get("/beheer/auth/group/").status_code == 404
    assert "/beheer/auth/" not in beheer.get("/beheer/").content.decode()


# --- delete pages ---------------------------------------------------------------------------


def domein_met_hulpvragen(aantal: int, naam: str = "Geldzaken") -> Levensdomein:
    domein = LevensdomeinFactory(naam=naam)
    for _ in range(aantal):
        HulpvraagFactory().levensdomeinen.add(domein)
        AanbodFactory().levensdomeinen.add(domein)
    return domein


def test_delete_page_counts_what_goes_along_instead_of_listing_it(beheer):
    domein = domein_met_hulpvragen(3)
    referentie = Hulpvraag.objects.first().referentie

    response = beheer.get(f"/beheer/sociale_kaart/levensdomein/{domein.pk}/delete/")

    assert response.status_code == 200
    aantallen = dict(response.context["model_count"])
    assert aantallen["levensdomeinen"] == "1"
    # The links to the questions and services go, the questions and services stay.
    assert sorted(aantallen.values()) == ["1", "3", "3"]
    assert referentie not in response.content.decode()
    assert "Geldzaken" in response.content.decode()
    assert not response.context["protected"] and not response.context["perms_lacking"]

    beheer.post(f"/beheer/sociale_kaart/levensdomein/{domein.pk}/delete/", {"post": "yes"})
    assert not Levensdomein.objects.filter(pk=domein.pk).exists()
    assert Hulpvraag.objects.count() == 3


def test_delete_page_costs_the_same_statements_with_more_related_rows(beheer):
    weinig = domein_met_hulpvragen(2)
    veel = domein_met_hulpvragen(12, naam="Werk")
    assert statements(beheer, f"/beheer/sociale_kaart/levensdomein/{veel.pk}/delete/") == (
        statements(beheer, f"/beheer/sociale_kaart/levensdomein/{weinig.pk}/delete/")
    )


def test_protected_delete_names_a_few_blockers_counts_the_rest_and_is_refused(beheer):
    medewerker = UserFactory(rol=Rol.MEDEWERKER)
    zaken = [HulpvraagFactory(geregistreerd_door=medewerker) for _ in range(BESCHERMD_GENOEMD + 3)]
    pad = f"/beheer/accounts/user/{medewerker.pk}/delete/"

    response = beheer.get(pad)

    assert response.status_code == 200
    tekst = response.content.decode()
    assert "gebruiker kan niet worden verwijderd" in tekst
    genoemd = sorted(zaken, key=lambda zaak: zaak.pk)[:BESCHERMD_GENOEMD]
    assert all(zaak.referentie in tekst for zaak in genoemd)
    assert "… en nog 3 hulpvragen" in tekst

    beheer.post(pad, {"post": "yes"})
    assert type(medewerker).objects.filter(pk=medewerker.pk).exists()


def test_protected_delete_costs_the_same_statements_with_more_blockers(beheer):
    weinig, veel = UserFactory(rol=Rol.MEDEWERKER), UserFactory(rol=Rol.MEDEWERKER)
    for _ in range(2):
        HulpvraagFactory(geregistreerd_door=weinig)
    for _ in range(12):
        HulpvraagFactory(geregistreerd_door=veel)
    assert statements(beheer, f"/beheer/accounts/user/{veel.pk}/delete/") == (
        statements(beheer, f"/beheer/accounts/user/{weinig.pk}/delete/")
    )


def test_delete_that_takes_along_what_the_beheerder_may_not_delete_is_refused(beheer):
    organisatie = OrganisatieFactory()
    Wijziging.objects.create(
        organisatie=organisatie, soort="organisatie", object_id=organisatie.pk, wijzigingen={}
    )
    pad = f"/beheer/sociale_kaart/organisatie/{organisatie.pk}/delete/"

    response = beheer.get(pad)

    assert list(response.context["perms_lacking"]) == ["wijziging"]
    assert beheer.post(pad, {"post": "yes"}).status_code == 403
    assert Organisatie.objects.filter(pk=organisatie.pk).exists()


def test_delete_selected_action_counts_too(beheer):
    domeinen = [domein_met_hulpvragen(2, naam=naam) for naam in ("Geldzaken", "Werk")]
    response = beheer.post(
        "/beheer/sociale_kaart/levensdomein/",
        {"action": "delete_selected", "_selected_action": [d.pk for d in domeinen]},
    )
    assert response.status_code == 200
    assert dict(response.context["model_count"])["levensdomeinen"] == "2"


# --- lists ----------------------------------------------------------------------------------


def partners(aantal: int) -> None:
    for _ in range(aantal):
        UserFactory(rol=Rol.PARTNER, organisatie=OrganisatieFactory())


def test_user_list_costs_the_same_statements_with_more_users(beheer):
    partners(2)
    weinig = statements(beheer, "/beheer/accounts/user/")
    partners(10)
    assert statements(beheer, "/beheer/accounts/user/") == weinig


# --- forms: pick from thousands while typing -------------------------------------------------


def koppeling_en_meer(aantal: int) -> AanbodOpVestiging:
    koppeling = AanbodOpVestiging.objects.create(
        aanbod=AanbodFactory(), vestiging=VestigingFactory()
    )
    for _ in range(aantal):
        AanbodFactory()
        VestigingFactory()
    return koppeling


@pytest.mark.parametrize(
    "pad",
    [
        "/beheer/sociale_kaart/aanbodopvestiging/{k.pk}/change/",
        "/beheer/sociale_kaart/aanbodopvestiging/add/",
        "/beheer/sociale_kaart/aanbod/{k.aanbod.pk}/change/",
        "/beheer/sociale_kaart/organisatie/{k.aanbod.organisatie.pk}/change/",
        "/beheer/accounts/user/add/",
    ],
)
def test_forms_offer_no_list_of_every_aanbod_vestiging_or_organisatie(beheer, pad):
    koppeling = koppeling_en_meer(3)
    Contactpersoon = koppeling.aanbod.contactpersonen.model  # noqa: N806
    Contactpersoon.objects.create(
        organisatie=koppeling.aanbod.organisatie, naam="Els", aanbod=koppeling.aanbod
    )
    weinig = statements(beheer, pad.format(k=koppeling))
    for _ in range(10):
        AanbodFactory()
        VestigingFactory()

    response = beheer.get(pad.format(k=koppeling))

    assert statements(beheer, pad.format(k=koppeling)) == weinig
    tekst = response.content.decode()
    assert "Aanbod 1<" not in tekst and "Vestiging 1 " not in tekst
    assert "admin-autocomplete" in tekst


def autocomplete(client, model_name: str, field_name: str, term: str, app_label="sociale_kaart"):
    return client.get(
        "/beheer/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


def test_autocomplete_finds_vestigingen_by_name_place_or_organisation(beheer):
    VestigingFactory(naam="Buurthuis De Kei", plaats="Dinxperlo")
    VestigingFactory(naam="Gemeentehuis", organisatie=OrganisatieFactory(naam="Sensire"))
    VestigingFactory(naam="Bibliotheek")

    def namen(term):
        response = autocomplete(beheer, "aanbodopvestiging", "vestiging", term)
        assert response.status_code == 200
        return sorted(r["text"] for r in response.json()["results"])

    assert namen("kei") == ["Buurthuis De Kei (Dinxperlo)"]
    assert namen("dinxperlo") == ["Buurthuis De Kei (Dinxperlo)"]
    assert namen("sensire") == ["Gemeentehuis (Aalten)"]


def test_autocomplete_finds_aanbod_for_contact_persons_and_organisations_for_users(beheer):
    AanbodFactory(naam="Schuldhulpmaatje")
    OrganisatieFactory(naam="Figulus Welzijn")
    aanbod = autocomplete(beheer, "contactpersoon", "aanbod", "schuld").json()["results"]
    assert [r["text"] for r in aanbod] == ["Schuldhulpmaatje"]
    organisaties = autocomplete(beheer, "user", "organisatie", "figulus", app_label="accounts")
    assert [r["text"] for r in organisaties.json()["results"]] == ["Figulus Welzijn"]


def gekozen(response, veld: str) -> list[str]:
    """The names chosen in the search field `veld` of the page."""
    return [
        optie.rsplit(">", 1)[-1]
        for optie in re.findall(
            rf'<select name="{veld}".*?</select>', response.content.decode(), re.S
        )[0].split("</option>")
        if "selected" in optie
    ]


def test_a_search_field_shows_a_value_that_is_no_key_as_nothing_chosen(beheer):
    """Django's search field for a relation looks up its value to show the name. A value the
    key cannot be (an organisation has a UUID), in the address of an add page or in a
    tampered form, made that look-up fail: a 500 instead of the form."""
    figulus = OrganisatieFactory(naam="Figulus Welzijn")
    response = beheer.get("/beheer/accounts/user/add/", {"organisatie": str(figulus.pk)})
    assert gekozen(response, "organisatie") == ["Figulus Welzijn"]
    for waarde in ("x", "' OR 1=1--", "1" * 300):
        response = beheer.get("/beheer/accounts/user/add/", {"organisatie": waarde})
        assert response.status_code == 200, waarde
        assert gekozen(response, "organisatie") == []
    # Sent in the form: the form says what is wrong, and nothing is saved.
    response = beheer.post(
        "/beheer/accounts/user/add/",
        {
            "username": "nieuw",
            "password1": "x",
            "password2": "x",
            "rol": Rol.PARTNER,
            "organisatie": "x",
        },
    )
    assert response.status_code == 200
    assert "organisatie" in response.context["adminform"].form.errors
    # In an inline too: the vestiging of an aanbod, drawn with a value that is no key.
    inline = admin.site._registry[Aanbod].inlines[0](Aanbod, admin.site)
    veld = inline.formfield_for_foreignkey(
        AanbodOpVestiging._meta.get_field("vestiging"), RequestFactory().get("/")
    )
    vestiging = VestigingFactory(naam="Buurthuis De Kei")
    assert "Buurthuis De Kei" in veld.widget.render("vestiging", str(vestiging.pk))
    assert "selected" not in veld.widget.render("vestiging", "x")


def test_every_admin_and_inline_with_search_fields_survives_a_value_that_is_no_key():
    klassen = [type(model_admin) for model_admin in admin.site._registry.values()]
    klassen += [inline for klasse in klassen for inline in klasse.inlines]
    zonder = [
        klasse.__name__
        for klasse in klassen
        if klasse.autocomplete_fields and not issubclass(klasse, Zoekvelden)
    ]
    assert zonder == []
    assert any(issubclass(k, InlineModelAdmin) and k.autocomplete_fields for k in klassen)


def test_an_add_page_prefilled_with_a_moment_from_its_address_is_no_error(beheer):
    """Django's date-and-time field draws only a moment: any text from the address (here
    the authenticator's last use) was a 500. A moment is taken, other text is left out."""
    pad = "/beheer/otp_totp/totpdevice/add/"
    veld = "throttling_failure_timestamp"
    for waarde in ("x", "2026-02-30 10:00", "' OR 1=1--"):
        response = beheer.get(pad, {veld: waarde})
        assert response.status_code == 200, waarde
        assert veld not in response.context["adminform"].form.initial
    response = beheer.get(pad, {veld: "2026-12-07 10:30"})
    assert response.status_code == 200
    assert 'value="10:30:00"' in response.content.decode()


@pytest.mark.parametrize("pagina", ["change", "delete"])
def test_an_empty_to_field_in_the_address_is_no_error(beheer, pagina):
    """`?_to_field=` (empty, as a form or a tool sends it) made Django look up a field named
    "": a 500 on every change and delete page."""
    synoniem = Synoniem.objects.create(term="knip", betekent="kapper")
    response = beheer.get(f"/beheer/sociale_kaart/synoniem/{synoniem.pk}/{pagina}/?_to_field=")
    assert response.status_code == 200
    assert response.context["object"] if pagina == "delete" else response.context["original"]


def test_autocomplete_is_for_the_beheerder_only(client, medewerker, beheerder):
    VestigingFactory(naam="Buurthuis De Kei")
    assert autocomplete(client, "aanbodopvestiging", "vestiging", "kei").status_code == 302
    client.force_login(medewerker)
    assert autocomplete(client, "aanbodopvestiging", "vestiging", "kei").status_code == 403
    client.force_login(beheerder)
    assert autocomplete(client, "aanbodopvestiging", "vestiging", "kei").status_code == 200


def logregels(aantal: int, gebruiker) -> None:
    for _ in range(aantal):
        verwerking_vastleggen(gebruiker=gebruiker, actie=Actie.INZIEN, hulpvraag="TA-2026-00001")


def sql(client, pad: str) -> list[str]:
    client.get(pad)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(pad).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_whole_big_table_is_estimated_a_filtered_list_counted(beheer, beheerder, monkeypatch):
    monkeypatch.setattr(toegang_admin, "SCHATTEN_VANAF", 5)
    logregels(12, beheerder)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE privacy_verwerking")

    alles = sql(beheer, "/beheer/privacy/verwerking/")
    gefilterd = sql(beheer, "/beheer/privacy/verwerking/?actie=inzien")

    assert not any("COUNT(" in query for query in alles)
    assert any("reltuples" in query for query in alles)
    assert sum("COUNT(" in query for query in gefilterd) == 1


def test_log_and_outbox_lists_never_read_all_rows_for_their_filters(beheer, beheerder):
    logregels(3, beheerder)
    taak_plannen("intake.tasks.iets", 1)
    for pad in ("/beheer/privacy/verwerking/", "/beheer/berichten/uitgaandetaak/"):
        queries = sql(beheer, pad)
        assert not any("DISTINCT" in query for query in queries), pad
    # The roles are still there to filter on, and the filter works.
    response = beheer.get("/beheer/privacy/verwerking/?rol=beheerder")
    assert "Functioneel beheerder" in response.content.decode()
    assert response.context["cl"].result_count == 3
    assert beheer.get("/beheer/privacy/verwerking/?rol=medewerker").context["cl"].result_count == 0


def test_change_history_list_costs_the_same_statements_with_more_rows(beheer, beheerder):
    def wijzigingen(aantal):
        for _ in range(aantal):
            organisatie = OrganisatieFactory()
            voorstel = Wijzigingsvoorstel.objects.create(
                organisatie=organisatie,
                soort="organisatie",
                object_id=organisatie.pk,
                wijzigingen={},
            )
            Wijziging.objects.create(
                organisatie=organisatie, soort="organisatie", object_id=organisatie.pk,
                wijzigingen={}, door=beheerder, voorstel=voorstel,
            )  # fmt: skip

    wijzigingen(2)
    weinig = statements(beheer, "/beheer/sociale_kaart/wijziging/")
    wijzigingen(10)
    assert statements(beheer, "/beheer/sociale_kaart/wijziging/") == weinig


def test_protected_delete_does_not_read_what_would_cascade(beheer):
    medewerker = UserFactory(rol=Rol.MEDEWERKER)
    HulpvraagFactory(geregistreerd_door=medewerker)
    for _ in range(3):
        bericht_sturen(ontvangers=[medewerker], onderwerp="Lees dit", tekst="Lees dit.")
    locatie = Toegangslocatie.objects.create(
        naam="Hofstraat", slug="hofstraat", korte_naam="Hofstraat", straat="Hofstraat", huisnummer="1",
        postcode="7121 DM", plaats="Aalten", kern="aalten", telefoon="0543-000000",
    )  # fmt: skip
    for dag in range(1, 4):
        Dienst.objects.create(
            locatie=locatie, datum=f"2027-03-0{dag}", dagdeel="ochtend", medewerker=medewerker
        )

    queries = sql(beheer, f"/beheer/accounts/user/{medewerker.pk}/delete/")

    # What refers to the medewerker through PROTECT is counted and its first few named.
    intake = [query for query in queries if '"intake_' in query]
    assert intake and all("COUNT(" in query or "LIMIT 5" in query for query in intake)
    assert not any("locaties_dienst" in query or "berichten_bericht" in query for query in queries)


def test_lists_show_fifty_rows_a_page(beheer):
    Synoniem.objects.bulk_create(Synoniem(term=f"term {i}", betekent="iets") for i in range(60))
    response = beheer.get("/beheer/sociale_kaart/synoniem/")
    assert len(response.context["cl"].result_list) == 50
    assert len(beheer.get("/beheer/sociale_kaart/synoniem/?p=2").context["cl"].result_list) == 10


def test_change_pages_with_inlines_ask_where_an_entry_comes_from_once(beheer):
    """Whether an entry is from a feed (read only) is asked for every permission of the
    page and of each inline: once per request, not per question, so the organisation's
    page costs the same with more vestigingen, contact persons and aanbod."""
    koppeling = koppeling_en_meer(0)
    organisatie = koppeling.aanbod.organisatie
    paden = [
        f"/beheer/sociale_kaart/organisatie/{organisatie.pk}/change/",
        f"/beheer/sociale_kaart/aanbod/{koppeling.aanbod.pk}/change/",
        f"/beheer/sociale_kaart/aanbodopvestiging/{koppeling.pk}/change/",
    ]
    weinig = {}
    for pad in paden:
        with CaptureQueriesContext(connection) as queries:
            beheer.get(pad)
        herkomst = [q for q in queries.captured_queries if "sociale_kaart_feedherkomst" in q["sql"]]
        assert len(herkomst) <= 2, pad  # Django's change view loads the object twice
        weinig[pad] = statements(beheer, pad)
    for _ in range(5):
        VestigingFactory(organisatie=organisatie)
        Contactpersoon.objects.create(organisatie=organisatie, naam="Contact")
    assert {pad: statements(beheer, pad) for pad in paden} == weinig
