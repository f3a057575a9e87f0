"""Strings of allauth and Django whose own Dutch is formal ("u", "uw", "a.u.b."), listed so that
``makemessages`` keeps them in our catalogue, where our informal Dutch wins (LOCALE_PATHS is
searched before the packages' catalogues; tests/accounts/test_informal_dutch.py checks the pages).
Nothing imports this module: it exists for the extraction only. Copy each msgid exactly as the
package writes it (curly apostrophes and line breaks included).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

STRINGS = (
    gettext_noop(
        "We have sent you an email. If you have not received it please check "
        "your spam folder. Otherwise contact us if you do not receive it in a "
        "few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link "
        "provided to finalize the signup process. If you do not see the "
        "verification email in your main inbox, check your spam folder. Please "
        "contact us if you do not receive the verification email within a few "
        "minutes."
    ),
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the "
        "link inside that email. If you do not see the verification email in "
        "your main inbox, check your spam folder. Otherwise\ncontact us if you "
        "do not receive it within a few minutes."
    ),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop("Your password can’t be entirely numeric."),
    # allauth.mfa: the second step of signing in
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an "
        "authenticator code:"
    ),
)

PLURALS = (
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)
