"""Phone numbers: any way people write them in, E.164 stored, the Dutch way shown.

`phonenumbers` (Google's libphonenumber) knows every country's numbering plan, so a
number from a German partner (+49 2871 …), a UK directory or a counter typed as
"(0543) 12 34 56" are all understood. Stored as E.164 ("+31543123456"): one spelling per
number, so it compares and links (tel:) the same everywhere. Shown as a Dutch resident
dials it: national format for Dutch numbers ("0543 123 456", "06 12345678"), the
international format for others ("+49 2871 2190").
"""

from __future__ import annotations

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

REGIO = "NL"  # numbers written without a country code are Dutch
FOUT = "Vul een geldig telefoonnummer in, bijvoorbeeld 0543-123456 of +49 2871 2190."


def telefoon_e164(tekst: str, *, regio: str = REGIO) -> str:
    """ "0543-123456" → "+31543123456". Raises ValueError (Dutch message) for what is not a
    valid phone number. Quotes and spaces around it are ignored."""
    schoon = str(tekst).strip().strip("\"'").strip()
    try:
        nummer = phonenumbers.parse(schoon, regio)
    except phonenumbers.NumberParseException:
        raise ValueError(FOUT) from None
    if not phonenumbers.is_valid_number(nummer):
        raise ValueError(FOUT)
    return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.E164)


def _nummer(waarde: str):
    try:
        return phonenumbers.parse(str(waarde), REGIO)
    except phonenumbers.NumberParseException:
        return None


def telefoon_tonen(waarde: str) -> str:
    """A stored number as a Dutch resident dials it; anything unparseable as it was."""
    if not waarde:
        return ""
    nummer = _nummer(waarde)
    if nummer is None or not phonenumbers.is_valid_number(nummer):
        return str(waarde)
    if nummer.country_code == phonenumbers.country_code_for_region(REGIO):
        return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def telefoon_uri(waarde: str) -> str:
    """The number for a tel: link (RFC 3966): E.164, or the digits of what cannot be parsed."""
    if not waarde:
        return ""
    try:
        return telefoon_e164(waarde)
    except ValueError:
        return "".join(teken for teken in str(waarde) if teken.isdigit() or teken == "+")


def telefoon_valideren(waarde: str) -> None:
    try:
        telefoon_e164(waarde)
    except ValueError as fout:
        raise ValidationError(str(fout), code="telefoon") from None


class TelefoonVeld(forms.CharField):
    """A form field that takes a phone number in any format and cleans it to E.164."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)  # what people type, with spaces and brackets
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """A stored number shows in the form as people write it: 0543 123 456."""
        return telefoon_tonen(value) if isinstance(value, str) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        try:
            return telefoon_e164(value)
        except ValueError as fout:
            raise ValidationError(str(fout), code="telefoon") from None


class TelefoonField(models.CharField):
    """A phone number column: stored as E.164, whatever form or code writes it."""

    default_validators = [telefoon_valideren]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)  # E.164 is at most 16 characters
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 20:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if value:
            try:
                return telefoon_e164(value)
            except ValueError:
                pass  # the validator says what is wrong
        return value

    def pre_save(self, model_instance, add):
        waarde = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, waarde)
        return waarde

    def formfield(self, **kwargs):
        # What people type may be longer than what is stored ("+49 (0) 2871 21 90 0").
        return super().formfield(**{"form_class": TelefoonVeld, **kwargs, "max_length": 40})
