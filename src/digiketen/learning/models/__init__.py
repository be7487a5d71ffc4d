"""The models of both halves; each lives in its own module."""

from digiketen.learning.models.buddies import *  # noqa: F403
from digiketen.learning.models.courses import *  # noqa: F403
