"""The demo's data file (demo.toml), read once, and its days as dates and times."""

import datetime
import functools
import tomllib
from pathlib import Path

from core.datetimes import local_timezone

DATA_FILE = Path(__file__).with_name("demo.toml")
BRUSSELS = local_timezone()


@functools.cache
def demo() -> dict:
    with DATA_FILE.open("rb") as file:
        return tomllib.load(file)


def day(days: int) -> datetime.date:
    """The date ``days`` from the day of seeding."""
    today = datetime.date.today()  # noqa: DTZ011 - demo dates relative to the day of seeding
    return today + datetime.timedelta(days=days)


def moment(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """``hour:minute``, Belgian time, ``days`` from the day of seeding."""
    return datetime.datetime.combine(day(days), datetime.time(hour, minute), tzinfo=BRUSSELS)


def cast(role: str) -> str:
    """The name of the member who plays ``role`` (demo.toml's ``[cast]``)."""
    return demo()["cast"][role]
