import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from core.mail import build_templated_mail
from core.outbox import OutboxMessage
from evaluations import links
from evaluations.enums import (
    BlueprintVisibility,
    GoalStatus,
    QuestionnaireKind,
    QuestionType,
    VoteKind,
)
from networks.models import Network, facilitator_emails
from sessions.models import LearningSession, PracticeQuestion


class Intake(models.Model):
    """The intake of a network: a deadline and one reminder to those who have not answered."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="intake")
    deadline = models.DateTimeField(_("answer before"))
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"intake {self.network}"

    @property
    def is_open(self) -> bool:
        return self.deadline > timezone.now()


INTAKE_TEXT_LIMITS = {
    "expectations": 4000,
    "personal_goals": 4000,
    "brings": 4000,
    "practice_questions": 4000,
    "preferred_topics": 2000,
    "preferred_work_forms": 2000,
    "constraints": 2000,
}


class IntakeResponse(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expectations = models.TextField(_("What do you expect of this network?"), max_length=4000)
    personal_goals = models.TextField(
        _("Your personal learning goals (one per line)"), max_length=4000
    )
    brings = models.TextField(
        _("What do you bring (expertise, experience)?"), blank=True, max_length=4000
    )
    practice_questions = models.TextField(
        _("Urgent questions from your practice"), blank=True, max_length=4000
    )
    preferred_topics = models.TextField(_("Topics you would like"), blank=True, max_length=2000)
    preferred_work_forms = models.TextField(
        _("Work forms you would like"), blank=True, max_length=2000
    )
    constraints = models.TextField(
        _("Practical constraints (days, times)"), blank=True, max_length=2000
    )
    # The member's choice to put the practice questions on the network's question board (one
    # question per line), and whether the board shows their name only to the facilitator. The
    # questions made from this answer: a second save adds only new lines, never a duplicate.
    questions_on_board = models.BooleanField(
        _("Put these questions on the practice question board"), default=False
    )
    name_for_facilitator_only = models.BooleanField(
        _("On the board, show my name only to the facilitator"), default=False
    )
    board_questions = models.ManyToManyField(PracticeQuestion, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intake", "user"], name="evaluations_intake_once"),
            *[
                models.CheckConstraint(
                    condition=LessThanOrEqual(Length(field), limit),
                    name=f"evaluations_intake_{field}_length",
                )
                for field, limit in INTAKE_TEXT_LIMITS.items()
            ],
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.intake}"

    @property
    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.personal_goals.splitlines() if line.strip()]


class LearningGoal(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="learning_goals")
    title = models.CharField(_("learning goal"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    status = models.CharField(
        max_length=10, choices=GoalStatus.choices, default=GoalStatus.PROPOSED
    )
    sessions = models.ManyToManyField(
        LearningSession, blank=True, related_name="learning_goals", verbose_name=_("sessions")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), 2000),
                name="evaluations_goal_description_length",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == GoalStatus.ADOPTED


class Vote(models.Model):
    """A dot vote: members spread their points; results stay hidden until the vote closes."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(_("about"), max_length=12, choices=VoteKind.choices)
    title = models.CharField(_("question"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points per member"), default=3)
    closes_at = models.DateTimeField(_("closes"))
    closed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gte=1, points__lte=10), name="evaluations_vote_points"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return links.vote_path(network_id=self.network_id, vote_id=self.pk)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or self.closes_at <= timezone.now()


class VoteOption(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(_("option"), max_length=200)
    goal = models.ForeignKey(
        LearningGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class VoteBallot(models.Model):
    option = models.ForeignKey(VoteOption, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "user"], name="evaluations_ballot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.points} → {self.option}"


class Questionnaire(models.Model):
    """A session or final evaluation. Anonymity and k are copied from the network when it opens,
    so changing the network setting later cannot expose earlier answers."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="questionnaires")
    kind = models.CharField(max_length=8, choices=QuestionnaireKind.choices)
    session = models.OneToOneField(
        LearningSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluation",
    )
    title = models.CharField(_("title"), max_length=200)
    anonymous = models.BooleanField(default=True)
    threshold = models.PositiveSmallIntegerField(default=3)
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(_("closes"))
    results_shared = models.BooleanField(default=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # When its "evaluation.closed" webhook event was written (services/events.py), once.
    close_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Snapshot at opening: k and the response rate count these people, whoever joins or leaves
    # later (a leaver's answer can no longer push the rate above 100%).
    eligible_count = models.PositiveSmallIntegerField(default=0, editable=False)
    eligible_joined_late = models.PositiveSmallIntegerField(default=0, editable=False)
    # Prepared ahead (a network started from a blueprint): its questions are set, nobody is
    # eligible and nobody is emailed. It opens when its session is marked held (a session
    # evaluation) or when the facilitator opens the final evaluation; until then only the
    # facilitators see it (services.questionnaire_plan, selectors.questionnaires_for_network).
    planned = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network"],
                condition=models.Q(kind=QuestionnaireKind.FINAL),
                name="evaluations_one_final_per_network",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__gte=3), name="evaluations_threshold_at_least_3"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return links.answer_path(self.pk)

    @property
    def is_open(self) -> bool:
        return not self.planned and self.opens_at <= timezone.now() < self.closes_at

    @cached_property
    def questions_locked(self) -> bool:
        """Questions are fixed once the first answer has arrived (the services refuse changes;
        the page hides the buttons)."""
        return self.participations.exists()


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    type = models.CharField(_("type"), max_length=10, choices=QuestionType.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    low_label = models.CharField(_("label for 1"), max_length=60, blank=True)
    high_label = models.CharField(_("label for 5"), max_length=60, blank=True)
    goal = models.ForeignKey(
        LearningGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    required = models.BooleanField(_("required"), default=True)
    is_overall = models.BooleanField(default=False)
    # Its aggregated answers may go to the session's external speaker (never below k, only when
    # the facilitator sends them: evaluations.services.speaker_feedback_send).
    about_speaker = models.BooleanField(_("about the speaker"), default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Eligibility(models.Model):
    """Who may answer: fixed when the questionnaire opens (members present at the session, or
    every member for the final evaluation)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="eligibilities"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "user"], name="evaluations_eligible"),
        ]

    def __str__(self) -> str:
        return f"{self.user} may answer {self.questionnaire}"


class Participation(models.Model):
    """Records only *that* a member answered: blocks a second answer and targets reminders.
    It holds no reference to the answer."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "user"], name="evaluations_answer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} answered {self.questionnaire}"


class HeldAnswers(models.Model):
    """An anonymous submission waiting to be mixed into the results (evaluations/holding.py).

    Written in the participant's transaction, so while it waits it shares that transaction's
    ``xmin``; that is why the payload is encrypted and why the row has no timestamp. The mixing
    step releases rows in random order, in groups of at least k, in a transaction of its own, and
    deletes them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="held_answers"
    )
    payload = models.BinaryField()

    def __str__(self) -> str:
        return f"held answers for {self.questionnaire}"


class Response(models.Model):
    """One member's answers. When anonymous: a random id, no user, no timestamp, written by the
    mixing step in random order and in its own transaction, so nothing links it to the
    Participation row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "user"],
                condition=models.Q(user__isnull=False),
                name="evaluations_named_response_once",
            ),
        ]

    def __str__(self) -> str:
        return f"response to {self.questionnaire}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=4000)
    selected = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="evaluations_answer_q"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), 4000),
                name="evaluations_answer_text_length",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                name="evaluations_answer_scale_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"answer to {self.question}"


EVALUATION_EMAIL_LABELS = {
    "invitation": _("Evaluation invitation"),
    "reminder": _("Evaluation reminder"),
}
INTAKE_EMAIL_LABELS = {"invitation": _("Intake opened"), "reminder": _("Intake reminder")}
VOTE_EMAIL_LABELS = {"invitation": _("Vote opened"), "reminder": _("Vote reminder")}


class EvaluationEmail(OutboxMessage):
    """One invitation or reminder per member and questionnaire, intake or vote (exactly one of
    the three): the unique keys make a second row for the same email impossible, a resend is a
    new row pointing at this one (core/outbox.py sends it)."""

    # Every row's network, whether it is about a questionnaire or an intake (the email page).
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)  # invitation | reminder

    network_path = "network"
    sending_fields = ("questionnaire", "intake", "vote", "kind")
    send_related = ("network", "user", "questionnaire__session", "intake", "vote")

    class Meta(OutboxMessage.Meta):
        verbose_name = _("evaluation email")
        verbose_name_plural = _("evaluation emails")
        constraints = [
            *OutboxMessage.Meta.constraints,
            models.UniqueConstraint(
                fields=["questionnaire", "user", "kind"],
                condition=models.Q(questionnaire__isnull=False, resend_of__isnull=True),
                name="evaluations_email_once",
            ),
            models.UniqueConstraint(
                fields=["intake", "user", "kind"],
                condition=models.Q(intake__isnull=False, resend_of__isnull=True),
                name="evaluations_intake_email_once",
            ),
            models.UniqueConstraint(
                fields=["vote", "user", "kind"],
                condition=models.Q(vote__isnull=False, resend_of__isnull=True),
                name="evaluations_vote_email_once",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(questionnaire__isnull=False, intake__isnull=True, vote__isnull=True)
                    | models.Q(questionnaire__isnull=True, intake__isnull=False, vote__isnull=True)
                    | models.Q(questionnaire__isnull=True, intake__isnull=True, vote__isnull=False)
                ),
                name="evaluations_email_about_one_thing",
            ),
        ]
        # The abstract index, under a name within Django's 30 characters.
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="evaluations_email_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id} ({self.state})"

    @property
    def kind_label(self) -> str:
        if self.intake_id:
            return str(INTAKE_EMAIL_LABELS[self.kind])
        if self.vote_id:
            return str(VOTE_EMAIL_LABELS[self.kind])
        return str(EVALUATION_EMAIL_LABELS[self.kind])

    @property
    def recipient_email(self) -> str:
        return self.user.email

    @property
    def session(self) -> LearningSession | None:
        return self.questionnaire.session if self.questionnaire_id else None

    @property
    def sending_about(self) -> str:
        return self.vote.title if self.vote_id else super().sending_about

    def build_message(self) -> EmailMessage:
        if self.intake_id:
            template = f"evaluations/email/intake_{self.kind}"
            path = links.intake_path(self.network_id)
        elif self.vote_id:
            template = f"evaluations/email/vote_{self.kind}"
            path = self.vote.get_absolute_url()
        else:
            template = f"evaluations/email/{self.kind}"
            path = self.questionnaire.get_absolute_url()
        return build_templated_mail(
            template=template,
            context={
                "questionnaire": self.questionnaire,
                "intake": self.intake,
                "vote": self.vote,
                "network": self.network,
                "url": settings.SITE_URL + path,
                "user": self.user,
            },
            to=self.user.email,
            language=self.user.language,
            reply_to=facilitator_emails(self.network_id),
        )


class Blueprint(models.Model):
    """A trajectory saved for reuse: a network's description, ground rules, session plan with
    relative timing, agendas, questionnaires and intake, never its people, answers or minutes
    (evaluations.blueprints builds the payload). Shipped blueprints have no author."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    payload = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    visibility = models.CharField(
        _("who can use it"),
        max_length=8,
        choices=BlueprintVisibility.choices,
        default=BlueprintVisibility.MINE,
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return links.blueprint_path(self.pk)

    @property
    def is_shipped(self) -> bool:
        return self.created_by_id is None

    @property
    def sessions(self) -> list[dict]:
        return self.payload.get("sessions", [])
