"""Asset label PDFs: wall and CPU seconds to make 24 and 240 labels, on an A4 sheet and on the
62 mm roll, in process (the work a request does inside gunicorn's 30 s worker timeout).
The devices are made in memory (no database); the QR codes hold the device page's address as
in production.

Usage:
    .venv/bin/python bench/labels.py [--counts 24,240] [--runs 3] [--profile a4:240]
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
os.environ.setdefault("DB_ENGINE", "sqlite")

import django

django.setup()

from digiketen.inventory import labels  # noqa: E402
from digiketen.inventory.models import Device  # noqa: E402


def devices(count: int) -> list[Device]:
    return [Device(pk=n, asset_tag=f"DK-{n:06d}", type="laptop") for n in range(1, count + 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", default="24,240")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", help="FORMAT:COUNT to profile once, e.g. a4:240")
    args = parser.parse_args()
    labels.pdf(devices(1), label_format="a4")  # WeasyPrint's import and fonts, once
    if args.profile:
        label_format, count = args.profile.split(":")
        batch = devices(int(count))
        profile = cProfile.Profile()
        profile.runcall(labels.pdf, batch, label_format=label_format)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        return
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'format':<7}{'labels':>7}{'wall s':>9}{'cpu s':>8}{'kB':>7}")
    for label_format in labels.FORMATS:
        for count in map(int, args.counts.split(",")):
            batch, wall, cpu, size = devices(count), [], [], 0
            for _run in range(args.runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                size = len(labels.pdf(batch, label_format=label_format))
                wall.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            print(
                f"{label_format:<7}{count:>7}{statistics.median(wall):>9.2f}"
                f"{statistics.median(cpu):>8.2f}{size // 1024:>7}"
            )


if __name__ == "__main__":
    main()
