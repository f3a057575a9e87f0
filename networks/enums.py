from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for members")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class Scope(models.TextChoices):
    INTERNAL = "internal", _("Internal: within one organisation")
    EXTERNAL = "external", _("External: across organisations")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("On location")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WAITLISTED = "waitlisted", _("On the waitlist")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class NetworkEmailKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation to the network")
    JOIN_REQUEST = "join_request", _("Request to join (to the facilitators)")
    JOIN_DECISION = "join_decision", _("Answer to a request to join")
    PROMOTION = "promotion", _("Seat from the waitlist")
    INVITATION_ACCEPTED = "invite_accepted", _("Invitation accepted (to the facilitators)")


class WaitlistReason(models.TextChoices):
    NONE = "", _("Not on the waitlist")
    FULL = "full", _("The network is full.")
    ORGANISATION = "organisation", _("This network keeps seats for other organisations.")


class Province(models.TextChoices):
    """Where an on-site or hybrid network meets, for the public directory's region filter: the
    ten Belgian provinces and Brussels. An online network has none."""

    ANTWERP = "antwerp", _("Antwerp")
    EAST_FLANDERS = "east_flanders", _("East Flanders")
    FLEMISH_BRABANT = "flemish_brabant", _("Flemish Brabant")
    LIMBURG = "limburg", _("Limburg")
    WEST_FLANDERS = "west_flanders", _("West Flanders")
    BRUSSELS = "brussels", _("Brussels")
    HAINAUT = "hainaut", _("Hainaut")
    LIEGE = "liege", _("Liège")
    LUXEMBOURG = "luxembourg", _("Luxembourg")
    NAMUR = "namur", _("Namur")
    WALLOON_BRABANT = "walloon_brabant", _("Walloon Brabant")
