"""allauth's account adapter, with the platform's sign-in rules (see users.signin)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages

from . import signin


class AccountAdapter(DefaultAccountAdapter):
    def authentication_failed(self, request, **credentials):
        """Count a wrong password against the account it was tried for."""
        super().authentication_failed(request, **credentials)
        signin.password_failure_record(email=credentials.get("email", ""))

    def is_login_by_code_required(self, login) -> bool:
        """After repeated wrong passwords for an account, a right one also needs an emailed code."""
        if super().is_login_by_code_required(login):
            return True
        if signin.signed_in_by_code(self.request, login.user):
            return False  # the emailed code is what the rule asks for
        email = login.email or (login.user.email if login.user else "")
        if not signin.needs_code_after_failures(email=email):
            return False
        if self.request is not None:
            messages.info(
                self.request,
                "There have been several wrong passwords for this account, so we have also "
                "emailed you a sign-in code. Enter it to finish signing in.",
            )
        return True
