"""Parse `dmidecode` text output (any mix of types, e.g. -t system -t baseboard -t chassis)."""

from dataclasses import dataclass

from digiketen.inventory.parsers import clean

LAPTOP_CHASSIS = {
    "notebook",
    "laptop",
    "portable",
    "sub notebook",
    "convertible",
    "detachable",
    "hand held",
}
DESKTOP_CHASSIS = {
    "desktop",
    "low profile desktop",
    "tower",
    "mini tower",
    "space-saving",
    "all in one",
    "pizza box",
    "lunch box",
    "main server chassis",
    "mini pc",
    "stick pc",
    "sealed-case pc",
}
TABLET_CHASSIS = {"tablet"}


@dataclass(frozen=True)
class Section:
    type: int
    title: str
    values: dict[str, str]


@dataclass(frozen=True)
class Identity:
    manufacturer: str = ""
    model: str = ""
    serial: str = ""
    device_type: str = ""  # laptop, desktop, tablet or "" when unknown


def parse_sections(text: str) -> list[Section]:
    sections: list[Section] = []
    current: Section | None = None
    for line in text.splitlines():
        if line.startswith("Handle "):
            current = Section(_dmi_type(line), "", {})
            sections.append(current)
        elif current is not None and line and not line.startswith("\t") and not current.title:
            sections[-1] = current = Section(current.type, line.strip(), current.values)
        elif (
            current is not None
            and line.startswith("\t")
            and ":" in line
            and not line.startswith("\t\t")
        ):
            key, _sep, value = line.strip().partition(":")
            current.values[key.strip()] = value.strip()
    return sections


def _dmi_type(handle_line: str) -> int:
    """The number after "DMI type", or -1 (a section of no known type) when there is none."""
    number = handle_line.partition("DMI type ")[2].split(",")[0].strip()
    return int(number) if number.isascii() and number.isdigit() and len(number) <= 3 else -1


def parse_identity(text: str) -> Identity:
    """Manufacturer, model, serial and kind of device, from the system section when it is
    meaningful, else from the baseboard; kind from the chassis type."""
    sections = parse_sections(text)

    def first(dmi_type: int) -> dict[str, str]:
        return next((s.values for s in sections if s.type == dmi_type), {})

    system, board, chassis = first(1), first(2), first(3)
    manufacturer = clean(system.get("Manufacturer")) or clean(board.get("Manufacturer"))
    model = (
        (
            clean(system.get("Version"))
            if clean(system.get("Manufacturer")).lower() == "lenovo"
            else ""
        )
        or clean(system.get("Product Name"))
        or clean(board.get("Product Name"))
    )
    serial = (
        clean(system.get("Serial Number"))
        or clean(chassis.get("Serial Number"))
        or clean(board.get("Serial Number"))
    )
    chassis_type = clean(chassis.get("Type")).lower()
    kind = (
        "laptop"
        if chassis_type in LAPTOP_CHASSIS
        else "desktop"
        if chassis_type in DESKTOP_CHASSIS
        else "tablet"
        if chassis_type in TABLET_CHASSIS
        else ""
    )
    return Identity(manufacturer=manufacturer, model=model, serial=serial, device_type=kind)
