"""Parse `lscpu` text output."""

from dataclasses import dataclass

from digiketen.inventory.parsers import clean


@dataclass(frozen=True)
class Cpu:
    model: str
    cores: int | None
    threads: int | None
    architecture: str = ""


def parse_lscpu(text: str) -> Cpu:
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            values.setdefault(key.strip(), value.strip())

    def number(key: str) -> int | None:
        try:
            return int(values[key])
        except (KeyError, ValueError):
            return None

    per_socket, sockets, per_core = (
        number("Core(s) per socket"),
        number("Socket(s)"),
        number("Thread(s) per core"),
    )
    cores = per_socket * sockets if per_socket and sockets else None
    threads = number("CPU(s)") or (cores * per_core if cores and per_core else None)
    return Cpu(
        model=clean(values.get("Model name")),
        cores=cores,
        threads=threads,
        architecture=values.get("Architecture", ""),
    )
