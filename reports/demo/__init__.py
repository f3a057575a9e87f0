"""The demo that ``manage.py seed_demo`` builds: a realistic Flemish setting, made through the
services so it exercises the real code (pretalx ``create_test_event``, Zulip ``populate_db``).

The data is in demo.toml; small builders play it, one module per subject: people.py (users and
organisations), network.py (a network and its members), trajectory.py (the care network's
sessions so far), record.py (minutes, the catch-up pack, try-out actions), learning.py (intake,
learning goals, a vote, evaluations) and employer.py (an organisation's coordinator). Running it
again changes nothing: a network that exists is left alone."""

from reports.demo.data import demo
from reports.demo.employer import employer_reports
from reports.demo.network import network_build


def demo_seed() -> None:
    """Build the demo's networks (those not there yet), then the employer's reports."""
    for spec in demo()["networks"]:
        network_build(spec)
    employer_reports()
