"""Speed of the referral timer sweep with every referral of ten years open.

At both sizes (benchmarks/_maten.py): the size's sociale kaart and hulpvragen
(benchmarks/_gegevens.py, up to NU), a referral for a third of them (to the partner
organisations, each with two users; some to the maatwerkteam Wmo or a colleague), all still
waiting for an answer, of which 1% are due for a reminder: 10,000 open and 100 due for the
Aalten, 100,000 and 1,000 for the region. Then prints:

    sweep_ms    the beat task's sweep over them
                (intake.services.doorverwijzing_termijnen.doorverwijzingen_bewaken),
                rolled back after each run so every run finds the same work
    floor_ms    one hand-written SQL query selecting the same due rows (the baseline)
    ratio       sweep_ms / floor_ms (target: within 3)
    queries     SQL statements of one sweep; the same with 10× as many due (a constant)
    due         how many referrals the sweep found due
    meldingen_ms  for information: the worker's follow-up tasks writing those reminders
                (in-app messages and e-mails), not part of the sweep

    python benchmarks/reminders.py      (DATABASE_URL must point at PostgreSQL)
"""

import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _gegevens import maat_vullen  # noqa: E402
from _maten import Maat, uitvoeren  # noqa: E402
from _scratch import django_opzetten, scratch_database  # noqa: E402

HERHALINGEN = 21
# A Thursday morning in an ordinary week: two working days back is Tuesday.
NU = datetime(2027, 3, 11, 10, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))


def vul(maat: Maat) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from toegang.accounts.roles import Rol

    User = get_user_model()  # noqa: N806
    partners = [o for o in maat_vullen(random.Random(5), maat, tot=NU)[0] if o.is_partner]
    User.objects.bulk_create(
        User(username=f"partner-{o.slug}-{i}", rol=Rol.PARTNER, organisatie=o, email=f"{i}@{o.slug}.example.org")
        for o in partners
        for i in range(2)
    )  # fmt: skip
    net_verstuurd = NU - timedelta(hours=3)
    te_laat = NU - timedelta(days=2, hours=1)  # Tuesday 09:30: 2 working days, not yet 3
    with connection.cursor() as cursor:
        # Every referral still waits for its receiver; one in a hundred since Tuesday.
        cursor.execute(
            "UPDATE intake_doorverwijzing SET status = 'verstuurd', geaccepteerd_op = NULL,"
            " afgewezen_op = NULL, verlopen_op = NULL, afgerond_op = NULL, reden = '', uitkomst = '',"
            " verstuurd_op = CASE WHEN hulpvraag_id %% 300 = 0 THEN %(laat)s ELSE %(net)s END,"
            " termijn_vanaf = CASE WHEN hulpvraag_id %% 300 = 0 THEN %(laat)s ELSE %(net)s END",
            {"laat": te_laat, "net": net_verstuurd},
        )


def meet(func, herhalingen=HERHALINGEN) -> float:
    tijden = []
    for _ in range(herhalingen):
        start = time.perf_counter()
        func()
        tijden.append((time.perf_counter() - start) * 1000)
    return statistics.median(tijden)


def meten(maat: Maat) -> int:
    with scratch_database("reminders") as url:
        django_opzetten(url)
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        from intake.models import werkdagen_terug
        from intake.services.doorverwijzing_termijnen import doorverwijzingen_bewaken

        vul(maat)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

        gevonden = {}

        def sweep():
            with transaction.atomic():
                gevonden.update(doorverwijzingen_bewaken(nu=NU))
                transaction.set_rollback(True)

        grenzen = [werkdagen_terug(NU, dagen) for dagen in (2, 5, 10)]

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, hulpvraag_id, organisatie_id, ronde FROM intake_doorverwijzing "
                    "WHERE (status = 'verstuurd' AND termijn_vanaf <= %s) "
                    "OR (status = 'geaccepteerd' AND termijn_vanaf <= %s) "
                    "OR (status IN ('verstuurd', 'teruggestuurd', 'geaccepteerd', 'contact-gelegd') "
                    "AND verstuurd_op <= %s)",
                    grenzen,
                )
                return cursor.fetchall()

        due = len(floor())
        for _ in range(5):  # warm: connection, plans, caches, code paths
            sweep()
            floor()
        sweep_ms, floor_ms = [], []
        for _ in range(HERHALINGEN):  # interleaved, so both see the same machine
            sweep_ms.append(meet(sweep, 1))
            floor_ms.append(meet(floor, 1))
        sweep_ms, floor_ms = statistics.median(sweep_ms), statistics.median(floor_ms)
        with CaptureQueriesContext(connection) as vastgelegd:
            sweep()
        queries = len(vastgelegd.captured_queries)

        from intake.services.doorverwijzing_termijnen import doorverwijzing_meldingen
        from toegang.berichten.models import UitgaandeTaak

        def meldingen():
            with transaction.atomic():
                doorverwijzingen_bewaken(nu=NU)
                start = time.perf_counter()
                for taak in UitgaandeTaak.objects.filter(
                    taak="intake.tasks.doorverwijzing_meldingen"
                ):
                    soort, _, ids = taak.argumenten
                    doorverwijzing_meldingen(soort=soort, ids=ids.split(","), nu=NU)
                duur = (time.perf_counter() - start) * 1000
                transaction.set_rollback(True)
            return duur

        meldingen_ms = statistics.median(meldingen() for _ in range(3))
        herinneringen = gevonden["herinneringen"]
        # Ten times as many due: the number of statements must not grow.
        from intake.models import Doorverwijzing

        extra = list(
            Doorverwijzing.objects.filter(termijn_vanaf__gt=grenzen[0]).values_list(
                "pk", flat=True
            )[: due * 9]
        )
        open_referrals = Doorverwijzing.objects.filter(status="verstuurd").count()
        Doorverwijzing.objects.filter(pk__in=extra).update(termijn_vanaf=grenzen[0])
        with CaptureQueriesContext(connection) as vastgelegd:
            sweep()
        queries_10x = len(vastgelegd.captured_queries)
        herinneringen_10x = gevonden["herinneringen"]
        connection.close()
    print(f"open_referrals={open_referrals}")
    print(f"due={due}")
    print(f"reminders={herinneringen}")
    print(f"sweep_ms={sweep_ms:.1f}")
    print(f"floor_ms={floor_ms:.1f}")
    print(f"ratio={sweep_ms / floor_ms:.2f}")
    print(f"queries={queries}")
    print(f"queries_10x_due={queries_10x} (reminders={herinneringen_10x})")
    print(f"meldingen_ms={meldingen_ms:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(uitvoeren(meten))
