"""What the reports app asks of a facilitator (core/todo.py): the method's next step of each
network they facilitate (reports/checklist.py), while the network is not closed. One query for
all their networks (the checklist's facts, shared with the network page's checklist). It has no
date and stays out of the weekly digest (``ToDo.in_digest``).

A step that another to-do already asks (opening a draft, registering an ended session's
attendance, publishing minutes: ``Step.covered_by``) is left to that to-do, so nobody is asked
the same thing twice.
"""

import dataclasses

from django.utils.translation import gettext as _

from core.todo import FACILITATOR, ToDo
from networks.selectors import task_scope
from reports.checklist import checklists_for

METHOD_TODO = "reports.method"


def method_todos(*, user, network=None) -> list[ToDo]:
    """Facilitator: the first step of the method's checklist that is not done
    (``reports.method``), linking where it is done."""
    scope = task_scope(user=user, network=network)
    if not scope.facilitating:
        return []
    todos = []
    for network_id, checklist in sorted(checklists_for(scope.facilitating.values()).items()):
        step = checklist.current
        if step is None or step.covered_by or step.post:
            continue
        current = scope.facilitating[network_id]
        todo = ToDo.about(
            current,
            kind=METHOD_TODO,
            title=_("Next step of the method in %(network)s: %(step)s")
            % {"network": current.name, "step": step.title},
            url=step.action_url,
            role=FACILITATOR,
        )
        todos.append(dataclasses.replace(todo, in_digest=False))
    return todos
