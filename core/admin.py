"""Outbox messages for system administrators: what was sent, and what the outbox gave up on."""

from django.contrib import admin, messages
from django.db.models import Q

from .models import OutboxMessage
from .outbox import outbox_retry


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    # Read-only, and never the body: it may hold a sign-in code or a password reset link.
    list_display = [
        "created_at",
        "kind",
        "recipients",
        "subject",
        "state",
        "attempts",
        "short_error",
        "failed_at",
    ]
    list_filter = ["state", "kind"]
    search_fields = ["id"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    fields = [
        "id",
        "kind",
        "state",
        "recipients",
        "subject",
        "created_at",
        "attempts",
        "next_attempt_at",
        "last_error",
        "claimed_at",
        "claim_expires_at",
        "delivery_id",
        "delivered_at",
        "failed_at",
    ]
    readonly_fields = fields
    actions = ["try_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="To")
    def recipients(self, message):
        payload = message.payload or {}
        return ", ".join([*payload.get("to", []), *payload.get("cc", []), *payload.get("bcc", [])])

    @admin.display(description="Subject")
    def subject(self, message):
        return (message.payload or {}).get("subject", "")

    @admin.display(description="Last error")
    def short_error(self, message):
        return message.last_error[:120]

    @admin.action(description="Try again")
    def try_again(self, request, queryset):
        skipped = queryset.filter(~Q(state=OutboxMessage.State.FAILED)).count()
        count = outbox_retry(message_ids=list(queryset.values_list("pk", flat=True)))
        if count:
            self.message_user(
                request,
                f"{count} message{'s' if count != 1 else ''} will be tried again now.",
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                f"{skipped} message{'s' if skipped != 1 else ''} left alone: "
                "only messages the outbox gave up on can be tried again.",
                messages.WARNING,
            )
