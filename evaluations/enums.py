from django.db import models
from django.utils.translation import gettext_lazy as _


class GoalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    DROPPED = "dropped", _("Not adopted")


class VoteKind(models.TextChoices):
    GOALS = "goals", _("Learning goals")
    TOPICS = "topics", _("Session topics")
    WORK_FORMS = "work_forms", _("Work forms")


class QuestionnaireKind(models.TextChoices):
    SESSION = "session", _("Session evaluation")
    FINAL = "final", _("Final evaluation")


class QuestionType(models.TextChoices):
    """Each type has its class in evaluations/question_types.py (a system check holds them in
    step): what a type means is asked of that class, never branched on here."""

    SCALE = "scale", _("Scale 1–5")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SHORT = "short", _("Short text")
    LONG = "long", _("Long text")
    GOAL_SCALE = "goal_scale", _("Scale per adopted learning goal")


class BlueprintVisibility(models.TextChoices):
    MINE = "mine", _("Only me")
    EVERYONE = "everyone", _("Every facilitator")
