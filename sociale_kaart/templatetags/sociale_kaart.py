"""Sentences about the sociale kaart as people would say them."""

from django import template

register = template.Library()

IEDEREEN = "iedereen"


def opsomming(woorden: list[str]) -> str:
    """["ouderen", "ouders", "nieuwkomers"] -> "ouderen, ouders en nieuwkomers"."""
    if len(woorden) < 2:
        return "".join(woorden)
    return f"{', '.join(woorden[:-1])} en {woorden[-1]}"


@register.filter
def voor_wie(doelgroepen) -> str:
    """Who an aanbod is for, as a sentence: "Speciaal voor ouderen en nieuwkomers.";
    "Iedereen" next to others becomes "Voor iedereen, vooral voor ouderen."; nothing when
    it names no one."""
    namen = [d.naam.strip().lower() for d in doelgroepen]
    anderen = [naam for naam in namen if naam != IEDEREEN]
    if len(anderen) < len(namen):
        if anderen:
            return f"Voor iedereen, vooral voor {opsomming(anderen)}."
        return "Voor iedereen."
    if anderen:
        return f"Speciaal voor {opsomming(anderen)}."
    return ""
