"""Signal receivers of the accounts app: each calls users.signin and nothing else."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import signin


@receiver(user_logged_in, dispatch_uid="users.note_second_factor_at_login")
def note_second_factor_at_login(sender, request, user, **kwargs):
    signin.note_second_factor_at_login(request, user)
    signin.password_failures_clear(email=user.email)
