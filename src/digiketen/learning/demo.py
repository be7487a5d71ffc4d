"""The demo's courses and buddies: each half seeds its own part."""

from digiketen.learning import demo_buddies, demo_courses

DEPENDS_ON = ("organisations", "accounts", "directory")


def seed() -> None:
    demo_courses.seed()
    demo_buddies.seed()
