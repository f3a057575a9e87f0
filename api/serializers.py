"""What the API shows: explicit fields only, never a model's all. Free text a member wrote
(RSVP apologies, contributions, open answers, comments) is not among them: what a facilitator or
the group may read of it stays on the pages. Dates and times are ISO 8601 in UTC."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sessions.enums import RsvpAnswer


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know (a typo must not be silently ignored)."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Send a JSON object.")]}, code="invalid"
            )
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: [_("This field is not known.")] for name in unknown}, code="unknown_field"
            )
        return super().to_internal_value(data)


class UtcDateTimeField(serializers.DateTimeField):
    def __init__(self, **kwargs):
        from datetime import UTC  # noqa: PLC0415 (lazy)

        super().__init__(default_timezone=UTC, **kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        from datetime import UTC  # noqa: PLC0415 (lazy)

        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    organisation = OrganisationRefSerializer(allow_null=True)
    email = serializers.EmailField(required=False, help_text="Only with the scope 'email'.")


class PublicNetworkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    theme = serializers.CharField()
    goal = serializers.CharField()
    participant_role = serializers.CharField()
    meeting_format = serializers.CharField()
    province = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    member_cap = serializers.IntegerField()
    member_count = serializers.IntegerField()
    language = serializers.CharField()
    organisation = OrganisationRefSerializer(allow_null=True)
    facilitators = serializers.ListField(child=serializers.CharField())


class NetworkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    theme = serializers.CharField()
    status = serializers.CharField()
    scope = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    member_cap = serializers.IntegerField()
    member_count = serializers.IntegerField()
    language = serializers.CharField()
    organisation = OrganisationRefSerializer(allow_null=True)
    your_role = serializers.CharField(allow_null=True)


class MemberSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    organisation = OrganisationRefSerializer(allow_null=True)
    joined_at = UtcDateTimeField(allow_null=True)
    email = serializers.EmailField(
        required=False, help_text="Only with the scope 'members:contact'."
    )


class AgendaItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    work_form = serializers.CharField(allow_null=True)


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network_id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    starts_at = UtcDateTimeField()
    ends_at = UtcDateTimeField()
    location = serializers.CharField()
    online_url = serializers.CharField()


class SessionDetailSerializer(SessionSerializer):
    description = serializers.CharField()
    agenda = AgendaItemSerializer(many=True)
    rsvp_open = serializers.BooleanField()
    your_rsvp = serializers.CharField(allow_null=True)


class RsvpInSerializer(StrictSerializer):
    answer = serializers.ChoiceField(choices=RsvpAnswer.choices)
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="The version of your answer you saw: refused (409) when it changed since.",
    )


class RsvpSerializer(serializers.Serializer):
    session_id = serializers.IntegerField()
    answer = serializers.CharField()
    version = serializers.IntegerField()
    updated_at = UtcDateTimeField()


class AttendanceSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    full_name = serializers.CharField()
    status = serializers.CharField(allow_null=True)


class MinutesVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = UtcDateTimeField()
    pdf_url = serializers.CharField()


class QuestionnaireSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network_id = serializers.IntegerField()
    session_id = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField()
    title = serializers.CharField()
    anonymous = serializers.BooleanField()
    opens_at = UtcDateTimeField()
    closes_at = UtcDateTimeField()
    results_shared = serializers.BooleanField()


class BarSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.CharField()
    type = serializers.CharField()
    answered = serializers.IntegerField()
    hidden = serializers.BooleanField(help_text="Fewer answers than the anonymity threshold.")
    distribution = BarSerializer(many=True, required=False)
    mean = serializers.FloatField(required=False, allow_null=True)


class ResultsSerializer(serializers.Serializer):
    questionnaire_id = serializers.IntegerField()
    count = serializers.IntegerField()
    eligible = serializers.IntegerField()
    rate = serializers.IntegerField(allow_null=True)
    hidden = serializers.BooleanField(help_text="Fewer answers than the anonymity threshold.")
    questions = QuestionResultSerializer(many=True)


class ParticipationRowSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    full_name = serializers.CharField()
    network_id = serializers.IntegerField()
    network = serializers.CharField()
    sessions_attended = serializers.IntegerField()
    sessions_held = serializers.IntegerField()
    hours = serializers.FloatField()


class OthersSerializer(serializers.Serializer):
    shown = serializers.BooleanField()
    people = serializers.IntegerField(allow_null=True)
    sessions = serializers.IntegerField(allow_null=True)
    hours = serializers.FloatField(allow_null=True)


class ParticipationSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    rows = ParticipationRowSerializer(many=True)
    others = OthersSerializer()
    threshold = serializers.IntegerField()


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
