"""The intake models: the hulpvraag (the case) with its timeline and afspraken, the
doorverwijzing (a warm referral) with its overdracht, the terugbelverzoek (call-back), the
bezoekafspraak (a booked visit to the front door, not a commitment), veilig contact (how a
resident may be contacted), the bewaartermijnen (retention), and the resident's withdrawn
consent (toestemming), and the ways into Mijn vragen (a one-time link, DigiD)."""

from .bewaartermijn import *  # noqa: F403
from .bewaartermijn import __all__ as _bewaartermijn
from .bezoekafspraak import *  # noqa: F403
from .bezoekafspraak import __all__ as _bezoekafspraak
from .doorverwijzing import *  # noqa: F403
from .doorverwijzing import __all__ as _doorverwijzing
from .hulpvraag import *  # noqa: F403
from .hulpvraag import __all__ as _hulpvraag
from .mijn_vragen import *  # noqa: F403
from .mijn_vragen import __all__ as _mijn_vragen
from .terugbelverzoek import *  # noqa: F403
from .terugbelverzoek import __all__ as _terugbelverzoek
from .toestemming import *  # noqa: F403
from .toestemming import __all__ as _toestemming
from .veilig_contact import *  # noqa: F403
from .veilig_contact import __all__ as _veilig_contact

__all__ = [
    *_hulpvraag,
    *_doorverwijzing,
    *_bewaartermijn,
    *_terugbelverzoek,
    *_toestemming,
    *_veilig_contact,
    *_bezoekafspraak,
    *_mijn_vragen,
]
