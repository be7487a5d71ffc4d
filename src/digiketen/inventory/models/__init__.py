"""The cyberbank's records: devices and their history (devices), the erasure of their media
(erasure), and the trainees' workshop (workshop)."""

from digiketen.inventory.models.devices import *  # noqa: F403
from digiketen.inventory.models.erasure import *  # noqa: F403
from digiketen.inventory.models.workshop import *  # noqa: F403
