"""/partner/sociale-kaart/: a partner keeps its own organisation's entries current.

Every lookup goes through the user's own organisation, so another organisation's entry
is simply not found (404). Changes go through services.wijziging_indienen.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from toegang.accounts.roles import Rol, rol_vereist

from .capaciteit import capaciteit_doorgeven
from .forms import (
    CapaciteitForm,
    OpeningstijdenFormSet,
    PartnerAanbodForm,
    PartnerOrganisatieForm,
    PartnerVertalingForm,
    PartnerVestigingForm,
    regels_uit,
)
from .models import (
    AanbodOpVestiging,
    Feedherkomst,
    Soort,
    VoorstelStatus,
    Wijziging,
    Wijzigingsvoorstel,
)
from .services import (
    AANBOD_VELDEN,
    ORGANISATIE_VELDEN,
    VERTALING_VELDEN,
    VESTIGING_VELDEN,
    VoorstelFout,
    organisatie_bevestigen,
    wijziging_indienen,
)

partner_vereist = rol_vereist(Rol.PARTNER)


def _melden(request, direct, voorstel) -> None:
    if not direct and voorstel is None:
        messages.info(request, "Er was niets veranderd.")
    if direct:
        messages.success(request, f"Meteen aangepast: {', '.join(direct)}.")
    if voorstel:
        messages.success(
            request,
            f"Uw wijziging van {', '.join(voorstel.wijzigingen)} wacht op controle door de beheerder.",
        )


@partner_vereist
def overzicht(request):
    organisatie = request.user.organisatie
    if request.method == "POST" and request.POST.get("actie") == "klopt":
        organisatie_bevestigen(organisatie=organisatie)
        messages.success(request, "Dank u wel: we hebben genoteerd dat alles klopt.")
        return redirect("sociale_kaart:partner")
    return render(
        request,
        "sociale_kaart/partner/overzicht.html",
        {
            "organisatie": organisatie,
            # Each aanbod links to the opening hours of each of its vestigingen (by place).
            "aanbod_lijst": organisatie.aanbod.order_by("naam")
            .select_related("feedherkomst__feed")
            .prefetch_related(
                Prefetch(
                    "op_vestigingen",
                    queryset=AanbodOpVestiging.objects.select_related("vestiging"),
                ),
                "vertalingen",
            ),
            "vestigingen": organisatie.vestigingen.all(),
            # Entries from a feed are kept in the partner's own system (the source).
            "organisatie_feed": Feedherkomst.feed_van(organisatie),
            "feed_vestigingen": set(
                Feedherkomst.objects.van(organisatie).values_list(
                    "aanbod__op_vestigingen__vestiging", flat=True
                )
            ),
            "voorstellen": Wijzigingsvoorstel.objects.filter(organisatie=organisatie)[:20],
            "historie": Wijziging.objects.filter(organisatie=organisatie).select_related("door")[
                :20
            ],
            "open": VoorstelStatus.OPEN,
        },
    )


def _uit_feed(request, feed, titel: str):
    """An entry that comes from a feed is changed at its source, not here."""
    if request.method == "POST":
        messages.error(
            request,
            f"Niet opgeslagen: {titel} komt uit {feed} en wordt daar bijgehouden. Pas het daar "
            "aan; de sociale kaart neemt het dan vanzelf over.",
        )
        return redirect("sociale_kaart:partner")
    return render(request, "sociale_kaart/partner/uit_feed.html", {"feed": feed, "titel": titel})


def _bewerken(request, *, soort, obj, form_class, velden, template, titel):
    if (feed := Feedherkomst.feed_van(obj)) is not None:
        return _uit_feed(request, feed, titel)
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        nieuw = {veld: form.cleaned_data[veld] for veld in velden}
        try:
            direct, voorstel = wijziging_indienen(
                organisatie=request.user.organisatie, soort=soort, obj=obj, nieuw=nieuw,
                door=request.user, toelichting=form.cleaned_data.get("toelichting", ""),
            )  # fmt: skip
        except VoorstelFout as fout:
            messages.error(request, str(fout))
            return redirect("sociale_kaart:partner")
        _melden(request, direct, voorstel)
        return redirect("sociale_kaart:partner")
    return render(request, template, {"form": form, "obj": obj, "titel": titel})


@partner_vereist
def organisatie_bewerken(request):
    organisatie = request.user.organisatie
    return _bewerken(
        request, soort=Soort.ORGANISATIE, obj=organisatie, form_class=PartnerOrganisatieForm,
        velden=ORGANISATIE_VELDEN, template="sociale_kaart/partner/bewerken.html", titel=organisatie.naam,
    )  # fmt: skip


@partner_vereist
def aanbod_bewerken(request, slug):
    aanbod = get_object_or_404(request.user.organisatie.aanbod, slug=slug)
    return _bewerken(
        request, soort=Soort.AANBOD, obj=aanbod, form_class=PartnerAanbodForm, velden=AANBOD_VELDEN,
        template="sociale_kaart/partner/bewerken.html", titel=aanbod.naam,
    )  # fmt: skip


@partner_vereist
def aanbod_vertalen(request, slug):
    """The aanbod's name and descriptions in English, German, Arabic, Ukrainian and Polish,
    each optional: a change like any other of the aanbod (review unless the beheerder made
    that language's field free), shown to residents who chose that language."""
    aanbod = get_object_or_404(request.user.organisatie.aanbod, slug=slug)
    return _bewerken(
        request, soort=Soort.AANBOD, obj=aanbod, form_class=PartnerVertalingForm,
        velden=VERTALING_VELDEN, template="sociale_kaart/partner/vertalen.html", titel=aanbod.naam,
    )  # fmt: skip


@partner_vereist
def capaciteit_bewerken(request, slug):
    """Whether this aanbod takes new clients: applied at once, without review (a fact only
    the partner knows), and written in the history like every partner change."""
    aanbod = get_object_or_404(
        request.user.organisatie.aanbod.select_related("capaciteit_doorgegeven_door"), slug=slug
    )
    if (feed := Feedherkomst.feed_van(aanbod)) is not None:
        return _uit_feed(request, feed, f"Plaats voor nieuwe cliënten bij {aanbod.naam}")
    form = CapaciteitForm(
        request.POST or None,
        initial={
            "capaciteit": aanbod.capaciteit if aanbod.capaciteit_bekend else None,
            "wachtlijst_weken": aanbod.wachtlijst_weken,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            capaciteit_doorgeven(aanbod=aanbod, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(
                request, f"Doorgegeven voor {aanbod.naam}: {aanbod.capaciteit_tekst.lower()}."
            )
            return redirect("sociale_kaart:partner")
    return render(
        request,
        "sociale_kaart/partner/capaciteit.html",
        {"aanbod": aanbod, "form": form},
        status=400 if form.is_bound else 200,
    )


@partner_vereist
def vestiging_bewerken(request, pk):
    vestiging = get_object_or_404(request.user.organisatie.vestigingen, pk=pk)
    return _bewerken(
        request, soort=Soort.VESTIGING, obj=vestiging, form_class=PartnerVestigingForm,
        velden=VESTIGING_VELDEN, template="sociale_kaart/partner/bewerken.html", titel=vestiging.naam,
    )  # fmt: skip


@partner_vereist
def openingstijden_bewerken(request, pk):
    koppeling = get_object_or_404(
        AanbodOpVestiging.objects.select_related("aanbod", "vestiging"),
        pk=pk,
        aanbod__organisatie=request.user.organisatie,
    )
    if (feed := Feedherkomst.feed_van(koppeling)) is not None:
        return _uit_feed(request, feed, f"Openingstijden van {koppeling.aanbod}")
    formset = OpeningstijdenFormSet(request.POST or None, instance=koppeling, prefix="regels")
    if request.method == "POST" and formset.is_valid():
        try:
            direct, voorstel = wijziging_indienen(
                organisatie=request.user.organisatie, soort=Soort.OPENINGSTIJDEN, obj=koppeling,
                nieuw={"regels": regels_uit(formset)}, door=request.user,
            )  # fmt: skip
        except VoorstelFout as fout:
            messages.error(request, str(fout))
            return redirect("sociale_kaart:partner")
        _melden(request, direct, voorstel)
        return redirect("sociale_kaart:partner")
    return render(
        request,
        "sociale_kaart/partner/openingstijden.html",
        {"formset": formset, "koppeling": koppeling},
    )
