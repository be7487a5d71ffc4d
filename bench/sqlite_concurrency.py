"""The embedded default under parallel load: 50 staff log in at once (password, then the demo's
second-factor code) and each registers help point visits, while 50 residents look up their
status; first alone, then while a long job writes (an import of many services). Counts every
answer that is not the expected one (a "database is locked" shows as a 500).

Usage:
    .venv/bin/python bench/sqlite_concurrency.py [--users 50] [--services 2000] [--task]
It makes its own SQLite database in /tmp/digiketen-bench-sqlite (demo data), serves it with
`manage.py runserver` as `make run` does (127.0.0.1 only) and stops it at the end.
--task imports as staff do: an HSDS CSV package of --services rows (bench/hsds_package.py)
is kept as a run and `manage.py db_worker` imports it in the background, writing its
progress; without it, `manage.py import_services` imports a JSON file in one process.
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
    # Background work queued in the database, for the worker started with --task.
    TASKS_BACKEND="django_tasks_db.DatabaseBackend",
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
    if not services:  # --task builds its own package
        return VAR / "import.json"
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
    except (RuntimeError, OSError):  # a failed login, or the server dropped the connection
        statuses.append(500)
        return statuses
    form = scenario.register_form(world)
    for _n in range(visits):
        try:
            response = await load.fetch(
                PORT, "POST", "/werkruimte/informatiepunt", session, form=form()
            )
        except OSError:
            statuses.append(599)  # runserver under load reset the connection
            continue
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


def start_task_import(services: int) -> tuple[int, subprocess.Popen]:
    """A run of an HSDS package of `services` rows, queued as the upload page does, and the
    worker that imports it."""
    import hsds_package
    from django.db import connection

    from digiketen.accounts.models import User
    from digiketen.directory import import_runs

    coordinator = User.objects.get(username="regisseur")
    run = import_runs.start_service_import(
        actor=coordinator, file_name="bench.zip", content=hsds_package.build(services)
    )
    connection.close()  # SQLite: no connection of ours stays open during the waves
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=(VAR / "worker.log").open("w"),
    )
    return run.pk, worker


def run_outcome(run_id: int) -> str | None:
    """The run's outcome, or None while it is not finished."""
    from django.db import connection

    from digiketen.directory.models import ServiceImport

    run = ServiceImport.objects.defer("package").get(pk=run_id)
    connection.close()
    if not run.is_finished:
        return None
    return f"{run.state}, {run.created} created, {run.error_count} rejected, {run.message}"


def wait_for_run(run_id: int, timeout: float = 900) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if outcome := run_outcome(run_id):
            return outcome
        time.sleep(1)
    return "not finished"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--visits", type=int, default=3, help="registrations per staff member")
    parser.add_argument("--services", type=int, default=2000, help="services in the import")
    parser.add_argument("--task", action="store_true", help="import through the task worker")
    args = parser.parse_args()
    import_file = prepare(0 if args.task else args.services)
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
        if args.task:
            run_id, importing = start_task_import(args.services)
        else:
            importing = subprocess.Popen(
                [sys.executable, "manage.py", "import_services", str(import_file)],
                cwd=ROOT,
                env=os.environ.copy(),
                stdout=subprocess.DEVNULL,
            )
        time.sleep(0.5)  # the import is under way
        # Waves of logins and registrations until the import is done (at least one).
        count = errors_during = 0
        seconds = 0.0
        waves = 0
        while waves == 0 or (args.task and run_outcome(run_id) is None and waves < 20):
            answers, errors, took = asyncio.run(wave(world, args.users, args.visits))
            count, errors_during, seconds, waves = (
                count + answers,
                errors_during + errors,
                seconds + took,
                waves + 1,
            )
        if args.task:
            outcome = wait_for_run(run_id)
            importing.terminate()
            importing.wait(timeout=60)
        else:
            importing.wait(timeout=600)
            outcome = f"exit code {importing.returncode}"
        print(
            f"during an import:   {count} answers in {waves} waves, {errors_during} errors, "
            f"{seconds:.1f} s (the import of {args.services} services took "
            f"{time.perf_counter() - import_started:.1f} s: {outcome})"
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
