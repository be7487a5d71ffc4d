"""The embedded default under parallel load: 50 staff log in at once (password, then the demo's
second-factor code) and each registers help point visits, while 50 residents look up their
status; first alone, then while a long job writes (an import of many services). Counts every
answer that is not the expected one (a "database is locked" shows as a 500).

Usage:
    .venv/bin/python bench/sqlite_concurrency.py [--users 50] [--services 2000]
It makes its own SQLite database in /tmp/digiketen-bench-sqlite (demo data), serves it with
`manage.py runserver` as `make run` does (127.0.0.1 only) and stops it at the end.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VAR = Path("/tmp/digiketen-bench-sqlite")
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))
os.environ.update(
    DJANGO_SETTINGS_MODULE="bench_settings",
    DB_ENGINE="sqlite",
    DIGIKETEN_VAR_DIR=str(VAR),
    PYTHONPATH=str(BENCH),
)

import load  # noqa: E402
import scenario  # noqa: E402

PORT = 8766


def prepare(services: int) -> Path:
    """Demo data in a fresh database, and an import file of `services` new services."""
    import django

    django.setup()
    from django.core.management import call_command

    from digiketen.core.models import SiteConfiguration
    from digiketen.directory import hsds
    from digiketen.directory.models import Service

    call_command("migrate", verbosity=0)
    if not SiteConfiguration.load().demo_seeded:
        call_command("seed_demo", verbosity=0)
    scenario.prepare()
    templates = [
        hsds.service(s, places=s.at_locations.select_related("location__organisation"))
        for s in Service.objects.filter(is_active=True).select_related("organisation")
    ]
    records = []
    for n in range(services):
        record = json.loads(json.dumps(templates[n % len(templates)], default=str))
        record["id"] = str(uuid.uuid4())
        record["name"] = f"{record['name'][:150]} {record['id'][:8]}"  # new at every run
        for place in record.get("service_at_locations", []):
            place["id"] = str(uuid.uuid4())
        records.append(record)
    path = VAR / "import.json"
    path.write_text(json.dumps(records))
    return path


async def staff_user(world: scenario.World, visits: int) -> list[int]:
    """Log in, then register `visits` visits: the status of every answer."""
    session = load.Session()
    statuses = []
    try:
        session = await load.log_in(PORT)
        statuses.append(302)
    except RuntimeError:
        statuses.append(500)
        return statuses
    form = scenario.register_form(world)
    for _n in range(visits):
        response = await load.fetch(
            PORT, "POST", "/werkruimte/informatiepunt", session, form=form()
        )
        statuses.append(response.status)
    return statuses


async def resident() -> list[int]:
    session = load.Session()
    session.remember(await load.fetch(PORT, "GET", "/status", session))
    response = await load.fetch(
        PORT,
        "POST",
        "/status",
        session,
        form=scenario.status_form(),
        address=scenario.visitor_address(),
    )
    return [response.status]


async def wave(world: scenario.World, users: int, visits: int) -> tuple[int, int, float]:
    started = time.perf_counter()
    answers = await asyncio.gather(
        *(staff_user(world, visits) for _n in range(users)),
        *(resident() for _n in range(users)),
    )
    statuses = [s for user in answers for s in user]
    errors = sum(s not in (200, 302) for s in statuses)
    return len(statuses), errors, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--visits", type=int, default=3, help="registrations per staff member")
    parser.add_argument("--services", type=int, default=2000, help="services in the import")
    args = parser.parse_args()
    import_file = prepare(args.services)
    world = scenario.World.load()
    log = (VAR / "runserver.log").open("w")  # a file: a full pipe would stall the server
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        load.wait_for(PORT)
        count, errors, seconds = asyncio.run(wave(world, args.users, args.visits))
        print(f"alone:              {count} answers, {errors} errors, {seconds:.1f} s")
        import_started = time.perf_counter()
        importing = subprocess.Popen(
            [sys.executable, "manage.py", "import_services", str(import_file)],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)  # the import is under way
        count, errors_during, seconds = asyncio.run(wave(world, args.users, args.visits))
        importing.wait(timeout=600)
        print(
            f"during an import:   {count} answers, {errors_during} errors, {seconds:.1f} s "
            f"(the import of {args.services} services took "
            f"{time.perf_counter() - import_started:.1f} s, exit code {importing.returncode})"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    locked = (VAR / "runserver.log").read_text().count("database is locked")
    print(f"'database is locked' in the server log: {locked}")
    return 1 if errors or errors_during or locked else 0


if __name__ == "__main__":
    sys.exit(main())
