"""The round forms ask each question they share with stories.rounds.services in its words."""

import pytest

from stories.rounds import services
from stories.rounds.forms import ReopenForm, RoundForm, SelectionForm


@pytest.mark.parametrize(
    ("form", "field", "code", "words"),
    [
        (RoundForm, "title", "required", services.TITLE_MISSING),
        (RoundForm, "scope", "required", services.SCOPE_NOT_LISTED),
        (RoundForm, "scope", "invalid_choice", services.SCOPE_NOT_LISTED),
        (SelectionForm, "reason", "required", services.CHOICE_REASON_MISSING),
        (ReopenForm, "reason", "required", services.REOPEN_REASON_MISSING),
    ],
)
def test_a_round_form_asks_in_the_services_words(form, field, code, words):
    assert form.base_fields[field].error_messages[code] == words
