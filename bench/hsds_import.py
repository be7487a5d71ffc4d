"""A 20,000-row HSDS import on PostgreSQL, the way staff start one: the package is kept as a
run and the task (run in process here, as the worker would) reads it, checks every row and
saves the whole package in one transaction. Prints the seconds of each step and in all, wall
and CPU of this process (the database's own work is in the wall time only).

Usage:
    .venv/bin/python bench/hsds_import.py [--rows 20000] [--profile]
Fills its own PostgreSQL database (default digiketen_bench_hsds on 127.0.0.1; the PG*
variables choose another); every run imports new services, so the tables grow run by run.
--profile prints the 30 functions with the most time of their own.
"""

import argparse
import cProfile
import os
import pstats
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
os.environ.setdefault("PGDATABASE", "digiketen_bench_hsds")

import psycopg


def create_database() -> None:
    """The benchmark's own database, created once; nothing else on the server is touched."""
    name = os.environ["PGDATABASE"]
    with psycopg.connect(dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    create_database()

    import django

    django.setup()
    import hsds_package
    from django.core.management import call_command

    from digiketen.accounts.models import Membership, Role, User
    from digiketen.directory import import_plan, import_runs, importer
    from digiketen.directory.models import ServiceImport
    from digiketen.organisations.models import Organisation

    call_command("migrate", verbosity=0)
    municipality, _ = Organisation.objects.get_or_create(
        name="Gemeente (bench)", defaults={"type": "municipality"}
    )
    user, _ = User.objects.get_or_create(username="bench-hsds-coordinator")
    Membership.objects.get_or_create(user=user, organisation=municipality, role=Role.COORDINATOR)

    started = time.perf_counter()
    package = hsds_package.build(args.rows)
    print(
        f"package: {args.rows} services, {len(package) / 1e6:.1f} MB zipped, "
        f"built in {time.perf_counter() - started:.1f} s"
    )

    steps: dict[str, float] = {}
    cpu: dict[str, float] = {}
    read, write = importer.read_package, import_plan.Plan.write

    def timed_read(*a, **k):
        t, c = time.perf_counter(), time.process_time()
        try:
            return read(*a, **k)
        finally:
            steps["read"], cpu["read"] = time.perf_counter() - t, time.process_time() - c

    def timed_write(self, **k):
        t, c = time.perf_counter(), time.process_time()
        try:
            return write(self, **k)
        finally:
            steps["write"], cpu["write"] = time.perf_counter() - t, time.process_time() - c

    load = import_plan.Plan.load

    def timed_load(records):
        t, c = time.perf_counter(), time.process_time()
        try:
            return load(records)
        finally:
            steps["load"], cpu["load"] = time.perf_counter() - t, time.process_time() - c

    importer.read_package, import_plan.Plan.write = timed_read, timed_write
    import_plan.Plan.load = staticmethod(timed_load)
    profile = cProfile.Profile() if args.profile else None
    started, started_cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    # bench_settings has the immediate task backend: the task runs when the run is saved.
    run = import_runs.start_service_import(actor=user, file_name="bench.zip", content=package)
    import_runs.run_service_import(run_id=run.pk)  # (a no-op when the task ran already)
    if profile:
        profile.disable()
    total, total_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    run = ServiceImport.objects.get(pk=run.pk)
    check, check_cpu = total - sum(steps.values()), total_cpu - sum(cpu.values())
    print(f"outcome: {run.state}, {run.created} created, {run.error_count} rejected")
    print(
        f"wall (CPU): read {steps.get('read', 0):.1f} ({cpu.get('read', 0):.1f}) s, "
        f"look-ups {steps.get('load', 0):.1f} ({cpu.get('load', 0):.1f}) s, "
        f"check {check:.1f} ({check_cpu:.1f}) s, "
        f"write {steps.get('write', 0):.1f} ({cpu.get('write', 0):.1f}) s (one transaction)"
    )
    print(
        f"import of {args.rows} rows: {total:.1f} s wall, {total_cpu:.1f} s CPU (goal < 60 s); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
