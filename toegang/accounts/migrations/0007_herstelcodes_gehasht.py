from django.db import migrations

from toegang.accounts.tweestaps import VINGERAFDRUK_LENGTE, herstelcode_vingerafdruk

PER_KEER = 500


def gehasht(apps, schema_editor):
    """Recovery codes made before were stored as themselves: each becomes its fingerprint,
    so it keeps working once, as before. Codes are 8 characters; a fingerprint has
    VINGERAFDRUK_LENGTE, so a second run changes nothing.

    Apps that were never confirmed (opening the set-up page used to store one) go: they were
    never used, and their keys need not lie in the database."""
    StaticToken = apps.get_model("otp_static", "StaticToken")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    while True:
        codes = list(
            StaticToken.objects.exclude(token__regex=rf"^.{{{VINGERAFDRUK_LENGTE}}}$")
            .order_by("pk")
            .only("pk", "token", "device_id")[:PER_KEER]
        )
        for code in codes:
            code.token = herstelcode_vingerafdruk(code.token.lower(), code.device_id)
        StaticToken.objects.bulk_update(codes, ["token"])
        if len(codes) < PER_KEER:
            break
    TOTPDevice.objects.filter(confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_berichten_eigen_app"),
        ("otp_static", "0003_add_timestamps"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    # Backwards nothing can be undone: a fingerprint does not give its code back. The old
    # code would match no fingerprint, so recovery codes then simply do not work; make new
    # ones under "Mijn account".
    operations = [migrations.RunPython(gehasht, migrations.RunPython.noop)]
