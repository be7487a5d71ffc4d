"""Parse a battery's /sys/class/power_supply/BAT*/uevent file."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Battery:
    design_capacity_wh: float | None
    full_capacity_wh: float | None
    cycle_count: int | None

    @property
    def health_percent(self) -> int | None:
        if not self.design_capacity_wh or self.full_capacity_wh is None:
            return None
        return round(100 * self.full_capacity_wh / self.design_capacity_wh)


def parse_uevent(text: str) -> Battery | None:
    """None when the file is not a battery (mains adapter, or nothing)."""
    values = dict(
        line.removeprefix("POWER_SUPPLY_").split("=", 1)
        for line in text.splitlines()
        if "=" in line
    )
    if values.get("TYPE", "").lower() != "battery":
        return None
    voltage = _int(values.get("VOLTAGE_MIN_DESIGN")) or _int(values.get("VOLTAGE_NOW"))

    def watt_hours(energy_key: str, charge_key: str) -> float | None:
        energy = _int(values.get(energy_key))  # µWh
        if energy is not None:
            return round(energy / 1_000_000, 1)
        charge = _int(values.get(charge_key))  # µAh
        if charge is not None and voltage:
            return round(charge * voltage / 1e12, 1)
        return None

    cycles = _int(values.get("CYCLE_COUNT"))
    return Battery(
        design_capacity_wh=watt_hours("ENERGY_FULL_DESIGN", "CHARGE_FULL_DESIGN"),
        full_capacity_wh=watt_hours("ENERGY_FULL", "CHARGE_FULL"),
        cycle_count=cycles if cycles else None,  # many firmwares report 0 for "unknown"
    )


def _int(value: str | None) -> int | None:
    """A count or an amount; None when missing, unreadable or negative (no battery holds a
    negative charge: such a value is a firmware bug, not a fact). Eighteen digits hold any
    real value in µWh and keep the arithmetic below within a float."""
    if value in (None, "") or len(value) > 18:
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= 0 else None
