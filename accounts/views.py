from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.enums import Language
from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.services import user_delete_account, user_set_language, user_update_profile
from core.errors import ApplicationError


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(acting_user=request.user, data=form.cleaned_data)
        translation.activate(request.user.language)  # answer in the language just chosen
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request):
    """Django's set_language, which also remembers the choice on a signed-in user's profile."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in Language.values:
        user_set_language(acting_user=request.user, language=language)
    return django_set_language(request)


@login_required
def delete_account(request):
    """Say what deleting the account does, ask the password, then anonymise and sign out."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_delete_account(acting_user=request.user, password=form.cleaned_data["password"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your account has been deleted. We sent a confirmation to your old email "
                    "address. Thank you for learning with us."
                ),
            )
            return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})
