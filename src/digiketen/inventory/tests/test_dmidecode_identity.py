"""Which serial number and model the device record gets from dmidecode: the real baseboard and
chassis outputs of donated machines (fixtures/hardware), some with a system section written
here as the firmware of those makes writes it (the fixtures have none)."""

import pytest

from digiketen.inventory.parsers.dmidecode import parse_identity
from digiketen.inventory.tests.hardware import HARDWARE


def dmidecode(name: str, system: str = "") -> str:
    folder = HARDWARE / name
    return system + "\n".join((folder / f).read_text() for f in ("baseboard.txt", "chassis.txt"))


def system(**values: str) -> str:
    lines = "".join(f"\t{key.replace('_', ' ')}: {value}\n" for key, value in values.items())
    return f"Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n{lines}\n"


@pytest.mark.parametrize(
    ("name", "serial"),
    [
        ("Thinkpad-R500", "VQ1FF05G1WA"),  # chassis: "Not Available", so the board's
        ("asdpc2", "G6M0DF00361708D"),  # the chassis's before the board's
        ("castes-pc", "M80-69017400518"),  # chassis: "To Be Filled By O.E.M."
        ("77", "MT721CT11114269"),  # chassis: "Chassis Serial Number"
    ],
)
def test_the_serial_is_the_first_real_one_of_system_chassis_and_board(name, serial):
    assert parse_identity(dmidecode(name)).serial == serial


def test_a_thinkpad_is_named_by_its_version_not_its_machine_type():
    identity = parse_identity(
        dmidecode(
            "Thinkpad-R500",
            system(
                Manufacturer="LENOVO",
                Product_Name="2718V8C",
                Version="ThinkPad R500",
                Serial_Number="L3A1234",
            ),
        )
    )
    assert (identity.manufacturer, identity.model, identity.serial) == (
        "LENOVO",
        "ThinkPad R500",
        "L3A1234",
    )
    assert identity.device_type == "laptop"


def test_other_makes_are_named_by_their_product_name():
    identity = parse_identity(
        dmidecode(
            "2014-castes-mbp",
            system(
                Manufacturer="Apple Inc.",
                Product_Name="MacBookPro11,3",
                Version="1.0",
                Serial_Number="System Serial Number",
            ),
        )
    )
    # A placeholder system serial: the chassis's (redacted in the fixture by its source).
    assert (identity.model, identity.serial) == ("MacBookPro11,3", "CENSORED")


def test_a_lenovo_without_a_version_keeps_its_product_name():
    identity = parse_identity(
        dmidecode("Thinkpad-R500", system(Manufacturer="LENOVO", Product_Name="20HD"))
    )
    assert identity.model == "20HD"


def test_a_tablet_chassis_makes_a_tablet():
    chassis = "Handle 0x0003, DMI type 3, 22 bytes\nChassis Information\n\tType: Tablet\n"
    assert parse_identity(chassis).device_type == "tablet"
    assert parse_identity(chassis.replace("Tablet", "Rack Mount Chassis")).device_type == ""


def test_a_section_whose_handle_line_has_no_type_is_not_the_system():
    damaged = "Handle 0x0000, DMI type\nSystem Information\n\tManufacturer: Wrong\n\n"
    text = damaged + system(Manufacturer="LENOVO", Product_Name="20HD")
    assert parse_identity(text).manufacturer == "LENOVO"
