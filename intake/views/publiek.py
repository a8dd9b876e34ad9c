"""Pages for residents: every way to ask a question, the online question, following it,
saying how it went. No account, no login.

The token in the status, confirmation and feedback links is the only key to them, so those
pages are never cached, never indexed and never leak the address through a Referer header,
and an unknown or expired token looks exactly like one that never existed.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from locaties.models import Toegangslocatie
from sociale_kaart.models import Aanbod
from toegang import limiet
from toegang.formulieren import component_klassen, opmaken
from toegang.http import zie_andere
from toegang.limiet import token_opzoeken
from toegang.privacy.services import Actie, vastgelegd, verwerking_vastleggen

from ..forms import (
    FeedbackForm,
    HulpGestartForm,
    HulpvraagForm,
    StatusTerugbelForm,
    StatusVeiligContactForm,
    TerugbelForm,
)
from ..models import (
    VRAAG_MAX,
    Afspraak,
    Feedbackuitnodiging,
    Hulpvraag,
    Kanaal,
    Status,
    Terugbelverzoek,
    VeiligContact,
)
from ..services import hulp_gestart, toestemming
from ..services.feedback import feedback_geven
from ..services.hulpvraag import hulpvraag_indienen, terugbelverzoek_indienen
from .inwonersessie import digid_sleutel

# What a token or slug can look like; anything else is not looked up at all (a NUL byte
# or a megabyte of text never reaches the database).
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
SLUG = re.compile(r"[-A-Za-z0-9_]{1,170}")

TEMPLATES = "intake/hulpvraag/"


# --- asking a question ------------------------------------------------------------------


def _aanbod(slug: str) -> Aanbod | None:
    """A visible aanbod by slug, or None for anything else."""
    if not slug or not SLUG.fullmatch(slug):
        return None
    return Aanbod.objects.zichtbaar().select_related("organisatie").filter(slug=slug).first()


def vraag_stellen(request):
    """Every way a resident can ask a question: phone, e-mail, or walk in.

    From a sociale kaart entry (?aanbod=<slug>) the page names what the question is about.
    """
    return render(
        request,
        "intake/vraag_stellen.html",
        {
            "locaties": Toegangslocatie.objects.met_schema(),
            "over": _aanbod(request.GET.get("aanbod", "")[:170]),
        },
    )


def _tekenteller(widget) -> None:
    """The live character counter on a textarea, with its texts in the page's language."""
    widget.attrs.update(
        {
            "data-tekenteller": True,
            "data-een-over": gettext("U heeft nog 1 teken over."),
            "data-over": gettext("U heeft nog {n} tekens over."),
            "data-een-te-veel": gettext("U heeft 1 teken te veel."),
            "data-te-veel": gettext("U heeft {n} tekens te veel."),
        }
    )


def _opmaak(form: HulpvraagForm) -> HulpvraagForm:
    """Help texts and classes for the resident's page. Django itself adds aria-describedby
    (help text and error) and aria-invalid to each input."""
    component_klassen(form)
    # The live counter (static/js/tekenteller.js) is an extra; the hint says the limit.
    _tekenteller(form.fields["vraag"].widget)
    form.fields["vraag"].help_text = gettext(
        "Schrijf in uw eigen woorden wat er speelt. U kunt maximaal %(max)s tekens gebruiken."
    ) % {"max": VRAAG_MAX}
    form.fields["telefoon"].help_text = gettext("Vul dit in als wij u mogen bellen.")
    form.fields["email"].help_text = gettext(
        "Vul dit in als wij u mogen mailen. U krijgt dan ook een bevestiging per e-mail."
    )
    return form


def _naar_bevestiging(hulpvraag: Hulpvraag) -> HttpResponseRedirect:
    return zie_andere(reverse("intake:verstuurd", args=[hulpvraag.token]))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def hulpvraag_stellen(request):
    """The online question: no account. Never cached, because each form carries its own
    inzending id (a shared cached copy would join strangers' questions)."""
    if request.method == "POST":
        form = _opmaak(HulpvraagForm(request.POST))
        if form.is_bot():
            return render(request, TEMPLATES + "niet_verstuurd.html")
        over = _aanbod(request.POST.get("aanbod", "")[:170])
        if form.is_valid():
            bestaand = Hulpvraag.objects.filter(inzending=form.cleaned_data["inzending"]).first()
            if bestaand is not None:
                # The same form again (double click, refresh, back and resend): not counted.
                return _naar_bevestiging(bestaand)
            if not limiet.HULPVRAAG.tellen(request):
                return limiet.te_veel(request, limiet.HULPVRAAG)
            hulpvraag, nieuw = hulpvraag_indienen(
                inwoner=form.inwoner_gegevens(),
                kanaal=Kanaal.WEBSITE,
                over_aanbod=over,
                veilig_contact=form.veilig_contact_gegevens(),
                taal=translation.get_language(),
                digid_sleutel=digid_sleutel(request),
                **form.hulpvraag_gegevens(),
            )
            if not nieuw:
                # A duplicate stored nothing, so it does not count.
                limiet.HULPVRAAG.teruggeven(request)
            return _naar_bevestiging(hulpvraag)
    else:
        over = _aanbod(request.GET.get("aanbod", "")[:170])
        initial = {}
        if over is not None:
            initial = {
                "vraag": gettext("Ik heb een vraag over %(aanbod)s (%(organisatie)s).")
                % {"aanbod": over.naam, "organisatie": over.organisatie.naam}
                + " ",
                "aanbod": over.slug,
            }
        form = _opmaak(HulpvraagForm(initial=initial))
    return render(
        request,
        TEMPLATES + "formulier.html",
        {
            "form": form,
            "over": over,
            "vraag_max": VRAAG_MAX,
            "digid": bool(settings.DIGID_DISCOVERY_URL),
            "digid_ingelogd": bool(digid_sleutel(request)),
        },
    )


# --- following the question --------------------------------------------------------------


def _hulpvraag_van(token: str) -> Hulpvraag | None:
    """The case behind a status token, or None when unknown or no longer shown."""
    if not TOKEN.fullmatch(token):
        return None
    hulpvraag = (
        Hulpvraag.objects.select_related("inwoner", "vast_aanspreekpunt")
        .filter(token=token)
        .first()
    )
    if hulpvraag is None or not hulpvraag.status_geldig():
        return None
    return hulpvraag


def niet_gevonden(request):
    """One page for unknown and expired tokens alike: no hint whether it ever existed."""
    return render(request, TEMPLATES + "niet_gevonden.html", status=404)


@token_opzoeken
@require_http_methods(["GET", "HEAD"])
def verstuurd(request, token):
    hulpvraag = _hulpvraag_van(token)
    if hulpvraag is None:
        return niet_gevonden(request)
    return render(
        request,
        TEMPLATES + "verstuurd.html",
        {
            "referentie": hulpvraag.referentie,
            "uiterlijk": hulpvraag.eerste_contact_uiterlijk(),
            "status_url": request.build_absolute_uri(hulpvraag.status_url),
            "email_gestuurd": bool(hulpvraag.inwoner.email),
        },
    )


def _stappen(hulpvraag: Hulpvraag) -> list[dict]:
    """The steps for the resident: done (with date), current, or not (yet) needed."""
    volgorde = list(Status)
    huidig = volgorde.index(Status(hulpvraag.status))
    stappen = []
    for index, (status, op) in enumerate(hulpvraag.stappen()):
        if status == hulpvraag.status:
            stand = "huidig"
        elif op is not None:
            stand = "gedaan"
        elif index < huidig:
            stand = "overgeslagen"
        else:
            stand = "nog-niet"
        stappen.append({"label": status.label, "op": op, "stand": stand})
    return stappen


def status_gegevens(hulpvraag: Hulpvraag) -> dict:
    """What the resident may know of one question, for its status page and for each
    question on Mijn vragen: steps, the contact person's first name, their own commitments,
    call-backs, visits, referrals and consents. Never the question, notes, timeline texts or
    anyone else's name."""
    aanspreekpunt = hulpvraag.vast_aanspreekpunt
    afspraken = hulpvraag.afspraken.open().filter(eigenaar_soort=Afspraak.Eigenaar.INWONER)
    return {
        "referentie": hulpvraag.referentie,
        "token": hulpvraag.token,
        "status_url": hulpvraag.status_url,
        "huidige_status": Status(hulpvraag.status).label,
        "stappen": _stappen(hulpvraag),
        "afgerond": hulpvraag.status == Status.AFGEROND,
        "aanspreekpunt": (aanspreekpunt.first_name.strip() if aanspreekpunt else ""),
        "wacht_op_contact": hulpvraag.eerste_contact_op is None
        and hulpvraag.status == Status.ONTVANGEN,
        "uiterlijk": hulpvraag.eerste_contact_uiterlijk(),
        "afspraken": [
            {"wat": a.wat, "deadline": a.deadline, "te_laat": a.is_te_laat()} for a in afspraken
        ],
        "vandaag": timezone.localdate(),
        "veilig_contact": VeiligContact.van(hulpvraag) is not None,
        # The call-backs still to come, by their window only (never the number).
        "terugbellen": [
            verzoek.venster.tekst_inwoner
            for verzoek in hulpvraag.terugbelverzoeken.open().order_by("venster_start")
        ],
        # Visits to come, by time and place only (never the number or the note).
        "bezoekafspraken": hulpvraag.bezoekafspraken.gepland()
        .filter(start__gt=timezone.now())
        .select_related("locatie"),
        # Where the question went, in one line each; never the receiver's notes.
        "doorverwijzingen": [
            regel
            for verwijzing in hulpvraag.doorverwijzingen.select_related("organisatie")
            .exclude(verstuurd_op=None)
            .order_by("verstuurd_op")
            if (regel := verwijzing.voor_inwoner())
        ],
        # "Is de hulp gestart?" per referral asked (templates …/_hulp_gestart.html).
        "hulp_gestart": _vragen(hulpvraag),
        # Who received which kinds of data (templates …/_toestemmingen.html).
        "toestemmingen": toestemming.gedeeld_met(hulpvraag),
    }


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD"])
def status(request, token):
    """The status page behind the secret link (status_gegevens), with its row in the
    logboek as Mijn vragen writes one: whoever holds the link sees this case, so the
    resident's inzage shows when it was opened (a link that went astray too)."""
    hulpvraag = _hulpvraag_van(token)
    if hulpvraag is None:
        return niet_gevonden(request)
    with vastgelegd():
        gegevens = status_gegevens(hulpvraag)
        verwerking_vastleggen(
            gebruiker=request.user if request.user.is_authenticated else None,
            actie=Actie.INZIEN,
            hulpvraag=hulpvraag.referentie,
            inwoner_id=hulpvraag.inwoner_id,
            toelichting="Statuspagina (link)",
        )
    return render(request, TEMPLATES + "status.html", gegevens)


# --- terugbellen (call-back) ---------------------------------------------------------------


def formulier_opmaken(form):
    """A resident's short form (call-back, appointment): classes, errors tied to fields,
    the live counter on the note."""
    opmaken(form)
    if "notitie" in form.fields:
        _tekenteller(form.fields["notitie"].widget)
    return form


def _terugbelverzoek_opslaan(request, form, **velden):
    """Store a resident's call-back once per filled-in form, counted against the address's
    limit only when stored. Returns the request, or the friendly 429 page."""
    data = form.cleaned_data
    bestaand = Terugbelverzoek.objects.filter(inzending=data["inzending"]).first()
    if bestaand is not None:
        # The same form again (double click, refresh, back and resend): not counted.
        return bestaand
    if not limiet.TERUGBELLEN.tellen(request):
        return limiet.te_veel(request, limiet.TERUGBELLEN)
    verzoek, nieuw = terugbelverzoek_indienen(
        venster=data["venster"],
        telefoon=data["telefoon"],
        notitie=data["notitie"],
        email=data.get("email", ""),
        inzending=data["inzending"],
        taal=translation.get_language(),
        **velden,
    )
    if not nieuw:
        limiet.TERUGBELLEN.teruggeven(request)
    return verzoek


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def terugbellen(request):
    """Ask to be called back: a number and a window, no account. It joins the open case of
    the resident with this number, or opens a new one."""
    if request.method == "POST":
        form = formulier_opmaken(TerugbelForm(request.POST))
        if form.is_bot():
            return render(request, TEMPLATES + "niet_verstuurd.html")
        if form.is_valid():
            verzoek = _terugbelverzoek_opslaan(
                request,
                form,
                naam=form.cleaned_data["naam"],
                via=Terugbelverzoek.Via.WEBSITE,
            )
            if not isinstance(verzoek, Terugbelverzoek):
                return verzoek
            return zie_andere(reverse("intake:terugbellen_verstuurd", args=[verzoek.token]))
        status = 400
    else:
        form = formulier_opmaken(TerugbelForm())
        status = 200
    return render(request, TEMPLATES + "terugbellen.html", {"form": form}, status=status)


@token_opzoeken
@require_http_methods(["GET", "HEAD"])
def terugbellen_verstuurd(request, token):
    """The confirmation: the window, and only when this request opened the case, its
    reference and status link (a request that joined an existing case by its phone number
    shows nothing of that case)."""
    verzoek = (
        Terugbelverzoek.objects.select_related("hulpvraag").filter(token=token).first()
        if TOKEN.fullmatch(token)
        else None
    )
    if verzoek is None:
        return niet_gevonden(request)
    hulpvraag = verzoek.hulpvraag if verzoek.nieuwe_hulpvraag else None
    return render(
        request,
        TEMPLATES + "terugbellen_verstuurd.html",
        {
            "verzoek": verzoek,
            "referentie": hulpvraag.referentie if hulpvraag else "",
            "status_url": request.build_absolute_uri(hulpvraag.status_url) if hulpvraag else "",
        },
    )


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD", "POST"])
def status_terugbellen(request, token):
    """A call-back asked for on the resident's own status page: the case is known."""
    hulpvraag = _hulpvraag_van(token)
    if hulpvraag is None or hulpvraag.status == Status.AFGEROND:
        return niet_gevonden(request)
    if request.method == "POST":
        form = formulier_opmaken(StatusTerugbelForm(request.POST))
        if form.is_valid():
            verzoek = _terugbelverzoek_opslaan(
                request, form, hulpvraag=hulpvraag, via=Terugbelverzoek.Via.STATUSPAGINA
            )
            if not isinstance(verzoek, Terugbelverzoek):
                return verzoek
            return zie_andere(hulpvraag.status_url)
        status = 400
    else:
        form = formulier_opmaken(StatusTerugbelForm())
        status = 200
    return render(
        request,
        TEMPLATES + "status_terugbellen.html",
        {"form": form, "referentie": hulpvraag.referentie, "status_url": hulpvraag.status_url},
        status=status,
    )


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD", "POST"])
def status_veilig_contact(request, token):
    """The resident says (again) how we may and may not contact them, on their own status
    page. The number and the code word are never shown here."""
    hulpvraag = _hulpvraag_van(token)
    if hulpvraag is None:
        return niet_gevonden(request)
    wensen = VeiligContact.van(hulpvraag)
    if request.method == "POST":
        form = opmaken(StatusVeiligContactForm(request.POST, wensen=wensen))
        if form.is_valid():
            if not limiet.VEILIG_CONTACT.tellen(request):
                return limiet.te_veel(request, limiet.VEILIG_CONTACT)
            VeiligContact.vastleggen(
                hulpvraag=hulpvraag, door=None, **form.veilig_contact_gegevens()
            )
            messages.success(
                request, gettext("Dank u wel. Wij houden ons aan wat u heeft doorgegeven.")
            )
            return zie_andere(hulpvraag.status_url)
        status = 400
    else:
        form = opmaken(StatusVeiligContactForm(wensen=wensen))
        status = 200
    return render(
        request,
        TEMPLATES + "status_veilig_contact.html",
        {"form": form, "referentie": hulpvraag.referentie, "status_url": hulpvraag.status_url},
        status=status,
    )


# --- feedback ----------------------------------------------------------------------------

# The mouth of each face on the five-point scale, from heel slecht to heel goed (SVG paths).
MONDEN = (
    "M7.5 17 Q12 11.5 16.5 17",
    "M8 16.5 Q12 13.5 16 16.5",
    "M8 15.5 L16 15.5",
    "M8 14.5 Q12 17.5 16 14.5",
    "M7.5 14 Q12 19.5 16.5 14",
)


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request, token):
    """Three questions on a five-face scale and a remark, once per invitation. The
    invitation knows only the touchpoint, so the answers cannot be traced to anyone."""
    uitnodiging = (
        Feedbackuitnodiging.objects.filter(token=token).first() if TOKEN.fullmatch(token) else None
    )
    if uitnodiging is None:
        return render(request, TEMPLATES + "feedback_niet_gevonden.html", status=404)
    if uitnodiging.beantwoord:
        return render(request, TEMPLATES + "feedback_bedankt.html")
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            feedback_geven(uitnodiging=uitnodiging, **form.cleaned_data)
            return zie_andere(request.path)
    else:
        form = FeedbackForm()
    form.fields["opmerking"].widget.attrs["class"] = "utrecht-textarea"
    for naam in ("bereikbaar", "gehoord", "geholpen"):
        form.fields[naam].widget.attrs["class"] = "gezicht__input"
    vragen = [
        {"field": form[naam], "opties": list(zip(form[naam], MONDEN, strict=True))}
        for naam in ("bereikbaar", "gehoord", "geholpen")
    ]
    return render(request, TEMPLATES + "feedback.html", {"form": form, "vragen": vragen})


# --- the loop closed with the resident, and their consent ---------------------------------


def _vraagformulier(verwijzing, data=None) -> HulpGestartForm:
    """The form of one referral's question; its prefix keeps the ids apart on the page."""
    form = HulpGestartForm(data, prefix=f"v{verwijzing.pk.hex[:12]}")
    form.fields["antwoord"].label = gettext("Is de hulp van %(organisatie)s gestart?") % {
        "organisatie": verwijzing.organisatie.naam
    }
    return opmaken(form)


def _vragen(hulpvraag: Hulpvraag) -> list[dict]:
    """The questions asked on this case: open ones with their form, answered ones with the
    answer."""
    return [
        {
            "verwijzing": verwijzing,
            "organisatie": verwijzing.organisatie.naam,
            "form": _vraagformulier(verwijzing) if verwijzing.vraagt_inwoner else None,
        }
        for verwijzing in hulp_gestart.open_vragen(hulpvraag)
    ]


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["POST"])
def status_hulp_gestart(request, token, pk):
    """The resident's ja / nee / nog niet. The same answer twice changes nothing; after ja
    or nee the question is closed and the page says what they answered."""
    hulpvraag = _hulpvraag_van(token)
    verwijzing = (
        hulpvraag.doorverwijzingen.select_related("organisatie", "hulpvraag")
        .filter(pk=pk, inwoner_gevraagd_op__isnull=False)
        .first()
        if hulpvraag is not None
        else None
    )
    if verwijzing is None:
        return niet_gevonden(request)
    form = _vraagformulier(verwijzing, request.POST)
    fout = ""
    if form.is_valid():
        try:
            hulp_gestart.hulp_gestart_beantwoorden(
                doorverwijzing=verwijzing, antwoord=form.cleaned_data["antwoord"]
            )
        except ValidationError as e:
            fout = " ".join(e.messages)
        else:
            return zie_andere(f"{hulpvraag.status_url}#hulp-gestart")
    return render(
        request,
        TEMPLATES + "hulp_gestart.html",
        {
            "form": form,
            "fout": fout,
            "organisatie": verwijzing.organisatie.naam,
            "actie": request.path,
            "status_url": hulpvraag.status_url,
        },
        status=400,
    )


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD", "POST"])
def status_toestemming(request, token, organisatie_id):
    """Withdraw consent for sharing with one organisation: a page that says what it means,
    and a button (POST) that does it. Only organisations this case's data went to."""
    hulpvraag = _hulpvraag_van(token)
    organisatie = toestemming.gedeelde_organisatie(hulpvraag, organisatie_id) if hulpvraag else None
    if organisatie is None:
        return niet_gevonden(request)
    if request.method == "POST":
        toestemming.toestemming_intrekken(hulpvraag=hulpvraag, organisatie=organisatie)
        return zie_andere(f"{hulpvraag.status_url}#toestemmingen")
    regel = next(
        r for r in toestemming.gedeeld_met(hulpvraag) if r.organisatie_id == organisatie.pk
    )
    return render(
        request,
        TEMPLATES + "toestemming_intrekken.html",
        {"regel": regel, "status_url": hulpvraag.status_url},
    )
