from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from toegang.accounts.roles import Rol, rol_vereist
from toegang.formulieren import opmaken
from toegang.invoer import datum
from toegang.limiet import token_opzoeken

from . import openingstijden
from .forms import (
    ROOSTERBAAR,
    AfsprakenForm,
    AfwezigheidForm,
    InroosterForm,
    TerugkerendeDienstForm,
)
from .ical import Gebeurtenis, ical_response
from .models import (
    Afwezigheid,
    Dienst,
    Dienstenfeed,
    TerugkerendeDienst,
    Toegangslocatie,
    laad_schemas,
)
from .services import (
    Reeksuitkomst,
    RoosterFout,
    afspraken_instellen,
    afwezigheid_melden,
    bezetting,
    dienst_inroosteren,
    dienst_verwijderen,
    standaard_week,
    terugkerende_dienst_instellen,
    terugkerende_dienst_stoppen,
    terugkerende_dienst_wijzigen,
)

WEKEN_VOORUIT = 4
# How far the page of recurring shifts checks the minimum staffing: the rota's week and
# the seven after it.
WEKEN_CONTROLE = 8
ROOSTER_ROLLEN = (Rol.MEDEWERKER, Rol.COORDINATOR, Rol.PARTNER)


# --- Public pages ------------------------------------------------------------------------


def lijst(request):
    return render(
        request, "locaties/lijst.html", {"locaties": Toegangslocatie.objects.met_schema()}
    )


def detail(request, slug):
    locatie = get_object_or_404(Toegangslocatie, slug=slug)
    vandaag = timezone.localdate()
    tot = vandaag + timedelta(weeks=WEKEN_VOORUIT) - timedelta(days=1)
    schema = locatie.huidig_schema()
    dagen = []
    for dag in openingstijden.dagen(vandaag, tot):
        momenten, sluitingen = schema.dag(dag)
        if momenten or sluitingen:
            dagen.append(
                {
                    "datum": dag,
                    "tekst": openingstijden.datum_inwoner(dag),
                    "momenten": momenten,
                    "sluitingen": sluitingen,
                }
            )
    return render(
        request,
        "locaties/detail.html",
        {"locatie": locatie, "dagen": dagen, "jsonld": _jsonld(request, locatie, dagen)},
    )


def feed(request, slug):
    """One event per openingsmoment, from one month back to twelve months ahead."""
    locatie = get_object_or_404(Toegangslocatie, slug=slug)
    vandaag = timezone.localdate()
    van, tot = vandaag - timedelta(days=31), vandaag + timedelta(days=366)
    gebeurtenissen = (
        Gebeurtenis(
            uid=f"{locatie.slug}-{m.datum.isoformat()}-{m.dagdeel}@toegang.aalten.nl",
            start=m.start,
            einde=m.einde,
            titel=f"{locatie.korte_naam} open",
            plaats=locatie.adres,
            beschrijving=m.opmerking,
        )
        for m in locatie.openingsmomenten(van, tot)
    )
    return ical_response(
        naam=f"Openingstijden {locatie.korte_naam}",
        gebeurtenissen=gebeurtenissen,
        bestandsnaam=f"{locatie.slug}.ics",
    )


# --- Rota ----------------------------------------------------------------------------------


def _week(request) -> date:
    """The Monday of ?week= (any day in it); without one, the week the rota opens on
    (locaties.services.standaard_week). Unreadable, or so far off that the week before or
    after would not exist: 400 (toegang.invoer)."""
    waarde = request.GET.get("week", "")
    if not waarde:
        return standaard_week(timezone.localdate())
    dag = datum(waarde, naam="week")
    return dag - timedelta(days=dag.weekday())


@rol_vereist(Rol.COORDINATOR)
def rooster(request):
    maandag = _week(request)
    zondag = maandag + timedelta(days=6)
    locaties = list(Toegangslocatie.objects.all())
    gekozen = request.GET.get("locatie")
    if gekozen:
        locaties = [locatie for locatie in locaties if locatie.slug == gekozen] or locaties
    rijen = bezetting(locaties=locaties, van=maandag, tot=zondag)
    per_locatie = [
        (locatie, [r for r in rijen if r.locatie.pk == locatie.pk]) for locatie in locaties
    ]
    vandaag = timezone.localdate()
    standaard = standaard_week(vandaag)
    return render(
        request,
        "locaties/rooster.html",
        {
            "maandag": maandag,
            "zondag": zondag,
            "week_tekst": f"{openingstijden.datum_tekst(maandag)} t/m {openingstijden.datum_tekst(zondag)}",
            "vorige": maandag - timedelta(weeks=1),
            "volgende": maandag + timedelta(weeks=1),
            "per_locatie": per_locatie,
            "alle_locaties": Toegangslocatie.objects.all(),
            "gekozen": gekozen,
            # One list of people on the page, for the field of every opening.
            "medewerker_namen": ROOSTERBAAR.namen(ROOSTERBAAR.rijen()),
            # "Deze week", or from Saturday the coming week the rota opens on.
            "standaard": standaard,
            "standaard_naam": "Deze week" if standaard <= vandaag else "Komende week",
            # Only what is still to come counts; what is over can no longer change.
            "onderbezet": sum(1 for r in rijen if r.tekort),
            "voorbij": sum(1 for r in rijen if r.voorbij),
            "nog_te_komen": sum(1 for r in rijen if not r.voorbij),
        },
    )


@require_POST
@rol_vereist(Rol.COORDINATOR)
def afspraakinstellingen(request, slug):
    """The walk-in reserve and the length of an appointment of one location."""
    locatie = get_object_or_404(Toegangslocatie, slug=slug)
    form = AfsprakenForm(request.POST, instance=Toegangslocatie.objects.get(pk=locatie.pk))
    if not form.is_valid():
        fouten = " ".join(fout for lijst in form.errors.values() for fout in lijst)
        messages.error(request, f"Niet opgeslagen: {fouten}")
    else:
        afspraken_instellen(locatie=locatie, **form.cleaned_data)
        messages.success(
            request,
            f"Opgeslagen voor {locatie.korte_naam}: {form.cleaned_data['inloopreserve']} vrij "
            f"voor inloop, afspraken van {form.cleaned_data['afspraakduur']} minuten. "
            "Afspraken die niet meer passen, vervallen; de inwoner krijgt bericht.",
        )
    return redirect(_terug_naar_rooster(request))


def _terug_naar_rooster(request, datum=None) -> str:
    week = request.POST.get("week") or (datum.isoformat() if datum else "")
    locatie = request.POST.get("filter_locatie", "")
    query = f"?week={week}" + (f"&locatie={locatie}" if locatie else "")
    return reverse("locaties:rooster") + query


@require_POST
@rol_vereist(Rol.COORDINATOR)
def inroosteren(request):
    form = InroosterForm(request.POST)
    if not form.is_valid():
        fouten = " ".join(fout for lijst in form.errors.values() for fout in lijst)
        messages.error(request, f"Niet ingeroosterd: {fouten}")
        return redirect(_terug_naar_rooster(request))
    data = form.cleaned_data
    try:
        dienst = dienst_inroosteren(
            locatie=data["locatie"],
            datum=data["datum"],
            dagdeel=data["dagdeel"],
            medewerker=data["medewerker"],
            door=request.user,
        )
    except RoosterFout as fout:
        messages.error(request, f"Niet ingeroosterd: {fout}")
    else:
        messages.success(
            request,
            f"{dienst.medewerker.weergavenaam} staat op {openingstijden.datum_tekst(dienst.datum)} "
            f"({dienst.dagdeel}) bij {dienst.locatie.korte_naam}.",
        )
    return redirect(_terug_naar_rooster(request, data["datum"]))


@require_POST
@rol_vereist(Rol.COORDINATOR)
def uitroosteren(request, pk):
    dienst = Dienst.objects.select_related("medewerker", "locatie").filter(pk=pk).first()
    if dienst is None:
        messages.info(request, "Deze dienst was al verwijderd.")
        return redirect(_terug_naar_rooster(request))
    try:
        dienst_verwijderen(dienst=dienst)
    except RoosterFout as fout:
        messages.error(request, f"Niet uitgeroosterd: {fout}")
    else:
        messages.success(
            request,
            f"{dienst.medewerker.weergavenaam} is uitgeroosterd op {openingstijden.datum_tekst(dienst.datum)} ({dienst.dagdeel}).",
        )
    return redirect(_terug_naar_rooster(request, dienst.datum))


# --- Recurring shifts ----------------------------------------------------------------------


@rol_vereist(Rol.COORDINATOR)
def terugkerende_diensten(request):
    """The recurring shifts that still run, a form for a new one, and the minimum staffing
    of every opening in the coming weeks."""
    vandaag = timezone.localdate()
    form = TerugkerendeDienstForm(request.POST or None, initial={"van": vandaag})
    if request.method == "POST" and form.is_valid():
        try:
            uitkomst = terugkerende_dienst_instellen(**form.cleaned_data, door=request.user)
        except RoosterFout as fout:
            _fout_bij_veld(form, fout)
        else:
            _uitkomst_melden(request, uitkomst)
            return redirect(reverse("locaties:terugkerende_diensten") + "#controle")
    reeksen = sorted(
        TerugkerendeDienst.objects.filter(tot__gte=vandaag)
        .select_related("medewerker", "locatie")
        .annotate(te_komen=Count("diensten", filter=Q(diensten__datum__gte=vandaag))),
        key=lambda r: (
            r.locatie.volgorde,
            r.locatie.naam,
            r.weekdag,
            openingstijden.DAGDEEL_VOLGORDE.get(r.dagdeel, 9),
            r.medewerker.weergavenaam,
        ),
    )
    eerste = standaard_week(vandaag)
    tot = eerste + timedelta(weeks=WEKEN_CONTROLE, days=-1)
    rijen = [
        rij
        for rij in bezetting(locaties=list(Toegangslocatie.objects.all()), van=vandaag, tot=tot)
        if not rij.voorbij
    ]
    per_week: dict[date, list] = {}
    for rij in sorted(
        (rij for rij in rijen if rij.tekort),
        key=lambda rij: (rij.moment.start, rij.locatie.volgorde, rij.locatie.naam),
    ):
        maandag = rij.moment.datum - timedelta(days=rij.moment.datum.weekday())
        per_week.setdefault(maandag, []).append(rij)
    return render(
        request,
        "locaties/terugkerende_diensten.html",
        {
            "form": opmaken(form),
            "reeksen": reeksen,
            "medewerker_namen": ROOSTERBAAR.namen(ROOSTERBAAR.rijen()),
            "weken": WEKEN_CONTROLE,
            "controle_tot": tot,
            "openingen": len(rijen),
            "tekort": sum(len(lijst) for lijst in per_week.values()),
            "per_week": [
                (maandag, openingstijden.datum_tekst(maandag), lijst)
                for maandag, lijst in per_week.items()
            ],
        },
        status=400 if form.errors else 200,
    )


@rol_vereist(Rol.COORDINATOR)
def terugkerende_dienst(request, pk):
    """Change a recurring shift from today on: another last day, person, day or dagdeel."""
    reeks = get_object_or_404(
        TerugkerendeDienst.objects.select_related("medewerker", "locatie"), pk=pk
    )
    medewerker = ROOSTERBAAR.rijen().filter(pk=reeks.medewerker_id).first() or reeks.medewerker
    form = TerugkerendeDienstForm(
        request.POST or None,
        wijzigen=True,
        initial={
            "medewerker": medewerker,
            "locatie": reeks.locatie,
            "weekdag": reeks.weekdag,
            "dagdeel": reeks.dagdeel,
            "tot": reeks.tot,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            uitkomst = terugkerende_dienst_wijzigen(
                reeks=reeks, **form.cleaned_data, door=request.user
            )
        except RoosterFout as fout:
            _fout_bij_veld(form, fout)
        else:
            _uitkomst_melden(request, uitkomst, gewijzigd=True)
            return redirect(reverse("locaties:terugkerende_diensten") + "#controle")
    return render(
        request,
        "locaties/terugkerende_dienst.html",
        {
            "reeks": reeks,
            "form": opmaken(form),
            "medewerker_namen": ROOSTERBAAR.namen(ROOSTERBAAR.rijen()),
            "afgelopen": reeks.tot < timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@rol_vereist(Rol.COORDINATOR)
def terugkerende_dienst_stop(request, pk):
    reeks = TerugkerendeDienst.objects.select_related("medewerker", "locatie").filter(pk=pk).first()
    if reeks is None:
        messages.info(request, "Deze terugkerende dienst was al gestopt.")
        return redirect("locaties:terugkerende_diensten")
    verwijderd = terugkerende_dienst_stoppen(reeks=reeks)
    messages.success(
        request,
        f"De terugkerende dienst van {reeks.medewerker.weergavenaam} ({reeks.wanneer}, "
        f"{reeks.locatie.korte_naam}) is gestopt. Uit het rooster gehaald: "
        f"{_diensten(verwijderd)} die nog zou{'' if verwijderd == 1 else 'den'} komen.",
    )
    return redirect(reverse("locaties:terugkerende_diensten") + "#controle")


def _diensten(aantal: int) -> str:
    return f"{aantal} dienst" if aantal == 1 else f"{aantal} diensten"


def _fout_bij_veld(form, fout: RoosterFout) -> None:
    form.add_error(fout.veld if fout.veld in form.fields else None, str(fout))


def _uitkomst_melden(request, uitkomst: Reeksuitkomst, gewijzigd: bool = False) -> None:
    """What a recurring shift got, and which weeks it skipped and why."""
    reeks = uitkomst.reeks
    tekst = (
        f"{reeks.medewerker.weergavenaam} staat {reeks.wanneer} bij {reeks.locatie.korte_naam}, "
        f"tot en met {openingstijden.datum_tekst(reeks.tot)}. "
        f"Ingeroosterd: {_diensten(len(uitkomst.diensten))}."
    )
    if gewijzigd:
        tekst += f" Uit het rooster gehaald: {_diensten(uitkomst.verwijderd)}."
    messages.success(request, tekst)
    if uitkomst.overgeslagen:
        messages.warning(
            request,
            "Niet ingeroosterd op: " + "; ".join(o.tekst for o in uitkomst.overgeslagen) + ".",
        )


# --- My shifts -----------------------------------------------------------------------------


@rol_vereist(*ROOSTER_ROLLEN)
def mijn_diensten(request):
    form = AfwezigheidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            afwezigheid_melden(
                medewerker=request.user,
                van=form.cleaned_data["van"],
                tot=form.cleaned_data["tot"],
                omschrijving=form.cleaned_data["omschrijving"],
            )
        except RoosterFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, "Uw afwezigheid is opgeslagen.")
            return redirect("locaties:mijn_diensten")
    vandaag = timezone.localdate()
    feed, _ = Dienstenfeed.objects.get_or_create(medewerker=request.user)
    return render(
        request,
        "locaties/mijn_diensten.html",
        {
            "diensten": Dienst.objects.filter(
                medewerker=request.user, datum__gte=vandaag
            ).select_related("locatie")[:50],
            "afwezigheden": Afwezigheid.objects.filter(medewerker=request.user, tot__gte=vandaag),
            "form": form,
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()),
        },
    )


@require_POST
@rol_vereist(*ROOSTER_ROLLEN)
def feed_vernieuwen(request):
    feed, _ = Dienstenfeed.objects.get_or_create(medewerker=request.user)
    feed.vernieuw()
    messages.success(request, "U heeft een nieuwe agenda-link. De oude link werkt niet meer.")
    return redirect("locaties:mijn_diensten")


@token_opzoeken
def diensten_feed(request, token):
    feed = Dienstenfeed.objects.select_related("medewerker").filter(token=token).first()
    if feed is None or not feed.medewerker.is_active:
        raise Http404
    vandaag = timezone.localdate()
    diensten = list(
        Dienst.objects.filter(
            medewerker=feed.medewerker,
            datum__range=(vandaag - timedelta(days=31), vandaag + timedelta(days=366)),
        ).select_related("locatie")
    )
    locatie_ids = {d.locatie_id for d in diensten}
    schemas = laad_schemas(locatie_ids, vandaag - timedelta(days=31), vandaag + timedelta(days=366))
    gebeurtenissen = []
    for dienst in diensten:
        for moment in schemas[dienst.locatie_id].dag(dienst.datum)[0]:
            if moment.dagdeel == dienst.dagdeel:
                gebeurtenissen.append(
                    Gebeurtenis(
                        uid=f"dienst-{dienst.pk}@toegang.aalten.nl",
                        start=moment.start,
                        einde=moment.einde,
                        titel=f"Dienst {dienst.locatie.korte_naam}",
                        plaats=dienst.locatie.adres,
                    )
                )
    return ical_response(
        naam="Mijn diensten — Toegang Aalten",
        gebeurtenissen=gebeurtenissen,
        bestandsnaam="diensten.ics",
    )


def _jsonld(request, locatie, dagen) -> dict:
    """schema.org GovernmentOffice with OpeningHoursSpecification, closures as 00:00–00:00."""
    vandaag = timezone.localdate()
    specificaties = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAY_OF_WEEK[regel.weekdag]}",
            "opens": regel.start.strftime("%H:%M"),
            "closes": regel.einde.strftime("%H:%M"),
            **({"validFrom": regel.geldig_van.isoformat()} if regel.geldig_van else {}),
            **({"validThrough": regel.geldig_tot.isoformat()} if regel.geldig_tot else {}),
        }
        for regel in sorted(locatie.schema.regels, key=lambda r: (r.weekdag, r.start))
        if regel.geldig_tot is None or regel.geldig_tot >= vandaag
    ]
    for dag in dagen:
        if dag["sluitingen"] and not dag["momenten"]:
            specificaties.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "opens": "00:00",
                    "closes": "00:00",
                    "validFrom": dag["datum"].isoformat(),
                    "validThrough": dag["datum"].isoformat(),
                }
            )
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": locatie.naam,
        "url": request.build_absolute_uri(locatie.get_absolute_url()),
        "telephone": locatie.telefoon,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": f"{locatie.straat} {locatie.huisnummer}",
            "postalCode": locatie.postcode,
            "addressLocality": locatie.plaats,
            "addressCountry": "NL",
        },
        "openingHoursSpecification": specificaties,
    }


DAY_OF_WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
