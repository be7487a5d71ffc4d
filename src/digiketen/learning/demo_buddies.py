"""Demo buddies: a few volunteers (one with an expired VOG), requests, a match with meetings."""


def seed() -> None:
    pass
