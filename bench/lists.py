"""The staff lists with 100,000 rows: the applications list and the device list of one
cyberbank, in process with Django's test client, logged in as its (verified) hub staff.

Fills its own PostgreSQL database once (default digiketen_bench_lists on 127.0.0.1) with
N applications and N devices (bulk inserts), then requests each page R times and prints the
p50/p95/p99 wall time in ms and the queries per request.

Usage:
    .venv/bin/python bench/lists.py [--rows 100000] [--runs 30] [--explain NAME]
--explain NAME prints EXPLAIN ANALYZE for every query of that page instead of timing.
The PG* variables choose the server and database (loopback by default).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
os.environ["DB_ENGINE"] = "postgresql"
os.environ.setdefault("PGHOST", "127.0.0.1")
os.environ.setdefault("PGUSER", "digiketen_ci")
os.environ.setdefault("PGPASSWORD", "digiketen_ci")
os.environ.setdefault("PGDATABASE", "digiketen_bench_lists")

import psycopg


def create_database() -> None:
    """The benchmark's own database, created once; nothing else on the server is touched."""
    name = os.environ["PGDATABASE"]
    with psycopg.connect(dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


create_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from digiketen.accounts.models import Membership, Role, User  # noqa: E402
from digiketen.applications.fingerprints import address_hash  # noqa: E402
from digiketen.applications.models import HOLDS_DEVICE, Application, Status  # noqa: E402
from digiketen.inventory.models import Device, DeviceState, DeviceType  # noqa: E402
from digiketen.organisations.models import Location, Organisation  # noqa: E402

BATCH = 5_000
USERNAME = "bench-lists-staff"
NAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smeets", "Peters", "Hendriks", "Meijer"]
BRANDS = [("Lenovo", "ThinkPad T480"), ("HP", "EliteBook 840 G5"), ("Dell", "Latitude 7490")]


def world() -> tuple[Organisation, list[Location], User]:
    bank, _ = Organisation.objects.get_or_create(
        name="Cyberbank (bench)", defaults={"type": "library"}
    )
    hubs = [
        Location.objects.get_or_create(
            organisation=bank,
            name=f"Uitgiftepunt {n}",
            defaults={"street": "Markt", "house_number": "1", "postcode": "6211CN", "city": "M"},
        )[0]
        for n in range(3)
    ]
    user, created = User.objects.get_or_create(username=USERNAME)
    if created:
        Membership.objects.create(user=user, organisation=bank, role=Role.HUB_STAFF)
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return bank, hubs, user


def load_devices(target: int, bank, hubs) -> None:
    have = Device.objects.filter(organisation=bank).count()
    rng = random.Random(1)
    states = [s for s in DeviceState.values if s not in ("parts_harvested", "recycled")]
    while have < target:
        size = min(BATCH, target - have)
        with transaction.atomic():
            Device.objects.bulk_create(
                Device(
                    asset_tag=f"DK-{n:06d}",
                    organisation=bank,
                    hub=rng.choice(hubs),
                    type=rng.choice([DeviceType.LAPTOP] * 8 + [DeviceType.DESKTOP]),
                    state=rng.choice(states),
                    brand=(model := rng.choice(BRANDS))[0],
                    model=model[1],
                    serial=f"SN{rng.randrange(16**10):010X}",
                )
                for n in range(have + 1, have + size + 1)
            )
        have += size
        print(f"\r{have:,} devices", end="", flush=True)
    print()


def load_applications(target: int, bank, hubs) -> None:
    have = Application.objects.filter(organisation=bank).count()
    if have >= target:
        return
    rng = random.Random(2)
    devices = list(Device.objects.filter(organisation=bank).values_list("pk", flat=True))
    now = timezone.now()
    while have < target:
        size = min(BATCH, target - have)
        rows = []
        for n in range(have, have + size):
            status = rng.choice(Status.values)
            postcode, number = f"62{n % 100:02d}AB", str(n % 200 + 1)
            rows.append(
                Application(
                    reference=f"AV-{n:06d}",
                    organisation=bank,
                    hub=rng.choice(hubs),
                    channel="online",
                    status=status,
                    household_size=2,
                    first_name="Sam",
                    last_name=f"{rng.choice(NAMES)} {n}",
                    postcode=postcode,
                    house_number=number,
                    address_hash=address_hash(postcode, number),
                    contact_by="email",
                    email=f"a{n}@example.org",
                    route="pass",
                    consent_at=now,
                    # One device per holding application (a constraint): device n for row n.
                    device_id=devices[n] if status in HOLDS_DEVICE else None,
                )
            )
        with transaction.atomic():
            Application.objects.bulk_create(rows)
        have += size
        print(f"\r{have:,} applications", end="", flush=True)
    # created_at is set on insert: spread the rows over the last years, one per 15 minutes.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_application SET created_at = %s - id * interval '15 minutes'",
            [now],
        )
        cursor.execute("VACUUM ANALYZE applications_application")
        cursor.execute("VACUUM ANALYZE inventory_device")
    print()


def pages(rows: int) -> list[tuple[str, str]]:
    deep_applications = max(rows // 25 // 2, 1)  # page 2,000 of 4,000 at 100,000 rows
    deep_devices = max(rows // 50 // 2, 1)
    result = [
        ("applications p1", "/werkruimte/aanvragen"),
        ("applications deep", f"/werkruimte/aanvragen?page={deep_applications}"),
        ("applications last", f"/werkruimte/aanvragen?page={-(-rows // 25)}"),
    ]
    result += [(f"applications {s}", f"/werkruimte/aanvragen?status={s}") for s in Status.values]
    result += [
        ("applications q=code", "/werkruimte/aanvragen?q=AV-012345"),
        ("applications q=name", "/werkruimte/aanvragen?q=visser"),
        ("applications q=pc", "/werkruimte/aanvragen?q=6212+AB"),
        ("applications q=none", "/werkruimte/aanvragen?q=zzzz"),
        ("devices p1", "/werkruimte/apparaten/"),
        ("devices deep", f"/werkruimte/apparaten/?page={deep_devices}"),
        ("devices last", f"/werkruimte/apparaten/?page={-(-rows // 50)}"),
        ("devices ready", "/werkruimte/apparaten/?status=ready"),
        ("devices q=tag", "/werkruimte/apparaten/?q=DK-012345"),
        ("devices q=tag part", "/werkruimte/apparaten/?q=12345"),
        ("devices q=serial", "/werkruimte/apparaten/?q=SN00"),
        ("devices q=model", "/werkruimte/apparaten/?q=thinkpad"),
        ("devices q=none", "/werkruimte/apparaten/?q=zzzz"),
    ]
    return result


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def explain(client: Client, path: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN ANALYZE " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            print(sql[:300], "\n", plan, "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", help="name of one page: EXPLAIN ANALYZE its queries")
    parser.add_argument("--only", help="time only pages whose name contains this")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    bank, hubs, user = world()
    load_devices(args.rows, bank, hubs)
    load_applications(args.rows, bank, hubs)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    chosen = [p for p in pages(args.rows) if not args.only or args.only in p[0]]
    if args.explain:
        explain(client, dict(chosen)[args.explain])
        return
    print(f"{'page':<24} {'p50':>7} {'p95':>7} {'p99':>7} {'queries':>8} {'status':>7} {'rows':>5}")
    for name, path in chosen:
        times = []
        for n in range(args.runs + 3):
            started = time.perf_counter()
            response = client.get(path)
            if n >= 3:  # the first requests warm the caches
                times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        shown = response.content.count(b'<tr class="utrecht-table__row">') - 1
        print(
            f"{name:<24} {percentile(times, 50):>7.1f} {percentile(times, 95):>7.1f} "
            f"{percentile(times, 99):>7.1f} {len(queries):>8} {response.status_code:>7} "
            f"{shown:>5}"
        )


if __name__ == "__main__":
    main()
