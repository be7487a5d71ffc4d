"""One request at a time, in process: the median time and the query count of each public page
and of the help point's registration, on the demo data. For finding where the time goes
(add --profile PAGE for a cProfile of that page), not for load figures (see load.py).

Usage (after `manage.py migrate && manage.py seed_demo` on the same database):
    .venv/bin/python bench/profile_pages.py [--runs 30] [--profile finder-postcode]
        [--only bare survey status-post]
SQLite in var/ by default; for PostgreSQL set DB_ENGINE=postgresql and the PG* variables.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

import django

django.setup()

import scenario  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def measure(client: Client, request: scenario.Request, runs: int) -> tuple[float, float, int, int]:
    """Median wall time and median CPU time of this process (the app's own work, which other
    load on a shared machine disturbs less), both in ms; the query count; the status."""
    wall, cpu, status = [], [], 0
    for n in range(runs + 3):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = request.send(client)
        if n >= 3:
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        status = response.status_code
    with CaptureQueriesContext(connection) as queries:
        request.send(client)
    return statistics.median(wall), statistics.median(cpu), len(queries), status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", help="name of one page to profile with cProfile")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="measure only these pages")
    args = parser.parse_args()
    scenario.prepare()
    world = scenario.World.load()
    # The floor: a bare view through the same middleware, as load.py compares against.
    pages = [scenario.Request("bare", "/bench/ok"), *scenario.pages(world)]
    if args.profile:
        request = next(p for p in pages if p.name == args.profile)
        client = request.client(world, Client)
        request.send(client)
        profiler = cProfile.Profile()
        profiler.enable()
        for _n in range(args.runs):
            request.send(client)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    print(f"{'page':<20} {'wall ms':>8} {'cpu ms':>8} {'queries':>8} {'status':>7}")
    for request in pages:
        if args.only and request.name not in args.only:
            continue
        client = request.client(world, Client)
        wall, cpu, queries, status = measure(client, request, args.runs)
        print(f"{request.name:<20} {wall:>8.2f} {cpu:>8.2f} {queries:>8} {status:>7}")


if __name__ == "__main__":
    main()
