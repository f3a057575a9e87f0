from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.datetimes import (
    SaneDateField,
    local_datetime_error,
    local_timezone,
    make_local_aware,
)
from core.idempotency import IdempotentFormMixin
from pages.core.forms import DateInput
from sessions.enums import (
    AgendaRole,
    AnnouncementAudience,
    AttendanceStatus,
    RsvpAnswer,
    SessionKind,
)
from sessions.models import (
    ANNOUNCEMENT_BODY_MAX,
    ANNOUNCEMENT_SUBJECT_MAX,
    AgendaItem,
    LearningSession,
    PracticeQuestion,
    Rsvp,
    Speaker,
    WorkForm,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SessionForm(IdempotentFormMixin, forms.Form):
    """Date and times are entered in Brussels time and stored as aware datetimes. A time that
    does not exist or happens twice on the night the clocks change is refused."""

    title = forms.CharField(label=_("Title or topic"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    date = SaneDateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End"), widget=TimeInput())
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LearningSession._meta.get_field("description").max_length,
    )

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        if network is not None:
            self.fields["date"].help_text = _(
                "The network runs from %(start)s to %(end)s. A date outside that period is "
                "allowed: you get a warning."
            ) % {
                "start": date_format(network.start_date, "DATE_FORMAT"),
                "end": date_format(network.end_date, "DATE_FORMAT"),
            }

    @classmethod
    def initial_for(cls, session) -> dict:
        tz = local_timezone()
        starts, ends = session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)
        return {
            "title": session.title,
            "kind": session.kind,
            "date": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "location": session.location,
            "online_url": session.online_url,
            "description": session.description,
        }

    def clean(self):
        cleaned = super().clean()
        date, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if date and start and end:
            if end <= start:
                self.add_error("end_time", _("The end must be after the start."))
            else:
                for field, key, time in (
                    ("start_time", "starts_at", start),
                    ("end_time", "ends_at", end),
                ):
                    try:
                        cleaned[key] = make_local_aware(date, time)
                    except ValueError as error:
                        self.add_error(field, local_datetime_error(error, date=date, time=time))
        return cleaned

    def session_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "location": data["location"],
            "online_url": data["online_url"],
            "description": data["description"],
        }


class WorkFormSelect(forms.Select):
    """A work form picker whose options carry the form's name and duration
    (``data-title``, ``data-duration``): static/js/agenda-item.js fills them in."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        work_form = getattr(value, "instance", None)
        if work_form is not None:
            option["attrs"]["data-title"] = work_form.name
            option["attrs"]["data-duration"] = work_form.duration_minutes
        return option


class AgendaItemForm(IdempotentFormMixin, forms.ModelForm):
    """An agenda item. Picking a work form fills in its name and duration (in the browser; and
    on save, an empty title or duration takes the work form's)."""

    class Meta:
        model = AgendaItem
        fields = ["work_form", "title", "duration_minutes", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "work_form": WorkFormSelect}

    def __init__(self, *args, work_forms, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_form"].queryset = work_forms
        self.fields["work_form"].required = False
        self.fields["work_form"].help_text = _(
            "Picking a work form fills in its name and duration; you can change them."
        )
        self.fields["title"].required = False
        self.fields["duration_minutes"].required = False
        assigned = {}
        if self.instance.pk:
            assigned = {role.role: role.user_id for role in self.instance.roles.all()}
        choices = {member.pk: member for member in members}
        for role in AgendaRole:
            self.fields[f"role_{role.value}"] = forms.TypedChoiceField(
                label=role.label,
                choices=[("", "—")] + [(m.pk, m.full_name) for m in members],
                coerce=int,
                empty_value=None,
                required=False,
                initial=assigned.get(role.value),
            )
        self._members = choices

    def clean(self):
        cleaned = super().clean()
        work_form = cleaned.get("work_form")
        if work_form is not None:
            if not cleaned.get("title"):
                cleaned["title"] = work_form.name
            if not cleaned.get("duration_minutes") and "duration_minutes" not in self.errors:
                cleaned["duration_minutes"] = work_form.duration_minutes
        if not cleaned.get("title") and "title" not in self.errors:
            self.add_error("title", _("Give the item a title, or pick a work form."))
        if not cleaned.get("duration_minutes") and "duration_minutes" not in self.errors:
            self.add_error("duration_minutes", _("Say how long it takes, or pick a work form."))
        return cleaned

    def roles(self) -> dict:
        return {
            role.value: self._members.get(self.cleaned_data.get(f"role_{role.value}"))
            for role in AgendaRole
        }

    def item_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class SessionRolesForm(forms.Form):
    """Who takes each role in a session: one choice per role among the network's members and
    facilitators ("—": nobody). The page's "accept the suggestion" button posts the same fields."""

    def __init__(self, *args, people, roles, initial_people, **kwargs):
        super().__init__(*args, **kwargs)
        self._people = {person.pk: person for person in people}
        choices = [("", "—")] + [(person.pk, person.full_name) for person in people]
        for role in roles:
            person = initial_people.get(role)
            self.fields[f"role_{role}"] = forms.TypedChoiceField(
                label=AgendaRole(role).label,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=person.pk if person else None,
                error_messages={
                    "invalid_choice": _("Choose a member of this network for this role.")
                },
            )
        self._roles = roles

    def roles(self) -> dict:
        return {
            role: self._people.get(self.cleaned_data.get(f"role_{role}")) for role in self._roles
        }


class SpeakerForm(IdempotentFormMixin, forms.ModelForm):
    send_email = forms.BooleanField(
        label=_("Email the session details and calendar file to the speaker"), required=False
    )

    class Meta:
        model = Speaker
        fields = ["name", "organisation", "email", "topic", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("send_email") and not cleaned.get("email"):
            self.add_error("email", _("Fill in an email address to send the details."))
        return cleaned


class PracticeQuestionForm(IdempotentFormMixin, forms.ModelForm):
    class Meta:
        model = PracticeQuestion
        fields = ["title", "context", "name_for_facilitator_only"]
        widgets = {"context": forms.Textarea(attrs={"rows": 4})}


class ScheduleQuestionForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Put on the agenda of"),
        queryset=None,
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions

    @classmethod
    def for_questions(cls, questions, *, sessions) -> None:
        """Give every open question its own unbound form (own ids), sharing one query for the
        sessions offered."""
        choices = [(session.pk, str(session)) for session in sessions]
        for question in questions:
            question.schedule_form = None
            if question.is_open:
                form = cls(sessions=sessions, auto_id=f"schedule-{question.pk}-%s")
                form.fields["session"].choices = choices
                question.schedule_form = form


class RsvpAnswerForm(forms.Form):
    """The one-click answer (the homes' buttons): only the answer, so an apology or a
    contribution given earlier stays as it was."""

    answer = forms.ChoiceField(choices=RsvpAnswer.choices)


class RsvpForm(forms.ModelForm):
    answer = forms.ChoiceField(
        label=_("Will you come?"), choices=RsvpAnswer.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Rsvp
        fields = ["answer", "apology", "input_for_group"]
        widgets = {
            "apology": forms.Textarea(attrs={"rows": 2}),
            "input_for_group": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "input_for_group": _("Cannot come? Leave a question or contribution for the group."),
        }


class AttendanceForm(forms.Form):
    """One status and remark per member, prefilled from the RSVPs. A member left unmarked is
    not an error per row: ``clean`` gathers them into one summary (``missing``). ``rest`` (the
    "Everyone present" / "The rest absent" buttons) gives every unmarked member that status."""

    REST_CHOICES = (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT)

    def __init__(self, data=None, *, members, initial_marks, rest: str = "", **kwargs):
        if data is not None and rest in self.REST_CHOICES:
            data = data.copy()
            for member in members:
                if not data.get(f"status_{member.pk}"):
                    data[f"status_{member.pk}"] = rest
        super().__init__(data, **kwargs)
        self.members = members
        self.missing: list = []
        # Whether anything was there to start from (registered marks or the members' answers).
        self.prefilled = any(mark.get("status") for mark in initial_marks.values())
        self.unmarked = sum(1 for m in members if not initial_marks.get(m.pk, {}).get("status"))
        for member in members:
            mark = initial_marks.get(member.pk, {})
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=AttendanceStatus.choices,
                required=False,
                initial=mark.get("status", ""),
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            )
            self.fields[f"remark_{member.pk}"] = forms.CharField(
                label=_("Remark for %(name)s") % {"name": member.full_name},
                max_length=300,
                required=False,
                initial=mark.get("remark", ""),
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def clean(self):
        cleaned = super().clean()
        self.missing = [m for m in self.members if not cleaned.get(f"status_{m.pk}")]
        if self.missing:
            names = ", ".join(m.full_name for m in self.missing)
            self.add_error(
                None,
                ngettext(
                    "Still to mark: %(count)d member (%(names)s). Choose a status, or mark "
                    "the rest present or absent with the buttons above the list.",
                    "Still to mark: %(count)d members (%(names)s). Choose their status, or "
                    "mark the rest present or absent with the buttons above the list.",
                    len(self.missing),
                )
                % {"count": len(self.missing), "names": names},
            )
        return cleaned

    def rows(self):
        missing = {m.pk for m in self.missing}
        return [
            (member, self[f"status_{member.pk}"], self[f"remark_{member.pk}"], member.pk in missing)
            for member in self.members
        ]

    def entries(self) -> dict[int, dict]:
        return {
            member.pk: {
                "status": self.cleaned_data[f"status_{member.pk}"],
                "remark": self.cleaned_data[f"remark_{member.pk}"],
            }
            for member in self.members
        }

    def counts(self) -> str:
        """ "10 present, 1 late, 1 absent": what was saved, in the order of the statuses."""
        statuses = [self.cleaned_data[f"status_{m.pk}"] for m in self.members]
        return ", ".join(
            f"{statuses.count(value)} {label.lower()}"
            for value, label in AttendanceStatus.choices
            if statuses.count(value)
        )


def _limit(field: str) -> int:
    return WorkForm._meta.get_field(field).max_length


class WorkFormForm(IdempotentFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=_limit("purpose_nl"),
    )
    steps = forms.CharField(
        label=_("Steps"), widget=forms.Textarea(attrs={"rows": 5}), max_length=_limit("steps_nl")
    )
    roles = forms.CharField(label=_("Roles"), required=False, max_length=_limit("roles_nl"))
    materials = forms.CharField(
        label=_("Materials"), required=False, max_length=_limit("materials_nl")
    )
    min_group = forms.IntegerField(label=_("Minimum group size"), min_value=2, max_value=15)
    max_group = forms.IntegerField(label=_("Maximum group size"), min_value=2, max_value=15)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=480)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_group"), cleaned.get("max_group")
        if low and high and low > high:
            self.add_error("max_group", _("The maximum cannot be below the minimum."))
        return cleaned


class WorkFormFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=80, widget=forms.SearchInput()
    )
    group_size = forms.IntegerField(
        label=_("Group size"), required=False, min_value=2, max_value=15
    )
    max_minutes = forms.IntegerField(
        label=_("At most (minutes)"), required=False, min_value=5, max_value=480
    )


class CancelSessionForm(forms.Form):
    """The reason on the cancel confirmation page; it goes into the members' email."""

    reason = forms.CharField(
        label=_("Reason (goes into the email to the members)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("For example: the speaker is ill; we will plan a new date."),
    )


class AddToAgendaForm(IdempotentFormMixin, forms.Form):
    """ "Add to the agenda of" on a work form's page: one of the facilitator's upcoming sessions."""

    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=LearningSession.objects.none(),
        error_messages={"invalid_choice": _("Choose one of your upcoming sessions.")},
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda session: (
            f"{session.network.name} — {session.number}. {session.title} "
            f"({date_format(localtime(session.starts_at), 'SHORT_DATE_FORMAT')})"
        )


class AnnouncementSessionField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number}. {obj.title} ({date_format(localtime(obj.starts_at), 'DATE_FORMAT')})"


class AnnouncementForm(IdempotentFormMixin, forms.Form):
    """A facilitator's message to the group: to whom, subject and text (Markdown)."""

    audience = forms.ChoiceField(
        label=_("To whom"),
        choices=AnnouncementAudience.choices,
        initial=AnnouncementAudience.ALL,
        widget=forms.RadioSelect,
    )
    session = AnnouncementSessionField(
        label=_("Session"),
        queryset=LearningSession.objects.none(),
        required=False,
        empty_label=_("Choose a session"),
        help_text=_("Only for the members present at or absent from a session: by its attendance."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=ANNOUNCEMENT_SUBJECT_MAX)
    body = forms.CharField(
        label=_("Message"),
        max_length=ANNOUNCEMENT_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = gettext(
            "At most %(limit)d characters. Plain text: a blank line starts a new paragraph; "
            "*italic*, **bold**, lists with - and links work."
        ) % {"limit": ANNOUNCEMENT_BODY_MAX}
        if sessions is not None:
            self.fields["session"].queryset = sessions

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == AnnouncementAudience.ALL:
            cleaned["session"] = None
        elif audience and not cleaned.get("session") and "session" not in self.errors:
            self.add_error("session", _("Choose the session whose members the message is for."))
        return cleaned
