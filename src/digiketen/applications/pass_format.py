"""The form of a pass number, set by the coordinator as an example instead of a regular
expression: "1234567890" means ten digits, "SP-123456" two letters, a hyphen and six digits.
Spaces do not count, and letters match in either case."""


def _normalised(text: str) -> str:
    return "".join(text.split()).upper()


def matches(number: str, example: str) -> bool:
    number, example = _normalised(number), _normalised(example)
    if len(number) != len(example):
        return False
    for given, expected in zip(number, example, strict=True):
        if expected.isdigit():
            if not given.isdigit():
                return False
        elif expected.isalpha():
            if not given.isalpha():
                return False
        elif given != expected:
            return False
    return True


def usable(example: str) -> bool:
    """An example that says something: at least one digit or letter."""
    return any(char.isalnum() for char in example)
