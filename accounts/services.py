from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from accounts.models import AccountEmail, User
from core import outbox


def user_update_profile(*, acting_user: User, data: dict) -> User:
    """Save the editable profile fields of ``acting_user``'s own profile."""
    fields = ["full_name", "organisation", "job_function", "language"]
    for field in fields:
        setattr(acting_user, field, data[field])
    acting_user.full_clean()
    acting_user.save(update_fields=fields)
    return acting_user


def user_set_language(*, acting_user: User, language: str) -> None:
    """Remember the language ``acting_user`` chose for themselves."""
    if acting_user.language != language:
        acting_user.language = language
        acting_user.save(update_fields=["language"])


def account_email_queue(
    *, template_prefix: str, message: EmailMultiAlternatives, user: User | None
) -> AccountEmail:
    """Store one rendered allauth email (``message`` has one recipient) as an outbox row and send
    it after commit (core/outbox.py)."""
    html = next(
        (content for content, mimetype in message.alternatives if mimetype == "text/html"), ""
    )
    with transaction.atomic():
        row = AccountEmail.objects.create(
            template_prefix=template_prefix[:100],
            user=user,
            to_email=message.to[0],
            subject=str(message.subject)[:300],
            text_body=message.body,
            html_body=html,
        )
        outbox.enqueue(row)
    return row
