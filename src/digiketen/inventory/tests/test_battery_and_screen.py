"""The battery's capacity and the screen's size and resolution, from inputs built here by hand
from the kernel's uevent format and the EDID 1.4 layout (VESA), with the answers worked out
by hand."""

import base64
from pathlib import Path

from digiketen.inventory.parsers.battery import parse_uevent
from digiketen.inventory.parsers.capture import parse_capture
from digiketen.inventory.parsers.edid import HEADER, parse_edid


def uevent(**values: str) -> str:
    return "".join(f"POWER_SUPPLY_{key}={value}\n" for key, value in values.items())


def test_capacity_from_charge_uses_the_present_voltage_when_no_design_voltage_is_given():
    # 4.4 Ah at 11.1 V is 48.84 Wh.
    battery = parse_uevent(
        uevent(TYPE="Battery", CHARGE_FULL_DESIGN="4400000", VOLTAGE_NOW="11100000")
    )
    assert battery.design_capacity_wh == 48.8


def test_capacity_from_charge_without_any_voltage_is_unknown():
    battery = parse_uevent(uevent(TYPE="Battery", CHARGE_FULL_DESIGN="4400000", CYCLE_COUNT="7"))
    assert (battery.design_capacity_wh, battery.cycle_count) == (None, 7)


def test_capacities_are_rounded_to_a_tenth_of_a_watt_hour():
    # 1,050,001 µWh is 1.050001 Wh: 1.1 Wh to one decimal. 1.05 Ah at 1 V is 1.05 Wh: 1.1 too.
    battery = parse_uevent(
        uevent(
            TYPE="Battery",
            ENERGY_FULL_DESIGN="1050001",
            CHARGE_FULL="1050000",
            VOLTAGE_NOW="1000000",
        )
    )
    assert (battery.design_capacity_wh, battery.full_capacity_wh) == (1.1, 1.1)


def test_a_file_without_a_type_or_with_an_equals_sign_in_a_value_is_read():
    assert parse_uevent(uevent(ENERGY_FULL="1000000")) is None  # no TYPE: not a battery
    battery = parse_uevent(
        uevent(TYPE="Battery", MODEL_NAME="5B10W=13930", ENERGY_FULL_DESIGN="57000000")
    )
    assert battery.design_capacity_wh == 57.0


def edid(*, width_cm=31, height_cm=23, clock=(0x00, 0x36), extension: bytes = b"") -> bytes:
    """A 128-byte EDID base block: size in cm, the first detailed timing descriptor (pixel
    clock in two bytes, little-endian), 1024 x 768 with blanking bits set beside the upper
    nibbles, and the checksum byte that makes the block sum to 0 mod 256."""
    block = bytearray(128)
    block[:8] = HEADER
    block[21], block[22] = width_cm, height_cm
    block[54], block[55] = clock
    block[56], block[58] = 0x00, 0x41  # horizontal active 0x400 = 1024; low nibble: blanking
    block[59], block[61] = 0x00, 0x31  # vertical active 0x300 = 768; low nibble: blanking
    block[127] = -sum(block[:127]) % 256
    return bytes(block) + extension


def test_a_screen_of_31_by_23_cm_is_15_point_2_inch():
    # sqrt(31² + 23²) = 38.60 cm = 15.20 inch.
    assert parse_edid(edid()) == parse_edid(edid(clock=(0x1A, 0x00)))
    screen = parse_edid(edid())
    assert (screen.diagonal_inch, screen.width_px, screen.height_px) == (15.2, 1024, 768)


def test_without_a_timing_or_a_size_those_stay_unknown():
    screen = parse_edid(edid(clock=(0x00, 0x00)))  # a display descriptor, not a timing
    assert (screen.width_px, screen.height_px) == (None, None)
    assert parse_edid(edid(width_cm=0)).diagonal_inch is None  # a projector: no fixed size
    assert parse_edid(edid(height_cm=0)).diagonal_inch is None


def test_an_extension_block_does_not_count_in_the_base_checksum():
    assert parse_edid(edid(extension=bytes([0x02, 0x03, 0x11]) + bytes(125))).width_px == 1024


def test_a_short_block_is_not_an_edid_even_with_a_header_that_sums_to_zero():
    short = HEADER + bytes([6]) + bytes(91)  # 8 * 0xFF ... + 6: a multiple of 256
    assert sum(short) % 256 == 0
    assert parse_edid(short) is None


def test_an_edid_file_with_characters_outside_base64_is_no_screen():
    encoded = base64.b64encode(edid()).decode()
    specs = parse_capture({"edid/card0-eDP-1": encoded[:20] + "!*" + encoded[20:]})
    assert specs.screen is None
    assert parse_capture({"edid/card0-eDP-1": encoded}).screen.width_px == 1024


def test_a_worn_out_battery_that_holds_nothing_has_a_health_of_0():
    thinkpad = (Path(__file__).parent / "fixtures" / "BAT0-thinkpad.uevent").read_text()
    battery = parse_uevent(thinkpad.replace("ENERGY_FULL=38570000", "ENERGY_FULL=0"))
    assert (battery.full_capacity_wh, battery.health_percent) == (0.0, 0)
