"""Demo courses: two programmes with runs at Centre Céramique and a community centre."""


def seed() -> None:
    pass
