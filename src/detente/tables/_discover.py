"""Import every verb module so that each registers itself."""

from . import (  # noqa: F401
    alliances,
    codes,
    confrontations,
    crises,
    deterrence,
    disputes,
    exercises,
    peacekeeping,
    spending,
)
