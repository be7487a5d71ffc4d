"""What the collector's warning says about a file it could not read ("Kon de meting niet lezen:
smartctl.json (...)"): the reason names what is wrong with the file, so whoever runs the
collector can tell a damaged file from a tool that writes another form."""

import pytest

from digiketen.inventory.parsers.capture import parse_capture


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("smartctl.json", "[1]", "not smartctl JSON: a report is not a JSON object"),
        (
            "smartctl.json",
            '{"power_on_time": {"hours": "12"}}',
            "not smartctl JSON: hours: not a int",
        ),
        ("smartctl.json", '{"device": {"protocol": 3}}', "not smartctl JSON: protocol: not a str"),
        ("lsblk.json", "[]", "not a JSON object"),
        ("lsblk.json", '{"blockdevices": [1]}', "a block device is not a JSON object"),
        ("lsblk.json", '{"blockdevices": "sda"}', "blockdevices: not a list"),
        ("lsblk.json", 7, "not text"),
        ("meminfo.txt", "MemTotal:  lots kB\n", "MemTotal: no number of kB"),
        ("meminfo.txt", "MemTotal:\n", "MemTotal: no number of kB"),
    ],
)
def test_the_reason_names_what_is_wrong(name, content, reason):
    assert parse_capture({name: content}).unreadable == {name: reason}


@pytest.mark.parametrize(
    ("name", "content", "start"),
    [
        ("smartctl.json", "{", "not smartctl JSON: not JSON: "),
        ("lsblk.json", "nope", "not JSON: "),
        ("edid/card0-HDMI-A-1", "***", "not base64: "),
    ],
)
def test_the_reason_names_the_form_the_file_is_not(name, content, start):
    [(file, reason)] = parse_capture({name: content}).unreadable.items()
    assert file == name
    assert reason.startswith(start) and len(reason) > len(start)
