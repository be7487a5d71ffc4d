"""Print the first-load weight of pages: the gzip-compressed size of every response a page loads
(HTML, CSS, JS, fonts, images), as a resident's phone would fetch it with an empty cache.

Usage: make run (in another terminal), then
    .venv/bin/python bench/page_weight.py [BASE_URL] [PATH ...]
Defaults: http://127.0.0.1:8000 and the public pages. Budget for resident pages: 50 KB.
"""

import gzip
import sys

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DEFAULT_PATHS = ["/", "/en/", "/toegankelijkheid", "/privacy", "/inloggen"]
BUDGET_KB = 50


def weigh(page, url: str) -> list[tuple[str, int, int]]:
    responses = []

    def collect(response):
        responses.append(response)

    page.on("response", collect)
    page.goto(url, wait_until="networkidle")
    rows = []
    for response in responses:
        body = response.body()
        rows.append((response.url, len(body), len(gzip.compress(body))))
    return rows


def main(base: str, paths: list[str]) -> int:
    over = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for path in paths:
            page = browser.new_page()
            rows = weigh(page, base + path)
            total = sum(gz for _, _, gz in rows) / 1024
            over += total > BUDGET_KB
            print(f"{path}: {total:.1f} KB gz in {len(rows)} responses (budget {BUDGET_KB} KB)")
            for url, raw, gz in rows:
                path = url.removeprefix(base)
                print(f"    {gz / 1024:6.1f} KB gz  {raw / 1024:7.1f} KB raw  {path}")
            page.close()
        browser.close()
    return 1 if over else 0


if __name__ == "__main__":
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    sys.exit(main(base.rstrip("/"), sys.argv[2:] or DEFAULT_PATHS))
