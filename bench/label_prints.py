"""Concurrent label prints against gunicorn: while PRINTS staff members each print 240 asset
labels at the same moment, how long does a bare page wait? With 4 sync workers and 4 prints
of about 3 s each, every worker is busy and the bare page waits for the first to finish.

Usage (PostgreSQL, demo data loaded with `manage.py migrate && manage.py seed_demo`):
    DB_ENGINE=postgresql PG...=... .venv/bin/python bench/label_prints.py [--prints 4]
The script makes 240 devices at the demo cyberbank if it has fewer, starts gunicorn itself
(bench/bench_settings.py, 4 sync workers, 127.0.0.1 only), logs in one staff session per
print (`--usernames`: one demo account in several tabs, or several people), fires the
prints, asks for /bench/ok 0.3 s later, and prints the times.
"""

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "src"))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

import load  # noqa: E402
import scenario  # noqa: E402

LABELS = 240


def device_ids(username: str) -> list[int]:
    from digiketen.accounts.models import User
    from digiketen.inventory import selectors
    from digiketen.inventory.models import Device

    user = User.objects.get(username=username)
    visible = selectors.visible_devices(user=user)
    missing = LABELS - visible.count()
    if missing > 0:
        some = visible.select_related("hub", "organisation").first()
        Device.objects.bulk_create(
            Device(
                asset_tag=f"DK-BENCH-{n:04d}",
                organisation=some.organisation,
                hub=some.hub,
                type="laptop",
                state="received",
            )
            for n in range(missing)
        )
    return list(visible.order_by("pk").values_list("pk", flat=True)[:LABELS])


async def log_in(port: int, username: str) -> load.Session:
    original = scenario.STAFF_USERNAME
    scenario.STAFF_USERNAME = username
    try:
        return await load.log_in(port)
    finally:
        scenario.STAFF_USERNAME = original


async def timed(port, path, session) -> tuple[float, int]:
    started = time.perf_counter()
    response = await load.fetch(port, "GET", path, session)
    return time.perf_counter() - started, response.status


async def run(port: int, prints: int, usernames: list[str], ids: list[int]) -> None:
    sessions = [await log_in(port, usernames[n % len(usernames)]) for n in range(prints)]
    path = "/werkruimte/apparaten/labels.pdf?formaat=a4&ids=" + ",".join(map(str, ids))
    bare_alone, _status = await timed(port, "/bench/ok", load.Session())
    jobs = [asyncio.create_task(timed(port, path, s)) for s in sessions]
    await asyncio.sleep(0.3)
    bare_during, bare_status = await timed(port, "/bench/ok", load.Session())
    results = await asyncio.gather(*jobs)
    print(f"bare page alone: {bare_alone:.2f} s")
    print(
        f"bare page during {prints} prints of {LABELS} labels: {bare_during:.2f} s ({bare_status})"
    )
    for n, (seconds, status) in enumerate(results, 1):
        print(f"print {n}: {seconds:.2f} s, status {status}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prints", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--usernames",
        default="uitgifte",
        help="demo accounts, comma-separated: one for a volunteer in several tabs, "
        "uitgifte,begeleider,leerling,beheerder for four people",
    )
    args = parser.parse_args()

    import django

    django.setup()
    scenario.prepare()
    usernames = args.usernames.split(",")
    ids = device_ids(usernames[0])
    from django.db import connections

    connections.close_all()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    server = load.start_server(args.port, args.workers)
    try:
        asyncio.run(run(args.port, args.prints, usernames, ids))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
