"""The klantreis heartbeat: three faces and a remark, once per invitation, not traceable."""

import re

import pytest

from intake.models import Feedback, Feedbackuitnodiging, Hulpvraag, Kanaal, Route
from intake.services.hulpvraag import hulpvraag_sluiten
from tests.intake.factories import HulpvraagFactory
from toegang.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def uitnodiging(db):
    return Feedbackuitnodiging.objects.create(kanaal=Kanaal.INLOOP_DINXPERLO)


def url(uitnodiging):
    return f"/hulpvraag/feedback/{uitnodiging.token}/"


ANTWOORDEN = {"bereikbaar": "5", "gehoord": "4", "geholpen": "2", "opmerking": "Fijn geholpen!"}


def test_feedback_page_shows_three_face_questions_in_fieldsets(resident, uitnodiging):
    response = resident.get(url(uitnodiging))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == 3
    assert html.count("<legend") == 3
    for vraag in (
        "Hoe makkelijk kon u ons bereiken?",
        "Voelde u zich gehoord?",
        "Weet u nu waar u aan toe bent?",
    ):
        assert vraag in html
    # Every face has a visible word, and the drawing itself is hidden from screen readers.
    for woord in ("Heel slecht", "Slecht", "Gaat wel", "Goed", "Heel goed"):
        assert html.count(f'<span class="gezicht__tekst">{woord}</span>') == 3
    assert html.count('type="radio"') == 15
    assert html.count('aria-hidden="true" focusable="false"') == 15
    assert response["Cache-Control"] == "no-store"
    # Not no-referrer: then the browser posts the form with Origin: null and CSRF refuses it.
    # strict-origin sends no path, so the token still goes nowhere.
    assert response["Referrer-Policy"] == "strict-origin"
    assert response["X-Robots-Tag"] == "noindex"


def test_answers_are_stored_once_per_touchpoint_and_thanked(resident, uitnodiging):
    response = resident.post(url(uitnodiging), ANTWOORDEN)
    assert response.status_code == 303
    assert response["Location"] == url(uitnodiging)
    feedback = Feedback.objects.get()
    assert (feedback.bereikbaar, feedback.gehoord, feedback.geholpen) == (5, 4, 2)
    assert feedback.opmerking == "Fijn geholpen!"
    assert feedback.kanaal == Kanaal.INLOOP_DINXPERLO
    uitnodiging.refresh_from_db()
    assert uitnodiging.beantwoord
    bedankt = resident.get(url(uitnodiging))
    assert bedankt.status_code == 200
    assert "Dank u wel" in bedankt.content.decode()


def test_second_submit_changes_nothing(resident, uitnodiging):
    resident.post(url(uitnodiging), ANTWOORDEN)
    tweede = resident.post(url(uitnodiging), ANTWOORDEN | {"bereikbaar": "1", "opmerking": "x"})
    assert tweede.status_code == 200
    assert "Dank u wel" in tweede.content.decode()
    assert Feedback.objects.count() == 1
    assert Feedback.objects.get().bereikbaar == 5


def test_feedback_has_no_link_to_the_case_or_the_person():
    for model in (Feedback, Feedbackuitnodiging):
        relaties = [f.name for f in model._meta.get_fields() if f.is_relation]
        assert relaties == [], f"{model.__name__} links to {relaties}"


def test_closing_a_case_invites_and_the_answer_cannot_be_traced_back(
    resident, medewerker, django_capture_on_commit_callbacks, mailoutbox
):
    hulpvraag = HulpvraagFactory()
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    vorige = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            hulpvraag_sluiten(
                hulpvraag=hulpvraag,
                door=medewerker,
                route=Route.SOCIALE_BASIS,
                uitkomst="Geholpen.",
            )
    finally:
        app.conf.task_always_eager = vorige
    assert len(mailoutbox) == 1
    pad = re.search(r"/hulpvraag/feedback/[\w-]+/", mailoutbox[0].body).group(0)
    assert resident.post(pad, ANTWOORDEN).status_code == 303
    feedback = Feedback.objects.get()
    assert feedback.kanaal == Kanaal.WEBSITE
    assert hulpvraag.referentie not in str(vars(feedback))
    assert Hulpvraag.objects.filter(pk=hulpvraag.pk).exists()


def test_missing_answer_shows_a_message_and_keeps_the_rest(resident, uitnodiging):
    response = resident.post(
        url(uitnodiging), {"bereikbaar": "3", "opmerking": "Mijn <b>tekst</b>"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Feedback.objects.exists()
    assert html.count("Kies een gezichtje.") >= 2
    assert 'href="#id_gehoord_0"' in html
    assert 'aria-describedby="id_gehoord_error"' in html
    assert re.search(r'value="3"[^>]*checked', html)
    assert "Mijn &lt;b&gt;tekst&lt;/b&gt;" in html


@pytest.mark.parametrize("waarde", ["0", "6", "goed", "-1", "5.0", "99999999999999999999"])
def test_score_outside_the_scale_is_refused(resident, uitnodiging, waarde):
    response = resident.post(url(uitnodiging), ANTWOORDEN | {"bereikbaar": waarde})
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_remark_over_the_limit_is_refused(resident, uitnodiging):
    response = resident.post(url(uitnodiging), ANTWOORDEN | {"opmerking": "a" * 2001})
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_unknown_token_gives_a_friendly_page(resident):
    response = resident.get("/hulpvraag/feedback/" + "C" * 43 + "/")
    assert response.status_code == 404
    assert "Deze vragenlijst is niet beschikbaar" in response.content.decode()
    assert resident.post("/hulpvraag/feedback/" + "C" * 43 + "/", ANTWOORDEN).status_code == 404
    assert not Feedback.objects.exists()
