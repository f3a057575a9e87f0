from accounts.models import User


def user_update_profile(*, user: User, data: dict) -> User:
    """Save the editable profile fields of ``user``."""
    fields = ["full_name", "organisation", "job_function", "language"]
    for field in fields:
        setattr(user, field, data[field])
    user.full_clean()
    user.save(update_fields=fields)
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
