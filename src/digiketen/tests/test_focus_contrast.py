"""Every keyboard focus ring can be seen: at least 2 px wide and 3:1 against what lies behind it
(WCAG 2.2 SC 1.4.11 and 2.4.7), in the header, the content and the footer of every layout, in
the default theme and in other themes the administrator's form allows.

axe cannot check this: it never moves the focus. So the test tabs through each page as a
keyboard user does, reads the ring with getComputedStyle (the outline; the widest box-shadow
when there is no outline), finds what is painted behind the ring with elementsFromPoint (so an
element lying over another, such as a skip link over a header, is judged against what is really
behind it), and computes the contrast here in Python. The outermost ring is what must stand out
from the background: a halo of the element's own between it and the ring does not count.
"""

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from digiketen.core.colours import contrast_ratio
from digiketen.tests.test_browser import log_in

pytestmark = pytest.mark.browser

MINIMUM_RATIO = 3.0
MINIMUM_WIDTH_PX = 2.0
MAX_TAB_STOPS = 150

# Runs on the focused element. Returns null once focus leaves the page or comes round again.
# For the ring it returns its colour, width and distance from the border box; behind it, for a
# point in the middle of each side of the ring, the background colours from the top layer down
# to the first opaque one (the element itself and what it contains are skipped when the ring
# lies outside it).
PROBE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.id === "focus-start") return null;
  // A date or time field takes one Tab per part (day, month, year): the same element again.
  if (el === window.__focusLast) return {same: true};
  if (window.__focusSeen.has(el)) return null;
  window.__focusSeen.add(el);
  window.__focusLast = el;
  const style = getComputedStyle(el);
  const region = el.closest("header") ? "header" : el.closest("footer") ? "footer"
    : el.closest("main") ? "main" : "page";
  const label = (el.getAttribute("aria-label") || el.innerText || el.value || el.name
    || el.id || "").trim().slice(0, 40);
  const shadows = [...style.boxShadow.matchAll(
    /(rgba?\\([^)]*\\))\\s+(-?[\\d.]+)px\\s+(-?[\\d.]+)px\\s+(-?[\\d.]+)px\\s+(-?[\\d.]+)px(\\s+inset)?/g
  )].filter(m => !m[6] && parseFloat(m[2]) === 0 && parseFloat(m[3]) === 0)
    .map(m => ({colour: m[1], spread: parseFloat(m[5])}))
    .sort((a, b) => b.spread - a.spread);
  let ring;
  const outlineWidth = parseFloat(style.outlineWidth) || 0;
  if (!["none", "hidden"].includes(style.outlineStyle) && outlineWidth > 0) {
    ring = {kind: "outline", colour: style.outlineColor, width: outlineWidth,
            inner: parseFloat(style.outlineOffset) || 0, style: style.outlineStyle};
  } else if (shadows.length && shadows[0].spread > 0) {
    ring = {kind: "box-shadow", colour: shadows[0].colour, width: shadows[0].spread,
            inner: 0, style: "solid"};
  } else {
    ring = {kind: "none", colour: "rgba(0, 0, 0, 0)", width: 0, inner: 0, style: "none"};
  }
  const distance = ring.inner + ring.width / 2;
  const box = el.getBoundingClientRect();
  const midX = box.left + box.width / 2, midY = box.top + box.height / 2;
  const points = [
    [midX, box.top - distance], [midX, box.bottom + distance],
    [box.left - distance, midY], [box.right + distance, midY],
  ].filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
  const behind = points.map(([x, y]) => {
    const layers = [];
    for (const under of document.elementsFromPoint(x, y)) {
      if (distance >= 0 && (under === el || el.contains(under))) continue;
      const s = getComputedStyle(under);
      if (s.backgroundImage !== "none") layers.push(`image:${under.tagName}.${under.className}`);
      layers.push(s.backgroundColor);
      if (/^rgb\\(/.test(s.backgroundColor)) break;
    }
    return layers;
  });
  return {tag: el.tagName.toLowerCase(), cls: String(el.className).slice(0, 60), label, region,
          ring, behind};
}"""

# An autofocus field (the login form) puts the focus mid-page; a keyboard user who reloads
# starts from the top. Focus an unfocusable spot before the skip link, so Tab goes there next.
START_AT_TOP = """() => {
  window.__focusSeen = new Set();
  window.__focusLast = null;
  const start = document.createElement("span");
  start.id = "focus-start";
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus();
}"""

RGB = re.compile(r"^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)$")


def rgba(css: str) -> tuple[float, float, float, float]:
    match = RGB.match(css)
    assert match, f"colour not in rgb() form: {css}"
    r, g, b, a = match.groups()
    return float(r), float(g), float(b), float(a) if a is not None else 1.0


def over(top: str, bottom: tuple[float, float, float]) -> tuple[float, float, float]:
    """`top` painted over an opaque `bottom`, as the browser composites it."""
    r, g, b, a = rgba(top)
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), bottom, strict=True))


def hex_colour(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def backdrop(layers: list[str]) -> tuple[float, float, float]:
    """What the eye sees behind the ring: the layers composited over the white canvas."""
    images = [layer for layer in layers if layer.startswith("image:")]
    assert not images, f"a background image lies behind a focus ring ({images}): cannot judge"
    colour = (255.0, 255.0, 255.0)
    for layer in reversed(layers):
        colour = over(layer, colour)
    return colour


@dataclass
class Stop:
    region: str  # "page" (the skip link), "header", "main" or "footer"
    element: str
    ring: str
    behind: str
    ratio: float
    width: float

    def __str__(self) -> str:
        return (
            f"{self.region} {self.element}: {self.ring} on {self.behind}"
            f" = {self.ratio:.2f}:1, {self.width:g}px"
        )


def judge(probe: dict) -> Stop:
    """The ring against the least contrasting of the backgrounds found around it."""
    ring = probe["ring"]
    element = f"<{probe['tag']} class='{probe['cls']}'> {probe['label']!r}"
    assert probe["behind"], f"{element}: its focus ring lies outside the window"
    worst = None
    for layers in probe["behind"]:
        behind = backdrop(layers)
        seen = hex_colour(over(ring["colour"], behind))
        ratio = contrast_ratio(seen, hex_colour(behind))
        if worst is None or ratio < worst[0]:
            worst = (ratio, seen, hex_colour(behind))
    ratio, seen, behind = worst
    description = f"{ring['kind']} {ring['style']} {seen}"
    return Stop(probe["region"], element, description, behind, ratio, ring["width"])


def tab_through(page: Page) -> list[Stop]:
    """Press Tab from the top of the page until focus leaves it or comes round again."""
    page.evaluate(START_AT_TOP)
    stops = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        page.evaluate("() => document.getElementById('focus-start')?.remove()")
        probe = page.evaluate(PROBE)
        if probe is None:
            return stops
        if not probe.get("same"):
            stops.append(judge(probe))
    pytest.fail(f"{page.url}: more than {MAX_TAB_STOPS} tab stops; focus seems trapped")


def assert_focus_visible_everywhere(page: Page) -> None:
    stops = tab_through(page)
    regions = {stop.region for stop in stops}
    # The skip link, the header, the content and the footer each have a tab stop to judge.
    assert regions >= {"page", "header", "main", "footer"}, f"{page.url}: only {regions}"
    faint = [
        str(stop) for stop in stops if stop.ratio < MINIMUM_RATIO or stop.width < MINIMUM_WIDTH_PX
    ]
    assert faint == [], f"{page.url}: focus rings too faint:\n" + "\n".join(faint)


def show_error_summary(page: Page, button: str) -> None:
    page.locator("main").get_by_role("button", name=button).click()
    expect(page.locator("#error-summary")).to_be_visible()


def _results():
    from digiketen.directory.models import Service

    service = Service.objects.get(name="Informatiepunt Digitale Overheid")
    place = service.at_locations.select_related("location").first()
    return (
        reverse("directory:public-results", args=["digid"])
        + f"?postcode=62&wijk={place.location.neighbourhood_id}&vandaag=on"
    )


def _location():
    from digiketen.organisations.models import Location

    return reverse(
        "directory:public-location", args=[Location.objects.get(name="Centre Céramique").uuid]
    )


def _device(tag):
    from digiketen.inventory.models import Device

    return reverse("inventory:device-detail", args=[Device.objects.get(asset_tag=tag).pk])


def _new_location():
    from digiketen.organisations.models import Organisation

    library = Organisation.objects.get(name__startswith="Bibliotheek")
    return reverse("organisations:location-create", args=[library.pk])


def _organisations():
    return reverse("organisations:list")


# page type: (who is logged in, the page's address, the button that shows the error summary).
# Each layout (base.html, staff_base.html) and each kind of surface (page, alert, form) is here.
PAGES = {
    "home": (None, lambda: reverse("core:home"), None),
    "finder-start": (None, lambda: reverse("directory:public-start"), None),
    "finder-results": (None, _results, None),
    "location": (None, _location, None),
    "login": (None, lambda: reverse("accounts:login"), None),
    "login-with-errors": (None, lambda: reverse("accounts:login"), "Inloggen"),
    "not-found": (None, lambda: "/bestaat-niet", None),
    "workspace": ("beheerder", lambda: reverse("core:workspace"), None),
    "staff-list": ("beheerder", lambda: reverse("inventory:device-list"), None),
    "staff-table": ("beheerder", _organisations, None),
    "staff-detail": ("beheerder", lambda: _device("DEMO-0002"), None),
    "staff-form-with-errors": ("beheerder", _new_location, "Opslaan"),
}


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_focus_rings_reach_3_to_1_on_every_page_type(live_server, page, demo_site, kind):
    username, url, button = PAGES[kind]
    if username:
        log_in(page, live_server.url, username, code=settings.DEMO_OTP_CODE)
    page.goto(live_server.url + url())
    if button:
        show_error_summary(page, button)
    assert_focus_visible_everywhere(page)


# Themes the administrator's form accepts, near its limits.
ALLOWED_THEMES = {
    # The focus colour may be the header colour itself: the ring there is white.
    "focus-as-header": {"focus_colour": "#24578f"},
    # The palest primary colour white text allows (4.54:1), and a focus colour that is 3.7:1 on
    # the light blue alert, the darkest content surface.
    "palest": {"primary_colour": "#767676", "focus_colour": "#b35c00"},
}


@pytest.mark.parametrize("theme", sorted(ALLOWED_THEMES))
def test_focus_rings_reach_3_to_1_in_any_allowed_theme(live_server, page, demo_site, theme):
    from digiketen.accounts.models import User
    from digiketen.core.services import update_site_configuration

    update_site_configuration(
        actor=User.objects.get(username="beheerder"), data=ALLOWED_THEMES[theme]
    )
    page.goto(live_server.url + reverse("accounts:login"))
    show_error_summary(page, "Inloggen")
    assert_focus_visible_everywhere(page)
