"""50 simulated users against gunicorn on loopback: each public page's throughput as a ratio to
a bare Django view ("ok", through the same middleware) measured in the same run, with
p50/p95/p99 latency and errors. Goals (issue 10): public GET pages >= 0.5x, POSTs >= 0.3x.

Usage (PostgreSQL, demo data loaded with `manage.py migrate && manage.py seed_demo`):
    DB_ENGINE=postgresql PG...=... .venv/bin/python bench/load.py [--seconds 8] [--users 50]
or `make bench`. The script starts gunicorn itself (bench/bench_settings.py, 4 sync workers,
127.0.0.1 only), runs one page at a time for a bounded time and stops the server.

The load generator is a small asyncio HTTP client from the standard library (no extra
package): one connection per request as gunicorn's sync workers close them anyway, the whole
response read, status and latency recorded. On a 2-core machine it competes with the server
for the CPU; it does the same work per request for every page, and the bare view is measured
first and last in the same run, so the ratio compares like with like. Requests to
rate-limited pages come from varied loopback addresses (127.x.y.z), as residents come from
their own addresses. Staff log in once per simulated user before the timed runs.
"""

import argparse
import asyncio
import gzip
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

import scenario  # noqa: E402

HOST = "127.0.0.1"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: bytes


@dataclass
class Session:
    """One simulated user: their cookies and CSRF token."""

    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def remember(self, response: Response) -> None:
        for header in response.headers.get("set-cookie", []):
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        body = response.body
        if "gzip" in response.headers.get("content-encoding", []):
            body = gzip.decompress(body)
        if match := CSRF_INPUT.search(body):
            self.csrf = match.group(1).decode()


async def fetch(
    port: int,
    method: str,
    path: str,
    session: Session,
    *,
    form: dict | None = None,
    address: str | None = None,
) -> Response:
    reader, writer = await asyncio.open_connection(
        HOST, port, local_addr=(address, 0) if address else None
    )
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    lines.append("Accept-Encoding: gzip")
    if session.cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in session.cookies.items()))
    body = b""
    if form is not None:
        if session.csrf:
            form = {"csrfmiddlewaretoken": session.csrf, **form}
        body = urlencode(form).encode()
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    raw = await reader.read()
    writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return Response(int(status_line.split()[1]), headers, content)


async def log_in(port: int) -> Session:
    """Password, then the demo's fixed second-factor code: a verified staff session."""
    session = Session()
    session.remember(await fetch(port, "GET", "/inloggen", session))
    form = {"username": scenario.STAFF_USERNAME, "password": scenario.DEMO_PASSWORD}
    response = await fetch(port, "POST", "/inloggen", session, form=form)
    session.remember(response)
    session.remember(await fetch(port, "GET", "/inloggen/code", session))
    response = await fetch(port, "POST", "/inloggen/code", session, form={"token": "123456"})
    session.remember(response)
    if response.status != 302:
        body = response.body
        if "gzip" in response.headers.get("content-encoding", []):
            body = gzip.decompress(body)
        raise RuntimeError(f"staff login failed: {response.status} {body[:200]!r}")
    return session


@dataclass
class Result:
    name: str
    method: str
    count: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def throughput(self) -> float:
        return self.count / self.seconds

    def quantile(self, q: int) -> float:
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=100)[q - 1]


async def run_page(
    port: int, request: scenario.Request, sessions: list[Session], seconds: float, warmup: float
) -> Result:
    expected = {302} if request.staff and request.form else {200}
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    record_from, stop = start + warmup, start + warmup + seconds

    async def user(session: Session) -> None:
        nonlocal errors
        while (now := time.perf_counter()) < stop:
            address = scenario.visitor_address() if request.varied_address else None
            form = request.form() if request.form else None
            try:
                response = await fetch(
                    port, request.method, request.path, session, form=form, address=address
                )
                ok = response.status in expected
            except OSError:
                ok = False
            if now >= record_from:
                latencies.append((time.perf_counter() - now) * 1000)
                errors += not ok

    await asyncio.gather(*(user(s) for s in sessions))
    return Result(
        request.name,
        request.method,
        len(latencies),
        time.perf_counter() - record_from,
        latencies,
        errors,
    )


async def sessions_for(port: int, request: scenario.Request, users: int) -> list[Session]:
    if request.staff:
        return list(await asyncio.gather(*(log_in(port) for _n in range(users))))
    sessions = [Session() for _n in range(users)]
    if request.form:  # a visitor opens the form first: the CSRF cookie and token
        for session in sessions:
            session.remember(await fetch(port, "GET", request.path, session))
    return sessions


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "digiketen.wsgi:application",
            f"--pythonpath={ROOT / 'src'},{BENCH}",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--backlog=256",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for(port)
    except RuntimeError:
        server.terminate()
        raise
    return server


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if asyncio.run(fetch(port, "GET", "/bench/ok", Session())).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def goal(result: Result) -> float | None:
    if result.name.startswith("bare"):
        return None
    return 0.3 if result.method == "POST" else 0.5


def print_table(results: list[Result], bare: float) -> None:
    print(f"\nbare view: {bare:.0f} requests/s (mean of the first and the last run)\n")
    print(
        f"{'page':<18} {'req/s':>7} {'ratio':>6} {'goal':>5} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>7}"
    )
    for r in results:
        wanted = goal(r)
        ratio = r.throughput / bare
        verdict = "" if wanted is None else ("ok" if ratio >= wanted and not r.errors else "LOW")
        print(
            f"{r.name:<18} {r.throughput:>7.0f} {ratio:>5.2f}x {wanted or '':>5} "
            f"{r.quantile(50):>7.1f} {r.quantile(95):>7.1f} {r.quantile(99):>7.1f} "
            f"{r.errors:>7} {verdict}"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8, help="timed seconds per page")
    parser.add_argument("--warmup", type=float, default=1.5)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", nargs="*", help="page names (default: all)")
    args = parser.parse_args()

    import django

    django.setup()
    scenario.prepare()
    world = scenario.World.load()
    pages = [p for p in scenario.pages(world) if not args.only or p.name in args.only]
    pages = [p for p in pages if p.name != "overview-pdf"]  # rate-limited: see profile_pages
    bare = scenario.Request("bare", "/bench/ok")

    server = start_server(args.port, args.workers)
    results = []
    try:
        for request in [bare, *pages, bare]:
            sessions = asyncio.run(sessions_for(args.port, request, args.users))
            result = asyncio.run(run_page(args.port, request, sessions, args.seconds, args.warmup))
            print(f"{result.name}: {result.throughput:.0f}/s, {result.errors} errors", flush=True)
            results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    bare_throughput = (results[0].throughput + results[-1].throughput) / 2
    print_table(results[1:-1], bare_throughput)
    return 0


if __name__ == "__main__":
    sys.exit(main())
