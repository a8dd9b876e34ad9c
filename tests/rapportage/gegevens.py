"""Building blocks for hand-counted report data."""

from datetime import date, datetime, timedelta

from intake.models import Hulpvraag, Route, Status
from locaties.openingstijden import TZ
from rapportage.perioden import AANGEPAST, Periode
from sociale_kaart.models import Levensdomein
from tests.intake.factories import HulpvraagFactory


def moment(jaar, maand, dag, uur=10, minuut=0) -> datetime:
    """A local moment in Aalten."""
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=TZ)


def week(dag: date) -> Periode:
    """Monday to Sunday around `dag`: a stretch the queries count like any other (the
    dashboard itself shows whole months only)."""
    maandag = dag - timedelta(days=dag.weekday())
    return Periode(AANGEPAST, maandag, maandag + timedelta(days=6))


def hulpvraag(
    aangemaakt,
    *,
    kanaal="website",
    kern="aalten",
    domeinen=(),
    contact=None,
    afgesloten=None,
    route=Route.VOORLIGGEND_VELD,
    vraag="Ik heb schulden en weet niet waar ik moet beginnen.",
    **velden,
) -> Hulpvraag:
    """A question as the reports see it: when it came in, first contact, closing."""
    gesloten = afgesloten is not None
    h = HulpvraagFactory(
        aangemaakt=aangemaakt,
        kanaal=kanaal,
        kern=kern,
        vraag=vraag,
        eerste_contact_op=contact,
        afgesloten_op=afgesloten,
        status=Status.AFGEROND if gesloten else Status.IN_BEHANDELING,
        route=route if gesloten else "",
        uitkomst="Geholpen." if gesloten else "",
        **velden,
    )
    if domeinen:
        h.levensdomeinen.set(Levensdomein.objects.filter(slug__in=domeinen))
    return h
